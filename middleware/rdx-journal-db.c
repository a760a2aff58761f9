/* rdx-journal-db.c: the journal's database, its schema and its sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* renameat2 () */
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "rdx-journal-private.h"
#include "rdx-version.h"

/* 'RDX1' in the database header (PRAGMA application_id), for file(1). */
#define APPLICATION_ID 0x52445831

static const char schema_sql[] = "PRAGMA application_id = 1380210737;"
                                 "CREATE TABLE meta ("
                                 "  key   TEXT PRIMARY KEY NOT NULL,"
                                 "  value TEXT NOT NULL"
                                 ") WITHOUT ROWID;"
                                 "CREATE TABLE events ("
                                 "  seq       INTEGER PRIMARY KEY,"
                                 "  type      TEXT NOT NULL,"
                                 "  payload   TEXT NOT NULL,"
                                 "  time      INTEGER NOT NULL,"
                                 "  session   INTEGER NOT NULL,"
                                 "  store_seq INTEGER NOT NULL,"
                                 "  version   INTEGER NOT NULL,"
                                 "  hash      BLOB NOT NULL"
                                 ");"
                                 "CREATE TABLE snapshots ("
                                 "  id       INTEGER PRIMARY KEY,"
                                 "  seq      INTEGER NOT NULL,"
                                 "  state    TEXT NOT NULL,"
                                 "  hash     BLOB NOT NULL,"
                                 "  checksum TEXT NOT NULL,"
                                 "  version  INTEGER NOT NULL,"
                                 "  commands TEXT NOT NULL,"
                                 "  origin   TEXT NOT NULL,"
                                 "  time     INTEGER NOT NULL"
                                 ");"
                                 "CREATE INDEX snapshots_by_seq ON snapshots (seq);"
                                 "CREATE TABLE sessions ("
                                 "  id        INTEGER PRIMARY KEY,"
                                 "  opened    INTEGER NOT NULL,"
                                 "  closed    INTEGER,"
                                 "  first_seq INTEGER NOT NULL,"
                                 "  pid       INTEGER NOT NULL"
                                 ");";

/* The database */

/* Runs a query whose first column of the first row is an integer. */
static gboolean
query_int (RdxJournal *self,
           const char *sql,
           gint64     *out,
           gboolean   *found,
           const char *doing,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int64 (stmt, 0);
      if (found != NULL)
        *found = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
      rc = SQLITE_DONE;
    }
  else if (rc == SQLITE_DONE && found != NULL)
    {
      *found = FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      rdx_journal_set_sqlite_error (self, error, rc, doing);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Reads @key from the meta table into @value (NULL when it is not there).
 * Fails only when the table cannot be read. */
static gboolean
read_meta_optional (RdxJournal *self, const char *key, char **value, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc;

  *value = NULL;
  rc = sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "reading the meta table");
  return TRUE;
}

static char *
read_meta (RdxJournal *self, const char *key, GError **error)
{
  char *value = NULL;

  if (!read_meta_optional (self, key, &value, error))
    return NULL;
  if (value == NULL)
    g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_A_JOURNAL,
                 "“%s” is not an rdx journal: its meta table has no “%s”. It was left as it "
                 "is.",
                 self->path, key);
  return value;
}

static gboolean
create_schema (RdxJournal *self, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autofree char *meta = NULL;

  if (!self->in_memory &&
      !rdx_journal_exec (self, "PRAGMA journal_mode = WAL", "switching to WAL mode", error))
    return FALSE;

  meta =
    sqlite3_mprintf ("INSERT INTO meta (key, value) VALUES"
                     " ('schema_version', '%d'), ('app_id', %Q), ('created', %Q),"
                     " ('digest', 'rdx-sum-sha256'), ('rdx_version', %Q);",
                     RDX_JOURNAL_SCHEMA_VERSION, self->options->app_id, created, RDX_VERSION_S);
  if (!rdx_journal_exec (self, "BEGIN IMMEDIATE", "creating the journal", error))
    return FALSE;
  if (!rdx_journal_exec (self, schema_sql, "creating the journal's tables", error) ||
      !rdx_journal_exec (self, meta, "writing the meta table", error) ||
      !rdx_journal_exec (self, "COMMIT", "creating the journal", error))
    {
      sqlite3_free (meta);
      meta = NULL;
      rdx_journal_exec (self, "ROLLBACK", "creating the journal", NULL);
      return FALSE;
    }
  sqlite3_free (meta);
  meta = NULL;
  self->schema = RDX_JOURNAL_SCHEMA_VERSION;
  return TRUE;
}

