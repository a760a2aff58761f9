/* time-travel.c: a history attached to a store with effects and a journal
 * (docs/time-travel.md, "Attaching") */
#include <locale.h>
#include <rdx-devtools.h>
#include <rdx.h>

#define TYPE_ERROR (g_quark_from_static_string ("time-travel-example"))

/* The balance, in cents; a deposit that would overflow it is refused. */
static RdxValue *
bank_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  gint64 balance, amount, sum;

  if (state == NULL)
    return rdx_map_new_take ("balance", rdx_value_new_int (0), NULL);
  if (!rdx_action_is (action, "accounts.deposit"))
    return rdx_value_ref (state);

  balance = rdx_value_get_int (rdx_map_get (state, "balance"));
  amount = rdx_value_get_int (rdx_map_get (rdx_action_get_payload (action), "amount"));
  if (__builtin_add_overflow (balance, amount, &sum))
    {
      g_set_error_literal (error, TYPE_ERROR, 1, "The deposit would overflow the balance.");
      return NULL;
    }
  return rdx_map_set_take (state, "balance", rdx_value_new_int (sum));
}

static RdxJournal *
open_journal (RdxReducer *reducer)
{
  g_autoptr (RdxJournalOptions) options = rdx_journal_options_new ("org.example.Bank", reducer);
  g_autoptr (GError) error = NULL;
  RdxJournal *journal = rdx_journal_open (RDX_JOURNAL_IN_MEMORY, options, &error);

  if (journal == NULL)
    g_error ("%s", error->message);
  return journal;
}

static void
deposit (RdxStore *store, gint64 amount)
{
  g_autoptr (RdxValue) payload = rdx_map_new_take ("amount", rdx_value_new_int (amount), NULL);
  g_autoptr (GError) error = NULL;

  if (!rdx_store_dispatch_take (store, rdx_action_new ("accounts.deposit", payload), &error))
    g_error ("%s", error->message);
}

static gint64
balance (RdxStore *store)
{
  return rdx_value_get_int (rdx_map_get (rdx_store_get_state (store), "balance"));
}

int
main (void)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reduce, NULL, NULL);
  g_autoptr (RdxJournal) journal = open_journal (reducer);
  g_autoptr (RdxEffects) effects = rdx_effects_new ();
  g_autoptr (RdxHistory) history = rdx_history_new ("org.example.Bank");
  g_autoptr (RdxMiddleware) journal_middleware = rdx_journal_middleware_new (journal);
  g_autoptr (RdxStore) store = NULL;

  setlocale (LC_ALL, "");

  /* The history first, the journal last; each tool's middleware. */
  store = rdx_store_new_with_middleware (
    reducer, rdx_journal_get_state (journal), rdx_history_get_middleware (history),
    rdx_effects_get_middleware (effects), journal_middleware, NULL);

  deposit (store, 10000);
  deposit (store, 2500);

  /* Back to the first deposit: the store shows it, no reducer runs, the
   * journal keeps both. */
  rdx_history_jump (history, 1);
  g_print ("shown: %" G_GINT64_FORMAT ", journaled: %" G_GUINT64_FORMAT "\n", balance (store),
           rdx_journal_get_last_sequence (journal));
  if (balance (store) != 10000 || rdx_journal_get_last_sequence (journal) != 2)
    return 1;

  rdx_history_jump (history, 2);
  return balance (store) == 12500 ? 0 : 1;
}
