/* rdx-history-io.c: export and import of an RdxHistory
 *
 * Two formats, both JSON:
 *
 * - rdx's own: {"format": "rdx-history", "version": 1, "app": "<app id>",
 *   "base": <state>, "cursor": <position>, "actions": [{"type", "payload",
 *   "time", "sequence", "duration", "skipped", "error", "changes"}, ...]}.
 *   "changes" lists what each action changed, as [path, new value] (or
 *   [path] for a removal), so a replay can be checked entry by entry.
 * - Redux DevTools': {"payload": "<JSON text>", "preloadedState": "<JSON
 *   text>"}, where the payload is either the array of actions (what the
 *   extension's Export writes, and what this file writes) or a whole lifted
 *   state ({"actionsById", "stagedActionIds", "skippedActionIds",
 *   "committedState", "currentStateIndex", ...}); a bare lifted state is
 *   read too.
 * - the JSON Lines an event journal exports (import only): a header line
 *   {"format": "rdx-journal", "app_id", "schema", ...}, then one event per
 *   line {"type", "payload" (or "damaged_payload"), "seq", "time", ...}.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-history-private.h"

#define RDX_FORMAT_NAME     "rdx-history"
#define JOURNAL_FORMAT_NAME "rdx-journal"
#define REDUX_INIT_TYPE     "@@INIT"

/* Export */

typedef struct
{
  RdxListBuilder *changes;
} ChangesData;

static gboolean
collect_change_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  RdxListBuilder *changes = user_data;

  if (new_value != NULL)
    rdx_list_builder_append_take (
      changes, rdx_list_new_take (rdx_value_new_string (path), rdx_value_ref (new_value), NULL));
  else
    rdx_list_builder_append_take (changes, rdx_list_new_take (rdx_value_new_string (path), NULL));
  return TRUE;
}

static gint
compare_changes (gconstpointer a, gconstpointer b)
{
  RdxValue *ca = *(RdxValue **) a;
  RdxValue *cb = *(RdxValue **) b;

  return strcmp (rdx_value_get_string (rdx_list_get (ca, 0)),
                 rdx_value_get_string (rdx_list_get (cb, 0)));
}

/* The changes from @old_state to @new_state as a list of [path, value] or
 * [path], sorted by path. Costs what rdx_value_diff() costs: O(changes). */
static RdxValue *
changes_between (RdxValue *old_state, RdxValue *new_state)
{
  RdxListBuilder *builder = rdx_list_builder_new (NULL);
  g_autoptr (RdxValue) unsorted = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new ();
  RdxListBuilder *sorted;
  RdxListIter     iter;
  RdxValue       *item;

  rdx_value_diff (old_state, new_state, collect_change_cb, builder);
  unsorted = rdx_list_builder_end (builder);
  if (rdx_list_length (unsorted) < 2)
    return g_steal_pointer (&unsorted);

  rdx_list_iter_init (&iter, unsorted);
  while (rdx_list_iter_next (&iter, &item))
    g_ptr_array_add (items, item);
  g_ptr_array_sort (items, compare_changes);
  sorted = rdx_list_builder_new (NULL);
  for (guint i = 0; i < items->len; i++)
    rdx_list_builder_append (sorted, g_ptr_array_index (items, i));
  return rdx_list_builder_end (sorted);
}

/* An action in Redux DevTools' shape: the Redux action it was imported
 * from, as it was; else {type, payload}, with no payload when it is null. */
static RdxValue *
redux_shape (RdxAction *action, RdxValue *original)
{
  RdxMapBuilder *item;
  RdxValue      *payload = rdx_action_get_payload (action);

  if (original != NULL)
    return rdx_value_ref (original);
  item = rdx_map_builder_new (NULL);
  rdx_map_builder_set_take (item, "type", rdx_value_new_string (rdx_action_get_type_name (action)));
  if (!rdx_value_is_null (payload))
    rdx_map_builder_set (item, "payload", payload);
  return rdx_map_builder_end (item);
}

static char *
export_rdx (RdxHistory *self)
{
  guint           n = g_list_model_get_n_items (G_LIST_MODEL (self));
  RdxListBuilder *actions = rdx_list_builder_new (NULL);
  RdxMapBuilder  *doc = rdx_map_builder_new (NULL);
  g_autoptr (RdxValue) root = NULL;
  const char *app_id = rdx_history_get_app_id (self);

  for (guint i = 1; i < n; i++)
    {
      RdxHistoryEntry *entry = rdx_history_get_entry (self, i);
      RdxHistoryEntry *previous = rdx_history_get_entry (self, i - 1);
      RdxMapBuilder   *item = rdx_map_builder_new (NULL);

      rdx_map_builder_set_take (item, "type",
                                rdx_value_new_string (rdx_action_get_type_name (entry->action)));
      rdx_map_builder_set (item, "payload", rdx_action_get_payload (entry->action));
      rdx_map_builder_set_take (item, "time",
                                rdx_value_new_int (rdx_action_get_real_time (entry->action)));
      rdx_map_builder_set_take (
        item, "sequence", rdx_value_new_int ((gint64) rdx_action_get_sequence (entry->action)));
      rdx_map_builder_set_take (item, "duration", rdx_value_new_int (entry->duration));
      if (entry->skipped)
        rdx_map_builder_set_take (item, "skipped", rdx_value_new_bool (TRUE));
      if (entry->error != NULL)
        rdx_map_builder_set_take (item, "error", rdx_value_new_string (entry->error));
      rdx_map_builder_set_take (item, "changes", changes_between (previous->state, entry->state));
      if (entry->redux != NULL)
        rdx_map_builder_set (item, "redux", entry->redux);
      rdx_list_builder_append_take (actions, rdx_map_builder_end (item));
    }

  rdx_map_builder_set_take (doc, "format", rdx_value_new_string (RDX_FORMAT_NAME));
  rdx_map_builder_set_take (doc, "version", rdx_value_new_int (RDX_HISTORY_FORMAT_VERSION));
  rdx_map_builder_set_take (doc, "app",
                            app_id != NULL ? rdx_value_new_string (app_id) : rdx_value_new_null ());
  rdx_map_builder_set (doc, "base", rdx_history_get_entry (self, 0)->state);
  rdx_map_builder_set_take (doc, "cursor", rdx_value_new_int (rdx_history_get_cursor (self)));
  rdx_map_builder_set_take (doc, "actions", rdx_list_builder_end (actions));
  root = rdx_map_builder_end (doc);
  return rdx_value_to_json (root);
}

