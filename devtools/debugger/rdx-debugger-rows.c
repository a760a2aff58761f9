/* rdx-debugger-rows.c: the debugger's action list, filtered
 *
 * A GListModel of the history's entries that a filter on the action type
 * narrows, knowing each row's position in the history (a jump needs it).
 * Without a filter, a row is the history position itself and every
 * items-changed is passed on as it is. With one, the rows are a sorted
 * array of positions; a change of the history is applied to the stretch it
 * touched (an entry's type never changes), so recording one entry costs
 * one test, not a pass over the history. The base (position 0) is always
 * shown.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-debugger-rows-private.h"

struct _RdxDebuggerRows
{
  GObject parent_instance;

  RdxHistory *history;   /* owned */
  GArray     *positions; /* owned, guint, sorted; NULL without a filter */
  char       *text;      /* owned, casefolded; NULL for none */
  GRegex     *regex;     /* owned, nullable */
  gboolean    hide_ui;
  gulong      changed_id;
};

static void rdx_debugger_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdxDebuggerRows,
                               rdx_debugger_rows,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rdx_debugger_rows_list_model_init))

static gboolean
filtering (RdxDebuggerRows *self)
{
  return self->text != NULL || self->regex != NULL || self->hide_ui;
}

static gboolean
shows (RdxDebuggerRows *self, guint position)
{
  g_autoptr (RdxHistoryEntry) entry = NULL;
  g_autofree char *folded = NULL;
  const char      *type;

  if (position == 0)
    return TRUE;
  entry = g_list_model_get_item (G_LIST_MODEL (self->history), position);
  type = rdx_history_entry_get_action_type (entry);
  if (self->hide_ui && g_str_has_prefix (type, RDX_DEBUGGER_UI_PREFIX))
    return FALSE;
  if (self->regex != NULL)
    return g_regex_match (self->regex, type, 0, NULL);
  if (self->text == NULL)
    return TRUE;
  folded = g_utf8_casefold (type, -1);
  return strstr (folded, self->text) != NULL;
}

/* The first row whose position is at least @position. */
static guint
lower_bound (GArray *positions, guint position)
{
  guint low = 0;
  guint high = positions->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (positions, guint, middle) < position)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

static void
history_changed_cb (GListModel      *history,
                    guint            position,
                    guint            removed,
                    guint            added,
                    RdxDebuggerRows *self)
{
  g_autoptr (GArray) fresh = NULL;
  guint first;
  guint end;

  if (self->positions == NULL)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  first = lower_bound (self->positions, position);
  end = lower_bound (self->positions, position + removed);
  fresh = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint p = position; p < position + added; p++)
    if (shows (self, p))
      g_array_append_val (fresh, p);
  for (guint i = end; i < self->positions->len; i++)
    g_array_index (self->positions, guint, i) += added - removed;
  g_array_remove_range (self->positions, first, end - first);
  g_array_insert_vals (self->positions, first, fresh->data, fresh->len);
  if (end - first > 0 || fresh->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, end - first, fresh->len);
}

/**
 * rdx_debugger_rows_set_filter:
 * @text: (nullable): a substring of the type (any case), or a regular
 *   expression with @regex; %NULL or "" for none
 * @hide_ui: hide the types that start with %RDX_DEBUGGER_UI_PREFIX
 *
 * Shows only the entries whose type matches. A regular expression that
 * does not compile is refused with @error, and the filter stays as it was.
 */
gboolean
rdx_debugger_rows_set_filter (RdxDebuggerRows *self,
                              const char      *text,
                              gboolean         regex,
                              gboolean         hide_ui,
                              GError         **error)
{
  g_autoptr (GRegex) compiled = NULL;
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (text != NULL && regex)
    {
      compiled = g_regex_new (text, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, error);
      if (compiled == NULL)
        return FALSE;
    }

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_clear_pointer (&self->positions, g_array_unref);
  self->regex = g_steal_pointer (&compiled);
  self->text = text != NULL && !regex ? g_utf8_casefold (text, -1) : NULL;
  self->hide_ui = hide_ui;
  if (filtering (self))
    {
      self->positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
      for (guint p = 0; p < n; p++)
        if (shows (self, p))
          g_array_append_val (self->positions, p);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n,
                              g_list_model_get_n_items (G_LIST_MODEL (self)));
  return TRUE;
}

/* The history position of @row. */
guint
rdx_debugger_rows_get_position (RdxDebuggerRows *self, guint row)
{
  if (self->positions == NULL)
    return row;
  g_return_val_if_fail (row < self->positions->len, 0);
  return g_array_index (self->positions, guint, row);
}

/* The row that shows @position, if one does. */
gboolean
rdx_debugger_rows_find_row (RdxDebuggerRows *self, guint position, guint *row)
{
  guint found;

  if (self->positions == NULL)
    {
      *row = position;
      return position < g_list_model_get_n_items (G_LIST_MODEL (self->history));
    }
  found = lower_bound (self->positions, position);
  *row = found;
  return found < self->positions->len && g_array_index (self->positions, guint, found) == position;
}

static GType
rdx_debugger_rows_get_item_type (GListModel *model)
{
  return RDX_TYPE_HISTORY_ENTRY;
}

static guint
rdx_debugger_rows_get_n_items (GListModel *model)
{
  RdxDebuggerRows *self = RDX_DEBUGGER_ROWS (model);

  return self->positions != NULL ? self->positions->len
                                 : g_list_model_get_n_items (G_LIST_MODEL (self->history));
}

static gpointer
rdx_debugger_rows_get_item (GListModel *model, guint row)
{
  RdxDebuggerRows *self = RDX_DEBUGGER_ROWS (model);

  if (self->positions != NULL && row >= self->positions->len)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->history),
                                rdx_debugger_rows_get_position (self, row));
}

static void
rdx_debugger_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rdx_debugger_rows_get_item_type;
  iface->get_n_items = rdx_debugger_rows_get_n_items;
  iface->get_item = rdx_debugger_rows_get_item;
}

static void
rdx_debugger_rows_dispose (GObject *object)
{
  RdxDebuggerRows *self = RDX_DEBUGGER_ROWS (object);

  if (self->history != NULL)
    g_clear_signal_handler (&self->changed_id, self->history);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (rdx_debugger_rows_parent_class)->dispose (object);
}

static void
rdx_debugger_rows_finalize (GObject *object)
{
  RdxDebuggerRows *self = RDX_DEBUGGER_ROWS (object);

  g_clear_pointer (&self->positions, g_array_unref);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_free (self->text);
  G_OBJECT_CLASS (rdx_debugger_rows_parent_class)->finalize (object);
}

static void
rdx_debugger_rows_class_init (RdxDebuggerRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rdx_debugger_rows_dispose;
  object_class->finalize = rdx_debugger_rows_finalize;
}

static void
rdx_debugger_rows_init (RdxDebuggerRows *self)
{
}

RdxDebuggerRows *
rdx_debugger_rows_new (RdxHistory *history)
{
  RdxDebuggerRows *self = g_object_new (RDX_TYPE_DEBUGGER_ROWS, NULL);

  self->history = g_object_ref (history);
  self->changed_id =
    g_signal_connect (history, "items-changed", G_CALLBACK (history_changed_cb), self);
  return self;
}
