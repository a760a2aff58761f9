/* test-value-typed.c: typed getters with a default, and lookups that say
 * what is missing or mistyped
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

static RdxValue *
sample (void)
{
  return rdx_value_from_json ("{\"amount\":250,\"rate\":1.5,\"ok\":true,\"name\":\"Ada\","
                              "\"tags\":[\"a\",\"b\"],\"meta\":{\"n\":3},\"none\":null}",
                              -1, NULL);
}

static void
test_getters (void **state)
{
  g_autoptr (RdxValue) map = sample ();

  assert_int_equal (rdx_map_get_int (map, "amount", -1), 250);
  assert_int_equal (rdx_map_get_int (map, "name", -1), -1); /* another kind */
  assert_int_equal (rdx_map_get_int (map, "missing", 7), 7);
  assert_true (rdx_map_get_double (map, "rate", 0) == 1.5);
  assert_true (rdx_map_get_double (map, "amount", 0) == 250.0); /* integers are numbers */
  assert_true (rdx_map_get_double (map, "ok", -2) == -2);
  assert_true (rdx_map_get_bool (map, "ok", FALSE));
  assert_true (rdx_map_get_bool (map, "none", TRUE));
  assert_string_equal (rdx_map_get_string (map, "name", NULL), "Ada");
  assert_null (rdx_map_get_string (map, "amount", NULL));
  assert_string_equal (rdx_map_get_string (map, "missing", "?"), "?");
  assert_int_equal (rdx_list_length (rdx_map_get_list (map, "tags")), 2);
  assert_int_equal (rdx_list_length (rdx_map_get_list (map, "meta")), 0);
  assert_int_equal (rdx_map_get_int (rdx_map_get_map (map, "meta"), "n", 0), 3);
  /* Chains through what is missing. */
  assert_int_equal (rdx_map_get_int (rdx_map_get_map (map, "nothing"), "n", -5), -5);
  assert_int_equal (rdx_map_size (rdx_map_get_map (map, "tags")), 0);
  /* Not a map, or no map at all: the default. */
  assert_int_equal (rdx_map_get_int (NULL, "amount", 9), 9);
  assert_int_equal (rdx_map_get_int (rdx_map_get (map, "tags"), "amount", 9), 9);
}

static void
check_lookup_error (RdxValue    *root,
                    const char  *path,
                    RdxValueKind kind,
                    GQuark       domain,
                    int          code,
                    const char  *message)
{
  g_autoptr (GError) error = NULL;

  assert_null (rdx_value_lookup (root, path, kind, &error));
  assert_error (error, domain, code);
  if (strcmp (error->message, message) != 0)
    print_message ("expected: %s\n     got: %s\n", message, error->message);
  assert_string_equal (error->message, message);
}

static void
test_lookup (void **state)
{
  g_autoptr (RdxValue) root = rdx_value_from_json (
    "{\"accounts\":{\"acc-1\":{\"balance\":\"10\",\"log\":[1,2]}},\"a/b\":{\"c\":true}}", -1, NULL);
  g_autoptr (GError) error = NULL;

  assert_ptr_equal (rdx_value_lookup (root, "/accounts/acc-1/log/1", RDX_VALUE_INT, &error),
                    rdx_value_get_path (root, "/accounts/acc-1/log/1"));
  assert_null (error);
  assert_true (rdx_value_get_bool (rdx_value_lookup (root, "/a~1b/c", RDX_VALUE_BOOL, NULL)));
  assert_ptr_equal (rdx_value_lookup (root, "", RDX_VALUE_MAP, NULL), root);

  check_lookup_error (root, "/accounts/acc-9/balance", RDX_VALUE_INT, RDX_SCHEMA_ERROR,
                      RDX_SCHEMA_ERROR_MISSING,
                      "/accounts/acc-9/balance is missing: /accounts has no key \"acc-9\"");
  check_lookup_error (root, "/accounts/acc-1/balance", RDX_VALUE_INT, RDX_SCHEMA_ERROR,
                      RDX_SCHEMA_ERROR_KIND, "/accounts/acc-1/balance is a string, not an integer");
  check_lookup_error (root, "/accounts/acc-1/log/2", RDX_VALUE_INT, RDX_SCHEMA_ERROR,
                      RDX_SCHEMA_ERROR_MISSING,
                      "/accounts/acc-1/log/2 is missing: /accounts/acc-1/log is a list of 2 "
                      "elements");
  check_lookup_error (root, "/accounts/acc-1/log/x", RDX_VALUE_INT, RDX_SCHEMA_ERROR,
                      RDX_SCHEMA_ERROR_MISSING,
                      "/accounts/acc-1/log/x is missing: /accounts/acc-1/log is a list of 2 "
                      "elements");
  check_lookup_error (root, "/accounts/acc-1/balance/x", RDX_VALUE_INT, RDX_SCHEMA_ERROR,
                      RDX_SCHEMA_ERROR_MISSING,
                      "/accounts/acc-1/balance/x is missing: /accounts/acc-1/balance is a "
                      "string, not a map or a list");
  check_lookup_error (root, "/nope", RDX_VALUE_MAP, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_MISSING,
                      "/nope is missing: the root has no key \"nope\"");
  check_lookup_error (root, "", RDX_VALUE_LIST, RDX_SCHEMA_ERROR, RDX_SCHEMA_ERROR_KIND,
                      "the root is a map, not a list");
  check_lookup_error (root, "accounts", RDX_VALUE_MAP, RDX_VALUE_ERROR,
                      RDX_VALUE_ERROR_INVALID_PATH,
                      "The path \"accounts\" does not start with '/' (paths are JSON Pointers, "
                      "such as \"/accounts/acc-1\")");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_getters),
    rdx_test_leak_checked (test_lookup),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("value-typed", tests, NULL, NULL);
}