/* Schemas 1 and 2 differ from schema 3 only in the snapshots' checksum,
 * which covered neither the snapshot's sequence number nor (in schema 1)
 * its digest. Their snapshots are not trusted: the rebuild skips them (the
 * events are replayed instead), and when the journal opens for writing it
 * becomes schema 3, remembering in the meta table which snapshots are
 * older ("legacy_snapshots", the highest id). */
static gboolean
find_legacy_snapshots (RdxJournal *self, GError **error)
{
  g_autofree char *text = NULL;

  if (self->schema < RDX_JOURNAL_SCHEMA_VERSION)
    return query_int (self, "SELECT coalesce(max(id), 0) FROM snapshots", &self->legacy_snapshots,
                      NULL, "reading the list of snapshots", error);
  if (!read_meta_optional (self, "legacy_snapshots", &text, error))
    return FALSE;
  self->legacy_snapshots = text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
  return TRUE;
}

/* Checks that an existing database is a journal this program may read. */
static gboolean
check_meta (RdxJournal *self, GError **error)
{
  g_autofree char *version_text = NULL;
  g_autofree char *app_id = NULL;
  gint64           n_meta = 0;
  guint64          version;
  char            *end = NULL;

  if (!query_int (self, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'",
                  &n_meta, NULL, "reading the list of tables", error))
    return FALSE;
  if (n_meta == 0)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_A_JOURNAL,
                   "“%s” is %s but not an rdx journal (it has no meta table). It was left as it "
                   "is.",
                   self->path,
                   self->read_only ? "empty or an SQLite database" : "an SQLite database");
      return FALSE;
    }

  version_text = read_meta (self, "schema_version", error);
  if (version_text == NULL)
    return FALSE;
  version = g_ascii_strtoull (version_text, &end, 10);
  if (end == version_text || *end != '\0' || version == 0)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_A_JOURNAL,
                   "The journal “%s” has an invalid schema version “%s”. It was left as it is.",
                   self->path, version_text);
      return FALSE;
    }
  if (version > RDX_JOURNAL_SCHEMA_VERSION)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NEWER_SCHEMA,
                   "The journal “%s” was written with journal schema %" G_GUINT64_FORMAT
                   ", newer than schema %d, which this version of rdx reads. It was left as it "
                   "is; open it with a newer version of the program.",
                   self->path, version, RDX_JOURNAL_SCHEMA_VERSION);
      return FALSE;
    }
  self->schema = (guint) version;

  app_id = read_meta (self, "app_id", error);
  if (app_id == NULL)
    return FALSE;
  if (strcmp (app_id, self->options->app_id) != 0)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_OTHER_APP,
                   "The journal “%s” belongs to the application “%s”, not to “%s”. It was left "
                   "as it is.",
                   self->path, app_id, self->options->app_id);
      return FALSE;
    }

  return find_legacy_snapshots (self, error);
}

/* Making a new journal */

/* Builds an empty journal in the file at @temp (which exists, empty), on a
 * connection of its own, and closes it: a checkpoint leaves everything in
 * the file itself. */
