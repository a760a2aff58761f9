/* rdx-debugger-window.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <string.h>

#include "rdx-debugger-window-private.h"

/**
 * RdxDebuggerWindow:
 *
 * The time-travel debugger: a plain GTK window over an [class@RdxDevtools.History]. It
 * renders the history (the action list with a filter and a cost strip, an
 * inspector with the payload, the state as a lazy tree, the diff against
 * the previous state and the raw JSON, a timeline) and calls its
 * operations; it keeps no history of its own. Every operation is an action
 * of the window (`win.*`) with a keyboard shortcut.
 *
 * An application opens it for its history with one call,
 * [ctor@RdxDebugger.Window.new], or gives a window the `win.debugger` action
 * and Ctrl+Shift+D with [func@RdxDebugger.add_window_action].
 */

enum
{
  PROP_0,
  PROP_HISTORY,
  PROP_TEST_REDUCER_FUNCTION,
  PROP_PLAYING,
  PROP_RECORDING_PAUSED,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The columns of the action list. */
typedef enum
{
  COLUMN_NUMBER,
  COLUMN_TYPE,
  COLUMN_TIME,
  COLUMN_DURATION,
  COLUMN_CHANGES,
  COLUMN_COST,
} Column;

/* A diff is counted up to this many changes. */
#define MAX_COUNTED_CHANGES 10000
/* The JSON view shows at most this much; Copy copies everything. */
#define MAX_JSON_SHOWN (512 * 1024)
/* The held bar lists this many held actions. */
#define MAX_HELD_SHOWN 5
/* Expanded rows are restored among the first rows of a new state tree. */
#define MAX_RESTORED_ROWS 2000

static GQuark column_quark;
static GQuark window_quark;

G_DEFINE_FINAL_TYPE (RdxDebuggerWindow, rdx_debugger_window, GTK_TYPE_WINDOW)

static const char style_css[] =
  ".rdx-debugger-message { padding: 8px 12px; background-color: rgba(53, 132, 228, 0.15); }\n"
  ".rdx-debugger-held { padding: 8px 12px; background-color: rgba(229, 165, 10, 0.25); }\n"
  ".rdx-debugger-failed { color: #c01c28; }\n"
  ".rdx-debugger-cursor { font-weight: bold; }\n"
  ".rdx-debugger-diff { font-family: monospace; }\n";

/* Helpers */

guint
rdx_debugger_window_n_entries (RdxDebuggerWindow *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->history));
}

static RdxHistoryEntry *
entry_at (RdxDebuggerWindow *self, guint position)
{
  return rdx_history_get_entry (self->history, position);
}

static RdxValue *
state_before (RdxDebuggerWindow *self, guint position)
{
  return position > 0 ? rdx_history_entry_get_state (entry_at (self, position - 1)) : NULL;
}

static gboolean
count_change_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  guint *count = user_data;

  return ++*count < MAX_COUNTED_CHANGES;
}

/* How many paths @position changed (up to MAX_COUNTED_CHANGES): a diff
 * against the state before it, which costs the number of changes. */
static guint
count_changes (RdxDebuggerWindow *self, guint position)
{
  guint count = 0;

  if (position == 0)
    return 0;
  rdx_value_diff (state_before (self, position),
                  rdx_history_entry_get_state (entry_at (self, position)), count_change_cb, &count);
  return count;
}

static gint64
max_duration (RdxDebuggerWindow *self)
{
  if (self->durations_dirty)
    {
      self->max_duration = 0;
      for (guint p = 1; p < rdx_debugger_window_n_entries (self); p++)
        self->max_duration =
          MAX (self->max_duration, rdx_history_entry_get_duration (entry_at (self, p)));
      self->durations_dirty = FALSE;
    }
  return self->max_duration;
}

/* The time of day of @usec in the window's time zone, the local one read
 * once: g_date_time_new_from_unix_local () asks g_time_zone_new_local ()
 * each time, which reads the system's zone again, for each row bound. */
static char *
format_time (RdxDebuggerWindow *self, gint64 usec)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *clock = NULL;

  if (usec <= 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = utc != NULL ? g_date_time_to_timezone (utc, self->time_zone) : NULL;
  if (local == NULL)
    return g_strdup ("");
  clock = g_date_time_format (local, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d", clock, (int) (usec % G_USEC_PER_SEC / 1000));
}

void
rdx_debugger_window_show_message (RdxDebuggerWindow *self, const char *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

/* Selection */

/* The history positions of the first and last selected rows. */
gboolean
rdx_debugger_window_get_selected (RdxDebuggerWindow *self, guint *first, guint *last)
{
  g_autoptr (GtkBitset) selected = NULL;

  if (self->selection == NULL)
    return FALSE;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return FALSE;
  if (first != NULL)
    *first = rdx_debugger_rows_get_position (self->rows, gtk_bitset_get_minimum (selected));
  if (last != NULL)
    *last = rdx_debugger_rows_get_position (self->rows, gtk_bitset_get_maximum (selected));
  return TRUE;
}

/* Scrolls the action list so @row is in view (GtkColumnView has no
 * scroll_to before GTK 4.12; its rows all have one height). */
static void
scroll_to_row (RdxDebuggerWindow *self, guint row)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->action_scroller);
  guint          n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  double         upper = gtk_adjustment_get_upper (adjustment);
  double         page = gtk_adjustment_get_page_size (adjustment);
  double         value = gtk_adjustment_get_value (adjustment);
  double         height;
  double         top;

  /* Not laid out yet: scroll once it is (list_scrolled_cb). */
  self->scroll_pending = upper <= page;
  if (n == 0 || upper <= page)
    return;
  /* The header row is part of the scrolled height: estimate the row height
   * from what is left. */
  height = upper / (n + 1);
  top = height * (row + 1);
  if (top < value + height)
    gtk_adjustment_set_value (adjustment, top - height);
  else if (top + height > value + page)
    gtk_adjustment_set_value (adjustment, top + height - page);
}

