/* rdx-debugger-dispatch.c: the dispatch box of the debugger window
 *
 * An action type with completion (the types the history holds and those
 * the app's reducer declares) and a JSON payload checked as it is typed,
 * against the type's schema when the reducer declares one; Dispatch sends
 * it with rdx_history_dispatch(), through the app's whole middleware
 * chain.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-debugger-window-private.h"

static char *
payload_text (RdxDebuggerWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->payload_view);
  GtkTextIter    start;
  GtkTextIter    end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The app's reducer, which declares its action types and their payload
 * schemas (rdx_reducer_list_actions()); NULL with no store attached. */
static RdxReducer *
app_reducer (RdxDebuggerWindow *self)
{
  RdxStore *store = rdx_history_get_store (self->history);

  return store != NULL ? rdx_store_get_reducer (store) : NULL;
}

/* What the app's reducer declares of the typed type, or NULL. */
static const RdxActionInfo *
typed_action (RdxDebuggerWindow *self)
{
  RdxReducer *reducer = app_reducer (self);
  const char *type = gtk_editable_get_text (GTK_EDITABLE (self->type_entry));

  return reducer != NULL && *type != '\0' ? rdx_reducer_find_action (reducer, type) : NULL;
}

static int
compare_types (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
add_type (GHashTable *seen, GPtrArray *types, const char *type)
{
  if (!g_str_has_prefix (type, "@@rdx/") && g_hash_table_add (seen, (gpointer) type))
    g_ptr_array_add (types, (gpointer) type);
}

/**
 * rdx_debugger_dispatch_box_collect_types:
 *
 * Fills the type completion: every type the history holds and every type
 * the app's reducer declares, sorted, once each, without rdx's private
 * ones (which the debugger may not dispatch).
 */
void
rdx_debugger_dispatch_box_collect_types (RdxDebuggerWindow *self)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) types = g_ptr_array_new ();
  g_autoptr (GPtrArray) declared = NULL;
  RdxReducer *reducer = app_reducer (self);
  guint       n = rdx_debugger_window_n_entries (self);

  for (guint p = 1; p < n; p++)
    add_type (seen, types,
              rdx_history_entry_get_action_type (rdx_history_get_entry (self->history, p)));
  declared = reducer != NULL ? rdx_reducer_list_actions (reducer) : NULL;
  for (guint i = 0; declared != NULL && i < declared->len; i++)
    add_type (seen, types, ((const RdxActionInfo *) g_ptr_array_index (declared, i))->type);
  g_ptr_array_sort (types, compare_types);

  gtk_list_store_clear (self->completion_types);
  for (guint i = 0; i < types->len; i++)
    gtk_list_store_insert_with_values (self->completion_types, NULL, -1, 0,
                                       g_ptr_array_index (types, i), -1);
}

/**
 * rdx_debugger_dispatch_box_validate:
 * @error: why the box cannot be dispatched
 *
 * Checks what the box holds: a type, and a payload that is empty (no
 * payload) or strict JSON; when the app's reducer declares the type with a
 * schema, the payload (null when empty) must fit it, as the reducer would
 * check it.
 *
 * Returns: %TRUE if it can be dispatched
 */
gboolean
rdx_debugger_dispatch_box_validate (RdxDebuggerWindow *self, GError **error)
{
  g_autofree char *text = payload_text (self);
  g_autoptr (RdxValue) payload = NULL;
  g_autoptr (GError) json_error = NULL;
  const char          *type = gtk_editable_get_text (GTK_EDITABLE (self->type_entry));
  const RdxActionInfo *info;

  if (*type == '\0')
    {
      g_set_error_literal (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID_ACTION,
                           "Type an action type to dispatch.");
      return FALSE;
    }
  if (is_blank (text))
    payload = rdx_value_new_null ();
  else if ((payload = rdx_value_from_json (text, -1, &json_error)) == NULL)
    {
      g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID_ACTION,
                   "The payload is not JSON: %s", json_error->message);
      return FALSE;
    }
  info = typed_action (self);
  if (info != NULL && info->schema != NULL && !rdx_schema_validate (info->schema, payload, error))
    {
      g_prefix_error (error, "%s: ", type);
      return FALSE;
    }
  return TRUE;
}

/* Says under the payload what the typed type expects, when the app's
 * reducer declares it (its schema as written, and in words, also as the
 * payload's tooltip), or that the reducer does not declare it. */
