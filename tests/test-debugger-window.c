/* test-debugger-window.c: the time-travel debugger window on a live store
 * (suite ui)
 *
 * usage: test-debugger-window SOURCE_ROOT BUILD_ROOT CC
 * (the last two compile the test the window generates)
 *
 * With RDX_SCREENSHOT_DIR set, the window is saved as PNG files there at
 * each view (tools/screenshots copies them into docs/).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "debugger/todo-reducers.h"
#include "rdx-debugger-window-private.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

static const char *source_root;
static const char *build_root;
static const char *compiler;

typedef struct
{
  RdxHistory        *history;
  RdxStore          *store;
  RdxDebuggerWindow *window;
} Fixture;

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
screenshot (Fixture *f, const char *name)
{
  const char      *dir = g_getenv ("RDX_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  iterate (300);
  path = g_build_filename (dir, name, NULL);
  assert_true (rdx_debugger_save_png (GTK_WIDGET (f->window), path, &error));
}

static gboolean
try_dispatch (Fixture *f, const char *type, const char *json)
{
  g_autoptr (RdxValue) payload = json != NULL ? rdx_value_from_json (json, -1, NULL) : NULL;
  g_autoptr (GError) error = NULL;

  return rdx_store_dispatch_take (f->store, rdx_action_new (type, payload), &error);
}

static void
dispatch (Fixture *f, const char *type, const char *json)
{
  assert_true (try_dispatch (f, type, json));
}

static void
fixture_open (Fixture *f, RdxReducer *reducer)
{
  f->history = rdx_history_new (TODO_TEST_APP_ID);
  f->store =
    rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (f->history), NULL);
  f->window = rdx_debugger_window_new (f->history);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate (100);
}

static void
fixture_open_todo (Fixture *f)
{
  g_autoptr (RdxReducer) reducer = todo_reducer_new ();

  fixture_open (f, reducer);
  dispatch (f, "todos.add", "\"Buy milk\"");
  dispatch (f, "todos.add", "\"Write the report\"");
  dispatch (f, "ui.panel", "\"details\"");
  dispatch (f, "todos.toggle", "1");
  assert_false (try_dispatch (f, "todos.toggle", "7")); /* refused: no such to-do */
  dispatch (f, "todos.add", "\"Call the bank\"");
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate (50);
  rdx_test_finalize (&f->window);
  rdx_test_finalize (&f->store);
  rdx_test_finalize (&f->history);
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->window->rows));
}

static void
activate (Fixture *f, const char *action)
{
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
}

/* Whether the window's action @name is enabled: a button in the window
 * with that action is sensitive exactly then. */
static gboolean
action_enabled (Fixture *f, const char *name)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (f->window->status_label));
  GtkWidget *button = gtk_button_new_with_label ("probe");
  gboolean   enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
  gtk_box_append (GTK_BOX (box), button);
  enabled = gtk_widget_get_sensitive (button);
  gtk_box_remove (GTK_BOX (box), button);
  return enabled;
}

static const char *
label_text (GtkLabel *label)
{
  return gtk_label_get_text (label);
}

/* The first widget under @widget of type @type, showing @text when it is
 * an inscription, or NULL. */
static GtkWidget *
find_widget (GtkWidget *widget, GType type, const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (text == NULL || g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether @widget has a tooltip to show now. */
static gboolean
query_tooltip (GtkWidget *widget)
{
  GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean    shown = FALSE;

  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_object_unref (tooltip);
  return shown && gtk_widget_get_has_tooltip (widget);
}

/* Select, jump (the app shows the past state), step. */
static void
test_select_jump_step (void **state)
{
  Fixture   f = { 0 };
  RdxValue *past;

  fixture_open_todo (&f);
  assert_int_equal (n_rows (&f), 7);
  assert_int_equal (rdx_history_get_cursor (f.history), 6);
  /* The selection follows the cursor while it is on the cursor's row. */
  assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (f.window->selection), 6));
  assert_non_null (strstr (label_text (f.window->action_details), "Entry 6: todos.add"));
  assert_non_null (strstr (label_text (f.window->status_label), "7 entries"));

  /* The refused toggle is marked in the list and explained. */
  rdx_debugger_window_select_position (f.window, 5);
  assert_non_null (strstr (label_text (f.window->action_details), "There is no such to-do"));
  assert_non_null (strstr (label_text (f.window->action_details), "Refused by the reducer: "));
  /* Its type cell has the error as its tooltip; the others have none, and
   * the cost strip tells its figures. */
  {
    GtkWidget *list = GTK_WIDGET (f.window->action_list);
    GtkWidget *failed = find_widget (list, GTK_TYPE_INSCRIPTION, "⚠ todos.toggle");
    GtkWidget *applied = find_widget (list, GTK_TYPE_INSCRIPTION, "ui.panel");

    assert_non_null (failed);
    assert_non_null (applied);
    assert_true (query_tooltip (failed));
    assert_false (query_tooltip (applied));
    assert_true (query_tooltip (find_widget (list, GTK_TYPE_DRAWING_AREA, NULL)));
  }

  rdx_debugger_window_select_position (f.window, 2);
  activate (&f, "win.jump-selected");
  assert_int_equal (rdx_history_get_cursor (f.history), 2);
  past = rdx_history_entry_get_state (rdx_history_get_entry (f.history, 2));
  assert_ptr_equal (rdx_store_get_state (f.store), past);
  assert_non_null (strstr (label_text (f.window->status_label), "cursor at 2 (the past)"));
  assert_int_equal ((int) gtk_adjustment_get_value (f.window->timeline_adjustment), 2);

  activate (&f, "win.step-back");
  assert_int_equal (rdx_history_get_cursor (f.history), 1);
  activate (&f, "win.step-forward");
  activate (&f, "win.step-forward");
  assert_int_equal (rdx_history_get_cursor (f.history), 3);
  /* The slider jumps too. */
  gtk_adjustment_set_value (f.window->timeline_adjustment, 5);
  assert_int_equal (rdx_history_get_cursor (f.history), 5);
  activate (&f, "win.jump-present");
  assert_int_equal (rdx_history_get_cursor (f.history), 6);
  assert_false (action_enabled (&f, "win.step-forward"));
  assert_true (action_enabled (&f, "win.step-back"));
  fixture_close (&f);
}

