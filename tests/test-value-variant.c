/* test-value-variant.c: conversion to and from GVariant
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <string.h>
#include <sys/mman.h>

#include <rdx.h>

#include "rdx-value-private.h"
#include "rdx-test.h"

/* Every test must free everything it made. The count is compared with the
 * one the test started with (0 in a passing run), so that a failing test,
 * which leaks when cmocka jumps out of it, does not fail every later one. */
#define leak_checked_test(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

static void
assert_contains (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    fail_msg ("\"%s\" does not contain \"%s\"", haystack, needle);
}

/* Converts @value (taken) and checks the variant's type and printed form
 * (as g_variant_print() writes it, with type annotations). */
static void
assert_variant_take (RdxValue *value, const char *type, const char *printed)
{
  g_autoptr (GVariant) variant = rdx_value_to_variant (value);
  g_autofree char *text = NULL;

  assert_string_equal (g_variant_get_type_string (variant), type);
  text = g_variant_print (variant, TRUE);
  assert_string_equal (text, printed);
  rdx_value_unref (value);
}

/* Converts @variant (floating or not; consumed if floating), which must
 * succeed, to a value. */
static RdxValue *
from_variant_ok (GVariant *variant)
{
  g_autoptr (GError) error = NULL;
  RdxValue *value = rdx_value_from_variant (variant, &error);

  if (value == NULL)
    fail_msg ("conversion failed: %s", error->message);
  return value;
}

/* Asserts that @variant (floating, consumed) is read as the value @json. */
static void
assert_reads_as (GVariant *variant, const char *json)
{
  g_autoptr (RdxValue) value = from_variant_ok (variant);
  g_autofree char *text = rdx_value_to_json (value);

  assert_string_equal (text, json);
}

/* Asserts that @variant (floating, consumed) is refused with @code, with a
 * message containing @in_message. */
static void
assert_variant_refused (GVariant *variant, RdxValueError code, const char *in_message)
{
  g_autoptr (GError) error = NULL;
  RdxValue *value = rdx_value_from_variant (variant, &error);

  assert_null (value);
  assert_true (error != NULL && error->domain == RDX_VALUE_ERROR);
  if (error->code != (int) code)
    fail_msg ("expected error %d, got %d (%s)", code, error->code, error->message);
  assert_contains (error->message, in_message);
}

/* Output */

static void
test_variant_scalars_out (void **state)
{
  assert_variant_take (rdx_value_new_null (), "mv", "@mv nothing");
  assert_variant_take (rdx_value_new_bool (TRUE), "b", "true");
  assert_variant_take (rdx_value_new_bool (FALSE), "b", "false");
  assert_variant_take (rdx_value_new_int (-5), "x", "int64 -5");
  assert_variant_take (rdx_value_new_int (G_MAXINT64), "x", "int64 9223372036854775807");
  assert_variant_take (rdx_value_new_double (0.5), "d", "0.5");
  assert_variant_take (rdx_value_new_string ("caf\xc3\xa9"), "s", "'caf\xc3\xa9'");
}

static void
test_variant_containers_out (void **state)
{
  g_autoptr (RdxValue) map = NULL;
  g_autoptr (GVariant) variant = NULL;
  g_autoptr (GVariant) first = NULL;
  g_autoptr (GVariant) second = NULL;
  g_autoptr (GVariant) boxed = NULL;
  const char *key;

  assert_variant_take (rdx_list_new (), "av", "@av []");
  assert_variant_take (rdx_map_new (), "a{sv}", "@a{sv} {}");
  assert_variant_take (rdx_list_new_take (rdx_value_new_int (1), rdx_value_new_null (),
                                          rdx_list_new_take (rdx_value_new_string ("x"), NULL),
                                          NULL),
                       "av", "[<int64 1>, <@mv nothing>, <[<'x'>]>]");

  /* Map entries come in key order, whatever the order of insertion. */
  map = rdx_map_new_take ("b", rdx_value_new_int (2), "a", rdx_value_new_string ("x"), NULL);
  variant = g_variant_ref_sink (rdx_value_to_variant (map));
  assert_string_equal (g_variant_get_type_string (variant), "a{sv}");
  assert_int_equal (g_variant_n_children (variant), 2);
  first = g_variant_get_child_value (variant, 0);
  second = g_variant_get_child_value (variant, 1);
  g_variant_get (first, "{&sv}", &key, &boxed);
  assert_string_equal (key, "a");
  assert_string_equal (g_variant_get_string (boxed, NULL), "x");
  g_clear_pointer (&boxed, g_variant_unref);
  g_variant_get (second, "{&sv}", &key, &boxed);
  assert_string_equal (key, "b");
  assert_true (g_variant_get_int64 (boxed) == 2);
}

