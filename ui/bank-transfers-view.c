/* bank-transfers-view.c: the transfers that are pending or failed
 *
 * The view lists the transfers that concern the selected account
 * (`/ui/selected`; every account when none is) and need someone's
 * attention: those still pending, with what they hold, and those that
 * failed, with the bank's reason and a Retry button. Retry dispatches a
 * new `transfers.requested` with the same accounts, amount and memo, and
 * a new request id. The view hides itself when there is nothing to show.
 *
 * When a failed transfer stops needing action is read from the state
 * alone, so it holds after a restart and for a transfer tried again by
 * hand: a failed transfer is shown until a transfer with the same From,
 * To and amount is requested at or after the moment it failed
 * (`settled_at`). The new request then stands for it, pending, completed
 * or failed in its turn. Two identical transfers, one of which failed
 * before the other was requested, count as a retry, which is what they
 * amount to.
 *
 * One selector feeds the view (bank_transfers_view_selector_new()); a
 * watch on it calls the one update function, which rebuilds the rows.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-transfers-view-private.h"

#define MAX_ROWS 20

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BankTransfersView, bank_transfers_view, GTK_TYPE_WIDGET)

/* The selector */

static gboolean
same_transfer (RdxValue *a, RdxValue *b)
{
  return g_strcmp0 (rdx_map_get_string (a, "from", NULL), rdx_map_get_string (b, "from", NULL)) ==
           0 &&
         g_strcmp0 (rdx_map_get_string (a, "to", NULL), rdx_map_get_string (b, "to", NULL)) == 0 &&
         rdx_map_get_int (a, "amount", 0) == rdx_map_get_int (b, "amount", 0);
}

/* Whether the same transfer as @failed was requested once it failed. */
static gboolean
is_retried (RdxValue *transfers, RdxValue *failed)
{
  gint64 failed_at =
    rdx_map_get_int (failed, "settled_at", rdx_map_get_int (failed, "requested_at", 0));
  RdxListIter iter;
  RdxValue   *transfer;

  rdx_list_iter_init (&iter, transfers);
  while (rdx_list_iter_next (&iter, &transfer))
    {
      if (rdx_map_get_int (transfer, "requested_at", 0) < failed_at)
        break; /* newest first: none after this one is newer */
      if (transfer != failed && same_transfer (transfer, failed))
        return TRUE;
    }
  return FALSE;
}

static gboolean
needs_attention (RdxValue *transfers, RdxValue *transfer, const char *selected)
{
  const char *status = rdx_map_get_string (transfer, "status", "");

  if (selected != NULL && g_strcmp0 (rdx_map_get_string (transfer, "from", NULL), selected) != 0 &&
      g_strcmp0 (rdx_map_get_string (transfer, "to", NULL), selected) != 0)
    return FALSE;
  if (g_str_equal (status, "pending"))
    return TRUE;
  return g_str_equal (status, "failed") && !is_retried (transfers, transfer);
}

static RdxValue *
row_new (RdxValue *transfer, RdxValue *accounts)
{
  const char *from = rdx_map_get_string (transfer, "from", "");
  const char *to = rdx_map_get_string (transfer, "to", "");

  return rdx_map_new_take (
    "request_id", rdx_value_new_string (rdx_map_get_string (transfer, "request_id", "")), "from",
    rdx_value_new_string (from), "from_name",
    rdx_value_new_string (rdx_map_get_string (rdx_map_get_map (accounts, from), "name", from)),
    "to_name",
    rdx_value_new_string (rdx_map_get_string (rdx_map_get_map (accounts, to), "name", to)),
    "amount", rdx_value_new_int (rdx_map_get_int (transfer, "amount", 0)), "currency",
    rdx_value_new_string (rdx_map_get_string (transfer, "currency", "XXX")), "memo",
    rdx_value_new_string (rdx_map_get_string (transfer, "memo", "")), "status",
    rdx_value_new_string (rdx_map_get_string (transfer, "status", "")), "reason",
    rdx_value_new_string (rdx_map_get_string (transfer, "reason", "")), NULL);
}

/* [transfers, /ui, /accounts] → {rows, n_more}: the first MAX_ROWS
 * transfers that need attention, newest first, and how many more. */
static RdxValue *
select_rows (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  RdxValue   *transfers = inputs[0];
  const char *selected = rdx_map_get_string (inputs[1], "selected", NULL);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  gint64      n_more = 0;
  RdxListIter iter;
  RdxValue   *transfer;

  if (transfers != NULL)
    {
      rdx_list_iter_init (&iter, transfers);
      while (rdx_list_iter_next (&iter, &transfer))
        {
          if (!needs_attention (transfers, transfer, selected))
            continue;
          if (rows->len < MAX_ROWS)
            g_ptr_array_add (rows, row_new (transfer, inputs[2]));
          else
            n_more++;
        }
    }
  return rdx_map_new_take ("rows", rdx_list_newv ((RdxValue **) rows->pdata, rows->len), "n_more",
                           rdx_value_new_int (n_more), NULL);
}