/* The list has its size: a selection made before (when the window opened
 * on the present, the last row) is scrolled into view. */
static void
list_scrolled_cb (GtkAdjustment *adjustment, RdxDebuggerWindow *self)
{
  guint row;

  if (self->scroll_pending && self->selection != NULL &&
      gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment))
    {
      g_autoptr (GtkBitset) selected =
        gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

      self->scroll_pending = FALSE;
      if (!gtk_bitset_is_empty (selected))
        {
          row = gtk_bitset_get_maximum (selected);
          scroll_to_row (self, row);
        }
    }
}

/* Selects the row of @position, if the filter shows it. */
void
rdx_debugger_window_select_position (RdxDebuggerWindow *self, guint position)
{
  guint row;

  if (!rdx_debugger_rows_find_row (self->rows, position, &row))
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), row, TRUE);
  scroll_to_row (self, row);
}

/* The action list's cells */

typedef struct
{
  double time;    /* the reducer time, over the largest */
  double changes; /* the changes, on a log scale up to MAX_COUNTED_CHANGES */
} Cost;

static void
cost_draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  Cost  *cost = g_object_get_data (G_OBJECT (area), "cost");
  double half = height / 2.0;

  if (cost == NULL)
    return;
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.15);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.90, 0.38, 0.0);
  cairo_rectangle (cr, 0, 1, MAX (cost->time * width, cost->time > 0 ? 1 : 0), half - 1.5);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  cairo_rectangle (cr, 0, half + 0.5, MAX (cost->changes * width, cost->changes > 0 ? 1 : 0),
                   half - 1.5);
  cairo_fill (cr);
}

static GtkWidget *
new_inscription (float xalign, guint min_chars)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), xalign);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), min_chars);
  return inscription;
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source, double x, double y, GtkListItem *item)
{
  RdxDebuggerWindow *self = g_object_get_qdata (G_OBJECT (item), window_quark);
  guint              row = gtk_list_item_get_position (item);
  guint              position;

  if (row == GTK_INVALID_LIST_POSITION)
    return NULL;
  position = rdx_debugger_rows_get_position (self->rows, row);
  if (position == 0)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_UINT, position);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, GtkListItem *item)
{
  RdxDebuggerWindow *self = g_object_get_qdata (G_OBJECT (item), window_quark);
  guint              row = gtk_list_item_get_position (item);
  guint              from = g_value_get_uint (value);
  guint              to;

  if (row == GTK_INVALID_LIST_POSITION || rdx_history_get_store (self->history) == NULL)
    return FALSE;
  to = MAX (rdx_debugger_rows_get_position (self->rows, row), 1);
  if (from == 0 || from >= rdx_debugger_window_n_entries (self) || from == to)
    return FALSE;
  /* Dropped on a row: the moved entry takes that row's place. */
  rdx_history_reorder (self->history, from, from < to ? to + 1 : to);
  return TRUE;
}

/* A cell's tooltip, made when it is about to show: setting a tooltip asks
 * the display server where the pointer is (a round trip), which made each
 * row bound while scrolling or stepping cost two of them. */
static gboolean
cell_query_tooltip_cb (GtkWidget   *child,
                       int          x,
                       int          y,
                       gboolean     keyboard,
                       GtkTooltip  *tooltip,
                       GtkListItem *item)
{
  RdxDebuggerWindow *self = g_object_get_qdata (G_OBJECT (item), window_quark);
  Column             column = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (item), column_quark));
  RdxHistoryEntry   *entry = gtk_list_item_get_item (item);
  guint              row = gtk_list_item_get_position (item);
  g_autofree char   *tip = NULL;
  guint              position;
  guint              changes;

  if (entry == NULL || row == GTK_INVALID_LIST_POSITION)
    return FALSE;
  if (column == COLUMN_TYPE)
    {
      if (rdx_history_entry_get_error (entry) == NULL)
        return FALSE;
      gtk_tooltip_set_text (tooltip, rdx_history_entry_get_error (entry));
      return TRUE;
    }
  position = rdx_debugger_rows_get_position (self->rows, row);
  changes = count_changes (self, position);
  tip = g_strdup_printf ("%" G_GINT64_FORMAT " µs in the reducer (the slowest: %" G_GINT64_FORMAT
                         " µs); %u%s paths changed",
                         rdx_history_entry_get_duration (entry), max_duration (self), changes,
                         changes >= MAX_COUNTED_CHANGES ? "+" : "");
  gtk_tooltip_set_text (tooltip, tip);
  return TRUE;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RdxDebuggerWindow *self)
{
  Column     column = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (factory), column_quark));
  GtkWidget *child = NULL;

  g_object_set_qdata (G_OBJECT (item), window_quark, self);
  g_object_set_qdata (G_OBJECT (item), column_quark, GINT_TO_POINTER (column));
  switch (column)
    {
      case COLUMN_NUMBER:
        child = new_inscription (1.0, 6);
        break;
      case COLUMN_TYPE:
        {
          GtkDragSource *source = gtk_drag_source_new ();
          GtkDropTarget *target = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);

          child = new_inscription (0.0, 16);
          gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
          g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), item);
          g_signal_connect (target, "drop", G_CALLBACK (drop_cb), item);
          gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (source));
          gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (target));
          break;
        }
      case COLUMN_TIME:
        child = new_inscription (0.0, 12);
        break;
      case COLUMN_DURATION:
        child = new_inscription (1.0, 8);
        break;
      case COLUMN_CHANGES:
        child = new_inscription (1.0, 6);
        break;
      case COLUMN_COST:
      default:
        child = gtk_drawing_area_new ();
        gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (child), 80);
        gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (child), 14);
        gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
        gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (child), cost_draw_cb, NULL, NULL);
        break;
    }
  if (column == COLUMN_TYPE || column == COLUMN_COST)
    {
      gtk_widget_set_has_tooltip (child, TRUE);
      g_signal_connect (child, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), item);
    }
  gtk_list_item_set_child (item, child);
}

