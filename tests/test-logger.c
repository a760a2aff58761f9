/* test-logger.c: the logger middleware
 *
 * Records are captured with a GLogWriterFunc (set once, in main, and routed
 * to the running test). Each test ends with the store finalized, every
 * destroy notify run and no value left alive.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <string.h>

#include <rdx.h>

#include "rdx-logger-private.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

#define TEST_ERROR (g_quark_from_static_string ("rdx-test-error"))

/* An account number that must never reach a log. */
#define SECRET       "DE89370400440532013000"
#define SECRET_OTHER "GB29NWBK60161331926819"

#define LOGGER_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

/* Capturing records */

typedef struct
{
  GLogLevelFlags level;
  GHashTable    *fields; /* name → value, both owned */
} Record;

static GPtrArray *captured; /* of Record, while a test captures */

static void
record_free (gpointer data)
{
  Record *record = data;

  g_hash_table_unref (record->fields);
  g_free (record);
}

static GLogWriterOutput
writer_cb (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  Record  *record;
  gboolean ours = FALSE;
  gsize    i;

  for (i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "RDX_ACTION"))
      ours = TRUE;
  if (!ours || captured == NULL)
    return g_log_writer_default (level, fields, n_fields, user_data);

  record = g_new0 (Record, 1);
  record->level = level;
  record->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (i = 0; i < n_fields; i++)
    g_hash_table_insert (record->fields, g_strdup (fields[i].key),
                         fields[i].length < 0 ? g_strdup (fields[i].value)
                                              : g_strndup (fields[i].value, fields[i].length));
  g_ptr_array_add (captured, record);
  return G_LOG_WRITER_HANDLED;
}

static const char *
field (guint index, const char *name)
{
  assert_true (index < captured->len);
  return g_hash_table_lookup (((Record *) captured->pdata[index])->fields, name);
}

static void
assert_field (guint index, const char *name, const char *expected)
{
  const char *value = field (index, name);

  if (expected == NULL)
    assert_null (value);
  else
    {
      assert_non_null (value);
      assert_string_equal (value, expected);
    }
}

/* The bank-ish reducer */

static RdxValue *
account_new (gint64 balance, const char *number)
{
  return rdx_map_new_take ("balance", rdx_value_new_int (balance), "number",
                           rdx_value_new_string (number), NULL);
}

static RdxValue *
state_with_accounts (guint n)
{
  g_autoptr (RdxMapBuilder) accounts = rdx_map_builder_new (NULL);
  guint i;

  for (i = 1; i <= n; i++)
    {
      g_autofree char *id = g_strdup_printf ("acc-%u", i);
      g_autofree char *number = g_strdup_printf ("XX%020u", i);

      rdx_map_builder_set_take (accounts, id, account_new (1000, number));
    }
  return rdx_map_new_take ("accounts", rdx_map_builder_end (g_steal_pointer (&accounts)), NULL);
}

static const char *
payload_string (RdxAction *action, const char *key)
{
  return rdx_value_get_string (rdx_map_get (rdx_action_get_payload (action), key));
}

static RdxValue *
bank_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);

  if (state == NULL)
    return state_with_accounts (2);

  if (rdx_action_is (action, "accounts.deposit"))
    {
      g_autofree char *path =
        g_strdup_printf ("/accounts/%s/balance", payload_string (action, "account"));
      RdxValue *balance = rdx_value_get_path (state, path);
      g_autoptr (RdxValue) next = NULL;

      if (balance == NULL)
        {
          g_set_error (error, TEST_ERROR, 1, "No account %s", payload_string (action, "account"));
          return NULL;
        }
      next = rdx_value_new_int (rdx_value_get_int (balance) +
                                rdx_value_get_int (rdx_map_get (payload, "amount")));
      return rdx_value_set_path (state, path, next, error);
    }
  if (rdx_action_is (action, "accounts.open"))
    {
      g_autofree char *path = g_strdup_printf ("/accounts/%s", payload_string (action, "id"));
      g_autoptr (RdxValue) account = account_new (0, payload_string (action, "number"));

      return rdx_value_set_path (state, path, account, error);
    }
  if (rdx_action_is (action, "accounts.renumber"))
    {
      g_autofree char *path =
        g_strdup_printf ("/accounts/%s/number", payload_string (action, "id"));

      return rdx_value_set_path (state, path, rdx_map_get (payload, "number"), error);
    }
  if (rdx_action_is (action, "accounts.interest"))
    {
      /* Changes every account's balance: many paths at once. */
      g_autoptr (RdxMapBuilder) accounts = rdx_map_builder_new (rdx_map_get (state, "accounts"));
      g_autoptr (GPtrArray) keys = rdx_map_get_sorted_keys (rdx_map_get (state, "accounts"));
      guint i;

      for (i = 0; i < keys->len; i++)
        {
          RdxValue *account = rdx_map_builder_get (accounts, keys->pdata[i]);
          gint64    balance = rdx_value_get_int (rdx_map_get (account, "balance"));

          rdx_map_builder_set_take (
            accounts, keys->pdata[i],
            rdx_map_set_take (account, "balance", rdx_value_new_int (balance + 1)));
        }
      return rdx_map_set_take (state, "accounts",
                               rdx_map_builder_end (g_steal_pointer (&accounts)));
    }
  if (g_str_has_prefix (rdx_action_get_type_name (action), "mark."))
    return rdx_map_set_take (state, rdx_action_get_type_name (action) + 5,
                             rdx_value_new_bool (TRUE));
  if (rdx_action_is (action, "ui.slow"))
    g_usleep (2000); /* a slow reducer, for the duration test */
  return rdx_value_ref (state);
}

/* The fixture: a store whose chain ends with the logger */

typedef struct
{
  RdxStore  *store;
  RdxLogger *logger;
  guint      destroyed;
} Fixture;

