/* rdx-journal-jsonl.c: export and import as JSON Lines
 *
 * An export is one JSON object per line: a header, then one line per
 * event, oldest first, each as canonical JSON (sorted keys, no spaces):
 *
 *   {"app_id":"org.example.Bank","event_version":1,"format":"rdx-journal","schema":1}
 *   {"hash":"…","payload":{"amount":500},"seq":1,"session":1,"store_seq":2,"time":…,"type":"accounts.deposit","version":1}
 *
 * An event whose payload no longer parses is exported with its text in
 * "damaged_payload" instead of "payload"; when its bytes are not UTF-8
 * text, the text is made valid for people to read, and the exact bytes go
 * in "damaged_payload_base64" too. A type that is not UTF-8 is kept the
 * same way, in "damaged_type_base64". So an import restores damage
 * exactly, and it is reported again. Snapshots are not exported: they are
 * rebuilt from the events.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-journal-private.h"

#define EXPORT_FORMAT "rdx-journal"

gboolean
rdx_journal_is_empty (RdxJournal *self, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean      empty = FALSE;
  int           rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT 1 FROM events LIMIT 1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    empty = TRUE;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    rdx_journal_set_sqlite_error (self, error, rc, "reading its events");
  return empty;
}

static gboolean
check_open (RdxJournal *self, GError **error)
{
  if (self->closed || self->db == NULL)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_CLOSED,
                   "The journal “%s” is closed.", self->path);
      return FALSE;
    }
  return TRUE;
}

/* Appends @text (@length bytes) as a JSON string, made valid UTF-8. */
static void
append_string (GString *out, const char *text, gssize length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autoptr (RdxValue) value = rdx_value_new_string (valid);

  rdx_value_append_json (value, out);
}

/* Whether @length bytes of @text are UTF-8 text that a JSON string keeps
 * exactly (no NUL byte). */
static gboolean
is_exact_text (const char *text, gsize length)
{
  return text != NULL && g_utf8_validate (text, (gssize) length, NULL) &&
         memchr (text, 0, length) == NULL;
}

/* Appends "<key>":"<base64 of the bytes>", */
static void
append_base64 (GString *out, const char *key, const char *bytes, gsize length)
{
  g_autofree char *base64 = g_base64_encode ((const guchar *) bytes, length);

  g_string_append_printf (out, "\"%s\":\"%s\",", key, base64);
}

static void
append_hex (GString *out, const guint8 *bytes, gsize n)
{
  static const char hex[] = "0123456789abcdef";
  gsize             i;

  for (i = 0; i < n; i++)
    {
      g_string_append_c (out, hex[bytes[i] >> 4]);
      g_string_append_c (out, hex[bytes[i] & 0xf]);
    }
}

/* Writes one event row as a line: canonical JSON, keys sorted. */
static void
append_event_line (GString *out, sqlite3_stmt *stmt)
{
  const char *payload_text = (const char *) sqlite3_column_text (stmt, 2);
  gsize       payload_len = (gsize) sqlite3_column_bytes (stmt, 2);
  const char *type = (const char *) sqlite3_column_text (stmt, 1);
  gsize       type_len = (gsize) sqlite3_column_bytes (stmt, 1);
  g_autoptr (RdxValue) payload = NULL;

  if (payload_text != NULL)
    payload = rdx_value_from_json (payload_text, (gssize) payload_len, NULL);
  if (payload_text == NULL)
    payload_text = "";
  if (type == NULL)
    type = "";

  g_string_append_c (out, '{');
  if (payload == NULL)
    {
      g_string_append (out, "\"damaged_payload\":");
      append_string (out, payload_text, (gssize) payload_len);
      g_string_append_c (out, ',');
      if (!is_exact_text (payload_text, payload_len))
        append_base64 (out, "damaged_payload_base64", payload_text, payload_len);
    }
  if (!is_exact_text (type, type_len))
    append_base64 (out, "damaged_type_base64", type, type_len);
  g_string_append (out, "\"hash\":\"");
  if (sqlite3_column_bytes (stmt, 7) == RDX_JOURNAL_DIGEST_SIZE)
    append_hex (out, sqlite3_column_blob (stmt, 7), RDX_JOURNAL_DIGEST_SIZE);
  g_string_append_c (out, '"');
  if (payload != NULL)
    {
      g_string_append (out, ",\"payload\":");
      rdx_value_append_json (payload, out);
    }
  g_string_append_printf (
    out,
    ",\"seq\":%" G_GINT64_FORMAT ",\"session\":%" G_GINT64_FORMAT ",\"store_seq\":%" G_GINT64_FORMAT
    ",\"time\":%" G_GINT64_FORMAT ",\"type\":",
    (gint64) sqlite3_column_int64 (stmt, 0), (gint64) sqlite3_column_int64 (stmt, 4),
    (gint64) sqlite3_column_int64 (stmt, 5), (gint64) sqlite3_column_int64 (stmt, 3));
  append_string (out, type, (gssize) type_len);
  g_string_append_printf (out, ",\"version\":%d}\n", sqlite3_column_int (stmt, 6));
}