static gboolean
build_new (RdxJournal *self, const char *temp, GError **error)
{
  gboolean ok;
  int      rc;

  rc = sqlite3_open_v2 (temp, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    ok = rdx_journal_set_sqlite_error (self, error, rc, "creating it");
  else
    ok = rdx_journal_exec (self, "PRAGMA synchronous = FULL", "creating it", error) &&
         create_schema (self, error);
  rdx_journal_close_database (self, ok);
  return ok;
}

static void
remove_database_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

/* Gives the complete journal at @temp the journal's name, unless something
 * took that name meanwhile (another process made the journal: then that
 * one is opened). Never replaces a file. */
static gboolean
move_into_place (RdxJournal *self, const char *temp, const char *dir, GError **error)
{
  int rc = renameat2 (AT_FDCWD, temp, AT_FDCWD, self->path, RENAME_NOREPLACE);
  int saved = errno;
  int dir_fd;

  if (rc != 0 && (saved == EINVAL || saved == ENOSYS))
    {
      /* A file system without RENAME_NOREPLACE: link() never replaces
       * either. */
      rc = link (temp, self->path);
      saved = errno;
      g_unlink (temp);
    }
  if (rc != 0 && saved != EEXIST)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                   "Could not create the journal “%s”: %s.", self->path, g_strerror (saved));
      return FALSE;
    }
  if (rc != 0)
    remove_database_files (temp);

  /* The new name survives a power cut once the folder is flushed. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

/**
 * rdx_journal_create:
 *
 * Makes the journal's file when nothing is at its path: the folders
 * missing on the way (readable by the user alone, 0700), then the
 * database, built under a temporary name next to it and moved into place
 * once complete. So the path never holds a half-made journal (a crash
 * while it is made leaves nothing there), and an existing file, whatever
 * it holds, is never taken for a new journal.
 */
gboolean
rdx_journal_create (RdxJournal *self, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *temp = NULL;
  struct stat      st;
  int              fd, saved;

  if (lstat (self->path, &st) == 0 || errno != ENOENT)
    return TRUE; /* something is there: it is opened as it is */

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved = errno;
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                   "Could not make the folder “%s” for the journal “%s”: %s.", dir, self->path,
                   g_strerror (saved));
      return FALSE;
    }
  temp = g_strconcat (self->path, ".new-XXXXXX", NULL);
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                   "Could not create the journal “%s”: %s.", self->path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!build_new (self, temp, error) || !move_into_place (self, temp, dir, error))
    {
      remove_database_files (temp);
      return FALSE;
    }
  return TRUE;
}

/* A read-only open without the application's options takes the transient
 * keys and the event version from what the application recorded in the
 * journal when it last opened it for writing. */
static gboolean
use_recorded_options (RdxJournal *self, GError **error)
{
  RdxJournalOptions *options = self->options;
  g_autofree char   *version = NULL;
  g_autofree char   *keys = NULL;
  g_autoptr (RdxValue) list = NULL;
  RdxListIter iter;
  RdxValue   *key;

  if (!read_meta_optional (self, "event_version", &version, error) ||
      !read_meta_optional (self, "transient_keys", &keys, error))
    return FALSE;

  if (!options->event_version_set && version != NULL)
    {
      guint64 value = g_ascii_strtoull (version, NULL, 10);

      if (value > 0 && value <= G_MAXUINT)
        options->event_version = (guint) value;
    }

  list = keys != NULL ? rdx_value_from_json (keys, -1, NULL) : NULL;
  if (options->transient_keys->len == 1 && list != NULL && rdx_value_is_list (list))
    {
      g_autoptr (GPtrArray) strings = g_ptr_array_new ();

      rdx_list_iter_init (&iter, list);
      while (rdx_list_iter_next (&iter, &key))
        if (rdx_value_is_string (key))
          g_ptr_array_add (strings, (gpointer) rdx_value_get_string (key));
      g_ptr_array_add (strings, NULL);
      rdx_journal_options_set_transient_keys (options, (const char *const *) strings->pdata);
    }
  return TRUE;
}

/* A file too short to hold a database (one page at least), or a database
 * with no tables: a journal that lost its contents, or another file.
 * SQLite would take it for an empty database. */
static gboolean
not_a_journal_error (RdxJournal *self, gint64 size, GError **error)
{
  g_autofree char *length =
    g_strdup_printf ("%" G_GINT64_FORMAT " %s", size, size == 1 ? "byte" : "bytes");

  if (size < 512)
    g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_A_JOURNAL,
                 "“%s” is not an rdx journal: it is %s long, too short to hold one (a journal "
                 "that lost its contents, or another file). It was left as it is; move it away "
                 "to start a new journal there.",
                 self->path, length);
  else
    g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_A_JOURNAL,
                 "“%s” is an SQLite database without tables (%s), not an rdx journal. It was "
                 "left as it is; move it away to start a new journal there.",
                 self->path, length);
  return FALSE;
}

