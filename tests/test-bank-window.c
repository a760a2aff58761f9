/* test-bank-window.c: the rdx-bank main window (suite ui)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-application.h"
#include "bank-window.h"

#include "rdx-test.h"

static void
test_window_is_titled_and_finalized (void **state)
{
  g_autoptr (BankApplication) app = bank_application_new ();
  g_autoptr (GError) error = NULL;
  BankWindow *window = NULL;
  gpointer    weak = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  assert_true (g_application_register (G_APPLICATION (app), NULL, &error));

  window = bank_window_new (app);
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);

  assert_string_equal (gtk_window_get_title (GTK_WINDOW (window)), "rdx Bank");
  assert_ptr_equal (gtk_window_get_application (GTK_WINDOW (window)), GTK_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  assert_true (rdx_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000));

  gtk_window_destroy (GTK_WINDOW (window));
  rdx_test_iterate_until (weak == NULL, 2000);
  rdx_assert_finalized (weak);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_window_is_titled_and_finalized),
  };

  if (!gtk_init_check ())
    return RDX_TEST_SKIP;

  return cmocka_run_group_tests (tests, NULL, NULL);
}
