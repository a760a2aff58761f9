/* bank-transfers-view-private.h: the transfers view's insides, for its
 * tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <bank.h>

#include "bank-transfers-view.h"

G_BEGIN_DECLS

struct _BankTransfersView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget  *box;
  GtkLabel   *error_label;
  GtkListBox *list;

  /* Owned */
  RdxStore    *store;
  RdxSelector *selector; /* {rows: [{request_id, from_name, to_name, …}], n_more} */
  guint        watch_id;
  char        *refusal; /* why the last Retry was refused, or NULL */

  /* Counted for the tests */
  guint n_updates;
};

/* clang-format off */
RdxSelector *bank_transfers_view_selector_new (void);
/* clang-format on */

G_END_DECLS