static void
set_text (GtkWidget *inscription, const char *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text);
}

static void
update_type_cell (GtkWidget *child, RdxHistoryEntry *entry)
{
  const char *error = rdx_history_entry_get_error (entry);
  gboolean    skipped = rdx_history_entry_get_skipped (entry);

  /* New attributes lay the text out again: set them only when the entry's
   * skip flag is not what the cell shows (rows are bound again at each
   * change of the selection). */
  if (skipped != (gtk_inscription_get_attributes (GTK_INSCRIPTION (child)) != NULL))
    {
      g_autoptr (PangoAttrList) attributes = NULL;

      if (skipped)
        {
          attributes = pango_attr_list_new ();
          pango_attr_list_insert (attributes, pango_attr_strikethrough_new (TRUE));
        }
      gtk_inscription_set_attributes (GTK_INSCRIPTION (child), attributes);
    }
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("⚠ %s", rdx_history_entry_get_action_type (entry));

      set_text (child, text);
      gtk_widget_add_css_class (child, "rdx-debugger-failed");
    }
  else
    {
      set_text (child, rdx_history_entry_get_action_type (entry));
      gtk_widget_remove_css_class (child, "rdx-debugger-failed");
    }
}

static void
update_cost_cell (RdxDebuggerWindow *self, GtkWidget *child, guint position, RdxHistoryEntry *entry)
{
  Cost  *cost = g_new0 (Cost, 1);
  gint64 largest = max_duration (self);
  guint  changes = count_changes (self, position);

  cost->time = largest > 0 ? (double) rdx_history_entry_get_duration (entry) / largest : 0;
  cost->changes = changes > 0 ? log1p (changes) / log1p (MAX_COUNTED_CHANGES) : 0;
  g_object_set_data_full (G_OBJECT (child), "cost", cost, g_free);
  gtk_widget_queue_draw (child);
}

static void
cell_update (GtkListItem *item)
{
  RdxDebuggerWindow *self = g_object_get_qdata (G_OBJECT (item), window_quark);
  Column             column = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (item), column_quark));
  GtkWidget         *child = gtk_list_item_get_child (item);
  RdxHistoryEntry   *entry = gtk_list_item_get_item (item);
  guint              row = gtk_list_item_get_position (item);
  g_autofree char   *text = NULL;
  guint              position;
  guint              changes;

  if (entry == NULL || row == GTK_INVALID_LIST_POSITION ||
      row >= g_list_model_get_n_items (G_LIST_MODEL (self->rows)))
    return;
  position = rdx_debugger_rows_get_position (self->rows, row);
  switch (column)
    {
      case COLUMN_NUMBER:
        if (position == rdx_history_get_cursor (self->history))
          {
            text = g_strdup_printf ("▶ %u", position);
            gtk_widget_add_css_class (child, "rdx-debugger-cursor");
          }
        else
          {
            text = g_strdup_printf ("%u", position);
            gtk_widget_remove_css_class (child, "rdx-debugger-cursor");
          }
        break;
      case COLUMN_TYPE:
        update_type_cell (child, entry);
        return;
      case COLUMN_TIME:
        text = format_time (self, rdx_history_entry_get_time (entry));
        break;
      case COLUMN_DURATION:
        text = position > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT " µs",
                                               rdx_history_entry_get_duration (entry))
                            : g_strdup ("");
        break;
      case COLUMN_CHANGES:
        changes = count_changes (self, position);
        text = position > 0
                 ? g_strdup_printf ("%u%s", changes, changes >= MAX_COUNTED_CHANGES ? "+" : "")
                 : g_strdup ("");
        break;
      case COLUMN_COST:
      default:
        update_cost_cell (self, child, position, entry);
        return;
    }
  set_text (child, text);
}

static void
cell_changed_cb (GObject *object, GParamSpec *pspec, GtkListItem *item)
{
  cell_update (item);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RdxDebuggerWindow *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (item), column_quark));

  g_signal_connect (gtk_list_item_get_item (item), "notify", G_CALLBACK (cell_changed_cb), item);
  g_signal_connect (item, "notify::position", G_CALLBACK (cell_changed_cb), item);
  if (column == COLUMN_NUMBER)
    g_signal_connect (self->history, "notify::cursor", G_CALLBACK (cell_changed_cb), item);
  cell_update (item);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RdxDebuggerWindow *self)
{
  gpointer entry = gtk_list_item_get_item (item);

  if (entry != NULL)
    g_signal_handlers_disconnect_by_func (entry, cell_changed_cb, item);
  g_signal_handlers_disconnect_by_func (item, cell_changed_cb, item);
  g_signal_handlers_disconnect_by_func (self->history, cell_changed_cb, item);
}

static void
action_list_activate_cb (GtkColumnView *view, guint row, RdxDebuggerWindow *self)
{
  rdx_history_jump (self->history, rdx_debugger_rows_get_position (self->rows, row));
}

static void
filter_changed_cb (RdxDebuggerWindow *self)
{
  g_autoptr (GError) error = NULL;
  guint    first;
  gboolean had = rdx_debugger_window_get_selected (self, &first, NULL);

  if (!rdx_debugger_rows_set_filter (self->rows,
                                     gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)),
                                     gtk_check_button_get_active (self->regex_check),
                                     gtk_check_button_get_active (self->hide_ui_check), &error))
    {
      g_autofree char *message =
        g_strdup_printf ("The filter is not a regular expression: %s", error->message);

      gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "error");
      rdx_debugger_window_show_message (self, message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "error");
  if (had)
    rdx_debugger_window_select_position (self, first);
}

