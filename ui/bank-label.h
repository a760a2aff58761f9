/* bank-label.h: what rdx-bank's views and dialogs say in a label
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* clang-format off */
void bank_label_set_message (GtkLabel   *label,
                             const char *message,
                             gboolean    error);
/* clang-format on */

G_END_DECLS
