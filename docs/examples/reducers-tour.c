/* reducers-tour.c: the examples of docs/reducers.md, run by the tests;
 * each one checks what the page says it does. */
#include <locale.h>
#include <rdx.h>
#include <string.h>

static void
expect (const char *got, const char *expected)
{
  if (g_strcmp0 (got, expected) != 0)
    g_error ("expected \"%s\", got \"%s\"", expected, got);
}

static void
schemas (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxSchema) schema =
    rdx_schema_new ("{amount: int > 0, memo?: string ..140, tags?: [string 1..20] ..10}", &error);
  g_autoptr (RdxValue) payload = rdx_value_from_json ("{\"amount\": \"12.5\"}", -1, NULL);

  if (!rdx_schema_validate (schema, payload, &error))
    g_print ("%s\n", error->message);
  expect (error->message, "/amount must be an integer greater than 0, got \"12.5\"");
}

static void
typed_access (void)
{
  g_autoptr (RdxValue) state = rdx_value_from_json (
    "{\"accounts\": {\"acc-1\": {\"balance\": 1250, \"name\": \"Ada\"}}}", -1, NULL);
  RdxValue *account = rdx_map_get_map (rdx_map_get_map (state, "accounts"), "acc-1");
  gint64    balance = rdx_map_get_int (account, "balance", 0); /* 1250 */
  gint64    limit = rdx_map_get_int (account, "limit", 50000); /* the default */
  g_autoptr (GError) error = NULL;
  RdxValue *missing = rdx_value_lookup (state, "/accounts/acc-9/balance", RDX_VALUE_INT, &error);

  if (missing == NULL)
    g_print ("%s\n", error->message);
  expect (error->message, "/accounts/acc-9/balance is missing: /accounts has no key \"acc-9\"");
  g_assert_cmpint (balance, ==, 1250);
  g_assert_cmpint (limit, ==, 50000);
}

#define TRANSFER_ERROR (g_quark_from_static_string ("transfer-error"))

/* A case of the "accounts" slice: {"from", "to", "amount"}, checked by
 * its schema before it runs. */
static RdxValue *
transfer (RdxValue *state, RdxValue *payload, GError **error)
{
  gint64           amount = rdx_map_get_int (payload, "amount", 0);
  g_autofree char *from = rdx_path_append ("", rdx_map_get_string (payload, "from", NULL));
  g_autofree char *to = rdx_path_append ("", rdx_map_get_string (payload, "to", NULL));
  g_autofree char *from_balance = g_strconcat (from, "/balance", NULL);
  g_autofree char *to_balance = g_strconcat (to, "/balance", NULL);
  RdxValue        *source = rdx_value_lookup (state, from_balance, RDX_VALUE_INT, error);
  RdxValue *target = source ? rdx_value_lookup (state, to_balance, RDX_VALUE_INT, error) : NULL;
  g_autoptr (RdxDraft) draft = NULL;

  if (target == NULL)
    return NULL;
  if (rdx_value_get_int (source) < amount || rdx_value_get_int (target) > G_MAXINT64 - amount)
    {
      g_set_error (error, TRANSFER_ERROR, 0, "%s cannot give %" G_GINT64_FORMAT, from, amount);
      return NULL;
    }
  draft = rdx_draft_new (state);
  rdx_draft_set_int (draft, from_balance, rdx_value_get_int (source) - amount);
  rdx_draft_set_int (draft, to_balance, rdx_value_get_int (target) + amount);
  return rdx_draft_finish (g_steal_pointer (&draft), error);
}

static const RdxSliceCase account_cases[] = {
  { "accounts.transfer", "{from: string 1.., to: string 1.., amount: int > 0}", transfer },
};

