/* test-value-json.c: canonical JSON output, the strict parser, JsonNode
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <string.h>

#include <rdx.h>

#include "rdx-value-private.h"
#include "rdx-test.h"

/* Every test must free everything it made. The count is compared with the
 * one the test started with (0 in a passing run), so that a failing test,
 * which leaks when cmocka jumps out of it, does not fail every later one. */
#define leak_checked_test(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

/* Asserts that @value (taken) is written as exactly @expected. */
static void
assert_json_take (RdxValue *value, const char *expected)
{
  g_autofree char *json = NULL;

  assert_non_null (value);
  json = rdx_value_to_json (value);
  assert_string_equal (json, expected);
  rdx_value_unref (value);
}

/* Parses @json, which must be valid. */
static RdxValue *
parse_ok (const char *json)
{
  g_autoptr (GError) error = NULL;
  RdxValue *value = rdx_value_from_json (json, -1, &error);

  if (value == NULL)
    fail_msg ("parsing %s failed: %s", json, error->message);
  return value;
}

/* Asserts that @json is written back as @expected. */
static void
assert_rewritten (const char *json, const char *expected)
{
  assert_json_take (parse_ok (json), expected);
}

/* Asserts that @length bytes of @json are refused with @code and a message
 * that names the line and the column. */
static void
assert_refused_len (const char *json, gssize length, RdxValueError code)
{
  g_autoptr (GError) error = NULL;
  RdxValue *value = rdx_value_from_json (json, length, &error);

  if (value != NULL)
    {
      g_autofree char *text = rdx_value_to_json (value);

      rdx_value_unref (value);
      fail_msg ("%s was accepted as %s", json, text);
    }
  assert_non_null (error);
  assert_true (error->domain == RDX_VALUE_ERROR);
  if (error->code != (int) code)
    fail_msg ("%s: expected error %d, got %d (%s)", json, code, error->code, error->message);
  assert_non_null (strstr (error->message, "line "));
  assert_non_null (strstr (error->message, ", column "));
}

static void
assert_refused (const char *json, RdxValueError code)
{
  assert_refused_len (json, -1, code);
}

/* Returns the error message for @json, which must be refused with @code. */
static char *
refusal_message (const char *json, gssize length, RdxValueError code)
{
  g_autoptr (GError) error = NULL;
  RdxValue *value = rdx_value_from_json (json, length, &error);

  assert_null (value);
  assert_true (g_error_matches (error, RDX_VALUE_ERROR, (int) code));
  return g_strdup (error->message);
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    fail_msg ("\"%s\" does not contain \"%s\"", haystack, needle);
}

/* Output */

static void
test_json_scalars (void **state)
{
  assert_json_take (rdx_value_new_null (), "null");
  assert_json_take (rdx_value_new_bool (TRUE), "true");
  assert_json_take (rdx_value_new_bool (FALSE), "false");
  assert_json_take (rdx_value_new_int (0), "0");
  assert_json_take (rdx_value_new_int (42), "42");
  assert_json_take (rdx_value_new_int (-7), "-7");
  assert_json_take (rdx_value_new_int (G_MAXINT64), "9223372036854775807");
  assert_json_take (rdx_value_new_int (G_MININT64), "-9223372036854775808");
  assert_json_take (rdx_value_new_int (RDX_TAGGED_MAX + 1), "2305843009213693952");
  assert_json_take (rdx_value_new_int (RDX_TAGGED_MIN - 1), "-2305843009213693953");
  assert_json_take (rdx_value_new_string (""), "\"\"");
  assert_json_take (rdx_value_new_string ("hello"), "\"hello\"");
}

static void
test_json_string_escapes (void **state)
{
  /* The two characters JSON requires escaping, the short escapes, other
   * control characters as \u00XX in lowercase, and everything else raw:
   * '/', U+007F, 'é' and an emoji outside the BMP. */
  assert_json_take (rdx_value_new_string ("q\" b\\ s/ \b\f\n\r\t \x01\x1f \x7f \xc3\xa9 "
                                          "\xf0\x9f\x98\x80"),
                    "\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t \\u0001\\u001f \x7f \xc3\xa9 "
                    "\xf0\x9f\x98\x80\"");
  assert_json_take (rdx_value_new_string ("\x0b\x1b"), "\"\\u000b\\u001b\"");
}

