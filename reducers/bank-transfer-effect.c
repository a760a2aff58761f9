/* bank-transfer-effect.c: transfers settled by the bank service
 *
 * The command `transfers.requested` (or `transfers.resumed` after a
 * restart) starts an effect that hands the pending transfer to the
 * BankService; its answer comes back as the event `transfers.completed`
 * or `transfers.failed`, carrying the transfer's own request id, so the
 * journal pairs it with its command and a restart can tell which
 * transfers never heard back.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#define MAX_REASON 500

static const char *
failure_code (const GError *error)
{
  if (error->domain != BANK_SERVICE_ERROR)
    return "failed";
  switch (error->code)
    {
      case BANK_SERVICE_ERROR_INVALID:
        return "invalid";
      case BANK_SERVICE_ERROR_UNAVAILABLE:
        return "unavailable";
      case BANK_SERVICE_ERROR_LIMIT_EXCEEDED:
        return "limit";
      case BANK_SERVICE_ERROR_DECLINED:
        return "declined";
      default:
        return "failed";
    }
}

static void
settled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RdxEffectTask) task = user_data;
  BankService *service = BANK_SERVICE (source);
  const char  *request_id =
    rdx_map_get_string (rdx_effect_task_get_payload (task), "request_id", "");
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) receipt = bank_service_submit_finish (service, result, &error);
  g_autoptr (RdxAction) outcome = NULL;
  g_autofree char *reason = NULL;

  if (receipt != NULL)
    outcome = bank_action_complete_transfer (
      request_id, rdx_map_get_string (receipt, "confirmation", NULL),
      rdx_map_get_int (receipt, "settled_at",
                       bank_clock_get_time (bank_service_get_clock (service))));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      reason = g_utf8_strlen (error->message, -1) > MAX_REASON
                 ? g_utf8_substring (error->message, 0, MAX_REASON)
                 : g_strdup (error->message);
      outcome = bank_action_fail_transfer (request_id, reason, failure_code (error),
                                           bank_clock_get_time (bank_service_get_clock (service)));
    }
  /* A cancelled task (the store went away) dispatches nothing: the
   * transfer stays pending in the journal, for bank_transfers_recover(). */
  if (outcome != NULL)
    rdx_effect_task_dispatch_action (task, outcome);
  rdx_effect_task_return_value (task, NULL);
}

static void
settle_transfer (RdxEffectTask *task, gpointer user_data)
{
  BankService *service = user_data;
  const char  *request_id =
    rdx_map_get_string (rdx_effect_task_get_payload (task), "request_id", "");
  RdxValue *transfer =
    rdx_map_get (rdx_map_get_map (rdx_effect_task_get_state (task), "transfers"), request_id);

  /* The reducer accepted the command, so the transfer is pending, with
   * the "from", "to" and "amount" the bank needs. */
  bank_service_submit_async (service, BANK_OPERATION_TRANSFER, transfer,
                             rdx_effect_task_get_cancellable (task), settled_cb,
                             rdx_effect_task_ref (task));
}

/**
 * bank_transfer_effect_add:
 * @effects: the effects of the bank's store
 * @service: the bank that settles transfers
 *
 * Registers the effect that settles transfers: each `transfers.requested`
 * (and `transfers.resumed`) the reducer accepts hands the pending
 * transfer to @service, and its answer is dispatched as
 * `transfers.completed` (with the bank's confirmation and the time it
 * settled) or `transfers.failed` (with the reason, and a code:
 * "unavailable", "limit", "declined", "invalid"), both carrying the
 * transfer's `request_id`. The effect dispatches no lifecycle actions of
 * its own. A task cancelled because the store went away dispatches
 * nothing; the journal then lists its command as unfinished
 * (bank_transfers_recover()).
 */
void
bank_transfer_effect_add (RdxEffects *effects, BankService *service)
{
  static const char *const commands[] = { BANK_TRANSFERS_REQUESTED, BANK_TRANSFERS_RESUMED };

  g_return_if_fail (RDX_IS_EFFECTS (effects));
  g_return_if_fail (BANK_IS_SERVICE (service));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      RdxEffect *effect = rdx_effects_add (effects, commands[i], settle_transfer,
                                           g_object_ref (service), g_object_unref);

      rdx_effect_set_result_types (effect, NULL, NULL, NULL, NULL);
    }
}

/**
 * bank_transfers_recover:
 * @store: the bank's store, made from the journal
 * @unfinished: (element-type RdxAction): the commands the journal found
 *   unfinished (rdx_journal_dup_unfinished_commands() with the options of
 *   bank_journal_options_new())
 * @recovery: what to do with each transfer still pending
 * @now: the time of the recovery, in microseconds since the Unix epoch
 * @n_recovered: (out) (optional): how many transfers were resumed or
 *   failed
 * @error: return location for a #GError
 *
 * Settles, after a crash, the transfers that never heard back from the
 * bank, so none stays pending forever: with %BANK_RECOVERY_RESUME each is
 * asked for again (`transfers.resumed`; the effect of
 * bank_transfer_effect_add() hands it to the bank, whose answer completes
 * or fails it as usual), with %BANK_RECOVERY_INTERRUPT each fails
 * (`transfers.failed`, code "interrupted"), releasing what it held.
 * Commands whose transfer is no longer pending are skipped.
 *
 * Returns: %TRUE, or %FALSE with @error set when the store refused one
 *   (the ones before it are recovered)
 */
gboolean
bank_transfers_recover (RdxStore    *store,
                        GPtrArray   *unfinished,
                        BankRecovery recovery,
                        gint64       now,
                        guint       *n_recovered,
                        GError     **error)
{
  guint n = 0;

  g_return_val_if_fail (RDX_IS_STORE (store), FALSE);
  g_return_val_if_fail (unfinished != NULL, FALSE);

  for (guint i = 0; i < unfinished->len; i++)
    {
      RdxAction  *command = unfinished->pdata[i];
      const char *request_id =
        rdx_map_get_string (rdx_action_get_payload (command), "request_id", NULL);
      RdxValue  *transfers = rdx_map_get_map (rdx_store_get_state (store), "transfers");
      RdxAction *action;

      if (!rdx_action_is (command, BANK_TRANSFERS_REQUESTED) || request_id == NULL ||
          g_strcmp0 (rdx_map_get_string (rdx_map_get (transfers, request_id), "status", NULL),
                     "pending") != 0)
        continue;
      if (recovery == BANK_RECOVERY_RESUME)
        action = bank_action_resume_transfer (request_id, now);
      else
        action = bank_action_fail_transfer (request_id,
                                            "The application stopped before the bank answered, "
                                            "so the transfer did not happen. Try it again.",
                                            "interrupted", now);
      if (!rdx_store_dispatch_take (store, action, error))
        {
          if (n_recovered != NULL)
            *n_recovered = n;
          return FALSE;
        }
      n++;
    }
  if (n_recovered != NULL)
    *n_recovered = n;
  return TRUE;
}