/* The state tree */

static void
tree_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RdxDebuggerWindow *self)
{
  GtkWidget *inscription = new_inscription (0.0, 8);

  if (gtk_column_view_column_get_factory (self->key_column) == GTK_LIST_ITEM_FACTORY (factory))
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), inscription);
      gtk_list_item_set_child (item, expander);
    }
  else
    gtk_list_item_set_child (item, inscription);
}

/* A value cell shows its node's value, which changes when the tree moves
 * to another state. */
static void
tree_value_changed_cb (RdxDebuggerNode *node, GParamSpec *pspec, GtkWidget *child)
{
  g_autofree char *summary = rdx_debugger_node_dup_summary (node);

  set_text (child, summary);
}

static void
tree_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RdxDebuggerWindow *self)
{
  GtkTreeListRow  *row = gtk_list_item_get_item (item);
  RdxDebuggerNode *node = gtk_tree_list_row_get_item (row);
  GtkWidget       *child = gtk_list_item_get_child (item);

  if (GTK_IS_TREE_EXPANDER (child))
    {
      gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), row);
      set_text (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child)),
                rdx_debugger_node_get_key (node));
    }
  else
    {
      tree_value_changed_cb (node, NULL, child);
      g_signal_connect (node, "notify::value", G_CALLBACK (tree_value_changed_cb), child);
    }
  g_object_unref (node);
}

static void
tree_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RdxDebuggerWindow *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr (RdxDebuggerNode) node = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

  if (node != NULL)
    g_signal_handlers_disconnect_by_func (node, tree_value_changed_cb,
                                          gtk_list_item_get_child (item));
}

/* The paths of the expanded rows of the tree shown, to expand them again
 * in the next state's tree. */
static GHashTable *
expanded_paths (GtkTreeListModel *tree)
{
  GHashTable *paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint       n = tree != NULL ? g_list_model_get_n_items (G_LIST_MODEL (tree)) : 0;

  for (guint i = 0; i < MIN (n, MAX_RESTORED_ROWS); i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, i);

      if (gtk_tree_list_row_get_expanded (row))
        {
          g_autoptr (RdxDebuggerNode) node = gtk_tree_list_row_get_item (row);

          g_hash_table_add (paths, g_strdup (rdx_debugger_node_get_path (node)));
        }
    }
  return paths;
}

static void
show_state_tree (RdxDebuggerWindow *self, RdxValue *state)
{
  GtkSelectionModel *old = gtk_column_view_get_model (self->state_view);
  GtkTreeListModel  *old_tree =
    old != NULL ? GTK_TREE_LIST_MODEL (gtk_no_selection_get_model (GTK_NO_SELECTION (old))) : NULL;
  g_autoptr (GHashTable) expanded = NULL;
  GtkTreeListModel *tree;
  guint             n;

  if (old_tree != NULL && self->tree_state == state)
    return;
  g_clear_pointer (&self->tree_state, rdx_value_unref);
  self->tree_state = rdx_value_ref (state);
  /* From state to state, the tree follows what changed. */
  if (old_tree != NULL && rdx_debugger_tree_update (old_tree, state))
    return;
  expanded = expanded_paths (old_tree);
  tree = rdx_debugger_tree_new (state);
  n = g_list_model_get_n_items (G_LIST_MODEL (tree));
  for (guint i = 0; i < MIN (n, MAX_RESTORED_ROWS) && g_hash_table_size (expanded) > 0; i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, i);
      g_autoptr (RdxDebuggerNode) node = gtk_tree_list_row_get_item (row);

      if (g_hash_table_remove (expanded, rdx_debugger_node_get_path (node)))
        {
          gtk_tree_list_row_set_expanded (row, TRUE);
          n = g_list_model_get_n_items (G_LIST_MODEL (tree));
        }
    }
  gtk_column_view_set_model (self->state_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (tree))));
  g_object_unref (gtk_column_view_get_model (self->state_view));
}

/* The diff */

static void
diff_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RdxDebuggerWindow *self)
{
  GtkWidget *inscription = new_inscription (0.0, 20);

  gtk_widget_add_css_class (inscription, "rdx-debugger-diff");
  gtk_list_item_set_child (item, inscription);
}

static void
diff_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RdxDebuggerWindow *self)
{
  set_text (gtk_list_item_get_child (item),
            gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static gboolean
diff_line_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  GtkStringList   *lines = user_data;
  g_autofree char *before =
    old_value != NULL ? rdx_debugger_short_json (old_value, 80) : g_strdup ("(absent)");
  g_autofree char *after =
    new_value != NULL ? rdx_debugger_short_json (new_value, 80) : g_strdup ("(removed)");
  g_autofree char *line =
    g_strdup_printf ("%s   %s → %s", *path != '\0' ? path : "(root)", before, after);

  gtk_string_list_append (lines, line);
  return g_list_model_get_n_items (G_LIST_MODEL (lines)) < MAX_COUNTED_CHANGES;
}

static void
show_diff (RdxDebuggerWindow *self, guint position, RdxHistoryEntry *entry)
{
  GtkStringList   *lines = gtk_string_list_new (NULL);
  g_autofree char *title = NULL;
  guint            n;

  if (self->check_recomputed != NULL && position == self->check_position)
    {
      n = rdx_value_diff (rdx_history_entry_get_state (entry), self->check_recomputed, diff_line_cb,
                          lines);
      title = g_strdup_printf ("Replay check: entry %u (%s) recomputes differently. Recorded → "
                               "recomputed, %u %s:",
                               position, rdx_history_entry_get_action_type (entry), n,
                               n == 1 ? "path" : "paths");
    }
  else if (position == 0)
    title = g_strdup ("The base has no state before it.");
  else
    {
      n = rdx_value_diff (state_before (self, position), rdx_history_entry_get_state (entry),
                          diff_line_cb, lines);
      title = n == 0
                ? g_strdup_printf ("Entry %u (%s) changed nothing.", position,
                                   rdx_history_entry_get_action_type (entry))
                : g_strdup_printf ("Entry %u (%s) changed %u%s %s:", position,
                                   rdx_history_entry_get_action_type (entry), n,
                                   n >= MAX_COUNTED_CHANGES ? "+" : "", n == 1 ? "path" : "paths");
    }
  gtk_label_set_text (self->diff_title, title);
  gtk_list_view_set_model (self->diff_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (lines))));
}