static void
test_json_doubles (void **state)
{
  const struct
  {
    double      v;
    const char *json;
  } cases[] = {
    { 0.1, "0.1" },
    { 1.0, "1.0" },
    { 0.0, "0.0" },
    { -0.0, "0.0" }, /* values hold no negative zero */
    { 100.0, "100.0" },
    { -3.0, "-3.0" },
    { 1e300, "1e+300" },
    { -2.5e-7, "-2.5e-07" },
    { 123456789.125, "123456789.125" },
    { 1e15, "1e+15" },
    { 1.0 / 3.0, "0.3333333333333333" },        /* needs %.16g */
    { 0.1 + 0.2, "0.30000000000000004" },       /* needs %.17g */
    { G_MAXDOUBLE, "1.7976931348623157e+308" }, /* %.15g reads back as inf */
    { 4.9406564584124654e-324, "4.94065645841247e-324" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (RdxValue) back = NULL;

      assert_json_take (rdx_value_new_double (cases[i].v), cases[i].json);

      /* The text reads back as a double, and as the same one. */
      back = parse_ok (cases[i].json);
      assert_int_equal (rdx_value_get_kind (back), RDX_VALUE_DOUBLE);
      assert_true (rdx_value_get_double (back) == cases[i].v);
    }
}

static void
test_json_containers (void **state)
{
  g_autoptr (RdxValue) inner =
    rdx_list_new_take (rdx_value_new_int (2), rdx_value_new_int (3), NULL);
  RdxValue *list = rdx_list_new_take (rdx_value_new_int (1), rdx_value_ref (inner),
                                      rdx_map_new_take ("a", rdx_value_new_null (), NULL),
                                      rdx_list_new (), rdx_map_new (), NULL);

  assert_json_take (rdx_list_new (), "[]");
  assert_json_take (rdx_map_new (), "{}");
  assert_json_take (list, "[1,[2,3],{\"a\":null},[],{}]");

  /* Keys in byte order, whatever order they were given in; keys are
   * escaped like strings. */
  assert_json_take (rdx_map_new_take ("b", rdx_value_new_int (5), "\xc3\xa9", rdx_value_new_int (6),
                                      "aa", rdx_value_new_int (4), "", rdx_value_new_int (1), "a",
                                      rdx_value_new_int (3), "B", rdx_value_new_int (2), "q\"\n",
                                      rdx_value_new_int (7), NULL),
                    "{\"\":1,\"B\":2,\"a\":3,\"aa\":4,\"b\":5,\"q\\\"\\n\":7,\"\xc3\xa9\":6}");
}

static void
test_json_append (void **state)
{
  g_autoptr (RdxValue) value = rdx_map_new_take ("k", rdx_value_new_bool (TRUE), NULL);
  g_autoptr (GString) out = g_string_new ("prefix:");

  rdx_value_append_json (value, out);
  rdx_value_append_json (value, out);
  assert_string_equal (out->str, "prefix:{\"k\":true}{\"k\":true}");
}

static void
shuffle (GPtrArray *array, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint i;

  for (i = array->len; i > 1; i--)
    {
      guint    j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      gpointer tmp = array->pdata[i - 1];

      array->pdata[i - 1] = array->pdata[j];
      array->pdata[j] = tmp;
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static RdxValue *
map_of_keys (GPtrArray *keys)
{
  g_autoptr (RdxMapBuilder) builder = rdx_map_builder_new (NULL);
  guint i;

  for (i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];

      /* The value is the number in the key, so it follows the key. */
      rdx_map_builder_set_take (builder, key, rdx_value_new_int (atoi (key + 1)));
    }
  return rdx_map_builder_end (g_steal_pointer (&builder));
}

static void
test_json_sorted_keys_any_order (void **state)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (RdxValue) ascending = NULL;
  g_autoptr (RdxValue) shuffled = NULL;
  g_autoptr (GString) expected = g_string_new ("{");
  g_autofree char *json_ascending = NULL;
  g_autofree char *json_shuffled = NULL;
  guint            i;

  /* "k0" .. "k999": numeric order is not byte order ("k10" < "k2"). */
  for (i = 0; i < 1000; i++)
    g_ptr_array_add (keys, g_strdup_printf ("k%u", i));

  ascending = map_of_keys (keys);
  shuffle (keys, 20240501);
  shuffled = map_of_keys (keys);
  assert_int_equal (rdx_map_size (ascending), 1000);
  assert_int_equal (rdx_map_size (shuffled), 1000);

  json_ascending = rdx_value_to_json (ascending);
  json_shuffled = rdx_value_to_json (shuffled);
  assert_string_equal (json_ascending, json_shuffled);

  /* The expected text, made independently: sort the keys with strcmp. */
  g_ptr_array_sort (keys, compare_strings);
  for (i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];

      g_string_append_printf (expected, "%s\"%s\":%s", i > 0 ? "," : "", key, key + 1);
    }
  g_string_append_c (expected, '}');
  assert_string_equal (json_ascending, expected->str);
  assert_int_equal (strncmp (json_ascending, "{\"k0\":0,\"k1\":1,\"k10\":10,\"k100\":100,", 35), 0);
}

/* Round trips */

static void
test_json_value_round_trip (void **state)
{
  g_autoptr (RdxValue) value = NULL;
  g_autoptr (RdxValue) back = NULL;
  g_autofree char *json = NULL;

  value = rdx_map_new_take (
    "accounts",
    rdx_map_new_take ("acc-1",
                      rdx_map_new_take ("balance", rdx_value_new_int (-125050), "name",
                                        rdx_value_new_string ("Caf\xc3\xa9 \"Z\"\n\t/\\"), NULL),
                      "acc-2",
                      rdx_map_new_take ("balance", rdx_value_new_int (G_MININT64), "name",
                                        rdx_value_new_string ("\x01\x7f\xf0\x9f\x98\x80"), NULL),
                      NULL),
    "rates",
    rdx_list_new_take (rdx_value_new_double (0.1), rdx_value_new_double (1e300),
                       rdx_value_new_double (-2.5e-7), rdx_value_new_double (123456789.125),
                       rdx_value_new_double (1.0 / 3.0), rdx_value_new_double (G_MINDOUBLE),
                       rdx_value_new_int (G_MAXINT64), NULL),
    "flags",
    rdx_list_new_take (rdx_value_new_bool (TRUE), rdx_value_new_bool (FALSE), rdx_value_new_null (),
                       rdx_list_new (), rdx_map_new (), NULL),
    "", rdx_value_new_string (""), NULL);

  json = rdx_value_to_json (value);
  back = parse_ok (json);
  assert_true (rdx_value_equal (value, back));
}

static void
test_json_canonical_round_trip (void **state)
{
  const char *const canonical[] = {
    "null",
    "true",
    "0",
    "-9223372036854775808",
    "9223372036854775807",
    "1.0",
    "-0.5",
    "1e+300",
    "2.5e-07",
    "\"\"",
    "\"\\u001f\\\"\\\\\\b\\f\\n\\r\\t/\x7f\xc3\xa9\"",
    "[]",
    "{}",
    "[[[[]]],{\"a\":{}}]",
    "{\"\":0,\"a\":[1,2.5,\"x\",null,true,false],\"b\":{\"c\":{\"d\":[]}}}",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (canonical); i++)
    assert_rewritten (canonical[i], canonical[i]);
}

