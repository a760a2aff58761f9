/* bank-reducer.c: the bank's root reducer, made of its features' cases
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-private.h"

#include <string.h>

/* The cases of each feature, each table ending with a row whose type is
 * NULL. */
extern const RdxSliceCase bank_account_cases[];
extern const RdxSliceCase bank_transfer_cases[];
extern const RdxSliceCase bank_reversal_cases[];
extern const RdxSliceCase bank_budget_cases[];
extern const RdxSliceCase bank_ui_cases[];

/* Each feature: the keys of the state it adds, with their values before
 * the first action, and its cases. The money features share the books
 * (bank-private.h), so the root is one slice made of every feature's
 * cases; a feature's cases that work on its own key say so with a path. */
static const struct
{
  const char         *initial;
  const RdxSliceCase *cases;
} features[] = {
  { "{\"accounts\": {}, \"ledger\": {}, \"txns\": {}, \"transfers\": {}}", bank_account_cases },
  { NULL, bank_transfer_cases },
  { NULL, bank_reversal_cases },
  { "{\"budgets\": {}}", bank_budget_cases },
  { "{\"ui\": {\"selected\": null, \"search\": \"\", \"category\": \"\", \"sort\": \"date\", "
    "\"descending\": true, \"period\": \"month\", \"month\": \"\"}}",
    bank_ui_cases },
};

/**
 * bank_reducer_new:
 *
 * Makes the bank's root reducer: one slice, "bank", whose cases are
 * those of every feature, each with its payload schema, and whose state
 * starts with every feature's keys: `accounts`, `ledger`, `txns` and
 * `transfers` for the money, one key for each other feature, and `ui`,
 * what the views show, which the journal leaves out
 * (bank_journal_options_new()). docs/bank-events.md lists the actions,
 * their payloads and the rules each is refused by.
 *
 * Returns: (transfer full): the reducer
 */
RdxReducer *
bank_reducer_new (void)
{
  g_autoptr (GArray) cases = g_array_new (FALSE, TRUE, sizeof (RdxSliceCase));
  g_autoptr (RdxMapBuilder) initial = rdx_map_builder_new (NULL);
  g_autoptr (RdxValue) state = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    {
      if (features[i].initial != NULL)
        {
          g_autoptr (RdxValue) keys = rdx_value_from_json (features[i].initial, -1, NULL);
          RdxMapIter  iter;
          const char *key;
          RdxValue   *value;

          rdx_map_iter_init (&iter, keys);
          while (rdx_map_iter_next (&iter, &key, &value))
            rdx_map_builder_set (initial, key, value);
        }
      for (const RdxSliceCase *c = features[i].cases; c->type != NULL; c++)
        g_array_append_vals (cases, c, 1);
    }
  state = rdx_map_builder_end (g_steal_pointer (&initial));
  return rdx_slice_new ("bank", state, (const RdxSliceCase *) (gpointer) cases->data, cases->len);
}

/**
 * bank_action_is_transient:
 * @action: an action
 * @user_data: unused
 *
 * An #RdxJournalTransientFunc: the actions of the views (`ui.*`), which
 * the journal leaves out.
 *
 * Returns: whether @action only changes what the views show
 */
gboolean
bank_action_is_transient (RdxAction *action, gpointer user_data)
{
  return g_str_has_prefix (rdx_action_get_type_name (action), "ui.");
}

/**
 * bank_journal_options_new:
 *
 * The journal options of rdx-bank: its app id (%BANK_APP_ID), a new root
 * reducer (bank_reducer_new()), durability `sync` (a deposit is on disk
 * when its dispatch returns), the transient key `ui` and its actions, and
 * `transfers.requested` declared as a command settled by
 * `transfers.completed` or `transfers.failed` with the same `request_id`,
 * so that rdx_journal_dup_unfinished_commands() lists the transfers a
 * crash left unsettled (see bank_transfers_recover()).
 *
 * Returns: (transfer full): the options
 */
RdxJournalOptions *
bank_journal_options_new (void)
{
  g_autoptr (RdxReducer) reducer = bank_reducer_new ();
  RdxJournalOptions *options = rdx_journal_options_new (BANK_APP_ID, reducer);

  rdx_journal_options_set_durability (options, RDX_JOURNAL_DURABILITY_SYNC);
  rdx_journal_options_add_transient_key (options, "ui");
  rdx_journal_options_set_transient_func (options, bank_action_is_transient, NULL, NULL);
  rdx_journal_options_add_command (options, BANK_TRANSFERS_REQUESTED, "request_id",
                                   BANK_TRANSFERS_COMPLETED, BANK_TRANSFERS_FAILED, NULL);
  return options;
}
