/* test-bindings-ui.c: real GTK widgets bound to a store (suite ui)
 *
 * A window built from a .ui string: a GtkListView over an RdxListModel of
 * 100,000 rows (GtkBuilderListItemFactory), a GtkButton wired with
 * action-name and action-target alone, and a GtkLabel bound to a selector.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include <rdx.h>

#include "bank-money.h"
#include "rdx-list-model-private.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

#define N_ROWS 100000

static const char window_ui[] =
  "<interface>"
  "  <object class='GtkWindow' id='window'>"
  "    <property name='default-width'>400</property>"
  "    <property name='default-height'>500</property>"
  "    <child>"
  "      <object class='GtkBox'>"
  "        <property name='orientation'>vertical</property>"
  "        <child>"
  "          <object class='GtkLabel' id='balance'/>"
  "        </child>"
  "        <child>"
  "          <object class='GtkButton' id='add'>"
  "            <property name='label'>Add 5</property>"
  "            <property name='action-name'>rdx.counter.add</property>"
  "            <property name='action-target'>int64 5</property>"
  "          </object>"
  "        </child>"
  "        <child>"
  "          <object class='GtkScrolledWindow' id='scroller'>"
  "            <property name='vexpand'>true</property>"
  "            <child>"
  "              <object class='GtkListView' id='list'>"
  "                <property name='factory'>"
  "                  <object class='GtkBuilderListItemFactory'>"
  "                    <property name='bytes'><![CDATA["
  "<interface>"
  "  <template class='GtkListItem'>"
  "    <property name='child'>"
  "      <object class='GtkLabel'>"
  "        <property name='xalign'>0</property>"
  "        <binding name='label'>"
  "          <lookup name='text' type='RdxListItem'>"
  "            <lookup name='item'>GtkListItem</lookup>"
  "          </lookup>"
  "        </binding>"
  "      </object>"
  "    </property>"
  "  </template>"
  "</interface>"
  "]]></property>"
  "                  </object>"
  "                </property>"
  "              </object>"
  "            </child>"
  "          </object>"
  "        </child>"
  "      </object>"
  "    </child>"
  "  </object>"
  "</interface>";

/* The reducer */

static RdxValue *
initial_state (void)
{
  g_autoptr (RdxListBuilder) rows = rdx_list_builder_new (NULL);
  guint i;

  for (i = 0; i < N_ROWS; i++)
    rdx_list_builder_append_take (rows, rdx_value_new_printf ("row %u", i));
  return rdx_map_new_take ("rows", rdx_list_builder_end (g_steal_pointer (&rows)), "count",
                           rdx_value_new_int (0), "busy", rdx_value_new_bool (FALSE), NULL);
}

static RdxValue *
ui_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue *payload = rdx_action_get_payload (action);

  if (state == NULL)
    return initial_state ();
  if (rdx_action_is (action, "counter.add"))
    return rdx_map_set_take (state, "count",
                             rdx_value_new_int (rdx_value_get_int (rdx_map_get (state, "count")) +
                                                rdx_value_get_int (payload)));
  if (rdx_action_is (action, "busy.set"))
    return rdx_map_set (state, "busy", payload);
  if (rdx_action_is (action, "rows.set"))
    {
      g_autoptr (RdxValue) rows = rdx_list_set (
        rdx_map_get (state, "rows"), (guint) rdx_value_get_int (rdx_map_get (payload, "index")),
        rdx_map_get (payload, "text"));

      return rdx_map_set (state, "rows", rows);
    }
  return rdx_value_ref (state);
}

static RdxValue *
not_cb (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  return rdx_value_new_bool (inputs[0] == NULL || !rdx_value_get_bool (inputs[0]));
}

/* The window */

typedef struct
{
  RdxStore       *store;
  RdxListModel   *model;
  RdxActionGroup *group;
  GtkBuilder     *builder;
  GtkWidget      *window;
  gpointer        weak_store, weak_model, weak_group, weak_window;
} Fixture;

static const RdxActionEntry entries[] = {
  { .type = "busy.set", .parameter_type = "b" },
};