/* Opened on a long history, the list shows the cursor's row (the present,
 * the last), not the first rows. */
static void
test_opens_at_the_cursor (void **state)
{
  g_autoptr (RdxReducer) reducer = todo_reducer_new ();
  Fixture        f = { 0 };
  GtkAdjustment *scroll;

  f.history = rdx_history_new (TODO_TEST_APP_ID);
  f.store =
    rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (f.history), NULL);
  for (guint i = 0; i < 300; i++)
    dispatch (&f, "todos.add", "\"x\"");
  f.window = rdx_debugger_window_new (f.history);
  g_object_ref_sink (f.window);
  gtk_window_present (GTK_WINDOW (f.window));
  scroll = gtk_scrolled_window_get_vadjustment (f.window->action_scroller);
  assert_true (rdx_test_iterate_until (
    gtk_adjustment_get_upper (scroll) > gtk_adjustment_get_page_size (scroll), 2000));
  iterate (100);
  assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (f.window->selection), 300));
  /* Scrolled to the end: the last row is in view. */
  assert_true (gtk_adjustment_get_value (scroll) + gtk_adjustment_get_page_size (scroll) >=
               gtk_adjustment_get_upper (scroll) - 1);
  assert_true (gtk_adjustment_get_value (scroll) > 0);
  fixture_close (&f);
}

static void
test_toggle_and_reorder (void **state)
{
  Fixture          f = { 0 };
  g_autofree char *json = NULL;

  fixture_open_todo (&f);
  /* Skip "Buy milk": "Write the report" gets id 1, which the toggle then
   * marks done, and "Call the bank" id 2. */
  rdx_debugger_window_select_position (f.window, 1);
  activate (&f, "win.toggle");
  assert_true (rdx_history_entry_get_skipped (rdx_history_get_entry (f.history, 1)));
  assert_false (rdx_history_entry_get_failed (rdx_history_get_entry (f.history, 4)));
  assert_true (rdx_history_entry_get_failed (rdx_history_get_entry (f.history, 5)));
  rdx_debugger_window_select_position (f.window, 5);
  screenshot (&f, "debugger-list.png");
  rdx_debugger_window_select_position (f.window, 1);
  json = rdx_value_to_json (rdx_map_get (rdx_store_get_state (f.store), "todos"));
  assert_string_equal (json,
                       "{\"filter\":\"all\",\"items\":{\"1\":{\"done\":true,\"id\":1,\"title\":"
                       "\"Write the report\"},\"2\":{\"done\":false,\"id\":2,\"title\":"
                       "\"Call the bank\"}},\"next_id\":3}");
  activate (&f, "win.toggle");
  assert_false (rdx_history_entry_get_skipped (rdx_history_get_entry (f.history, 1)));

  /* Move the last add up one place, and back: Alt+Up, Alt+Down. */
  rdx_debugger_window_select_position (f.window, 6);
  activate (&f, "win.move-up");
  assert_string_equal (rdx_history_entry_get_action_type (rdx_history_get_entry (f.history, 5)),
                       "todos.add");
  assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (f.window->selection), 5));
  activate (&f, "win.move-down");
  assert_string_equal (rdx_history_entry_get_action_type (rdx_history_get_entry (f.history, 6)),
                       "todos.add");

  /* The base cannot be toggled: the action is off. */
  rdx_debugger_window_select_position (f.window, 0);
  assert_false (action_enabled (&f, "win.toggle"));

  /* Sweep, commit, revert, reset. */
  rdx_debugger_window_select_position (f.window, 3);
  activate (&f, "win.toggle");
  activate (&f, "win.sweep");
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 6);
  activate (&f, "win.commit");
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 1);
  dispatch (&f, "todos.add", "\"x\"");
  activate (&f, "win.revert");
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 1);
  activate (&f, "win.reset");
  g_free (json);
  json = rdx_value_to_json (rdx_store_get_state (f.store));
  assert_string_equal (json, "{\"todos\":{\"filter\":\"all\",\"items\":{},\"next_id\":1},"
                             "\"ui\":{\"panel\":\"list\"}}");
  fixture_close (&f);
}