static void
fixture_init_full (Fixture *f, RdxValue *preloaded, RdxMiddleware *inner)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reducer, NULL, NULL);

  memset (f, 0, sizeof *f);
  captured = g_ptr_array_new_with_free_func (record_free);
  f->logger = rdx_logger_new ();
  rdx_logger_set_enabled (f->logger, TRUE);
  f->store = rdx_store_new_with_middleware (reducer, preloaded,
                                            rdx_logger_get_middleware (f->logger), inner, NULL);
}

static void
fixture_init (Fixture *f)
{
  fixture_init_full (f, NULL, NULL);
}

static void
fixture_clear (Fixture *f)
{
  gpointer weak = f->store;

  g_object_add_weak_pointer (G_OBJECT (f->store), &weak);
  g_clear_object (&f->store);
  rdx_assert_finalized (weak);
  g_clear_object (&f->logger);
  g_clear_pointer (&captured, g_ptr_array_unref);
}

static void
count_destroy (gpointer user_data)
{
  Fixture *f = user_data;

  f->destroyed++;
}

static RdxAction *
dispatch (Fixture *f, const char *type, RdxValue *payload, gboolean expect_ok)
{
  g_autoptr (GError) error = NULL;
  RdxAction *action = rdx_action_new (type, payload);

  assert_int_equal (rdx_store_dispatch (f->store, action, &error), expect_ok);
  assert_true (expect_ok ? error == NULL : error != NULL);
  return action;
}

static RdxValue *
deposit (const char *account, gint64 amount)
{
  return rdx_map_new_take ("account", rdx_value_new_string (account), "amount",
                           rdx_value_new_int (amount), NULL);
}

/* Records */

static void
test_collapsed_record (void **state)
{
  Fixture f;
  g_autoptr (RdxValue) payload = deposit ("acc-1", 500);
  g_autoptr (RdxAction) first = NULL;
  g_autoptr (RdxAction) second = NULL;
  g_autofree char *sequence = NULL;
  g_autofree char *message = NULL;
  const char      *duration;
  char            *end = NULL;

  fixture_init (&f);
  assert_true (rdx_logger_get_enabled (f.logger));
  first = dispatch (&f, "accounts.deposit", payload, TRUE);
  second = dispatch (&f, "accounts.deposit", payload, TRUE);

  /* One record per action, with its fields. */
  assert_int_equal (captured->len, 2);
  assert_int_equal (((Record *) captured->pdata[0])->level, G_LOG_LEVEL_MESSAGE);
  assert_field (0, "GLIB_DOMAIN", "rdx");
  assert_field (0, "PRIORITY", "5");
  assert_field (0, "RDX_ACTION", "accounts.deposit");
  sequence = g_strdup_printf ("%" G_GUINT64_FORMAT, rdx_action_get_sequence (first));
  assert_field (0, "RDX_SEQUENCE", sequence);
  g_free (sequence);
  sequence = g_strdup_printf ("%" G_GUINT64_FORMAT, rdx_action_get_sequence (second));
  assert_field (1, "RDX_SEQUENCE", sequence);
  assert_field (0, "RDX_OUTCOME", "changed");
  assert_field (0, "RDX_PAYLOAD", "{\"account\":\"acc-1\",\"amount\":500}");
  assert_field (0, "RDX_CHANGED", "[\"/accounts/acc-1/balance\"]");
  assert_field (0, "RDX_CHANGED_TRUNCATED", NULL);
  assert_field (0, "RDX_DIFF", NULL);
  assert_field (0, "RDX_ERROR", NULL);
  duration = field (0, "RDX_DURATION_US");
  assert_non_null (duration);
  assert_true (g_ascii_strtoll (duration, &end, 10) >= 0);
  assert_true (end != NULL && *end == '\0');

  /* The collapsed message is one line. */
  message = g_strdup_printf ("#%s accounts.deposit {\"account\":\"acc-1\",\"amount\":500} (%s µs) "
                             "→ /accounts/acc-1/balance",
                             field (0, "RDX_SEQUENCE"), duration);
  assert_field (0, "MESSAGE", message);

  fixture_clear (&f);
}

static void
test_detailed_record (void **state)
{
  Fixture f;
  g_autoptr (RdxValue) payload = deposit ("acc-2", 250);
  g_autoptr (RdxAction) action = NULL;
  g_autofree char *expected = NULL;

  fixture_init (&f);
  rdx_logger_set_format (f.logger, RDX_LOGGER_DETAILED);
  action = dispatch (&f, "accounts.deposit", payload, TRUE);

  assert_int_equal (captured->len, 1);
  assert_field (0, "RDX_DIFF", "/accounts/acc-2/balance: 1000 → 1250");
  expected = g_strdup_printf ("#%s accounts.deposit {\"account\":\"acc-2\",\"amount\":250} "
                              "(%s µs) → /accounts/acc-2/balance\n"
                              "  /accounts/acc-2/balance: 1000 → 1250",
                              field (0, "RDX_SEQUENCE"), field (0, "RDX_DURATION_US"));
  assert_field (0, "MESSAGE", expected);

  fixture_clear (&f);
}

