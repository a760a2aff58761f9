/* test-schema.c: RdxSchema, every rule and every refusal with its text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

/* Checks @value (JSON) against @schema (text): it fits when @code is -1;
 * otherwise it is refused with @code and exactly @message. */
static void
check (const char *schema_text, const char *value_json, int code, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxSchema) schema = rdx_schema_new (schema_text, &error);
  g_autoptr (RdxValue) value = rdx_test_value (value_json);
  gboolean ok;

  if (error != NULL)
    print_message ("schema %s: %s\n", schema_text, error->message);
  assert_non_null (schema);
  ok = rdx_schema_validate (schema, value, &error);
  if (code < 0)
    {
      if (!ok)
        print_message ("%s refused %s: %s\n", schema_text, value_json, error->message);
      assert_true (ok);
      assert_null (error);
      return;
    }
  if (ok)
    print_message ("%s accepted %s\n", schema_text, value_json);
  assert_false (ok);
  assert_error (error, RDX_SCHEMA_ERROR, code);
  if (strcmp (error->message, message) != 0)
    print_message ("expected: %s\n     got: %s\n", message, error->message);
  assert_string_equal (error->message, message);
}

#define FITS -1

static void
test_scalars (void **state)
{
  check ("any", "null", FITS, NULL);
  check ("any", "{\"a\":[1]}", FITS, NULL);
  check ("null", "null", FITS, NULL);
  check ("null", "0", RDX_SCHEMA_ERROR_KIND, "the payload must be null, got 0");
  check ("bool", "true", FITS, NULL);
  check ("bool", "\"true\"", RDX_SCHEMA_ERROR_KIND, "the payload must be a boolean, got \"true\"");
  check ("int", "-7", FITS, NULL);
  check ("int", "12.5", RDX_SCHEMA_ERROR_KIND, "the payload must be an integer, got 12.5");
  check ("int", "null", RDX_SCHEMA_ERROR_KIND, "the payload must be an integer, got null");
  check ("double", "12.5", FITS, NULL);
  check ("double", "12", FITS, NULL);
  check ("double", "\"12\"", RDX_SCHEMA_ERROR_KIND, "the payload must be a number, got \"12\"");
  check ("string", "\"\"", FITS, NULL);
  check ("string", "[]", RDX_SCHEMA_ERROR_KIND,
         "the payload must be a string, got a list of 0 elements");
  check ("string", "{}", RDX_SCHEMA_ERROR_KIND, "the payload must be a string, got an empty map");
}

/* The example of the issue: a string where an integer belongs. */
static void
test_wrong_kind_in_field (void **state)
{
  check ("{amount: int > 0}", "{\"amount\":\"12.5\"}", RDX_SCHEMA_ERROR_KIND,
         "/amount must be an integer greater than 0, got \"12.5\"");
}