static void
test_json_rewritten_canonically (void **state)
{
  assert_rewritten (" \t\r\n{ \"b\" : 1 ,\n \"a\" : [ 1 , 2 ] } \n", "{\"a\":[1,2],\"b\":1}");
  assert_rewritten ("\"\\u00e9\\/\\u0041\\uD83D\\uDE00\"", "\"\xc3\xa9/A\xf0\x9f\x98\x80\"");
  assert_rewritten ("\"\\u007f\\u001F\"", "\"\x7f\\u001f\"");
  assert_rewritten ("1E2", "100.0");
  assert_rewritten ("1e-7", "1e-07");
  assert_rewritten ("0.10", "0.1");
  assert_rewritten ("-0", "0");
  assert_rewritten ("-0.0", "0.0");
  assert_rewritten ("1e-400", "0.0");
  assert_rewritten ("12345678901234567890.5", "1.2345678901234567e+19");
  assert_rewritten ("1.00000000000000000000000000000000000000000000000000000000000000000000001",
                    "1.0");
}

static void
test_json_number_kinds (void **state)
{
  g_autoptr (RdxValue) zero = parse_ok ("-0");
  g_autoptr (RdxValue) max = parse_ok ("9223372036854775807");
  g_autoptr (RdxValue) min = parse_ok ("-9223372036854775808");
  g_autoptr (RdxValue) one = parse_ok ("1.0");
  g_autoptr (RdxValue) hundred = parse_ok ("1e2");
  g_autoptr (RdxValue) small = parse_ok ("[12]");

  assert_int_equal (rdx_value_get_kind (zero), RDX_VALUE_INT);
  assert_true (rdx_value_get_int (zero) == 0);
  assert_int_equal (rdx_value_get_kind (max), RDX_VALUE_INT);
  assert_true (rdx_value_get_int (max) == G_MAXINT64);
  assert_int_equal (rdx_value_get_kind (min), RDX_VALUE_INT);
  assert_true (rdx_value_get_int (min) == G_MININT64);
  assert_int_equal (rdx_value_get_kind (one), RDX_VALUE_DOUBLE);
  assert_true (rdx_value_get_double (one) == 1.0);
  assert_int_equal (rdx_value_get_kind (hundred), RDX_VALUE_DOUBLE);
  assert_true (rdx_value_get_double (hundred) == 100.0);
  assert_int_equal (rdx_value_get_kind (rdx_list_get (small, 0)), RDX_VALUE_INT);
  assert_true (rdx_value_get_int (rdx_list_get (small, 0)) == 12);
}

static void
test_json_explicit_length (void **state)
{
  g_autoptr (RdxValue) value = NULL;
  g_autoptr (GError) error = NULL;

  /* Only the first 5 bytes count: the rest is not JSON. */
  value = rdx_value_from_json ("[1,2]garbage", 5, &error);
  assert_null (error);
  assert_json_take (g_steal_pointer (&value), "[1,2]");

  value = rdx_value_from_json ("12345", 2, &error);
  assert_null (error);
  assert_true (rdx_value_get_int (value) == 12);
}

/* Refusals */

