/* rdx-journal-lock.c: one writer per journal file
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

#include "rdx-journal-private.h"

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

/* A journal is a regular file: a directory (which has two names, "." and
 * its own, and more) or a device is said to be what it is. */
static gboolean
check_regular (RdxJournal *self, const struct stat *st, GError **error)
{
  if (S_ISREG (st->st_mode))
    return TRUE;
  g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
               "“%s” is a %s, not a journal file. It was left as it is; give the path of the "
               "journal's file (a new one is made where nothing exists yet).",
               self->path,
               S_ISDIR (st->st_mode)    ? "directory"
               : S_ISFIFO (st->st_mode) ? "named pipe"
               : S_ISSOCK (st->st_mode) ? "socket"
                                        : "device");
  return FALSE;
}

/* SQLite keeps the write-ahead log next to the name it opened a database
 * by: through another hard link, a program would not see the transactions
 * still in the log (after a crash), and could write over them. */
static gboolean
check_one_name (RdxJournal *self, const struct stat *st, GError **error)
{
  if (!check_regular (self, st, error))
    return FALSE;
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

/* A writer: locks the database file, which exists (rdx_journal_create()
 * makes a missing one). */
static gboolean
lock_writer (RdxJournal *self, GError **error)
{
  struct stat st;
  OpenFile   *file;
  int         fd, saved;

  /* Checked before opening a descriptor: closing one would drop the locks
   * of this process's connection to the file. */
  if (stat (self->path, &st) == 0)
    {
      if (!check_regular (self, &st, error))
        return FALSE;
      if ((file = open_file_get (&st, FALSE)) != NULL && file->writer)
        return already_open_error (self, error);
    }

  fd = open (self->path, O_RDWR | O_CLOEXEC);
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

gboolean
rdx_journal_lock_acquire (RdxJournal *self, GError **error)
{
  gboolean ok;

  G_LOCK (open_files);
  ok = self->read_only ? lock_reader (self, error) : lock_writer (self, error);
  G_UNLOCK (open_files);
  return ok;
}

/* Releases the lock. Call only after the journal's connection is closed. */
void
rdx_journal_lock_release (RdxJournal *self)
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
