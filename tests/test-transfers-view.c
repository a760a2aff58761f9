/* test-transfers-view.c: the transfers that are pending or failed
 * (suite ui)
 *
 * usage: test-transfers-view [SCREENSHOT_FOLDER]
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <string.h>

#include "bank-transfers-view-private.h"
#include "bank-ui-test.h"

#define REASON "The bank is not answering at the moment."

typedef struct
{
  RdxStore  *store;
  GtkWindow *window;
  guint      n_dispatches;
} Fixture;

static void
count_cb (RdxStore *store, gpointer user_data)
{
  ((Fixture *) user_data)->n_dispatches++;
}

/* Checking (100.00 EUR), Savings, Other; r-1 pending (12.50 from
 * Checking to Savings), r-2 failed (5.00, with a memo), r-3 completed;
 * Checking selected. */
static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  gint64 t = BANK_TEST_START;

  f->store = rdx_store_new (reducer, NULL);
  bank_ui_test_dispatch (
    f->store, bank_action_open_account ("chk", "Checking", BANK_ACCOUNT_CHECKING, "EUR", 0, t));
  bank_ui_test_dispatch (
    f->store, bank_action_open_account ("sav", "Savings", BANK_ACCOUNT_SAVINGS, "EUR", 0, t + 1));
  bank_ui_test_dispatch (
    f->store, bank_action_open_account ("oth", "Other", BANK_ACCOUNT_SAVINGS, "EUR", 0, t + 2));
  bank_ui_test_dispatch (f->store, bank_action_deposit ("chk", "t-1", 10000, NULL, NULL, t + 3));
  bank_ui_test_dispatch (f->store,
                         bank_action_request_transfer ("r-1", "chk", "sav", 1250, NULL, t + 4));
  bank_ui_test_dispatch (f->store,
                         bank_action_request_transfer ("r-2", "chk", "sav", 500, "Rent", t + 5));
  bank_ui_test_dispatch (f->store, bank_action_fail_transfer ("r-2", REASON, "unavailable", t + 6));
  bank_ui_test_dispatch (f->store,
                         bank_action_request_transfer ("r-3", "chk", "sav", 100, NULL, t + 7));
  bank_ui_test_dispatch (f->store, bank_action_complete_transfer ("r-3", NULL, t + 8));
  bank_ui_test_dispatch (f->store, bank_action_select_account ("chk"));
  rdx_store_subscribe (f->store, count_cb, f, NULL);
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  if (f->window != NULL)
    bank_ui_test_close (f->window);
  rdx_test_finalize (&f->store);
  g_free (f);
  return 0;
}

static BankTransfersView *
show_view (Fixture *f)
{
  GtkWidget *view = bank_transfers_view_new (f->store);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  /* The view may hide itself; the window shows the box around it. */
  gtk_box_append (GTK_BOX (box), view);
  f->window = bank_ui_test_window_new (box, 480, 360);
  return BANK_TRANSFERS_VIEW (view);
}

static guint
n_rows (BankTransfersView *view)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (view->list, (int) n) != NULL)
    n++;
  return n;
}

static AdwActionRow *
row_at (BankTransfersView *view, int index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (view->list, index);

  assert_true (ADW_IS_ACTION_ROW (row));
  return ADW_ACTION_ROW (row);
}

/* The row whose subtitle contains @text, or NULL. */
static AdwActionRow *
find_row (BankTransfersView *view, const char *text)
{
  for (guint i = 0; i < n_rows (view); i++)
    if (strstr (adw_action_row_get_subtitle (row_at (view, (int) i)), text) != NULL)
      return row_at (view, (int) i);
  return NULL;
}

/* The Retry button of @row, or NULL. */
static GtkButton *
find_retry (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *button;

      if (GTK_IS_BUTTON (child) &&
          gtk_actionable_get_action_name (GTK_ACTIONABLE (child)) != NULL &&
          g_str_equal (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "transfers.retry"))
        return GTK_BUTTON (child);
      if ((button = find_retry (child)) != NULL)
        return button;
    }
  return NULL;
}

