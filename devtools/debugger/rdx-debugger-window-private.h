/* rdx-debugger-window-private.h: what the window's files share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-debugger-export.h"
#include "rdx-debugger-rows-private.h"
#include "rdx-debugger-tree-private.h"
#include "rdx-debugger-window.h"

G_BEGIN_DECLS

struct _RdxDebuggerWindow
{
  GtkWindow parent_instance;

  /* Template widgets */
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;
  GtkSearchEntry      *filter_entry;
  GtkCheckButton      *regex_check;
  GtkCheckButton      *hide_ui_check;
  GtkScrolledWindow   *action_scroller;
  GtkColumnView       *action_list;
  GtkColumnViewColumn *number_column;
  GtkColumnViewColumn *type_column;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *duration_column;
  GtkColumnViewColumn *changes_column;
  GtkColumnViewColumn *cost_column;
  GtkEntry            *type_entry;
  GtkTextView         *payload_view;
  GtkLabel            *payload_schema;
  GtkLabel            *payload_error;
  GtkButton           *dispatch_button;
  GtkStack            *inspector_stack;
  GtkLabel            *action_details;
  GtkTextView         *action_payload_view;
  GtkColumnView       *state_view;
  GtkColumnViewColumn *key_column;
  GtkLabel            *diff_title;
  GtkListView         *diff_list;
  GtkLabel            *json_note;
  GtkTextView         *json_view;
  GtkRevealer         *held_revealer;
  GtkLabel            *held_label;
  GtkLabel            *held_actions;
  GtkScale            *timeline_scale;
  GtkAdjustment       *timeline_adjustment;
  GtkDropDown         *speed_dropdown;
  GtkMenuButton       *bound_button;
  GtkSpinButton       *bound_spin;
  GtkLabel            *status_label;

  /* Owned */
  RdxHistory           *history;
  RdxDebuggerRows      *rows;
  GtkMultiSelection    *selection;
  GtkEntryCompletion   *completion;
  GtkListStore         *completion_types;
  char                 *test_reducer_function;
  RdxValue             *check_recomputed; /* the replay check's divergent state, nullable */
  RdxValue             *tree_state;       /* the state the tree shows, nullable */
  GtkFileChooserNative *chooser;
  GTimeZone            *time_zone; /* the local one, read once */

  guint  check_position; /* valid while check_recomputed is set */
  guint  last_cursor;
  guint  play_source;
  gint64 max_duration;   /* the largest reducer time, for the cost strip */
  guint  projecting : 1; /* an update is writing widgets: ignore their signals */
  guint  durations_dirty : 1;
  guint  payload_valid : 1;
  guint  scroll_pending : 1; /* scroll to the selection once the list is laid out */
};

/* rdx-debugger-window.c */
void     rdx_debugger_window_update_all (RdxDebuggerWindow *self);
void     rdx_debugger_window_update_timeline (RdxDebuggerWindow *self);
void     rdx_debugger_window_update_inspector (RdxDebuggerWindow *self);
void     rdx_debugger_window_show_message (RdxDebuggerWindow *self, const char *message);
gboolean rdx_debugger_window_get_selected (RdxDebuggerWindow *self, guint *first, guint *last);
void     rdx_debugger_window_select_position (RdxDebuggerWindow *self, guint position);
guint    rdx_debugger_window_n_entries (RdxDebuggerWindow *self);

/* rdx-debugger-window-actions.c */
void rdx_debugger_window_class_init_actions (GtkWidgetClass *widget_class);
void rdx_debugger_window_update_actions (RdxDebuggerWindow *self);
void rdx_debugger_window_stop_playing (RdxDebuggerWindow *self);
void rdx_debugger_window_set_playing (RdxDebuggerWindow *self, gboolean playing);

/* rdx-debugger-window-io.c: files */
typedef enum
{
  RDX_DEBUGGER_EXPORT_RDX,
  RDX_DEBUGGER_EXPORT_REDUX,
  RDX_DEBUGGER_EXPORT_TEST,
} RdxDebuggerExportKind;

gboolean rdx_debugger_window_export_file (RdxDebuggerWindow    *self,
                                          RdxDebuggerExportKind kind,
                                          GFile                *file,
                                          GError              **error);
void     rdx_debugger_window_choose_file (RdxDebuggerWindow    *self,
                                          gboolean              save,
                                          RdxDebuggerExportKind kind);

gboolean rdx_debugger_save_png (GtkWidget *widget, const char *path, GError **error);

/* rdx-debugger-dispatch.c: the dispatch box */
void     rdx_debugger_dispatch_box_init (RdxDebuggerWindow *self);
void     rdx_debugger_dispatch_box_collect_types (RdxDebuggerWindow *self);
gboolean rdx_debugger_dispatch_box_validate (RdxDebuggerWindow *self, GError **error);
void     rdx_debugger_dispatch_box_update (RdxDebuggerWindow *self);
gboolean rdx_debugger_dispatch_box_send (RdxDebuggerWindow *self, GError **error);

G_END_DECLS
