/* rdx-journal.c: opening, writing and closing a journal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "rdx-action-private.h"
#include "rdx-journal-private.h"
#include "rdx-store-private.h"
#include "rdx-version.h"

/**
 * RdxJournal:
 *
 * An append-only journal of the actions a store's reducer accepted, in an
 * SQLite database: the events are the single source of truth, and the
 * state is rebuilt from them when the journal opens (event sourcing).
 *
 * rdx_journal_open() opens (or creates) a journal and rebuilds the state:
 * from the newest valid snapshot, it replays the later events through the
 * reducer alone (no middleware, so no effects run), and compares the
 * result with the state digest the journal recorded. The store is then made
 * with that state and the journal's middleware, innermost, which appends
 * every action the reducer accepts (rdx_journal_new_store() does both).
 *
 * A journal belongs to the thread of its store; its batch timer runs in
 * the store's #GMainContext. Only one process may have a journal open for
 * writing: it holds a lock (flock()) on the database file itself. Any
 * number may open it read-only (%RDX_JOURNAL_OPEN_READ_ONLY) to inspect it.
 *
 * The journal keeps its own sequence numbers, increasing for its whole
 * life; a store's own sequence numbers start again at 1 each time a store
 * is made.
 */

G_DEFINE_FINAL_TYPE (RdxJournal, rdx_journal, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (rdx-journal-error-quark, rdx_journal_error)
/* clang-format on */

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

/* The journal files this process has open, by device and inode (see "The
 * lock" below). */
typedef struct
{
  int      pid;    /* the process that made the entry: a forked child starts afresh */
  guint    n_open; /* journals of this process that have the file open */
  gboolean writer; /* one of them writes it */
  GArray  *fds;    /* descriptors to close once n_open drops to 0 */
} OpenFile;

G_LOCK_DEFINE_STATIC (open_files);
static GHashTable *open_files; /* "dev:ino" -> OpenFile */

/* Errors */

gboolean
rdx_journal_set_sqlite_error (RdxJournal *self, GError **error, int rc, const char *doing)
{
  const char *message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT,
                     "The journal “%s” is damaged: SQLite reports “%s” while %s. The file was "
                     "left as it is; rdx_journal_salvage() copies the events that can still be "
                     "read into a new journal.",
                     self->path, message, doing);
        break;
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IN_USE,
                     "The journal “%s” is busy (%s) while %s: another program is writing to it.",
                     self->path, message, doing);
        break;
      default:
        g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                     "The journal “%s” failed while %s: %s (SQLite error %d).", self->path, doing,
                     message, rc);
        break;
    }
  return FALSE;
}

gboolean
rdx_journal_exec (RdxJournal *self, const char *sql, const char *doing, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return rdx_journal_set_sqlite_error (self, error, rc, doing);
  return TRUE;
}

void
rdx_journal_add_problem (RdxJournal           *self,
                         RdxJournalProblemKind kind,
                         guint64               sequence,
                         gboolean              blocking,
                         const char           *format,
                         ...)
{
  RdxJournalProblem problem = { kind, sequence, blocking, NULL };
  va_list           args;

  va_start (args, format);
  problem.message = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (self->problems, problem);
  if (blocking)
    self->needs_decision = TRUE;
}

static void
clear_problem (gpointer data)
{
  RdxJournalProblem *problem = data;

  g_free (problem->message);
}

/* The lock
 *
 * A writer holds an exclusive flock() on the database file itself, so the
 * lock is the same whatever name the file is opened by: a symbolic link, a
 * hard link, another mount. On Linux flock() locks and the POSIX (fcntl)
 * locks SQLite takes on the same file are independent; they only meet on
 * network file systems, which emulate flock() with POSIX locks, and where
 * SQLite's write-ahead log does not work anyway.
 *
 * POSIX locks have one trap: closing any descriptor of a file drops every
 * POSIX lock the process holds on it, those of SQLite connections
 * included. So a descriptor opened here is never closed while a journal of
 * this process still has the file open: it waits in the process's table of
 * open files until the last of them is closed (after its connection). A
 * read-only journal takes no lock and opens no descriptor; it reads one
 * consistent snapshot of the file through SQLite. */

static void
open_file_free (gpointer data)
{
  OpenFile *file = data;
  guint     i;

  for (i = 0; i < file->fds->len; i++)
    close (g_array_index (file->fds, int, i));
  g_array_unref (file->fds);
  g_free (file);
}

static char *
file_key (const struct stat *st)
{
  return g_strdup_printf ("%ju:%ju", (uintmax_t) st->st_dev, (uintmax_t) st->st_ino);
}

/* The entry of the file @st, made when missing. Call with open_files
 * locked. */
static OpenFile *
open_file_get (const struct stat *st, gboolean create)
{
  g_autofree char *key = file_key (st);
  OpenFile        *file;

  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, open_file_free);
  file = g_hash_table_lookup (open_files, key);
  if (file != NULL && file->pid != (int) getpid ())
    {
      /* Inherited from the parent of a fork(): its journals are not ours.
       * Closing the inherited descriptors leaves the parent's locks. */
      g_hash_table_remove (open_files, key);
      file = NULL;
    }
  if (file == NULL && create)
    {
      file = g_new0 (OpenFile, 1);
      file->pid = (int) getpid ();
      file->fds = g_array_new (FALSE, FALSE, sizeof (int));
      g_hash_table_insert (open_files, g_steal_pointer (&key), file);
    }
  return file;
}

/* Drops a journal's hold on @key's entry: closes its descriptors once no
 * journal has the file open. Call with open_files locked. */
static void
open_file_unhold (const char *key)
{
  OpenFile *file = open_files != NULL ? g_hash_table_lookup (open_files, key) : NULL;

  if (file != NULL && file->pid == (int) getpid () && file->n_open > 0 && --file->n_open == 0)
    g_hash_table_remove (open_files, key);
}

/* The process that holds a flock() on the file @st, from /proc/locks (the
 * kernel lists there every lock with its owner), or 0. Only a hint for
 * messages. */
static int
flock_owner (const struct stat *st)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint i;

  if (!g_file_get_contents ("/proc/locks", &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      char               type[16];
      int                pid;
      unsigned int       dev_major, dev_minor;
      unsigned long long inode;

      /* "1: FLOCK  ADVISORY  WRITE 1234 08:02:131090 0 EOF"; waiters are
       * listed as "1: -> FLOCK ..." and do not match. */
      if (sscanf (lines[i], "%*d: %15s %*s %*s %d %x:%x:%llu", type, &pid, &dev_major, &dev_minor,
                  &inode) == 5 &&
          strcmp (type, "FLOCK") == 0 && dev_major == major (st->st_dev) &&
          dev_minor == minor (st->st_dev) && inode == (unsigned long long) st->st_ino && pid > 0)
        return pid;
    }
  return 0;
}

