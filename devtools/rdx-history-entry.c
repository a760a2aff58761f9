/* rdx-history-entry.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-history-private.h"

/**
 * RdxHistoryEntry:
 *
 * One item of an #RdxHistory: a reducer run the history recorded (or the
 * base state, at position 0). It holds the action as the reducer saw it,
 * with its sequence number and time, the state after it, how long the
 * reducer took, and why the reducer refused it if it did.
 *
 * Entries are owned by their history. The action never changes; the state,
 * the error and the skipped flag change when the history recomputes (after
 * a toggle, a reorder or a reducer replacement), and each change is
 * notified, so a view binds to the properties.
 */

enum
{
  PROP_0,
  PROP_ID,
  PROP_ACTION,
  PROP_ACTION_TYPE,
  PROP_PAYLOAD,
  PROP_SEQUENCE,
  PROP_TIME,
  PROP_DURATION,
  PROP_ERROR,
  PROP_FAILED,
  PROP_SKIPPED,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static gint        live_entries;

G_DEFINE_FINAL_TYPE (RdxHistoryEntry, rdx_history_entry, G_TYPE_OBJECT)

RdxHistoryEntry *
rdx_history_entry_new (guint id, RdxAction *action, RdxValue *state, char *error, gint64 duration)
{
  RdxHistoryEntry *self = g_object_new (RDX_TYPE_HISTORY_ENTRY, NULL);

  self->id = id;
  self->action = action;
  self->state = state;
  self->error = error;
  self->duration = duration;
  return self;
}

RdxHistoryEntryChanges
rdx_history_entry_update (RdxHistoryEntry *self, RdxValue *state, char *error)
{
  RdxHistoryEntryChanges changes = 0;

  if (self->state != state)
    changes |= RDX_HISTORY_ENTRY_CHANGED_STATE;
  rdx_value_unref (self->state);
  self->state = state;

  if (g_strcmp0 (self->error, error) != 0)
    {
      changes |= RDX_HISTORY_ENTRY_CHANGED_ERROR;
      if ((self->error != NULL) != (error != NULL))
        changes |= RDX_HISTORY_ENTRY_CHANGED_FAILED;
    }
  g_free (self->error);
  self->error = error;
  return changes;
}

RdxHistoryEntryChanges
rdx_history_entry_update_skipped (RdxHistoryEntry *self, gboolean skipped)
{
  if (self->skipped == !!skipped)
    return 0;
  self->skipped = !!skipped;
  return RDX_HISTORY_ENTRY_CHANGED_SKIPPED;
}

void
rdx_history_entry_notify (RdxHistoryEntry *self, RdxHistoryEntryChanges changes)
{
  if (changes & RDX_HISTORY_ENTRY_CHANGED_STATE)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (changes & RDX_HISTORY_ENTRY_CHANGED_ERROR)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (changes & RDX_HISTORY_ENTRY_CHANGED_FAILED)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
  if (changes & RDX_HISTORY_ENTRY_CHANGED_SKIPPED)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIPPED]);
}

gint
rdx_history_entry_get_live_count_for_testing (void)
{
  return g_atomic_int_get (&live_entries);
}

/**
 * rdx_history_entry_get_id:
 * @self: an entry
 *
 * The entry's id: unique within its history until the history is reset or
 * committed, and kept when entries move (like Redux DevTools' action ids).
 * The base entry has id 0.
 *
 * Returns: the id
 */
guint
rdx_history_entry_get_id (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), 0);

  return self->id;
}

/**
 * rdx_history_entry_get_action:
 * @self: an entry
 *
 * Returns: (transfer none): the action as the reducer saw it (after any
 *   middleware replaced it), stamped by the store
 */
RdxAction *
rdx_history_entry_get_action (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), NULL);

  return self->action;
}

/**
 * rdx_history_entry_get_action_type:
 * @self: an entry
 *
 * Returns: the action's type, such as "accounts.deposit"
 */
const char *
rdx_history_entry_get_action_type (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), NULL);

  return rdx_action_get_type_name (self->action);
}

/**
 * rdx_history_entry_get_payload:
 * @self: an entry
 *
 * Returns: (transfer none): the action's payload (the null value when none)
 */
RdxValue *
rdx_history_entry_get_payload (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), NULL);

  return rdx_action_get_payload (self->action);
}

/**
 * rdx_history_entry_get_sequence:
 * @self: an entry
 *
 * Returns: the sequence number the store gave the action (0 for the base)
 */
guint64
rdx_history_entry_get_sequence (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), 0);

  return rdx_action_get_sequence (self->action);
}