static void
test_added_and_removed_values (void **state)
{
  Fixture f;
  g_autoptr (RdxValue) open = rdx_map_new_take ("id", rdx_value_new_string ("acc-3"), "number",
                                                rdx_value_new_string ("N-3"), NULL);
  g_autoptr (RdxAction) action = NULL;
  g_autoptr (RdxValue) fewer = NULL;

  fixture_init (&f);
  rdx_logger_set_format (f.logger, RDX_LOGGER_DETAILED);
  action = dispatch (&f, "accounts.open", open, TRUE);
  assert_field (0, "RDX_CHANGED", "[\"/accounts/acc-3\"]");
  assert_field (0, "RDX_DIFF", "/accounts/acc-3: (none) → {\"balance\":0,\"number\":\"N-3\"}");

  /* A state shown by time travel is not logged, and does not confuse the
   * next record. */
  fewer = rdx_value_remove_path (rdx_store_get_state (f.store), "/accounts/acc-1", NULL);
  rdx_store_show_state (f.store, fewer);
  assert_int_equal (captured->len, 1);
  g_clear_pointer (&action, rdx_action_unref);
  action = dispatch (&f, "mark.seen", NULL, TRUE);
  assert_int_equal (captured->len, 2);
  assert_field (1, "RDX_CHANGED", "[\"/seen\"]");
  assert_field (1, "RDX_DIFF", "/seen: (none) → true");
  assert_field (1, "RDX_PAYLOAD", "null");

  fixture_clear (&f);
}

static gboolean
swallow_cb (RdxStore        *store,
            RdxAction       *action,
            RdxDispatchNext *next,
            gpointer         user_data,
            GError         **error)
{
  if (rdx_action_is (action, "x.swallow"))
    return TRUE;
  return rdx_dispatch_next (next, action, error);
}

/* In a locale whose charset is not UTF-8 (the C locale), the message is
 * spelled in ASCII: GLib's writer would print "?" in place of "µ" and
 * "→". The structured fields stay as they are. */
static void
test_ascii_in_the_c_locale (void **state)
{
  g_autoptr (RdxValue) base = deposit ("acc-1", 5);
  g_autoptr (RdxValue) payload = rdx_map_set_take (base, "note", rdx_value_new_string ("café"));
  g_autoptr (RdxAction) first = NULL;
  g_autoptr (RdxAction) second = NULL;
  const char *message;
  Fixture     f;

  fixture_init (&f);
  rdx_logger_set_format (f.logger, RDX_LOGGER_DETAILED);
  assert_non_null (setlocale (LC_ALL, "C"));
  first = dispatch (&f, "accounts.deposit", payload, TRUE);
  assert_non_null (setlocale (LC_ALL, "C.UTF-8"));

  message = field (0, "MESSAGE");
  for (const char *p = message; *p != '\0'; p++)
    if ((guchar) *p >= 0x80 || *p == '?')
      fail_msg ("in the C locale, the logger says: %s", message);
  assert_non_null (strstr (message, "\"note\":\"cafe\"} ("));
  assert_non_null (strstr (message, " us) -> /accounts/acc-1/balance\n"));
  assert_non_null (strstr (message, "\n  /accounts/acc-1/balance: 1000 -> 1005"));
  /* The structured fields are data: as they are. */
  assert_field (0, "RDX_DIFF", "/accounts/acc-1/balance: 1000 → 1005");
  assert_field (0, "RDX_PAYLOAD", "{\"account\":\"acc-1\",\"amount\":5,\"note\":\"café\"}");

  /* In a UTF-8 locale, its typography. */
  second = dispatch (&f, "accounts.deposit", payload, TRUE);
  assert_non_null (strstr (field (1, "MESSAGE"), " µs) → /accounts/acc-1/balance\n"));
  fixture_clear (&f);
}

static void
test_outcomes (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reducer, NULL, NULL);
  g_autoptr (RdxMiddleware) swallower = rdx_middleware_new (swallow_cb, NULL, NULL);
  g_autoptr (RdxValue) unknown = deposit ("acc-404", 1);
  g_autoptr (RdxAction) a = NULL, b = NULL, c = NULL;
  Fixture f;

  /* The logger outside a middleware that swallows some actions. */
  memset (&f, 0, sizeof f);
  captured = g_ptr_array_new_with_free_func (record_free);
  f.logger = rdx_logger_new ();
  rdx_logger_set_enabled (f.logger, TRUE);
  f.store = rdx_store_new_with_middleware (reducer, NULL, rdx_logger_get_middleware (f.logger),
                                           swallower, NULL);

  a = dispatch (&f, "ui.noop", NULL, TRUE);
  b = dispatch (&f, "accounts.deposit", unknown, FALSE);
  c = dispatch (&f, "x.swallow", NULL, TRUE);

  assert_int_equal (captured->len, 3);
  assert_field (0, "RDX_OUTCOME", "unchanged");
  assert_field (0, "RDX_CHANGED", "[]");
  assert_non_null (strstr (field (0, "MESSAGE"), "→ no change"));
  assert_field (1, "RDX_OUTCOME", "refused");
  assert_field (1, "RDX_ERROR", "No account acc-404");
  assert_non_null (strstr (field (1, "MESSAGE"), "refused: No account acc-404"));
  assert_field (2, "RDX_OUTCOME", "swallowed");
  assert_non_null (strstr (field (2, "MESSAGE"), "→ not reduced"));

  fixture_clear (&f);
}

/* Nested dispatches each get their own record and their own changes */

static void
follow_up_cb (RdxStore *store, gpointer user_data)
{
  guint *calls = user_data;

  if ((*calls)++ == 0)
    rdx_store_dispatch_take (store, rdx_action_new ("mark.second", NULL), NULL);
}

static gboolean
side_effect_first_cb (RdxStore        *store,
                      RdxAction       *action,
                      RdxDispatchNext *next,
                      gpointer         user_data,
                      GError         **error)
{
  if (rdx_action_is (action, "mark.wrapped"))
    rdx_store_dispatch_take (store, rdx_action_new ("mark.side", NULL), NULL);
  if (rdx_action_is (action, "mark.wrapped_quietly"))
    rdx_store_dispatch_take (store, rdx_action_new ("mark.quiet", NULL), NULL);
  return rdx_dispatch_next (next, action, error);
}

static gboolean
skip_quiet_cb (RdxAction *action, gpointer user_data)
{
  return rdx_action_is (action, "mark.quiet");
}

