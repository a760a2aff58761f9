/* rdx-journal-salvage.c: recovering the events of a damaged journal
 *
 * When SQLite reports a journal as damaged, it may refuse to read any of
 * it (a truncated file is "malformed" as a whole). Salvage therefore reads
 * the file the way SQLite lays it out (https://www.sqlite.org/fileformat.html)
 * without going through its b-tree: every page of the database, replaced
 * by its newest committed copy in the write-ahead log, is examined, and
 * every table leaf cell whose record has the shape of an event row is
 * taken, with its overflow pages. The damaged files are only read.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-journal-private.h"

typedef struct
{
  GBytes       *file;
  GBytes       *wal;
  const guint8 *data;
  gsize         size;
  guint         page_size;
  guint         usable;
  guint32       n_pages;
  GHashTable   *wal_pages;  /* page number -> page in the WAL (committed only) */
  GHashTable   *free_pages; /* page numbers on the freelist */
} Image;

typedef struct
{
  guint64 seq;
  char   *type;
  char   *payload;
  gint64  time;
  gint64  session;
  gint64  store_seq;
  guint   version;
  guint8  hash[RDX_JOURNAL_DIGEST_SIZE];
} Row;

enum
{
  COL_NULL,
  COL_INT,
  COL_FLOAT,
  COL_TEXT,
  COL_BLOB,
};

typedef struct
{
  int           kind;
  gint64        i;
  const guint8 *p;
  gsize         len;
} Column;

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint
be16 (const guint8 *p)
{
  return (guint) p[0] << 8 | p[1];
}

/* Reads an SQLite varint at @p, not past @end. Returns its length, or 0. */
static guint
read_varint (const guint8 *p, const guint8 *end, guint64 *out)
{
  guint64 v = 0;
  guint   i;

  for (i = 0; i < 9 && p + i < end; i++)
    {
      if (i == 8)
        {
          *out = v << 8 | p[i];
          return 9;
        }
      v = v << 7 | (p[i] & 0x7f);
      if ((p[i] & 0x80) == 0)
        {
          *out = v;
          return i + 1;
        }
    }
  return 0;
}

static void
image_clear (Image *image)
{
  g_clear_pointer (&image->file, g_bytes_unref);
  g_clear_pointer (&image->wal, g_bytes_unref);
  g_clear_pointer (&image->wal_pages, g_hash_table_unref);
  g_clear_pointer (&image->free_pages, g_hash_table_unref);
}

static const guint8 *
image_page (Image *image, guint32 number)
{
  const guint8 *page;

  if (number == 0)
    return NULL;
  page = g_hash_table_lookup (image->wal_pages, GUINT_TO_POINTER (number));
  if (page != NULL)
    return page;
  if ((gsize) number * image->page_size > image->size)
    return NULL;
  return image->data + (gsize) (number - 1) * image->page_size;
}

/* The WAL checksum: pairs of 32-bit words, big-endian or native as the
 * WAL's magic number says. */
static void
wal_checksum (const guint8 *p, gsize n, gboolean big_endian, guint32 *s0, guint32 *s1)
{
  gsize i;

  for (i = 0; i + 8 <= n; i += 8)
    {
      guint32 x0, x1;

      if (big_endian)
        {
          x0 = be32 (p + i);
          x1 = be32 (p + i + 4);
        }
      else
        {
          memcpy (&x0, p + i, 4);
          memcpy (&x1, p + i + 4, 4);
        }
      *s0 += x0 + *s1;
      *s1 += x1 + *s0;
    }
}

/**
 * rdx_journal_wal_scan:
 * @data: the bytes of a write-ahead log
 * @size: how many
 * @scan: (out): what it holds
 * @func: (nullable): called for each frame SQLite would read, in order
 * @user_data: for @func
 *
 * Reads a write-ahead log as SQLite does on recovery: frames are valid
 * while their salts and running checksums hold. Past the first frame that
 * fails, it counts the frames that still carry the log's salts (written
 * in the same generation of the log, so damaged rather than left over) and
 * the commits among them: transactions SQLite will not read.
 *
 * Returns: %FALSE when @data has no valid log header (nothing to read)
 */