static gboolean
in_use_error (RdxJournal *self, const struct stat *st, GError **error)
{
  int owner = flock_owner (st);

  if (owner > 0)
    g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IN_USE,
                 "The journal “%s” is in use by another process (pid %d). Only one process may "
                 "write a journal: close the other program, then try again.",
                 self->path, owner);
  else
    g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IN_USE,
                 "The journal “%s” is in use by another process. Only one process may write a "
                 "journal: close the other program, then try again.",
                 self->path);
  return FALSE;
}

/* SQLite keeps the write-ahead log next to the name it opened a database
 * by: through another hard link, a program would not see the transactions
 * still in the log (after a crash), and could write over them. */
static gboolean
check_one_name (RdxJournal *self, const struct stat *st, GError **error)
{
  if (st->st_nlink <= 1)
    return TRUE;
  g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
               "The journal “%s” has %ju names (hard links). SQLite keeps a journal's "
               "write-ahead log next to the name it is opened by, so through another name the "
               "latest events could be missed or overwritten. It was left as it is; remove its "
               "other names (or open a copy).",
               self->path, (uintmax_t) st->st_nlink);
  return FALSE;
}

static gboolean
already_open_error (RdxJournal *self, GError **error)
{
  g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IN_USE,
               "The journal “%s” is already open in this process. Use the journal you opened, "
               "or close it first.",
               self->path);
  return FALSE;
}

/* A writer: locks the database file (creating it when it does not exist). */
static gboolean
lock_writer (RdxJournal *self, GError **error)
{
  struct stat st;
  OpenFile   *file;
  int         fd, saved;

  /* Checked before opening a descriptor: closing one would drop the locks
   * of this process's connection to the file. */
  if (stat (self->path, &st) == 0 && (file = open_file_get (&st, FALSE)) != NULL && file->writer)
    return already_open_error (self, error);

  fd = open (self->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                   "Could not open the journal “%s”: %s.", self->path, g_strerror (saved));
      return FALSE;
    }

  file = open_file_get (&st, TRUE);
  g_array_append_val (file->fds, fd); /* closed with the entry from now on */
  file->n_open++;
  self->file_key = file_key (&st);
  if (file->writer)
    return already_open_error (self, error); /* the name was moved meanwhile */

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      saved = errno;
      if (saved == EWOULDBLOCK || saved == EAGAIN)
        return in_use_error (self, &st, error);
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                   "Could not lock the journal “%s”: %s.", self->path, g_strerror (saved));
      return FALSE;
    }
  file->writer = TRUE;
  self->lock_fd = fd;
  self->lock_pid = (int) getpid ();
  return check_one_name (self, &st, error);
}

/* A reader: takes no lock, but says whether a writer has the journal
 * open, and keeps the writer's descriptors open while it reads. */
static gboolean
lock_reader (RdxJournal *self, GError **error)
{
  struct stat st;
  OpenFile   *file;

  if (stat (self->path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                   "Could not open the journal “%s”: %s.", self->path, g_strerror (saved));
      return FALSE;
    }
  file = open_file_get (&st, TRUE);
  file->n_open++;
  self->file_key = file_key (&st);
  self->writer_running = file->writer || flock_owner (&st) > 0;
  return check_one_name (self, &st, error);
}

static gboolean
lock_acquire (RdxJournal *self, GError **error)
{
  gboolean ok;

  G_LOCK (open_files);
  ok = self->read_only ? lock_reader (self, error) : lock_writer (self, error);
  G_UNLOCK (open_files);
  return ok;
}

/* Releases the lock. Call only after the journal's connection is closed. */
static void
lock_release (RdxJournal *self)
{
  G_LOCK (open_files);
  if (self->lock_fd >= 0)
    {
      OpenFile *file = open_files != NULL ? g_hash_table_lookup (open_files, self->file_key) : NULL;

      /* A child of fork() shares the parent's lock: it must not undo it. */
      if (self->lock_pid == (int) getpid ())
        flock (self->lock_fd, LOCK_UN);
      if (file != NULL && file->pid == (int) getpid ())
        file->writer = FALSE;
      self->lock_fd = -1;
    }
  if (self->file_key != NULL)
    open_file_unhold (self->file_key);
  G_UNLOCK (open_files);
  g_clear_pointer (&self->file_key, g_free);
}

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

/* Schema 1 differs from schema 2 only in the snapshots' checksum, which
 * did not cover the snapshot's digest. Its snapshots are not trusted: the
 * rebuild skips them (the events are replayed instead), and when the
 * journal opens for writing it becomes schema 2, remembering in the meta
 * table which snapshots are older ("legacy_snapshots", the highest id). */