static void
fixture_init (Fixture *f)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (ui_reducer, NULL, NULL);
  g_autoptr (RdxSelector) not_busy = NULL;
  g_autoptr (RdxSelector) count = rdx_selector_new_path ("/count");
  g_autoptr (GtkNoSelection) selection = NULL;
  g_autoptr (GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->store = rdx_store_new (reducer, NULL);
  f->model = rdx_list_model_new_for_path (f->store, "/rows");

  /* Actions: one from an entry, one added with a computed enabled selector. */
  f->group = rdx_store_create_action_group (f->store, entries, G_N_ELEMENTS (entries));
  not_busy = rdx_selector_new_for_paths (not_cb, NULL, NULL, "/busy", NULL);
  assert_true (rdx_action_group_add (f->group, "counter.add", G_VARIANT_TYPE_INT64, not_busy));

  g_type_ensure (RDX_TYPE_LIST_ITEM);
  f->builder = gtk_builder_new ();
  assert_true (gtk_builder_add_from_string (f->builder, window_ui, -1, &error));
  f->window = GTK_WIDGET (gtk_builder_get_object (f->builder, "window"));
  gtk_widget_insert_action_group (f->window, "rdx", G_ACTION_GROUP (f->group));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (f->model)));
  gtk_list_view_set_model (GTK_LIST_VIEW (gtk_builder_get_object (f->builder, "list")),
                           GTK_SELECTION_MODEL (selection));
  rdx_store_bind_property_full (f->store, count, gtk_builder_get_object (f->builder, "balance"),
                                "label", bank_transform_money, (gpointer) "€", NULL);

  f->weak_store = f->store;
  f->weak_model = f->model;
  f->weak_group = f->group;
  f->weak_window = f->window;
  g_object_add_weak_pointer (G_OBJECT (f->store), &f->weak_store);
  g_object_add_weak_pointer (G_OBJECT (f->model), &f->weak_model);
  g_object_add_weak_pointer (G_OBJECT (f->group), &f->weak_group);
  g_object_add_weak_pointer (G_OBJECT (f->window), &f->weak_window);

  gtk_window_present (GTK_WINDOW (f->window));
  assert_true (rdx_test_iterate_until (gtk_widget_get_mapped (f->window), 5000));
}

static void
fixture_finish (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->builder);
  rdx_test_iterate_until (f->weak_window == NULL, 5000);
  rdx_assert_finalized (f->weak_window);

  g_clear_object (&f->group);
  rdx_assert_finalized (f->weak_group);
  g_clear_object (&f->model);
  rdx_test_iterate_until (f->weak_model == NULL, 5000);
  rdx_assert_finalized (f->weak_model);
  g_clear_object (&f->store);
  rdx_assert_finalized (f->weak_store);
}

static void
collect_labels (GtkWidget *widget, GPtrArray *labels)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (labels, (gpointer) gtk_label_get_label (GTK_LABEL (widget)));
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/* Whether the list view shows a row labelled @text. */
static gboolean
list_shows (Fixture *f, const char *text)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  guint i;

  collect_labels (GTK_WIDGET (gtk_builder_get_object (f->builder, "list")), labels);
  for (i = 0; i < labels->len; i++)
    if (g_strcmp0 (labels->pdata[i], text) == 0)
      return TRUE;
  return FALSE;
}

/* The number of the first "row N" the list view shows below @after. */
static gint
first_row_shown_after (Fixture *f, gint after)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  gint  best = -1;
  guint i;

  collect_labels (GTK_WIDGET (gtk_builder_get_object (f->builder, "list")), labels);
  for (i = 0; i < labels->len; i++)
    {
      guint n;

      if (sscanf (labels->pdata[i], "row %u", &n) == 1 && (gint) n > after &&
          (best < 0 || (gint) n < best))
        best = n;
    }
  return best;
}

static void
dispatch_row (Fixture *f, guint index, const char *text)
{
  g_autoptr (RdxValue) payload = rdx_map_new_take ("index", rdx_value_new_int (index), "text",
                                                   rdx_value_new_string (text), NULL);
  g_autoptr (GError) error = NULL;

  assert_true (rdx_store_dispatch_take (f->store, rdx_action_new ("rows.set", payload), &error));
}

typedef struct
{
  guint n, position, removed, added;
} Changes;

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        gpointer    data)
{
  Changes *c = data;

  c->n++;
  c->position = position;
  c->removed = removed;
  c->added = added;
}

