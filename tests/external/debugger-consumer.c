/* debugger-consumer.c: an application outside the tree that opens the
 * debugger, built against rdx-debugger-1 through pkg-config by
 * tests/check-pkgconfig.sh. It runs without a display: it only checks
 * that the library links and names its types.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rdx-debugger.h>
#include <stdio.h>

int
main (void)
{
  /* What an application calls: rdx_debugger_add_window_action (window, history). */
  void (*add_action) (GtkApplicationWindow *, RdxHistory *) = rdx_debugger_add_window_action;

  printf ("%s %s\n", g_type_name (RDX_TYPE_DEBUGGER_WINDOW), add_action != NULL ? "ok" : "missing");
  return 0;
}
