/* bank-window.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bank-application.h"

G_BEGIN_DECLS

#define BANK_TYPE_WINDOW (bank_window_get_type ())
G_DECLARE_FINAL_TYPE (BankWindow, bank_window, BANK, WINDOW, AdwApplicationWindow)

/* clang-format off */
BankWindow *bank_window_new        (BankApplication *application);
RdxStore   *bank_window_get_store  (BankWindow      *self);
void        bank_window_add_toast  (BankWindow      *self,
                                    const char      *title);
void        bank_window_money_moved (BankWindow     *self,
                                     const char     *id,
                                     const char     *summary);
/* clang-format on */

G_END_DECLS
