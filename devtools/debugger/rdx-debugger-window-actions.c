/* rdx-debugger-window-actions.c: the window's actions, each a history
 * operation, and their shortcuts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-debugger-window-private.h"

/* The play speeds of the speed drop-down, in entries per second; the last
 * item plays as recorded. */
static const double play_rates[] = { 1.0, 2.0, 4.0, 8.0, 16.0 };
/* Playing as recorded waits the recorded gap, within these bounds (ms). */
#define MIN_RECORDED_GAP 16
#define MAX_RECORDED_GAP 2000

static gboolean
attached (RdxDebuggerWindow *self)
{
  return rdx_history_get_store (self->history) != NULL;
}

/* The one entry selected, if it may be toggled or moved: not the base,
 * and not the open @@rdx/PAUSED entry. */
static gboolean
selected_action (RdxDebuggerWindow *self, guint *position)
{
  guint first;
  guint last;

  if (!rdx_debugger_window_get_selected (self, &first, &last) || first != last || first == 0)
    return FALSE;
  if (rdx_history_get_paused (self->history) && first == rdx_debugger_window_n_entries (self) - 1)
    return FALSE;
  *position = first;
  return TRUE;
}

/**
 * rdx_debugger_window_update_actions:
 *
 * Projects the history onto which actions are enabled.
 */
void
rdx_debugger_window_update_actions (RdxDebuggerWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean   live = attached (self);
  guint      n = rdx_debugger_window_n_entries (self);
  guint      cursor = rdx_history_get_cursor (self->history);
  guint      position = 0;
  gboolean   editable = live && selected_action (self, &position);
  gboolean   selected = rdx_debugger_window_get_selected (self, NULL, NULL);

  gtk_widget_action_set_enabled (widget, "win.step-back", live && cursor > 0);
  gtk_widget_action_set_enabled (widget, "win.step-forward", live && cursor + 1 < n);
  gtk_widget_action_set_enabled (widget, "win.jump-present", live && cursor + 1 < n);
  gtk_widget_action_set_enabled (widget, "win.jump-selected", live && selected);
  gtk_widget_action_set_enabled (widget, "win.play", live && n > 1);
  gtk_widget_action_set_enabled (widget, "win.toggle", editable);
  gtk_widget_action_set_enabled (widget, "win.move-up", editable && position > 1);
  gtk_widget_action_set_enabled (widget, "win.move-down", editable && position + 1 < n);
  gtk_widget_action_set_enabled (widget, "win.commit", live);
  gtk_widget_action_set_enabled (widget, "win.revert", live);
  gtk_widget_action_set_enabled (widget, "win.sweep", live);
  gtk_widget_action_set_enabled (widget, "win.reset", live);
  gtk_widget_action_set_enabled (widget, "win.pause", live);
  gtk_widget_action_set_enabled (widget, "win.lock", live);
  gtk_widget_action_set_enabled (widget, "win.check-replay", live);
  gtk_widget_action_set_enabled (widget, "win.import", live);
  gtk_widget_action_set_enabled (widget, "win.discard-held",
                                 rdx_history_get_n_held (self->history) > 0);
  gtk_widget_action_set_enabled (widget, "win.export-test", selected);
  gtk_widget_action_set_enabled (widget, "win.copy-json", selected);
}

/* Play */

static guint
next_delay (RdxDebuggerWindow *self)
{
  guint  speed = gtk_drop_down_get_selected (self->speed_dropdown);
  guint  cursor = rdx_history_get_cursor (self->history);
  gint64 gap;

  if (speed < G_N_ELEMENTS (play_rates))
    return (guint) (1000.0 / play_rates[speed]);
  if (cursor + 1 >= rdx_debugger_window_n_entries (self))
    return MIN_RECORDED_GAP;
  gap = rdx_history_entry_get_time (rdx_history_get_entry (self->history, cursor + 1)) -
        rdx_history_entry_get_time (rdx_history_get_entry (self->history, cursor));
  return CLAMP (gap / 1000, MIN_RECORDED_GAP, MAX_RECORDED_GAP);
}