static void
test_filter (void **state)
{
  Fixture f = { 0 };

  fixture_open_todo (&f);
  gtk_editable_set_text (GTK_EDITABLE (f.window->filter_entry), "TOGGLE");
  assert_true (rdx_test_iterate_until (n_rows (&f) == 3, 2000)); /* the base, two toggles */
  assert_int_equal (rdx_debugger_rows_get_position (f.window->rows, 1), 4);
  /* The list follows recording through the filter. */
  dispatch (&f, "todos.toggle", "2");
  assert_int_equal (n_rows (&f), 4);
  assert_int_equal (rdx_debugger_rows_get_position (f.window->rows, 3), 7);

  gtk_check_button_set_active (f.window->regex_check, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (f.window->filter_entry), "^todos\\.(add|remove)$");
  assert_true (rdx_test_iterate_until (n_rows (&f) == 4, 2000));
  /* A bad expression typed on. */
  {
    int end = -1;

    gtk_editable_insert_text (GTK_EDITABLE (f.window->filter_entry), "(", -1, &end);
  }
  assert_true (
    rdx_test_iterate_until (gtk_revealer_get_reveal_child (f.window->message_revealer), 2000));
  assert_non_null (strstr (label_text (f.window->message_label), "not a regular expression"));
  assert_int_equal (n_rows (&f), 4); /* the filter stayed as it was */

  gtk_editable_set_text (GTK_EDITABLE (f.window->filter_entry), "");
  gtk_check_button_set_active (f.window->hide_ui_check, TRUE);
  assert_true (rdx_test_iterate_until (n_rows (&f) == 7, 2000)); /* 8 entries, one ui. */
  fixture_close (&f);
}

static void
test_play (void **state)
{
  Fixture f = { 0 };

  fixture_open_todo (&f);
  gtk_drop_down_set_selected (f.window->speed_dropdown, 4); /* ×8: 16 entries a second */
  activate (&f, "win.play");
  /* At the present, play starts from the base. */
  assert_int_equal (rdx_history_get_cursor (f.history), 0);
  assert_true (rdx_test_iterate_until (rdx_history_get_cursor (f.history) == 3, 2000));
  screenshot (&f, "debugger-timeline.png");
  assert_true (rdx_test_iterate_until (rdx_history_get_at_present (f.history), 2000));
  iterate (100);
  assert_false (f.window->play_source != 0);

  /* Pause stops it where it is. */
  activate (&f, "win.play");
  assert_true (rdx_test_iterate_until (rdx_history_get_cursor (f.history) == 2, 2000));
  activate (&f, "win.play");
  iterate (200);
  assert_int_equal (rdx_history_get_cursor (f.history), 2);
  fixture_close (&f);
}

static void
test_held_actions (void **state)
{
  Fixture f = { 0 };

  fixture_open_todo (&f);
  rdx_history_jump (f.history, 1);
  dispatch (&f, "todos.add", "\"Buy stamps\"");
  dispatch (&f, "ui.panel", "\"list\"");
  dispatch (&f, "todos.mark-all", "true");
  iterate (300);
  assert_true (gtk_revealer_get_reveal_child (f.window->held_revealer));
  assert_non_null (
    strstr (label_text (f.window->held_label), "3 actions the app dispatched are held"));
  /* The held actions themselves, in the order they will apply. */
  assert_string_equal (label_text (f.window->held_actions), "1. todos.add  \"Buy stamps\"\n"
                                                            "2. ui.panel  \"list\"\n"
                                                            "3. todos.mark-all  true");
  screenshot (&f, "debugger-held.png");
  /* A long queue is cut short; a long payload too. */
  dispatch (&f, "todos.add",
            "\"Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"");
  for (guint i = 0; i < 3; i++)
    dispatch (&f, "todos.toggle", "1");
  assert_int_equal (rdx_history_get_n_held (f.history), 7);
  assert_string_equal (
    label_text (f.window->held_actions),
    "1. todos.add  \"Buy stamps\"\n"
    "2. ui.panel  \"list\"\n"
    "3. todos.mark-all  true\n"
    "4. todos.add  \"Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\n"
    "5. todos.toggle  1\n"
    "… and 2 more");
  activate (&f, "win.discard-held");
  assert_int_equal (rdx_history_get_n_held (f.history), 0);
  assert_false (gtk_revealer_get_reveal_child (f.window->held_revealer));

  dispatch (&f, "todos.add", "\"applied\"");
  activate (&f, "win.jump-present"); /* Apply */
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 8);

  /* Lock and pause are toggle buttons on the history. */
  activate (&f, "win.lock");
  assert_true (rdx_history_get_locked (f.history));
  assert_false (rdx_store_dispatch_take (f.store, rdx_action_new ("todos.add", NULL), NULL));
  activate (&f, "win.lock");
  activate (&f, "win.pause");
  assert_true (rdx_history_get_paused (f.history));
  activate (&f, "win.pause");
  assert_false (rdx_history_get_paused (f.history));

  gtk_spin_button_set_value (f.window->bound_spin, 3);
  assert_int_equal (rdx_history_get_max_entries (f.history), 3);
  fixture_close (&f);
}