/**
 * rdx_journal_export_jsonl:
 * @self: an open journal
 * @stream: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every event of the journal as JSON Lines (docs/journal.md has the
 * format), for backups, or to load into the debugger. Snapshots are left
 * out: an import rebuilds them.
 *
 * Returns: %TRUE if everything was written
 */
gboolean
rdx_journal_export_jsonl (RdxJournal    *self,
                          GOutputStream *stream,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr (GString) out = g_string_sized_new (65536);
  sqlite3_stmt *stmt = NULL;
  int           rc;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;

  g_string_append (out, "{\"app_id\":");
  append_string (out, self->options->app_id, -1);
  g_string_append_printf (out,
                          ",\"event_version\":%u,\"format\":\"" EXPORT_FORMAT "\",\"schema\":%d}\n",
                          self->options->event_version, RDX_JOURNAL_SCHEMA_VERSION);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT seq, type, payload, time, session, store_seq, version, hash "
                           "FROM events ORDER BY seq",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      rc = SQLITE_OK;
      append_event_line (out, stmt);
      if (out->len >= 60000)
        {
          if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
          g_string_truncate (out, 0);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rdx_journal_set_sqlite_error (self, error, rc, "exporting its events");

  return g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);
}

static gboolean invalid_line (GError **error, guint line, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static gboolean
invalid_line (GError **error, guint line, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list          args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_INVALID_DATA,
               "Line %u of the import is not a journal export line: %s. Nothing was imported.",
               line, what);
  return FALSE;
}

static gboolean
get_int (RdxValue *map, const char *key, gboolean required, gint64 *out)
{
  RdxValue *value = rdx_map_get (map, key);

  if (value == NULL && !required)
    {
      *out = 0;
      return TRUE;
    }
  if (value == NULL || !rdx_value_is_int (value))
    return FALSE;
  *out = rdx_value_get_int (value);
  return TRUE;
}