static gboolean
play_step_cb (gpointer user_data)
{
  RdxDebuggerWindow *self = user_data;

  self->play_source = 0;
  if (!attached (self) || !rdx_history_step_forward (self->history) ||
      rdx_history_get_at_present (self->history))
    {
      g_object_notify (G_OBJECT (self), "playing");
      return G_SOURCE_REMOVE;
    }
  self->play_source = g_timeout_add (next_delay (self), play_step_cb, self);
  return G_SOURCE_REMOVE;
}

void
rdx_debugger_window_stop_playing (RdxDebuggerWindow *self)
{
  if (self->play_source == 0)
    return;
  g_clear_handle_id (&self->play_source, g_source_remove);
  g_object_notify (G_OBJECT (self), "playing");
}

/* Plays from the cursor, or from the base when the cursor is at the
 * present. */
void
rdx_debugger_window_set_playing (RdxDebuggerWindow *self, gboolean playing)
{
  if (!playing)
    {
      rdx_debugger_window_stop_playing (self);
      return;
    }
  if (self->play_source != 0 || !attached (self))
    return;
  if (rdx_history_get_at_present (self->history))
    rdx_history_jump (self->history, 0);
  self->play_source = g_timeout_add (next_delay (self), play_step_cb, self);
  g_object_notify (G_OBJECT (self), "playing");
}

/* The actions */

static void
step_back_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);

  rdx_debugger_window_stop_playing (self);
  rdx_history_step_back (self->history);
}

static void
step_forward_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);

  rdx_debugger_window_stop_playing (self);
  rdx_history_step_forward (self->history);
}

static void
jump_present_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);

  rdx_debugger_window_stop_playing (self);
  rdx_history_jump (self->history, rdx_debugger_window_n_entries (self) - 1);
}

static void
jump_selected_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);
  guint              last;

  if (rdx_debugger_window_get_selected (self, NULL, &last))
    rdx_history_jump (self->history, last);
}

static void
toggle_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);
  guint              position;

  if (selected_action (self, &position))
    rdx_history_toggle (self->history, position);
}

/* Moves the selected entry one place up or down, keeping it selected. */
static void
move_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);
  gboolean           up = g_str_equal (name, "win.move-up");
  guint              position;

  if (!selected_action (self, &position) || (up && position <= 1) ||
      (!up && position + 1 >= rdx_debugger_window_n_entries (self)))
    return;
  rdx_history_reorder (self->history, position, up ? position - 1 : position + 2);
  rdx_debugger_window_select_position (self, up ? position - 1 : position + 1);
}

static void
operation_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);

  rdx_debugger_window_stop_playing (self);
  if (g_str_equal (name, "win.commit"))
    rdx_history_commit (self->history);
  else if (g_str_equal (name, "win.revert"))
    rdx_history_revert (self->history);
  else if (g_str_equal (name, "win.sweep"))
    rdx_history_sweep (self->history);
  else if (g_str_equal (name, "win.reset"))
    rdx_history_reset (self->history);
  else if (g_str_equal (name, "win.discard-held"))
    rdx_history_discard_held (self->history);
  rdx_debugger_window_select_position (self, rdx_history_get_cursor (self->history));
}

static void
memory_bound_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);

  gtk_menu_button_popup (self->bound_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->bound_spin));
}

static void
check_replay_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) recomputed = NULL;
  guint position = 0;

  g_clear_pointer (&self->check_recomputed, rdx_value_unref);
  if (rdx_history_check_replay (self->history, &position, &recomputed, &error))
    {
      rdx_debugger_window_show_message (
        self, "Replay check: every entry recomputes to the state and the outcome recorded.");
      rdx_debugger_window_update_inspector (self);
      return;
    }
  if (g_error_matches (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED) && recomputed != NULL)
    {
      self->check_position = position;
      self->check_recomputed = g_steal_pointer (&recomputed);
      rdx_debugger_window_select_position (self, position);
      gtk_stack_set_visible_child_name (self->inspector_stack, "diff");
    }
  rdx_debugger_window_show_message (self, error->message);
  rdx_debugger_window_update_inspector (self);
}

static void
file_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);

  if (g_str_equal (name, "win.import"))
    rdx_debugger_window_choose_file (self, FALSE, RDX_DEBUGGER_EXPORT_RDX);
  else if (g_str_equal (name, "win.export-rdx"))
    rdx_debugger_window_choose_file (self, TRUE, RDX_DEBUGGER_EXPORT_RDX);
  else if (g_str_equal (name, "win.export-redux"))
    rdx_debugger_window_choose_file (self, TRUE, RDX_DEBUGGER_EXPORT_REDUX);
  else
    rdx_debugger_window_choose_file (self, TRUE, RDX_DEBUGGER_EXPORT_TEST);
}