/* The action and the JSON */

static char *
pretty_json (RdxValue *value)
{
  g_autoptr (JsonNode) node = rdx_value_to_json_node (value);
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static void
show_action (RdxDebuggerWindow *self, guint position, RdxHistoryEntry *entry)
{
  RdxValue        *payload = rdx_history_entry_get_payload (entry);
  g_autofree char *time = format_time (self, rdx_history_entry_get_time (entry));
  g_autofree char *json = payload != NULL ? pretty_json (payload) : g_strdup ("null");
  g_autofree char *details = NULL;
  const char      *error = rdx_history_entry_get_error (entry);

  details = g_strdup_printf (
    "Entry %u: %s\nSequence %" G_GUINT64_FORMAT "%s%s · %" G_GINT64_FORMAT
    " µs in the reducer%s%s%s",
    position, rdx_history_entry_get_action_type (entry), rdx_history_entry_get_sequence (entry),
    *time != '\0' ? " · " : "", time, rdx_history_entry_get_duration (entry),
    rdx_history_entry_get_skipped (entry) ? "\nSkipped: its state is the one before it." : "",
    error != NULL ? "\nRefused by the reducer: " : "", error != NULL ? error : "");
  gtk_label_set_text (self->action_details, details);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->action_payload_view), json, -1);
}

static void
show_json (RdxDebuggerWindow *self, RdxHistoryEntry *entry)
{
  g_autofree char *json = rdx_value_to_json (rdx_history_entry_get_state (entry));
  gsize            length = strlen (json);
  g_autofree char *note = NULL;
  gsize            shown = length;

  if (length > MAX_JSON_SHOWN)
    {
      const char *end = g_utf8_find_prev_char (json, json + MAX_JSON_SHOWN);

      shown = end != NULL ? (gsize) (end - json) : 0;
      note = g_strdup_printf ("Canonical JSON, %zu bytes; the first %zu are shown, Copy copies "
                              "all of it.",
                              length, shown);
    }
  else
    note = g_strdup_printf ("Canonical JSON, %zu bytes.", length);
  gtk_label_set_text (self->json_note, note);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->json_view), json, shown);
}

static void
clear_inspector (RdxDebuggerWindow *self)
{
  gtk_label_set_text (self->action_details, "Select an entry to inspect it.");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->action_payload_view), "", 0);
  gtk_label_set_text (self->diff_title, "");
  gtk_list_view_set_model (self->diff_list, NULL);
  gtk_column_view_set_model (self->state_view, NULL);
  g_clear_pointer (&self->tree_state, rdx_value_unref);
  gtk_label_set_text (self->json_note, "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->json_view), "", 0);
}

/**
 * rdx_debugger_window_update_inspector:
 *
 * Projects the last selected entry onto the inspector's visible page (the
 * other pages are filled when they are shown).
 */
void
rdx_debugger_window_update_inspector (RdxDebuggerWindow *self)
{
  const char      *page = gtk_stack_get_visible_child_name (self->inspector_stack);
  RdxHistoryEntry *entry;
  guint            position;

  if (!rdx_debugger_window_get_selected (self, NULL, &position) ||
      position >= rdx_debugger_window_n_entries (self))
    {
      clear_inspector (self);
      return;
    }
  entry = entry_at (self, position);
  if (g_strcmp0 (page, "state") == 0)
    show_state_tree (self, rdx_history_entry_get_state (entry));
  else if (g_strcmp0 (page, "diff") == 0)
    show_diff (self, position, entry);
  else if (g_strcmp0 (page, "json") == 0)
    show_json (self, entry);
  else
    show_action (self, position, entry);
}

static void
inspector_page_cb (GtkStack *stack, GParamSpec *pspec, RdxDebuggerWindow *self)
{
  rdx_debugger_window_update_inspector (self);
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      RdxDebuggerWindow *self)
{
  rdx_debugger_window_update_inspector (self);
  rdx_debugger_window_update_actions (self);
}

/* The timeline and the status line */

/* The held actions, one a line in the order they will be applied: the
 * type and the payload in short; the first MAX_HELD_SHOWN of them. */
static char *
held_actions_text (RdxDebuggerWindow *self, guint held)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < MIN (held, MAX_HELD_SHOWN); i++)
    {
      RdxAction       *action = rdx_history_get_held (self->history, i);
      RdxValue        *payload = rdx_action_get_payload (action);
      g_autofree char *summary = payload != NULL ? rdx_debugger_short_json (payload, 60) : NULL;

      g_string_append_printf (text, "%s%u. %s%s%s", i > 0 ? "\n" : "", i + 1,
                              rdx_action_get_type_name (action), summary != NULL ? "  " : "",
                              summary != NULL ? summary : "");
    }
  if (held > MAX_HELD_SHOWN)
    g_string_append_printf (text, "\n… and %u more", held - MAX_HELD_SHOWN);
  return g_string_free (text, FALSE);
}

/**
 * rdx_debugger_window_update_timeline:
 *
 * Projects the cursor, the number of entries, the held actions and the
 * recording flags onto the slider, the held bar and the status line.
 */
