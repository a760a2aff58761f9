/* bank-label.c: what rdx-bank's views and dialogs say in a label
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-label.h"

/**
 * bank_label_set_message:
 * @label: a label under a field or a form
 * @message: (nullable): what to say, or %NULL to hide @label
 * @error: whether @message is a problem (the `error` style class)
 *
 * Shows @message in @label, or hides @label when there is nothing to
 * say: the inline reason a dialog gives while its input is invalid.
 */
void
bank_label_set_message (GtkLabel *label, const char *message, gboolean error)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}