static void
test_variant_floating (void **state)
{
  g_autoptr (RdxValue) map = rdx_map_new_take ("a", rdx_value_new_int (1), NULL);
  g_autoptr (RdxValue) scalar = rdx_value_new_int (1);
  GVariant *variant;

  /* Like g_variant_new(): the caller sinks (or passes on) the result. */
  variant = rdx_value_to_variant (map);
  assert_true (g_variant_is_floating (variant));
  g_variant_unref (g_variant_ref_sink (variant));

  variant = rdx_value_to_variant (scalar);
  assert_true (g_variant_is_floating (variant));
  g_variant_unref (g_variant_ref_sink (variant));

  /* A floating reference passed on is consumed (valgrind checks there is
   * no leak); a strong one is left to the caller. */
  rdx_value_unref (from_variant_ok (rdx_value_to_variant (map)));

  variant = g_variant_ref_sink (g_variant_new_int32 (3));
  rdx_value_unref (from_variant_ok (variant));
  assert_false (g_variant_is_floating (variant));
  assert_int_equal (g_variant_get_int32 (variant), 3);
  g_variant_unref (variant);
}

/* Input */

static void
test_variant_scalars_in (void **state)
{
  assert_reads_as (g_variant_new_boolean (TRUE), "true");
  assert_reads_as (g_variant_new_byte (255), "255");
  assert_reads_as (g_variant_new_int16 (G_MININT16), "-32768");
  assert_reads_as (g_variant_new_uint16 (G_MAXUINT16), "65535");
  assert_reads_as (g_variant_new_int32 (G_MININT32), "-2147483648");
  assert_reads_as (g_variant_new_uint32 (G_MAXUINT32), "4294967295");
  assert_reads_as (g_variant_new_int64 (G_MININT64), "-9223372036854775808");
  assert_reads_as (g_variant_new_uint64 (G_MAXINT64), "9223372036854775807");
  assert_reads_as (g_variant_new_double (-2.5), "-2.5");
  assert_reads_as (g_variant_new_string ("a\"\xc3\xa9"), "\"a\\\"\xc3\xa9\"");
  assert_reads_as (g_variant_new_object_path ("/org/example/Rdx"), "\"/org/example/Rdx\"");
  assert_reads_as (g_variant_new_signature ("a{sv}"), "\"a{sv}\"");
}

static void
test_variant_boxes_and_maybes (void **state)
{
  assert_reads_as (g_variant_new_variant (g_variant_new_int32 (5)), "5");
  assert_reads_as (g_variant_new_variant (g_variant_new_variant (g_variant_new_string ("x"))),
                   "\"x\"");
  assert_reads_as (g_variant_new_maybe (G_VARIANT_TYPE_INT32, NULL), "null");
  assert_reads_as (g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL), "null");
  assert_reads_as (g_variant_new_maybe (NULL, g_variant_new_int32 (3)), "3");
  assert_reads_as (g_variant_new_parsed ("@mmi just nothing"), "null");
  assert_reads_as (g_variant_new_parsed ("@mmi just just 7"), "7");
  assert_reads_as (g_variant_new_parsed ("@mas ['a', 'b']"), "[\"a\",\"b\"]");
}