static void
test_inspector (void **state)
{
  Fixture           f = { 0 };
  GtkColumnView    *view;
  GtkTreeListModel *tree;
  g_autoptr (GtkTreeListRow) todos = NULL;

  fixture_open_todo (&f);
  rdx_debugger_window_select_position (f.window, 4);
  gtk_stack_set_visible_child_name (f.window->inspector_stack, "diff");
  assert_string_equal (label_text (f.window->diff_title), "Entry 4 (todos.toggle) changed 1 path:");
  assert_int_equal (
    g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (f.window->diff_list))), 1);
  {
    g_autoptr (GtkStringObject) line =
      g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (f.window->diff_list)), 0);

    assert_string_equal (gtk_string_object_get_string (line), "/todos/items/1/done   false → true");
  }
  screenshot (&f, "debugger-diff.png");

  gtk_stack_set_visible_child_name (f.window->inspector_stack, "json");
  assert_non_null (strstr (label_text (f.window->json_note), "Canonical JSON"));

  gtk_stack_set_visible_child_name (f.window->inspector_stack, "state");
  view = f.window->state_view;
  tree = GTK_TREE_LIST_MODEL (
    gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_column_view_get_model (view))));
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (tree)), 2); /* todos, ui */
  todos = gtk_tree_list_model_get_row (tree, 0);
  gtk_tree_list_row_set_expanded (todos, TRUE);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (tree)), 5); /* filter, items, next_id */
  {
    g_autoptr (GtkTreeListRow) items = gtk_tree_list_model_get_row (tree, 2);
    g_autoptr (RdxDebuggerNode) node = gtk_tree_list_row_get_item (items);

    assert_string_equal (rdx_debugger_node_get_path (node), "/todos/items");
    gtk_tree_list_row_set_expanded (items, TRUE);
  }
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (tree)), 7); /* two to-dos */
  screenshot (&f, "debugger-tree.png");
  /* Stepping keeps what is expanded. */
  rdx_debugger_window_select_position (f.window, 6);
  tree = GTK_TREE_LIST_MODEL (
    gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_column_view_get_model (view))));
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (tree)), 8); /* three */
  fixture_close (&f);
}

/* A 100,000-element list: expanding it makes its rows on demand. */
static void
test_lazy_tree (void **state)
{
  g_autoptr (RdxListBuilder) builder = rdx_list_builder_new (NULL);
  g_autoptr (RdxValue) big = NULL;
  g_autoptr (GtkTreeListModel) tree = NULL;
  g_autoptr (GtkTreeListRow) row = NULL;
  g_autoptr (GtkTreeListRow) last = NULL;
  g_autoptr (RdxDebuggerNode) node = NULL;

  for (gint64 i = 0; i < 100000; i++)
    rdx_list_builder_append_take (builder, rdx_value_new_int (i));
  big = rdx_map_new_take ("rows", rdx_list_builder_end (g_steal_pointer (&builder)), NULL);
  tree = rdx_debugger_tree_new (big);
  row = gtk_tree_list_model_get_row (tree, 0);
  gtk_tree_list_row_set_expanded (row, TRUE);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (tree)), 100001);
  last = gtk_tree_list_model_get_row (tree, 100000);
  node = gtk_tree_list_row_get_item (last);
  assert_string_equal (rdx_debugger_node_get_key (node), "[99999]");
  assert_string_equal (rdx_debugger_node_get_path (node), "/rows/99999");
  assert_int_equal (rdx_value_get_int (rdx_debugger_node_get_value (node)), 99999);
}

/* The completion's types, in its order. */
static char *
completion_types (Fixture *f)
{
  GtkTreeModel *model = GTK_TREE_MODEL (f->window->completion_types);
  GString      *types = g_string_new (NULL);
  GtkTreeIter   iter;

  for (gboolean more = gtk_tree_model_get_iter_first (model, &iter); more;
       more = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *type = NULL;

      gtk_tree_model_get (model, &iter, 0, &type, -1);
      g_string_append_printf (types, "%s%s", types->len > 0 ? " " : "", type);
    }
  return g_string_free (types, FALSE);
}

/* Every row of @tree, one a line: depth, key, path, summary, and "+"
 * when expanded. */
static char *
tree_dump (GtkTreeListModel *tree)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (tree)); i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, i);
      g_autoptr (RdxDebuggerNode) node = gtk_tree_list_row_get_item (row);
      g_autofree char *summary = rdx_debugger_node_dup_summary (node);

      g_string_append_printf (out, "%u %s %s %s%s\n", gtk_tree_list_row_get_depth (row),
                              rdx_debugger_node_get_key (node), rdx_debugger_node_get_path (node),
                              summary, gtk_tree_list_row_get_expanded (row) ? " +" : "");
    }
  return g_string_free (out, FALSE);
}

/* Expands the rows of @tree at @paths (space-separated, outer ones first). */
static void
tree_expand (GtkTreeListModel *tree, const char *paths)
{
  g_auto (GStrv) each = g_strsplit (paths, " ", -1);

  for (guint p = 0; each[p] != NULL; p++)
    for (guint i = 0; *each[p] != '\0' && i < g_list_model_get_n_items (G_LIST_MODEL (tree)); i++)
      {
        g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (tree, i);
        g_autoptr (RdxDebuggerNode) node = gtk_tree_list_row_get_item (row);

        if (g_str_equal (rdx_debugger_node_get_path (node), each[p]))
          gtk_tree_list_row_set_expanded (row, TRUE);
      }
}

static void
count_items_changed_cb (GListModel *model, guint position, guint removed, guint added, guint *rows)
{
  *rows += removed + added;
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, guint *count)
{
  ++*count;
}

/* The tree follows the state from step to step at the cost of what
 * changed, and shows what a tree made for the new state would show, with
 * the same rows expanded. */