void
rdx_debugger_window_update_timeline (RdxDebuggerWindow *self)
{
  guint            n = rdx_debugger_window_n_entries (self);
  guint            cursor = rdx_history_get_cursor (self->history);
  guint            held = rdx_history_get_n_held (self->history);
  guint            bound = rdx_history_get_max_entries (self->history);
  g_autofree char *held_text = NULL;
  g_autofree char *status = NULL;
  g_autofree char *bound_text = bound > 0 ? g_strdup_printf (" · kept: at most %u", bound) : NULL;

  self->projecting = TRUE;
  gtk_adjustment_configure (self->timeline_adjustment, cursor, 0, n > 0 ? n - 1 : 0, 1, 10, 0);
  gtk_spin_button_set_value (self->bound_spin, bound);
  self->projecting = FALSE;

  held_text = g_strdup_printf (held == 1 ? "%u action the app dispatched is held while the past "
                                           "is shown: it applies when you go back to the present."
                                         : "%u actions the app dispatched are held while the past "
                                           "is shown: they apply when you go back to the present.",
                               held);
  gtk_label_set_text (self->held_label, held_text);
  if (held > 0)
    {
      g_autofree char *actions = held_actions_text (self, held);

      gtk_label_set_text (self->held_actions, actions);
    }
  gtk_revealer_set_reveal_child (self->held_revealer, held > 0);

  status = g_strdup_printf (
    "%u %s · cursor at %u%s%s%s%s%s", n, n == 1 ? "entry" : "entries", cursor,
    rdx_history_get_at_present (self->history) ? " (the present)" : " (the past)",
    rdx_history_get_paused (self->history) ? " · recording paused" : "",
    rdx_history_get_locked (self->history) ? " · the app is locked" : "",
    bound_text != NULL ? bound_text : "",
    rdx_history_get_store (self->history) == NULL ? " · no store attached: view only" : "");
  gtk_label_set_text (self->status_label, status);
}

static void
timeline_changed_cb (GtkAdjustment *adjustment, RdxDebuggerWindow *self)
{
  guint position = (guint) (gtk_adjustment_get_value (adjustment) + 0.5);

  if (self->projecting || rdx_history_get_store (self->history) == NULL)
    return;
  if (position != rdx_history_get_cursor (self->history) &&
      position < rdx_debugger_window_n_entries (self))
    rdx_history_jump (self->history, position);
}

static void
bound_changed_cb (GtkSpinButton *spin, RdxDebuggerWindow *self)
{
  if (!self->projecting)
    rdx_history_set_max_entries (self->history, gtk_spin_button_get_value_as_int (spin));
}

/**
 * rdx_debugger_window_update_all:
 *
 * Projects the whole history onto the window.
 */
void
rdx_debugger_window_update_all (RdxDebuggerWindow *self)
{
  rdx_debugger_window_update_timeline (self);
  rdx_debugger_window_update_inspector (self);
  rdx_debugger_window_update_actions (self);
  rdx_debugger_dispatch_box_update (self);
}

/* The history's signals */

static void
history_items_changed_cb (GListModel        *model,
                          guint              position,
                          guint              removed,
                          guint              added,
                          RdxDebuggerWindow *self)
{
  guint n = g_list_model_get_n_items (model);

  /* Recording appends: the largest reducer time grows with it. Anything
   * else is counted again when it is next drawn. */
  if (removed == 0 && position + added == n && !self->durations_dirty)
    for (guint p = MAX (position, 1); p < n; p++)
      self->max_duration =
        MAX (self->max_duration, rdx_history_entry_get_duration (entry_at (self, p)));
  else
    self->durations_dirty = TRUE;
  g_clear_pointer (&self->check_recomputed, rdx_value_unref);
  rdx_debugger_window_update_timeline (self);
  rdx_debugger_window_update_actions (self);
}

static void
history_cursor_cb (RdxHistory *history, GParamSpec *pspec, RdxDebuggerWindow *self)
{
  guint cursor = rdx_history_get_cursor (history);
  guint first;
  guint last;

  /* The selection follows the cursor when it was on the cursor's row. */
  if (!rdx_debugger_window_get_selected (self, &first, &last) ||
      (first == last && first == self->last_cursor))
    rdx_debugger_window_select_position (self, cursor);
  self->last_cursor = cursor;
  rdx_debugger_window_update_timeline (self);
  rdx_debugger_window_update_actions (self);
}

