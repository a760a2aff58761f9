/* test-version.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rdx.h>
#include <rdx-devtools.h>

#include "bank-service.h"

#include "rdx-test.h"

static void
test_version_matches_headers (void **state)
{
  assert_int_equal (rdx_get_major_version (), RDX_MAJOR_VERSION);
  assert_int_equal (rdx_get_minor_version (), RDX_MINOR_VERSION);
  assert_int_equal (rdx_get_micro_version (), RDX_MICRO_VERSION);
}

static void
test_version_check_macro (void **state)
{
  assert_true (RDX_CHECK_VERSION (RDX_MAJOR_VERSION, RDX_MINOR_VERSION, RDX_MICRO_VERSION));
  assert_true (RDX_CHECK_VERSION (0, 0, 0));
  assert_false (RDX_CHECK_VERSION (RDX_MAJOR_VERSION + 1, 0, 0));
  assert_false (RDX_CHECK_VERSION (RDX_MAJOR_VERSION, RDX_MINOR_VERSION, RDX_MICRO_VERSION + 1));
}

/* Error domains are part of the API: programs match on their names, and a
 * formatter once spaced them out ("rdx - store - error - quark"). */
static void
test_error_domain_names (void **state)
{
  assert_string_equal (g_quark_to_string (RDX_VALUE_ERROR), "rdx-value-error-quark");
  assert_string_equal (g_quark_to_string (RDX_STORE_ERROR), "rdx-store-error-quark");
  assert_string_equal (g_quark_to_string (RDX_SCHEMA_ERROR), "rdx-schema-error-quark");
  assert_string_equal (g_quark_to_string (RDX_EFFECTS_ERROR), "rdx-effects-error-quark");
  assert_string_equal (g_quark_to_string (RDX_JOURNAL_ERROR), "rdx-journal-error-quark");
  assert_string_equal (g_quark_to_string (RDX_HISTORY_ERROR), "rdx-history-error-quark");
  assert_string_equal (g_quark_to_string (RDX_REDUCER_SETS_ERROR), "rdx-reducer-sets-error-quark");
  assert_string_equal (g_quark_to_string (BANK_SERVICE_ERROR), "bank-service-error-quark");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_version_matches_headers),
    cmocka_unit_test (test_version_check_macro),
    cmocka_unit_test (test_error_domain_names),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