static void
test_tree_update (void **state)
{
  static const struct
  {
    const char *state;
    const char *expanded; /* what stays expanded after the update */
  } steps[] = {
    /* A scalar in an expanded map changes; one under a key that JSON
     * Pointer escapes. */
    { "{\"a\":{\"x\":2,\"y\":[1,2,3]},\"b\":[{\"id\":1},{\"id\":2}],\"c\":5,\"p/"
      "q~\":{\"v\":2},\"z\":{\"k\":true}}",
      "/a /a/y /b /b/1 /p~1q~0 /z" },
    /* A key added to an expanded map, one removed at the top. */
    { "{\"a\":{\"w\":0,\"x\":2,\"y\":[1,2,3]},\"b\":[{\"id\":1},{\"id\":2}],\"c\":5,\"p/"
      "q~\":{\"v\":2}}",
      "/a /a/y /b /b/1 /p~1q~0" },
    /* An expanded list grows; a map inside one of its elements changes. */
    { "{\"a\":{\"w\":0,\"x\":2,\"y\":[1,2,3,4]},\"b\":[{\"id\":1},{\"id\":7}],\"c\":5,\"p/"
      "q~\":{\"v\":2}}",
      "/a /a/y /b /b/1 /p~1q~0" },
    /* A scalar becomes a map; an expanded list loses its first element. */
    { "{\"a\":{\"w\":0,\"x\":2,\"y\":[2,3,4]},\"b\":[{\"id\":1},{\"id\":7}],\"c\":{\"n\":1},\"p/"
      "q~\":{\"v\":2}}",
      "/a /a/y /b /b/1 /p~1q~0" },
    /* An expanded list becomes empty: its row is made again, collapsed. */
    { "{\"a\":{\"w\":0,\"x\":2,\"y\":[2,3,4]},\"b\":[],\"c\":{\"n\":1},\"p/q~\":{\"v\":2}}",
      "/a /a/y /p~1q~0" },
    /* Keys added at both ends. */
    { "{\"0\":1,\"a\":{\"w\":0,\"x\":2,\"y\":[2,3,4]},\"b\":[],\"c\":{\"n\":1},\"d\":1,\"e\":2,\"p/"
      "q~\":{\"v\":2}}",
      "/a /a/y /p~1q~0" },
  };
  g_autoptr (RdxValue) first =
    rdx_test_value ("{\"a\":{\"x\":1,\"y\":[1,2,3]},\"b\":[{\"id\":1},{\"id\":2}],\"c\":5,"
                    "\"p/q~\":{\"v\":1},\"z\":{\"k\":true}}");
  g_autoptr (GtkTreeListModel) tree = rdx_debugger_tree_new (first);
  g_autoptr (GtkTreeListRow) c_row = NULL;
  g_autoptr (GtkTreeListRow) x_row = NULL;
  g_autoptr (RdxDebuggerNode) x_node = NULL;
  guint changed_rows = 0;
  guint x_notified = 0;

  tree_expand (tree, "/a /a/y /b /b/1 /p~1q~0 /z");
  c_row = gtk_tree_list_model_get_row (tree, 10); /* /c */
  x_row = gtk_tree_list_model_get_row (tree, 1);  /* /a/x, its node alive */
  x_node = gtk_tree_list_row_get_item (x_row);
  assert_string_equal (rdx_debugger_node_get_path (x_node), "/a/x");
  g_signal_connect (tree, "items-changed", G_CALLBACK (count_items_changed_cb), &changed_rows);
  g_signal_connect (x_node, "notify::value", G_CALLBACK (count_notify_cb), &x_notified);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr (RdxValue) next = rdx_test_value (steps[i].state);
      g_autoptr (GtkTreeListModel) fresh = rdx_debugger_tree_new (next);
      g_autofree char *updated_rows = NULL;
      g_autofree char *fresh_rows = NULL;

      assert_true (rdx_debugger_tree_update (tree, next));
      tree_expand (fresh, steps[i].expanded);
      updated_rows = tree_dump (tree);
      fresh_rows = tree_dump (fresh);
      if (!g_str_equal (updated_rows, fresh_rows))
        fail_msg ("step %u: the updated tree shows\n%s\nand a new one\n%s", i, updated_rows,
                  fresh_rows);
      if (i == 0)
        {
          g_autoptr (GtkTreeListRow) again = gtk_tree_list_model_get_row (tree, 10);

          /* One value changed: no row made again, the node told. */
          assert_int_equal (changed_rows, 0);
          assert_int_equal (x_notified, 1);
          assert_int_equal (rdx_value_get_int (rdx_debugger_node_get_value (x_node)), 2);
          assert_ptr_equal (again, c_row);
        }
    }
  /* A root of another kind cannot be followed. */
  {
    g_autoptr (RdxValue) list = rdx_test_value ("[1]");

    assert_false (rdx_debugger_tree_update (tree, list));
  }
  g_signal_handlers_disconnect_by_data (x_node, &x_notified);
}