static void
test_json_malformed_corpus (void **state)
{
  const struct
  {
    const char   *json;
    RdxValueError code;
  } corpus[] = {
    /* Empty documents. */
    { "", RDX_VALUE_ERROR_INVALID_JSON },
    { " \t\r\n ", RDX_VALUE_ERROR_INVALID_JSON },
    /* Trailing commas, comments, JavaScript. */
    { "[1,2,]", RDX_VALUE_ERROR_INVALID_JSON },
    { "[,]", RDX_VALUE_ERROR_INVALID_JSON },
    { "[1,,2]", RDX_VALUE_ERROR_INVALID_JSON },
    { "{\"a\":1,}", RDX_VALUE_ERROR_INVALID_JSON },
    { "// comment\n1", RDX_VALUE_ERROR_INVALID_JSON },
    { "/* comment */ 1", RDX_VALUE_ERROR_INVALID_JSON },
    { "[1] // comment", RDX_VALUE_ERROR_INVALID_JSON },
    { "# comment\n1", RDX_VALUE_ERROR_INVALID_JSON },
    { "var a = 1;", RDX_VALUE_ERROR_INVALID_JSON },
    { "a = 1", RDX_VALUE_ERROR_INVALID_JSON },
    /* Quotes and keys. */
    { "'a'", RDX_VALUE_ERROR_INVALID_JSON },
    { "{'a':1}", RDX_VALUE_ERROR_INVALID_JSON },
    { "{a:1}", RDX_VALUE_ERROR_INVALID_JSON },
    { "{1:2}", RDX_VALUE_ERROR_INVALID_JSON },
    { "{\"a\" 1}", RDX_VALUE_ERROR_INVALID_JSON },
    { "{\"a\"}", RDX_VALUE_ERROR_INVALID_JSON },
    { "{\"a\":}", RDX_VALUE_ERROR_INVALID_JSON },
    { "{\"a\":1 \"b\":2}", RDX_VALUE_ERROR_INVALID_JSON },
    { "[1 2]", RDX_VALUE_ERROR_INVALID_JSON },
    { "[1:2]", RDX_VALUE_ERROR_INVALID_JSON },
    { "{\"a\":1]", RDX_VALUE_ERROR_INVALID_JSON },
    { "[1}", RDX_VALUE_ERROR_INVALID_JSON },
    { "[", RDX_VALUE_ERROR_INVALID_JSON },
    { "{", RDX_VALUE_ERROR_INVALID_JSON },
    { "]", RDX_VALUE_ERROR_INVALID_JSON },
    { "}", RDX_VALUE_ERROR_INVALID_JSON },
    { ",", RDX_VALUE_ERROR_INVALID_JSON },
    { ":", RDX_VALUE_ERROR_INVALID_JSON },
    /* Strings. */
    { "\"abc", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"a\tb\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"a\nb\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\x01\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\x1f\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\\x41\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\\'\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\\u12\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\\u12G4\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\\U0041\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\\", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\\\x01\"", RDX_VALUE_ERROR_INVALID_JSON },
    /* Invalid UTF-8 in strings: a stray continuation byte, a truncated
     * sequence, an overlong '/', an encoded surrogate, beyond U+10FFFF. */
    { "\"\xff\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\x80\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\xc3\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\xe2\x82\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\xc0\xaf\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\xed\xa0\x80\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\xf4\x90\x80\x80\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "{\"\xff\":1}", RDX_VALUE_ERROR_INVALID_UTF8 },
    /* Invalid UTF-8, and a byte order mark, outside strings. */
    { "\xff", RDX_VALUE_ERROR_INVALID_JSON },
    { "[1,\xc3\xa9]", RDX_VALUE_ERROR_INVALID_JSON },
    { "\xef\xbb\xbf"
      "1",
      RDX_VALUE_ERROR_INVALID_JSON },
    /* Surrogates and NUL. */
    { "\"\\ud800\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\\uDBFF\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\\udc00\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\\ud800\\u0041\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\\ud800\\ud800\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\\ude00\\ud83d\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\\ud800x\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    { "\"\\ud800\\u12\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"\\u0000\"", RDX_VALUE_ERROR_INVALID_UTF8 },
    /* Numbers. */
    { "01", RDX_VALUE_ERROR_INVALID_JSON },
    { "00", RDX_VALUE_ERROR_INVALID_JSON },
    { "-01", RDX_VALUE_ERROR_INVALID_JSON },
    { "[00.5]", RDX_VALUE_ERROR_INVALID_JSON },
    { "+1", RDX_VALUE_ERROR_INVALID_JSON },
    { ".5", RDX_VALUE_ERROR_INVALID_JSON },
    { "-.5", RDX_VALUE_ERROR_INVALID_JSON },
    { "1.", RDX_VALUE_ERROR_INVALID_JSON },
    { "1.e5", RDX_VALUE_ERROR_INVALID_JSON },
    { "1e", RDX_VALUE_ERROR_INVALID_JSON },
    { "1e+", RDX_VALUE_ERROR_INVALID_JSON },
    { "1E-]", RDX_VALUE_ERROR_INVALID_JSON },
    { "-", RDX_VALUE_ERROR_INVALID_JSON },
    { "--1", RDX_VALUE_ERROR_INVALID_JSON },
    { "0x10", RDX_VALUE_ERROR_INVALID_JSON },
    { "1_000", RDX_VALUE_ERROR_INVALID_JSON },
    { "NaN", RDX_VALUE_ERROR_INVALID_JSON },
    { "nan", RDX_VALUE_ERROR_INVALID_JSON },
    { "Infinity", RDX_VALUE_ERROR_INVALID_JSON },
    { "-Infinity", RDX_VALUE_ERROR_INVALID_JSON },
    { "[1,-inf]", RDX_VALUE_ERROR_INVALID_JSON },
    { "1e999", RDX_VALUE_ERROR_OUT_OF_RANGE },
    { "-1e999", RDX_VALUE_ERROR_OUT_OF_RANGE },
    { "[1.5e400]", RDX_VALUE_ERROR_OUT_OF_RANGE },
    { "9223372036854775808", RDX_VALUE_ERROR_OUT_OF_RANGE },
    { "-9223372036854775809", RDX_VALUE_ERROR_OUT_OF_RANGE },
    { "18446744073709551616", RDX_VALUE_ERROR_OUT_OF_RANGE },
    { "123456789012345678901234567890", RDX_VALUE_ERROR_OUT_OF_RANGE },
    /* Literals. */
    { "tru", RDX_VALUE_ERROR_INVALID_JSON },
    { "True", RDX_VALUE_ERROR_INVALID_JSON },
    { "NULL", RDX_VALUE_ERROR_INVALID_JSON },
    { "nul", RDX_VALUE_ERROR_INVALID_JSON },
    { "undefined", RDX_VALUE_ERROR_INVALID_JSON },
    /* Duplicate keys. */
    { "{\"a\":1,\"a\":2}", RDX_VALUE_ERROR_DUPLICATE_KEY },
    { "{\"a\":1,\"b\":{\"c\":1,\"c\":1}}", RDX_VALUE_ERROR_DUPLICATE_KEY },
    { "{\"\\u0061\":1,\"a\":2}", RDX_VALUE_ERROR_DUPLICATE_KEY },
    /* More than one value. */
    { "1 2", RDX_VALUE_ERROR_INVALID_JSON },
    { "{} {}", RDX_VALUE_ERROR_INVALID_JSON },
    { "[]]", RDX_VALUE_ERROR_INVALID_JSON },
    { "nulls", RDX_VALUE_ERROR_INVALID_JSON },
    { "truefalse", RDX_VALUE_ERROR_INVALID_JSON },
    { "\"a\"\"b\"", RDX_VALUE_ERROR_INVALID_JSON },
    { "1,", RDX_VALUE_ERROR_INVALID_JSON },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (corpus); i++)
    assert_refused (corpus[i].json, corpus[i].code);
}

static void
test_json_refused_without_gerror (void **state)
{
  /* A NULL GError is allowed; the parser must still stop at the error. */
  assert_null (rdx_value_from_json ("[1,", -1, NULL));
  assert_null (rdx_value_from_json ("[1,2 3]", -1, NULL));
  assert_null (rdx_value_from_json ("{\"a\":1,\"a\":2}", -1, NULL));
  assert_null (rdx_value_from_json ("[\"\\ud800\"]", -1, NULL));
  assert_null (rdx_value_from_json ("[1e999]", -1, NULL));
  assert_null (rdx_value_from_json_full ("[[1]]", -1, 1, 100, NULL));
  assert_null (rdx_value_from_json_full ("[1]", -1, 10, 2, NULL));
  assert_null (rdx_value_from_json_node (NULL, NULL));
}

static void
test_json_nul_bytes (void **state)
{
  /* With an explicit length, NUL bytes are part of the input: refused
   * inside a string, between tokens and after the value. */
  assert_refused_len ("\"a\0b\"", 5, RDX_VALUE_ERROR_INVALID_JSON);
  assert_refused_len ("[1,\0 2]", 7, RDX_VALUE_ERROR_INVALID_JSON);
  assert_refused_len ("[1]\0", 4, RDX_VALUE_ERROR_INVALID_JSON);
  assert_refused_len ("\0", 1, RDX_VALUE_ERROR_INVALID_JSON);
  assert_refused_len ("1", 0, RDX_VALUE_ERROR_INVALID_JSON);
}

static void
test_json_truncated_documents (void **state)
{
  /* Every proper prefix of a document that starts with '{' is incomplete.
   * Cutting inside the 'é' (bytes 0xc3 0xa9) leaves a truncated UTF-8
   * sequence, which is reported as such. */
  const char *sample = "{\"a\":[1,-2.5e3,\"x\\u00e9\\n\",true,false,null],\n"
                       " \"b\":{\"c\":\"d\xc3\xa9\"},\"e\":[[]],\"f\":0.125e+1}";
  const char *e_acute = strstr (sample, "\xc3\xa9");
  gsize       length = strlen (sample);
  gsize       i;

  for (i = 0; i < length; i++)
    {
      RdxValueError code = RDX_VALUE_ERROR_INVALID_JSON;

      if (sample + i == e_acute + 1)
        code = RDX_VALUE_ERROR_INVALID_UTF8;
      assert_refused_len (sample, (gssize) i, code);
    }

  rdx_value_unref (parse_ok (sample));
}

static void
test_json_error_positions (void **state)
{
  g_autofree char *missing_colon = NULL;
  g_autofree char *missing_comma = NULL;
  g_autofree char *duplicate = NULL;
  g_autofree char *escaped_path = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *blank = NULL;
  g_autofree char *nul = NULL;
  g_autofree char *trailing = NULL;
  g_autofree char *utf8 = NULL;

  missing_colon =
    refusal_message ("{\n  \"a\": 1,\n  \"b\" 2\n}", -1, RDX_VALUE_ERROR_INVALID_JSON);
  assert_contains (missing_colon, "line 3, column 7");
  assert_contains (missing_colon, "':'");

  missing_comma = refusal_message ("{\"accounts\":{\n\"acc-1\":{\n\"balance\": 1 2}}}", -1,
                                   RDX_VALUE_ERROR_INVALID_JSON);
  assert_contains (missing_comma, "line 3, column 14 (at /accounts/acc-1): ");
  assert_contains (missing_comma, "expected ',' or '}' after an object member");

  duplicate = refusal_message ("{\"x\":{\"a\":1,\n \"a\":2}}", -1, RDX_VALUE_ERROR_DUPLICATE_KEY);
  assert_contains (duplicate, "line 2, column 2 (at /x): ");
  assert_contains (duplicate, "\"a\"");

  /* Keys in the path are escaped as JSON Pointer requires. */
  escaped_path =
    refusal_message ("{\"a/b\":{\"m~n\":[0,1,{\"k\":tru}]}}", -1, RDX_VALUE_ERROR_INVALID_JSON);
  assert_contains (escaped_path, "line 1, column 25 (at /a~1b/m~0n/2): ");

  empty = refusal_message ("", -1, RDX_VALUE_ERROR_INVALID_JSON);
  assert_contains (empty, "line 1, column 1");
  assert_contains (empty, "the document is empty");
  blank = refusal_message ("\n\n  ", -1, RDX_VALUE_ERROR_INVALID_JSON);
  assert_contains (blank, "line 3, column 3");
  assert_contains (blank, "the document is empty");

  nul = refusal_message ("[\"\\u0000\"]", -1, RDX_VALUE_ERROR_INVALID_UTF8);
  assert_contains (nul, "line 1, column 3");
  assert_contains (nul, "may not contain NUL");

  trailing = refusal_message ("[1]\n  [2]", -1, RDX_VALUE_ERROR_INVALID_JSON);
  assert_contains (trailing, "line 2, column 3");

  /* Columns count bytes: the bad byte comes after a two-byte 'é'. */
  utf8 = refusal_message ("[\"\xc3\xa9\xff\"]", -1, RDX_VALUE_ERROR_INVALID_UTF8);
  assert_contains (utf8, "line 1, column 5");
}

static char *
repeat (const char *text, guint times)
{
  GString *out = g_string_sized_new (strlen (text) * times);
  guint    i;

  for (i = 0; i < times; i++)
    g_string_append (out, text);
  return g_string_free (out, FALSE);
}

static void
test_json_depth_limit (void **state)
{
  g_autofree char *open_512 = repeat ("[", 512);
  g_autofree char *close_512 = repeat ("]", 512);
  g_autofree char *ok = g_strconcat (open_512, close_512, NULL);
  g_autofree char *too_deep = g_strconcat ("[", ok, "]", NULL);
  g_autofree char *message = NULL;
  g_autoptr (GError) error = NULL;
  RdxValue *value;

  /* RDX_VALUE_MAX_DEPTH levels are fine, one more is not. */
  rdx_value_unref (parse_ok (ok));
  message = refusal_message (too_deep, -1, RDX_VALUE_ERROR_TOO_DEEP);
  assert_contains (message, "line 1, column 513");

  /* The limit counts arrays and objects; 0 allows only scalars. */
  value = rdx_value_from_json_full ("[1,{\"a\":2}]", -1, 2, 100, &error);
  assert_null (error);
  rdx_value_unref (value);
  value = rdx_value_from_json_full ("[[[1]]]", -1, 2, 100, &error);
  assert_null (value);
  assert_true (g_error_matches (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_TOO_DEEP));
  g_clear_error (&error);
  value = rdx_value_from_json_full ("7", -1, 0, 100, &error);
  assert_null (error);
  rdx_value_unref (value);
  value = rdx_value_from_json_full ("[]", -1, 0, 100, &error);
  assert_null (value);
  assert_true (g_error_matches (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_TOO_DEEP));
}

static void
test_json_deep_nesting (void **state)
{
  g_autofree char *opening = NULL;
  g_autofree char *closing = NULL;
  g_autofree char *arrays = NULL;
  g_autofree char *objects = NULL;
  g_autofree char *huge = NULL;
  gsize            huge_length = 10 * 1000 * 1000;
  gint64           start;

  /* 10,000 levels of arrays and of objects, complete documents. */
  opening = repeat ("[", 10000);
  closing = repeat ("]", 10000);
  arrays = g_strconcat (opening, closing, NULL);
  assert_refused (arrays, RDX_VALUE_ERROR_TOO_DEEP);
  g_free (opening);
  g_free (closing);

  opening = repeat ("{\"a\":", 10000);
  closing = repeat ("}", 10000);
  objects = g_strconcat (opening, "1", closing, NULL);
  assert_refused (objects, RDX_VALUE_ERROR_TOO_DEEP);

  /* 10,000,000 '[' are refused at once, without recursion. */
  huge = g_malloc (huge_length);
  memset (huge, '[', huge_length);
  start = g_get_monotonic_time ();
  assert_refused_len (huge, (gssize) huge_length, RDX_VALUE_ERROR_TOO_DEEP);
  assert_true (g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC);
}

static void
test_json_size_limit (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) value = NULL;

  value = rdx_value_from_json_full ("[1,2,3]", -1, 512, 6, &error);
  assert_null (value);
  assert_true (g_error_matches (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_TOO_LARGE));
  assert_contains (error->message, "line 1, column 1");
  g_clear_error (&error);

  /* The limit applies to the input before parsing, even bad input. */
  value = rdx_value_from_json_full ("[[[[[[[[", -1, 512, 4, &error);
  assert_null (value);
  assert_true (g_error_matches (error, RDX_VALUE_ERROR, RDX_VALUE_ERROR_TOO_LARGE));
  g_clear_error (&error);

  value = rdx_value_from_json_full ("[1,2,3]", -1, 512, 7, &error);
  assert_null (error);
  assert_json_take (g_steal_pointer (&value), "[1,2,3]");
}

/* JsonNode */

static void
test_json_node_from_value (void **state)
{
  g_autoptr (RdxValue) value = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject      *object;
  JsonArray       *array;

  value =
    rdx_map_new_take ("b",
                      rdx_list_new_take (rdx_value_new_int (G_MININT64), rdx_value_new_bool (TRUE),
                                         rdx_value_new_null (), rdx_value_new_string ("x\xc3\xa9"),
                                         rdx_value_new_double (0.5), NULL),
                      "a", rdx_map_new (), NULL);
  node = rdx_value_to_json_node (value);

  assert_int_equal (JSON_NODE_TYPE (node), JSON_NODE_OBJECT);
  object = json_node_get_object (node);
  assert_int_equal (json_object_get_size (object), 2);
  assert_int_equal (JSON_NODE_TYPE (json_object_get_member (object, "a")), JSON_NODE_OBJECT);
  array = json_object_get_array_member (object, "b");
  assert_int_equal (json_array_get_length (array), 5);
  assert_true (json_node_get_value_type (json_array_get_element (array, 0)) == G_TYPE_INT64);
  assert_true (json_array_get_int_element (array, 0) == G_MININT64);
  assert_true (json_node_get_value_type (json_array_get_element (array, 1)) == G_TYPE_BOOLEAN);
  assert_true (json_array_get_boolean_element (array, 1));
  assert_true (json_array_get_null_element (array, 2));
  assert_string_equal (json_array_get_string_element (array, 3), "x\xc3\xa9");
  assert_true (json_node_get_value_type (json_array_get_element (array, 4)) == G_TYPE_DOUBLE);
  assert_true (json_array_get_double_element (array, 4) == 0.5);

  /* Members come in key order. */
  text = json_to_string (node, FALSE);
  assert_int_equal (strncmp (text, "{\"a\":{},\"b\":[", 13), 0);
}

static void
test_json_node_round_trip (void **state)
{
  const char *const documents[] = {
    "null",
    "[1,-2,0.1,1e+300,\"\xc3\xa9\\n\",true,false,null,[],{}]",
    "{\"\":{\"x\":[{\"y\":-9223372036854775808}]},\"a/b\":9223372036854775807}",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr (RdxValue) value = parse_ok (documents[i]);
      g_autoptr (JsonNode) node = rdx_value_to_json_node (value);
      g_autoptr (RdxValue) back = NULL;
      g_autoptr (GError) error = NULL;

      back = rdx_value_from_json_node (node, &error);
      assert_null (error);
      assert_true (rdx_value_equal (value, back));
    }
}

static void
test_json_node_from_parser (void **state)
{
  const char *text = "{\"b\":[1,2.5,\"\xc3\xa9\"],\"a\":null,\"c\":{\"d\":true}}";
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (RdxValue) from_node = NULL;
  g_autoptr (RdxValue) from_text = NULL;
  g_autoptr (GError) error = NULL;

  assert_true (json_parser_load_from_data (parser, text, -1, &error));
  from_node = rdx_value_from_json_node (json_parser_get_root (parser), &error);
  assert_null (error);
  from_text = parse_ok (text);
  assert_true (rdx_value_equal (from_node, from_text));
  assert_int_equal (rdx_value_get_kind (rdx_value_get_path (from_node, "/b/0")), RDX_VALUE_INT);
  assert_int_equal (rdx_value_get_kind (rdx_value_get_path (from_node, "/b/1")), RDX_VALUE_DOUBLE);
}

static void
assert_node_refused (JsonNode *node, RdxValueError code, const char *in_message)
{
  g_autoptr (GError) error = NULL;
  RdxValue *value = rdx_value_from_json_node (node, &error);

  assert_null (value);
  assert_true (error != NULL && error->domain == RDX_VALUE_ERROR);
  if (error->code != (int) code)
    fail_msg ("expected error %d, got %d (%s)", code, error->code, error->message);
  assert_contains (error->message, in_message);
}

static JsonNode *
nested_arrays (guint depth)
{
  JsonNode *node = json_node_init_int (json_node_alloc (), 1);
  guint     i;

  for (i = 0; i < depth; i++)
    {
      JsonArray *array = json_array_new ();

      json_array_add_element (array, node);
      node = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }
  return node;
}

static void
test_json_node_errors (void **state)
{
  g_autoptr (JsonNode) empty_value = json_node_new (JSON_NODE_VALUE);
  g_autoptr (JsonNode) nan = json_node_init_double (json_node_alloc (), NAN);
  g_autoptr (JsonNode) bad_utf8 = json_node_init_string (json_node_alloc (), "\xff");
  g_autoptr (JsonNode) no_string = json_node_init_string (json_node_alloc (), NULL);
  g_autoptr (JsonNode) no_array = json_node_new (JSON_NODE_ARRAY);
  g_autoptr (JsonNode) no_object = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonNode) ok_depth = nested_arrays (RDX_VALUE_MAX_DEPTH);
  g_autoptr (JsonNode) too_deep = nested_arrays (RDX_VALUE_MAX_DEPTH + 1);
  g_autoptr (JsonNode) very_deep = nested_arrays (5000);
  g_autoptr (JsonNode) nested = NULL;
  g_autoptr (RdxValue) value = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *object = json_object_new ();
  JsonArray  *array = json_array_new ();

  /* A NULL root is what JsonParser gives for an empty document. */
  assert_node_refused (NULL, RDX_VALUE_ERROR_INVALID_JSON, "NULL");
  assert_node_refused (empty_value, RDX_VALUE_ERROR_UNSUPPORTED, "at the root");
  assert_node_refused (nan, RDX_VALUE_ERROR_OUT_OF_RANGE, "finite");
  assert_node_refused (bad_utf8, RDX_VALUE_ERROR_INVALID_UTF8, "UTF-8");
  assert_node_refused (no_string, RDX_VALUE_ERROR_UNSUPPORTED, "no string");
  assert_node_refused (no_array, RDX_VALUE_ERROR_UNSUPPORTED, "no array");
  assert_node_refused (no_object, RDX_VALUE_ERROR_UNSUPPORTED, "no object");

  /* Errors name the path of what could not be converted. */
  json_array_add_int_element (array, 0);
  json_array_add_element (array, json_node_init_double (json_node_alloc (), INFINITY));
  json_object_set_array_member (object, "a/b", array);
  nested = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  assert_node_refused (nested, RDX_VALUE_ERROR_OUT_OF_RANGE, "/a~1b/1");

  /* The same depth limit as for text. */
  value = rdx_value_from_json_node (ok_depth, &error);
  assert_null (error);
  assert_non_null (value);
  assert_node_refused (too_deep, RDX_VALUE_ERROR_TOO_DEEP, "levels");
  assert_node_refused (very_deep, RDX_VALUE_ERROR_TOO_DEEP, "levels");
}