static void
drafts (void)
{
  g_autoptr (RdxValue) initial = rdx_value_from_json (
    "{\"a\": {\"balance\": 100}, \"b\": {\"balance\": 5}, \"c\": {\"balance\": 0}}", -1, NULL);
  g_autoptr (RdxReducer) accounts = rdx_slice_new ("accounts", initial, account_cases, 1);
  g_autoptr (RdxStore) store = rdx_store_new (accounts, NULL);
  g_autoptr (RdxValue) payload =
    rdx_value_from_json ("{\"from\": \"a\", \"to\": \"b\", \"amount\": 30}", -1, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;

  if (!rdx_store_dispatch_take (store, rdx_action_new ("accounts.transfer", payload), &error))
    g_error ("%s", error->message);
  json = rdx_value_to_json (rdx_store_get_state (store));
  expect (json, "{\"a\":{\"balance\":70},\"b\":{\"balance\":35},\"c\":{\"balance\":0}}");
  /* What the draft did not touch is shared with the state before. */
  g_assert_true (rdx_map_get (rdx_store_get_state (store), "c") == rdx_map_get (initial, "c"));
  /* A third account that is not there: refused, and nothing changes. */
  g_clear_pointer (&payload, rdx_value_unref);
  payload = rdx_value_from_json ("{\"from\": \"a\", \"to\": \"z\", \"amount\": 1}", -1, NULL);
  if (!rdx_store_dispatch_take (store, rdx_action_new ("accounts.transfer", payload), &error))
    g_print ("%s\n", error->message);
  expect (error->message, "/z/balance is missing: the root has no key \"z\"");
}

static RdxValue *
add_one (RdxValue *value, gpointer user_data, GError **error)
{
  return rdx_value_new_int (value != NULL ? rdx_value_get_int (value) + 1 : 1);
}

static void
update_path (void)
{
  g_autoptr (RdxValue) state = rdx_value_from_json ("{\"stats\": {\"visits\": 41}}", -1, NULL);
  g_autoptr (RdxValue) next = rdx_value_update_path (state, "/stats/visits", add_one, NULL, NULL);

  g_assert_cmpint (rdx_value_get_int (rdx_value_get_path (next, "/stats/visits")), ==, 42);
}

static gboolean
is_overdrawn (RdxValue *account, gpointer user_data)
{
  return rdx_map_get_int (account, "balance", 0) < 0;
}

static int
by_balance (RdxValue *a, RdxValue *b, gpointer user_data)
{
  gint64 x = rdx_map_get_int (a, "balance", 0), y = rdx_map_get_int (b, "balance", 0);

  return x < y ? -1 : x > y;
}

static void
collections (void)
{
  g_autoptr (RdxValue) accounts = rdx_value_from_json (
    "{\"a\": {\"balance\": 70}, \"b\": {\"balance\": -5}, \"c\": {\"balance\": 0}}", -1, NULL);
  g_autoptr (RdxValue) overdrawn = rdx_map_filter (accounts, is_overdrawn, NULL); /* {"b": ...} */
  g_autoptr (RdxValue) poorest_first = rdx_map_sort (accounts, by_balance, NULL); /* a list */
  const char *key = NULL;
  RdxValue   *found = rdx_map_find (accounts, is_overdrawn, NULL, &key); /* "b" */

  g_assert_cmpuint (rdx_map_size (overdrawn), ==, 1);
  g_assert_cmpint (rdx_map_get_int (rdx_list_get (poorest_first, 0), "balance", 0), ==, -5);
  expect (key, "b");
  g_assert_true (found == rdx_map_get (accounts, "b"));
}

static RdxValue *
deposit (RdxValue *balance, RdxValue *amount, GError **error)
{
  return rdx_value_new_int (rdx_value_get_int (balance) + rdx_value_get_int (amount));
}

static const RdxSliceCase wallet_cases[] = {
  { "wallet.deposit", "int 1..100000", deposit, "/balance" },
  { "wallet.rename", "string 1..40", NULL, "/name" },
};

static void
actions (void)
{
  g_autoptr (RdxValue) initial = rdx_value_from_json ("{\"balance\": 0, \"name\": \"\"}", -1, NULL);
  g_autoptr (RdxReducer) wallet =
    rdx_slice_new ("wallet", initial, wallet_cases, G_N_ELEMENTS (wallet_cases));
  g_autoptr (GPtrArray) infos = rdx_reducer_list_actions (wallet);
  g_autoptr (RdxValue) amount = rdx_value_new_int (0);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxAction) action = NULL;

  for (guint i = 0; i < infos->len; i++)
    {
      const RdxActionInfo *info = infos->pdata[i];
      g_autofree char     *schema = rdx_schema_to_string (info->schema);

      g_print ("%s (slice %s): %s\n", info->type, info->slice, schema);
    }
  action = rdx_reducer_create_action (wallet, "wallet.deposit", amount, &error);
  if (action == NULL)
    g_print ("%s\n", error->message);
  expect (error->message, "wallet.deposit: the payload must be an integer from 1 to 100000, got 0");
}

int
main (void)
{
  setlocale (LC_ALL, "");

  schemas ();
  typed_access ();
  drafts ();
  update_path ();
  collections ();
  actions ();
  return 0;
}