static gboolean
parse_hash (RdxValue *value, guint8 *bytes)
{
  const char *text;
  guint       i;

  if (value == NULL || !rdx_value_is_string (value))
    return FALSE;
  text = rdx_value_get_string (value);
  if (strlen (text) != 2 * RDX_JOURNAL_DIGEST_SIZE)
    return FALSE;
  for (i = 0; i < RDX_JOURNAL_DIGEST_SIZE; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]);
      int lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      bytes[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

static gboolean
check_header (RdxJournal *self, const char *text, GError **error)
{
  g_autoptr (RdxValue) header = NULL;
  g_autoptr (GError) local = NULL;
  RdxValue *format, *app_id;
  gint64    schema = 0;

  if (text == NULL)
    return invalid_line (error, 1, "the import is empty");
  header = rdx_value_from_json (text, -1, &local);
  if (header == NULL)
    return invalid_line (error, 1, "%s", local->message);
  format = rdx_value_is_map (header) ? rdx_map_get (header, "format") : NULL;
  if (format == NULL || !rdx_value_is_string (format) ||
      strcmp (rdx_value_get_string (format), EXPORT_FORMAT) != 0 ||
      !get_int (header, "schema", TRUE, &schema))
    return invalid_line (error, 1, "it is not the header of a journal export");
  if (schema > RDX_JOURNAL_SCHEMA_VERSION)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NEWER_SCHEMA,
                   "The import was exported with journal schema %" G_GINT64_FORMAT
                   ", newer than schema %d, which this version of rdx reads. Nothing was "
                   "imported.",
                   schema, RDX_JOURNAL_SCHEMA_VERSION);
      return FALSE;
    }
  app_id = rdx_map_get (header, "app_id");
  if (app_id == NULL || !rdx_value_is_string (app_id) ||
      strcmp (rdx_value_get_string (app_id), self->options->app_id) != 0)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_OTHER_APP,
                   "The import belongs to the application “%s”, not to “%s”. Nothing was "
                   "imported.",
                   app_id != NULL && rdx_value_is_string (app_id) ? rdx_value_get_string (app_id)
                                                                  : "?",
                   self->options->app_id);
      return FALSE;
    }
  return TRUE;
}

/* Decodes the base64 string under @key, when there is one: the exact
 * bytes of a damaged type or payload. */
static gboolean
get_base64 (RdxValue *map, const char *key, GBytes **out)
{
  RdxValue   *value = rdx_map_get (map, key);
  const char *text;
  gsize       length, i;
  guchar     *bytes;

  *out = NULL;
  if (value == NULL)
    return TRUE;
  if (!rdx_value_is_string (value))
    return FALSE;
  text = rdx_value_get_string (value);
  length = strlen (text);
  if (length % 4 != 0)
    return FALSE;
  for (i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/' &&
        !(text[i] == '=' && i >= length - 2))
      return FALSE;
  bytes = g_base64_decode (text, &length);
  *out = g_bytes_new_take (bytes, length);
  return TRUE;
}

/* Inserts the event on one line of an import. */
static gboolean
import_line (RdxJournal *self, const char *text, guint line, guint64 *previous, GError **error)
{
  g_autoptr (RdxValue) event = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (GBytes) exact_type = NULL;
  g_autoptr (GBytes) exact_payload = NULL;
  g_autofree char *payload_json = NULL;
  RdxValue        *type, *payload, *damaged;
  gint64           seq, time, session, store_seq, version;
  guint8           hash[RDX_JOURNAL_DIGEST_SIZE];
  const char      *type_text, *payload_text;
  gsize            type_len, payload_len;

  event = rdx_value_from_json (text, -1, &local);
  if (event == NULL)
    return invalid_line (error, line, "%s", local->message);
  if (!rdx_value_is_map (event))
    return invalid_line (error, line, "it is not a JSON object");

  type = rdx_map_get (event, "type");
  payload = rdx_map_get (event, "payload");
  damaged = rdx_map_get (event, "damaged_payload");
  if (!get_int (event, "seq", TRUE, &seq) || seq <= 0)
    return invalid_line (error, line, "it has no positive integer “seq”");
  if ((guint64) seq <= *previous)
    return invalid_line (error, line,
                         "its seq %" G_GINT64_FORMAT " does not follow %" G_GUINT64_FORMAT, seq,
                         *previous);
  if (type == NULL || !rdx_value_is_string (type))
    return invalid_line (error, line, "it has no string “type”");
  if (g_str_has_prefix (rdx_value_get_string (type), RDX_ACTION_PRIVATE_PREFIX) &&
      strcmp (rdx_value_get_string (type), RDX_ACTION_STATE_REPLACED) != 0)
    return invalid_line (error, line,
                         "its type “%s” is one of rdx's own, and a journal records none of those "
                         "but “" RDX_ACTION_STATE_REPLACED "”",
                         rdx_value_get_string (type));
  if (!get_base64 (event, "damaged_type_base64", &exact_type) ||
      !get_base64 (event, "damaged_payload_base64", &exact_payload))
    return invalid_line (error, line,
                         "its “damaged_type_base64” or “damaged_payload_base64” is "
                         "not base64");
  if (payload == NULL && exact_payload == NULL &&
      (damaged == NULL || !rdx_value_is_string (damaged)))
    return invalid_line (error, line, "it has no “payload”");
  if (!get_int (event, "time", TRUE, &time) || !get_int (event, "version", TRUE, &version) ||
      version <= 0 || version > G_MAXINT)
    return invalid_line (error, line, "it has no integer “time” and positive “version”");
  if (!get_int (event, "session", FALSE, &session) ||
      !get_int (event, "store_seq", FALSE, &store_seq))
    return invalid_line (error, line, "its “session” or “store_seq” is not an integer");
  if (!parse_hash (rdx_map_get (event, "hash"), hash))
    return invalid_line (error, line, "its “hash” is not 64 hexadecimal digits");

  /* Damage is restored byte for byte, so the import reports it too. */
  if (exact_type != NULL)
    type_text = g_bytes_get_data (exact_type, &type_len);
  else
    type_len = strlen (type_text = rdx_value_get_string (type));
  if (exact_payload != NULL)
    payload_text = g_bytes_get_data (exact_payload, &payload_len);
  else if (payload != NULL)
    payload_len = strlen (payload_text = payload_json = rdx_value_to_json (payload));
  else
    payload_len = strlen (payload_text = rdx_value_get_string (damaged));
  /* SQLite takes no NULL text, even empty. */
  if (type_text == NULL)
    type_text = "";
  if (payload_text == NULL)
    payload_text = "";

  if (!rdx_journal_insert_raw (self, (guint64) seq, type_text, (gssize) type_len, payload_text,
                               payload_len, time, 0, store_seq, (guint) version, hash, error))
    return FALSE;
  *previous = (guint64) seq;
  return TRUE;
}