static void
copy_json_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);
  g_autofree char   *json = NULL;
  guint              last;

  if (!rdx_debugger_window_get_selected (self, NULL, &last))
    return;
  json =
    rdx_value_to_json (rdx_history_entry_get_state (rdx_history_get_entry (self->history, last)));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), json);
}

static void
dispatch_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!rdx_debugger_dispatch_box_send (self, &error))
    gtk_label_set_text (self->payload_error, error->message);
}

static void
focus_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  RdxDebuggerWindow *self = RDX_DEBUGGER_WINDOW (widget);

  if (g_str_equal (name, "win.focus-filter"))
    gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
  else if (g_str_equal (name, "win.focus-dispatch"))
    gtk_widget_grab_focus (GTK_WIDGET (self->type_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->action_list));
}

static void
dismiss_cb (GtkWidget *widget, const char *name, GVariant *parameter)
{
  rdx_debugger_window_show_message (RDX_DEBUGGER_WINDOW (widget), NULL);
}

/* The wiring table: each action, its shortcut. */
void
rdx_debugger_window_class_init_actions (GtkWidgetClass *widget_class)
{
  static const struct
  {
    const char                 *name;
    GtkWidgetActionActivateFunc activate;
    guint                       key;
    GdkModifierType             modifiers;
  } actions[] = {
    { "win.step-back", step_back_cb, GDK_KEY_Left, GDK_ALT_MASK },
    { "win.step-forward", step_forward_cb, GDK_KEY_Right, GDK_ALT_MASK },
    { "win.jump-present", jump_present_cb, GDK_KEY_End, GDK_ALT_MASK },
    { "win.jump-selected", jump_selected_cb, GDK_KEY_j, GDK_CONTROL_MASK },
    { "win.toggle", toggle_cb, GDK_KEY_t, GDK_CONTROL_MASK },
    { "win.move-up", move_cb, GDK_KEY_Up, GDK_ALT_MASK },
    { "win.move-down", move_cb, GDK_KEY_Down, GDK_ALT_MASK },
    { "win.commit", operation_cb, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { "win.revert", operation_cb, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { "win.sweep", operation_cb, GDK_KEY_Delete, GDK_CONTROL_MASK },
    { "win.reset", operation_cb, GDK_KEY_Delete, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { "win.discard-held", operation_cb, GDK_KEY_BackSpace, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { "win.memory-bound", memory_bound_cb, GDK_KEY_b, GDK_CONTROL_MASK },
    { "win.check-replay", check_replay_cb, GDK_KEY_r, GDK_CONTROL_MASK },
    { "win.import", file_cb, GDK_KEY_o, GDK_CONTROL_MASK },
    { "win.export-rdx", file_cb, GDK_KEY_s, GDK_CONTROL_MASK },
    { "win.export-redux", file_cb, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { "win.export-test", file_cb, GDK_KEY_t, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { "win.copy-json", copy_json_cb, GDK_KEY_j, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { "win.dispatch", dispatch_cb, GDK_KEY_Return, GDK_CONTROL_MASK },
    { "win.focus-filter", focus_cb, GDK_KEY_f, GDK_CONTROL_MASK },
    { "win.focus-dispatch", focus_cb, GDK_KEY_d, GDK_CONTROL_MASK },
    { "win.focus-list", focus_cb, GDK_KEY_F6, 0 },
    { "win.dismiss", dismiss_cb, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
      if (actions[i].key != 0)
        gtk_widget_class_add_binding_action (widget_class, actions[i].key, actions[i].modifiers,
                                             actions[i].name, NULL);
    }

  /* Stateful: the Play, Pause and Lock toggle buttons. */
  gtk_widget_class_install_property_action (widget_class, "win.play", "playing");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.play", NULL);
  gtk_widget_class_install_property_action (widget_class, "win.pause", "recording-paused");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.pause", NULL);
  gtk_widget_class_install_property_action (widget_class, "win.lock", "locked");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}