/**
 * bank_transfers_view_selector_new:
 *
 * Returns: (transfer full): the selector of what the view shows
 */
RdxSelector *
bank_transfers_view_selector_new (void)
{
  g_autoptr (RdxSelector) transfers = bank_selector_transfers_new ();
  g_autoptr (RdxSelector) ui = rdx_selector_new_path ("/ui");
  g_autoptr (RdxSelector) accounts = rdx_selector_new_path ("/accounts");

  return rdx_selector_new (select_rows, NULL, NULL, transfers, ui, accounts, NULL);
}

/* The update */

static GtkWidget *
retry_button_new (RdxValue *row)
{
  GtkWidget       *button = gtk_button_new_with_mnemonic ("_Retry");
  g_autofree char *description = g_strdup_printf ("Request the transfer from “%s” to “%s” again",
                                                  rdx_map_get_string (row, "from_name", ""),
                                                  rdx_map_get_string (row, "to_name", ""));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, "Retry",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  /* Named by its visible label only: GTK 4.8 adds the label it is
   * labelled by, which says it twice. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "transfers.retry");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                    rdx_map_get_string (row, "request_id", ""));
  return button;
}

static GtkWidget *
transfer_row_new (RdxValue *row)
{
  GtkWidget       *widget = adw_action_row_new ();
  const char      *memo = rdx_map_get_string (row, "memo", "");
  g_autofree char *money = bank_format_amount (rdx_map_get_int (row, "amount", 0),
                                               rdx_map_get_string (row, "currency", "XXX"));
  g_autofree char *title = g_strdup_printf ("%s → %s", rdx_map_get_string (row, "from_name", ""),
                                            rdx_map_get_string (row, "to_name", ""));
  g_autofree char *subtitle = NULL;
  gboolean         failed = g_str_equal (rdx_map_get_string (row, "status", ""), "failed");
  GtkWidget       *icon;

  if (failed)
    subtitle = g_strdup_printf ("Failed — %s did not move. %s", money,
                                rdx_map_get_string (row, "reason", ""));
  else
    subtitle = g_strdup_printf ("Pending — %s held", money);
  if (*memo != '\0')
    {
      g_autofree char *with_memo = g_strdup_printf ("%s · %s", title, memo);

      g_free (title);
      title = g_steal_pointer (&with_memo);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
  icon = gtk_image_new_from_icon_name (failed ? "dialog-warning-symbolic"
                                              : "emblem-synchronizing-symbolic");
  gtk_widget_add_css_class (icon, failed ? "error" : "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  failed ? "Failed" : "Pending", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (widget), icon);
  if (failed)
    adw_action_row_add_suffix (ADW_ACTION_ROW (widget), retry_button_new (row));
  return widget;
}

/* Projects the transfers that need attention onto the list, and hides
 * the view when there are none. */
static void
bank_transfers_view_update (BankTransfersView *self)
{
  RdxValue   *view = self->store != NULL ? rdx_store_select (self->store, self->selector) : NULL;
  RdxValue   *rows = rdx_map_get_list (view, "rows");
  gint64      n_more = rdx_map_get_int (view, "n_more", 0);
  GtkWidget  *child;
  RdxListIter iter;
  RdxValue   *row;

  self->n_updates++;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (rows != NULL)
    {
      rdx_list_iter_init (&iter, rows);
      while (rdx_list_iter_next (&iter, &row))
        gtk_list_box_append (self->list, transfer_row_new (row));
    }
  if (n_more > 0)
    {
      g_autofree char *more = g_strdup_printf ("And %" G_GINT64_FORMAT " more.", n_more);
      GtkWidget       *label = gtk_label_new (more);

      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_append (self->list, label);
    }
  gtk_label_set_label (self->error_label, self->refusal != NULL ? self->refusal : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->refusal != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self),
                          self->refusal != NULL || (rows != NULL && rdx_list_length (rows) > 0));
}

static void
view_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  bank_transfers_view_update (BANK_TRANSFERS_VIEW (user_data));
}

/* Whether the view shows @request_id as failed and not retried yet:
 * Retry twice is one new request, not two. */
static gboolean
shows_failed (BankTransfersView *self, const char *request_id)
{
  RdxValue   *view = rdx_store_select (self->store, self->selector);
  RdxListIter iter;
  RdxValue   *row;

  rdx_list_iter_init (&iter, rdx_map_get_list (view, "rows"));
  while (rdx_list_iter_next (&iter, &row))
    if (g_str_equal (rdx_map_get_string (row, "request_id", ""), request_id))
      return g_str_equal (rdx_map_get_string (row, "status", ""), "failed");
  return FALSE;
}