static void
test_nested_dispatches (void **state)
{
  g_autoptr (RdxMiddleware) inner = rdx_middleware_new (side_effect_first_cb, NULL, NULL);
  g_autoptr (RdxAction) a = NULL, b = NULL, c = NULL;
  Fixture f;
  guint   calls = 0;
  guint   id;

  fixture_init_full (&f, NULL, inner);

  /* A listener dispatches during the first action's notification. */
  id = rdx_store_subscribe (f.store, follow_up_cb, &calls, NULL);
  a = dispatch (&f, "mark.first", NULL, TRUE);
  rdx_store_unsubscribe (f.store, id);
  assert_int_equal (captured->len, 2);
  assert_field (0, "RDX_ACTION", "mark.second");
  assert_field (0, "RDX_CHANGED", "[\"/second\"]");
  assert_field (1, "RDX_ACTION", "mark.first");
  assert_field (1, "RDX_CHANGED", "[\"/first\"]");

  /* A middleware inside the logger dispatches before passing the action
   * on: the records nest. */
  b = dispatch (&f, "mark.wrapped", NULL, TRUE);
  assert_int_equal (captured->len, 4);
  assert_field (2, "RDX_ACTION", "mark.side");
  assert_field (2, "RDX_CHANGED", "[\"/side\"]");
  assert_field (3, "RDX_ACTION", "mark.wrapped");
  assert_field (3, "RDX_CHANGED", "[\"/wrapped\"]");

  /* A skipped action nested that way is neither written nor counted in
   * the record around it. */
  rdx_logger_set_skip_func (f.logger, skip_quiet_cb, NULL, NULL);
  c = dispatch (&f, "mark.wrapped_quietly", NULL, TRUE);
  assert_int_equal (captured->len, 5);
  assert_field (4, "RDX_ACTION", "mark.wrapped_quietly");
  assert_field (4, "RDX_CHANGED", "[\"/wrapped_quietly\"]");
  assert_true (rdx_value_get_bool (rdx_map_get (rdx_store_get_state (f.store), "quiet")));

  fixture_clear (&f);
}

/* What the reducer saw, whatever the middleware did on the way */

/* Inside the logger: "a.x" becomes "mark.y" (with its own payload; the
 * last one made is kept in @user_data, a RdxAction ** when not NULL),
 * "a.refuse" is refused, and "ui.slow_middleware" takes a while before it
 * is passed on. */
static gboolean
rewrite_cb (RdxStore        *store,
            RdxAction       *action,
            RdxDispatchNext *next,
            gpointer         user_data,
            GError         **error)
{
  RdxAction **kept = user_data;

  if (rdx_action_is (action, "a.x"))
    {
      g_autoptr (RdxAction) replaced = rdx_action_new_take (
        "mark.y", rdx_map_new_take ("was", rdx_value_new_string ("a.x"), NULL));

      if (kept != NULL)
        {
          g_clear_pointer (kept, rdx_action_unref);
          *kept = rdx_action_ref (replaced);
        }
      return rdx_dispatch_next (next, replaced, error);
    }
  if (rdx_action_is (action, "a.refuse"))
    {
      g_set_error_literal (error, TEST_ERROR, 2, "refused by a middleware");
      return FALSE;
    }
  if (rdx_action_is (action, "ui.slow_middleware"))
    g_usleep (8000);
  return rdx_dispatch_next (next, action, error);
}

static void
test_record_what_the_reducer_saw (void **state)
{
  g_autoptr (RdxAction) replaced = NULL;
  g_autoptr (RdxMiddleware) inner = rdx_middleware_new (rewrite_cb, &replaced, NULL);
  g_autoptr (RdxValue) payload = rdx_map_new_take ("n", rdx_value_new_int (1), NULL);
  g_autoptr (RdxAction) a = NULL, b = NULL;
  g_autofree char *sequence = NULL;
  Fixture          f;

  fixture_init_full (&f, NULL, inner);
  a = dispatch (&f, "a.x", payload, TRUE);
  assert_int_equal (captured->len, 1);
  assert_field (0, "RDX_ACTION", "mark.y");
  /* The store stamped the replacement, the action the reducer saw. */
  assert_non_null (replaced);
  assert_true (rdx_action_get_sequence (replaced) > 0);
  assert_int_equal (rdx_action_get_sequence (a), 0);
  sequence = g_strdup_printf ("%" G_GUINT64_FORMAT, rdx_action_get_sequence (replaced));
  assert_field (0, "RDX_SEQUENCE", sequence);
  assert_field (0, "RDX_PAYLOAD", "{\"was\":\"a.x\"}");
  assert_field (0, "RDX_OUTCOME", "changed");
  assert_field (0, "RDX_CHANGED", "[\"/y\"]");
  assert_non_null (strstr (field (0, "MESSAGE"), " mark.y {\"was\":\"a.x\"} "));

  /* Refused before the reducer: the record has the action that passed the
   * logger, which the store never stamped. */
  b = dispatch (&f, "a.refuse", NULL, FALSE);
  assert_int_equal (captured->len, 2);
  assert_field (1, "RDX_ACTION", "a.refuse");
  assert_field (1, "RDX_SEQUENCE", "0");
  assert_field (1, "RDX_OUTCOME", "refused");
  assert_field (1, "RDX_ERROR", "refused by a middleware");

  fixture_clear (&f);
}

/* RDX_DURATION_US is the reducer's own time, wherever the logger stands: a
 * reducer slower than a slow middleware inside the logger gives the longer
 * duration. Counted over rounds, never compared with a fixed time. */
