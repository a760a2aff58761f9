/* todo-main.c: rdx-todo, the to-do example application
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include "todo-window.h"

static void
activate_cb (GtkApplication *app, gpointer user_data)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "rdx-todo", NULL);
  g_autofree char *path = g_build_filename (folder, "journal.db", NULL);
  g_autoptr (GError) error = NULL;
  TodoWindow *window;

  g_mkdir_with_parents (folder, 0700);
  window = todo_window_new (app, path, &error);
  if (window == NULL)
    {
      g_printerr ("rdx-todo: %s\n", error->message);
      return;
    }
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_autoptr (GtkApplication) app =
    gtk_application_new ("org.rdx.Todo", G_APPLICATION_DEFAULT_FLAGS);

  setlocale (LC_ALL, "");

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