static void
test_dispatch_box (void **state)
{
  Fixture          f = { 0 };
  GtkTextBuffer   *buffer;
  g_autofree char *types = NULL;
  g_autofree char *json = NULL;

  fixture_open_todo (&f);
  /* The completion offers the types seen and the types the slices
   * declare (todos.remove, .mark-all and .filter were never dispatched),
   * from when the box has focus. */
  gtk_widget_grab_focus (GTK_WIDGET (f.window->type_entry));
  iterate (50);
  types = completion_types (&f);
  assert_string_equal (types,
                       "todos.add todos.filter todos.mark-all todos.remove todos.toggle ui.panel");

  assert_false (action_enabled (&f, "win.dispatch")); /* no type yet */
  assert_false (gtk_widget_get_visible (GTK_WIDGET (f.window->payload_schema)));
  gtk_editable_set_text (GTK_EDITABLE (f.window->type_entry), "todos.add");
  /* A declared type: what it expects is said under the payload and in its
   * tooltip. */
  assert_true (gtk_widget_get_visible (GTK_WIDGET (f.window->payload_schema)));
  assert_string_equal (label_text (f.window->payload_schema),
                       "Expected payload: string 1..200 (a non-empty string of at most 200 "
                       "characters)");
  assert_string_equal (gtk_widget_get_tooltip_text (GTK_WIDGET (f.window->payload_view)),
                       label_text (f.window->payload_schema));
  /* A blank payload is null, which the schema refuses. */
  assert_string_equal (label_text (f.window->payload_error),
                       "todos.add: the payload must be a non-empty string of at most 200 "
                       "characters, got null");
  assert_false (action_enabled (&f, "win.dispatch"));

  buffer = gtk_text_view_get_buffer (f.window->payload_view);
  gtk_text_buffer_set_text (buffer, "{\"title\": \"Buy", -1);
  assert_non_null (strstr (label_text (f.window->payload_error), "The payload is not JSON"));
  assert_false (action_enabled (&f, "win.dispatch"));
  /* Lenient json-glib would take comments; the box does not. */
  gtk_text_buffer_set_text (buffer, "\"Buy bread\" // a comment", -1);
  assert_non_null (strstr (label_text (f.window->payload_error), "The payload is not JSON"));
  assert_false (action_enabled (&f, "win.dispatch"));

  /* JSON that does not fit the schema: the schema's error, and no
   * Dispatch. */
  gtk_text_buffer_set_text (buffer, "{\"title\": \"Buy bread\"}", -1);
  assert_string_equal (label_text (f.window->payload_error),
                       "todos.add: the payload must be a non-empty string of at most 200 "
                       "characters, got a map");
  assert_false (action_enabled (&f, "win.dispatch"));
  screenshot (&f, "debugger-dispatch.png");
  /* Dispatching anyway (Ctrl+Return) does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.dispatch", NULL);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 7);

  gtk_text_buffer_set_text (buffer, "\"Buy bread\"", -1);
  assert_string_equal (label_text (f.window->payload_error), "");
  assert_true (action_enabled (&f, "win.dispatch"));
  activate (&f, "win.dispatch");
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 8);
  assert_string_equal (rdx_history_entry_get_action_type (rdx_history_get_entry (f.history, 7)),
                       "todos.add");
  assert_null (rdx_history_entry_get_error (rdx_history_get_entry (f.history, 7)));
  json = rdx_value_to_json (rdx_value_get_path (rdx_store_get_state (f.store), "/todos/items/4"));
  assert_string_equal (json, "{\"done\":false,\"id\":4,\"title\":\"Buy bread\"}");

  /* Another slice's type and schema. */
  gtk_editable_set_text (GTK_EDITABLE (f.window->type_entry), "ui.panel");
  gtk_text_buffer_set_text (buffer, "\"sideways\"", -1);
  assert_string_equal (label_text (f.window->payload_error),
                       "ui.panel: the payload must be \"list\" or \"details\", got "
                       "\"sideways\"");
  assert_false (action_enabled (&f, "win.dispatch"));

  /* A type no slice declares is said, and may still be dispatched. */
  gtk_editable_set_text (GTK_EDITABLE (f.window->type_entry), "todos.archive");
  assert_string_equal (label_text (f.window->payload_schema),
                       "The app's reducer declares no “todos.archive”: it may change nothing.");
  assert_string_equal (label_text (f.window->payload_error), "");
  assert_true (action_enabled (&f, "win.dispatch"));

  /* A private type is refused by the history, and the box says so. */
  gtk_text_buffer_set_text (buffer, "", -1);
  gtk_editable_set_text (GTK_EDITABLE (f.window->type_entry), "@@rdx/INIT");
  activate (&f, "win.dispatch");
  assert_non_null (strstr (label_text (f.window->payload_error), "@@rdx/"));
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 8);
  fixture_close (&f);
}

/* An impure reducer: each run adds one more than the last. */
static RdxValue *
impure_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  gint64 *runs = user_data;

  if (state == NULL)
    return rdx_value_new_int (0);
  if (!rdx_action_is (action, "count"))
    return rdx_value_ref (state);
  return rdx_value_new_int (rdx_value_get_int (state) + ++*runs);
}

static void
test_replay_check (void **state)
{
  Fixture f = { 0 };
  gint64  runs = 0;
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (impure_reduce, &runs, NULL);

  fixture_open (&f, reducer);
  dispatch (&f, "count", NULL);
  dispatch (&f, "count", NULL);
  rdx_debugger_window_select_position (f.window, 0);
  activate (&f, "win.check-replay");
  assert_non_null (strstr (label_text (f.window->message_label), "Entry 1"));
  assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (f.window->selection), 1));
  assert_string_equal (gtk_stack_get_visible_child_name (f.window->inspector_stack), "diff");
  assert_non_null (strstr (label_text (f.window->diff_title), "Replay check: entry 1"));
  {
    g_autoptr (GtkStringObject) line =
      g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (f.window->diff_list)), 0);

    assert_string_equal (gtk_string_object_get_string (line), "(root)   1 → 3");
  }
  screenshot (&f, "debugger-replay-check.png");
  fixture_close (&f);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (build_root, "tests", name, NULL);
}