/* The reader leaves a string without escapes where it is in the input and
 * decodes one with escapes: both forms, in keys and values, give the same
 * value, and a key spelled both ways is one key. */
static void
test_json_string_forms (void **state)
{
  static const char *const spellings[][2] = {
    { "{\"caf\xc3\xa9\":\"cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"
      "e\"}",
      "{\"caf\\u00e9\":\"cr\\u00e8me br\\u00fbl\\u00e9e\"}" },
    { "{\"a/b\":[\"x\\\"y\",\"\xf0\x9f\x98\x80\"]}",
      "{\"a\\/b\":[\"x\\u0022y\",\"\\ud83d\\ude00\"]}" },
    { "{\"k\":{\"nested key\":\"plain\"}}",
      "{\"\\u006b\":{\"nested\\u0020key\":\"pl\\u0061in\"}}" },
  };
  g_autofree char *duplicate = NULL;
  g_autofree char *escaped_path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RdxValue) plain = rdx_value_from_json (spellings[i][0], -1, &error);
      g_autoptr (RdxValue) escaped = NULL;

      assert_null (error);
      escaped = rdx_value_from_json (spellings[i][1], -1, &error);
      assert_null (error);
      assert_true (rdx_value_equal (plain, escaped));
      assert_int_equal (rdx_value_hash (plain), rdx_value_hash (escaped));
    }

  {
    g_autoptr (RdxValue) map = rdx_value_from_json ("{\"caf\\u00e9\":1,\"x\":2}", -1, NULL);

    assert_int_equal (rdx_value_get_int (rdx_map_get (map, "caf\xc3\xa9")), 1);
    assert_int_equal (rdx_map_size (map), 2);
  }

  duplicate =
    refusal_message ("{\"caf\xc3\xa9\":1,\"caf\\u00e9\":2}", -1, RDX_VALUE_ERROR_DUPLICATE_KEY);
  assert_contains (duplicate, "line 1, column 12"); /* columns count bytes */
  assert_contains (duplicate, "\"caf\xc3\xa9\"");

  /* The path of the container names its key decoded, whichever way the key
   * was spelled. */
  escaped_path =
    refusal_message ("{\"a\\u002fb\":{\"c~d\":[1,}}", -1, RDX_VALUE_ERROR_INVALID_JSON);
  assert_contains (escaped_path, "(at /a~1b/c~0d)");
}

