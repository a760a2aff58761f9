/* bank-ui-test.c: what the tests of rdx-bank's views share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-ui-test.h"

#include <glib/gstdio.h>

#include "rdx-debugger-window-private.h"

static char *screenshot_dir;

/* Sets the tests up: GTK and libadwaita (the views' look is the app's),
 * and the folder screenshots go to, from the first argument. Returns
 * RDX_TEST_SKIP without a display, 0 otherwise. */
int
bank_ui_test_init (int argc, char **argv)
{
  if (!gtk_init_check ())
    return RDX_TEST_SKIP;
  adw_init ();
  if (argc > 1)
    {
      screenshot_dir = g_strdup (argv[1]);
      g_mkdir_with_parents (screenshot_dir, 0755);
    }
  return 0;
}

/* Dispatches @action (transfer full), which must be accepted. */
void
bank_ui_test_dispatch (RdxStore *store, RdxAction *action)
{
  g_autoptr (GError) error = NULL;

  if (!rdx_store_dispatch_take (store, action, &error))
    fail_msg ("%s", error->message);
}

/* A store with @n_days of the demo's history from 2024-01-01 (3 accounts),
 * the first account selected. */
RdxStore *
bank_ui_test_store_new (guint n_days)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  RdxStore *store = rdx_store_new (reducer, NULL);
  g_autoptr (GPtrArray) actions =
    bank_demo_generate (BANK_DEMO_SEED, BANK_DEMO_ACCOUNTS, BANK_TEST_START, n_days, 0);

  for (guint i = 0; i < actions->len; i++)
    bank_ui_test_dispatch (store, rdx_action_ref (actions->pdata[i]));
  bank_ui_test_dispatch (store, bank_action_select_account ("acc-1"));
  return store;
}

/* Iterates the main context for @ms milliseconds. */
void
bank_ui_test_wait (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* A plain window of @width × @height around @view, shown and drawn. */
GtkWindow *
bank_ui_test_window_new (GtkWidget *view, int width, int height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  g_object_ref_sink (window);
  gtk_window_set_default_size (window, width, height);
  gtk_widget_set_margin_start (view, 18);
  gtk_widget_set_margin_end (view, 18);
  gtk_widget_set_margin_top (view, 18);
  gtk_widget_set_margin_bottom (view, 18);
  gtk_window_set_child (window, view);
  gtk_window_present (window);
  assert_true (rdx_test_iterate_until (gtk_widget_get_mapped (view), 5000));
  bank_ui_test_wait (200);
  return window;
}

/* Destroys the window, and asserts it was finalized. */
void
bank_ui_test_close (GtkWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (window);
  g_object_unref (window);
  rdx_test_iterate_until (weak == NULL, 2000);
  rdx_assert_finalized (weak);
}

/* Saves @widget as it is now into NAME in the screenshots' folder. */
void
bank_ui_test_screenshot (GtkWidget *widget, const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (screenshot_dir == NULL)
    return;
  bank_ui_test_wait (300);
  path = g_build_filename (screenshot_dir, name, NULL);
  if (!rdx_debugger_save_png (widget, path, &error))
    fail_msg ("%s", error->message);
}