static gboolean
find_legacy_snapshots (RdxJournal *self, GError **error)
{
  g_autofree char *text = NULL;

  if (self->schema == 1)
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

static gboolean
open_database (RdxJournal *self, GError **error)
{
  gint64 n_tables = 0;
  int    flags = SQLITE_OPEN_NOMUTEX;
  int    rc;

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
  if (n_tables == 0 && (!self->read_only || self->in_memory))
    {
      if (!create_schema (self, error))
        return FALSE;
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

static gboolean
prepare_statements (RdxJournal *self, GError **error)
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

/* Closes the database; @checkpoint FALSE leaves a write-ahead log as it is
 * (after a failed open, the file must not change). */
static void
close_database (RdxJournal *self, gboolean checkpoint)
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

static void
check_previous_session (RdxJournal *self)
{
  sqlite3_stmt *stmt = NULL;

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
      g_autofree char *when = opened != NULL ? g_date_time_format (opened, "%F %T") : NULL;

      rdx_journal_add_problem (
        self, RDX_JOURNAL_PROBLEM_UNCLEAN_SHUTDOWN, self->last_seq, FALSE,
        "The previous session (opened %s by process %d) ended without closing the journal, "
        "probably in a crash. Everything it committed is kept, up to event %" G_GUINT64_FORMAT
        "; with a batched policy, the actions of its last open batch were lost.",
        when != NULL ? when : "at an unknown time", sqlite3_column_int (stmt, 3), self->last_seq);
    }
  sqlite3_finalize (stmt);
}

/* Records the new session, and in the meta table what a reader without the
 * application's options needs to replay the journal as the application
 * does: its transient keys and event version. A schema 1 journal becomes
 * schema 2 (see find_legacy_snapshots()). One transaction. */
static gboolean
begin_session (RdxJournal *self, GError **error)
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

static gboolean
end_session (RdxJournal *self, GError **error)
{
  g_autofree char *sql = NULL;

  if (self->session <= 0)
    return TRUE;
  sql = g_strdup_printf ("UPDATE sessions SET closed = %" G_GINT64_FORMAT
                         " WHERE id = %" G_GINT64_FORMAT,
                         g_get_real_time (), self->session);
  return rdx_journal_exec (self, sql, "recording the end of the session", error);
}

/* Commands */

static char *
command_key (const char *type, RdxValue *id)
{
  g_autofree char *id_json = rdx_value_to_json (id);

  return g_strconcat (type, "\n", id_json, NULL);
}

/* What tracking an appended action changed in the unfinished commands, so
 * that it can be undone when the action is refused after all. */
typedef struct
{
  char      *key;
  RdxAction *previous; /* the value it had, or NULL when it had none */
} PendingChange;

static void
pending_change_clear (gpointer data)
{
  PendingChange *change = data;

  g_free (change->key);
  g_clear_pointer (&change->previous, rdx_action_unref);
}

static void
note_change (GArray *changes, GHashTable *pending, const char *key)
{
  PendingChange change;
  gpointer      previous = NULL;

  if (changes == NULL)
    return;
  change.key = g_strdup (key);
  change.previous =
    g_hash_table_lookup_extended (pending, key, NULL, &previous) ? rdx_action_ref (previous) : NULL;
  g_array_append_val (changes, change);
}

static void
undo_changes (RdxJournal *self, GArray *changes)
{
  guint i;

  for (i = changes != NULL ? changes->len : 0; i > 0; i--)
    {
      PendingChange *change = &g_array_index (changes, PendingChange, i - 1);

      if (change->previous != NULL)
        g_hash_table_insert (self->pending, g_strdup (change->key),
                             rdx_action_ref (change->previous));
      else
        g_hash_table_remove (self->pending, change->key);
    }
}

/* Tracks @action in the unfinished commands; records in @changes (when
 * not NULL) what it changed. */
static void
track_command (RdxJournal *self, RdxAction *action, GArray *changes)
{
  const char        *type = rdx_action_get_type_name (action);
  RdxValue          *payload = rdx_action_get_payload (action);
  RdxJournalCommand *command;
  GPtrArray         *settled;
  guint              i;

  if (!rdx_value_is_map (payload))
    return;

  settled = g_hash_table_lookup (self->outcomes, type);
  for (i = 0; settled != NULL && i < settled->len; i++)
    {
      RdxJournalCommand *settles = g_ptr_array_index (settled, i);
      RdxValue          *id = rdx_map_get (payload, settles->id_key);

      if (id != NULL)
        {
          g_autofree char *key = command_key (settles->type, id);

          if (g_hash_table_contains (self->pending, key))
            {
              note_change (changes, self->pending, key);
              g_hash_table_remove (self->pending, key);
            }
        }
    }

  command = g_hash_table_lookup (self->commands, type);
  if (command != NULL)
    {
      RdxValue *id = rdx_map_get (payload, command->id_key);

      if (id != NULL)
        {
          char *key = command_key (type, id);

          note_change (changes, self->pending, key);
          g_hash_table_insert (self->pending, key, rdx_action_ref (action));
        }
    }
}

void
rdx_journal_track_command (RdxJournal *self, RdxAction *action)
{
  track_command (self, action, NULL);
}

static void
index_commands (RdxJournal *self)
{
  GPtrArray *commands = self->options->commands;
  guint      i, j;

  for (i = 0; i < commands->len; i++)
    {
      RdxJournalCommand *command = g_ptr_array_index (commands, i);

      g_hash_table_insert (self->commands, command->type, command);
      for (j = 0; command->outcomes[j] != NULL; j++)
        {
          GPtrArray *list = g_hash_table_lookup (self->outcomes, command->outcomes[j]);

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (self->outcomes, command->outcomes[j], list);
            }
          g_ptr_array_add (list, command);
        }
    }
}

static int
compare_by_sequence (gconstpointer a, gconstpointer b)
{
  guint64 sa = rdx_action_get_sequence (*(RdxAction *const *) a);
  guint64 sb = rdx_action_get_sequence (*(RdxAction *const *) b);

  return sa < sb ? -1 : sa > sb;
}

/**
 * rdx_journal_dup_unfinished_commands:
 * @self: a journal
 *
 * The commands (see rdx_journal_options_add_command()) whose outcome was
 * never journaled: after a crash, those the program was working on when
 * it died. The application resumes or fails each of them explicitly, by
 * dispatching an outcome with the same request id.
 *
 * Each action is the command as it was journaled: its sequence number is
 * the journal's, and its real time when it was dispatched.
 *
 * Returns: (transfer full) (element-type RdxAction): the unfinished
 *   commands, oldest first
 */
GPtrArray *
rdx_journal_dup_unfinished_commands (RdxJournal *self)
{
  GPtrArray     *result;
  GHashTableIter iter;
  gpointer       action;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &action))
    g_ptr_array_add (result, rdx_action_ref (action));
  g_ptr_array_sort (result, compare_by_sequence);
  return result;
}

/* Writing */

gboolean
rdx_journal_insert_raw (RdxJournal   *self,
                        guint64       seq,
                        const char   *type,
                        gssize        type_len,
                        const char   *payload,
                        gsize         payload_len,
                        gint64        time,
                        gint64        session,
                        gint64        store_seq,
                        guint         version,
                        const guint8 *hash,
                        GError      **error)
{
  sqlite3_stmt *stmt = self->insert_event;
  int           rc;

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) seq);
  sqlite3_bind_text (stmt, 2, type, (int) type_len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, payload, (int) payload_len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, time);
  sqlite3_bind_int64 (stmt, 5, session);
  sqlite3_bind_int64 (stmt, 6, store_seq);
  sqlite3_bind_int (stmt, 7, (int) version);
  sqlite3_bind_blob (stmt, 8, hash, RDX_JOURNAL_DIGEST_SIZE, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *doing =
        g_strdup_printf ("writing event %" G_GUINT64_FORMAT " (“%s”)", seq, type);

      return rdx_journal_set_sqlite_error (self, error, rc, doing);
    }
  return TRUE;
}