/**
 * rdx_journal_import_jsonl:
 * @self: an open journal with no events, not yet serving a store
 * @stream: an export made by rdx_journal_export_jsonl()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Imports an export into an empty journal (a restore from backup), in one
 * transaction: on any error nothing is imported. The state is then rebuilt
 * from the imported events, as when a journal opens, with the same checks
 * and problems (rdx_journal_get_problems()). Imported events keep their
 * sequence numbers and digests; their session is 0.
 *
 * Returns: %TRUE if the events were imported
 */
gboolean
rdx_journal_import_jsonl (RdxJournal   *self,
                          GInputStream *stream,
                          GCancellable *cancellable,
                          GError      **error)
{
  g_autoptr (GDataInputStream) data = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *header = NULL;
  guint64          previous = 0;
  guint            line = 1;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;
  if (self->read_only)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_READ_ONLY,
                   "The journal “%s” is open read-only: nothing can be imported into it.",
                   self->path);
      return FALSE;
    }
  if (self->attached)
    {
      g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_EMPTY,
                   "The journal “%s” already serves a store; import into a journal before "
                   "making its store.",
                   self->path);
      return FALSE;
    }
  if (!rdx_journal_is_empty (self, &local))
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, RDX_JOURNAL_ERROR, RDX_JOURNAL_ERROR_NOT_EMPTY,
                     "The journal “%s” has events already; import only into an empty journal.",
                     self->path);
      return FALSE;
    }

  data = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_LF);
  header = g_data_input_stream_read_line_utf8 (data, NULL, cancellable, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!check_header (self, header, error))
    return FALSE;

  if (!rdx_journal_commit (self, error) ||
      !rdx_journal_exec (self, "BEGIN IMMEDIATE", "importing", error))
    return FALSE;
  for (;;)
    {
      g_autofree char *text = g_data_input_stream_read_line_utf8 (data, NULL, cancellable, &local);

      line++;
      if (text == NULL)
        break;
      if (*text == '\0')
        continue;
      if (!import_line (self, text, line, &previous, &local))
        break;
    }
  if (local != NULL || !rdx_journal_exec (self, "COMMIT", "importing", &local))
    {
      rdx_journal_exec (self, "ROLLBACK", "importing", NULL);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  return rdx_journal_rebuild (self, error);
}