static char *
export_redux (RdxHistory *self)
{
  guint           n = g_list_model_get_n_items (G_LIST_MODEL (self));
  RdxListBuilder *actions = rdx_list_builder_new (NULL);
  g_autoptr (RdxValue) list = NULL;
  g_autoptr (RdxValue) root = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *preloaded = NULL;

  /* The array form has no skip flags: skipped actions are left out, so
   * Redux DevTools computes the states rdx shows. */
  for (guint i = 1; i < n; i++)
    {
      RdxHistoryEntry *entry = rdx_history_get_entry (self, i);

      if (!entry->skipped)
        rdx_list_builder_append_take (actions, redux_shape (entry->action, entry->redux));
    }

  list = rdx_list_builder_end (actions);
  payload = rdx_value_to_json (list);
  preloaded = rdx_value_to_json (rdx_history_get_entry (self, 0)->state);
  root = rdx_map_new_take ("payload", rdx_value_new_string (payload), "preloadedState",
                           rdx_value_new_string (preloaded), NULL);
  return rdx_value_to_json (root);
}

/**
 * rdx_history_export:
 * @self: a history
 * @format: %RDX_HISTORY_FORMAT_RDX or %RDX_HISTORY_FORMAT_REDUX_DEVTOOLS
 *
 * Writes the history as JSON. rdx's format keeps everything: the base
 * state, each action with its time, sequence number, duration, skip flag,
 * error and the changes it made, the cursor, the app id and the format
 * version. The Redux DevTools format is what the extension's Export button
 * writes: the actions (skipped ones left out) and the base state, each as
 * a JSON string, which Redux DevTools' Import opens.
 *
 * Returns: (transfer full): the document; free with g_free()
 */
char *
rdx_history_export (RdxHistory *self, RdxHistoryFormat format)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), NULL);
  g_return_val_if_fail (
    format == RDX_HISTORY_FORMAT_RDX || format == RDX_HISTORY_FORMAT_REDUX_DEVTOOLS, NULL);

  if (format == RDX_HISTORY_FORMAT_RDX)
    return export_rdx (self);
  return export_redux (self);
}

/* Import */

/* One action read from a document. */
typedef struct
{
  RdxAction *action;
  gboolean   skipped;
  gboolean   recorded;         /* the document says how it went */
  char      *recorded_error;   /* nullable */
  RdxValue  *recorded_changes; /* nullable */
  RdxValue  *redux;            /* nullable: the Redux action, when not {type, payload} */
  gint64     duration;
} Planned;

static void
planned_free (gpointer data)
{
  Planned *planned = data;

  rdx_action_unref (planned->action);
  g_free (planned->recorded_error);
  g_clear_pointer (&planned->recorded_changes, rdx_value_unref);
  g_clear_pointer (&planned->redux, rdx_value_unref);
  g_free (planned);
}

/* What a document holds, before anything is computed. */
typedef struct
{
  RdxValue  *base; /* nullable: the reducer's initial state */
  GPtrArray *actions;
  guint      cursor;   /* G_MAXUINT: the last entry */
  RdxValue  *expected; /* nullable: the last state the source recorded */
  gsize      max_size; /* the most bytes an import may have */
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->base, rdx_value_unref);
  g_clear_pointer (&plan->actions, g_ptr_array_unref);
  g_clear_pointer (&plan->expected, rdx_value_unref);
}

G_GNUC_PRINTF (2, 3)
static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;
  char   *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID, "Cannot import: %s", message);
  g_free (message);
  return FALSE;
}

static RdxValue *
parse_json (Plan *plan, const char *what, const char *data, gsize length, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  RdxValue *value;

  if (length > plan->max_size)
    {
      invalid (error,
               "%s is %" G_GSIZE_FORMAT " bytes long, more than the %" G_GSIZE_FORMAT
               " bytes an import may have.",
               what, length, plan->max_size);
      return NULL;
    }
  value =
    rdx_value_from_json_full (data, length, RDX_VALUE_MAX_DEPTH, plan->max_size, &local_error);
  if (value == NULL)
    invalid (error, "%s is not valid JSON: %s", what, local_error->message);
  return value;
}

/* rdx's own types come from rdx alone: a document may hold those the
 * history records (a replaced reducer, paused recording) and the journal
 * records (a state replaced by time travel), nothing else the store would
 * never dispatch (@@rdx/INIT). A journal records only the last. */
