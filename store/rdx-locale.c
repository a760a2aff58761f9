/* rdx-locale.c: text in the user's locale
 *
 * rdx's messages are UTF-8 with their typography: “quotes”, →, µs, ….
 * GLib prints text in the locale's charset and puts "?" in place of each
 * character that charset lacks, so in the C locale (or a program that
 * never called setlocale ()) "50 µs → no change" came out as
 * "50 ?s ? no change". Where the charset is not UTF-8, rdx spells its text
 * in ASCII instead.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <stdio.h>

#include "rdx-locale-private.h"

/**
 * rdx_locale_text:
 * @utf8: text
 *
 * @utf8 as it can be printed in the current locale: itself when the
 * locale's charset is UTF-8; otherwise spelled in ASCII, curly quotes as
 * straight ones, "→" as "->", "µ" as "u", "…" as "...", accented letters
 * without their accents (g_str_to_ascii()).
 *
 * Returns: (transfer full): the text
 */
char *
rdx_locale_text (const char *utf8)
{
  if (g_get_charset (NULL))
    return g_strdup (utf8);
  return g_str_to_ascii (utf8, "C");
}

static void
print_cb (const char *text)
{
  g_autofree char *local = rdx_locale_text (text);

  fputs (local, stdout);
  fflush (stdout);
}

static void
printerr_cb (const char *text)
{
  g_autofree char *local = rdx_locale_text (text);

  fputs (local, stderr);
  fflush (stderr);
}

/**
 * rdx_locale_init_program:
 *
 * What each of rdx's programs does first: takes its locale from the
 * environment (setlocale (LC_ALL, "")), and prints through g_print() and
 * g_printerr() text the locale can show (rdx_locale_text()), --help
 * included.
 */
void
rdx_locale_init_program (void)
{
  setlocale (LC_ALL, "");
  g_set_print_handler (print_cb);
  g_set_printerr_handler (printerr_cb);
}
