/* rdx-journal-options.c: how an application wants its journal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-journal-private.h"

/**
 * RdxJournalOptions:
 *
 * What [func@Rdx.Journal.open] needs to know: the application id, the reducer
 * that rebuilds the state, the durability policy, the snapshot interval,
 * which actions and state keys are transient, the event version with its
 * upcaster, and which action types are commands.
 *
 * The journal reads the options when it opens and keeps its own copy:
 * set them all before. Changing them afterwards affects only journals
 * opened afterwards.
 */

G_DEFINE_BOXED_TYPE (RdxJournalOptions,
                     rdx_journal_options,
                     rdx_journal_options_ref,
                     rdx_journal_options_unref)

static void
command_free (RdxJournalCommand *command)
{
  g_free (command->type);
  g_free (command->id_key);
  g_strfreev (command->outcomes);
  g_free (command);
}

static RdxJournalCommand *
command_copy (const RdxJournalCommand *command)
{
  RdxJournalCommand *copy = g_new0 (RdxJournalCommand, 1);

  copy->type = g_strdup (command->type);
  copy->id_key = g_strdup (command->id_key);
  copy->outcomes = g_strdupv (command->outcomes);
  return copy;
}

static RdxJournalHook *
hook_new (GCallback func, gpointer data, GDestroyNotify destroy)
{
  RdxJournalHook *hook;

  if (func == NULL)
    {
      if (destroy != NULL)
        destroy (data);
      return NULL;
    }
  hook = g_new0 (RdxJournalHook, 1);
  g_atomic_ref_count_init (&hook->ref_count);
  hook->func = func;
  hook->data = data;
  hook->destroy = destroy;
  return hook;
}

static RdxJournalHook *
hook_ref (RdxJournalHook *hook)
{
  if (hook != NULL)
    g_atomic_ref_count_inc (&hook->ref_count);
  return hook;
}

static void
hook_unref (RdxJournalHook *hook)
{
  if (hook == NULL || !g_atomic_ref_count_dec (&hook->ref_count))
    return;
  if (hook->destroy != NULL)
    hook->destroy (hook->data);
  g_free (hook);
}

/**
 * rdx_journal_options_new:
 * @app_id: the application's id, such as "org.example.Bank"; a journal
 *   written by another application is refused
 * @reducer: the root reducer the store uses, to rebuild the state
 *
 * Makes options with the defaults: %RDX_JOURNAL_DURABILITY_SYNC, batches of
 * at most 100 ms or 1,000 actions (for the batched policies), a snapshot
 * every 10,000 actions and one when the journal closes, event version 1.
 *
 * Returns: (transfer full): new options
 */
RdxJournalOptions *
rdx_journal_options_new (const char *app_id, RdxReducer *reducer)
{
  RdxJournalOptions *self;

  g_return_val_if_fail (app_id != NULL && *app_id != '\0', NULL);
  g_return_val_if_fail (g_utf8_validate (app_id, -1, NULL), NULL);
  g_return_val_if_fail (reducer != NULL, NULL);

  self = g_new0 (RdxJournalOptions, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->app_id = g_strdup (app_id);
  self->reducer = rdx_reducer_ref (reducer);
  self->durability = RDX_JOURNAL_DURABILITY_SYNC;
  self->batch_ms = 100;
  self->batch_actions = 1000;
  self->snapshot_interval = 10000;
  self->event_version = 1;
  self->transient_keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->transient_keys, NULL);
  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  return self;
}

/**
 * rdx_journal_options_ref:
 * @self: options
 *
 * Takes a reference to the options.
 *
 * Returns: (transfer full): @self
 */
RdxJournalOptions *
rdx_journal_options_ref (RdxJournalOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * rdx_journal_options_unref:
 * @self: (transfer full): options
 *
 * Drops a reference.
 */
void
rdx_journal_options_unref (RdxJournalOptions *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  hook_unref (self->transient);
  hook_unref (self->upcast);
  g_ptr_array_unref (self->transient_keys);
  g_ptr_array_unref (self->commands);
  rdx_reducer_unref (self->reducer);
  g_free (self->app_id);
  g_free (self);
}

/**
 * rdx_journal_options_set_durability:
 * @self: options
 * @durability: when an acknowledged action is safe
 *
 * Chooses the durability policy (see [enum@Rdx.JournalDurability]).
 */
void
rdx_journal_options_set_durability (RdxJournalOptions *self, RdxJournalDurability durability)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (durability <= RDX_JOURNAL_DURABILITY_NONE);

  self->durability = durability;
}

/**
 * rdx_journal_options_set_batch:
 * @self: options
 * @max_ms: commit at most this many milliseconds after the first action of
 *   a batch (at least 1)
 * @max_actions: commit when a batch has this many actions (at least 1)
 *
 * Sets the window of the batched policies: a crash loses at most the
 * actions of the open batch.
 */
