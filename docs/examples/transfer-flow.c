/* transfer-flow.c: a transfer, from request to settled or failed
 *
 * The example of docs/middleware.md, built and run by the tests so the
 * documentation stays true. A pure reducer keeps accounts and transfers;
 * an effect sends each requested transfer to the (simulated) bank and its
 * outcome comes back as an action; the logger writes a record per action
 * when RDX_LOG=1 is set.
 *
 * It runs on a manual clock, so it finishes at once and always the same
 * way; an app passes bank_clock_new_system () instead.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <rdx.h>

#include "bank-service.h"

#define FLOW_ERROR (g_quark_from_static_string ("transfer-flow-error"))

/* The reducer: pure. The state is
 *   {"accounts":  {"acc-1": {"balance": cents, "reserved": cents}, ...},
 *    "transfers": {"<request id>": {"status": ..., "from", "to", "amount",
 *                                   "confirmation" or "reason"}}}
 * Money in flight is reserved, so a second transfer cannot spend it. */

static gint64
get_int (RdxValue *state, const char *format, const char *id)
{
  g_autofree char *path = g_strdup_printf (format, id);
  RdxValue        *value = rdx_value_get_path (state, path);

  return value != NULL ? rdx_value_get_int (value) : 0;
}

static RdxValue *
set_int (RdxValue *state, const char *format, const char *id, gint64 value)
{
  g_autofree char *path = g_strdup_printf (format, id);
  g_autoptr (RdxValue) number = rdx_value_new_int (value);

  return rdx_value_set_path (state, path, number, NULL);
}

/* Moves @delta cents into (or, negative, out of) a field of an account. */
static RdxValue *
add_to (RdxValue *state, const char *account, const char *field, gint64 delta)
{
  g_autofree char *format = g_strdup_printf ("/accounts/%%s/%s", field);

  return set_int (state, format, account, get_int (state, format, account) + delta);
}

static const char *
str (RdxValue *map, const char *key)
{
  RdxValue *value = rdx_map_get (map, key);

  return value != NULL && rdx_value_is_string (value) ? rdx_value_get_string (value) : NULL;
}

/* "transfers.requested" changes nothing, but refuses what cannot work. */
static gboolean
check_request (RdxValue *state, RdxValue *request, GError **error)
{
  const char      *from = str (request, "from"), *to = str (request, "to");
  RdxValue        *amount = rdx_map_get (request, "amount");
  g_autofree char *from_path = g_strdup_printf ("/accounts/%s", from ? from : "");
  g_autofree char *to_path = g_strdup_printf ("/accounts/%s", to ? to : "");

  if (from == NULL || to == NULL || rdx_value_get_path (state, from_path) == NULL ||
      rdx_value_get_path (state, to_path) == NULL || g_str_equal (from, to))
    {
      g_set_error_literal (error, FLOW_ERROR, 1, "A transfer needs two different accounts.");
      return FALSE;
    }
  if (amount == NULL || !rdx_value_is_int (amount) || rdx_value_get_int (amount) <= 0)
    {
      g_set_error_literal (error, FLOW_ERROR, 2, "The amount must be a positive number of cents.");
      return FALSE;
    }
  if (rdx_value_get_int (amount) > get_int (state, "/accounts/%s/balance", from) -
                                     get_int (state, "/accounts/%s/reserved", from))
    {
      g_set_error (error, FLOW_ERROR, 3, "%s does not have that much available.", from);
      return FALSE;
    }
  return TRUE;
}

/* Replaces *@value with @next, which it takes. */
static void
replace (RdxValue **value, RdxValue *next)
{
  rdx_value_unref (*value);
  *value = next;
}