static gboolean
check_type (const char *type, gboolean journal, const char *where, GError **error)
{
  if (!g_str_has_prefix (type, RDX_ACTION_PRIVATE_PREFIX) ||
      strcmp (type, RDX_ACTION_STATE_REPLACED) == 0 ||
      (!journal &&
       (strcmp (type, RDX_ACTION_REPLACE) == 0 || strcmp (type, RDX_HISTORY_ACTION_PAUSED) == 0)))
    return TRUE;
  if (journal)
    return invalid (error,
                    "%s has the private type \"%s\": a journal records none of rdx's own types "
                    "but " RDX_ACTION_STATE_REPLACED ".",
                    where, type);
  return invalid (error,
                  "%s has the private type \"%s\": rdx's own types (\"" RDX_ACTION_PRIVATE_PREFIX
                  "…\") come from rdx alone, and an export holds only " RDX_ACTION_REPLACE
                  ", " RDX_HISTORY_ACTION_PAUSED " and " RDX_ACTION_STATE_REPLACED ".",
                  where, type);
}

static RdxAction *
stamped_action (const char *type, RdxValue *payload, guint64 sequence, gint64 real_time)
{
  return rdx_action_new_stamped (type, payload, sequence, 0, real_time);
}

static gboolean
get_optional_int (RdxValue *map, const char *key, gint64 *out, const char *where, GError **error)
{
  RdxValue *value = rdx_map_get (map, key);

  if (value == NULL || rdx_value_is_null (value))
    return TRUE;
  if (rdx_value_get_kind (value) == RDX_VALUE_DOUBLE)
    {
      double d = rdx_value_get_double (value);

      if (d >= -9.0e15 && d <= 9.0e15)
        {
          *out = (gint64) d;
          return TRUE;
        }
    }
  if (!rdx_value_is_int (value))
    return invalid (error, "%s has a \"%s\" that is not a number.", where, key);
  *out = rdx_value_get_int (value);
  return TRUE;
}

static gboolean
check_changes (RdxValue *changes, const char *where, GError **error)
{
  RdxListIter iter;
  RdxValue   *change;

  if (!rdx_value_is_list (changes))
    return invalid (error, "%s has \"changes\" that are not a list.", where);
  rdx_list_iter_init (&iter, changes);
  while (rdx_list_iter_next (&iter, &change))
    if (!rdx_value_is_list (change) || rdx_list_length (change) < 1 ||
        rdx_list_length (change) > 2 || !rdx_value_is_string (rdx_list_get (change, 0)))
      return invalid (error, "%s has a change that is not [path, value] or [path].", where);
  return TRUE;
}

static gboolean
plan_rdx_action (Plan *plan, RdxValue *item, guint index, GError **error)
{
  g_autofree char *where = g_strdup_printf ("action %u", index + 1);
  RdxValue        *type;
  RdxValue        *skipped;
  RdxValue        *failed;
  RdxValue        *changes;
  RdxValue        *redux;
  gint64           time = 0;
  gint64           sequence = index + 1;
  gint64           duration = 0;
  Planned         *planned;

  if (!rdx_value_is_map (item))
    return invalid (error, "%s is not a JSON object.", where);
  type = rdx_map_get (item, "type");
  skipped = rdx_map_get (item, "skipped");
  failed = rdx_map_get (item, "error");
  changes = rdx_map_get (item, "changes");
  redux = rdx_map_get (item, "redux");
  if (type == NULL || !rdx_value_is_string (type))
    return invalid (error, "%s has no \"type\" string.", where);
  if (!check_type (rdx_value_get_string (type), FALSE, where, error))
    return FALSE;
  if (skipped != NULL && rdx_value_get_kind (skipped) != RDX_VALUE_BOOL)
    return invalid (error, "%s has a \"skipped\" that is not true or false.", where);
  if (failed != NULL && !rdx_value_is_null (failed) && !rdx_value_is_string (failed))
    return invalid (error, "%s has an \"error\" that is not a string.", where);
  if (changes != NULL && !check_changes (changes, where, error))
    return FALSE;
  if (redux != NULL && (!rdx_value_is_map (redux) || rdx_map_get (redux, "type") == NULL ||
                        !rdx_value_equal (rdx_map_get (redux, "type"), type)))
    return invalid (error, "%s has a \"redux\" action that is not one of its type.", where);
  if (!get_optional_int (item, "time", &time, where, error) ||
      !get_optional_int (item, "sequence", &sequence, where, error) ||
      !get_optional_int (item, "duration", &duration, where, error))
    return FALSE;

  planned = g_new0 (Planned, 1);
  planned->action = stamped_action (rdx_value_get_string (type), rdx_map_get (item, "payload"),
                                    (guint64) MAX (sequence, 0), time);
  planned->skipped = skipped != NULL && rdx_value_get_bool (skipped);
  planned->recorded = TRUE;
  if (failed != NULL && rdx_value_is_string (failed))
    planned->recorded_error = g_strdup (rdx_value_get_string (failed));
  planned->recorded_changes = changes != NULL ? rdx_value_ref (changes) : NULL;
  planned->redux = redux != NULL ? rdx_value_ref (redux) : NULL;
  planned->duration = MAX (duration, 0);
  g_ptr_array_add (plan->actions, planned);
  return TRUE;
}