/**
 * rdx_history_entry_get_time:
 * @self: an entry
 *
 * Returns: when the action reached the reducer (the store's stamp), in
 *   microseconds since the Unix epoch (g_get_real_time()), or 0 when
 *   unknown
 */
gint64
rdx_history_entry_get_time (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), 0);

  return rdx_action_get_real_time (self->action);
}

/**
 * rdx_history_entry_get_duration:
 * @self: an entry
 *
 * How long the store's reducer took on the action: the reducer alone, not
 * the middleware around it or the listeners after it. 0 for the base and
 * for imported entries.
 *
 * Returns: the duration in microseconds
 */
gint64
rdx_history_entry_get_duration (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), 0);

  return self->duration;
}

/**
 * rdx_history_entry_get_error:
 * @self: an entry
 *
 * Returns: (nullable): why the reducer refused the action (when it was
 *   recorded, or when it was recomputed), or %NULL when it applied it
 */
const char *
rdx_history_entry_get_error (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), NULL);

  return self->error;
}

/**
 * rdx_history_entry_get_failed:
 * @self: an entry
 *
 * Returns: %TRUE when the entry has an error; its state is then the state
 *   before it
 */
gboolean
rdx_history_entry_get_failed (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), FALSE);

  return self->error != NULL;
}

/**
 * rdx_history_entry_get_skipped:
 * @self: an entry
 *
 * Returns: %TRUE when the action is skipped (toggled off); its state is then
 *   the state before it
 */
gboolean
rdx_history_entry_get_skipped (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), FALSE);

  return self->skipped;
}

/**
 * rdx_history_entry_get_state:
 * @self: an entry
 *
 * Returns: (transfer none): the state after this entry's action
 */
RdxValue *
rdx_history_entry_get_state (RdxHistoryEntry *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY_ENTRY (self), NULL);

  return self->state;
}

static void
rdx_history_entry_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdxHistoryEntry *self = RDX_HISTORY_ENTRY (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_uint (value, self->id);
        break;
      case PROP_ACTION:
        g_value_set_boxed (value, self->action);
        break;
      case PROP_ACTION_TYPE:
        g_value_set_string (value, rdx_action_get_type_name (self->action));
        break;
      case PROP_PAYLOAD:
        g_value_set_boxed (value, rdx_action_get_payload (self->action));
        break;
      case PROP_SEQUENCE:
        g_value_set_uint64 (value, rdx_action_get_sequence (self->action));
        break;
      case PROP_TIME:
        g_value_set_int64 (value, rdx_action_get_real_time (self->action));
        break;
      case PROP_DURATION:
        g_value_set_int64 (value, self->duration);
        break;
      case PROP_ERROR:
        g_value_set_string (value, self->error);
        break;
      case PROP_FAILED:
        g_value_set_boolean (value, self->error != NULL);
        break;
      case PROP_SKIPPED:
        g_value_set_boolean (value, self->skipped);
        break;
      case PROP_STATE:
        g_value_set_boxed (value, self->state);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_history_entry_finalize (GObject *object)
{
  RdxHistoryEntry *self = RDX_HISTORY_ENTRY (object);

  g_clear_pointer (&self->action, rdx_action_unref);
  g_clear_pointer (&self->state, rdx_value_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->redux, rdx_value_unref);
  g_atomic_int_add (&live_entries, -1);

  G_OBJECT_CLASS (rdx_history_entry_parent_class)->finalize (object);
}

static void
rdx_history_entry_class_init (RdxHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rdx_history_entry_get_property;
  object_class->finalize = rdx_history_entry_finalize;

  properties[PROP_ID] = g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ACTION] = g_param_spec_boxed ("action", NULL, NULL, RDX_TYPE_ACTION, flags);
  properties[PROP_ACTION_TYPE] = g_param_spec_string ("action-type", NULL, NULL, NULL, flags);
  properties[PROP_PAYLOAD] = g_param_spec_boxed ("payload", NULL, NULL, RDX_TYPE_VALUE, flags);
  properties[PROP_SEQUENCE] =
    g_param_spec_uint64 ("sequence", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_DURATION] = g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  properties[PROP_FAILED] = g_param_spec_boolean ("failed", NULL, NULL, FALSE, flags);
  properties[PROP_SKIPPED] = g_param_spec_boolean ("skipped", NULL, NULL, FALSE, flags);
  properties[PROP_STATE] = g_param_spec_boxed ("state", NULL, NULL, RDX_TYPE_VALUE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rdx_history_entry_init (RdxHistoryEntry *self)
{
  g_atomic_int_inc (&live_entries);
}