/* The lifecycle actions carry {"request_id", "request", ...}. */
static RdxValue *
apply_outcome (RdxValue *state, RdxAction *action)
{
  RdxValue        *payload = rdx_action_get_payload (action);
  RdxValue        *request = rdx_map_get (payload, "request");
  const char      *from = str (request, "from"), *to = str (request, "to");
  gint64           amount = rdx_value_get_int (rdx_map_get (request, "amount"));
  g_autofree char *path = g_strdup_printf ("/transfers/%" G_GINT64_FORMAT,
                                           rdx_value_get_int (rdx_map_get (payload, "request_id")));
  g_autoptr (RdxValue) next = rdx_value_ref (state);
  g_autoptr (RdxValue) transfer = NULL;
  const char *status;

  if (rdx_action_is (action, "transfers.pending"))
    {
      /* The money is set aside until the bank answers. */
      status = "pending";
      replace (&next, add_to (next, from, "reserved", amount));
      transfer =
        rdx_map_new_take ("from", rdx_value_new_string (from), "to", rdx_value_new_string (to),
                          "amount", rdx_value_new_int (amount), NULL);
    }
  else if (rdx_action_is (action, "transfers.completed"))
    {
      RdxValue *receipt = rdx_map_get (payload, "result");

      status = "settled";
      replace (&next, add_to (next, from, "reserved", -amount));
      replace (&next, add_to (next, from, "balance", -amount));
      replace (&next, add_to (next, to, "balance", amount));
      transfer = rdx_map_set (rdx_value_get_path (state, path), "confirmation",
                              rdx_map_get (receipt, "confirmation"));
    }
  else
    {
      /* Failed (the error says why) or cancelled: the money is free again. */
      RdxValue *error = rdx_map_get (payload, "error");

      status = rdx_action_is (action, "transfers.failed") ? "failed" : "cancelled";
      replace (&next, add_to (next, from, "reserved", -amount));
      transfer = error != NULL ? rdx_map_set (rdx_value_get_path (state, path), "reason",
                                              rdx_map_get (error, "message"))
                               : rdx_value_ref (rdx_value_get_path (state, path));
    }

  replace (&transfer, rdx_map_set_take (transfer, "status", rdx_value_new_string (status)));
  return rdx_value_set_path (next, path, transfer, NULL);
}

static RdxValue *
bank_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  if (state == NULL)
    return rdx_map_new_take ("accounts", rdx_map_new (), "transfers", rdx_map_new (), NULL);

  if (rdx_action_is (action, "transfers.requested"))
    return check_request (state, rdx_action_get_payload (action), error) ? rdx_value_ref (state)
                                                                         : NULL;
  if (rdx_action_is (action, "transfers.pending") ||
      rdx_action_is (action, "transfers.completed") || rdx_action_is (action, "transfers.failed") ||
      rdx_action_is (action, "transfers.cancelled"))
    return apply_outcome (state, action);
  return rdx_value_ref (state);
}

/* The effect: impure, asynchronous, on the store's main context. */

static void
transfer_settled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RdxEffectTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) receipt = NULL;

  receipt = bank_service_submit_finish (BANK_SERVICE (source), result, &error);
  if (receipt != NULL)
    rdx_effect_task_return_value (task, receipt); /* → transfers.completed */
  else
    rdx_effect_task_return_error (task, g_steal_pointer (&error)); /* → transfers.failed */
}

static void
settle_transfer (RdxEffectTask *task, gpointer user_data)
{
  BankService *bank = user_data;

  /* The payload of "transfers.requested" is the bank's request as it is. */
  bank_service_submit_async (bank, BANK_OPERATION_TRANSFER, rdx_effect_task_get_payload (task),
                             rdx_effect_task_get_cancellable (task), transfer_settled_cb,
                             rdx_effect_task_ref (task));
}

/* A blocking effect, run in a worker thread: saves the state, as it was
 * right after the command, to the file the command names. */
static RdxValue *
save_backup (RdxEffectTask *task, gpointer user_data, GCancellable *cancellable, GError **error)
{
  const char      *path = rdx_value_get_string (rdx_effect_task_get_payload (task));
  g_autofree char *json = rdx_value_to_json (rdx_effect_task_get_state (task));

  if (!g_file_set_contents (path, json, -1, error))
    return NULL;                                     /* → backup.save.rejected */
  return rdx_value_new_int ((gint64) strlen (json)); /* → backup.save.fulfilled */
}

/* Wiring it up */

static RdxValue *
account_new (gint64 balance)
{
  return rdx_map_new_take ("balance", rdx_value_new_int (balance), "reserved",
                           rdx_value_new_int (0), NULL);
}

static RdxStore *
make_store (BankService *bank, RdxEffects *effects, RdxLogger *logger)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reducer, NULL, NULL);
  g_autoptr (RdxValue) initial = rdx_map_new_take (
    "accounts", rdx_map_new_take ("acc-1", account_new (150000), "acc-2", account_new (2000), NULL),
    "transfers", rdx_map_new (), NULL);
  RdxEffect *effect;

  /* Command → events: the effect starts on "transfers.requested" and its
   * lifecycle gets the bank's names. A transfer that hangs is failed after
   * 30 s (of real time) with a timeout error. */
  effect = rdx_effects_add (effects, "transfers.requested", settle_transfer, g_object_ref (bank),
                            g_object_unref);
  rdx_effect_set_result_types (effect, "transfers.pending", "transfers.completed",
                               "transfers.failed", "transfers.cancelled");
  rdx_effect_set_timeout (effect, 30000);

  /* Blocking work goes to a thread; pending, fulfilled and rejected are
   * dispatched on the store's context. */
  rdx_effects_add_thread (effects, "backup.save", save_backup, NULL, NULL);

  /* The logger never writes account numbers; it is on with RDX_LOG=1. */
  rdx_logger_redact_key (logger, "iban");

  /* Effects first, so they start after the logger and the reducer saw the
   * command; the logger last, so it times the reducer alone. */
  return rdx_store_new_with_middleware (reducer, initial, rdx_effects_get_middleware (effects),
                                        rdx_logger_get_middleware (logger), NULL);
}

