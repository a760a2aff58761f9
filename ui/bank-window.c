/* bank-window.c: the main window of rdx-bank
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-window.h"

struct _BankWindow
{
  GtkApplicationWindow parent_instance;

  /* Template widgets */
  GtkLabel *status_label;
};

G_DEFINE_FINAL_TYPE (BankWindow, bank_window, GTK_TYPE_APPLICATION_WINDOW)

static void
bank_window_class_init (BankWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/dev/rdx/Bank/bank-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BankWindow, status_label);
}

static void
bank_window_init (BankWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bank_window_new:
 * @application: the application the window belongs to
 *
 * Returns: (transfer none): a new main window, owned by GTK's window list
 */
BankWindow *
bank_window_new (BankApplication *application)
{
  return g_object_new (BANK_TYPE_WINDOW, "application", application, NULL);
}