static void
test_import_export (void **state)
{
  Fixture          f = { 0 };
  g_autofree char *fixture_path =
    g_build_filename (source_root, "tests", "debugger", "todo-session.redux.json", NULL);
  g_autoptr (GFile) fixture = g_file_new_for_path (fixture_path);
  g_autofree char *export_path = tmp_path ("debugger-export.rdx-history.json");
  g_autoptr (GFile) exported = g_file_new_for_path (export_path);
  g_autofree char *bad_path = tmp_path ("debugger-bad.json");
  g_autoptr (GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_open_todo (&f);
  assert_true (rdx_debugger_window_import_file (f.window, fixture, &error));
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 4);
  assert_non_null (
    strstr (label_text (f.window->message_label), "Imported todo-session.redux.json"));
  before = rdx_value_to_json (rdx_store_get_state (f.store));
  assert_string_equal (before,
                       "{\"todos\":{\"filter\":\"all\",\"items\":{\"1\":{\"done\":true,"
                       "\"id\":1,\"title\":\"Fixture\"},\"2\":{\"done\":false,\"id\":2,"
                       "\"title\":\"Second\"}},\"next_id\":3},\"ui\":{\"panel\":\"list\"}}");

  /* Export, change the history, import the export again. */
  rdx_history_toggle (f.history, 2);
  assert_true (
    rdx_debugger_window_export_file (f.window, RDX_DEBUGGER_EXPORT_RDX, exported, &error));
  activate (&f, "win.reset");
  assert_true (rdx_debugger_window_import_file (f.window, exported, &error));
  assert_true (rdx_history_entry_get_skipped (rdx_history_get_entry (f.history, 2)));
  after = rdx_value_to_json (rdx_store_get_state (f.store));
  assert_string_equal (after, "{\"todos\":{\"filter\":\"all\",\"items\":{\"1\":{\"done\":true,"
                              "\"id\":1,\"title\":\"Fixture\"}},\"next_id\":2},"
                              "\"ui\":{\"panel\":\"list\"}}");

  /* A damaged file is refused and changes nothing. */
  assert_true (g_file_set_contents (bad_path, "{\"format\":\"rdx-history\",", -1, NULL));
  assert_false (rdx_debugger_window_import_file (f.window, bad, &error));
  assert_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.history)), 4);
  g_unlink (export_path);
  g_unlink (bad_path);
  fixture_close (&f);
}

/* The window on an application whose store the journal made: a skip at
 * the present is journaled as the state the app goes on from, and the
 * journal, opened afterwards in the window (as rdx-debugger does), shows
 * that event and replays exactly as recorded. */
static void
test_journal_with_time_travel (void **state)
{
  Fixture f = { 0 };
  g_autoptr (RdxReducer) reducer = todo_reducer_new ();
  g_autoptr (RdxJournalOptions) options = rdx_journal_options_new (TODO_TEST_APP_ID, reducer);
  g_autofree char *path = tmp_path ("debugger-edited.journal");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *reopened = NULL;
  RdxJournal      *journal;
  RdxMiddleware   *outer[1];

  g_unlink (path);
  journal = rdx_journal_open (path, options, &error);
  assert_non_null (journal);
  f.history = rdx_history_new (TODO_TEST_APP_ID);
  outer[0] = rdx_history_get_middleware (f.history);
  f.store = rdx_journal_new_store (journal, outer, 1);
  f.window = rdx_debugger_window_new (f.history);
  g_object_ref_sink (f.window);
  gtk_window_present (GTK_WINDOW (f.window));
  dispatch (&f, "todos.add", "\"Buy milk\"");
  dispatch (&f, "todos.add", "\"Write the report\"");
  dispatch (&f, "todos.toggle", "2");
  rdx_debugger_window_select_position (f.window, 1);
  activate (&f, "win.toggle");
  dispatch (&f, "todos.add", "\"Call the bank\"");
  shown = rdx_value_to_json (rdx_store_get_state (f.store));
  assert_true (rdx_journal_close (journal, &error));
  fixture_close (&f);
  g_object_unref (journal);

  fixture_open (&f, reducer);
  assert_true (rdx_debugger_window_import_file (f.window, file, &error));
  assert_null (error);
  assert_non_null (strstr (label_text (f.window->message_label), "each as recorded"));
  assert_int_equal (n_rows (&f), 6);
  assert_string_equal (rdx_history_entry_get_action_type (rdx_history_get_entry (f.history, 4)),
                       RDX_ACTION_STATE_REPLACED);
  reopened = rdx_value_to_json (rdx_store_get_state (f.store));
  assert_string_equal (reopened, shown);
  assert_true (rdx_history_check_replay (f.history, NULL, NULL, &error));
  rdx_debugger_window_select_position (f.window, 4);
  assert_non_null (strstr (label_text (f.window->action_details), RDX_ACTION_STATE_REPLACED));
  fixture_close (&f);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strconcat (path, (const char *[]){ "", "-wal", "-shm" }[i], NULL);

      g_unlink (name);
    }
}