static gboolean
plan_rdx (RdxHistory *self, RdxValue *doc, Plan *plan, GError **error)
{
  RdxValue   *format = rdx_map_get (doc, "format");
  RdxValue   *version = rdx_map_get (doc, "version");
  RdxValue   *app = rdx_map_get (doc, "app");
  RdxValue   *base = rdx_map_get (doc, "base");
  RdxValue   *actions = rdx_map_get (doc, "actions");
  const char *app_id = rdx_history_get_app_id (self);
  gint64      cursor = G_MININT64; /* none: the last entry */
  RdxListIter iter;
  RdxValue   *item;
  guint       index = 0;

  if (format == NULL || !rdx_value_is_string (format) ||
      strcmp (rdx_value_get_string (format), RDX_FORMAT_NAME) != 0)
    return invalid (error, "the document is not an rdx history export (its \"format\" is not "
                           "\"" RDX_FORMAT_NAME "\").");
  if (version == NULL || !rdx_value_is_int (version) || rdx_value_get_int (version) < 1)
    return invalid (error, "the document has no valid \"version\".");
  if (rdx_value_get_int (version) > RDX_HISTORY_FORMAT_VERSION)
    {
      g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NEWER_VERSION,
                   "Cannot import: the document was written in version %" G_GINT64_FORMAT
                   " of the rdx history format, and this rdx reads versions up to %d. Open it "
                   "with a newer rdx.",
                   rdx_value_get_int (version), RDX_HISTORY_FORMAT_VERSION);
      return FALSE;
    }
  if (app != NULL && !rdx_value_is_null (app) && !rdx_value_is_string (app))
    return invalid (error, "the document's \"app\" is not a string.");
  if (app_id != NULL && app != NULL && rdx_value_is_string (app) &&
      strcmp (rdx_value_get_string (app), app_id) != 0)
    {
      g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_WRONG_APP,
                   "Cannot import: the history was exported by \"%s\", and this is \"%s\". Open "
                   "it in the application that wrote it.",
                   rdx_value_get_string (app), app_id);
      return FALSE;
    }
  if (base == NULL)
    return invalid (error, "the document has no \"base\" state.");
  if (actions == NULL || !rdx_value_is_list (actions))
    return invalid (error, "the document's \"actions\" are missing or not a list.");
  if (!get_optional_int (doc, "cursor", &cursor, "the document", error))
    return FALSE;
  if (cursor != G_MININT64 && (cursor < 0 || cursor > (gint64) rdx_list_length (actions)))
    return invalid (error,
                    "the document's \"cursor\" (%" G_GINT64_FORMAT ") is not a position "
                    "in its %u actions (0 is the base; leave \"cursor\" out for the last).",
                    cursor, rdx_list_length (actions));

  plan->base = rdx_value_ref (base);
  plan->cursor = cursor == G_MININT64 ? G_MAXUINT : (guint) cursor;
  rdx_list_iter_init (&iter, actions);
  while (rdx_list_iter_next (&iter, &item))
    if (!plan_rdx_action (plan, item, index++, error))
      return FALSE;
  return TRUE;
}

/* A Redux action {type, payload, ...}: rdx keeps the type and the payload;
 * an action without "payload" keeps its other fields as the payload. What
 * that drops or moves (fields beside "payload", such as "meta" and
 * "error"; fields in place of one; a null payload) is kept in @original
 * (the action as it was, or NULL when {type, payload} is all of it), so an
 * export gives it back in its own shape. */
static RdxAction *
redux_action (RdxValue   *item,
              guint64     sequence,
              gint64      real_time,
              const char *where,
              RdxValue  **original,
              GError    **error)
{
  RdxValue *type = rdx_value_is_map (item) ? rdx_map_get (item, "type") : NULL;
  g_autoptr (RdxValue) payload = NULL;
  g_autoptr (RdxValue) shape = NULL;
  RdxAction *action;

  *original = NULL;
  if (type == NULL || !rdx_value_is_string (type))
    {
      invalid (error, "%s is not an action: it has no \"type\" string.", where);
      return NULL;
    }
  if (!check_type (rdx_value_get_string (type), FALSE, where, error))
    return NULL;
  if (rdx_map_contains (item, "payload"))
    payload = rdx_value_ref (rdx_map_get (item, "payload"));
  else if (rdx_map_size (item) > 1)
    payload = rdx_map_remove (item, "type");
  action = stamped_action (rdx_value_get_string (type), payload, sequence, real_time);
  shape = redux_shape (action, NULL);
  *original = rdx_value_equal (shape, item) ? NULL : rdx_value_ref (item);
  return action;
}

/* Takes @action and @redux. */
static void
plan_add (Plan *plan, RdxAction *action, RdxValue *redux, gboolean skipped)
{
  Planned *planned = g_new0 (Planned, 1);

  planned->action = action;
  planned->redux = redux;
  planned->skipped = skipped;
  g_ptr_array_add (plan->actions, planned);
}

static gboolean
plan_redux_array (RdxValue *actions, Plan *plan, GError **error)
{
  RdxListIter iter;
  RdxValue   *item;
  guint       index = 0;

  rdx_list_iter_init (&iter, actions);
  while (rdx_list_iter_next (&iter, &item))
    {
      g_autofree char *where = g_strdup_printf ("action %u of the payload", index + 1);
      RdxValue        *original = NULL;
      RdxAction       *action = redux_action (item, ++index, 0, where, &original, error);

      if (action == NULL)
        return FALSE;
      plan_add (plan, action, original, FALSE);
    }
  plan->cursor = G_MAXUINT;
  return TRUE;
}

static gboolean
id_in (RdxValue *ids, gint64 id)
{
  RdxListIter iter;
  RdxValue   *item;

  rdx_list_iter_init (&iter, ids);
  while (rdx_list_iter_next (&iter, &item))
    if (rdx_value_is_int (item) && rdx_value_get_int (item) == id)
      return TRUE;
  return FALSE;
}