static void
update_schema_hint (RdxDebuggerWindow *self)
{
  const RdxActionInfo *info = typed_action (self);
  RdxReducer          *reducer = app_reducer (self);
  const char          *type = gtk_editable_get_text (GTK_EDITABLE (self->type_entry));
  g_autoptr (GPtrArray) declared = NULL;
  g_autofree char *hint = NULL;

  if (info != NULL && info->schema != NULL)
    {
      g_autofree char *text = rdx_schema_to_string (info->schema);
      g_autofree char *words = rdx_schema_describe (info->schema);

      hint = g_str_equal (text, "null")
               ? g_strdup_printf ("“%s” takes no payload.", type)
               : g_strdup_printf ("Expected payload: %s (%s)", text, words);
    }
  else if (info == NULL && reducer != NULL && *type != '\0' && !g_str_has_prefix (type, "@@rdx/"))
    {
      /* A reducer made of slices declares every type it handles. */
      declared = rdx_reducer_list_actions (reducer);
      if (declared->len > 0)
        hint = g_strdup_printf ("The app's reducer declares no “%s”: it may change nothing.", type);
    }
  gtk_label_set_text (self->payload_schema, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->payload_schema), hint != NULL);
  /* Setting a tooltip asks the display where the pointer is: only when it
   * changes, not at each key. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->payload_view)), hint) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->payload_view), hint);
}

/**
 * rdx_debugger_dispatch_box_update:
 *
 * Projects the box's validity onto its error line and the Dispatch action.
 */
void
rdx_debugger_dispatch_box_update (RdxDebuggerWindow *self)
{
  g_autoptr (GError) error = NULL;
  gboolean valid = rdx_debugger_dispatch_box_validate (self, &error);
  gboolean empty = *gtk_editable_get_text (GTK_EDITABLE (self->type_entry)) == '\0';

  self->payload_valid = valid;
  update_schema_hint (self);
  /* An empty type is not an error to shout about, only not ready. */
  gtk_label_set_text (self->payload_error, valid || empty ? "" : error->message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dispatch",
                                 valid && rdx_history_get_store (self->history) != NULL);
}

/**
 * rdx_debugger_dispatch_box_send:
 *
 * Dispatches the box's action through the history.
 *
 * Returns: %TRUE if it was dispatched (it may still be held, or refused by
 *   the reducer and recorded with its error)
 */
gboolean
rdx_debugger_dispatch_box_send (RdxDebuggerWindow *self, GError **error)
{
  g_autofree char *text = payload_text (self);
  g_autofree char *message = NULL;
  const char      *type = gtk_editable_get_text (GTK_EDITABLE (self->type_entry));

  if (!rdx_debugger_dispatch_box_validate (self, error) ||
      !rdx_history_dispatch (self->history, type, is_blank (text) ? NULL : text, error))
    return FALSE;
  message = g_strdup_printf ("Dispatched “%s”.", type);
  rdx_debugger_window_show_message (self, message);
  rdx_debugger_dispatch_box_collect_types (self);
  return TRUE;
}

static void
dispatch_changed_cb (RdxDebuggerWindow *self)
{
  rdx_debugger_dispatch_box_update (self);
}

static void
dispatch_activate_cb (GtkEntry *entry, RdxDebuggerWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.dispatch", NULL);
}

static void
type_focus_cb (GtkEventControllerFocus *controller, RdxDebuggerWindow *self)
{
  rdx_debugger_dispatch_box_collect_types (self);
}

void
rdx_debugger_dispatch_box_init (RdxDebuggerWindow *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  self->completion_types = gtk_list_store_new (1, G_TYPE_STRING);
  self->completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (self->completion, GTK_TREE_MODEL (self->completion_types));
  gtk_entry_completion_set_text_column (self->completion, 0);
  gtk_entry_completion_set_inline_completion (self->completion, TRUE);
  gtk_entry_completion_set_popup_single_match (self->completion, FALSE);
  gtk_entry_set_completion (self->type_entry, self->completion);
  g_object_unref (self->completion);

  g_signal_connect_swapped (self->type_entry, "changed", G_CALLBACK (dispatch_changed_cb), self);
  g_signal_connect (self->type_entry, "activate", G_CALLBACK (dispatch_activate_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->payload_view), "changed",
                            G_CALLBACK (dispatch_changed_cb), self);
  g_signal_connect (focus, "enter", G_CALLBACK (type_focus_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->type_entry), focus);

  /* Ctrl+Return dispatches from the payload too, before the text view
   * takes the Return for a new line. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return"),
                      gtk_named_action_new ("win.dispatch")));
  gtk_widget_add_controller (GTK_WIDGET (self->payload_view), shortcuts);
}
