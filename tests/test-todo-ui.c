/* test-todo-ui.c: the to-do example application, driven through its
 * widgets (suite ui): row templates bound in .ui, the radio filter and the
 * toggle as stateful actions, refusals shown, the history recording and the
 * journal keeping the to-dos across a restart
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "todo-window.h"

#include "rdx-test.h"

/* Warnings and criticals logged through the structured writer, as GTK
 * logs (RdxTestLog sees the others). */
static guint structured_problems;

static GLogWriterOutput
count_problems_cb (GLogLevelFlags   log_level,
                   const GLogField *fields,
                   gsize            n_fields,
                   gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL))
    structured_problems++;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

typedef struct
{
  char       *folder;
  char       *journal;
  TodoWindow *window;
  gpointer    weak_window;
  RdxTestLog  log;
} Fixture;

static void
open_window (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->window = todo_window_new (NULL, f->journal, &error);
  assert_null (error);
  assert_non_null (f->window);
  f->weak_window = f->window;
  g_object_add_weak_pointer (G_OBJECT (f->window), &f->weak_window);
  gtk_window_present (GTK_WINDOW (f->window));
  assert_true (rdx_test_iterate_until (gtk_widget_get_mapped (GTK_WIDGET (f->window)), 5000));
}

static void
close_window (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  rdx_test_iterate_until (f->weak_window == NULL, 2000);
  rdx_assert_finalized (f->weak_window);
}

/* The first widget under @root of @type whose "label" is @label (any
 * label when NULL), depth first. */
static GtkWidget *
find (GtkWidget *root, GType type, const char *label)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      g_autofree char *text = NULL;

      if (label == NULL)
        return root;
      g_object_get (root, "label", &text, NULL);
      if (g_strcmp0 (text, label) == 0)
        return root;
    }
  for (child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
in_list (Fixture *f, GType type, const char *label)
{
  return find (find (GTK_WIDGET (f->window), GTK_TYPE_LIST_VIEW, NULL), type, label);
}

static GtkWidget *
widget (Fixture *f, GType type, const char *label)
{
  return find (GTK_WIDGET (f->window), type, label);
}

static RdxValue *
todos (Fixture *f)
{
  return rdx_store_get_state (rdx_history_get_store (todo_window_get_history (f->window)));
}

static guint
n_rows (Fixture *f)
{
  GtkListView *list = GTK_LIST_VIEW (widget (f, GTK_TYPE_LIST_VIEW, NULL));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list)));
}

static gboolean
is_done (Fixture *f, const char *key)
{
  return rdx_map_get_bool (rdx_map_get_map (rdx_map_get_map (todos (f), "items"), key), "done",
                           FALSE);
}

/* The label that shows refusals: the one after the entry's row. */
static GtkWidget *
problem_label (Fixture *f)
{
  GtkWidget *entry = widget (f, GTK_TYPE_ENTRY, NULL);

  return gtk_widget_get_next_sibling (gtk_widget_get_parent (entry));
}

static void
type_and_add (Fixture *f, const char *text)
{
  GtkWidget *entry = widget (f, GTK_TYPE_ENTRY, NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* Enter in the entry activates the default widget, Add, which clicks
   * once its activation is shown. */
  assert_true (
    gtk_widget_activate_action (find (entry, GTK_TYPE_TEXT, NULL), "default.activate", NULL));
  rdx_test_iterate_until (*gtk_editable_get_text (GTK_EDITABLE (entry)) == '\0' ||
                            gtk_widget_get_visible (problem_label (f)),
                          5000);
}

static void
fixture_setup (Fixture *f)
{
  memset (f, 0, sizeof *f);
  f->folder = g_dir_make_tmp ("rdx-todo-XXXXXX", NULL);
  f->journal = g_build_filename (f->folder, "journal.db", NULL);
  rdx_test_log_begin (&f->log);
  open_window (f);
}

static void
fixture_teardown (Fixture *f)
{
  g_autoptr (GDir) dir = g_dir_open (f->folder, 0, NULL);
  const char *name;

  if (f->window != NULL)
    close_window (f);
  /* Nothing GTK, GLib or rdx said went wrong. */
  if (f->log.n_warnings + f->log.n_criticals > 0)
    print_message ("%s", f->log.text->str);
  assert_int_equal (f->log.n_warnings, 0);
  assert_int_equal (f->log.n_criticals, 0);
  assert_int_equal (structured_problems, 0);
  rdx_test_log_end (&f->log);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->folder);
  g_free (f->journal);
  g_free (f->folder);
}

