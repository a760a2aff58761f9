/* journal-test.h: what the journal tests share (a small bank-like reducer,
 * temporary directories, dispatch helpers)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <rdx.h>
#include <sqlite3.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define TEST_APP_ID "org.rdx.JournalTest"

/* How much the test reducer multiplies deposits by: changing it makes the
 * reducer "change behaviour" between two sessions. */
G_GNUC_UNUSED static gint64 test_deposit_factor = 1;

G_GNUC_UNUSED static RdxValue *
test_set (RdxValue *state, const char *path, RdxValue *value /* taken */)
{
  RdxValue *next = rdx_value_set_path (state, path, value, NULL);

  rdx_value_unref (value);
  return next;
}

G_GNUC_UNUSED static gint64
test_payload_int (RdxAction *action, const char *key)
{
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *value = rdx_value_is_map (payload) ? rdx_map_get (payload, key) : NULL;

  return value != NULL && rdx_value_is_int (value) ? rdx_value_get_int (value) : 0;
}

G_GNUC_UNUSED static const char *
test_payload_string (RdxAction *action, const char *key)
{
  RdxValue *payload = rdx_action_get_payload (action);
  RdxValue *value = rdx_value_is_map (payload) ? rdx_map_get (payload, key) : NULL;

  return value != NULL && rdx_value_is_string (value) ? rdx_value_get_string (value) : NULL;
}

G_GNUC_UNUSED static RdxValue *
test_add_int (RdxValue *state, const char *path, gint64 delta)
{
  RdxValue *old = rdx_value_get_path (state, path);
  gint64    base = old != NULL && rdx_value_is_int (old) ? rdx_value_get_int (old) : 0;

  return test_set (state, path, rdx_value_new_int (base + delta));
}

/* The state: {"accounts": {id: balance}, "log": [text...], "requests": n,
 * "settled": n, "ui": {"selected": id}}; "ui" is transient. */
G_GNUC_UNUSED static RdxValue *
test_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  const char      *id = test_payload_string (action, "id");
  g_autofree char *path = NULL;

  if (state == NULL)
    return rdx_map_new_take ("accounts", rdx_map_new (), "log", rdx_list_new (), "requests",
                             rdx_value_new_int (0), "settled", rdx_value_new_int (0), "ui",
                             rdx_map_new_take ("selected", rdx_value_new_null (), NULL), NULL);

  if (id != NULL)
    path = rdx_path_append ("/accounts", id);

  if (rdx_action_is (action, "acc.open") && id != NULL)
    return test_set (state, path, rdx_value_new_int (0));

  if (rdx_action_is (action, "acc.deposit"))
    {
      if (id == NULL || rdx_value_get_path (state, path) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no account “%s”",
                       id != NULL ? id : "(none)");
          return NULL;
        }
      return test_add_int (state, path, test_payload_int (action, "amount") * test_deposit_factor);
    }

  if (rdx_action_is (action, "log.add"))
    {
      RdxValue *log = rdx_map_get (state, "log");
      RdxValue *text = rdx_map_get (rdx_action_get_payload (action), "text");

      return test_set (state, "/log", rdx_list_append (log, text));
    }

  if (rdx_action_is (action, "log.shift"))
    {
      RdxValue *log = rdx_map_get (state, "log");

      if (rdx_list_length (log) == 0)
        return rdx_value_ref (state);
      return test_set (state, "/log", rdx_list_remove (log, 0));
    }

  if (rdx_action_is (action, "ui.select"))
    return test_set (state, "/ui/selected",
                     id != NULL ? rdx_value_new_string (id) : rdx_value_new_null ());

  if (rdx_action_is (action, "ui.bad"))
    return test_add_int (state, "/settled", 100);

  if (rdx_action_is (action, "cmd.requested"))
    return test_add_int (state, "/requests", 1);

  if (rdx_action_is (action, "cmd.completed") || rdx_action_is (action, "cmd.failed"))
    return test_add_int (state, "/settled", 1);

  return rdx_value_ref (state);
}

G_GNUC_UNUSED static gboolean
test_is_transient (RdxAction *action, gpointer user_data)
{
  return g_str_has_prefix (rdx_action_get_type_name (action), "ui.");
}

G_GNUC_UNUSED static RdxJournalOptions *
test_options (RdxJournalDurability durability, guint snapshot_interval)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (test_reducer, NULL, NULL);
  RdxJournalOptions *options = rdx_journal_options_new (TEST_APP_ID, reducer);

  rdx_journal_options_set_durability (options, durability);
  rdx_journal_options_set_snapshot_interval (options, snapshot_interval);
  rdx_journal_options_set_transient_func (options, test_is_transient, NULL, NULL);
  rdx_journal_options_add_transient_key (options, "ui");
  rdx_journal_options_add_command (options, "cmd.requested", "request_id", "cmd.completed",
                                   "cmd.failed", NULL);
  return options;
}

G_GNUC_UNUSED static gboolean
test_dispatch (RdxStore *store, const char *type, RdxValue *payload /* taken */, GError **error)
{
  return rdx_store_dispatch_take (store, rdx_action_new_take (type, payload), error);
}

G_GNUC_UNUSED static void
test_dispatch_ok (RdxStore *store, const char *type, RdxValue *payload /* taken */)
{
  g_autoptr (GError) error = NULL;

  if (!test_dispatch (store, type, payload, &error))
    fail_msg ("dispatching %s failed: %s", type, error->message);
}