static void
test_variant_arrays_in (void **state)
{
  static const guint8 bytes[] = { 0, 97, 255 };

  assert_reads_as (g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, bytes, 3, 1), "[0,97,255]");
  assert_reads_as (g_variant_new_parsed ("@ay []"), "[]");
  assert_reads_as (g_variant_new_parsed ("@ai [1, -2, 3]"), "[1,-2,3]");
  assert_reads_as (g_variant_new_parsed ("@as []"), "[]");
  assert_reads_as (g_variant_new_parsed ("[['a'], ['b', 'c']]"), "[[\"a\"],[\"b\",\"c\"]]");
  assert_reads_as (g_variant_new_parsed ("@aay [[1], []]"), "[[1],[]]");
  assert_reads_as (g_variant_new_parsed ("(1, 'x', true, @mi nothing)"), "[1,\"x\",true,null]");
  assert_reads_as (g_variant_new_parsed ("()"), "[]");
  assert_reads_as (g_variant_new_parsed ("[(1, 2.5)]"), "[[1,2.5]]");
}

static void
test_variant_dictionaries_in (void **state)
{
  assert_reads_as (g_variant_new_parsed ("{'b': <1>, 'a': <'x'>}"), "{\"a\":\"x\",\"b\":1}");
  assert_reads_as (g_variant_new_parsed ("@a{sv} {}"), "{}");
  assert_reads_as (g_variant_new_parsed ("{'k': 'v'}"), "{\"k\":\"v\"}");
  assert_reads_as (g_variant_new_parsed ("{objectpath '/a': 1}"), "{\"/a\":1}");
  assert_reads_as (g_variant_new_parsed ("{signature 'as': 1}"), "{\"as\":1}");
  assert_reads_as (g_variant_new_parsed ("{'m': <{'n': <[<@mv nothing>]>}>}"),
                   "{\"m\":{\"n\":[null]}}");
}

static void
test_variant_round_trip (void **state)
{
  g_autoptr (RdxValue) value = NULL;
  g_autoptr (RdxValue) back = NULL;
  g_autoptr (RdxValue) from_bytes = NULL;
  g_autoptr (GVariant) variant = NULL;
  g_autoptr (GVariant) serialised = NULL;
  g_autoptr (GBytes) data = NULL;

  value = rdx_map_new_take (
    "accounts",
    rdx_map_new_take ("acc-1",
                      rdx_map_new_take ("balance", rdx_value_new_int (-125050), "name",
                                        rdx_value_new_string ("Caf\xc3\xa9"), NULL),
                      NULL),
    "list",
    rdx_list_new_take (rdx_value_new_null (), rdx_value_new_bool (TRUE),
                       rdx_value_new_int (G_MININT64), rdx_value_new_int (G_MAXINT64),
                       rdx_value_new_double (0.1), rdx_value_new_double (-1e300), rdx_list_new (),
                       rdx_map_new (), rdx_map_new_take ("", rdx_value_new_null (), NULL), NULL),
    "a/b~c", rdx_value_new_string (""), NULL);

  variant = g_variant_ref_sink (rdx_value_to_variant (value));
  back = from_variant_ok (variant);
  assert_true (rdx_value_equal (value, back));

  /* The same through the serialised form, as D-Bus would carry it. */
  data = g_variant_get_data_as_bytes (variant);
  serialised =
    g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("a{sv}"), data, FALSE));
  from_bytes = from_variant_ok (serialised);
  assert_true (rdx_value_equal (value, from_bytes));
}

/* Refusals */