static void
history_flags_cb (RdxHistory *history, GParamSpec *pspec, RdxDebuggerWindow *self)
{
  if (g_str_equal (pspec->name, "paused"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_PAUSED]);
  else if (g_str_equal (pspec->name, "locked"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  rdx_debugger_window_update_all (self);
}

static void
set_history (RdxDebuggerWindow *self, RdxHistory *history)
{
  static const char *const flags[] = { "notify::at-present",  "notify::paused",
                                       "notify::locked",      "notify::n-held",
                                       "notify::max-entries", "notify::store" };

  g_autofree char *title = NULL;

  self->history = g_object_ref (history);
  if (rdx_history_get_app_id (history) != NULL)
    {
      title = g_strdup_printf ("Time-Travel Debugger — %s", rdx_history_get_app_id (history));
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  self->rows = rdx_debugger_rows_new (history);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->action_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_object (history, "items-changed", G_CALLBACK (history_items_changed_cb), self,
                           0);
  g_signal_connect_object (history, "notify::cursor", G_CALLBACK (history_cursor_cb), self, 0);
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    g_signal_connect_object (history, flags[i], G_CALLBACK (history_flags_cb), self, 0);

  self->durations_dirty = TRUE;
  self->last_cursor = rdx_history_get_cursor (history);
  rdx_debugger_window_select_position (self, self->last_cursor);
  rdx_debugger_dispatch_box_collect_types (self);
  rdx_debugger_window_update_all (self);
}

/* GObject */

static void
rdx_debugger_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (object);

  switch (prop_id)
    {
      case PROP_HISTORY:
        g_value_set_object (value, self->history);
        break;
      case PROP_TEST_REDUCER_FUNCTION:
        g_value_set_string (value, rdx_debugger_window_get_test_reducer_function (self));
        break;
      case PROP_PLAYING:
        g_value_set_boolean (value, self->play_source != 0);
        break;
      case PROP_RECORDING_PAUSED:
        g_value_set_boolean (value,
                             self->history != NULL && rdx_history_get_paused (self->history));
        break;
      case PROP_LOCKED:
        g_value_set_boolean (value,
                             self->history != NULL && rdx_history_get_locked (self->history));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_debugger_window_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (object);

  switch (prop_id)
    {
      case PROP_HISTORY:
        set_history (self, g_value_get_object (value));
        break;
      case PROP_TEST_REDUCER_FUNCTION:
        rdx_debugger_window_set_test_reducer_function (self, g_value_get_string (value));
        break;
      case PROP_PLAYING:
        rdx_debugger_window_set_playing (self, g_value_get_boolean (value));
        break;
      case PROP_RECORDING_PAUSED:
        rdx_history_set_paused (self->history, g_value_get_boolean (value));
        break;
      case PROP_LOCKED:
        rdx_history_set_locked (self->history, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_debugger_window_dispose (GObject *object)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (object);

  rdx_debugger_window_stop_playing (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->state_view != NULL)
    gtk_column_view_set_model (self->state_view, NULL);
  if (self->action_list != NULL)
    gtk_column_view_set_model (self->action_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RDX_TYPE_DEBUGGER_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->completion_types);
  g_clear_object (&self->history);
  g_clear_pointer (&self->check_recomputed, rdx_value_unref);
  g_clear_pointer (&self->tree_state, rdx_value_unref);
  G_OBJECT_CLASS (rdx_debugger_window_parent_class)->dispose (object);
}

static void
rdx_debugger_window_finalize (GObject *object)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (object);

  g_free (self->test_reducer_function);
  g_time_zone_unref (self->time_zone);
  G_OBJECT_CLASS (rdx_debugger_window_parent_class)->finalize (object);
}

static void
rdx_debugger_window_class_init (RdxDebuggerWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rdx_debugger_window_get_property;
  object_class->set_property = rdx_debugger_window_set_property;
  object_class->dispose = rdx_debugger_window_dispose;
  object_class->finalize = rdx_debugger_window_finalize;

  /**
   * RdxDebuggerWindow:history:
   *
   * The history the window shows and operates.
   */
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, RDX_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * RdxDebuggerWindow:test-reducer-function:
   *
   * The C function that makes the application's root reducer, which tests
   * exported with "Export Selection as Test" call.
   */
  properties[PROP_TEST_REDUCER_FUNCTION] =
    g_param_spec_string ("test-reducer-function", NULL, NULL, RDX_DEBUGGER_DEFAULT_REDUCER_FUNCTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RdxDebuggerWindow:playing:
   *
   * Whether the timeline is playing (stepping forward on its own).
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RdxDebuggerWindow:recording-paused:
   *
   * The history's [property@RdxDevtools.History:paused], for the Pause button.
   */
  properties[PROP_RECORDING_PAUSED] =
    g_param_spec_boolean ("recording-paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RdxDebuggerWindow:locked:
   *
   * The history's [property@RdxDevtools.History:locked], for the Lock button.
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/rdx/Debugger/rdx-debugger-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, regex_check);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, hide_ui_check);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, action_scroller);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, action_list);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, number_column);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, type_column);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, time_column);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, duration_column);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, changes_column);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, cost_column);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, type_entry);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, payload_view);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, payload_schema);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, payload_error);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, dispatch_button);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, inspector_stack);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, action_details);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, action_payload_view);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, state_view);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, key_column);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, diff_title);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, diff_list);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, json_note);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, json_view);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, held_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, held_label);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, held_actions);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, timeline_scale);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, timeline_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, bound_button);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, bound_spin);
  gtk_widget_class_bind_template_child (widget_class, RdxDebuggerWindow, status_label);
  gtk_widget_class_bind_template_callback (widget_class, cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, action_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tree_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, tree_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, tree_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, diff_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, diff_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, inspector_page_cb);
  gtk_widget_class_bind_template_callback (widget_class, timeline_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bound_changed_cb);

  rdx_debugger_window_class_init_actions (widget_class);

  column_quark = g_quark_from_static_string ("rdx-debugger-column");
  window_quark = g_quark_from_static_string ("rdx-debugger-window");
}

static void
add_style (void)
{
  static gboolean added;
  g_autoptr (GtkCssProvider) provider = NULL;

  if (added || gdk_display_get_default () == NULL)
    return;
  added = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, style_css, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* GTK 4.8 names a button with a mnemonic by its label, underscore
 * included, and by the label inside it again ("D_ispatch Dispatch"):
 * every such button under @widget is named by its visible label, the
 * label without its mnemonic. */
static void
name_buttons_by_label (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    {
      g_autoptr (GString) name = g_string_new (NULL);

      for (const char *c = gtk_button_get_label (GTK_BUTTON (widget)); *c != '\0'; c++)
        if (*c != '_' || (c[1] == '_' && *++c != '\0'))
          g_string_append_c (name, *c);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name->str, -1);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_buttons_by_label (child);
}

static void
rdx_debugger_window_init (RdxDebuggerWindow *self)
{
  GtkColumnViewColumn *columns[6];

  gtk_widget_init_template (GTK_WIDGET (self));
  name_buttons_by_label (GTK_WIDGET (self));
  add_style ();
  self->time_zone = g_time_zone_new_local ();
  /* In the order of Column. */
  columns[COLUMN_NUMBER] = self->number_column;
  columns[COLUMN_TYPE] = self->type_column;
  columns[COLUMN_TIME] = self->time_column;
  columns[COLUMN_DURATION] = self->duration_column;
  columns[COLUMN_CHANGES] = self->changes_column;
  columns[COLUMN_COST] = self->cost_column;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_object_set_qdata (G_OBJECT (gtk_column_view_column_get_factory (columns[i])), column_quark,
                        GINT_TO_POINTER (i));
  rdx_debugger_dispatch_box_init (self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->action_scroller), "changed",
                           G_CALLBACK (list_scrolled_cb), self, 0);
}