static gboolean
plan_redux_lifted (RdxValue *lifted, Plan *plan, GError **error)
{
  RdxValue *by_id = rdx_map_get (lifted, "actionsById");
  RdxValue *staged = rdx_map_get (lifted, "stagedActionIds");
  RdxValue *skipped = rdx_map_get (lifted, "skippedActionIds");
  RdxValue *committed = rdx_map_get (lifted, "committedState");
  gint64    cursor = G_MININT64; /* none: the last entry */

  if (by_id == NULL || !rdx_value_is_map (by_id))
    return invalid (error, "the lifted state has no \"actionsById\" object.");
  if (staged == NULL || !rdx_value_is_list (staged) || rdx_list_length (staged) < 1)
    return invalid (error, "the lifted state has no \"stagedActionIds\" list.");
  if (skipped != NULL && !rdx_value_is_list (skipped))
    return invalid (error, "the lifted state's \"skippedActionIds\" is not a list.");
  if (!get_optional_int (lifted, "currentStateIndex", &cursor, "the lifted state", error))
    return FALSE;
  if (cursor != G_MININT64 && (cursor < 0 || cursor >= (gint64) rdx_list_length (staged)))
    return invalid (error,
                    "the lifted state's \"currentStateIndex\" (%" G_GINT64_FORMAT ") is "
                    "not an index into its %u staged actions.",
                    cursor, rdx_list_length (staged));

  /* Id 0, the first staged one, is Redux DevTools' @@INIT. */
  for (guint i = 1; i < rdx_list_length (staged); i++)
    {
      RdxValue        *id = rdx_list_get (staged, i);
      g_autofree char *key = NULL;
      g_autofree char *where = NULL;
      RdxValue        *lifted_action;
      RdxValue        *action_value;
      RdxValue        *original = NULL;
      gint64           timestamp = 0;
      RdxAction       *action;

      if (!rdx_value_is_int (id))
        return invalid (error, "staged action %u has an id that is not an integer.", i);
      key = g_strdup_printf ("%" G_GINT64_FORMAT, rdx_value_get_int (id));
      where = g_strdup_printf ("action %s of the lifted state", key);
      lifted_action = rdx_map_get (by_id, key);
      if (lifted_action == NULL || !rdx_value_is_map (lifted_action))
        return invalid (error, "staged action id %s is not in \"actionsById\".", key);
      action_value = rdx_map_get (lifted_action, "action");
      if (action_value == NULL)
        return invalid (error, "%s has no \"action\".", where);
      if (!get_optional_int (lifted_action, "timestamp", &timestamp, where, error))
        return FALSE;
      action = redux_action (action_value, i, timestamp * 1000, where, &original, error);
      if (action == NULL)
        return FALSE;
      plan_add (plan, action, original, skipped != NULL && id_in (skipped, rdx_value_get_int (id)));
    }

  if (committed != NULL)
    plan->base = rdx_value_ref (committed);
  plan->cursor = cursor == G_MININT64 ? G_MAXUINT : (guint) cursor;
  return TRUE;
}

static gboolean
looks_lifted (RdxValue *value)
{
  return rdx_value_is_map (value) && rdx_map_contains (value, "actionsById") &&
         rdx_map_contains (value, "stagedActionIds");
}

static gboolean
plan_redux (RdxValue *doc, Plan *plan, GError **error)
{
  RdxValue *payload_text = rdx_map_get (doc, "payload");
  RdxValue *preloaded_text = rdx_map_get (doc, "preloadedState");
  g_autoptr (RdxValue) payload = NULL;

  if (payload_text == NULL)
    {
      if (looks_lifted (doc))
        return plan_redux_lifted (doc, plan, error);
      return invalid (error, "the document is not a Redux DevTools export (it has no "
                             "\"payload\").");
    }
  if (!rdx_value_is_string (payload_text))
    return invalid (error, "the Redux DevTools \"payload\" is not a string of JSON.");
  payload =
    parse_json (plan, "the Redux DevTools \"payload\" string", rdx_value_get_string (payload_text),
                rdx_value_get_string_length (payload_text), error);
  if (payload == NULL)
    return FALSE;

  if (rdx_value_is_list (payload))
    {
      if (!plan_redux_array (payload, plan, error))
        return FALSE;
      if (preloaded_text != NULL && !rdx_value_is_null (preloaded_text))
        {
          if (!rdx_value_is_string (preloaded_text))
            return invalid (error, "the Redux DevTools \"preloadedState\" is not a string of "
                                   "JSON.");
          plan->base = parse_json (plan, "the Redux DevTools \"preloadedState\" string",
                                   rdx_value_get_string (preloaded_text),
                                   rdx_value_get_string_length (preloaded_text), error);
          if (plan->base == NULL)
            return FALSE;
        }
      return TRUE;
    }
  if (looks_lifted (payload))
    return plan_redux_lifted (payload, plan, error);
  return invalid (error, "the Redux DevTools \"payload\" is neither a list of actions nor a "
                         "lifted state.");
}

/* Journal exports */

/* The first line of @data, when it is the header of a journal export. */
static gboolean
looks_like_journal (const char *data, gsize length)
{
  const char *newline = memchr (data, '\n', MIN (length, 4096));
  g_autoptr (RdxValue) header = NULL;
  RdxValue *format;

  if (newline == NULL)
    {
      if (length > 4096)
        return FALSE;
      newline = data + length;
    }
  header = rdx_value_from_json (data, newline - data, NULL);
  format = header != NULL && rdx_value_is_map (header) ? rdx_map_get (header, "format") : NULL;
  return format != NULL && rdx_value_is_string (format) &&
         strcmp (rdx_value_get_string (format), JOURNAL_FORMAT_NAME) == 0;
}