/* Objects of up to RDX_MAP_FROM_PAIRS_MAX members are made in one go,
 * larger ones through a builder: either way the map is the one updates
 * make (rdx_value_equal () compares the tries node by node, so a different
 * shape would differ), with every key found, under hash masks that force
 * collisions too; a key given twice is refused wherever it is. */
static void
test_json_object_sizes (void **state)
{
  static const guint32 masks[] = { 0xffffffffu, 0x3, 0x0 };

  for (guint m = 0; m < G_N_ELEMENTS (masks); m++)
    {
      rdx_value_set_hash_mask_for_testing (masks[m]);
      for (guint n = 0; n <= 2 * RDX_MAP_FROM_PAIRS_MAX + 3; n++)
        {
          g_autoptr (GString) json = g_string_new ("{");
          RdxMapBuilder *builder = rdx_map_builder_new (NULL);
          g_autoptr (RdxValue) built = NULL;
          g_autoptr (RdxValue) parsed = NULL;
          g_autoptr (GError) error = NULL;

          for (guint i = 0; i < n; i++)
            {
              /* Keys in no particular order, some spelled with an escape. */
              g_autofree char *key = g_strdup_printf ("ak%u-%u", (i * 7919u) % 101u, i);

              g_string_append_printf (json, "%s\"%s%s\":%u", i > 0 ? "," : "",
                                      i % 3 == 0 ? "\\u0061" : "a", key + 1, i);
              rdx_map_builder_set_take (builder, key, rdx_value_new_int (i));
            }
          g_string_append (json, "}");
          built = rdx_map_builder_end (builder);

          parsed = rdx_value_from_json (json->str, json->len, &error);
          assert_null (error);
          assert_int_equal (rdx_map_size (parsed), n);
          assert_true (rdx_value_equal (parsed, built));
          for (guint i = 0; i < n; i++)
            {
              g_autofree char *key = g_strdup_printf ("ak%u-%u", (i * 7919u) % 101u, i);

              assert_int_equal (rdx_value_get_int (rdx_map_get (parsed, key)), i);
            }

          /* The first key again, as the last member: refused, at its place. */
          if (n > 0)
            {
              g_autofree char *message = NULL;
              gsize            column = json->len;

              g_string_truncate (json, json->len - 1);
              g_string_append (json, ",\"ak0-0\":0}");
              message = refusal_message (json->str, json->len, RDX_VALUE_ERROR_DUPLICATE_KEY);
              {
                g_autofree char *where =
                  g_strdup_printf ("line 1, column %" G_GSIZE_FORMAT ":", column + 1);

                assert_contains (message, where);
              }
              assert_contains (message, "\"ak0-0\"");
            }
        }
    }
  rdx_value_set_hash_mask_for_testing (0xffffffffu);
}

