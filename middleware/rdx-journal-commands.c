/* rdx-journal-commands.c: the commands whose outcome was not journaled yet
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-journal-private.h"

/* Commands */

static char *
command_key (const char *type, RdxValue *id)
{
  g_autofree char *id_json = rdx_value_to_json (id);

  return g_strconcat (type, "\n", id_json, NULL);
}

/* What tracking an appended action changed in the unfinished commands, so
 * that it can be undone when the action is refused after all. */
typedef struct
{
  char      *key;
  RdxAction *previous; /* the value it had, or NULL when it had none */
} PendingChange;

static void
pending_change_clear (gpointer data)
{
  PendingChange *change = data;

  g_free (change->key);
  g_clear_pointer (&change->previous, rdx_action_unref);
}

static void
note_change (GArray *changes, GHashTable *pending, const char *key)
{
  PendingChange change;
  gpointer      previous = NULL;

  if (changes == NULL)
    return;
  change.key = g_strdup (key);
  change.previous =
    g_hash_table_lookup_extended (pending, key, NULL, &previous) ? rdx_action_ref (previous) : NULL;
  g_array_append_val (changes, change);
}

void
rdx_journal_undo_changes (RdxJournal *self, GArray *changes)
{
  guint i;

  for (i = changes != NULL ? changes->len : 0; i > 0; i--)
    {
      PendingChange *change = &g_array_index (changes, PendingChange, i - 1);

      if (change->previous != NULL)
        g_hash_table_insert (self->pending, g_strdup (change->key),
                             rdx_action_ref (change->previous));
      else
        g_hash_table_remove (self->pending, change->key);
    }
}

/* Tracks @action in the unfinished commands; records in @changes (when
 * not NULL) what it changed. */
static void
track_command (RdxJournal *self, RdxAction *action, GArray *changes)
{
  const char        *type = rdx_action_get_type_name (action);
  RdxValue          *payload = rdx_action_get_payload (action);
  RdxJournalCommand *command;
  GPtrArray         *settled;
  guint              i;

  if (!rdx_value_is_map (payload))
    return;

  settled = g_hash_table_lookup (self->outcomes, type);
  for (i = 0; settled != NULL && i < settled->len; i++)
    {
      RdxJournalCommand *settles = g_ptr_array_index (settled, i);
      RdxValue          *id = rdx_map_get (payload, settles->id_key);

      if (id != NULL)
        {
          g_autofree char *key = command_key (settles->type, id);

          if (g_hash_table_contains (self->pending, key))
            {
              note_change (changes, self->pending, key);
              g_hash_table_remove (self->pending, key);
            }
        }
    }

  command = g_hash_table_lookup (self->commands, type);
  if (command != NULL)
    {
      RdxValue *id = rdx_map_get (payload, command->id_key);

      if (id != NULL)
        {
          char *key = command_key (type, id);

          note_change (changes, self->pending, key);
          g_hash_table_insert (self->pending, key, rdx_action_ref (action));
        }
    }
}

void
rdx_journal_track_command (RdxJournal *self, RdxAction *action)
{
  track_command (self, action, NULL);
}

void
rdx_journal_index_commands (RdxJournal *self)
{
  GPtrArray *commands = self->options->commands;
  guint      i, j;

  for (i = 0; i < commands->len; i++)
    {
      RdxJournalCommand *command = g_ptr_array_index (commands, i);

      g_hash_table_insert (self->commands, command->type, command);
      for (j = 0; command->outcomes[j] != NULL; j++)
        {
          GPtrArray *list = g_hash_table_lookup (self->outcomes, command->outcomes[j]);

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (self->outcomes, command->outcomes[j], list);
            }
          g_ptr_array_add (list, command);
        }
    }
}

static int
compare_by_sequence (gconstpointer a, gconstpointer b)
{
  guint64 sa = rdx_action_get_sequence (*(RdxAction *const *) a);
  guint64 sb = rdx_action_get_sequence (*(RdxAction *const *) b);

  return sa < sb ? -1 : sa > sb;
}

/**
 * rdx_journal_dup_unfinished_commands:
 * @self: a journal
 *
 * The commands (see [method@Rdx.JournalOptions.add_command]) whose outcome was
 * never journaled: after a crash, those the program was working on when
 * it died. The application resumes or fails each of them explicitly, by
 * dispatching an outcome with the same request id.
 *
 * Each action is the command as it was journaled: its sequence number is
 * the journal's, and its real time when it was dispatched.
 *
 * Returns: (transfer full) (element-type RdxAction): the unfinished
 *   commands, oldest first
 */
GPtrArray *
rdx_journal_dup_unfinished_commands (RdxJournal *self)
{
  GPtrArray     *result;
  GHashTableIter iter;
  gpointer       action;

  g_return_val_if_fail (RDX_IS_JOURNAL (self), NULL);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &action))
    g_ptr_array_add (result, rdx_action_ref (action));
  g_ptr_array_sort (result, compare_by_sequence);
  return result;
}

/* Tracks an appended command or outcome in the unfinished commands, as
 * the journal keeps it: stamped with the journal's sequence number.
 * Returns what changed, to undo if the action is refused after all (NULL
 * when @action is neither). */
GArray *
rdx_journal_track_appended (RdxJournal *self, RdxAction *action, guint64 seq)
{
  const char *type = rdx_action_get_type_name (action);
  g_autoptr (RdxAction) stamped = NULL;
  GArray *changes;

  if (!g_hash_table_contains (self->commands, type) &&
      !g_hash_table_contains (self->outcomes, type))
    return NULL;
  stamped = rdx_action_new_stamped (type, rdx_action_get_payload (action), seq,
                                    rdx_action_get_monotonic_time (action),
                                    rdx_action_get_real_time (action));
  changes = g_array_new (FALSE, FALSE, sizeof (PendingChange));
  g_array_set_clear_func (changes, pending_change_clear);
  track_command (self, stamped, changes);
  return changes;
}