static gboolean
request_transfer (RdxStore *store, const char *from, const char *to, gint64 amount)
{
  g_autoptr (GError) error = NULL;
  RdxValue *payload =
    rdx_map_new_take ("from", rdx_value_new_string (from), "to", rdx_value_new_string (to),
                      "amount", rdx_value_new_int (amount), NULL);

  if (rdx_store_dispatch_take (store, rdx_action_new_take ("transfers.requested", payload), &error))
    return TRUE;
  g_print ("refused: %s\n", error->message);
  return FALSE;
}

static void
print_transfers (RdxStore *store)
{
  RdxValue *transfers = rdx_map_get (rdx_store_get_state (store), "transfers");
  g_autoptr (GPtrArray) ids = rdx_map_get_sorted_keys (transfers);
  guint i;

  for (i = 0; i < ids->len; i++)
    {
      RdxValue *t = rdx_map_get (transfers, ids->pdata[i]);
      gint64    amount = rdx_value_get_int (rdx_map_get (t, "amount"));

      g_print ("transfer %s: %s -> %s %" G_GINT64_FORMAT ".%02d %s %s\n", (char *) ids->pdata[i],
               str (t, "from"), str (t, "to"), amount / 100, (int) (amount % 100),
               str (t, "status"),
               str (t, "confirmation") ? str (t, "confirmation")
                                       : (str (t, "reason") ? str (t, "reason") : ""));
    }
}

int
main (void)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (G_GINT64_CONSTANT (1700000000000000));
  g_autoptr (BankService) bank = bank_service_new (clock, 7);
  g_autoptr (RdxEffects) effects = rdx_effects_new ();
  g_autoptr (RdxLogger) logger = rdx_logger_new ();
  g_autoptr (RdxStore) store = NULL;
  g_autofree char *tmpdir = NULL, *backup = NULL, *json = NULL, *expected = NULL;
  gboolean         saved;
  RdxValue        *state;
  gboolean         ok;

  setlocale (LC_ALL, "");

  /* The bank settles in 0.2 to 0.8 s, and lets an account send at most
   * 1,000.00 a day. */
  bank_service_set_latency (bank, 200, 800);
  bank_service_set_daily_limit (bank, 100000);
  store = make_store (bank, effects, logger);

  request_transfer (store, "acc-1", "acc-2", 30000);  /* 300.00: settles */
  request_transfer (store, "acc-1", "acc-2", 120000); /* 1,200.00: over the daily limit */
  request_transfer (store, "acc-2", "acc-1", 900000); /* refused: not that much money */
  print_transfers (store);

  /* Let time pass until the bank has answered everything. */
  while (bank_service_get_n_in_flight (bank) > 0 || rdx_effects_get_n_running (effects) > 0)
    {
      bank_clock_advance (clock, 100);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  print_transfers (store);

  /* Save a backup in a thread, and wait for it. */
  tmpdir = g_dir_make_tmp ("transfer-flow-XXXXXX", NULL);
  backup = g_build_filename (tmpdir, "backup.json", NULL);
  rdx_store_dispatch_take (
    store, rdx_action_new_take ("backup.save", rdx_value_new_string (backup)), NULL);
  while (rdx_effects_get_n_running (effects) > 0)
    g_main_context_iteration (NULL, TRUE);
  saved = g_file_get_contents (backup, &json, NULL, NULL);
  g_unlink (backup);
  g_rmdir (tmpdir);

  state = rdx_store_get_state (store);
  expected = rdx_value_to_json (state);
  ok = saved && g_str_equal (json, expected) &&
       get_int (state, "/accounts/%s/balance", "acc-1") == 120000 &&
       get_int (state, "/accounts/%s/balance", "acc-2") == 32000 &&
       get_int (state, "/accounts/%s/reserved", "acc-1") == 0 &&
       g_str_equal (str (rdx_value_get_path (state, "/transfers/1"), "status"), "settled") &&
       g_str_equal (str (rdx_value_get_path (state, "/transfers/2"), "status"), "failed") &&
       rdx_value_get_path (state, "/transfers/3") == NULL;
  g_print ("%s\n", ok ? "as expected" : "UNEXPECTED");
  return ok ? 0 : 1;
}
