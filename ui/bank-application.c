/* bank-application.c: the rdx-bank GtkApplication
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-application.h"
#include "bank-window.h"

struct _BankApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BankApplication, bank_application, GTK_TYPE_APPLICATION)

static void
bank_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (bank_window_new (BANK_APPLICATION (app)));

  gtk_window_present (window);
}

static void
quit_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
bank_application_startup (GApplication *app)
{
  static const GActionEntry app_entries[] = {
    { "quit", quit_activated_cb, NULL, NULL, NULL, { 0 } },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (bank_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
bank_application_class_init (BankApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = bank_application_activate;
  app_class->startup = bank_application_startup;
}

static void
bank_application_init (BankApplication *self)
{
}

/**
 * bank_application_new:
 *
 * Creates the rdx-bank application.
 *
 * Returns: (transfer full): a new #BankApplication
 */
BankApplication *
bank_application_new (void)
{
  return g_object_new (BANK_TYPE_APPLICATION, "application-id", BANK_APPLICATION_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, NULL);
}