static gboolean
begin_transaction (RdxJournal *self, GError **error)
{
  int rc;

  if (self->in_transaction)
    return TRUE;
  rc = sqlite3_step (self->begin);
  sqlite3_reset (self->begin);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "starting a transaction");
  self->in_transaction = TRUE;
  self->n_batch = 0;
  self->batch_started = g_get_monotonic_time ();
  return TRUE;
}

/* Whether SQLite rolled the open transaction back by itself (it does on
 * some errors, such as a full disk). */
static gboolean
transaction_lost (RdxJournal *self)
{
  return self->in_transaction && sqlite3_get_autocommit (self->db);
}

/* The events of the open transaction, kept until it commits, so that a
 * transaction SQLite rolls back because of one failed write (of an event
 * or of a snapshot) can be written again. The action is kept rather than
 * its text: writing it again is rare, and serialises it once more. */
typedef struct
{
  guint64    seq;
  RdxAction *action;
  guint8     hash[RDX_JOURNAL_DIGEST_SIZE];
} BatchRow;

static void
batch_row_clear (gpointer data)
{
  BatchRow *row = data;

  g_clear_pointer (&row->action, rdx_action_unref);
}

/* Inserts event @seq: @action with the state digest @hash after it. */
static gboolean
insert_event (RdxJournal *self, guint64 seq, RdxAction *action, const guint8 *hash, GError **error)
{
  g_string_truncate (self->scratch, 0);
  rdx_value_append_json (rdx_action_get_payload (action), self->scratch);
  return rdx_journal_insert_raw (
    self, seq, rdx_action_get_type_name (action), -1, self->scratch->str, self->scratch->len,
    rdx_action_get_real_time (action), self->session, (gint64) rdx_action_get_sequence (action),
    self->options->event_version, hash, error);
}

static void
remember_row (RdxJournal *self, guint64 seq, RdxAction *action, const guint8 *hash)
{
  BatchRow row;

  row.seq = seq;
  row.action = rdx_action_ref (action);
  memcpy (row.hash, hash, sizeof row.hash);
  g_array_append_val (self->batch, row);
}

/* Forgets the row of event @seq, refused after all. */
static void
forget_row (RdxJournal *self, guint64 seq)
{
  guint n = self->batch->len;

  if (n > 0 && g_array_index (self->batch, BatchRow, n - 1).seq == seq)
    g_array_set_size (self->batch, n - 1);
}

/* After SQLite rolled the open transaction back: starts a new one and
 * writes the rows of the batch into it again. */
static gboolean
recover_batch (RdxJournal *self, GError **error)
{
  guint i;

  self->in_transaction = FALSE;
  if (!sqlite3_get_autocommit (self->db))
    rdx_journal_exec (self, "ROLLBACK", "rolling back", NULL);
  self->snapshot_seq = self->committed_snapshot_seq;
  if (self->batch->len == 0)
    return TRUE;
  if (!begin_transaction (self, error))
    return FALSE;
  for (i = 0; i < self->batch->len; i++)
    {
      BatchRow *row = &g_array_index (self->batch, BatchRow, i);

      if (!insert_event (self, row->seq, row->action, row->hash, error))
        {
          if (!sqlite3_get_autocommit (self->db))
            rdx_journal_exec (self, "ROLLBACK", "rolling back", NULL);
          self->in_transaction = FALSE;
          return FALSE;
        }
    }
  self->n_batch = self->batch->len;
  return TRUE;
}

static gboolean
commit_once (RdxJournal *self, GError **error)
{
  int rc = sqlite3_step (self->commit);

  sqlite3_reset (self->commit);
  if (rc != SQLITE_DONE)
    {
      rdx_journal_set_sqlite_error (self, error, rc, "committing");
      if (!sqlite3_get_autocommit (self->db))
        rdx_journal_exec (self, "ROLLBACK", "rolling back", NULL);
      return FALSE;
    }
  self->in_transaction = FALSE;
  self->n_batch = 0;
  self->durable_seq = self->last_seq;
  self->committed_snapshot_seq = self->snapshot_seq;
  g_array_set_size (self->batch, 0);
  return TRUE;
}

/**
 * rdx_journal_commit:
 *
 * Commits the open transaction, if any. When that fails, a batch is
 * written once more in a new transaction and committed again; if that
 * fails too, the transaction is rolled back: its actions are not in the
 * journal.
 */
gboolean
rdx_journal_commit (RdxJournal *self, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (self->commit_source != NULL)
    {
      g_source_destroy (self->commit_source);
      g_clear_pointer (&self->commit_source, g_source_unref);
    }
  if (!self->in_transaction)
    return TRUE;
  if (commit_once (self, &local))
    return TRUE;
  if (self->batch->len > 0 && recover_batch (self, NULL) && commit_once (self, NULL))
    return TRUE;

  self->in_transaction = FALSE;
  self->n_batch = 0;
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* Puts the journal out of service after it lost acknowledged actions. */
static void
fail (RdxJournal *self, GError *error)
{
  g_autofree char *range = NULL;

  if (self->last_seq > self->durable_seq)
    range = g_strdup_printf (" Actions %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                             " are applied in the store but are not in the journal.",
                             self->durable_seq + 1, self->last_seq);
  g_clear_error (&self->failure);
  self->failure = g_error_new (RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_FAILED,
                               "The journal could not write: %s%s It refuses further actions; "
                               "close it and open it again.",
                               error->message, range != NULL ? range : "");
  g_warning ("%s", self->failure->message);
  self->last_seq = self->durable_seq;
  self->snapshot_seq = self->committed_snapshot_seq;
  self->in_transaction = FALSE;
  g_array_set_size (self->batch, 0);
}

static gboolean
commit_timeout_cb (gpointer user_data)
{
  RdxJournal *self = user_data;
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->commit_source, g_source_unref);
  if (!rdx_journal_commit (self, &error))
    fail (self, error);
  return G_SOURCE_REMOVE;
}

static void
schedule_commit (RdxJournal *self)
{
  if (self->commit_source != NULL || self->context == NULL)
    return;
  self->commit_source = g_timeout_source_new (self->options->batch_ms);
  g_source_set_name (self->commit_source, "[rdx] journal batch commit");
  g_source_set_callback (self->commit_source, commit_timeout_cb, self, NULL);
  g_source_attach (self->commit_source, self->context);
}