/* Reads the write-ahead log as the last session left it, before SQLite
 * opens the journal: a log damaged in the middle, with commits after the
 * damage, is reported (see rdx_journal_check_previous_session()), and an
 * open for writing first keeps a copy of it, since its own writes go over
 * the frames SQLite stopped at. */
static void
scan_wal (RdxJournal *self)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (!g_file_get_contents (wal, &contents, &length, NULL) ||
      !rdx_journal_wal_scan ((const guint8 *) contents, length, &self->wal_scan, NULL, NULL) ||
      self->wal_scan.n_commits_after == 0 || self->read_only)
    return;

  for (guint i = 1; self->wal_copy == NULL && i < 1000; i++)
    {
      g_autofree char *name =
        i == 1 ? g_strconcat (wal, ".damaged", NULL) : g_strdup_printf ("%s.damaged-%u", wal, i);

      if (!g_file_test (name, G_FILE_TEST_EXISTS) &&
          g_file_set_contents (name, contents, length, NULL))
        self->wal_copy = g_steal_pointer (&name);
    }
}

/* A file that does not start with SQLite's header is no journal, nor a
 * damaged one to salvage (salvage reads SQLite's pages): another kind of
 * file, or one whose beginning was overwritten. */
static gboolean
starts_as_sqlite (RdxJournal *self, GError **error)
{
  static const char header[16] = "SQLite format 3";
  char              start[16] = { 0 };
  FILE             *file = fopen (self->path, "rb");
  gsize             n = 0;

  if (file == NULL)
    return TRUE; /* SQLite says why */
  n = fread (start, 1, sizeof start, file);
  fclose (file);
  if (n == sizeof start && memcmp (start, header, sizeof header) == 0)
    return TRUE;
  g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_A_JOURNAL,
               "“%s” is not an rdx journal: it is not an SQLite database (it does not start as "
               "one does; another kind of file, or one whose beginning was overwritten). It "
               "was left as it is.",
               self->path);
  return FALSE;
}

gboolean
rdx_journal_open_database (RdxJournal *self, GError **error)
{
  gint64      n_tables = 0;
  int         flags = SQLITE_OPEN_NOMUTEX;
  struct stat st;
  int         rc;

  /* rdx_journal_create() made a missing file complete; one that is too
   * short is not read by SQLite at all. */
  if (!self->in_memory && stat (self->path, &st) == 0 && st.st_size < 512)
    return not_a_journal_error (self, st.st_size, error);
  if (!self->in_memory && !starts_as_sqlite (self, error))
    return FALSE;
  /* A reader next to a running writer sees a log in use. */
  if (!self->in_memory && !self->writer_running)
    scan_wal (self);

  /* A journal in memory is empty: a read-only one is made too. */
  if (self->read_only && !self->in_memory)
    flags |= SQLITE_OPEN_READONLY;
  else
    flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  rc = sqlite3_open_v2 (self->path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    return rdx_journal_set_sqlite_error (self, error, rc, "opening it");
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* Read before anything is written: a file that is not a journal of this
   * application must stay exactly as it is. */
  if (!query_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, NULL,
                  "reading the list of tables", error))
    return FALSE;
  if (n_tables == 0 && self->in_memory)
    {
      if (!create_schema (self, error))
        return FALSE;
    }
  else if (n_tables == 0)
    {
      return not_a_journal_error (self, stat (self->path, &st) == 0 ? st.st_size : 0, error);
    }
  else if (!check_meta (self, error))
    {
      return FALSE;
    }
  if (self->read_only)
    return use_recorded_options (self, error) &&
           rdx_journal_exec (self, "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY",
                             "setting the cache", error);

  if (!self->in_memory &&
      !rdx_journal_exec (self, "PRAGMA journal_mode = WAL", "switching to WAL mode", error))
    return FALSE;

  return rdx_journal_exec (self,
                           self->options->durability == RDX_JOURNAL_DURABILITY_NONE
                             ? "PRAGMA synchronous = OFF"
                             : "PRAGMA synchronous = FULL",
                           "setting the durability", error) &&
         rdx_journal_exec (self, "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY",
                           "setting the cache", error);
}

