/* bank-budget-row.c: one category of the budget view
 *
 * A row shows one element of the budget view's rows: a category with a
 * budget (what was spent of it, what is left, or how far over it went)
 * or a category spent on without one. Elements are immutable, so a row
 * is made for one and never changes: when the element does, the list
 * makes a new row. Its buttons carry the view's actions (budget.edit,
 * budget.remove) with the category as their target.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-budget-row.h"

#include <bank.h>

struct _BankBudgetRow
{
  GtkListBoxRow parent_instance;

  /* Template widgets */
  GtkLabel    *category_label;
  GtkLabel    *state_label;
  GtkButton   *edit_button;
  GtkButton   *remove_button;
  GtkLabel    *spent_label;
  GtkLabel    *left_label;
  GtkLevelBar *level_bar;

  char *category;
};

G_DEFINE_FINAL_TYPE (BankBudgetRow, bank_budget_row, GTK_TYPE_LIST_BOX_ROW)

static void
set_label (GtkLabel *label, const char *text, const char *style)
{
  gtk_label_set_label (label, text);
  gtk_widget_set_css_classes (GTK_WIDGET (label),
                              (const char *[]){ "numeric", style != NULL ? style : "", NULL });
}

/**
 * bank_budget_category_title:
 * @category: a category, as the state has it ("groceries")
 *
 * Returns: (transfer full): the category as a title shows it, its first
 *   letter a capital ("Groceries"); the category itself is unchanged
 */
char *
bank_budget_category_title (const char *category)
{
  gunichar first;
  char     head[8] = { 0 };

  g_return_val_if_fail (category != NULL, NULL);

  if (*category == '\0' || !g_utf8_validate (category, -1, NULL))
    return g_strdup (category);
  first = g_unichar_totitle (g_utf8_get_char (category));
  g_unichar_to_utf8 (first, head);
  return g_strconcat (head, g_utf8_next_char (category), NULL);
}

static void
set_button (GtkButton *button, const char *label, const char *category)
{
  g_autofree char *title = bank_budget_category_title (category);
  g_autofree char *description = g_strdup_printf ("The budget of “%s”", title);

  gtk_button_set_label (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* Shows @row: {category, currency, spent} and, with a budget, {amount,
 * left, over}. */
static void
bank_budget_row_show (BankBudgetRow *self, RdxValue *row)
{
  const char      *currency = rdx_map_get_string (row, "currency", "XXX");
  gboolean         budgeted = rdx_map_contains (row, "amount");
  gboolean         over = rdx_map_get_bool (row, "over", FALSE);
  gint64           amount = rdx_map_get_int (row, "amount", 0);
  gint64           spent = rdx_map_get_int (row, "spent", 0);
  gint64           left = rdx_map_get_int (row, "left", 0);
  g_autofree char *spent_text = bank_format_amount (spent, currency);
  g_autofree char *amount_text = bank_format_amount (amount, currency);
  g_autofree char *left_text = bank_format_amount (over ? -left : left, currency);
  g_autofree char *spent_line = NULL;
  g_autofree char *left_line = NULL;

  self->category = g_strdup (rdx_map_get_string (row, "category", ""));
  {
    g_autofree char *title = bank_budget_category_title (self->category);

    gtk_label_set_label (self->category_label, title);
  }
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "(ss)", self->category,
                                    currency);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "s", self->category);
  set_button (self->edit_button, budgeted ? "Change…" : "Set Budget…", self->category);
  set_button (self->remove_button, "Remove", self->category);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), budgeted);
  gtk_widget_set_visible (GTK_WIDGET (self->level_bar), budgeted);

  if (!budgeted)
    {
      spent_line = g_strdup_printf ("%s spent", spent_text);
      set_label (self->state_label, "No budget", "dim-label");
      set_label (self->spent_label, spent_line, NULL);
      set_label (self->left_label, NULL, NULL);
      return;
    }
  spent_line = g_strdup_printf ("%s spent of %s", spent_text, amount_text);
  left_line = g_strdup_printf (over ? "%s over" : "%s left", left_text);
  set_label (self->state_label, over ? "Over budget" : NULL, "error");
  set_label (self->spent_label, spent_line, NULL);
  set_label (self->left_label, left_line, over ? "error" : "dim-label");
  gtk_level_bar_set_value (
    self->level_bar, amount > 0 && spent > 0 ? MIN ((double) spent / (double) amount, 1.0) : 0.0);
  if (over)
    gtk_widget_add_css_class (GTK_WIDGET (self), "over-budget");
}

/**
 * bank_budget_row_new:
 * @row: an element of the budget view's rows
 *
 * Returns: (transfer floating): a row that shows it
 */
GtkWidget *
bank_budget_row_new (RdxValue *row)
{
  BankBudgetRow *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (BANK_TYPE_BUDGET_ROW, NULL);
  bank_budget_row_show (self, row);
  return GTK_WIDGET (self);
}

/**
 * bank_budget_row_get_category:
 * @self: a row
 *
 * Returns: (transfer none): the category it shows
 */
const char *
bank_budget_row_get_category (BankBudgetRow *self)
{
  g_return_val_if_fail (BANK_IS_BUDGET_ROW (self), NULL);

  return self->category;
}

static void
bank_budget_row_finalize (GObject *object)
{
  BankBudgetRow *self = BANK_BUDGET_ROW (object);

  g_free (self->category);

  G_OBJECT_CLASS (bank_budget_row_parent_class)->finalize (object);
}

static void
bank_budget_row_class_init (BankBudgetRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bank_budget_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/dev/rdx/Bank/bank-budget-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BankBudgetRow, category_label);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetRow, spent_label);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetRow, left_label);
  gtk_widget_class_bind_template_child (widget_class, BankBudgetRow, level_bar);
}

static void
bank_budget_row_init (BankBudgetRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One colour, whatever the level: the text says when it is over. */
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL);
}