gboolean
rdx_journal_wal_scan (const guint8      *data,
                      gsize              size,
                      RdxJournalWalScan *scan,
                      RdxJournalWalFunc  func,
                      gpointer           user_data)
{
  gsize    offset, frame_size;
  guint32  s0 = 0, s1 = 0, salt0, salt1, magic, page_size;
  gboolean big_endian, valid = TRUE;

  memset (scan, 0, sizeof *scan);
  if (size < 32)
    return FALSE;
  magic = be32 (data);
  page_size = be32 (data + 8);
  if ((magic != 0x377f0682 && magic != 0x377f0683) || page_size < 512 || page_size > 65536 ||
      (page_size & (page_size - 1)) != 0)
    return FALSE;
  big_endian = magic & 1;
  wal_checksum (data, 24, big_endian, &s0, &s1);
  if (s0 != be32 (data + 24) || s1 != be32 (data + 28))
    return FALSE;
  salt0 = be32 (data + 16);
  salt1 = be32 (data + 20);
  scan->page_size = page_size;

  frame_size = 24 + (gsize) page_size;
  for (offset = 32; offset + frame_size <= size; offset += frame_size)
    {
      const guint8 *frame = data + offset;
      gboolean      ours = be32 (frame + 8) == salt0 && be32 (frame + 12) == salt1;
      gboolean      commit = be32 (frame + 4) != 0;

      scan->n_frames++;
      if (valid)
        {
          wal_checksum (frame, 8, big_endian, &s0, &s1);
          wal_checksum (frame + 24, page_size, big_endian, &s0, &s1);
          valid = ours && s0 == be32 (frame + 16) && s1 == be32 (frame + 20);
          if (valid)
            {
              scan->n_valid++;
              if (commit)
                scan->n_committed = scan->n_valid;
              if (func != NULL)
                func (be32 (frame), frame + 24, be32 (frame + 4), user_data);
              continue;
            }
          scan->first_bad = scan->n_frames;
          scan->bad_offset = offset;
        }
      if (ours)
        {
          scan->n_after++;
          if (commit)
            scan->n_commits_after++;
        }
    }
  return TRUE;
}

typedef struct
{
  Image      *image;
  GHashTable *pending;
} WalLoad;

static void
load_frame_cb (guint32 number, const guint8 *page, guint32 n_pages, gpointer user_data)
{
  WalLoad       *load = user_data;
  GHashTableIter iter;
  gpointer       key, value;

  g_hash_table_insert (load->pending, GUINT_TO_POINTER (number), (gpointer) page);
  if (n_pages == 0)
    return;
  g_hash_table_iter_init (&iter, load->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (load->image->wal_pages, key, value);
  g_hash_table_remove_all (load->pending);
  load->image->n_pages = MAX (load->image->n_pages, n_pages);
}

/* Takes the pages of every transaction the WAL committed, as SQLite would
 * on recovery. */
static void
load_wal (Image *image)
{
  g_autoptr (GHashTable) pending = g_hash_table_new (NULL, NULL);
  WalLoad           load = { image, pending };
  RdxJournalWalScan scan;
  const guint8     *data;
  gsize             size;

  if (image->wal == NULL)
    return;
  data = g_bytes_get_data (image->wal, &size);
  if (size < 32 || be32 (data + 8) != image->page_size)
    return;
  rdx_journal_wal_scan (data, size, &scan, load_frame_cb, &load);
}

/* Pages on the freelist hold old content that is not part of any table. */
static void
load_freelist (Image *image)
{
  const guint8 *header = image_page (image, 1);
  guint32       trunk, n_guard = 0;

  if (header == NULL)
    return;
  for (trunk = be32 (header + 32); trunk != 0 && n_guard++ < image->n_pages;)
    {
      const guint8 *page = image_page (image, trunk);
      guint32       n, i;

      g_hash_table_add (image->free_pages, GUINT_TO_POINTER (trunk));
      if (page == NULL)
        break;
      n = MIN (be32 (page + 4), (image->usable - 8) / 4);
      for (i = 0; i < n; i++)
        g_hash_table_add (image->free_pages, GUINT_TO_POINTER (be32 (page + 8 + 4 * i)));
      trunk = be32 (page);
    }
}

static gboolean
image_load (Image *image, const char *path, GError **error)
{
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autoptr (GError) local = NULL;
  char *contents = NULL;
  gsize length = 0;
  guint page_size;

  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_IO,
                   "The journal “%s” cannot be read to salvage it: %s", path, local->message);
      return FALSE;
    }
  image->file = g_bytes_new_take (contents, length);
  image->data = g_bytes_get_data (image->file, &image->size);
  if (g_file_get_contents (wal_path, &contents, &length, NULL))
    image->wal = g_bytes_new_take (contents, length);

  if (image->size < 100 || memcmp (image->data, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT,
                   "“%s” cannot be salvaged: it does not start as an SQLite database does.", path);
      return FALSE;
    }
  page_size = be16 (image->data + 16);
  page_size = page_size == 1 ? 65536 : page_size;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0 || image->data[20] >= page_size - 480)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CORRUPT,
                   "“%s” cannot be salvaged: its header has no valid page size.", path);
      return FALSE;
    }
  image->page_size = page_size;
  image->usable = page_size - image->data[20];
  image->n_pages = (guint32) MIN (image->size / page_size, G_MAXUINT32);
  image->wal_pages = g_hash_table_new (NULL, NULL);
  image->free_pages = g_hash_table_new (NULL, NULL);
  load_wal (image);
  load_freelist (image);
  return TRUE;
}