static gboolean
prepare (RdxJournal *self, sqlite3_stmt **stmt, const char *sql, GError **error)
{
  int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);

  if (rc != SQLITE_OK)
    return rdx_journal_set_sqlite_error (self, error, rc, "preparing its statements");
  return TRUE;
}

gboolean
rdx_journal_prepare_statements (RdxJournal *self, GError **error)
{
  return prepare (self, &self->insert_event,
                  "INSERT INTO events (seq, type, payload, time, session, store_seq, version, "
                  "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  error) &&
         prepare (self, &self->insert_snapshot,
                  "INSERT INTO snapshots (seq, state, hash, checksum, version, commands, "
                  "origin, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  error) &&
         prepare (self, &self->begin, "BEGIN IMMEDIATE", error) &&
         prepare (self, &self->commit, "COMMIT", error);
}

/**
 * rdx_journal_checkpoint:
 *
 * Moves every transaction of the write-ahead log into the database file
 * and empties the log, so the file alone holds the whole journal (a clean
 * close; closing the last connection does it too, but not while a reader
 * has the journal open). Waits for a reader in the middle of a read, up to
 * the busy timeout; when one reads longer, the log keeps the latest
 * transactions, and a warning says so.
 */
void
rdx_journal_checkpoint (RdxJournal *self)
{
  int rc;

  if (self->in_memory || self->read_only || self->db == NULL)
    return;
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    g_warning ("The journal “%s” was closed, but its write-ahead log could not be moved into "
               "the database file (%s): keep the “-wal” file with it, it holds the latest "
               "events. Another program was probably reading the journal.",
               self->path, sqlite3_errmsg (self->db));
}

/* Closes the database; @checkpoint FALSE leaves a write-ahead log as it is
 * (after a failed open, the file must not change). */
void
rdx_journal_close_database (RdxJournal *self, gboolean checkpoint)
{
  g_clear_pointer (&self->insert_event, sqlite3_finalize);
  g_clear_pointer (&self->insert_snapshot, sqlite3_finalize);
  g_clear_pointer (&self->begin, sqlite3_finalize);
  g_clear_pointer (&self->commit, sqlite3_finalize);
  if (self->db == NULL)
    return;
  if (!checkpoint)
    sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  if (sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Closing the journal “%s” failed: %s", self->path, sqlite3_errmsg (self->db));
  self->db = NULL;
}

/* Sessions */

/* What the log damage cost, for the problem that reports it. */
static char *
describe_wal_damage (RdxJournal *self)
{
  const RdxJournalWalScan *scan = &self->wal_scan;
  g_autofree char         *copy = NULL;

  if (self->wal_copy != NULL)
    copy = g_strdup_printf (" A copy of the log as it was is kept in “%s”.", self->wal_copy);
  return g_strdup_printf (
    "its write-ahead log “%s-wal” is damaged: frame %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
    " (at byte %" G_GSIZE_FORMAT ") fails its checksum, so the journal could be read only up "
    "to the last commit before it, up to event %" G_GUINT64_FORMAT
    ". The log holds %" G_GSIZE_FORMAT
    " more %s after the damaged frame that cannot be read: the actions they held were "
    "acknowledged and are lost from the journal.%s Call rdx_journal_accept() to go on from event "
    "%" G_GUINT64_FORMAT ", or close the journal.",
    self->path, scan->first_bad, scan->n_frames, scan->bad_offset, self->last_seq,
    scan->n_commits_after, scan->n_commits_after == 1 ? "commit" : "commits",
    copy != NULL ? copy : "", self->last_seq);
}

void
rdx_journal_check_previous_session (RdxJournal *self)
{
  sqlite3_stmt    *stmt = NULL;
  g_autofree char *when = NULL;
  gboolean         unclean = FALSE;
  int              pid = 0;

  /* A reader next to a running writer sees the writer's own session. */
  if (self->writer_running)
    return;
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT id, opened, closed, pid FROM sessions ORDER BY id DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 2) == SQLITE_NULL)
    {
      g_autoptr (GDateTime) opened =
        g_date_time_new_from_unix_local (sqlite3_column_int64 (stmt, 1) / G_USEC_PER_SEC);

      when = opened != NULL ? g_date_time_format (opened, "%F %T") : NULL;
      pid = sqlite3_column_int (stmt, 3);
      unclean = TRUE;
    }
  sqlite3_finalize (stmt);

  if (self->wal_scan.n_commits_after > 0)
    {
      g_autofree char *damage = describe_wal_damage (self);

      if (unclean)
        rdx_journal_add_problem (self, RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN, self->last_seq, TRUE,
                                 "The previous session (opened %s by process %d) ended without "
                                 "closing the journal, probably in a crash, and %s",
                                 when != NULL ? when : "at an unknown time", pid, damage);
      else
        rdx_journal_add_problem (self, RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN, self->last_seq, TRUE,
                                 "The journal was not left intact: %s", damage);
      return;
    }
  if (unclean)
    rdx_journal_add_problem (
      self, RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN, self->last_seq, FALSE,
      "The previous session (opened %s by process %d) ended without closing the journal, "
      "probably in a crash. Everything it committed is kept, up to event %" G_GUINT64_FORMAT
      "; with a batched policy, the actions of its last open batch were lost.",
      when != NULL ? when : "at an unknown time", pid, self->last_seq);
}

/* Records the new session, and in the meta table what a reader without the
 * application's options needs to replay the journal as the application
 * does: its transient keys and event version. A journal of an older
 * schema becomes schema 3 (see find_legacy_snapshots()). One transaction. */
gboolean
rdx_journal_begin_session (RdxJournal *self, GError **error)
{
  g_autofree char *keys = rdx_journal_options_transient_keys_json (self->options);
  g_autofree char *version = g_strdup_printf ("%u", self->options->event_version);
  g_autofree char *schema = g_strdup_printf ("%d", RDX_JOURNAL_SCHEMA_VERSION);
  g_autofree char *legacy = g_strdup_printf ("%" G_GINT64_FORMAT, self->legacy_snapshots);
  const char      *keys_values[] = { "transient_keys", "event_version", "schema_version",
                                     "legacy_snapshots" };
  const char      *values[] = { keys, version, schema, legacy };
  sqlite3_stmt    *stmt = NULL;
  guint            n_meta = self->schema < RDX_JOURNAL_SCHEMA_VERSION ? 4 : 2;
  guint            i;
  int              rc;

  if (!rdx_journal_exec (self, "BEGIN IMMEDIATE", "recording the new session", error))
    return FALSE;

  rc = sqlite3_prepare_v2 (
    self->db, "INSERT INTO sessions (opened, first_seq, pid) VALUES (?1, ?2, ?3)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) self->last_seq + 1);
      sqlite3_bind_int (stmt, 3, (int) getpid ());
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
    }
  sqlite3_finalize (stmt);
  self->session = sqlite3_last_insert_rowid (self->db);

  stmt = NULL;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                             -1, &stmt, NULL);
  for (i = 0; rc == SQLITE_OK && i < n_meta; i++)
    {
      sqlite3_bind_text (stmt, 1, keys_values[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, values[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (self->db);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      rdx_journal_set_sqlite_error (self, error, rc, "recording the new session");
      if (!sqlite3_get_autocommit (self->db))
        rdx_journal_exec (self, "ROLLBACK", "rolling back", NULL);
      self->session = 0;
      return FALSE;
    }
  self->schema = RDX_JOURNAL_SCHEMA_VERSION;
  return TRUE;
}

gboolean
rdx_journal_end_session (RdxJournal *self, GError **error)
{
  g_autofree char *sql = NULL;

  if (self->session <= 0)
    return TRUE;
  sql = g_strdup_printf ("UPDATE sessions SET closed = %" G_GINT64_FORMAT
                         " WHERE id = %" G_GINT64_FORMAT,
                         g_get_real_time (), self->session);
  return rdx_journal_exec (self, sql, "recording the end of the session", error);
}
