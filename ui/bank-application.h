/* bank-application.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BANK_APPLICATION_ID "dev.rdx.Bank"

#define BANK_TYPE_APPLICATION (bank_application_get_type ())
G_DECLARE_FINAL_TYPE (BankApplication, bank_application, BANK, APPLICATION, GtkApplication)

BankApplication *bank_application_new (void);

G_END_DECLS