static void
test_add_toggle_filter_remove (void **state)
{
  Fixture          f;
  GtkWidget       *milk, *done_filter, *all_done;
  g_autofree char *json = NULL;

  fixture_setup (&f);
  type_and_add (&f, "Milk");
  type_and_add (&f, "  Eggs ");
  assert_true (rdx_test_iterate_until (in_list (&f, GTK_TYPE_CHECK_BUTTON, "Eggs") != NULL, 5000));
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (widget (&f, GTK_TYPE_ENTRY, NULL))),
                       "");
  json = rdx_value_to_json (rdx_map_get (todos (&f), "items"));
  assert_string_equal (json, "{\"1\":{\"done\":false,\"id\":1,\"title\":\"Milk\"},"
                             "\"2\":{\"done\":false,\"id\":2,\"title\":\"Eggs\"}}");

  /* The row's check button, bound in the .ui: clicking dispatches
   * todos.toggle with the row's id, and the row shows the new state. */
  milk = in_list (&f, GTK_TYPE_CHECK_BUTTON, "Milk");
  assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (milk)));
  gtk_widget_activate (milk);
  assert_true (rdx_test_iterate_until (is_done (&f, "1"), 5000));
  assert_true (rdx_test_iterate_until (
    gtk_check_button_get_active (GTK_CHECK_BUTTON (in_list (&f, GTK_TYPE_CHECK_BUTTON, "Milk"))),
    5000));
  assert_false (is_done (&f, "2"));

  /* The radio filter: one stateful action, a target per button. */
  done_filter = widget (&f, GTK_TYPE_TOGGLE_BUTTON, "Done");
  assert_true (
    gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget (&f, GTK_TYPE_TOGGLE_BUTTON, "All"))));
  gtk_widget_activate (done_filter);
  assert_true (rdx_test_iterate_until (
    g_strcmp0 (rdx_map_get_string (todos (&f), "filter", NULL), "done") == 0, 5000));
  assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (done_filter)));
  assert_false (
    gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget (&f, GTK_TYPE_TOGGLE_BUTTON, "All"))));
  assert_int_equal (n_rows (&f), 1);
  gtk_widget_activate (widget (&f, GTK_TYPE_TOGGLE_BUTTON, "Active"));
  assert_true (rdx_test_iterate_until (
    n_rows (&f) == 1 && in_list (&f, GTK_TYPE_CHECK_BUTTON, "Eggs") != NULL, 5000));
  gtk_widget_activate (widget (&f, GTK_TYPE_TOGGLE_BUTTON, "All"));
  assert_true (rdx_test_iterate_until (n_rows (&f) == 2, 5000));

  /* The boolean toggle: its state is a selector ("all done"). */
  all_done = widget (&f, GTK_TYPE_CHECK_BUTTON, "All _done");
  assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (all_done)));
  gtk_widget_activate (all_done);
  assert_true (rdx_test_iterate_until (is_done (&f, "2"), 5000));
  assert_true (is_done (&f, "1"));
  assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (all_done)));
  gtk_widget_activate (all_done);
  assert_true (rdx_test_iterate_until (!is_done (&f, "1") && !is_done (&f, "2"), 5000));
  assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (all_done)));

  /* The row's Remove button removes that row's to-do. */
  assert_true (rdx_test_iterate_until (in_list (&f, GTK_TYPE_CHECK_BUTTON, "Eggs") != NULL, 5000));
  gtk_widget_activate (gtk_widget_get_next_sibling (in_list (&f, GTK_TYPE_CHECK_BUTTON, "Eggs")));
  assert_true (
    rdx_test_iterate_until (rdx_map_size (rdx_map_get (todos (&f), "items")) == 1, 5000));
  assert_true (rdx_test_iterate_until (n_rows (&f) == 1, 5000));
  assert_non_null (rdx_map_get (rdx_map_get (todos (&f), "items"), "1"));

  /* Every change went through the history. */
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (todo_window_get_history (f.window))),
                    1 + 2 + 1 + 3 + 2 + 1);
  fixture_teardown (&f);
}

/* A title the slice's schema refuses: the error is shown, nothing
 * changes, the text stays to be fixed. */
static void
test_refusal_shown (void **state)
{
  Fixture    f;
  GtkWidget *problem;
  RdxValue  *before;
  GString   *long_title = g_string_new (NULL);
  guint      i;

  fixture_setup (&f);
  before = rdx_store_get_state (rdx_history_get_store (todo_window_get_history (f.window)));
  for (i = 0; i < 201; i++)
    g_string_append_c (long_title, 'x');
  type_and_add (&f, long_title->str);
  problem = problem_label (&f);
  assert_true (gtk_widget_has_css_class (problem, "error"));
  assert_true (rdx_test_iterate_until (gtk_widget_get_visible (problem), 5000));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (problem)),
                       "todos.add: the payload must be a non-empty string of at most 200 "
                       "characters, got a string of 201 characters");
  assert_ptr_equal (
    rdx_store_get_state (rdx_history_get_store (todo_window_get_history (f.window))), before);
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (widget (&f, GTK_TYPE_ENTRY, NULL))),
                       long_title->str);

  type_and_add (&f, "Bread");
  assert_true (rdx_test_iterate_until (!gtk_widget_get_visible (problem), 5000));
  g_string_free (long_title, TRUE);
  fixture_teardown (&f);
}

/* The journal keeps the to-dos: a new window on the same file shows them. */
static void
test_restart (void **state)
{
  Fixture          f;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_setup (&f);
  type_and_add (&f, "Milk");
  type_and_add (&f, "Tea");
  assert_true (rdx_test_iterate_until (in_list (&f, GTK_TYPE_CHECK_BUTTON, "Tea") != NULL, 5000));
  gtk_widget_activate (in_list (&f, GTK_TYPE_CHECK_BUTTON, "Tea"));
  assert_true (rdx_test_iterate_until (is_done (&f, "2"), 5000));
  before = rdx_value_to_json (todos (&f));
  close_window (&f);

  open_window (&f);
  after = rdx_value_to_json (todos (&f));
  assert_string_equal (after, before);
  assert_true (rdx_test_iterate_until (in_list (&f, GTK_TYPE_CHECK_BUTTON, "Tea") != NULL, 5000));
  assert_true (
    gtk_check_button_get_active (GTK_CHECK_BUTTON (in_list (&f, GTK_TYPE_CHECK_BUTTON, "Tea"))));
  fixture_teardown (&f);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_add_toggle_filter_remove),
    cmocka_unit_test (test_refusal_shown),
    cmocka_unit_test (test_restart),
  };

  if (!gtk_init_check ())
    return RDX_TEST_SKIP;
  g_log_set_writer_func (count_problems_cb, NULL, NULL);

  return cmocka_run_group_tests_name ("todo-ui", tests, NULL, NULL);
}
