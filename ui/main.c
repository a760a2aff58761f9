/* main.c: rdx-bank
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n.h>
#include <locale.h>

#include "bank-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (BankApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");

  if (!gtk_init_check ())
    {
      g_printerr ("rdx-bank needs a graphical display: run it in a desktop session, "
                  "or under a virtual one with 'xvfb-run -a rdx-bank'.\n");
      return 1;
    }

  app = bank_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : bank_application_get_exit_status (app);
}