static void
test_duration_is_the_reducers (void **state)
{
  g_autoptr (RdxMiddleware) inner = rdx_middleware_new (rewrite_cb, NULL, NULL);
  const guint rounds = 5;
  guint       reducer_slower = 0;
  Fixture     f;
  guint       i;

  fixture_init_full (&f, NULL, inner);
  for (i = 0; i < rounds; i++)
    {
      g_autoptr (RdxAction) a = dispatch (&f, "ui.slow", NULL, TRUE);
      g_autoptr (RdxAction) b = dispatch (&f, "ui.slow_middleware", NULL, TRUE);
      gint64 slow_reducer, slow_middleware;

      assert_int_equal (captured->len, 2 * i + 2);
      assert_field (2 * i, "RDX_ACTION", "ui.slow");
      assert_field (2 * i + 1, "RDX_ACTION", "ui.slow_middleware");
      slow_reducer = g_ascii_strtoll (field (2 * i, "RDX_DURATION_US"), NULL, 10);
      slow_middleware = g_ascii_strtoll (field (2 * i + 1, "RDX_DURATION_US"), NULL, 10);
      if (slow_reducer > slow_middleware)
        reducer_slower++;
    }
  assert_true (reducer_slower > rounds / 2);

  fixture_clear (&f);
}

/* Options */

static gboolean
skip_ui_cb (RdxAction *action, gpointer user_data)
{
  return g_str_has_prefix (rdx_action_get_type_name (action), "ui.");
}

static void
test_skip_and_level (void **state)
{
  Fixture f;
  g_autoptr (RdxAction) a = NULL, b = NULL, c = NULL;
  RdxLoggerCounters counters;

  fixture_init (&f);
  rdx_logger_set_skip_func (f.logger, skip_ui_cb, &f, count_destroy);
  rdx_logger_set_level (f.logger, G_LOG_LEVEL_DEBUG);
  a = dispatch (&f, "ui.select", NULL, TRUE);
  b = dispatch (&f, "mark.kept", NULL, TRUE);
  assert_int_equal (captured->len, 1);
  assert_field (0, "RDX_ACTION", "mark.kept");
  assert_field (0, "PRIORITY", "7");
  assert_int_equal (((Record *) captured->pdata[0])->level, G_LOG_LEVEL_DEBUG);

  /* Replacing the function frees the old data; off, nothing is written. */
  rdx_logger_set_skip_func (f.logger, NULL, NULL, NULL);
  assert_int_equal (f.destroyed, 1);
  rdx_logger_set_enabled (f.logger, FALSE);
  assert_false (rdx_logger_get_enabled (f.logger));
  c = dispatch (&f, "mark.unlogged", NULL, TRUE);
  assert_int_equal (captured->len, 1);
  rdx_logger_get_counters_for_testing (f.logger, &counters);
  assert_int_equal (counters.records, 1);

  fixture_clear (&f);
}

/* Off, the logger does not observe the store, so the store does not time
 * the reducer for it: the logger only passes actions on. */
static void
test_off_observes_nothing (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reducer, NULL, NULL);
  g_autoptr (RdxLogger) logger = rdx_logger_new ();
  g_autoptr (RdxStore) store = NULL;
  RdxLoggerCounters counters;

  captured = g_ptr_array_new_with_free_func (record_free);
  rdx_logger_set_enabled (logger, FALSE);
  store = rdx_store_new_with_middleware (reducer, NULL, rdx_logger_get_middleware (logger), NULL);
  rdx_store_dispatch_take (store, rdx_action_new ("mark.a", NULL), NULL);
  rdx_logger_get_counters_for_testing (logger, &counters);
  assert_int_equal (counters.observed, 0);
  assert_int_equal (captured->len, 0);

  /* On, it observes every reducer run and writes records. */
  rdx_logger_set_enabled (logger, TRUE);
  rdx_store_dispatch_take (store, rdx_action_new ("mark.b", NULL), NULL);
  rdx_logger_get_counters_for_testing (logger, &counters);
  assert_int_equal (counters.observed, 1);
  assert_int_equal (captured->len, 1);
  assert_field (0, "RDX_ACTION", "mark.b");

  /* Off again, it stops observing. */
  rdx_logger_set_enabled (logger, FALSE);
  rdx_store_dispatch_take (store, rdx_action_new ("mark.c", NULL), NULL);
  rdx_logger_get_counters_for_testing (logger, &counters);
  assert_int_equal (counters.observed, 1);
  assert_int_equal (captured->len, 1);
  assert_true (rdx_value_get_bool (rdx_map_get (rdx_store_get_state (store), "c")));

  g_clear_object (&store);
  g_clear_pointer (&captured, g_ptr_array_unref);
}

/* Turning the logger on or off during a dispatch: from a listener, which
 * also dispatches, and from the outcome callback of a middleware after the
 * logger. The switch applies to the actions that reach the logger from
 * then on. */

static RdxLogger *switched_logger;

static void
switch_on_cb (RdxStore *store, gpointer user_data)
{
  guint *calls = user_data;

  if ((*calls)++ != 0)
    return;
  rdx_logger_set_enabled (switched_logger, TRUE);
  rdx_store_dispatch_take (store, rdx_action_new ("mark.nested", NULL), NULL);
}

static void
switch_on_outcome_cb (const RdxOutcome *outcome, gpointer user_data)
{
  RdxAction *action = rdx_outcome_get_action (outcome);

  if (rdx_action_is (action, "mark.switch_off"))
    rdx_logger_set_enabled (switched_logger, FALSE);
  else if (rdx_action_is (action, "mark.switch_on"))
    rdx_logger_set_enabled (switched_logger, TRUE);
}

static gboolean
switching_cb (RdxStore        *store,
              RdxAction       *action,
              RdxDispatchNext *next,
              gpointer         user_data,
              GError         **error)
{
  return rdx_dispatch_next_observe (next, action, RDX_OBSERVE_DEFAULT, switch_on_outcome_cb, NULL,
                                    error);
}