static gboolean
plan_journal_header (RdxHistory *self, RdxValue *header, GError **error)
{
  RdxValue   *format = rdx_value_is_map (header) ? rdx_map_get (header, "format") : NULL;
  RdxValue   *app = rdx_value_is_map (header) ? rdx_map_get (header, "app_id") : NULL;
  RdxValue   *schema = rdx_value_is_map (header) ? rdx_map_get (header, "schema") : NULL;
  const char *app_id = rdx_history_get_app_id (self);

  if (format == NULL || !rdx_value_is_string (format) ||
      strcmp (rdx_value_get_string (format), JOURNAL_FORMAT_NAME) != 0)
    return invalid (error, "the document is not a journal export (its first line has no "
                           "\"format\": \"" JOURNAL_FORMAT_NAME "\").");
  if (schema == NULL || !rdx_value_is_int (schema) || rdx_value_get_int (schema) < 1)
    return invalid (error, "the journal export has no valid \"schema\".");
  if (rdx_value_get_int (schema) > RDX_JOURNAL_SCHEMA_VERSION)
    {
      g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NEWER_VERSION,
                   "Cannot import: the journal was written with schema %" G_GINT64_FORMAT
                   ", and this rdx reads schemas up to %d. Open it with a newer rdx.",
                   rdx_value_get_int (schema), RDX_JOURNAL_SCHEMA_VERSION);
      return FALSE;
    }
  if (app == NULL || !rdx_value_is_string (app))
    return invalid (error, "the journal export has no \"app_id\" string.");
  if (app_id != NULL && strcmp (rdx_value_get_string (app), app_id) != 0)
    {
      g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_WRONG_APP,
                   "Cannot import: the journal belongs to \"%s\", and this is \"%s\". Open "
                   "it in the application that wrote it.",
                   rdx_value_get_string (app), app_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
plan_journal_event (Plan *plan, RdxValue *event, guint line, GError **error)
{
  g_autofree char *where = g_strdup_printf ("line %u of the journal export", line);
  RdxValue        *type;
  RdxValue        *damaged;
  gint64           time = 0;
  gint64           seq = 0;
  Planned         *planned;

  if (!rdx_value_is_map (event))
    return invalid (error, "%s is not a JSON object.", where);
  type = rdx_map_get (event, "type");
  damaged = rdx_map_get (event, "damaged_payload");
  if (type == NULL || !rdx_value_is_string (type))
    return invalid (error, "%s has no \"type\" string.", where);
  if (!check_type (rdx_value_get_string (type), TRUE, where, error))
    return FALSE;
  if (damaged != NULL && !rdx_value_is_string (damaged))
    return invalid (error, "%s has a \"damaged_payload\" that is not a string.", where);
  if (!get_optional_int (event, "time", &time, where, error) ||
      !get_optional_int (event, "seq", &seq, where, error))
    return FALSE;

  /* A damaged event is shown, skipped, with its text as the payload: the
   * journal skips it too when it rebuilds the state. */
  planned = g_new0 (Planned, 1);
  planned->action = stamped_action (rdx_value_get_string (type),
                                    damaged != NULL ? damaged : rdx_map_get (event, "payload"),
                                    (guint64) MAX (seq, 0), time);
  planned->skipped = damaged != NULL;
  g_ptr_array_add (plan->actions, planned);
  return TRUE;
}

static gboolean
plan_journal (RdxHistory *self, const char *data, gsize length, Plan *plan, GError **error)
{
  const char *line = data;
  const char *end = data + length;
  guint       number = 0;

  while (line < end)
    {
      const char *newline = memchr (line, '\n', end - line);
      const char *line_end = newline != NULL ? newline : end;

      number++;
      if (line_end > line)
        {
          g_autofree char *what = g_strdup_printf ("line %u of the journal export", number);
          g_autoptr (RdxValue) value = parse_json (plan, what, line, line_end - line, error);

          if (value == NULL)
            return FALSE;
          if (number == 1 ? !plan_journal_header (self, value, error)
                          : !plan_journal_event (plan, value, number, error))
            return FALSE;
        }
      line = newline != NULL ? newline + 1 : end;
    }
  plan->cursor = G_MAXUINT;
  return TRUE;
}

static char *
short_json (RdxValue *value)
{
  g_autofree char *json = rdx_value_to_json (value);

  if (strlen (json) <= 200)
    return g_steal_pointer (&json);
  return g_strdup_printf ("%.197s...", json);
}

/* Compares a recomputed entry with what the document recorded. */
static gboolean
verify_entry (Planned    *planned,
              guint       position,
              RdxValue   *previous,
              RdxValue   *state,
              const char *error_message,
              GError    **error)
{
  const char *type = rdx_action_get_type_name (planned->action);
  g_autoptr (RdxValue) changes = NULL;

  if (!planned->recorded)
    return TRUE;

  if ((planned->recorded_error != NULL) != (error_message != NULL))
    {
      if (error_message != NULL)
        g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED,
                     "Entry %u (\"%s\") diverges: it was applied when recorded, and the reducer "
                     "now refuses it: %s",
                     position, type, error_message);
      else
        g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED,
                     "Entry %u (\"%s\") diverges: it failed when recorded (%s), and the reducer "
                     "now accepts it.",
                     position, type, planned->recorded_error);
      return FALSE;
    }
  if (planned->recorded_changes == NULL)
    return TRUE;

  changes = changes_between (previous, state);
  if (!rdx_value_equal (changes, planned->recorded_changes))
    {
      g_autofree char *recorded = short_json (planned->recorded_changes);
      g_autofree char *now = short_json (changes);

      g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED,
                   "Entry %u (\"%s\") diverges: the recording changed %s, and the reducer now "
                   "changes %s. The reducer is impure or changed since the recording.",
                   position, type, recorded, now);
      return FALSE;
    }
  return TRUE;
}

