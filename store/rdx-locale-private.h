/* rdx-locale-private.h: text in the user's locale, for rdx's programs and
 * the logger
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* clang-format off */
char *rdx_locale_text         (const char *utf8);
void  rdx_locale_init_program (void);
/* clang-format on */

G_END_DECLS