static void
test_integer_ranges (void **state)
{
  check ("int > 0", "1", FITS, NULL);
  check ("int > 0", "0", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer greater than 0, got 0");
  check ("int >= 0", "0", FITS, NULL);
  check ("int >= 0", "-1", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer of at least 0, got -1");
  check ("int < 10", "9", FITS, NULL);
  check ("int < 10", "10", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer less than 10, got 10");
  check ("int <= 10", "10", FITS, NULL);
  check ("int <= 10", "11", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer of at most 10, got 11");
  check ("int 1..12", "1", FITS, NULL);
  check ("int 1..12", "12", FITS, NULL);
  check ("int 1..12", "13", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer from 1 to 12, got 13");
  check ("int -5..", "-5", FITS, NULL);
  check ("int -5..", "-6", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer of at least -5, got -6");
  check ("int ..-5", "-6", FITS, NULL);
  check ("int > 0 <= 100", "100", FITS, NULL);
  check ("int > 0 <= 100", "0", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer greater than 0 and at most 100, got 0");
  check ("int >= 0 < 100", "100", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer at least 0 and less than 100, got 100");
  check ("int >= 1 <= 3", "4", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer from 1 to 3, got 4");
  check ("int > -9223372036854775808", "-9223372036854775807", FITS, NULL);
}

static void
test_double_ranges (void **state)
{
  check ("double 0..1", "0.5", FITS, NULL);
  check ("double 0..1", "1", FITS, NULL);
  check ("double 0..1", "1.5", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a number from 0 to 1, got 1.5");
  check ("double > 0.5", "0.5", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a number greater than 0.5, got 0.5");
  check ("double > 0.5", "1", FITS, NULL);
  check ("double < 2.25", "-3e10", FITS, NULL);
}

static void
test_string_rules (void **state)
{
  g_autofree char *long_json = NULL;
  GString         *long_text = g_string_new ("\"");
  guint            i;

  check ("string 1..", "\"a\"", FITS, NULL);
  check ("string 1..", "\"\"", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a non-empty string, got \"\"");
  check ("string ..3", "\"abc\"", FITS, NULL);
  check ("string ..3", "\"abcd\"", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a string of at most 3 characters, got \"abcd\"");
  /* Characters, not bytes. */
  check ("string ..3", "\"\xc3\xa9\xc3\xa9\xc3\xa9\"", FITS, NULL);
  check ("string 1..200", "\"\"", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a non-empty string of at most 200 characters, got \"\"");
  check ("string 3..5", "\"ab\"", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a string of 3 to 5 characters, got \"ab\"");
  check ("string 3..", "\"ab\"", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a string of at least 3 characters, got \"ab\"");
  check ("string 2..2", "\"abc\"", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a string of exactly 2 characters, got \"abc\"");

  /* A long string is shown by its length. */
  for (i = 0; i < 250; i++)
    g_string_append_c (long_text, 'x');
  g_string_append_c (long_text, '"');
  long_json = g_string_free (long_text, FALSE);
  check ("{title: string 1..200}", "{\"title\":\"\"}", RDX_SCHEMA_ERROR_RANGE,
         "/title must be a non-empty string of at most 200 characters, got \"\"");
  {
    g_autofree char *payload = g_strdup_printf ("{\"title\":%s}", long_json);

    check ("{title: string 1..200}", payload, RDX_SCHEMA_ERROR_RANGE,
           "/title must be a non-empty string of at most 200 characters, got a string of 250 "
           "characters");
  }
}

static void
test_one_of (void **state)
{
  check ("'all' | 'active' | 'done'", "\"active\"", FITS, NULL);
  check ("'all' | 'active' | 'done'", "\"finished\"", RDX_SCHEMA_ERROR_NOT_ALLOWED,
         "the payload must be one of \"all\", \"active\" or \"done\", got \"finished\"");
  check ("'all' | 'active' | 'done'", "3", RDX_SCHEMA_ERROR_KIND,
         "the payload must be one of \"all\", \"active\" or \"done\", got 3");
  check ("'on' | 'off'", "\"\"", RDX_SCHEMA_ERROR_NOT_ALLOWED,
         "the payload must be \"on\" or \"off\", got \"\"");
  check ("'it\\'s'", "\"it's\"", FITS, NULL);
  check ("'only'", "\"other\"", RDX_SCHEMA_ERROR_NOT_ALLOWED,
         "the payload must be \"only\", got \"other\"");
}

static void
test_nullable (void **state)
{
  check ("int | null", "null", FITS, NULL);
  check ("null | int", "4", FITS, NULL);
  check ("int > 0 | null", "0", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be an integer greater than 0 or null, got 0");
  check ("'a' | 'b' | null", "null", FITS, NULL);
  check ("'a' | 'b' | null", "\"c\"", RDX_SCHEMA_ERROR_NOT_ALLOWED,
         "the payload must be \"a\" or \"b\" or null, got \"c\"");
  check ("{a: int} | null", "[]", RDX_SCHEMA_ERROR_KIND,
         "the payload must be a map or null, got a list of 0 elements");
}

static void
test_maps (void **state)
{
  const char *schema = "{id: int > 0, title: string 1.., done?: bool}";

  check (schema, "{\"id\":1,\"title\":\"milk\"}", FITS, NULL);
  check (schema, "{\"id\":1,\"title\":\"milk\",\"done\":true}", FITS, NULL);
  check (schema, "{\"title\":\"milk\"}", RDX_SCHEMA_ERROR_MISSING,
         "/id is missing; it must be an integer greater than 0");
  check (schema, "{\"id\":1,\"title\":\"milk\",\"done\":\"yes\"}", RDX_SCHEMA_ERROR_KIND,
         "/done must be a boolean, got \"yes\"");
  check (schema, "{\"id\":1,\"titel\":\"milk\",\"title\":\"x\"}", RDX_SCHEMA_ERROR_UNKNOWN_FIELD,
         "/titel is not a field of the payload (its fields are \"id\", \"title\" and \"done\")");
  check (schema, "[1]", RDX_SCHEMA_ERROR_KIND,
         "the payload must be a map, got a list of 1 element");
  check ("{}", "{}", FITS, NULL);
  check ("{}", "{\"a\":1}", RDX_SCHEMA_ERROR_UNKNOWN_FIELD,
         "/a is not a field of the payload (it has no fields)");
  check ("{a: int}", "{\"a\":1,\"b\":2}", RDX_SCHEMA_ERROR_UNKNOWN_FIELD,
         "/b is not a field of the payload (its field is \"a\")");
  /* The named fields are checked in their order, then the others in sorted
   * order, whatever order the map was built in. */
  check ("{b: int, a: int}", "{\"a\":\"x\",\"b\":\"y\"}", RDX_SCHEMA_ERROR_KIND,
         "/b must be an integer, got \"y\"");
  check ("{a: int}", "{\"z\":1,\"c\":2,\"a\":0}", RDX_SCHEMA_ERROR_UNKNOWN_FIELD,
         "/c is not a field of the payload (its field is \"a\")");
}

static void
test_open_maps_and_rest (void **state)
{
  check ("{a: int, ...}", "{\"a\":1,\"b\":\"anything\"}", FITS, NULL);
  check ("{a: int, ...}", "{\"b\":1}", RDX_SCHEMA_ERROR_MISSING,
         "/a is missing; it must be an integer");
  check ("{*: int >= 0}", "{\"x\":1,\"y\":0}", FITS, NULL);
  check ("{*: int >= 0}", "{\"x\":1,\"y\":-1}", RDX_SCHEMA_ERROR_RANGE,
         "/y must be an integer of at least 0, got -1");
  check ("{total: int, *: string}", "{\"total\":3,\"a\":\"x\"}", FITS, NULL);
  check ("{total: int, *: string}", "{\"total\":3,\"a\":4}", RDX_SCHEMA_ERROR_KIND,
         "/a must be a string, got 4");
  check ("{'first name': string, 'a/b': int}", "{\"first name\":\"Ada\",\"a/b\":1}", FITS, NULL);
  check ("{'a/b': int}", "{\"a/b\":\"x\"}", RDX_SCHEMA_ERROR_KIND,
         "/a~1b must be an integer, got \"x\"");
}

static void
test_lists (void **state)
{
  check ("[int]", "[1,2,3]", FITS, NULL);
  check ("[]", "[1,\"x\",null]", FITS, NULL);
  check ("[int]", "[1,\"2\",3]", RDX_SCHEMA_ERROR_KIND, "/1 must be an integer, got \"2\"");
  check ("[string] ..2", "[\"a\",\"b\",\"c\"]", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a list of at most 2 elements, got a list of 3 elements");
  check ("[int] 1..", "[]", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a non-empty list, got a list of 0 elements");
  check ("[int] 2..3", "[1]", RDX_SCHEMA_ERROR_RANGE,
         "the payload must be a list of 2 to 3 elements, got a list of 1 element");
  check ("[int]", "{}", RDX_SCHEMA_ERROR_KIND, "the payload must be a list, got an empty map");
}

static void
test_nesting (void **state)
{
  const char *schema =
    "{from: string 1.., to: string 1.., amount: int > 0, tags?: [string 1..20] ..10, "
    "meta?: {note: string | null}}";

  check (schema, "{\"from\":\"a\",\"to\":\"b\",\"amount\":5}", FITS, NULL);
  check (schema, "{\"from\":\"a\",\"to\":\"b\",\"amount\":5,\"tags\":[\"x\",\"\"]}",
         RDX_SCHEMA_ERROR_RANGE,
         "/tags/1 must be a non-empty string of at most 20 characters, got \"\"");
  check (schema, "{\"from\":\"a\",\"to\":\"b\",\"amount\":5,\"meta\":{}}", RDX_SCHEMA_ERROR_MISSING,
         "/meta/note is missing; it must be a string or null");
  check (schema, "{\"from\":\"a\",\"to\":\"b\",\"amount\":5,\"meta\":{\"note\":null}}", FITS, NULL);
  check ("[[int]]", "[[1],[2,true]]", RDX_SCHEMA_ERROR_KIND, "/1/1 must be an integer, got true");
}

/* Malformed schema text: the error names the character. */
static void
check_syntax (const char *text, const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxSchema) schema = rdx_schema_new (text, &error);

  assert_null (schema);
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_SYNTAX);
  if (strcmp (error->message, message) != 0)
    print_message ("expected: %s\n     got: %s\n", message, error->message);
  assert_string_equal (error->message, message);
}

static void
test_syntax_errors (void **state)
{
  check_syntax ("", "The schema \"\" is malformed at character 1: a type was expected: any, "
                    "null, bool, int, double, string, a 'quoted' string, {...} or [...]");
  check_syntax ("{id: strng}",
                "The schema \"{id: strng}\" is malformed at character 6: \"strng\" is not a "
                "type; expected any, null, bool, int, double, string, a 'quoted' string, {...} "
                "or [...]");
  check_syntax ("{id int}",
                "The schema \"{id int}\" is malformed at character 5: \":\" was expected after "
                "a key");
  check_syntax ("{a: int b: int}",
                "The schema \"{a: int b: int}\" is malformed at character 9: \",\" or \"}\" "
                "was expected");
  check_syntax ("{a: int, a: string}",
                "The schema \"{a: int, a: string}\" is malformed at character 19: the key "
                "\"a\" is named twice");
  check_syntax ("int 5",
                "The schema \"int 5\" is malformed at character 6: \"..\" was expected in a "
                "range such as 1..10");
  check_syntax ("int 10..1",
                "The schema \"int 10..1\" is malformed at character 10: the range is empty: "
                "nothing fits it");
  check_syntax ("int > 3 < 3",
                "The schema \"int > 3 < 3\" is malformed at character 12: the range is empty: "
                "nothing fits it");
  check_syntax ("int > 1 > 2",
                "The schema \"int > 1 > 2\" is malformed at character 10: a second lower bound");
  check_syntax ("string -1..",
                "The schema \"string -1..\" is malformed at character 8: the schema goes on "
                "after its end");
  check_syntax ("int > x",
                "The schema \"int > x\" is malformed at character 7: a number was expected");
  check_syntax ("int > 99999999999999999999",
                "The schema \"int > 99999999999999999999\" is malformed at character 7: the "
                "number 99999999999999999999 is out of range");
  check_syntax ("'open",
                "The schema \"'open\" is malformed at character 6: a quoted string does not end "
                "(a ' is missing)");
  check_syntax ("int | string",
                "The schema \"int | string\" is malformed at character 13: only 'quoted' "
                "strings and null can be joined with |");
  check_syntax ("[int", "The schema \"[int\" is malformed at character 5: \"]\" was expected");
  check_syntax ("int int",
                "The schema \"int int\" is malformed at character 5: the schema goes on after "
                "its end");
  check_syntax ("{a: int, *: int, *: bool}",
                "The schema \"{a: int, *: int, *: bool}\" is malformed at character 25: \"*\" is "
                "named twice");
  check_syntax ("int ..",
                "The schema \"int ..\" is malformed at character 7: a range needs at least one "
                "end");
  check_syntax ("{a: int", "The schema \"{a: int\" is malformed at character 8: \",\" or \"}\" "
                           "was expected");
}

static void
test_too_deep (void **state)
{
  GString *text = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxSchema) schema = NULL;
  guint i;

  for (i = 0; i < 100; i++)
    g_string_append_c (text, '[');
  g_string_append (text, "int");
  for (i = 0; i < 100; i++)
    g_string_append_c (text, ']');
  schema = rdx_schema_new (text->str, &error);
  assert_null (schema);
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_SYNTAX);
  assert_non_null (strstr (error->message, "the schema nests deeper than 64 levels"));
  g_string_free (text, TRUE);

  /* Invalid UTF-8 is refused before anything else. */
  g_clear_error (&error);
  assert_null (rdx_schema_new ("'\xff'", &error));
  assert_error (error, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_SYNTAX);
  assert_string_equal (error->message, "The schema is not valid UTF-8");
}

/* The canonical text reads back to a schema with the same text. */
static void
check_text (const char *text, const char *canonical)
{
  g_autoptr (RdxSchema) schema = rdx_schema_new (text, NULL);
  g_autoptr (RdxSchema) again = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;

  assert_non_null (schema);
  written = rdx_schema_to_string (schema);
  assert_string_equal (written, canonical);
  again = rdx_schema_new (written, NULL);
  assert_non_null (again);
  rewritten = rdx_schema_to_string (again);
  assert_string_equal (rewritten, canonical);
}

static void
test_to_string (void **state)
{
  check_text ("  int  ", "int");
  check_text ("int>0", "int > 0");
  check_text ("int >=0 <100", "int >= 0 < 100");
  check_text ("int<=5", "int <= 5");
  check_text ("int 1 .. 12", "int 1..12");
  check_text ("double 0.5..", "double 0.5..");
  check_text ("string ..200", "string ..200");
  check_text ("{id:int,title?:string 1..,'a b':bool,*:any,...}",
              "{id: int, title?: string 1.., 'a b': bool, *: any, ...}");
  check_text ("{...}", "{...}");
  check_text ("{*:int}", "{*: int}");
  check_text ("{}", "{}");
  check_text ("[ [int] ] ..3", "[[int]] ..3");
  check_text ("[]", "[]");
  check_text ("'a'|'b\\'c'|null", "'a' | 'b\\'c' | null");
  check_text ("null|{a:int}", "{a: int} | null");
  check_text ("any|null", "any");
  check_text ("null", "null");
  check_text ("bool|null", "bool | null");
}

static void
test_describe (void **state)
{
  static const struct
  {
    const char *schema;
    const char *words;
  } cases[] = {
    { "{a: int}", "a map" },
    { "[int] ..1", "a list of at most 1 element" },
    { "[int] 3..", "a list of at least 3 elements" },
    { "string ..1", "a string of at most 1 character" },
    { "'x' | 'y' | 'z' | null", "one of \"x\", \"y\" or \"z\" or null" },
    { "any", "any value" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (RdxSchema) schema = rdx_schema_new (cases[i].schema, NULL);
      g_autofree char *words = rdx_schema_describe (schema);

      assert_string_equal (words, cases[i].words);
    }
}

static void
test_boxed (void **state)
{
  g_autoptr (RdxSchema) schema = rdx_schema_new ("int", NULL);
  RdxSchema *copy = g_boxed_copy (RDX_TYPE_SCHEMA, schema);

  assert_ptr_equal (copy, schema);
  g_boxed_free (RDX_TYPE_SCHEMA, copy);
  assert_string_equal (g_type_name (RDX_TYPE_SCHEMA), "RdxSchema");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_scalars),
    rdx_test_leak_checked (test_wrong_kind_in_field),
    rdx_test_leak_checked (test_integer_ranges),
    rdx_test_leak_checked (test_double_ranges),
    rdx_test_leak_checked (test_string_rules),
    rdx_test_leak_checked (test_one_of),
    rdx_test_leak_checked (test_nullable),
    rdx_test_leak_checked (test_maps),
    rdx_test_leak_checked (test_open_maps_and_rest),
    rdx_test_leak_checked (test_lists),
    rdx_test_leak_checked (test_nesting),
    rdx_test_leak_checked (test_syntax_errors),
    rdx_test_leak_checked (test_too_deep),
    rdx_test_leak_checked (test_to_string),
    rdx_test_leak_checked (test_describe),
    rdx_test_leak_checked (test_boxed),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("schema", tests, NULL, NULL);
}