/* A pending transfer shows what it holds; a failed one its reason and a
 * Retry button; a completed one nothing. */
static void
test_pending_and_failed (void **state)
{
  Fixture           *f = *state;
  BankTransfersView *view = show_view (f);
  g_autofree char   *held = bank_format_amount (1250, "EUR");
  g_autofree char   *pending = g_strdup_printf ("Pending — %s held", held);
  AdwActionRow      *row;

  assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  assert_int_equal (n_rows (view), 2);
  row = find_row (view, pending);
  assert_non_null (row);
  assert_string_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                       "Checking → Savings");
  assert_null (find_retry (GTK_WIDGET (row)));

  row = find_row (view, REASON);
  assert_non_null (row);
  assert_non_null (strstr (adw_action_row_get_subtitle (row), "Failed"));
  assert_string_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                       "Checking → Savings · Rent");
  assert_non_null (find_retry (GTK_WIDGET (row)));
  bank_ui_test_screenshot (GTK_WIDGET (view), "bank-transfers.png");

  /* Another account: nothing concerns it, and the view hides itself. */
  bank_ui_test_dispatch (f->store, bank_action_select_account ("oth"));
  assert_int_equal (n_rows (view), 0);
  assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));

  /* No account selected: every account's. */
  bank_ui_test_dispatch (f->store, bank_action_select_account (NULL));
  assert_int_equal (n_rows (view), 2);

  /* The bank answers: the pending one goes. */
  bank_ui_test_dispatch (f->store,
                         bank_action_complete_transfer ("r-1", NULL, BANK_TEST_START + 20));
  assert_int_equal (n_rows (view), 1);
  assert_null (find_row (view, "Pending"));
}

/* Retry dispatches one new request, with the same accounts, amount and
 * memo; the failed transfer no longer needs action, the new one is
 * pending. */
static void
test_retry (void **state)
{
  Fixture           *f = *state;
  BankTransfersView *view = show_view (f);
  RdxValue          *transfers, *transfer, *retried = NULL;
  GtkButton         *retry = find_retry (GTK_WIDGET (find_row (view, REASON)));
  RdxMapIter         iter;
  const char        *id;

  assert_non_null (retry);
  gtk_widget_activate (GTK_WIDGET (retry));
  assert_true (rdx_test_iterate_until (f->n_dispatches > 0, 2000));
  bank_ui_test_wait (50);
  assert_int_equal (f->n_dispatches, 1);

  transfers = rdx_map_get_map (rdx_store_get_state (f->store), "transfers");
  assert_int_equal (rdx_map_size (transfers), 4);
  rdx_map_iter_init (&iter, transfers);
  while (rdx_map_iter_next (&iter, &id, &transfer))
    if (!g_str_has_prefix (id, "r-"))
      retried = transfer;
  assert_non_null (retried);
  assert_string_equal (rdx_map_get_string (retried, "from", ""), "chk");
  assert_string_equal (rdx_map_get_string (retried, "to", ""), "sav");
  assert_int_equal (rdx_map_get_int (retried, "amount", 0), 500);
  assert_string_equal (rdx_map_get_string (retried, "memo", ""), "Rent");
  assert_string_equal (rdx_map_get_string (retried, "status", ""), "pending");
  assert_string_equal (rdx_map_get_string (rdx_value_lookup (rdx_store_get_state (f->store),
                                                             "/transfers/r-2", RDX_VALUE_MAP, NULL),
                                           "status", ""),
                       "failed");

  assert_null (find_row (view, REASON));
  assert_int_equal (n_rows (view), 2); /* r-1 and the new request, both pending */

  /* Retry again (a second click that came late): nothing more. */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "transfers.retry", "s", "r-2"));
  assert_int_equal (f->n_dispatches, 1);
  assert_false (gtk_widget_get_visible (GTK_WIDGET (view->error_label)));
}

