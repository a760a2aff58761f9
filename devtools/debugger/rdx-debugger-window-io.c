/* rdx-debugger-window-io.c: importing and exporting files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-debugger-export.h"
#include "rdx-debugger-window-private.h"

/* An event journal is an SQLite database. */
static gboolean
is_journal (GFile *file)
{
  g_autoptr (GFileInputStream) stream = g_file_read (file, NULL, NULL);
  char  header[16] = { 0 };
  gsize n = 0;

  return stream != NULL &&
         g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &n, NULL, NULL) &&
         n == sizeof header && memcmp (header, "SQLite format 3", 16) == 0;
}

static gboolean
import (RdxDebuggerWindow    *self,
        GFile                *file,
        const char           *contents,
        gsize                 length,
        RdxHistoryImportFlags flags,
        GError              **error)
{
  g_autofree char *path = NULL;

  if (contents != NULL)
    return rdx_history_import (self->history, contents, length, RDX_HISTORY_FORMAT_AUTO, flags,
                               error);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "A journal is opened from a local file, which %s is not.",
                   g_file_peek_path (file) != NULL ? g_file_peek_path (file) : "this");
      return FALSE;
    }
  return rdx_history_import_journal (self->history, path, flags, error);
}

/**
 * rdx_debugger_window_import_file:
 * @self: a debugger window
 * @file: an rdx export, a Redux DevTools export, a journal (opened
 *   read-only) or a journal's JSON Lines export
 * @error: return location for a [struct@GLib.Error]
 *
 * Replaces the history with @file's, recomputed with the store's reducer,
 * as "File → Import" does. The import is verified against what the file
 * recorded; when the reducer now gives another result, the file is still
 * shown (recomputed) and the window says where it first differs. On any
 * other error the history stays as it was.
 *
 * Returns: %TRUE if the file was imported
 */
gboolean
rdx_debugger_window_import_file (RdxDebuggerWindow *self, GFile *file, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  g_autoptr (GError) diverged = NULL;
  gsize length = 0;

  g_return_val_if_fail (RDX_IS_DEBUGGER_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_journal (file) && !g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;
  rdx_debugger_window_stop_playing (self);
  if (!import (self, file, contents, length, RDX_HISTORY_IMPORT_VERIFY, &diverged))
    {
      if (!g_error_matches (diverged, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED))
        {
          g_propagate_error (error, g_steal_pointer (&diverged));
          return FALSE;
        }
      if (!import (self, file, contents, length, RDX_HISTORY_IMPORT_DEFAULT, error))
        return FALSE;
    }

  name = g_file_get_basename (file);
  if (diverged != NULL)
    message = g_strdup_printf ("Imported %s, recomputed with this reducer, which does not give "
                               "what the file recorded. %s",
                               name, diverged->message);
  else
    message = g_strdup_printf ("Imported %s: %u entries, each as recorded.", name,
                               rdx_debugger_window_n_entries (self));
  rdx_debugger_window_show_message (self, message);
  rdx_debugger_window_select_position (self, rdx_history_get_cursor (self->history));
  rdx_debugger_dispatch_box_collect_types (self);
  return TRUE;
}

/* Writes the history (or, for a test, the selected range) to @file. */
gboolean
rdx_debugger_window_export_file (RdxDebuggerWindow    *self,
                                 RdxDebuggerExportKind kind,
                                 GFile                *file,
                                 GError              **error)
{
  g_autofree char *contents = NULL;
  guint            first;
  guint            last;

  switch (kind)
    {
      case RDX_DEBUGGER_EXPORT_RDX:
        contents = rdx_history_export (self->history, RDX_HISTORY_FORMAT_RDX);
        break;
      case RDX_DEBUGGER_EXPORT_REDUX:
        contents = rdx_history_export (self->history, RDX_HISTORY_FORMAT_REDUX_DEVTOOLS);
        break;
      case RDX_DEBUGGER_EXPORT_TEST:
      default:
        if (!rdx_debugger_window_get_selected (self, &first, &last))
          {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 "Select the entries the test should replay.");
            return FALSE;
          }
        contents = rdx_debugger_export_test (
          self->history, first, last, rdx_debugger_window_get_test_reducer_function (self), error);
        if (contents == NULL)
          return FALSE;
        break;
    }
  return g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, RdxDebuggerWindow *self)
{
  RdxDebuggerExportKind kind =
    GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "rdx-debugger-kind"));
  gboolean save =
    gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_clear_object (&self->chooser);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;
  if (!save)
    {
      if (!rdx_debugger_window_import_file (self, file, &error))
        rdx_debugger_window_show_message (self, error->message);
      return;
    }
  name = g_file_get_basename (file);
  if (!rdx_debugger_window_export_file (self, kind, file, &error))
    message = g_strdup_printf ("%s was not written: %s", name, error->message);
  else
    message = g_strdup_printf ("Wrote %s.", name);
  rdx_debugger_window_show_message (self, message);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *const *patterns)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (; *patterns != NULL; patterns++)
    gtk_file_filter_add_pattern (filter, *patterns);
  gtk_file_chooser_add_filter (chooser, filter);
}

/* Asks for a file to import from (@save FALSE) or export to. */
void
rdx_debugger_window_choose_file (RdxDebuggerWindow *self, gboolean save, RdxDebuggerExportKind kind)
{
  static const char *const sessions[] = { "*.json", "*.jsonl", "*.db", "*.journal", NULL };
  static const char *const everything[] = { "*", NULL };
  static const char *const suggested[] = { "session.rdx-history.json", "session.redux.json",
                                           "test-session.c" };
  static const char *const titles[] = { "Export the History (rdx)",
                                        "Export the History (Redux DevTools)",
                                        "Export the Selection as a Test" };
  GtkFileChooserNative    *chooser;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  chooser =
    gtk_file_chooser_native_new (save ? titles[kind] : "Import a Recording", GTK_WINDOW (self),
                                 save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                 save ? "_Export" : "_Import", "_Cancel");
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested[kind]);
  else
    {
      add_filter (GTK_FILE_CHOOSER (chooser), "Exports and journals", sessions);
      add_filter (GTK_FILE_CHOOSER (chooser), "All files", everything);
    }
  g_object_set_data (G_OBJECT (chooser), "rdx-debugger-kind", GINT_TO_POINTER (kind));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Renders @widget as it is now into a PNG file (for screenshots made by
 * tests, scripts and rdx-debugger --screenshot). */
gboolean
rdx_debugger_save_png (GtkWidget *widget, const char *path, GError **error)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkNative *native = gtk_widget_get_native (widget);
  int        width = gtk_widget_get_width (widget);
  int        height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL || native == NULL || gtk_native_get_renderer (native) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           "The window has not been drawn yet.");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s.", path);
      return FALSE;
    }
  return TRUE;
}