static void
test_generated_test (void **state)
{
  Fixture          f = { 0 };
  g_autofree char *path = tmp_path ("test-generated-session.c");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *script =
    g_build_filename (source_root, "tests", "check-generated-test.sh", NULL);
  g_autofree char *reducers =
    g_build_filename (source_root, "tests", "debugger", "todo-reducers.c", NULL);
  g_autofree char *slice =
    g_build_filename (source_root, "docs", "examples", "todo", "todo-reducer.c", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *source = NULL;
  g_autofree char *broken = NULL;
  g_autoptr (GError) error = NULL;
  int         status = -1;
  const char *argv[] = { script, compiler, build_root, path, reducers, slice, NULL };

  fixture_open_todo (&f);
  rdx_debugger_window_set_test_reducer_function (f.window, "todo_reducer_new");
  /* Entries 2..5: a refusal among them, the base not included. */
  gtk_selection_model_select_range (GTK_SELECTION_MODEL (f.window->selection), 2, 4, TRUE);
  assert_true (rdx_debugger_window_export_file (f.window, RDX_DEBUGGER_EXPORT_TEST, file, &error));
  assert_true (g_file_get_contents (path, &source, NULL, NULL));
  assert_non_null (strstr (source, "entries 2 to 5"));
  assert_non_null (strstr (source, "no such to-do")); /* the refusal, which the test checks */

  assert_true (
    g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error));
  if (!g_spawn_check_wait_status (status, NULL))
    fail_msg ("the generated test failed:\n%s%s", out, err);
  assert_non_null (strstr (out, "ok 1 - test_recorded_session"));

  /* It can fail: a wrong expected state is caught. */
  broken = g_strdup (source);
  memcpy (strstr (broken, "\\\"next_id\\\":3"), "\\\"next_id\\\":9", 13);
  assert_true (g_file_set_contents (path, broken, -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  assert_true (
    g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error));
  if (g_spawn_check_wait_status (status, NULL))
    fail_msg ("the broken test passed:\n%s%s", out, err);
  if (strstr (out, "not ok 1 - test_recorded_session") == NULL)
    fail_msg ("unexpected output:\n%s%s", out, err);

  /* A name that is not a C function is refused. */
  rdx_debugger_window_set_test_reducer_function (f.window, "todo reducer");
  assert_false (rdx_debugger_window_export_file (f.window, RDX_DEBUGGER_EXPORT_TEST, file, &error));
  assert_non_null (strstr (error->message, "is not the name of a C function"));
  g_unlink (path);
  fixture_close (&f);
}

/* What an application does: one call, then Ctrl+Shift+D (win.debugger). */
static void
test_window_action (void **state)
{
  g_autoptr (RdxReducer) reducer = todo_reducer_new ();
  g_autoptr (RdxHistory) history = rdx_history_new (TODO_TEST_APP_ID);
  g_autoptr (RdxStore) store =
    rdx_store_new_with_middleware (reducer, NULL, rdx_history_get_middleware (history), NULL);
  GtkWidget *app_window = g_object_new (GTK_TYPE_APPLICATION_WINDOW, NULL);
  GtkWindow *debugger;

  rdx_debugger_add_window_action (GTK_APPLICATION_WINDOW (app_window), history);
  gtk_window_present (GTK_WINDOW (app_window));
  assert_true (gtk_widget_activate_action (app_window, "win.debugger", NULL));
  debugger = g_object_get_data (G_OBJECT (app_window), "rdx-debugger-window");
  assert_true (RDX_IS_DEBUGGER_WINDOW (debugger));
  assert_ptr_equal (rdx_debugger_window_get_history (RDX_DEBUGGER_WINDOW (debugger)), history);
  assert_true (gtk_widget_activate_action (app_window, "win.debugger", NULL));
  assert_ptr_equal (g_object_get_data (G_OBJECT (app_window), "rdx-debugger-window"), debugger);
  /* Closing the app's window closes its debugger. */
  g_object_add_weak_pointer (G_OBJECT (debugger), (gpointer *) &debugger);
  gtk_window_destroy (GTK_WINDOW (app_window));
  iterate (50);
  assert_null (debugger);
}

/* Every button shows its label (its accessible name), and every entry has
 * a visible label pointing at it. */
static void
check_labels (GtkWidget *widget, guint *n_buttons)
{
  if (GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    {
      const char *label = gtk_button_get_label (GTK_BUTTON (widget));

      if (label == NULL && GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (widget))))
        label = gtk_label_get_label (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (widget))));
      if (label == NULL || *label == '\0')
        fail_msg ("a %s in a %s without a visible label", G_OBJECT_TYPE_NAME (widget),
                  G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
      ++*n_buttons;
    }
  /* The insides of these are GTK's own, named by the label pointing at
   * the widget. */
  if (GTK_IS_TREE_VIEW (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_SPIN_BUTTON (widget) ||
      GTK_IS_WINDOW_CONTROLS (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_labels (child, n_buttons);
}

static void
test_labels (void **state)
{
  Fixture f = { 0 };
  guint   n_buttons = 0;

  fixture_open_todo (&f);
  check_labels (GTK_WIDGET (f.window), &n_buttons);
  assert_true (n_buttons >= 10);
  fixture_close (&f);
}

int
main (int argc, char *argv[])
{
  const struct CMUnitTest tests[] = {
    rdx_test_leak_checked (test_select_jump_step),
    rdx_test_leak_checked (test_opens_at_the_cursor),
    rdx_test_leak_checked (test_toggle_and_reorder),
    rdx_test_leak_checked (test_filter),
    rdx_test_leak_checked (test_play),
    rdx_test_leak_checked (test_held_actions),
    rdx_test_leak_checked (test_inspector),
    rdx_test_leak_checked (test_lazy_tree),
    rdx_test_leak_checked (test_tree_update),
    rdx_test_leak_checked (test_dispatch_box),
    rdx_test_leak_checked (test_replay_check),
    rdx_test_leak_checked (test_import_export),
    rdx_test_leak_checked (test_journal_with_time_travel),
    rdx_test_leak_checked (test_generated_test),
    cmocka_unit_test (test_window_action),
    rdx_test_leak_checked (test_labels),
  };

  if (argc != 4)
    {
      g_printerr ("usage: %s SOURCE_ROOT BUILD_ROOT CC\n", argv[0]);
      return 2;
    }
  source_root = argv[1];
  build_root = argv[2];
  compiler = argv[3];
  rdx_value_set_counting_for_testing (TRUE);
  if (!gtk_init_check ())
    return RDX_TEST_SKIP;
  return cmocka_run_group_tests (tests, NULL, NULL);
}