/* A Retry the reducer refuses says why, and the failed transfer stays. */
static void
test_retry_refused (void **state)
{
  Fixture           *f = *state;
  BankTransfersView *view = show_view (f);

  /* What is left after the pending 12.50 (and the 1.00 sent) goes. */
  bank_ui_test_dispatch (f->store, bank_action_withdraw ("chk", "t-2", 10000 - 1250 - 100, NULL,
                                                         NULL, BANK_TEST_START + 30));
  f->n_dispatches = 0;
  assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "transfers.retry", "s", "r-2"));
  assert_int_equal (f->n_dispatches, 0);
  assert_true (gtk_widget_get_visible (GTK_WIDGET (view->error_label)));
  assert_non_null (strstr (gtk_label_get_label (view->error_label), "insufficient funds"));
  assert_non_null (find_row (view, REASON));

  /* A transfer that did not fail is not retried. */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "transfers.retry", "s", "r-1"));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "transfers.retry", "s", "nope"));
  assert_int_equal (f->n_dispatches, 0);
}

/* The demo's history: on day 20 a transfer fails and is tried again an
 * hour later, and every other transfer settled. Nothing needs action
 * until the failure is the last word. */
static void
test_demo (void **state)
{
  RdxStore          *store = bank_ui_test_store_new (60);
  BankTransfersView *view =
    BANK_TRANSFERS_VIEW (g_object_ref_sink (bank_transfers_view_new (store)));
  gpointer    weak = view;
  RdxValue   *transfers = rdx_map_get_map (rdx_store_get_state (store), "transfers");
  RdxMapIter  iter;
  RdxValue   *transfer;
  const char *id, *failed_id = NULL;

  rdx_map_iter_init (&iter, transfers);
  while (rdx_map_iter_next (&iter, &id, &transfer))
    if (g_str_equal (rdx_map_get_string (transfer, "status", ""), "failed"))
      {
        assert_null (failed_id);
        failed_id = id;
      }
  assert_non_null (failed_id);
  bank_ui_test_dispatch (store, bank_action_select_account (NULL));
  assert_int_equal (n_rows (view), 0);
  assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));

  /* A new request for another amount is no retry of it. */
  bank_ui_test_dispatch (
    store, bank_action_request_transfer ("r-new", "acc-1", "acc-2", 1, NULL, BANK_TEST_START));
  assert_int_equal (n_rows (view), 1);
  assert_non_null (find_row (view, "Pending"));

  g_object_add_weak_pointer (G_OBJECT (view), &weak);
  g_object_unref (view);
  rdx_assert_finalized (weak);
  rdx_test_finalize (&store);
}

/* Without transfers, or without a store, it shows nothing; it lets go
 * of the store. */
static void
test_empty (void **state)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  RdxStore  *store = rdx_store_new (reducer, NULL);
  GtkWidget *view = g_object_ref_sink (bank_transfers_view_new (NULL));
  gpointer   weak = view;

  assert_false (gtk_widget_get_visible (view));
  bank_transfers_view_set_store (BANK_TRANSFERS_VIEW (view), store);
  assert_ptr_equal (bank_transfers_view_get_store (BANK_TRANSFERS_VIEW (view)), store);
  assert_false (gtk_widget_get_visible (view));
  g_object_add_weak_pointer (G_OBJECT (view), &weak);
  g_object_unref (view);
  rdx_assert_finalized (weak);
  rdx_test_finalize (&store);
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_pending_and_failed, setup, teardown),
    cmocka_unit_test_setup_teardown (test_retry, setup, teardown),
    cmocka_unit_test_setup_teardown (test_retry_refused, setup, teardown),
    cmocka_unit_test (test_demo),
    cmocka_unit_test (test_empty),
  };
  int status = bank_ui_test_init (argc, argv);

  if (status != 0)
    return status;
  setlocale (LC_ALL, "C");
  return cmocka_run_group_tests (tests, NULL, NULL);
}