static void
test_variant_errors (void **state)
{
  GVariantBuilder builder;

  assert_variant_refused (g_variant_new_uint64 ((guint64) G_MAXINT64 + 1),
                          RDX_VALUE_ERROR_OUT_OF_RANGE, "9223372036854775808");
  assert_variant_refused (g_variant_new_uint64 (G_MAXUINT64), RDX_VALUE_ERROR_OUT_OF_RANGE,
                          "at the root");
  assert_variant_refused (g_variant_new_handle (0), RDX_VALUE_ERROR_UNSUPPORTED, "'h'");
  assert_variant_refused (g_variant_new_double (INFINITY), RDX_VALUE_ERROR_OUT_OF_RANGE, "finite");
  assert_variant_refused (g_variant_new_double (-INFINITY), RDX_VALUE_ERROR_OUT_OF_RANGE, "finite");
  assert_variant_refused (g_variant_new_double (NAN), RDX_VALUE_ERROR_OUT_OF_RANGE, "finite");
  assert_variant_refused (g_variant_new_parsed ("{1: 'a'}"), RDX_VALUE_ERROR_UNSUPPORTED, "a{is}");
  assert_variant_refused (g_variant_new_parsed ("@a{yv} {}"), RDX_VALUE_ERROR_UNSUPPORTED, "a{yv}");
  assert_variant_refused (g_variant_new_parsed ("{'a', 1}"), RDX_VALUE_ERROR_UNSUPPORTED, "{si}");
  assert_variant_refused (g_variant_new_parsed ("({'a', 1},)"), RDX_VALUE_ERROR_UNSUPPORTED,
                          "at /0: a dictionary entry of type '{si}'");

  /* A dictionary may hold a key twice; a map can not. */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  g_variant_builder_add (&builder, "{si}", "a", 1);
  g_variant_builder_add (&builder, "{si}", "b", 2);
  g_variant_builder_add (&builder, "{si}", "a", 3);
  assert_variant_refused (g_variant_builder_end (&builder), RDX_VALUE_ERROR_DUPLICATE_KEY, "\"a\"");

  /* A NULL GError is allowed. */
  assert_null (rdx_value_from_variant (g_variant_new_handle (1), NULL));
  assert_null (
    rdx_value_from_variant (g_variant_new_parsed ("[<1>, <@t 18446744073709551615>]"), NULL));

  /* Errors name the path of what could not be converted. */
  assert_variant_refused (g_variant_new_parsed ("{'a/b': <[<1>, <handle 0>]>}"),
                          RDX_VALUE_ERROR_UNSUPPORTED, "at /a~1b/1:");
  assert_variant_refused (g_variant_new_parsed ("[(1, @t 18446744073709551615)]"),
                          RDX_VALUE_ERROR_OUT_OF_RANGE, "at /0/1:");
}

static GVariant *
nested_lists (guint depth)
{
  GVariant *variant = g_variant_new_int32 (1);
  guint     i;

  for (i = 0; i < depth; i++)
    variant = g_variant_new_array (G_VARIANT_TYPE_VARIANT,
                                   (GVariant *[]){ g_variant_new_variant (variant) }, 1);
  return variant;
}

static void
test_variant_depth (void **state)
{
  GVariant *variant;
  guint     i;

  /* RDX_VALUE_MAX_DEPTH levels of lists are fine, one more is not. */
  rdx_value_unref (from_variant_ok (nested_lists (RDX_VALUE_MAX_DEPTH)));
  assert_variant_refused (nested_lists (RDX_VALUE_MAX_DEPTH + 1), RDX_VALUE_ERROR_TOO_DEEP,
                          "levels");

  /* Boxes add no level, however many there are. */
  variant = g_variant_new_int32 (9);
  for (i = 0; i < 10000; i++)
    variant = g_variant_new_variant (variant);
  assert_reads_as (variant, "9");
}

static void
free_mapping (gpointer data)
{
  munmap (data, RDX_VALUE_MAX_INPUT + 1);
}

static void
test_variant_size_limit (void **state)
{
  gsize    size = (gsize) RDX_VALUE_MAX_INPUT + 1;
  gpointer data;
  GBytes  *bytes;

  /* An untouched anonymous mapping reads as zeros and costs no memory, so
   * the test can make a variant just over the limit cheaply. */
  data = mmap (NULL, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED)
    skip ();
  bytes = g_bytes_new_with_free_func (data, size, free_mapping, data);
  assert_variant_refused (g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE),
                          RDX_VALUE_ERROR_TOO_LARGE, "bytes");
  g_bytes_unref (bytes);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    leak_checked_test (test_variant_scalars_out),
    leak_checked_test (test_variant_containers_out),
    leak_checked_test (test_variant_floating),
    leak_checked_test (test_variant_scalars_in),
    leak_checked_test (test_variant_boxes_and_maybes),
    leak_checked_test (test_variant_arrays_in),
    leak_checked_test (test_variant_dictionaries_in),
    leak_checked_test (test_variant_round_trip),
    leak_checked_test (test_variant_errors),
    leak_checked_test (test_variant_depth),
    leak_checked_test (test_variant_size_limit),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}