/* The state as a snapshot keeps it: without the transient keys. */
static RdxValue *
durable_part (RdxJournal *self, RdxValue *state)
{
  GPtrArray *keys = self->options->transient_keys;
  RdxValue  *result = rdx_value_ref (state);
  guint      i;

  if (!rdx_value_is_map (state))
    return result;
  for (i = 0; i + 1 < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (rdx_map_contains (result, key))
        {
          RdxValue *smaller = rdx_map_remove (result, key);

          rdx_value_unref (result);
          result = smaller;
        }
    }
  return result;
}

static char *
pending_commands_json (RdxJournal *self)
{
  g_autoptr (GPtrArray) pending = rdx_journal_dup_unfinished_commands (self);
  g_autoptr (RdxValue) value = NULL;
  RdxListBuilder *seqs = rdx_list_builder_new (NULL);
  guint           i;

  for (i = 0; i < pending->len; i++)
    rdx_list_builder_append_take (
      seqs, rdx_value_new_int ((gint64) rdx_action_get_sequence (g_ptr_array_index (pending, i))));
  value = rdx_map_new_take ("declared", rdx_value_new_string (self->fingerprint), "pending",
                            rdx_list_builder_end (seqs), NULL);
  return rdx_value_to_json (value);
}

static gboolean
write_snapshot (RdxJournal *self, const char *origin, GError **error)
{
  g_autoptr (RdxValue) durable = durable_part (self, self->state);
  g_autofree char *commands = pending_commands_json (self);
  g_autofree char *checksum = NULL;
  g_autoptr (GString) json = g_string_sized_new (4096);
  guint8        hash[RDX_JOURNAL_DIGEST_SIZE];
  sqlite3_stmt *stmt = self->insert_snapshot;
  int           rc;

  rdx_value_append_json (durable, json);
  rdx_journal_digest_to_bytes (&self->digest, hash);
  checksum = rdx_journal_snapshot_checksum (hash, json->str, json->len);

  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) self->last_seq);
  sqlite3_bind_text (stmt, 2, json->str, (int) json->len, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, hash, sizeof hash, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, checksum, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, (int) self->options->event_version);
  sqlite3_bind_text (stmt, 6, commands, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, origin, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "writing a snapshot");
  self->snapshot_seq = self->last_seq;
  if (!self->in_transaction)
    self->committed_snapshot_seq = self->snapshot_seq;
  return TRUE;
}

static gboolean
snapshot_due (RdxJournal *self)
{
  guint interval = self->options->snapshot_interval;

  return interval > 0 && self->last_seq % interval == 0 && self->last_seq > self->snapshot_seq;
}

/* Writes an interval snapshot inside the open transaction. A snapshot that
 * cannot be written is only a warning: the events are what counts. */
static gboolean
write_interval_snapshot (RdxJournal *self, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!snapshot_due (self) || write_snapshot (self, "interval", &local))
    return TRUE;
  if (transaction_lost (self) && !recover_batch (self, NULL))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_warning ("%s The journal goes on without it.", local->message);
  return TRUE;
}

gboolean
rdx_journal_check_writable (RdxJournal *self, RdxAction *action, GError **error)
{
  if (self->read_only && !self->closed)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_READ_ONLY,
                   "“%s” was not applied: the journal “%s” is open read-only.",
                   rdx_action_get_type_name (action), self->path);
      return FALSE;
    }
  if (self->closed)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CLOSED,
                   "“%s” was not applied: the journal “%s” is closed.",
                   rdx_action_get_type_name (action), self->path);
      return FALSE;
    }
  if (self->failure != NULL)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_FAILED, "“%s” was not applied. %s",
                   rdx_action_get_type_name (action), self->failure->message);
      return FALSE;
    }
  if (self->needs_decision)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_UNRESOLVED,
                   "“%s” was not applied: the journal “%s” found problems when it opened (see "
                   "rdx_journal_get_problems()). Call rdx_journal_accept() to go on with the "
                   "state as it was rebuilt, or close the journal.",
                   rdx_action_get_type_name (action), self->path);
      return FALSE;
    }
  return TRUE;
}

static void
set_state (RdxJournal *self, RdxValue *state)
{
  RdxValue *old = self->state;

  self->state = rdx_value_ref (state);
  rdx_value_unref (old);
}

/* Tracks an appended command or outcome in the unfinished commands, as
 * the journal keeps it: stamped with the journal's sequence number.
 * Returns what changed, to undo if the action is refused after all (NULL
 * when @action is neither). */
static GArray *
track_appended (RdxJournal *self, RdxAction *action, guint64 seq)
{
  const char *type = rdx_action_get_type_name (action);
  g_autoptr (RdxAction) stamped = NULL;
  GArray *changes;

  if (!g_hash_table_contains (self->commands, type) &&
      !g_hash_table_contains (self->outcomes, type))
    return NULL;
  stamped = rdx_action_new_stamped (type, rdx_action_get_payload (action), seq,
                                    rdx_action_get_monotonic_time (action),
                                    rdx_action_get_real_time (action));
  changes = g_array_new (FALSE, FALSE, sizeof (PendingChange));
  g_array_set_clear_func (changes, pending_change_clear);
  track_command (self, stamped, changes);
  return changes;
}

static gboolean
batch_is_due (RdxJournal *self)
{
  return self->n_batch >= self->options->batch_actions ||
         g_get_monotonic_time () - self->batch_started >= (gint64) self->options->batch_ms * 1000;
}

/**
 * rdx_journal_append:
 * @action: the action as the reducer saw it (stamped by the store)
 * @new_state: the store's state after @action
 *
 * Appends @action, which the reducer accepted. On failure nothing of it is
 * kept (the caller puts the store's state back). With the sync policy,
 * success means committed: a transaction SQLite rolls back (a snapshot
 * that does not fit on the disk) is written again, or the action refused.
 */