/* Public API */

/**
 * rdx_debugger_window_new:
 * @history: the history to show, attached to the app's store (or not, to
 *   only look at an import)
 *
 * Opens the time-travel debugger on @history: one call for any rdx
 * application. The window keeps a reference on @history (not on its store).
 *
 * Returns: (transfer none): a new window; present it with
 *   [method@Gtk.Window.present]. GTK's window list owns it until it is closed.
 */
RdxDebuggerWindow *
rdx_debugger_window_new (RdxHistory *history)
{
  g_return_val_if_fail (RDX_IS_HISTORY (history), NULL);

  return g_object_new (RDX_TYPE_DEBUGGER_WINDOW, "history", history, NULL);
}

/**
 * rdx_debugger_window_get_history:
 * @self: a debugger window
 *
 * Gets the history the window shows.
 *
 * Returns: (transfer none): the history the window shows
 */
RdxHistory *
rdx_debugger_window_get_history (RdxDebuggerWindow *self)
{
  g_return_val_if_fail (RDX_IS_DEBUGGER_WINDOW (self), NULL);

  return self->history;
}

/**
 * rdx_debugger_window_set_test_reducer_function:
 * @self: a debugger window
 * @name: (nullable): the C function that makes the application's root
 *   reducer, `RdxReducer *name (void)`; %NULL for
 *   [const@RdxDebugger.DEFAULT_REDUCER_FUNCTION]
 *
 * Sets the function the tests written by "Export Selection as Test" call
 * (see [func@RdxDebugger.export_test]).
 */
void
rdx_debugger_window_set_test_reducer_function (RdxDebuggerWindow *self, const char *name)
{
  g_return_if_fail (RDX_IS_DEBUGGER_WINDOW (self));

  if (g_strcmp0 (self->test_reducer_function, name) == 0)
    return;
  g_free (self->test_reducer_function);
  self->test_reducer_function = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_REDUCER_FUNCTION]);
}

/**
 * rdx_debugger_window_get_test_reducer_function:
 * @self: a debugger window
 *
 * Gets the function generated tests call for the root reducer.
 *
 * Returns: the function generated tests call for the root reducer
 */
const char *
rdx_debugger_window_get_test_reducer_function (RdxDebuggerWindow *self)
{
  g_return_val_if_fail (RDX_IS_DEBUGGER_WINDOW (self), NULL);

  return self->test_reducer_function != NULL ? self->test_reducer_function
                                             : RDX_DEBUGGER_DEFAULT_REDUCER_FUNCTION;
}

static void
debugger_destroyed_cb (GtkWidget *debugger, GtkWindow *window)
{
  g_object_set_data (G_OBJECT (window), "rdx-debugger-window", NULL);
}

static void
app_window_destroyed_cb (GtkWidget *window, gpointer user_data)
{
  GtkWindow *debugger = g_object_get_data (G_OBJECT (window), "rdx-debugger-window");

  if (debugger != NULL)
    gtk_window_destroy (debugger);
}

static void
open_debugger_cb (GSimpleAction *action, GVariant *parameter, GtkWindow *window)
{
  GtkWindow  *debugger = g_object_get_data (G_OBJECT (window), "rdx-debugger-window");
  RdxHistory *history = g_object_get_data (G_OBJECT (window), "rdx-debugger-history");

  if (debugger == NULL)
    {
      debugger = GTK_WINDOW (rdx_debugger_window_new (history));
      gtk_window_set_application (debugger, gtk_window_get_application (window));
      g_object_set_data (G_OBJECT (window), "rdx-debugger-window", debugger);
      g_signal_connect_object (debugger, "destroy", G_CALLBACK (debugger_destroyed_cb), window, 0);
    }
  gtk_window_present (debugger);
}

/**
 * rdx_debugger_add_window_action:
 * @window: an application's window
 * @history: the application's history
 *
 * Gives @window the `win.debugger` action, which opens (or raises) the
 * debugger on @history, and its shortcut Ctrl+Shift+D: the one call an
 * application makes for its debugger. The debugger window belongs to
 * @window's application and is closed with @window.
 */
void
rdx_debugger_add_window_action (GtkApplicationWindow *window, RdxHistory *history)
{
  g_autoptr (GSimpleAction) action = g_simple_action_new ("debugger", NULL);
  GtkEventController *controller = gtk_shortcut_controller_new ();

  g_return_if_fail (GTK_IS_APPLICATION_WINDOW (window));
  g_return_if_fail (RDX_IS_HISTORY (history));

  g_object_set_data_full (G_OBJECT (window), "rdx-debugger-history", g_object_ref (history),
                          g_object_unref);
  g_signal_connect_object (action, "activate", G_CALLBACK (open_debugger_cb), window, 0);
  g_signal_connect (window, "destroy", G_CALLBACK (app_window_destroyed_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>d"),
                      gtk_named_action_new ("win.debugger")));
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  /* GtkWindow binds Ctrl+Shift+D to the GTK Inspector, and Debian enables
   * that binding by default (org.gtk.gtk4.Settings.Debug
   * enable-inspector-keybinding): in the capture phase, the window's own
   * shortcut comes first. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}
