/* todo-window.c: the to-do window, a view over its store, which the
 * history and the journal are attached to (the to-dos survive a restart).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "todo-window.h"
#include "todo-reducer.h"


struct _TodoWindow
{
  GtkApplicationWindow parent_instance;

  /* Template widgets */
  GtkEditable *entry;
  GtkLabel    *problem;
  GtkListView *list;

  /* Owned */
  RdxJournal *journal;
  RdxHistory *history;
  RdxStore   *store;
};

G_DEFINE_FINAL_TYPE (TodoWindow, todo_window, GTK_TYPE_APPLICATION_WINDOW)

/* Selectors */

static gboolean
is_visible (RdxValue *item, gpointer filter)
{
  const char *shown = rdx_value_get_string (filter);

  return g_str_equal (shown, "all") ||
         rdx_map_get_bool (item, "done", FALSE) == g_str_equal (shown, "done");
}

static int
by_id (RdxValue *a, RdxValue *b, gpointer user_data)
{
  return rdx_value_compare (rdx_map_get (a, "id"), rdx_map_get (b, "id"));
}

/* [items, filter] → the items to show, oldest first */
static RdxValue *
select_visible (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  g_autoptr (RdxValue) shown = rdx_map_filter (inputs[0], is_visible, inputs[1]);

  return rdx_map_sort (shown, by_id, NULL);
}

static gboolean
is_active (RdxValue *item, gpointer user_data)
{
  return !rdx_map_get_bool (item, "done", FALSE);
}

/* [items] → whether there are to-dos and all are done */
static RdxValue *
select_all_done (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  return rdx_value_new_bool (rdx_map_size (inputs[0]) > 0 &&
                             rdx_map_find (inputs[0], is_active, NULL, NULL) == NULL);
}

/* The view: widgets read the state through the action group, the list
 * model and the row template; callbacks only dispatch. */

static void
add_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TodoWindow      *self = TODO_WINDOW (widget);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (self->entry)));
  g_autoptr (GError) error = NULL;

  if (rdx_store_dispatch_take (
        self->store, rdx_action_new_take ("todos.add", rdx_value_new_string (title)), &error))
    gtk_editable_set_text (self->entry, "");
  gtk_label_set_label (self->problem, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem), error != NULL);
}

static const RdxActionEntry entries[] = {
  { .type = "todos.toggle", .parameter_type = "x" },
  { .type = "todos.remove", .parameter_type = "x" },
  { .type = "todos.filter", .parameter_type = "s", .state_path = "/filter" },
};

/* Connects the widgets to the store. */
static void
todo_window_attach (TodoWindow *self)
{
  g_autoptr (RdxSelector) items = rdx_selector_new_path ("/items");
  g_autoptr (RdxSelector) filter = rdx_selector_new_path ("/filter");
  g_autoptr (RdxSelector) visible = NULL;
  g_autoptr (RdxSelector) all_done = NULL;
  g_autoptr (RdxActionGroup) group = NULL;
  g_autoptr (RdxListModel) model = NULL;

  visible = rdx_selector_new (select_visible, NULL, NULL, items, filter, NULL);
  all_done = rdx_selector_new (select_all_done, NULL, NULL, items, NULL);

  group = rdx_store_create_action_group (self->store, entries, G_N_ELEMENTS (entries));
  rdx_action_group_add_stateful (group, "todos.mark-all", NULL, all_done, NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "rdx", G_ACTION_GROUP (group));

  model = rdx_list_model_new (self->store, visible);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (gtk_no_selection_new (
                                         G_LIST_MODEL (g_steal_pointer (&model)))));
}

/* A window over the to-dos the journal at @journal_path holds, or NULL
 * with @error when it cannot be opened. */
TodoWindow *
todo_window_new (GtkApplication *app, const char *journal_path, GError **error)
{
  g_autoptr (RdxReducer) reducer = todo_slice_new ();
  g_autoptr (RdxJournalOptions) options = rdx_journal_options_new (TODO_APP_ID, reducer);
  g_autoptr (RdxJournal) journal = rdx_journal_open (journal_path, options, error);
  TodoWindow    *self;
  RdxMiddleware *outer[1];

  if (journal == NULL ||
      (rdx_journal_needs_decision (journal) && !rdx_journal_accept (journal, error)))
    return NULL;

  self = g_object_new (TODO_TYPE_WINDOW, "application", app, NULL);
  self->journal = g_steal_pointer (&journal);
  self->history = rdx_history_new (TODO_APP_ID);
  outer[0] = rdx_history_get_middleware (self->history);
  self->store = rdx_journal_new_store (self->journal, outer, G_N_ELEMENTS (outer));
  todo_window_attach (self);
  return self;
}

RdxHistory *
todo_window_get_history (TodoWindow *self)
{
  return self->history;
}

static void
todo_window_dispose (GObject *object)
{
  TodoWindow *self = TODO_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TODO_TYPE_WINDOW);
  if (self->journal != NULL)
    rdx_journal_close (self->journal, NULL);
  g_clear_object (&self->store);
  g_clear_object (&self->journal);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (todo_window_parent_class)->dispose (object);
}

static void
todo_window_class_init (TodoWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = todo_window_dispose;

  g_type_ensure (RDX_TYPE_LIST_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rdx/Todo/todo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TodoWindow, entry);
  gtk_widget_class_bind_template_child (widget_class, TodoWindow, problem);
  gtk_widget_class_bind_template_child (widget_class, TodoWindow, list);
  gtk_widget_class_install_action (widget_class, "win.add", NULL, add_cb);
}

static void
todo_window_init (TodoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