/* Dispatches action number @i of a fixed mix of bank actions. */
G_GNUC_UNUSED static void
test_dispatch_mix (RdxStore *store, guint i)
{
  char id[16];

  g_snprintf (id, sizeof id, "a%u", i % 5);
  if (i < 5)
    test_dispatch_ok (store, "acc.open", rdx_map_new_take ("id", rdx_value_new_string (id), NULL));
  else if (i % 7 == 0)
    test_dispatch_ok (store, "log.add",
                      rdx_map_new_take ("text", rdx_value_new_printf ("entry %u", i), NULL));
  else if (i % 11 == 0)
    test_dispatch_ok (store, "log.shift", NULL);
  else
    test_dispatch_ok (
      store, "acc.deposit",
      rdx_map_new_take ("id", rdx_value_new_string (id), "amount", rdx_value_new_int (i), NULL));
}

G_GNUC_UNUSED static RdxJournal *
test_open_ok (const char *path, RdxJournalOptions *options)
{
  g_autoptr (GError) error = NULL;
  RdxJournal *journal = rdx_journal_open (path, options, &error);

  if (journal == NULL)
    fail_msg ("opening %s failed: %s", path, error->message);
  return journal;
}

G_GNUC_UNUSED static void
test_close_ok (RdxJournal *journal)
{
  g_autoptr (GError) error = NULL;

  if (!rdx_journal_close (journal, &error))
    fail_msg ("closing the journal failed: %s", error->message);
}

/* Drops the last reference to @object and checks it was finalized. */
G_GNUC_UNUSED static void
test_finalize (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  rdx_assert_finalized (weak);
}

G_GNUC_UNUSED static char *
test_make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("rdx-journal-XXXXXX", &error);

  if (dir == NULL)
    fail_msg ("g_dir_make_tmp: %s", error->message);
  return dir;
}

G_GNUC_UNUSED static void
test_remove_dir (char *dir /* taken */)
{
  GDir       *handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_remove (path) != 0)
        fail_msg ("removing %s: %s", path, g_strerror (errno));
    }
  if (handle != NULL)
    g_dir_close (handle);
  if (g_rmdir (dir) != 0)
    fail_msg ("removing %s: %s", dir, g_strerror (errno));
  g_free (dir);
}

/* Runs a query on the journal file directly, returning the integer in the
 * first column of the first row (or -1). */
G_GNUC_UNUSED static gint64
test_query_int (const char *path, const char *sql)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64        result = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* Runs SQL on the journal file directly (to damage it on purpose). */
G_GNUC_UNUSED static void
test_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char    *message = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    fail_msg ("%s on %s: %s", sql, path, message != NULL ? message : sqlite3_errmsg (db));
  sqlite3_close (db);
}

G_GNUC_UNUSED static gboolean
test_has_problem (RdxJournal *journal, RdxJournalProblemKind kind, guint64 sequence)
{
  const RdxJournalProblem *problems;
  guint                    n, i;

  problems = rdx_journal_get_problems (journal, &n);
  for (i = 0; i < n; i++)
    if (problems[i].kind == kind && (sequence == 0 || problems[i].sequence == sequence))
      return TRUE;
  return FALSE;
}

G_GNUC_UNUSED static const char *
test_problem_message (RdxJournal *journal, RdxJournalProblemKind kind)
{
  const RdxJournalProblem *problems;
  guint                    n, i;

  problems = rdx_journal_get_problems (journal, &n);
  for (i = 0; i < n; i++)
    if (problems[i].kind == kind)
      return problems[i].message;
  return NULL;
}

G_GNUC_UNUSED static gboolean
test_quick (void)
{
  return g_getenv ("RDX_TEST_QUICK") != NULL;
}

/* Fails with the problems' messages unless there are exactly @n. */
G_GNUC_UNUSED static void
test_assert_n_problems (RdxJournal *journal, guint n)
{
  const RdxJournalProblem *problems;
  guint                    n_problems, i;
  g_autoptr (GString) text = g_string_new (NULL);

  problems = rdx_journal_get_problems (journal, &n_problems);
  if (n_problems == n)
    return;
  for (i = 0; i < n_problems; i++)
    g_string_append_printf (text, "\n  [%d] %s", problems[i].kind, problems[i].message);
  fail_msg ("expected %u problems, got %u:%s", n, n_problems, text->str);
}

/* Copies the file @from to @to (when @from exists). */
G_GNUC_UNUSED static void
test_copy_file (const char *from, const char *to)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (!g_file_test (from, G_FILE_TEST_EXISTS))
    return;
  if (!g_file_get_contents (from, &contents, &length, &error) ||
      !g_file_set_contents (to, contents, length, &error))
    fail_msg ("copying %s to %s: %s", from, to, error->message);
}

/* What a crash would leave of the journal at @path, which is open: a copy
 * of its database and its write-ahead log as they are now, at @image. */
G_GNUC_UNUSED static void
test_crash_image (const char *path, const char *image)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *image_wal = g_strconcat (image, "-wal", NULL);

  test_copy_file (path, image);
  test_copy_file (wal, image_wal);
}

/* The bytes of the file at @path (empty when it does not exist). */
G_GNUC_UNUSED static GBytes *
test_file_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_bytes_new (NULL, 0);
  return g_bytes_new_take (contents, length);
}

/* Setup and teardown of the journal tests: the shared leak check, and the
 * deposit factor back to 1. */
G_GNUC_UNUSED static int
journal_test_setup (void **state)
{
  test_deposit_factor = 1;
  return rdx_test_record_live_count (state);
}

#define JOURNAL_TEST_CASE(f) \
  cmocka_unit_test_setup_teardown (f, journal_test_setup, rdx_test_check_live_count)

#define assert_journal_error(err, c) assert_error (err, RDX_JOURNAL_ERROR, c)