static void
test_switched_during_a_dispatch (void **state)
{
  g_autoptr (RdxMiddleware) switching = rdx_middleware_new (switching_cb, NULL, NULL);
  g_autoptr (RdxAction) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL, g = NULL;
  RdxLoggerCounters counters, later;
  Fixture           f;
  guint             calls = 0;
  guint             id;

  fixture_init_full (&f, NULL, switching);
  switched_logger = f.logger;
  rdx_logger_set_enabled (f.logger, FALSE);

  /* On from a listener: the action that was in flight has no record; the
   * one the listener dispatches next has. */
  id = rdx_store_subscribe (f.store, switch_on_cb, &calls, NULL);
  a = dispatch (&f, "mark.outer", NULL, TRUE);
  rdx_store_unsubscribe (f.store, id);
  assert_true (rdx_logger_get_enabled (f.logger));
  assert_int_equal (captured->len, 1);
  assert_field (0, "RDX_ACTION", "mark.nested");
  b = dispatch (&f, "mark.after", NULL, TRUE);
  assert_int_equal (captured->len, 2);
  assert_field (1, "RDX_ACTION", "mark.after");

  /* Off from an outcome callback: the action in flight keeps its record,
   * and the logger observes nothing more. */
  c = dispatch (&f, "mark.switch_off", NULL, TRUE);
  assert_false (rdx_logger_get_enabled (f.logger));
  assert_int_equal (captured->len, 3);
  assert_field (2, "RDX_ACTION", "mark.switch_off");
  rdx_logger_get_counters_for_testing (f.logger, &counters);
  d = dispatch (&f, "mark.unlogged", NULL, TRUE);
  assert_int_equal (captured->len, 3);
  rdx_logger_get_counters_for_testing (f.logger, &later);
  assert_int_equal (later.observed, counters.observed);

  /* On from an outcome callback: from the next action on. */
  e = dispatch (&f, "mark.switch_on", NULL, TRUE);
  assert_true (rdx_logger_get_enabled (f.logger));
  assert_int_equal (captured->len, 3);
  g = dispatch (&f, "mark.logged", NULL, TRUE);
  assert_int_equal (captured->len, 4);
  assert_field (3, "RDX_ACTION", "mark.logged");

  switched_logger = NULL;
  fixture_clear (&f);
}

static void
test_off_unless_asked (void **state)
{
  static const struct
  {
    const char *value;
    gboolean    enabled;
    gboolean    detailed;
  } cases[] = {
    { NULL, FALSE, FALSE },     { "", FALSE, FALSE },   { "0", FALSE, FALSE },
    { "off", FALSE, FALSE },    { "no", FALSE, FALSE }, { "1", TRUE, FALSE },
    { "detailed", TRUE, TRUE },
  };
  g_autofree char *saved = g_strdup (g_getenv ("RDX_LOG"));
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reducer, NULL, NULL);
  guint i;

  captured = g_ptr_array_new_with_free_func (record_free);
  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (RdxLogger) logger = NULL;
      g_autoptr (RdxStore) store = NULL;

      if (cases[i].value == NULL)
        g_unsetenv ("RDX_LOG");
      else
        g_setenv ("RDX_LOG", cases[i].value, TRUE);
      logger = rdx_logger_new ();
      assert_int_equal (rdx_logger_get_enabled (logger), cases[i].enabled);

      store =
        rdx_store_new_with_middleware (reducer, NULL, rdx_logger_get_middleware (logger), NULL);
      g_ptr_array_set_size (captured, 0);
      rdx_store_dispatch_take (store, rdx_action_new ("mark.x", NULL), NULL);
      assert_int_equal (captured->len, cases[i].enabled ? 1 : 0);
      if (cases[i].enabled)
        assert_int_equal (field (0, "RDX_DIFF") != NULL, cases[i].detailed);

      /* The explicit switch wins over the environment. */
      rdx_logger_set_enabled (logger, !cases[i].enabled);
      rdx_store_dispatch_take (store, rdx_action_new ("mark.y", NULL), NULL);
      assert_int_equal (captured->len, 1);
    }
  if (saved != NULL)
    g_setenv ("RDX_LOG", saved, TRUE);
  else
    g_unsetenv ("RDX_LOG");
  g_clear_pointer (&captured, g_ptr_array_unref);
}

/* Redaction */

static RdxValue *
redact_iban_cb (RdxAction *action, const char *path, RdxValue *value, gpointer user_data)
{
  RdxValue *iban;

  if (path != NULL || !rdx_value_is_map (value))
    return rdx_value_ref (value);
  iban = rdx_map_get (value, "to_iban");
  if (iban == NULL)
    return rdx_value_ref (value);
  /* Keep the last four digits, as statements do. */
  return rdx_map_set_take (
    value, "to_iban",
    rdx_value_new_printf ("****%s",
                          rdx_value_get_string (iban) + strlen (rdx_value_get_string (iban)) - 4));
}

static void
assert_no_secret_in_any_field (void)
{
  guint i;

  for (i = 0; i < captured->len; i++)
    {
      GHashTableIter iter;
      gpointer       key, value;

      g_hash_table_iter_init (&iter, ((Record *) captured->pdata[i])->fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (strstr (value, SECRET) != NULL || strstr (value, SECRET_OTHER) != NULL ||
              strstr (value, "3704004405320") != NULL || strstr (value, "NWBK6016133") != NULL)
            fail_msg ("record %u, field %s leaks a secret: %s", i, (char *) key, (char *) value);
        }
    }
}