gboolean
rdx_journal_append (RdxJournal *self, RdxAction *action, RdxValue *new_state, GError **error)
{
  gboolean         sync = self->options->durability == RDX_JOURNAL_DURABILITY_SYNC;
  RdxJournalDigest before = self->digest;
  guint8           hash[RDX_JOURNAL_DIGEST_SIZE];
  guint64          seq = self->last_seq + 1;
  g_autoptr (RdxValue) old_state = rdx_value_ref (self->state);
  g_autoptr (GArray) changes = NULL;
  g_autoptr (GError) local = NULL;

  rdx_journal_hasher_update (self->hasher, &self->digest, self->state, new_state);
  rdx_journal_digest_to_bytes (&self->digest, hash);

  if (!begin_transaction (self, &local) || !insert_event (self, seq, action, hash, &local))
    {
      /* Only this action is refused, unless SQLite dropped the batch and
       * it cannot be written again. */
      if (transaction_lost (self) && !recover_batch (self, NULL))
        fail (self, local);
      goto refused;
    }

  remember_row (self, seq, action, hash);
  self->last_seq = seq;
  set_state (self, new_state);
  self->n_batch++;
  /* Before the snapshot, which records the unfinished commands after this
   * action. */
  changes = track_appended (self, action, seq);

  /* A failed snapshot is only a warning, but when SQLite rolled the
   * transaction back with it and the events cannot be written again, this
   * action is refused (and, batched, the batch is lost). */
  if (!write_interval_snapshot (self, &local))
    {
      if (!sync)
        fail (self, local);
      goto refused;
    }

  if (sync || batch_is_due (self))
    {
      if (!rdx_journal_commit (self, &local))
        {
          /* With sync, only this action was in the transaction; otherwise
           * the whole batch is lost. */
          if (!sync)
            fail (self, local);
          goto refused;
        }
    }
  else
    {
      schedule_commit (self);
    }
  return TRUE;

refused:
  undo_changes (self, changes);
  forget_row (self, seq);
  if (!self->in_transaction)
    self->snapshot_seq = self->committed_snapshot_seq;
  self->last_seq = MIN (self->last_seq, seq - 1);
  self->digest = before;
  set_state (self, old_state);
  g_set_error (error, RDX_JOURNAL_ERROR, local->code,
               "“%s” was applied by the reducer but could not be journaled, so it was undone: %s",
               rdx_action_get_type_name (action), local->message);
  return FALSE;
}

/* Bookkeeping after a transient action: the digest follows the state, and
 * a transient action that changed more than the transient keys is a
 * mistake a rebuild would show as a divergence. */
void
rdx_journal_note_transient (RdxJournal *self, RdxAction *action, RdxValue *new_state)
{
  RdxJournalDigest before = self->digest;
  const char      *type = rdx_action_get_type_name (action);

  if (self->closed)
    return;
  rdx_journal_hasher_update (self->hasher, &self->digest, self->state, new_state);
  set_state (self, new_state);
  if (!rdx_journal_digest_equal (&before, &self->digest) &&
      !g_hash_table_contains (self->warned, type))
    {
      g_hash_table_add (self->warned, g_strdup (type));
      g_warning ("The transient action “%s” changed state outside the transient keys. It is not "
                 "journaled, so a rebuild cannot repeat that change and will report a "
                 "divergence. Journal it, or keep what it changes under a key declared with "
                 "rdx_journal_options_add_transient_key().",
                 type);
    }
}

/* The store */

gboolean
rdx_journal_attach (RdxJournal *self, RdxStore *store)
{
  RdxJournalDigest before = self->digest;
  RdxValue        *state;

  if (self->attached)
    {
      g_critical ("A journal's middleware can serve only one store; this one already serves "
                  "another. Open one journal per store.");
      return FALSE;
    }
  self->attached = TRUE;
  self->store = store;
  self->context = rdx_store_get_context (store);

  state = rdx_store_get_state (store);
  rdx_journal_hasher_update (self->hasher, &self->digest, self->state, state);
  if (!rdx_journal_digest_equal (&before, &self->digest))
    g_warning ("The store's state is not the state the journal “%s” rebuilt. Make the store "
               "with rdx_journal_get_state() as its preloaded state (rdx_journal_new_store() "
               "does), and make sure the reducer returns the state it is given for %s. The "
               "journal goes on from the store's state; the next rebuild will report where "
               "they differ.",
               self->path, RDX_ACTION_INIT);
  set_state (self, state);
  return TRUE;
}

void
rdx_journal_detach (RdxJournal *self, RdxStore *store)
{
  g_autoptr (GError) error = NULL;

  if (self->store != store)
    return;
  if (!self->closed && self->failure == NULL && !rdx_journal_commit (self, &error))
    fail (self, error);
  self->store = NULL;
  self->context = NULL;
}

/* Public API */

/**
 * rdx_journal_open:
 * @path: the journal's file (created when it does not exist; the
 *   application keeps it in its data directory, see
 *   g_get_user_data_dir()), or %RDX_JOURNAL_IN_MEMORY
 * @options: the application id, the reducer, and the policies
 * @error: return location for a #GError
 *
 * Opens a journal and rebuilds the state from it: the newest valid
 * snapshot, then the events after it, replayed through the reducer only
 * (middleware never runs, so neither do effects). The result is compared
 * with the state digest the journal recorded.
 *
 * Opening fails, leaving the file exactly as it was, when another process
 * has the journal open (%RDX_JOURNAL_ERROR_IN_USE), when it was written by
 * a newer rdx (%RDX_JOURNAL_ERROR_NEWER_SCHEMA) or for another application
 * (%RDX_JOURNAL_ERROR_OTHER_APP), when it is not a journal, or when SQLite
 * reports it as damaged (%RDX_JOURNAL_ERROR_CORRUPT).
 *
 * Other things the rebuild finds are reported as problems
 * (rdx_journal_get_problems()): a damaged snapshot (an older one, or the
 * events, are used instead), an event that cannot be read or that the
 * reducer refuses now (skipped), a rebuilt state that differs from the
 * recorded one (with the first event where they part). Nothing in the file
 * is changed or deleted because of them. After a skipped event or a
 * divergence, the journal refuses new actions until the application calls
 * rdx_journal_accept(), or sets %RDX_JOURNAL_OPEN_ACCEPT_PROBLEMS.
 *
 * The journal copies @options: changing them afterwards does not affect
 * it. An open for writing records the transient keys and the event version
 * of @options in the journal, for readers.
 *
 * With %RDX_JOURNAL_OPEN_READ_ONLY among the flags of @options, the
 * journal is opened to be inspected (exported, replayed): the file must
 * exist, nothing is written to it (no session is recorded, no snapshot,
 * no lock is taken, so it may be read while its program runs), and the
 * state is rebuilt from one consistent snapshot of the file. Options that
 * set no event version and no transient keys take those the application
 * recorded. Such a journal refuses actions, rdx_journal_accept(),
 * rdx_journal_write_snapshot() and imports with
 * %RDX_JOURNAL_ERROR_READ_ONLY.
 *
 * Returns: (transfer full): the journal, or %NULL with @error set
 */
