/* bank-application.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <rdx-devtools.h>
#include <rdx.h>

#include "bank-service.h"

G_BEGIN_DECLS

#define BANK_APPLICATION_ID "dev.rdx.Bank"

/* How many entries the debugger's history keeps before it folds the
 * oldest into its base, so a long session does not grow without end. */
#define BANK_HISTORY_MAX_ENTRIES 2000

#define BANK_TYPE_APPLICATION (bank_application_get_type ())
G_DECLARE_FINAL_TYPE (BankApplication, bank_application, BANK, APPLICATION, AdwApplication)

/* clang-format off */
BankApplication *bank_application_new               (void);
RdxStore        *bank_application_get_store         (BankApplication *self);
RdxHistory      *bank_application_get_history       (BankApplication *self);
RdxJournal      *bank_application_get_journal       (BankApplication *self);
const char      *bank_application_get_journal_path  (BankApplication *self);
BankService     *bank_application_get_service       (BankApplication *self);
const char      *bank_application_get_start_message (BankApplication *self);
int              bank_application_get_exit_status   (BankApplication *self);
void             bank_application_set_journal_path  (BankApplication *self,
                                                     const char      *path);
/* clang-format on */

G_END_DECLS