static void
test_redaction (void **state)
{
  g_autoptr (RdxValue) open = rdx_map_new_take (
    "id", rdx_value_new_string ("acc-9"), "number", rdx_value_new_string (SECRET), "owner",
    rdx_map_new_take ("name", rdx_value_new_string ("Ann"), "number", rdx_value_new_string (SECRET),
                      NULL),
    NULL);
  g_autoptr (RdxValue) renumber = rdx_map_new_take ("id", rdx_value_new_string ("acc-9"), "number",
                                                    rdx_value_new_string (SECRET_OTHER), NULL);
  g_autoptr (RdxValue) transfer =
    rdx_map_new_take ("from", rdx_value_new_string ("acc-9"), "to_iban",
                      rdx_value_new_string (SECRET_OTHER), "amount", rdx_value_new_int (100), NULL);
  g_autoptr (RdxAction) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL, g = NULL;
  Fixture f;

  fixture_init (&f);
  rdx_logger_redact_key (f.logger, "number");
  rdx_logger_set_redact_func (f.logger, redact_iban_cb, &f, count_destroy);

  /* Both forms: payloads, added subtrees, changed values under a secret
   * key, and the app's own redactor. */
  rdx_logger_set_format (f.logger, RDX_LOGGER_DETAILED);
  a = dispatch (&f, "accounts.open", open, TRUE);
  b = dispatch (&f, "accounts.renumber", renumber, TRUE);
  c = dispatch (&f, "transfers.requested", transfer, TRUE);
  rdx_logger_set_format (f.logger, RDX_LOGGER_COLLAPSED);
  d = dispatch (&f, "accounts.open", open, TRUE);
  e = dispatch (&f, "transfers.requested", transfer, TRUE);

  assert_int_equal (captured->len, 5);
  assert_no_secret_in_any_field ();
  assert_field (0, "RDX_PAYLOAD",
                "{\"id\":\"acc-9\",\"number\":\"[redacted]\",\"owner\":{\"name\":\"Ann\","
                "\"number\":\"[redacted]\"}}");
  assert_field (0, "RDX_DIFF",
                "/accounts/acc-9: (none) → {\"balance\":0,\"number\":\"[redacted]\"}");
  assert_field (1, "RDX_CHANGED", "[\"/accounts/acc-9/number\"]");
  assert_field (1, "RDX_DIFF", "/accounts/acc-9/number: \"[redacted]\" → \"[redacted]\"");
  assert_field (2, "RDX_PAYLOAD", "{\"amount\":100,\"from\":\"acc-9\",\"to_iban\":\"****6819\"}");
  assert_field (4, "RDX_PAYLOAD", "{\"amount\":100,\"from\":\"acc-9\",\"to_iban\":\"****6819\"}");

  /* A secret key with the characters JSON Pointers escape ("/" is "~1",
   * "~" is "~0") is found in a changed path too. */
  rdx_logger_redact_key (f.logger, "pin/code~2");
  rdx_logger_set_format (f.logger, RDX_LOGGER_DETAILED);
  g = dispatch (&f, "mark.pin/code~2", NULL, TRUE);
  assert_int_equal (captured->len, 6);
  assert_field (5, "RDX_CHANGED", "[\"/pin~1code~02\"]");
  assert_field (5, "RDX_DIFF", "/pin~1code~02: (none) → \"[redacted]\"");

  fixture_clear (&f);
  assert_int_equal (f.destroyed, 1);
}

/* Cost: it follows the change, not the state */

static void
test_cost_follows_the_change (void **state)
{
  guint             sizes[] = { 10, 20000 };
  RdxLoggerCounters counters[2];
  gsize             lengths[2];
  guint             i;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (RdxValue) initial = state_with_accounts (sizes[i]);
      g_autoptr (RdxValue) payload = deposit ("acc-2", 1);
      g_autoptr (RdxAction) action = NULL;
      Fixture f;

      fixture_init_full (&f, initial, NULL);
      rdx_logger_set_format (f.logger, RDX_LOGGER_DETAILED);
      action = dispatch (&f, "accounts.deposit", payload, TRUE);
      rdx_logger_get_counters_for_testing (f.logger, &counters[i]);
      assert_int_equal (captured->len, 1);
      assert_field (0, "RDX_CHANGED", "[\"/accounts/acc-2/balance\"]");
      lengths[i] = strlen (field (0, "RDX_PAYLOAD")) + strlen (field (0, "RDX_CHANGED")) +
                   strlen (field (0, "RDX_DIFF"));
      fixture_clear (&f);
    }

  /* Same work for 10 accounts as for thousands: one change reported, two
   * values written (before and after) plus the payload's three. */
  assert_int_equal (counters[0].records, 1);
  assert_int_equal (counters[0].diff_callbacks, 1);
  assert_int_equal (counters[1].diff_callbacks, counters[0].diff_callbacks);
  assert_int_equal (counters[0].values_written, 5);
  assert_int_equal (counters[1].values_written, counters[0].values_written);
  assert_int_equal (lengths[1], lengths[0]);
}

static void
test_limits (void **state)
{
  g_autoptr (RdxValue) initial = state_with_accounts (5000);
  g_autoptr (GString) long_text = g_string_new (NULL);
  g_autoptr (RdxValue) long_payload = NULL;
  g_autoptr (RdxAction) a = NULL, b = NULL;
  RdxLoggerCounters counters;
  const char       *payload;
  Fixture           f;
  guint             i;

  for (i = 0; i < 10000; i++)
    g_string_append (long_text, "é");
  long_payload = rdx_map_new_take ("text", rdx_value_new_string (long_text->str), NULL);

  fixture_init_full (&f, initial, NULL);
  rdx_logger_set_format (f.logger, RDX_LOGGER_DETAILED);
  rdx_logger_set_limits (f.logger, 8, 64);

  /* Every account changes: the diff stops after 8 paths (plus the one that
   * shows there are more), whatever the number of accounts. */
  a = dispatch (&f, "accounts.interest", NULL, TRUE);
  rdx_logger_get_counters_for_testing (f.logger, &counters);
  assert_int_equal (counters.diff_callbacks, 9);
  assert_field (0, "RDX_CHANGED_TRUNCATED", "true");
  {
    const char *p;
    guint       lines = 1;

    for (p = field (0, "RDX_DIFF"); *p != '\0'; p++)
      lines += *p == '\n';
    assert_int_equal (lines, 8);
  }
  assert_non_null (strstr (field (0, "MESSAGE"), ", …"));

  /* A long payload is cut at the limit, on a character boundary. */
  b = dispatch (&f, "ui.noop", long_payload, TRUE);
  payload = field (1, "RDX_PAYLOAD");
  assert_true (strlen (payload) <= 64 + strlen ("é…"));
  assert_true (g_str_has_suffix (payload, "…"));
  assert_true (g_str_has_prefix (payload, "{\"text\":\"éé"));
  assert_true (g_utf8_validate (payload, -1, NULL));

  fixture_clear (&f);
}