/* Computes every entry of @plan into @entries. */
static gboolean
build_entries (RdxHistory           *self,
               Plan                 *plan,
               RdxReducer           *reducer,
               RdxHistoryImportFlags flags,
               GPtrArray            *entries,
               GError              **error)
{
  RdxValue *previous = plan->base;

  for (guint i = 0; i < plan->actions->len; i++)
    {
      Planned *planned = g_ptr_array_index (plan->actions, i);
      g_autoptr (GError) local_error = NULL;
      RdxValue        *state = NULL;
      RdxHistoryEntry *entry;

      if (!planned->skipped)
        state = rdx_reducer_replay (reducer, previous, planned->action, &local_error);
      if (state == NULL)
        state = rdx_value_ref (previous);

      if ((flags & RDX_HISTORY_IMPORT_VERIFY) &&
          !verify_entry (planned, i + 1, previous, state,
                         local_error != NULL ? local_error->message : NULL, error))
        {
          rdx_value_unref (state);
          return FALSE;
        }

      entry = rdx_history_entry_new (i + 1, rdx_action_ref (planned->action), state,
                                     local_error != NULL ? g_strdup (local_error->message) : NULL,
                                     planned->duration);
      entry->skipped = planned->skipped;
      entry->redux = planned->redux != NULL ? rdx_value_ref (planned->redux) : NULL;
      g_ptr_array_add (entries, entry);
      previous = state;
    }
  if ((flags & RDX_HISTORY_IMPORT_VERIFY) && plan->expected != NULL &&
      !rdx_value_equal (previous, plan->expected))
    {
      g_autofree char *diff = rdx_history_describe_diff (plan->expected, previous);

      g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED,
                   "The %u events, replayed with the reducer, do not give the state the source "
                   "recorded: the reducer is impure or changed since the recording.%s",
                   plan->actions->len, diff);
      return FALSE;
    }
  return TRUE;
}

/* While paused, the last entry stands for everything applied since, and
 * resuming commits it: an imported history has no such entry, so the next
 * dispatch would overwrite an imported one. Resuming on the user's behalf
 * would commit what was applied while paused, which an import that then
 * fails must not do: the import is refused instead. */
static gboolean
check_not_paused (RdxHistory *self, GError **error)
{
  if (!rdx_history_get_paused (self))
    return TRUE;
  g_set_error_literal (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_PAUSED,
                       "Cannot import while recording is paused: resume recording "
                       "(rdx_history_set_paused (history, FALSE)) first, then import.");
  return FALSE;
}

static gboolean import_document (RdxHistory           *self,
                                 const char           *data,
                                 gssize                length,
                                 RdxHistoryFormat      format,
                                 RdxHistoryImportFlags flags,
                                 RdxValue             *expected,
                                 GError              **error);

/**
 * rdx_history_import:
 * @self: a history attached to a store
 * @data: the document
 * @length: its length in bytes, or -1 if it is NUL-terminated
 * @format: its format, or %RDX_HISTORY_FORMAT_AUTO to tell from the
 *   document
 * @flags: %RDX_HISTORY_IMPORT_VERIFY to compare each entry with what the
 *   document recorded
 * @error: return location for a #GError
 *
 * Replaces the history with the one in @data, as Redux DevTools' import:
 * the base state comes from the document (the reducer's initial state when
 * a Redux DevTools export has none), and every state after it is
 * recomputed with the store's reducer, directly (no middleware, so no
 * effect runs). The store then shows the entry at the document's cursor
 * (the last one when it has none).
 *
 * A malformed document (bad JSON, too large or too deeply nested, not the
 * shape of an export, a payload string that is not JSON), another app's
 * export (%RDX_HISTORY_ERROR_WRONG_APP) or a newer format version
 * (%RDX_HISTORY_ERROR_NEWER_VERSION) fails with a message that says what
 * is wrong, and leaves the history and the store as they were; so does a
 * divergence found with %RDX_HISTORY_IMPORT_VERIFY, and an import while
 * recording is paused (%RDX_HISTORY_ERROR_PAUSED: resume first).
 *
 * Returns: %TRUE if the history was replaced
 */
gboolean
rdx_history_import (RdxHistory           *self,
                    const char           *data,
                    gssize                length,
                    RdxHistoryFormat      format,
                    RdxHistoryImportFlags flags,
                    GError              **error)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return import_document (self, data, length, format, flags, NULL, error);
}

/* rdx_history_import(), checking the last state against @expected too. */
static gboolean
import_document (RdxHistory           *self,
                 const char           *data,
                 gssize                length,
                 RdxHistoryFormat      format,
                 RdxHistoryImportFlags flags,
                 RdxValue             *expected,
                 GError              **error)
{
  g_autoptr (RdxValue) doc = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  Plan        plan = { NULL, g_ptr_array_new_with_free_func (planned_free), G_MAXUINT, NULL,
                       rdx_history_get_max_import_size (self) };
  RdxReducer *reducer;
  gboolean    ok = FALSE;

  if (expected != NULL)
    plan.expected = rdx_value_ref (expected);

  reducer = rdx_history_get_reducer (self);
  if (reducer == NULL)
    {
      g_set_error_literal (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NOT_ATTACHED,
                           "Cannot import: the history records no store, so it has no reducer to "
                           "recompute the states with.");
      goto out;
    }
  if (!check_not_paused (self, error))
    goto out;

  if (length < 0)
    length = strlen (data);
  if (length > 0 && (format == RDX_HISTORY_FORMAT_JOURNAL ||
                     (format == RDX_HISTORY_FORMAT_AUTO && looks_like_journal (data, length))))
    {
      if ((gsize) length > plan.max_size)
        {
          invalid (error,
                   "the document is %" G_GSSIZE_FORMAT " bytes long, more than the %" G_GSIZE_FORMAT
                   " bytes an import may have.",
                   length, plan.max_size);
          goto out;
        }
      if (!plan_journal (self, data, length, &plan, error))
        goto out;
      goto build;
    }

  doc = parse_json (&plan, "the document", data != NULL ? data : "", length, error);
  if (doc == NULL)
    goto out;
  if (!rdx_value_is_map (doc))
    {
      invalid (error, "the document is a JSON %s, not an object; an export is an object.",
               rdx_value_kind_to_string (rdx_value_get_kind (doc)));
      goto out;
    }

  if (format == RDX_HISTORY_FORMAT_JOURNAL)
    {
      invalid (error, "the document is not a journal export.");
      goto out;
    }
  if (format == RDX_HISTORY_FORMAT_AUTO)
    format =
      rdx_map_contains (doc, "format") ? RDX_HISTORY_FORMAT_RDX : RDX_HISTORY_FORMAT_REDUX_DEVTOOLS;
  if (format == RDX_HISTORY_FORMAT_RDX ? !plan_rdx (self, doc, &plan, error)
                                       : !plan_redux (doc, &plan, error))
    goto out;

build:
  if (plan.base == NULL)
    {
      g_autoptr (RdxAction) init = rdx_action_new (RDX_ACTION_INIT, NULL);
      g_autoptr (GError) local_error = NULL;

      plan.base = rdx_reducer_reduce (reducer, NULL, init, &local_error);
      if (plan.base == NULL)
        {
          invalid (error, "the document has no base state, and the reducer gives none: %s",
                   local_error->message);
          goto out;
        }
    }

  entries = g_ptr_array_new_with_free_func (g_object_unref);
  if (!build_entries (self, &plan, reducer, flags, entries, error))
    goto out;

  rdx_history_replace_entries (self, plan.base, g_steal_pointer (&entries), plan.cursor);
  ok = TRUE;

out:
  plan_clear (&plan);
  return ok;
}