void
rdx_journal_options_set_batch (RdxJournalOptions *self, guint max_ms, guint max_actions)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_ms > 0);
  g_return_if_fail (max_actions > 0);

  self->batch_ms = max_ms;
  self->batch_actions = max_actions;
}

/**
 * rdx_journal_options_set_snapshot_interval:
 * @self: options
 * @n_actions: write a snapshot of the state after each event whose
 *   sequence number is a multiple of this, or 0 for snapshots only when the
 *   journal closes
 *
 * Snapshots make opening fast: the rebuild starts from the newest one. A
 * snapshot costs time in proportion to the size of the state.
 */
void
rdx_journal_options_set_snapshot_interval (RdxJournalOptions *self, guint n_actions)
{
  g_return_if_fail (self != NULL);

  self->snapshot_interval = n_actions;
}

/**
 * rdx_journal_options_set_flags:
 * @self: options
 * @flags: flags for [func@Rdx.Journal.open]
 *
 * Sets how the journal opens.
 */
void
rdx_journal_options_set_flags (RdxJournalOptions *self, RdxJournalOpenFlags flags)
{
  g_return_if_fail (self != NULL);

  self->flags = flags;
}

/**
 * rdx_journal_options_set_transient_func:
 * @self: options
 * @func: (nullable): tells transient actions, which are not journaled
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the options
 *
 * Sets the predicate for transient actions. Actions of rdx itself
 * ("@@rdx/...") are never journaled.
 */
void
rdx_journal_options_set_transient_func (RdxJournalOptions      *self,
                                        RdxJournalTransientFunc func,
                                        gpointer                user_data,
                                        GDestroyNotify          destroy)
{
  g_return_if_fail (self != NULL);

  hook_unref (self->transient);
  self->transient = hook_new ((GCallback) func, user_data, destroy);
}

/**
 * rdx_journal_options_add_transient_key:
 * @self: options
 * @key: a top-level key of the state (the state is a map)
 *
 * Declares a part of the state transient: it is left out of the state
 * digest and of snapshots, and a rebuilt state takes it from the reducer's
 * initial state. Transient actions may change only these parts.
 *
 * A journal opened read-only (%RDX_JOURNAL_OPEN_READ_ONLY) with options
 * that declare no transient key uses those the application recorded in the
 * journal when it last opened it.
 */
void
rdx_journal_options_add_transient_key (RdxJournalOptions *self, const char *key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  g_ptr_array_insert (self->transient_keys, self->transient_keys->len - 1, g_strdup (key));
}

/**
 * rdx_journal_options_set_event_version:
 * @self: options
 * @version: the version of the application's events (at least 1)
 *
 * Each event is journaled with this number. When the shape of an event's
 * payload changes, raise it and set an upcaster
 * ([method@Rdx.JournalOptions.set_upcaster]) that rewrites older events.
 * Snapshots written with another version are not used.
 *
 * A journal opened read-only (%RDX_JOURNAL_OPEN_READ_ONLY) with options
 * that do not set the event version uses the one the application recorded
 * in the journal when it last opened it.
 */
void
rdx_journal_options_set_event_version (RdxJournalOptions *self, guint version)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (version > 0);

  self->event_version = version;
  self->event_version_set = TRUE;
}

/**
 * rdx_journal_options_set_upcaster:
 * @self: options
 * @func: (nullable): rewrites events of older versions
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the options
 *
 * Sets the hook that upgrades events written with an older event version
 * when they are replayed. The journal itself is never rewritten.
 */
void
rdx_journal_options_set_upcaster (RdxJournalOptions   *self,
                                  RdxJournalUpcastFunc func,
                                  gpointer             user_data,
                                  GDestroyNotify       destroy)
{
  g_return_if_fail (self != NULL);

  hook_unref (self->upcast);
  self->upcast = hook_new ((GCallback) func, user_data, destroy);
}

/**
 * rdx_journal_options_add_command:
 * @self: options
 * @command_type: an action type that asks for something, such as
 *   "transfers.requested"
 * @id_key: the payload key that holds its request id, such as "request_id"
 * @first_outcome_type: an action type that settles it, such as
 *   "transfers.completed"
 * @...: more outcome types, then %NULL
 *
 * Declares a command. A command whose outcome (an action of one of the
 * outcome types with the same request id in @id_key) was never journaled
 * is *unfinished*: [method@Rdx.Journal.dup_unfinished_commands] lists them, so the
 * application can resume or fail them after a crash.
 */
void
rdx_journal_options_add_command (RdxJournalOptions *self,
                                 const char        *command_type,
                                 const char        *id_key,
                                 const char        *first_outcome_type,
                                 ...)
{
  g_autoptr (GPtrArray) outcomes = g_ptr_array_new ();
  const char *outcome;
  va_list     args;

  va_start (args, first_outcome_type);
  for (outcome = first_outcome_type; outcome != NULL; outcome = va_arg (args, const char *))
    g_ptr_array_add (outcomes, (gpointer) outcome);
  va_end (args);
  g_ptr_array_add (outcomes, NULL);

  rdx_journal_options_add_commandv (self, command_type, id_key,
                                    (const char *const *) outcomes->pdata);
}