static void
drop_store_cb (RdxStore *store, gpointer user_data)
{
  Fixture *f = user_data;

  /* The window that owns the store closes. */
  g_clear_object (&f->store);
}

static void
test_store_dropped_during_a_dispatch (void **state)
{
  Fixture  f;
  gpointer weak;

  /* A listener drops the last reference while an action is dispatched: the
   * store lives until the dispatch is over, the logger writes its record,
   * then its teardown stops observing. */
  fixture_init (&f);
  weak = f.store;
  g_object_add_weak_pointer (G_OBJECT (f.store), &weak);
  rdx_store_subscribe (f.store, drop_store_cb, &f, NULL);
  assert_true (rdx_store_dispatch_take (f.store, rdx_action_new ("mark.last", NULL), NULL));
  rdx_assert_finalized (weak);
  assert_int_equal (captured->len, 1);
  assert_field (0, "RDX_ACTION", "mark.last");
  assert_field (0, "RDX_CHANGED", "[\"/last\"]");

  g_clear_object (&f.logger);
  g_clear_pointer (&captured, g_ptr_array_unref);
}

/* Misuse */

static void
test_one_store_per_logger (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reducer, NULL, NULL);
  g_autoptr (RdxStore) second = NULL;
  Fixture    f;
  RdxTestLog log;

  fixture_init (&f);
  rdx_test_log_begin (&log);
  second =
    rdx_store_new_with_middleware (reducer, NULL, rdx_logger_get_middleware (f.logger), NULL);
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "one logger per store"));

  /* The second store works, unlogged. */
  rdx_store_dispatch_take (second, rdx_action_new ("mark.x", NULL), NULL);
  assert_int_equal (captured->len, 0);

  /* Not a logger: a critical, and nothing happens. */
  rdx_test_log_clear (&log);
  rdx_logger_set_enabled ((RdxLogger *) second, TRUE);
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "RDX_IS_LOGGER"));
  rdx_test_log_end (&log);

  g_clear_object (&second);
  fixture_clear (&f);
}

/* A store keeps its logger alive; a logger dropped before any store made
 * with its middleware leaves that middleware passing actions on. */
static void
test_logger_lifetime (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (bank_reducer, NULL, NULL);
  g_autoptr (RdxMiddleware) orphan = NULL;
  g_autoptr (RdxStore) store = NULL;
  RdxLogger *logger = rdx_logger_new ();
  gpointer   weak = logger;

  captured = g_ptr_array_new_with_free_func (record_free);
  g_object_add_weak_pointer (G_OBJECT (logger), &weak);
  rdx_logger_set_enabled (logger, TRUE);
  store = rdx_store_new_with_middleware (reducer, NULL, rdx_logger_get_middleware (logger), NULL);
  g_object_unref (logger);
  assert_non_null (weak);
  rdx_store_dispatch_take (store, rdx_action_new ("mark.kept", NULL), NULL);
  assert_int_equal (captured->len, 1);
  g_clear_object (&store);
  rdx_assert_finalized (weak);

  logger = rdx_logger_new ();
  rdx_logger_set_enabled (logger, TRUE);
  orphan = rdx_middleware_ref (rdx_logger_get_middleware (logger));
  g_object_unref (logger);
  store = rdx_store_new_with_middleware (reducer, NULL, orphan, NULL);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("mark.passed", NULL), NULL));
  assert_true (rdx_value_get_bool (rdx_map_get (rdx_store_get_state (store), "passed")));
  assert_int_equal (captured->len, 1);

  g_clear_object (&store);
  g_clear_pointer (&captured, g_ptr_array_unref);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    LOGGER_TEST (test_collapsed_record),
    LOGGER_TEST (test_detailed_record),
    LOGGER_TEST (test_added_and_removed_values),
    LOGGER_TEST (test_outcomes),
    LOGGER_TEST (test_ascii_in_the_c_locale),
    LOGGER_TEST (test_nested_dispatches),
    LOGGER_TEST (test_record_what_the_reducer_saw),
    LOGGER_TEST (test_duration_is_the_reducers),
    LOGGER_TEST (test_skip_and_level),
    LOGGER_TEST (test_off_observes_nothing),
    LOGGER_TEST (test_switched_during_a_dispatch),
    LOGGER_TEST (test_off_unless_asked),
    LOGGER_TEST (test_redaction),
    LOGGER_TEST (test_cost_follows_the_change),
    LOGGER_TEST (test_limits),
    LOGGER_TEST (test_store_dropped_during_a_dispatch),
    LOGGER_TEST (test_one_store_per_logger),
    LOGGER_TEST (test_logger_lifetime),
  };

  /* A UTF-8 locale, as a desktop session has (test_ascii_in_the_c_locale
   * tries the C locale). */
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    return RDX_TEST_SKIP;
  /* GLib lets a process set its writer once: route to the running test. */
  g_log_set_writer_func (writer_cb, NULL, NULL);
  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}