/* Gathers the payload of a cell: @local bytes at @p, then the overflow
 * chain. Returns FALSE when the chain is broken. */
static gboolean
gather_payload (Image        *image,
                const guint8 *p,
                const guint8 *page_end,
                guint64       total,
                gboolean      is_index,
                GByteArray   *out)
{
  guint   u = image->usable;
  guint64 x = is_index ? ((guint64) (u - 12) * 64 / 255) - 23 : u - 35;
  guint64 m = ((guint64) (u - 12) * 32 / 255) - 23;
  guint64 local, k;
  guint32 next, n_guard = 0;

  g_byte_array_set_size (out, 0);
  if (total > 64 * 1024 * 1024)
    return FALSE;
  if (total <= x)
    local = total;
  else
    {
      k = m + (total - m) % (u - 4);
      local = k <= x ? k : m;
    }
  if (p + local + (local < total ? 4 : 0) > page_end)
    return FALSE;
  g_byte_array_append (out, p, (guint) local);
  if (local == total)
    return TRUE;

  for (next = be32 (p + local); out->len < total; next = be32 (p + local))
    {
      const guint8 *page = image_page (image, next);
      guint64       take = MIN (total - out->len, (guint64) u - 4);

      if (page == NULL || n_guard++ > image->n_pages + 1)
        return FALSE;
      g_byte_array_append (out, page + 4, (guint) take);
      p = page;
      local = 0;
    }
  return TRUE;
}

/* Decodes a record into at most @max columns. */
static gboolean
decode_record (const guint8 *record, gsize length, Column *columns, guint max, guint *n_columns)
{
  const guint8 *end = record + length;
  const guint8 *body;
  const guint8 *h;
  guint64       header_size;
  guint         n = 0, len;

  len = read_varint (record, end, &header_size);
  if (len == 0 || header_size > length || header_size < len)
    return FALSE;
  body = record + header_size;
  for (h = record + len; h < record + header_size; h += len)
    {
      guint64 type;
      Column *c = &columns[n];

      len = read_varint (h, record + header_size, &type);
      if (len == 0 || n == max)
        return FALSE;
      c->p = body;
      c->len = 0;
      c->i = 0;
      if (type == 0)
        c->kind = COL_NULL;
      else if (type <= 6 || type == 8 || type == 9)
        {
          static const guint sizes[] = { 0, 1, 2, 3, 4, 6, 8 };
          guint              size = type <= 6 ? sizes[type] : 0;
          guint64            v = 0;
          guint              i;

          if (body + size > end)
            return FALSE;
          for (i = 0; i < size; i++)
            v = v << 8 | body[i];
          if (size > 0 && size < 8 && (body[0] & 0x80))
            v |= ~G_GUINT64_CONSTANT (0) << (8 * size);
          c->kind = COL_INT;
          c->i = type == 8 ? 0 : type == 9 ? 1 : (gint64) v;
          c->len = size;
        }
      else if (type == 7)
        {
          c->kind = COL_FLOAT;
          c->len = 8;
        }
      else if (type >= 12)
        {
          c->kind = (type & 1) ? COL_TEXT : COL_BLOB;
          c->len = (gsize) ((type - 12) / 2);
        }
      else
        return FALSE;
      if (body + c->len > end)
        return FALSE;
      body += c->len;
      n++;
    }
  *n_columns = n;
  return TRUE;
}

static char *
column_text (const Column *c)
{
  if (c->kind != COL_TEXT || !g_utf8_validate ((const char *) c->p, (gssize) c->len, NULL))
    return NULL;
  return g_strndup ((const char *) c->p, c->len);
}