/* Retry: a new request for the same transfer. */
static void
retry_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BankTransfersView *self = BANK_TRANSFERS_VIEW (widget);
  const char        *failed_id = g_variant_get_string (parameter, NULL);
  g_autofree char   *path = NULL;
  g_autofree char   *request_id = NULL;
  RdxValue          *failed;
  g_autoptr (GError) error = NULL;

  if (self->store == NULL || !shows_failed (self, failed_id))
    return;
  path = g_strdup_printf ("/transfers/%s", failed_id);
  failed = rdx_value_lookup (rdx_store_get_state (self->store), path, RDX_VALUE_MAP, NULL);
  if (failed == NULL)
    return;
  request_id = g_uuid_string_random ();
  g_clear_pointer (&self->refusal, g_free);
  if (!rdx_store_dispatch_take (self->store,
                                bank_action_request_transfer (
                                  request_id, rdx_map_get_string (failed, "from", ""),
                                  rdx_map_get_string (failed, "to", ""),
                                  rdx_map_get_int (failed, "amount", 0),
                                  rdx_map_get_string (failed, "memo", NULL), g_get_real_time ()),
                                &error))
    self->refusal = g_strdup_printf ("The transfer was not requested again. %s", error->message);
  bank_transfers_view_update (self);
}

/* The object */

/**
 * bank_transfers_view_get_store:
 * @self: a transfers view
 *
 * Returns: (transfer none) (nullable): the store it shows
 */
RdxStore *
bank_transfers_view_get_store (BankTransfersView *self)
{
  g_return_val_if_fail (BANK_IS_TRANSFERS_VIEW (self), NULL);

  return self->store;
}

/**
 * bank_transfers_view_set_store:
 * @self: a transfers view
 * @store: (nullable): a store of the bank's state (bank_reducer_new())
 *
 * Shows the pending and failed transfers of the account @store's views
 * select (all accounts when none is), following each dispatch. Retry
 * dispatches `transfers.requested` to it.
 */
void
bank_transfers_view_set_store (BankTransfersView *self, RdxStore *store)
{
  g_return_if_fail (BANK_IS_TRANSFERS_VIEW (self));
  g_return_if_fail (store == NULL || RDX_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    rdx_store_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  g_clear_pointer (&self->refusal, g_free);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->watch_id = rdx_store_watch (store, self->selector, view_changed_cb, self, NULL);
  bank_transfers_view_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * bank_transfers_view_new:
 * @store: (nullable): a store of the bank's state
 *
 * Returns: (transfer floating): a new view of the transfers that are
 *   pending or failed
 */
GtkWidget *
bank_transfers_view_new (RdxStore *store)
{
  g_return_val_if_fail (store == NULL || RDX_IS_STORE (store), NULL);

  return g_object_new (BANK_TYPE_TRANSFERS_VIEW, "store", store, NULL);
}

static void
bank_transfers_view_dispose (GObject *object)
{
  BankTransfersView *self = BANK_TRANSFERS_VIEW (object);

  bank_transfers_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BANK_TYPE_TRANSFERS_VIEW);

  G_OBJECT_CLASS (bank_transfers_view_parent_class)->dispose (object);
}

static void
bank_transfers_view_finalize (GObject *object)
{
  BankTransfersView *self = BANK_TRANSFERS_VIEW (object);

  g_clear_pointer (&self->selector, rdx_selector_unref);
  g_free (self->refusal);

  G_OBJECT_CLASS (bank_transfers_view_parent_class)->finalize (object);
}

static void
bank_transfers_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BankTransfersView *self = BANK_TRANSFERS_VIEW (object);

  switch (prop_id)
    {
      case PROP_STORE:
        g_value_set_object (value, self->store);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bank_transfers_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BankTransfersView *self = BANK_TRANSFERS_VIEW (object);

  switch (prop_id)
    {
      case PROP_STORE:
        bank_transfers_view_set_store (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bank_transfers_view_class_init (BankTransfersViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bank_transfers_view_dispose;
  object_class->finalize = bank_transfers_view_finalize;
  object_class->get_property = bank_transfers_view_get_property;
  object_class->set_property = bank_transfers_view_set_property;

  /**
   * BankTransfersView:store: (attributes org.gtk.Property.get=bank_transfers_view_get_store org.gtk.Property.set=bank_transfers_view_set_store)
   *
   * The store of the bank's state the view shows.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RDX_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/rdx/Bank/bank-transfers-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BankTransfersView, box);
  gtk_widget_class_bind_template_child (widget_class, BankTransfersView, error_label);
  gtk_widget_class_bind_template_child (widget_class, BankTransfersView, list);

  gtk_widget_class_install_action (widget_class, "transfers.retry", "s", retry_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "banktransfersview");
}

static void
bank_transfers_view_init (BankTransfersView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selector = bank_transfers_view_selector_new ();
  bank_transfers_view_update (self);
}