RdxJournal *
rdx_journal_open (const char *path, RdxJournalOptions *options, GError **error)
{
  g_autoptr (RdxJournalOptions) frozen = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  frozen = rdx_journal_options_freeze (options);
  return rdx_journal_open_frozen (path, frozen, error);
}

/* Reads the database: the state, and what the rebuild finds. One read
 * transaction, so a reader sees one consistent journal even while a writer
 * appends. */
static gboolean
read_journal (RdxJournal *self, GError **error)
{
  RdxJournalOptions *options = self->options;
  gboolean           ok;

  if (!rdx_journal_exec (self, "BEGIN", "reading the journal", error))
    return FALSE;
  ok = (!(options->flags & RDX_JOURNAL_OPEN_CHECK_INTEGRITY) ||
        rdx_journal_check_integrity (self, error)) &&
       rdx_journal_rebuild (self, error);
  if (ok)
    check_previous_session (self);
  rdx_journal_exec (self, "COMMIT", "reading the journal", NULL);
  return ok;
}

/**
 * rdx_journal_open_frozen:
 * @options: (transfer none): options made by rdx_journal_options_freeze(),
 *   which the journal keeps
 */
RdxJournal *
rdx_journal_open_frozen (const char *path, RdxJournalOptions *options, GError **error)
{
  g_autoptr (RdxJournal) self = NULL;

  self = g_object_new (RDX_TYPE_JOURNAL, NULL);
  self->options = rdx_journal_options_ref (options);
  self->path = g_strdup (path);
  self->in_memory = strcmp (path, RDX_JOURNAL_IN_MEMORY) == 0;
  self->read_only = (options->flags & RDX_JOURNAL_OPEN_READ_ONLY) != 0;

  /* Until it is open, the journal has nothing to write on disposal. */
  self->closed = TRUE;

  if (!self->in_memory && !lock_acquire (self, error))
    return NULL;

  /* A reader may take the transient keys and the event version from the
   * journal: the hasher and the commands come after. */
  if (!open_database (self, error))
    {
      close_database (self, FALSE);
      lock_release (self);
      return NULL;
    }
  self->fingerprint = rdx_journal_options_commands_fingerprint (options);
  self->hasher = rdx_journal_hasher_new ((const char *const *) options->transient_keys->pdata);
  index_commands (self);

  if (!read_journal (self, error) ||
      (!self->read_only && (!prepare_statements (self, error) || !begin_session (self, error))))
    {
      close_database (self, FALSE);
      lock_release (self);
      return NULL;
    }
  self->closed = FALSE;

  if (self->needs_decision && !self->read_only &&
      (options->flags & RDX_JOURNAL_OPEN_ACCEPT_PROBLEMS) && !rdx_journal_accept (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * rdx_journal_close:
 * @self: a journal
 * @error: return location for a #GError
 *
 * Closes the journal cleanly: commits the open batch, writes a snapshot of
 * the state (when there are events after the last one), records the end
 * of the session and releases the lock. Afterwards the middleware refuses
 * actions with %RDX_JOURNAL_ERROR_CLOSED. Closing twice does nothing.
 *
 * A journal opened read-only (%RDX_JOURNAL_OPEN_READ_ONLY) writes
 * nothing: closing it only closes the file.
 *
 * A journal that is finalized without being closed is closed then.
 *
 * Returns: %TRUE if everything was written
 */
gboolean
rdx_journal_close (RdxJournal *self, GError **error)
{
  g_autoptr (GError) local = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed)
    return TRUE;

  if (self->read_only)
    {
      /* Nothing to write. */
    }
  else if (self->failure == NULL)
    {
      ok = rdx_journal_commit (self, &local);
      if (ok && !self->needs_decision && self->last_seq > self->snapshot_seq)
        ok = write_snapshot (self, "close", &local);
      if (ok)
        ok = end_session (self, &local);
    }
  else
    {
      ok = FALSE;
      local = g_error_copy (self->failure);
    }

  self->closed = TRUE;
  close_database (self, TRUE);
  lock_release (self);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

/**
 * rdx_journal_accept:
 * @self: a journal
 * @error: return location for a #GError
 *
 * Goes on with the state as it was rebuilt, despite the blocking problems
 * the rebuild found (skipped events, divergence). The journal writes a
 * snapshot of that state, marked `accepted`, so the next rebuild starts
 * from it and does not report the same problems again; the events stay in
 * the file as they are.
 *
 * A journal opened read-only cannot accept
 * (%RDX_JOURNAL_ERROR_READ_ONLY): it never takes actions.
 *
 * Returns: %TRUE when the journal accepts actions again
 */
gboolean
rdx_journal_accept (RdxJournal *self, GError **error)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CLOSED,
                   "The journal “%s” is closed.", self->path);
      return FALSE;
    }
  if (!self->needs_decision)
    return TRUE;
  if (self->read_only)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_READ_ONLY,
                   "The journal “%s” is open read-only: it cannot accept the problems it found "
                   "(that writes a snapshot). Open it for writing to decide.",
                   self->path);
      return FALSE;
    }
  if (!write_snapshot (self, "accepted", error) || !rdx_journal_commit (self, error))
    return FALSE;
  self->needs_decision = FALSE;
  return TRUE;
}

/**
 * rdx_journal_needs_decision:
 * @self: a journal
 *
 * Returns: %TRUE while the journal waits for rdx_journal_accept() (or to be
 *   closed) because of problems it found when it opened
 */
gboolean
rdx_journal_needs_decision (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);

  return self->needs_decision;
}

/**
 * rdx_journal_get_divergence:
 * @self: a journal
 *
 * Returns: the sequence number of the first event after which the rebuilt
 *   state differs from the one the journal recorded, or 0 when they agree
 */
guint64
rdx_journal_get_divergence (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), 0);

  return self->divergence;
}

/**
 * rdx_journal_get_problems:
 * @self: a journal
 * @n_problems: (out): the number of problems
 *
 * What the journal found when it opened: see #RdxJournalProblemKind.
 *
 * Returns: (transfer none) (array length=n_problems): the problems
 */
const RdxJournalProblem *
rdx_journal_get_problems (RdxJournal *self, guint *n_problems)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (n_problems != NULL, NULL);

  *n_problems = self->problems->len;
  return (const RdxJournalProblem *) (gpointer) self->problems->data;
}

/**
 * rdx_journal_get_state:
 * @self: a journal
 *
 * The state after the last journaled event: after rdx_journal_open(), the
 * rebuilt state, to make the store with.
 *
 * Returns: (transfer none): the state
 */
RdxValue *
rdx_journal_get_state (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);

  return self->state;
}