/* An events row: (NULL as the seq alias, type, payload, time, session,
 * store_seq, version, hash). */
static gboolean
row_from_record (const Column *c, guint n, guint64 rowid, Row *row)
{
  guint i;

  if (n != 8 || rowid == 0 || c[0].kind != COL_NULL || c[1].kind != COL_TEXT ||
      c[2].kind != COL_TEXT || c[7].kind != COL_BLOB || c[7].len != RDX_JOURNAL_DIGEST_SIZE)
    return FALSE;
  for (i = 3; i <= 6; i++)
    if (c[i].kind != COL_INT)
      return FALSE;
  row->type = column_text (&c[1]);
  row->payload = column_text (&c[2]);
  if (row->type == NULL || row->payload == NULL)
    {
      g_clear_pointer (&row->type, g_free);
      g_clear_pointer (&row->payload, g_free);
      return FALSE;
    }
  row->seq = rowid;
  row->time = c[3].i;
  row->session = c[4].i;
  row->store_seq = c[5].i;
  row->version = (guint) CLAMP (c[6].i, 1, G_MAXINT);
  memcpy (row->hash, c[7].p, RDX_JOURNAL_DIGEST_SIZE);
  return TRUE;
}

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->type);
  g_free (row->payload);
  g_free (row);
}

/* Looks at every cell of a table or index leaf page. */
static void
carve_page (Image *image, guint32 number, GHashTable *rows, char **app_id, GByteArray *payload)
{
  const guint8 *page = image_page (image, number);
  const guint8 *end;
  guint         header, n_cells, i;
  gboolean      is_index;

  if (page == NULL || g_hash_table_contains (image->free_pages, GUINT_TO_POINTER (number)))
    return;
  end = page + image->usable;
  header = number == 1 ? 100 : 0;
  if (page[header] != 0x0d && page[header] != 0x0a)
    return;
  is_index = page[header] == 0x0a;
  n_cells = be16 (page + header + 3);
  if (header + 8 + 2 * n_cells > image->usable)
    return;

  for (i = 0; i < n_cells; i++)
    {
      guint         offset = be16 (page + header + 8 + 2 * i);
      const guint8 *p = page + offset;
      guint64       total, rowid = 0;
      guint         len;
      Column        columns[10];
      guint         n_columns;

      if (offset < header + 8 || p >= end)
        continue;
      len = read_varint (p, end, &total);
      if (len == 0)
        continue;
      p += len;
      if (!is_index)
        {
          len = read_varint (p, end, &rowid);
          if (len == 0)
            continue;
          p += len;
        }
      if (!gather_payload (image, p, end, total, is_index, payload) ||
          !decode_record (payload->data, payload->len, columns, G_N_ELEMENTS (columns), &n_columns))
        continue;

      if (is_index)
        {
          /* The meta table: (key, value). */
          if (n_columns == 2 && columns[0].kind == COL_TEXT && columns[0].len == 6 &&
              memcmp (columns[0].p, "app_id", 6) == 0 && *app_id == NULL)
            *app_id = column_text (&columns[1]);
        }
      else if (!g_hash_table_contains (rows, &rowid))
        {
          Row *row = g_new0 (Row, 1);

          if (row_from_record (columns, n_columns, rowid, row))
            g_hash_table_insert (rows, &row->seq, row);
          else
            g_free (row);
        }
    }
}

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const Row *ra = *(const Row *const *) a, *rb = *(const Row *const *) b;

  return ra->seq < rb->seq ? -1 : ra->seq > rb->seq;
}

/* "3–7, 12" for the sequence numbers missing before the last one. */
static char *
describe_missing (GPtrArray *rows)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint64 expected = 1;
  guint   i, n_ranges = 0;

  for (i = 0; i < rows->len; i++)
    {
      guint64 seq = ((Row *) g_ptr_array_index (rows, i))->seq;

      if (seq > expected && n_ranges++ < 5)
        {
          if (text->len > 0)
            g_string_append (text, ", ");
          if (seq - 1 == expected)
            g_string_append_printf (text, "%" G_GUINT64_FORMAT, expected);
          else
            g_string_append_printf (text, "%" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT, expected,
                                    seq - 1);
        }
      expected = seq + 1;
    }
  if (n_ranges > 5)
    g_string_append (text, ", …");
  return n_ranges > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/**
 * rdx_journal_salvage:
 * @damaged_path: a journal SQLite reports as damaged
 * @new_path: where to make the new journal; it must have no events
 * @options: the options to open the new journal with
 * @error: return location for a #GError
 *
 * Copies every event that can still be read from a damaged journal into a
 * new one, and opens it. The damaged file (and its write-ahead log) is
 * only read, never written or deleted. The events are found by reading the
 * file's pages directly, so the damage may be anywhere: every event whose
 * page survived is recovered.
 *
 * The new journal's problems (rdx_journal_get_problems()) say how many
 * events were recovered and which are missing; the state is rebuilt and
 * checked as on every open, so events missing in the middle show as a
 * divergence for the application to decide on.
 *
 * Returns: (transfer full): the new journal, or %NULL with @error set
 */