/**
 * rdx_journal_options_add_commandv: (rename-to rdx_journal_options_add_command)
 * @self: options
 * @command_type: an action type that asks for something
 * @id_key: the payload key that holds its request id
 * @outcome_types: (array zero-terminated=1): the action types that settle
 *   it, at least one
 *
 * Declares a command, as [method@Rdx.JournalOptions.add_command] does,
 * with the outcome types in an array.
 */
void
rdx_journal_options_add_commandv (RdxJournalOptions *self,
                                  const char        *command_type,
                                  const char        *id_key,
                                  const char *const *outcome_types)
{
  RdxJournalCommand *command;

  g_return_if_fail (self != NULL);
  g_return_if_fail (command_type != NULL);
  g_return_if_fail (id_key != NULL);
  g_return_if_fail (outcome_types != NULL && outcome_types[0] != NULL);

  command = g_new0 (RdxJournalCommand, 1);
  command->type = g_strdup (command_type);
  command->id_key = g_strdup (id_key);
  command->outcomes = g_strdupv ((GStrv) outcome_types);
  g_ptr_array_add (self->commands, command);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

RdxJournalOptions *
rdx_journal_options_freeze (RdxJournalOptions *options)
{
  RdxJournalOptions *self = rdx_journal_options_new (options->app_id, options->reducer);
  guint              i;

  self->durability = options->durability;
  self->batch_ms = options->batch_ms;
  self->batch_actions = options->batch_actions;
  self->snapshot_interval = options->snapshot_interval;
  self->flags = options->flags;
  self->event_version = options->event_version;
  self->event_version_set = options->event_version_set;
  self->profiling = options->profiling;
  self->transient = hook_ref (options->transient);
  self->upcast = hook_ref (options->upcast);
  rdx_journal_options_set_transient_keys (self,
                                          (const char *const *) options->transient_keys->pdata);
  for (i = 0; i < options->commands->len; i++)
    g_ptr_array_add (self->commands, command_copy (g_ptr_array_index (options->commands, i)));
  return self;
}

void
rdx_journal_options_set_transient_keys (RdxJournalOptions *self, const char *const *keys)
{
  g_ptr_array_set_size (self->transient_keys, 0);
  for (; keys != NULL && *keys != NULL; keys++)
    g_ptr_array_add (self->transient_keys, g_strdup (*keys));
  g_ptr_array_add (self->transient_keys, NULL);
}

char *
rdx_journal_options_transient_keys_json (RdxJournalOptions *self)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  g_autoptr (RdxValue) list = NULL;
  RdxListBuilder *builder = rdx_list_builder_new (NULL);
  guint           i;

  for (i = 0; i + 1 < self->transient_keys->len; i++)
    g_ptr_array_add (keys, g_ptr_array_index (self->transient_keys, i));
  g_ptr_array_sort (keys, compare_strings);
  for (i = 0; i < keys->len; i++)
    if (i == 0 || strcmp (g_ptr_array_index (keys, i), g_ptr_array_index (keys, i - 1)) != 0)
      rdx_list_builder_append_take (builder, rdx_value_new_string (g_ptr_array_index (keys, i)));
  list = rdx_list_builder_end (builder);
  return rdx_value_to_json (list);
}

char *
rdx_journal_options_commands_fingerprint (RdxJournalOptions *self)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new ("[");
  guint    i, j;

  for (i = 0; i < self->commands->len; i++)
    {
      RdxJournalCommand *command = g_ptr_array_index (self->commands, i);
      g_autoptr (GPtrArray) outcomes = g_ptr_array_new ();
      g_autoptr (RdxValue) list = NULL;
      RdxListBuilder *builder = rdx_list_builder_new (NULL);

      for (j = 0; command->outcomes[j] != NULL; j++)
        g_ptr_array_add (outcomes, command->outcomes[j]);
      g_ptr_array_sort (outcomes, compare_strings);
      for (j = 0; j < outcomes->len; j++)
        rdx_list_builder_append_take (builder,
                                      rdx_value_new_string (g_ptr_array_index (outcomes, j)));

      list = rdx_list_new_take (rdx_value_new_string (command->type),
                                rdx_value_new_string (command->id_key),
                                rdx_list_builder_end (builder), NULL);
      g_ptr_array_add (entries, rdx_value_to_json (list));
    }
  g_ptr_array_sort (entries, compare_strings);
  for (i = 0; i < entries->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (entries, i));
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

void
rdx_journal_options_set_profiling (RdxJournalOptions *options, gboolean profiling)
{
  options->profiling = !!profiling;
}
