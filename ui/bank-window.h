/* bank-window.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bank-application.h"

G_BEGIN_DECLS

#define BANK_TYPE_WINDOW (bank_window_get_type ())
G_DECLARE_FINAL_TYPE (BankWindow, bank_window, BANK, WINDOW, GtkApplicationWindow)

BankWindow *bank_window_new (BankApplication *application);

G_END_DECLS