static gpointer
parse_many (gpointer data)
{
  const char *json = data;
  guint       n = 0;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr (RdxValue) value = rdx_value_from_json (json, -1, NULL);

      n += value != NULL && rdx_map_size (value) == 3;
    }
  return GUINT_TO_POINTER (n);
}

/* Each thread reads with buffers of its own; a document larger than what a
 * thread keeps between documents does not disturb the next one. */
static void
test_json_threads_and_sizes (void **state)
{
  g_autoptr (GString) big = g_string_new ("{\"list\":[");
  const char *small = "{\"amount\":4711,\"from\":\"a\",\"to\":\"b\"}";
  GThread    *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("json", parse_many, (gpointer) small);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    assert_int_equal (GPOINTER_TO_UINT (g_thread_join (threads[i])), 2000);

  /* Deeper than the frames a thread keeps, with a long escaped string. */
  for (guint i = 0; i < 40; i++)
    g_string_append (big, "[");
  g_string_append (big, "\"");
  for (guint i = 0; i < 3000; i++)
    g_string_append (big, "\\u00e9x");
  g_string_append (big, "\"");
  for (guint i = 0; i < 40; i++)
    g_string_append (big, "]");
  g_string_append (big, "]}");

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (RdxValue) value = rdx_value_from_json (big->str, big->len, &error);
    g_autoptr (RdxValue) after = NULL;
    RdxValue *inner;

    assert_null (error);
    inner = rdx_map_get (value, "list");
    for (guint i = 0; i < 41; i++)
      inner = rdx_list_get (inner, 0);
    assert_int_equal (rdx_value_get_string_length (inner), 3000 * 3);
    after = rdx_value_from_json (small, -1, &error);
    assert_null (error);
    assert_string_equal (rdx_value_get_string (rdx_map_get (after, "from")), "a");
  }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    leak_checked_test (test_json_scalars),
    leak_checked_test (test_json_string_escapes),
    leak_checked_test (test_json_doubles),
    leak_checked_test (test_json_containers),
    leak_checked_test (test_json_append),
    leak_checked_test (test_json_sorted_keys_any_order),
    leak_checked_test (test_json_value_round_trip),
    leak_checked_test (test_json_canonical_round_trip),
    leak_checked_test (test_json_rewritten_canonically),
    leak_checked_test (test_json_number_kinds),
    leak_checked_test (test_json_explicit_length),
    leak_checked_test (test_json_malformed_corpus),
    leak_checked_test (test_json_refused_without_gerror),
    leak_checked_test (test_json_nul_bytes),
    leak_checked_test (test_json_truncated_documents),
    leak_checked_test (test_json_error_positions),
    leak_checked_test (test_json_depth_limit),
    leak_checked_test (test_json_deep_nesting),
    leak_checked_test (test_json_size_limit),
    leak_checked_test (test_json_node_from_value),
    leak_checked_test (test_json_node_round_trip),
    leak_checked_test (test_json_node_from_parser),
    leak_checked_test (test_json_node_errors),
    leak_checked_test (test_json_string_forms),
    leak_checked_test (test_json_object_sizes),
    leak_checked_test (test_json_threads_and_sizes),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}
