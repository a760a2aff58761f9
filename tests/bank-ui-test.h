/* bank-ui-test.h: what the tests of rdx-bank's views share: a store of
 * the demo's history, a plain window around a view, screenshots
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <bank.h>

#include "rdx-test.h"

G_BEGIN_DECLS

/* 2024-01-01 00:00 UTC: the demo's year is 2024. */
#define BANK_TEST_START G_GINT64_CONSTANT (1704067200000000)

/* clang-format off */
int        bank_ui_test_init       (int          argc,
                                    char       **argv);
RdxStore  *bank_ui_test_store_new  (guint        n_days);
void       bank_ui_test_dispatch   (RdxStore    *store,
                                    RdxAction   *action);
GtkWindow *bank_ui_test_window_new (GtkWidget   *view,
                                    int          width,
                                    int          height);
void       bank_ui_test_close      (GtkWindow   *window);
void       bank_ui_test_wait       (guint        ms);
void       bank_ui_test_screenshot (GtkWidget   *widget,
                                    const char  *name);
/* clang-format on */

G_END_DECLS