static void
test_list_view (void **state)
{
  GtkAdjustment *adjustment;
  Changes        changes = { 0 };
  gint           row;
  Fixture        f;

  fixture_init (&f);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f.model)), N_ROWS);
  assert_true (rdx_test_iterate_until (list_shows (&f, "row 2"), 5000));
  /* Items for the rows shown, not for the 100,000. */
  assert_true (rdx_list_model_get_n_cached_for_testing (f.model) < 500);

  /* A set on a visible row shows, through one items-changed (2, 1, 1). */
  g_signal_connect (f.model, "items-changed", G_CALLBACK (count_items_changed_cb), &changes);
  dispatch_row (&f, 2, "changed");
  assert_int_equal (changes.n, 1);
  assert_int_equal (changes.position, 2);
  assert_int_equal (changes.removed, 1);
  assert_int_equal (changes.added, 1);
  g_signal_handlers_disconnect_by_data (f.model, &changes);
  assert_true (rdx_test_iterate_until (list_shows (&f, "changed"), 5000));
  assert_false (list_shows (&f, "row 2"));
  assert_true (list_shows (&f, "row 1"));

  /* Far down the list. */
  adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_builder_get_object (f.builder, "scroller")));
  assert_true (rdx_test_iterate_until (gtk_adjustment_get_upper (adjustment) > 0, 5000));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 0.7);
  assert_true (rdx_test_iterate_until (first_row_shown_after (&f, 50000) > 0, 5000));
  row = first_row_shown_after (&f, 50000);
  {
    g_autofree char *label = g_strdup_printf ("row %d", row + 1);

    /* Wait for the row after it too, so both are on screen. */
    assert_true (rdx_test_iterate_until (list_shows (&f, label), 5000));
    dispatch_row (&f, row + 1, "far change");
    assert_true (rdx_test_iterate_until (list_shows (&f, "far change"), 5000));
    assert_false (list_shows (&f, label));
  }
  assert_true (rdx_list_model_get_n_cached_for_testing (f.model) < 1000);

  fixture_finish (&f);
}

static gint64
count (Fixture *f)
{
  return rdx_value_get_int (rdx_map_get (rdx_store_get_state (f->store), "count"));
}

static void
test_button_and_label (void **state)
{
  GtkWidget       *button;
  GtkLabel        *balance;
  g_autofree char *five = bank_format_money (5, "€");
  g_autofree char *ten = bank_format_money (10, "€");
  g_autofree char *zero = bank_format_money (0, "€");
  Fixture          f;

  fixture_init (&f);
  button = GTK_WIDGET (gtk_builder_get_object (f.builder, "add"));
  balance = GTK_LABEL (gtk_builder_get_object (f.builder, "balance"));
  assert_string_equal (gtk_label_get_label (balance), zero);
  assert_true (rdx_test_iterate_until (gtk_widget_is_sensitive (button), 5000));

  /* A click dispatches counter.add with the action-target as payload. */
  gtk_widget_activate (button);
  assert_true (rdx_test_iterate_until (count (&f) == 5, 5000));
  assert_string_equal (gtk_label_get_label (balance), five);
  gtk_widget_activate (button);
  assert_true (rdx_test_iterate_until (count (&f) == 10, 5000));
  assert_string_equal (gtk_label_get_label (balance), ten);

  /* Busy: the enabled selector turns the action, and the button, off. */
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "busy.set",
                                  g_variant_new_boolean (TRUE));
  assert_true (rdx_test_iterate_until (!gtk_widget_is_sensitive (button), 5000));
  gtk_widget_activate (button);
  (void) rdx_test_iterate_until (FALSE, 200);
  assert_int_equal (count (&f), 10);

  /* And back on. */
  g_action_group_activate_action (G_ACTION_GROUP (f.group), "busy.set",
                                  g_variant_new_boolean (FALSE));
  assert_true (rdx_test_iterate_until (gtk_widget_is_sensitive (button), 5000));
  gtk_widget_activate (button);
  assert_true (rdx_test_iterate_until (count (&f) == 15, 5000));

  fixture_finish (&f);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_list_view, rdx_test_record_live_count,
                                     rdx_test_check_live_count),
    cmocka_unit_test_setup_teardown (test_button_and_label, rdx_test_record_live_count,
                                     rdx_test_check_live_count),
  };

  rdx_value_set_counting_for_testing (TRUE);
  if (!gtk_init_check ())
    return RDX_TEST_SKIP;

  return cmocka_run_group_tests (tests, NULL, NULL);
}