RdxJournal *
rdx_journal_salvage (const char        *damaged_path,
                     const char        *new_path,
                     RdxJournalOptions *options,
                     GError           **error)
{
  g_autoptr (RdxJournal) journal = NULL;
  g_autoptr (RdxJournalOptions) frozen = NULL;
  g_autoptr (GHashTable) found = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  g_autoptr (GError) local = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *missing = NULL;
  Image            image = { 0 };
  guint32          number, last_page;
  guint            i;

  g_return_val_if_fail (damaged_path != NULL, NULL);
  g_return_val_if_fail (new_path != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!image_load (&image, damaged_path, error))
    {
      image_clear (&image);
      return NULL;
    }

  found = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, row_free);
  last_page = image.n_pages;
  {
    GHashTableIter iter;
    gpointer       key;

    g_hash_table_iter_init (&iter, image.wal_pages);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      last_page = MAX (last_page, GPOINTER_TO_UINT (key));
  }
  for (number = 1; number <= last_page; number++)
    carve_page (&image, number, found, &app_id, payload);
  image_clear (&image);

  if (app_id != NULL && strcmp (app_id, options->app_id) != 0)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_OTHER_APP,
                   "The journal “%s” belongs to the application “%s”, not to “%s”.", damaged_path,
                   app_id, options->app_id);
      return NULL;
    }

  /* The new journal is written, whatever the flags say. */
  frozen = rdx_journal_options_freeze (options);
  frozen->flags &= ~RDX_JOURNAL_OPEN_READ_ONLY;
  journal = rdx_journal_open_frozen (new_path, frozen, error);
  if (journal == NULL)
    return NULL;
  if (!rdx_journal_is_empty (journal, &local))
    {
      if (local == NULL)
        g_set_error (&local, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_EMPTY,
                     "The journal “%s” has events already; salvage into a new journal.", new_path);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  rows = g_ptr_array_sized_new (g_hash_table_size (found));
  {
    GHashTableIter iter;
    gpointer       row;

    g_hash_table_iter_init (&iter, found);
    while (g_hash_table_iter_next (&iter, NULL, &row))
      g_ptr_array_add (rows, row);
  }
  g_ptr_array_sort (rows, compare_rows);
  if (!rdx_journal_exec (journal, "BEGIN IMMEDIATE", "salvaging", error))
    return NULL;
  for (i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);

      if (!rdx_journal_insert_raw (journal, row->seq, row->type, -1, row->payload,
                                   strlen (row->payload), row->time, row->session, row->store_seq,
                                   row->version, row->hash, error))
        {
          rdx_journal_exec (journal, "ROLLBACK", "salvaging", NULL);
          return NULL;
        }
    }
  if (!rdx_journal_exec (journal, "COMMIT", "salvaging", error))
    {
      rdx_journal_exec (journal, "ROLLBACK", "salvaging", NULL);
      return NULL;
    }
  if (!rdx_journal_rebuild (journal, error))
    return NULL;

  missing = describe_missing (rows);
  rdx_journal_add_problem (
    journal, RDX_JOURNAL_PROBLEM_SALVAGED, 0, FALSE,
    "%u events were recovered from the damaged journal “%s”, up to event %" G_GUINT64_FORMAT
    "%s%s%s. Anything after that event could not be read. The damaged file was left as it is.",
    rows->len, damaged_path,
    rows->len > 0 ? ((Row *) g_ptr_array_index (rows, rows->len - 1))->seq : 0,
    missing != NULL ? "; events " : "", missing != NULL ? missing : "",
    missing != NULL ? " could not be recovered" : "");

  return g_steal_pointer (&journal);
}