/**
 * rdx_journal_dup_state_hash:
 * @self: a journal
 *
 * The digest of rdx_journal_get_state(), as the journal records it with
 * each event: 64 hexadecimal digits. Transient keys are left out.
 *
 * Returns: (transfer full): the digest
 */
char *
rdx_journal_dup_state_hash (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);

  return rdx_journal_digest_to_hex (&self->digest);
}

/**
 * rdx_journal_get_path:
 * @self: a journal
 *
 * Returns: (transfer none): the path it was opened with
 */
const char *
rdx_journal_get_path (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);

  return self->path;
}

/**
 * rdx_journal_get_last_sequence:
 * @self: a journal
 *
 * Returns: the journal sequence number of the last event appended (it may
 *   still be in an open batch), or 0 for an empty journal
 */
guint64
rdx_journal_get_last_sequence (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), 0);

  return self->last_seq;
}

/**
 * rdx_journal_get_durable_sequence:
 * @self: a journal
 *
 * Returns: the sequence number of the last committed event: every event up
 *   to it survives a crash of the program (and, unless the policy is
 *   %RDX_JOURNAL_DURABILITY_NONE, of the system)
 */
guint64
rdx_journal_get_durable_sequence (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), 0);

  return self->durable_seq;
}

/**
 * rdx_journal_get_snapshot_sequence:
 * @self: a journal
 *
 * Returns: the sequence number of the newest snapshot written or used, or 0
 */
guint64
rdx_journal_get_snapshot_sequence (RdxJournal *self)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), 0);

  return self->snapshot_seq;
}

/**
 * rdx_journal_flush:
 * @self: a journal
 * @error: return location for a #GError
 *
 * Commits the open batch now, without waiting for its window to end.
 *
 * Returns: %TRUE when every appended event is committed
 */
gboolean
rdx_journal_flush (RdxJournal *self, GError **error)
{
  g_autoptr (GError) local = NULL;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed)
    return TRUE;
  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }
  if (!rdx_journal_commit (self, &local))
    {
      fail (self, local);
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }
  return TRUE;
}

/**
 * rdx_journal_write_snapshot:
 * @self: a journal
 * @error: return location for a #GError
 *
 * Writes a snapshot of the state now (and commits it with the open
 * batch), besides those written every N actions and at close.
 *
 * Returns: %TRUE if the snapshot was written
 */
gboolean
rdx_journal_write_snapshot (RdxJournal *self, GError **error)
{
  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed || self->read_only || self->failure != NULL || self->needs_decision)
    {
      g_set_error (error, RDX_JOURNAL_ERROR,
                   self->closed            ? RDX_JOURNAL_ERROR_CLOSED
                   : self->read_only       ? RDX_JOURNAL_ERROR_READ_ONLY
                   : self->failure != NULL ? RDX_JOURNAL_ERROR_FAILED
                                           : RDX_JOURNAL_ERROR_UNRESOLVED,
                   "The journal “%s” cannot write a snapshot now: it is %s.", self->path,
                   self->closed            ? "closed"
                   : self->read_only       ? "open read-only"
                   : self->failure != NULL ? "out of service after a failed write"
                                           : "waiting for rdx_journal_accept()");
      return FALSE;
    }
  return write_snapshot (self, "explicit", error) && rdx_journal_flush (self, error);
}

/**
 * rdx_journal_check_integrity:
 * @self: a journal
 * @error: return location for a #GError
 *
 * Runs SQLite's `PRAGMA quick_check`, which reads every page of the file.
 *
 * Returns: %TRUE if SQLite finds nothing wrong; otherwise %FALSE with
 *   %RDX_JOURNAL_ERROR_CORRUPT and the first things it found
 */
gboolean
rdx_journal_check_integrity (RdxJournal *self, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GString) found = g_string_new (NULL);
  guint n = 0;
  int   rc;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->db == NULL)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CLOSED,
                   "The journal “%s” is closed.", self->path);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(5)", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (line != NULL && strcmp (line, "ok") != 0)
        g_string_append_printf (found, "%s%s", n++ > 0 ? "; " : "", line);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "checking its integrity");
  if (n > 0)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT,
                   "The journal “%s” is damaged: SQLite's quick_check found: %s. The file was "
                   "left as it is; rdx_journal_salvage() copies the events that can still be "
                   "read into a new journal.",
                   self->path, found->str);
      return FALSE;
    }
  return TRUE;
}

/* GObject */

static void
rdx_journal_dispose (GObject *object)
{
  RdxJournal *self = RDX_JOURNAL (object);
  g_autoptr (GError) error = NULL;

  if (!self->closed && !rdx_journal_close (self, &error))
    g_warning ("Closing the journal “%s” when it was released failed: %s", self->path,
               error->message);

  G_OBJECT_CLASS (rdx_journal_parent_class)->dispose (object);
}

static void
rdx_journal_finalize (GObject *object)
{
  RdxJournal *self = RDX_JOURNAL (object);

  close_database (self, FALSE);
  lock_release (self);
  if (self->commit_source != NULL)
    {
      g_source_destroy (self->commit_source);
      g_source_unref (self->commit_source);
    }
  g_clear_pointer (&self->state, rdx_value_unref);
  g_clear_pointer (&self->hasher, rdx_journal_hasher_free);
  g_clear_pointer (&self->options, rdx_journal_options_unref);
  g_clear_error (&self->failure);
  g_string_free (self->scratch, TRUE);
  g_array_unref (self->problems);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->commands);
  g_hash_table_unref (self->outcomes);
  g_hash_table_unref (self->warned);
  g_array_unref (self->batch);
  g_free (self->fingerprint);
  g_free (self->path);

  G_OBJECT_CLASS (rdx_journal_parent_class)->finalize (object);
}

static void
rdx_journal_class_init (RdxJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rdx_journal_dispose;
  object_class->finalize = rdx_journal_finalize;
}

static void
rdx_journal_init (RdxJournal *self)
{
  self->lock_fd = -1;
  self->scratch = g_string_sized_new (256);
  self->problems = g_array_new (FALSE, FALSE, sizeof (RdxJournalProblem));
  g_array_set_clear_func (self->problems, clear_problem);
  self->pending =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rdx_action_unref);
  self->commands = g_hash_table_new (g_str_hash, g_str_equal);
  self->outcomes =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->batch = g_array_new (FALSE, FALSE, sizeof (BatchRow));
  g_array_set_clear_func (self->batch, batch_row_clear);
}