/**
 * rdx_history_import_journal:
 * @self: a history attached to a store, with an app id
 * @path: the journal file (an SQLite database written by #RdxJournal)
 * @flags: %RDX_HISTORY_IMPORT_VERIFY to fail with
 *   %RDX_HISTORY_ERROR_DIVERGED when the journal's own check finds that
 *   today's reducer does not rebuild the state it recorded
 * @error: return location for a #GError
 *
 * Replaces the history with the events of a journal, so a journal attached
 * to a bug report can be stepped through: the base is the reducer's
 * initial state, and each event becomes an entry, recomputed with the
 * store's reducer (events are replayed as they were written: an upcaster
 * the application registers with its journal is not applied). A damaged
 * event is shown skipped, with its text as the payload.
 *
 * The journal is opened read-only (%RDX_JOURNAL_OPEN_READ_ONLY) with the
 * history's app id (another app's journal is refused), and closed again.
 * Nothing is written to the file and no lock is taken: the journal of a
 * running program can be imported, and the application's next open still
 * reports how its last session ended (an unclean shutdown stays
 * reported). The events are replayed with the transient keys and the
 * event version the application recorded in the journal, so its rebuild
 * check matches the application's own. While recording is paused the
 * import is refused (%RDX_HISTORY_ERROR_PAUSED), before the journal is
 * opened.
 *
 * Returns: %TRUE if the history was replaced
 */
gboolean
rdx_history_import_journal (RdxHistory           *self,
                            const char           *path,
                            RdxHistoryImportFlags flags,
                            GError              **error)
{
  g_autoptr (RdxJournalOptions) options = NULL;
  g_autoptr (RdxJournal) journal = NULL;
  g_autoptr (GOutputStream) out = NULL;
  g_autoptr (RdxValue) recorded = NULL;
  RdxReducer *reducer;
  gboolean    exported;

  g_return_val_if_fail (RDX_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reducer = rdx_history_get_reducer (self);
  if (reducer == NULL || rdx_history_get_app_id (self) == NULL)
    {
      g_set_error_literal (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NOT_ATTACHED,
                           "Cannot import a journal: the history needs a store (for its "
                           "reducer) and an app id (a journal belongs to one application).");
      return FALSE;
    }
  if (!check_not_paused (self, error))
    return FALSE;

  /* Read-only: nothing is written to the file (no session is recorded, so
   * the application's next open still sees how its last session ended),
   * and the transient keys and the event version are the ones the
   * application recorded in the journal, so its rebuild check holds. */
  options = rdx_journal_options_new (rdx_history_get_app_id (self), reducer);
  rdx_journal_options_set_flags (options, RDX_JOURNAL_OPEN_READ_ONLY);
  journal = rdx_journal_open (path, options, error);
  if (journal == NULL)
    return FALSE;
  if ((flags & RDX_HISTORY_IMPORT_VERIFY) && rdx_journal_get_divergence (journal) != 0)
    {
      const RdxJournalProblem *problems;
      guint                    n_problems = 0;
      const char              *message = "";

      problems = rdx_journal_get_problems (journal, &n_problems);
      for (guint i = 0; i < n_problems; i++)
        if (problems[i].kind == RDX_JOURNAL_PROBLEM_DIVERGENCE)
          message = problems[i].message;
      g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED,
                   "Event %" G_GUINT64_FORMAT " of the journal diverges: %s",
                   rdx_journal_get_divergence (journal), message);
      rdx_journal_close (journal, NULL);
      return FALSE;
    }
  /* What the journal rebuilt from its snapshot and the events after it:
   * what was recorded, to check the replay of every event against. */
  recorded = rdx_value_ref (rdx_journal_get_state (journal));
  out = g_memory_output_stream_new_resizable ();
  exported = rdx_journal_export_jsonl (journal, out, NULL, error);
  if (!rdx_journal_close (journal, exported ? error : NULL))
    exported = FALSE;
  if (!exported || !g_output_stream_close (out, NULL, error))
    return FALSE;

  return import_document (self, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                          g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                          RDX_HISTORY_FORMAT_JOURNAL, flags, recorded, error);
}
