/* rdx-history.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "rdx-history-private.h"

/**
 * RdxHistory:
 *
 * Records every action a store's reducer runs on and travels through them:
 * the model of a time-travel debugger, with no widgets. It is a
 * [iface@Gio.ListModel] of [class@RdxDevtools.HistoryEntry]: position 0 is the base (the state the
 * history starts from, as Redux DevTools' `@@INIT`), and each later
 * position is one reducer run with the state after it.
 *
 * A history records what the store's reducer does, through its middleware,
 * which must be the outermost one in the store's chain: it passes each
 * action on with [method@Rdx.DispatchNext.observe], and the store reports each
 * reducer run, so the history appends one entry with the action exactly as
 * the reducer saw it (after any middleware replaced it), the state after it
 * or the reducer's error, and the reducer's own time. Being first, the
 * middleware also holds or refuses the app's actions before any other
 * middleware or effect runs. A dispatch that a middleware swallows or
 * refuses is not recorded: the reducer never ran on it. A replaced reducer
 * is recorded from [signal@Rdx.Store::reducer-replaced]. Make the store with the
 * history's middleware first:
 *
 * |[<!-- language="C" -->
 * g_autoptr (RdxHistory) history = rdx_history_new ("org.example.Bank");
 * g_autoptr (RdxStore) store =
 *   rdx_store_new_with_middleware (reducer, NULL,
 *                                  rdx_history_get_middleware (history),
 *                                  effects, journal, NULL);
 * ]|
 *
 * The history attaches when the store is made and detaches when the store
 * is disposed. Neither keeps the other alive.
 *
 * The operations follow Redux DevTools' instrument: jump to an entry (the
 * store shows that entry's state and its listeners run; no reducer and no
 * middleware run), step back and forward, toggle (skip or un-skip) an
 * action, reorder an action, commit, revert, sweep, reset, pause recording,
 * and lock. Toggling and reordering recompute the states from the first
 * entry they change, calling the store's reducer directly, never the
 * middleware chain, so no effect or journal write happens twice.
 *
 * When the app dispatches while the history shows the past, the action is
 * held (not applied, not lost) until the history is back at the present:
 * then the held actions are dispatched in order. See docs/time-travel.md.
 *
 * When an edit (a toggle, a reorder, an import, a commit or revert of an
 * edited past) changes the state the app goes on from, the state at the
 * present, the history does not merely show it: it replaces the store's
 * state through the chain ([method@Rdx.Store.replace_state]), saying which edits
 * caused it, so the middleware hears of it and a journal records it. The
 * journal then never holds a state its events cannot rebuild.
 *
 * Each operation changes the history in full before it tells anyone
 * (items-changed, then the history's and the entries' notifications, then
 * the store shows the cursor's state), so their handlers may call any
 * operation; a dispatch from one of them is held until the operation is
 * done.
 *
 * Everything runs on the store's thread, like the store's listeners.
 */

/* One dispatch through the history's middleware, on the stack of that
 * dispatch: the entry its reducer run made, so a refusal after the reducer
 * can be undone in the history too. */
typedef struct
{
  struct _Link    *link;
  RdxHistoryEntry *entry;   /* owned, nullable: the entry its reducer run made */
  gboolean         reduced; /* the reducer ran for it */
} Call;

/* What the middleware and the store's callbacks know of their history:
 * cleared when the history goes, so a store that outlives it dispatches
 * straight through. */
typedef struct _Link
{
  RdxHistory *history;
} Link;

struct _RdxHistory
{
  GObject parent_instance;

  /* Borrowed: set by the middleware's setup hook, cleared by its teardown
   * (or when the history goes first). */
  RdxStore *store;

  /* Owned */
  char          *app_id;
  RdxMiddleware *middleware;
  Link          *link;         /* owned by the middleware */
  GPtrArray     *entries;      /* RdxHistoryEntry, owned by hand; [first] is the base */
  RdxValue      *initial;      /* the state when the store was attached */
  GQueue         held;         /* RdxAction dispatched while in the past or busy */
  RdxValue      *goes_on_from; /* the state the chain last went on from */
  GPtrArray     *edits;        /* char *: the edits since, for a person */

  RdxAction *released;    /* borrowed: the held action being applied now */
  guint      first;       /* entries[0 .. first) are dead slots (NULL) */
  guint      busy;        /* depth of operations telling about a change */
  guint      dispatching; /* depth of dispatches through the middleware */
  gulong     replaced_id; /* reducer-replaced handler */
  guint      listener_id;
  guint      cursor;
  guint      next_id;
  guint      max_entries;
  gsize      max_import; /* the largest document an import reads, in bytes */
  guint      reshow : 1; /* show the cursor again once the listeners run */
  guint      paused : 1;
  guint      locked : 1;
  guint      own_dispatch : 1;
  guint      releasing : 1;
};

enum
{
  PROP_0,
  PROP_APP_ID,
  PROP_STORE,
  PROP_CURSOR,
  PROP_AT_PRESENT,
  PROP_PAUSED,
  PROP_LOCKED,
  PROP_MAX_ENTRIES,
  PROP_N_HELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rdx_history_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdxHistory,
                               rdx_history,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rdx_history_list_model_init))

/* clang-format off */
G_DEFINE_QUARK (rdx-history-error-quark, rdx_history_error)
/* clang-format on */

static void maybe_release_held (RdxHistory *self);

/* Helpers */

static inline guint
n_entries (RdxHistory *self)
{
  return self->entries->len - self->first;
}

static inline RdxHistoryEntry *
entry_at (RdxHistory *self, guint position)
{
  return g_ptr_array_index (self->entries, self->first + position);
}

static inline guint
last_position (RdxHistory *self)
{
  return n_entries (self) - 1;
}

static inline gboolean
at_present (RdxHistory *self)
{
  return self->cursor == last_position (self);
}

/* Every operation changes the history in full, without a signal, and only
 * then tells about it: items-changed first (so a GListModel's listeners
 * hear of each change before anything else can change it again), then the
 * history's properties, then the entries' properties, then the store shows
 * the cursor's state. Any of those handlers may call any operation or
 * dispatch, so an operation uses nothing it computed before it told.
 * Between begin_change() and end_change() the app's dispatches are held
 * (the store may not show the cursor's state yet, and a change applied in
 * the middle would reach later handlers before the one they are hearing
 * of); they are applied in order at the end, as the held actions of the
 * past are. */
static void
begin_change (RdxHistory *self)
{
  g_object_ref (self);
  self->busy++;
}

static void
end_change (RdxHistory *self)
{
  if (--self->busy == 0)
    maybe_release_held (self);
  g_object_unref (self);
}

/* Tells that the entries at [@position, @position + @removed) were
 * replaced by @added ones, and notifies the cursor and at-present if they
 * changed from @cursor and @was_present. */
static void
tell (RdxHistory *self,
      guint       position,
      guint       removed,
      guint       added,
      guint       cursor,
      gboolean    was_present)
{
  gboolean cursor_changed = self->cursor != cursor;
  gboolean present_changed = at_present (self) != was_present;

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (cursor_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
  if (present_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT_PRESENT]);
}

/* Entries whose properties changed, to notify once the history is
 * consistent. */
typedef struct
{
  RdxHistoryEntry       *entry; /* owned */
  RdxHistoryEntryChanges changes;
} Touched;

static void
touched_clear (gpointer data)
{
  g_object_unref (((Touched *) data)->entry);
}

static GArray *
touched_new (void)
{
  GArray *touched = g_array_new (FALSE, FALSE, sizeof (Touched));

  g_array_set_clear_func (touched, touched_clear);
  return touched;
}

static void
touch (GArray *touched, RdxHistoryEntry *entry, RdxHistoryEntryChanges changes)
{
  Touched t = { NULL, changes };

  if (changes == 0)
    return;
  t.entry = g_object_ref (entry);
  g_array_append_val (touched, t);
}

/* Notifies and frees @touched. */
static void
notify_touched (GArray *touched)
{
  for (guint i = 0; i < touched->len; i++)
    {
      Touched *t = &g_array_index (touched, Touched, i);

      rdx_history_entry_notify (t->entry, t->changes);
    }
  g_array_unref (touched);
}

/* Notes an edit, to say what replaced the state at the present when it
 * changes the state the app goes on from. */
G_GNUC_PRINTF (2, 3)
static void
note_edit (RdxHistory *self, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->edits, g_strdup_vprintf (format, args));
  va_end (args);
}

/* The chain went on from the store's state: what the app goes on from. */
static void
went_on (RdxHistory *self)
{
  RdxValue *state = rdx_store_get_state (self->store);

  if (self->goes_on_from != state)
    {
      g_clear_pointer (&self->goes_on_from, rdx_value_unref);
      self->goes_on_from = rdx_value_ref (state);
    }
  if (self->edits->len > 0)
    g_ptr_array_set_size (self->edits, 0);
}

/* The state at the present changed under edits: it becomes the state the
 * app goes on from through the chain, as @@rdx/STATE_REPLACED with what
 * caused it, so a journal records it. */
static void
replace_present (RdxHistory *self, RdxValue *state)
{
  g_autoptr (GString) cause = g_string_new ("Time travel in the debugger: ");
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < self->edits->len; i++)
    g_string_append_printf (cause, "%s%s", i > 0 ? "; " : "",
                            (const char *) g_ptr_array_index (self->edits, i));
  if (self->edits->len == 0)
    g_string_append (cause, "the state at the present changed");
  g_string_append (cause, ".");
  if (!rdx_store_replace_state (self->store, state, cause->str, &error))
    {
      g_warning ("The state time travel left at the present could not be made the state the "
                 "application goes on from: %s. It is shown; a journal records it before the "
                 "next action it journals.",
                 error->message);
      rdx_store_show_state (self->store, state);
    }
}

/* Makes the store show @state, without reducer or middleware. With @force,
 * even when the store shows it already (a jump runs the listeners). The
 * present's state, when edits changed it from the state the app went on
 * from, is given to the store through the chain instead. */
static void
show (RdxHistory *self, RdxValue *state, gboolean force)
{
  if (self->store == NULL)
    return;
  if (at_present (self) && state == entry_at (self, last_position (self))->state &&
      self->goes_on_from != NULL && !rdx_value_equal (state, self->goes_on_from))
    {
      replace_present (self, state);
      return;
    }
  if (!force && rdx_store_get_state (self->store) == state)
    return;

  /* The store's listeners run now, but no reducer, so nothing is recorded
   * for it; a listener may dispatch, which is held or recorded as usual. */
  rdx_store_show_state (self->store, state);
}

static void
show_cursor (RdxHistory *self)
{
  show (self, entry_at (self, self->cursor)->state, FALSE);
}

static RdxAction *
new_private_action (const char *type)
{
  gint64 mono = g_get_monotonic_time ();

  return rdx_action_new_stamped (type, NULL, 0, mono, g_get_real_time ());
}

/* Takes the entries at [position, position + n) out of the history,
 * without a signal, and returns them (transfer full), to be released once
 * the history told about it. Removing right after the base moves the base
 * up instead of every later entry down, and the dead slots that leaves
 * before it are dropped once they outnumber the live ones: folding the
 * oldest entries into the base costs what it folds, not the length of
 * the history. */
static GPtrArray *
steal_range (RdxHistory *self, guint position, guint n)
{
  GPtrArray *stolen = g_ptr_array_new_full (n, g_object_unref);
  gpointer  *slots = self->entries->pdata + self->first;

  if (n == 0)
    return stolen;
  for (guint i = position; i < position + n; i++)
    g_ptr_array_add (stolen, slots[i]);

  if (position != 1)
    {
      g_ptr_array_remove_range (self->entries, self->first + position, n);
      return stolen;
    }

  slots[n] = slots[0];
  memset (slots, 0, n * sizeof (gpointer));
  self->first += n;
  if (self->first > n_entries (self))
    {
      g_ptr_array_remove_range (self->entries, 0, self->first);
      self->first = 0;
    }
  return stolen;
}

/* Removes the entries at [position, position + n) and tells. The cursor
 * keeps its position, pulled back to the last entry if it was past it. */
static void
remove_entries (RdxHistory *self, guint position, guint n)
{
  guint    cursor = self->cursor;
  gboolean was_present = at_present (self);
  g_autoptr (GPtrArray) stolen = steal_range (self, position, n);

  self->cursor = MIN (self->cursor, last_position (self));
  tell (self, position, n, 0, cursor, was_present);
}

/* Drops every entry after the base, makes @base the base state, puts the
 * cursor on the base, and tells. For commit, revert, reset and unpausing. */
static void
squash (RdxHistory *self, RdxValue *base)
{
  guint    cursor = self->cursor;
  gboolean was_present = at_present (self);
  guint    removed = last_position (self);
  GArray  *touched = touched_new ();
  g_autoptr (GPtrArray) stolen = steal_range (self, 1, removed);

  self->next_id = 1;
  self->cursor = 0;
  touch (touched, entry_at (self, 0),
         rdx_history_entry_update (entry_at (self, 0), rdx_value_ref (base), NULL));
  tell (self, 1, removed, 0, cursor, was_present);
  notify_touched (touched);
}

gsize
rdx_history_get_max_import_size (RdxHistory *self)
{
  return self->max_import;
}

void
rdx_history_set_max_import_size_for_testing (RdxHistory *self, gsize max_bytes)
{
  self->max_import = max_bytes > 0 ? max_bytes : RDX_VALUE_MAX_INPUT;
}

/* Recomputing */

RdxReducer *
rdx_history_get_reducer (RdxHistory *self)
{
  return self->store != NULL ? rdx_store_get_reducer (self->store) : NULL;
}

static gboolean
is_open_paused_entry (RdxHistory *self, guint position)
{
  return self->paused && position == last_position (self) && position > 0 &&
         rdx_action_is (entry_at (self, position)->action, RDX_HISTORY_ACTION_PAUSED);
}

/* Recomputes the states of the entries from @start on, without a signal:
 * one reducer call per entry that is not skipped. Entries before @start
 * keep their states. The entries that changed go to @touched. */
static void
recompute_from (RdxHistory *self, guint start, GArray *touched)
{
  RdxReducer *reducer = rdx_history_get_reducer (self);

  if (reducer == NULL)
    return;

  for (guint i = MAX (start, 1); i < n_entries (self); i++)
    {
      RdxHistoryEntry *entry = entry_at (self, i);
      RdxValue        *previous = entry_at (self, i - 1)->state;
      GError          *error = NULL;
      RdxValue        *next;

      /* What was applied while paused cannot be recomputed. */
      if (is_open_paused_entry (self, i))
        break;

      if (entry->skipped)
        {
          touch (touched, entry, rdx_history_entry_update (entry, rdx_value_ref (previous), NULL));
          continue;
        }

      next = rdx_reducer_replay (reducer, previous, entry->action, &error);
      if (next != NULL)
        touch (touched, entry, rdx_history_entry_update (entry, next, NULL));
      else
        {
          touch (
            touched, entry,
            rdx_history_entry_update (entry, rdx_value_ref (previous), g_strdup (error->message)));
          g_error_free (error);
        }
    }
}

/* Recording */

/* Redux DevTools' commitExcessActions(): while there are more entries than
 * the bound, folds the oldest into the base, but never past an entry with
 * an error, which stays in view. Costs what it folds. */
static void
fold_excess (RdxHistory *self)
{
  guint    excess;
  guint    cursor = self->cursor;
  gboolean was_present = at_present (self);
  GArray  *touched;
  g_autoptr (GPtrArray) stolen = NULL;

  if (self->max_entries == 0 || n_entries (self) <= self->max_entries)
    return;

  excess = n_entries (self) - self->max_entries;
  for (guint i = 1; i <= excess; i++)
    if (entry_at (self, i)->error != NULL)
      {
        excess = i - 1;
        break;
      }
  if (excess == 0)
    return;

  touched = touched_new ();
  touch (touched, entry_at (self, 0),
         rdx_history_entry_update (entry_at (self, 0),
                                   rdx_value_ref (entry_at (self, excess)->state), NULL));
  stolen = steal_range (self, 1, excess);
  self->cursor = cursor > excess ? cursor - excess : 0;
  tell (self, 1, excess, 0, cursor, was_present);
  notify_touched (touched);
}

/* Appends an entry for @action (all three taken), and stores a reference
 * to it in @out (nullable) before anyone hears of it. At the present the
 * cursor follows, and stays at the present; in the past it stays in the
 * past. Then the bound, if any, folds the oldest entries: the history
 * holds one entry more than the bound while it tells of the new one. */
static void
append_entry (RdxHistory       *self,
              RdxAction        *action,
              RdxValue         *state,
              char             *error,
              gint64            duration,
              RdxHistoryEntry **out)
{
  guint            cursor = self->cursor;
  gboolean         was_present = at_present (self);
  guint            position = n_entries (self);
  RdxHistoryEntry *entry = rdx_history_entry_new (self->next_id++, action, state, error, duration);

  g_ptr_array_add (self->entries, entry);
  if (was_present)
    self->cursor = position;
  if (out != NULL)
    *out = g_object_ref (entry);

  begin_change (self);
  tell (self, position, 0, 1, cursor, was_present);
  fold_excess (self);
  end_change (self);
}

/* One reducer run: @action as the reducer saw it, from @old_state to
 * @new_state, or refused with @error (@new_state NULL). The entry appended
 * goes to @out (nullable; NULL while paused). */
static void
record (RdxHistory       *self,
        RdxAction        *action,
        RdxValue         *old_state,
        RdxValue         *new_state,
        const GError     *error,
        gint64            duration,
        RdxHistoryEntry **out)
{
  /* While paused, the last entry (@@rdx/PAUSED, or the base) stands for
   * everything applied, as Redux DevTools does. */
  if (self->paused)
    {
      RdxHistoryEntry       *last = entry_at (self, last_position (self));
      RdxHistoryEntryChanges changes;

      if (new_state == NULL)
        return;
      changes = rdx_history_entry_update (last, rdx_value_ref (new_state), g_strdup (last->error));
      begin_change (self);
      g_object_ref (last);
      rdx_history_entry_notify (last, changes);
      g_object_unref (last);
      end_change (self);
      return;
    }

  if (new_state != NULL)
    append_entry (self, rdx_action_ref (action), rdx_value_ref (new_state), NULL, duration, out);
  else
    append_entry (self, rdx_action_ref (action), rdx_value_ref (old_state),
                  g_strdup (error != NULL ? error->message : "failed"), duration, out);
}

/* rdx_store_replace_reducer() ran the new reducer on the state the store
 * showed. A refused replacement keeps the old reducer: nothing happened,
 * nothing is recorded. */
static void
record_replace (RdxHistory *self, RdxAction *action, RdxValue *new_state, gint64 duration)
{
  g_autoptr (GError) error = NULL;
  RdxValue *last;
  RdxValue *next;
  gint64    start;

  if (new_state == NULL)
    return;
  if (at_present (self))
    {
      record (self, action, NULL, new_state, NULL, duration, NULL);
      went_on (self);
      return;
    }

  /* Replaced while the past is shown: the new reducer saw the shown state.
   * Record it at the present, computed from there, and show the past
   * again once the store has set the state (from our listener, which
   * runs first). */
  last = entry_at (self, last_position (self))->state;
  start = g_get_monotonic_time ();
  next = rdx_reducer_reduce (rdx_store_get_reducer (self->store), last, action, &error);
  if (next != NULL)
    {
      record (self, action, last, next, NULL, g_get_monotonic_time () - start, NULL);
      rdx_value_unref (next);
    }
  self->reshow = TRUE;
}

/* A reducer run while the middleware passed an action on. A run nested in
 * it went through the middleware again, and is recorded by that call. The
 * call learns of its entry before anyone hears of it. */
static void
history_outcome_cb (const RdxOutcome *outcome, gpointer user_data)
{
  Call       *call = user_data;
  RdxHistory *self = call->link->history;

  if (self == NULL || !rdx_outcome_is_direct (outcome))
    return;
  call->reduced = TRUE;
  record (self, rdx_outcome_get_action (outcome), rdx_outcome_get_state_before (outcome),
          rdx_outcome_get_state_after (outcome), rdx_outcome_get_error (outcome),
          rdx_outcome_get_duration (outcome), &call->entry);
}

/* @@rdx/REPLACE reaches the reducer without the middleware (and
 * @@rdx/INIT before the history attaches). */
static void
reducer_replaced_cb (RdxStore *store, const RdxOutcome *outcome, gpointer user_data)
{
  Link       *link = user_data;
  RdxHistory *self = link->history;

  if (self != NULL && self->store == store)
    record_replace (self, rdx_outcome_get_action (outcome), rdx_outcome_get_state_after (outcome),
                    rdx_outcome_get_duration (outcome));
}

static void
store_changed_cb (RdxStore *store, gpointer user_data)
{
  Link       *link = user_data;
  RdxHistory *self = link->history;

  if (self == NULL || self->store != store || !self->reshow)
    return;
  self->reshow = FALSE;
  show_cursor (self);
}

/* The dispatch of @call failed although its reducer run had been recorded:
 * a middleware inside the history refused it after the reducer ran and, as
 * rdx_store_dispatch() promises, put the state back (the journal does when
 * it cannot write). The action was not applied, so its entry goes, as the
 * entry of an action a middleware refuses before the reducer never comes.
 * Only when that is plain: the entry is the last one, it succeeded, and the
 * store shows the state before it again. */
static void
forget_undone (RdxHistory *self, Call *call)
{
  RdxValue *shown;
  guint     position;

  if (!call->reduced || self->store == NULL)
    return;
  shown = rdx_store_get_state (self->store);

  if (call->entry == NULL)
    {
      /* Paused: the last entry follows the store. */
      if (self->paused && at_present (self))
        {
          RdxHistoryEntry       *last = entry_at (self, last_position (self));
          RdxHistoryEntryChanges changes;

          changes = rdx_history_entry_update (last, rdx_value_ref (shown), g_strdup (last->error));
          begin_change (self);
          g_object_ref (last);
          rdx_history_entry_notify (last, changes);
          g_object_unref (last);
          end_change (self);
        }
      return;
    }

  position = last_position (self);
  if (position == 0 || entry_at (self, position) != call->entry || call->entry->error != NULL ||
      shown != entry_at (self, position - 1)->state)
    return;

  begin_change (self);
  remove_entries (self, position, 1);
  end_change (self);
}

/* The app's dispatch is held while the past is shown (or actions held
 * before it wait), and while the history tells about a change. */
static gboolean
should_hold (RdxHistory *self, RdxAction *action)
{
  if (action == self->released)
    {
      self->released = NULL;
      return FALSE;
    }
  if (self->busy > 0)
    return TRUE;
  return self->dispatching == 0 && (!at_present (self) || self->held.length > 0);
}

/* The middleware refuses (lock) and holds (past shown) the app's
 * dispatches before any other middleware, records what the reducer does
 * with the others, and undoes an entry when a middleware after it refuses
 * an action the reducer had accepted. */
static gboolean
history_middleware_cb (RdxStore        *store,
                       RdxAction       *action,
                       RdxDispatchNext *next,
                       gpointer         user_data,
                       GError         **error)
{
  Link       *link = user_data;
  RdxHistory *self = link->history;
  Call        call = { link, NULL, FALSE };
  gboolean    ok;

  if (self == NULL || self->store != store)
    return rdx_dispatch_next (next, action, error);

  /* A state replacement (ours, from an edit) is not the app's: it is not
   * held, locked out or recorded, and the app goes on from it. */
  if (rdx_action_is (action, RDX_ACTION_STATE_REPLACED))
    {
      ok = rdx_dispatch_next (next, action, error);
      self = link->history;
      if (self != NULL && self->store == store)
        went_on (self);
      return ok;
    }

  if (self->locked && !self->own_dispatch)
    {
      g_set_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_LOCKED,
                   "The store is locked by the time-travel debugger, so \"%s\" was not applied. "
                   "Unlock it (rdx_history_set_locked (history, FALSE)) to dispatch again.",
                   rdx_action_get_type_name (action));
      return FALSE;
    }

  if (should_hold (self, action))
    {
      g_queue_push_tail (&self->held, rdx_action_ref (action));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
      return TRUE;
    }

  self->dispatching++;
  ok =
    rdx_dispatch_next_observe (next, action, RDX_OBSERVE_TIMED, history_outcome_cb, &call, error);

  /* The history may have been disposed by a listener meanwhile. */
  self = link->history;
  if (self != NULL)
    {
      self->dispatching--;
      if (!ok)
        forget_undone (self, &call);
      if (self->store == store)
        went_on (self);
      if (self->dispatching == 0)
        maybe_release_held (self);
    }
  g_clear_object (&call.entry);
  return ok;
}

static void reset_to (RdxHistory *self, RdxValue *base);

static void
history_setup_cb (RdxStore *store, gpointer user_data)
{
  Link                 *link = user_data;
  RdxHistory           *self = link->history;
  RdxMiddleware *const *chain;
  guint                 n_chain;
  g_autoptr (RdxValue) state = NULL;

  if (self == NULL)
    return;
  if (self->store != NULL)
    {
      g_critical ("An RdxHistory records one store; this one records another store already. "
                  "Make one history per store.");
      return;
    }

  chain = rdx_store_get_middleware (store, &n_chain);
  if (n_chain == 0 || chain[0] != self->middleware)
    g_critical ("The RdxHistory middleware must come first (outermost) in the store's chain, "
                "or it cannot hold or refuse the app's actions before other middleware run. "
                "Pass rdx_history_get_middleware () first.");

  self->store = store;
  self->replaced_id =
    g_signal_connect (store, "reducer-replaced", G_CALLBACK (reducer_replaced_cb), link);
  self->listener_id = rdx_store_subscribe (store, store_changed_cb, link, NULL);
  went_on (self);
  state = rdx_store_dup_state (store);
  g_clear_pointer (&self->initial, rdx_value_unref);
  self->initial = rdx_value_ref (state);
  reset_to (self, state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
history_teardown_cb (RdxStore *store, gpointer user_data)
{
  Link       *link = user_data;
  RdxHistory *self = link->history;

  if (self == NULL || self->store != store)
    return;
  g_clear_signal_handler (&self->replaced_id, store);
  self->listener_id = 0; /* the store drops its listeners itself */
  self->store = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* Held actions */

static void
maybe_release_held (RdxHistory *self)
{
  if (self->releasing || self->busy > 0 || self->dispatching > 0 || self->store == NULL ||
      self->locked)
    return;

  self->releasing = TRUE;
  g_object_ref (self);
  while (self->store != NULL && !self->locked && at_present (self) && self->held.length > 0)
    {
      g_autoptr (RdxAction) action = g_queue_pop_head (&self->held);
      g_autoptr (GError) error = NULL;

      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
      if (self->store == NULL || self->locked || !at_present (self))
        {
          /* A handler of that notification went to the past or locked. */
          g_queue_push_head (&self->held, g_steal_pointer (&action));
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
          break;
        }
      /* The reducer's refusal is recorded as an entry with its error; a
       * middleware's is not recorded. */
      self->released = action;
      if (!rdx_store_dispatch (self->store, action, &error))
        g_debug ("A held action failed when it was applied: \"%s\": %s",
                 rdx_action_get_type_name (action), error->message);
      self->released = NULL;
    }
  self->releasing = FALSE;
  g_object_unref (self);
}

/* Public API */

/**
 * rdx_history_new:
 * @app_id: (nullable): the application id written into exports (and
 *   required of imports), such as "org.example.Bank"; %NULL for none
 *
 * Makes a history. Pass [method@RdxDevtools.History.get_middleware] first when making the
 * store it is to record.
 *
 * Returns: (transfer full): a new history
 */
RdxHistory *
rdx_history_new (const char *app_id)
{
  return g_object_new (RDX_TYPE_HISTORY, "app-id", app_id, NULL);
}

/**
 * rdx_history_get_middleware:
 * @self: a history
 *
 * The middleware through which @self attaches to a store (when the store
 * is made) and holds or refuses the app's dispatches; the recording itself
 * comes from the reducer. It must be the first (outermost) in
 * [ctor@Rdx.Store.new_with_middleware]; one history records one store.
 *
 * Returns: (transfer none): the middleware
 */
RdxMiddleware *
rdx_history_get_middleware (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), NULL);

  return self->middleware;
}

/**
 * rdx_history_get_store:
 * @self: a history
 *
 * Gets the store the history records.
 *
 * Returns: (transfer none) (nullable): the store recorded, or %NULL before
 *   one was made with the middleware or after it was disposed
 */
RdxStore *
rdx_history_get_store (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), NULL);

  return self->store;
}

/**
 * rdx_history_get_app_id:
 * @self: a history
 *
 * Gets the id of the application whose store the history records.
 *
 * Returns: (nullable): the application id given to [ctor@RdxDevtools.History.new]
 */
const char *
rdx_history_get_app_id (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), NULL);

  return self->app_id;
}

/**
 * rdx_history_get_entry:
 * @self: a history
 * @position: a position
 *
 * Like [method@Gio.ListModel.get_item], without a reference.
 *
 * Returns: (transfer none) (nullable): the entry at @position, or %NULL past
 *   the end
 */
RdxHistoryEntry *
rdx_history_get_entry (RdxHistory *self, guint position)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), NULL);

  return position < n_entries (self) ? entry_at (self, position) : NULL;
}

/**
 * rdx_history_get_cursor:
 * @self: a history
 *
 * Gets the position of the entry whose state the store shows
 * ([property@RdxDevtools.History:cursor]).
 *
 * Returns: the position of the entry whose state the store shows
 */
guint
rdx_history_get_cursor (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), 0);

  return self->cursor;
}

/**
 * rdx_history_get_at_present:
 * @self: a history
 *
 * Gets whether the history shows the present ([property@RdxDevtools.History:at-present]).
 *
 * Returns: %TRUE when the cursor is on the last entry, where new dispatches
 *   are applied; %FALSE while the past is shown and dispatches are held
 */
gboolean
rdx_history_get_at_present (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), FALSE);

  return at_present (self);
}

/**
 * rdx_history_jump:
 * @self: a history
 * @position: the entry to show
 *
 * Makes the store show the state after the entry at @position: the store's
 * `state` property and listeners are notified; no reducer and no
 * middleware run. Jumping to the last entry returns to the present and
 * applies the actions held meanwhile.
 */
void
rdx_history_jump (RdxHistory *self, guint position)
{
  guint    cursor;
  gboolean was_present;

  g_return_if_fail (RDX_IS_HISTORY (self));
  g_return_if_fail (position < n_entries (self));

  begin_change (self);
  cursor = self->cursor;
  was_present = at_present (self);
  self->cursor = position;
  tell (self, 0, 0, 0, cursor, was_present);
  show (self, entry_at (self, self->cursor)->state, TRUE);
  end_change (self);
}

/**
 * rdx_history_step_back:
 * @self: a history
 *
 * Jumps to the entry before the cursor.
 *
 * Returns: %FALSE when the cursor is on the base already
 */
gboolean
rdx_history_step_back (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), FALSE);

  if (self->cursor == 0)
    return FALSE;
  rdx_history_jump (self, self->cursor - 1);
  return TRUE;
}

/**
 * rdx_history_step_forward:
 * @self: a history
 *
 * Jumps to the entry after the cursor.
 *
 * Returns: %FALSE when the cursor is at the present already
 */
gboolean
rdx_history_step_forward (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), FALSE);

  if (at_present (self))
    return FALSE;
  rdx_history_jump (self, self->cursor + 1);
  return TRUE;
}

/**
 * rdx_history_toggle:
 * @self: a history
 * @position: the entry to skip or un-skip (not the base)
 *
 * Skips the action at @position (its state becomes the state before it),
 * or un-skips it, and recomputes the entries after it with the store's
 * reducer. The entries before it keep their states: skipping entry k when
 * the last entry is n calls the reducer n − k times, un-skipping it
 * n − k + 1 times. The cursor stays; the store shows the recomputed state.
 */
void
rdx_history_toggle (RdxHistory *self, guint position)
{
  RdxHistoryEntry *entry;
  GArray          *touched;

  g_return_if_fail (RDX_IS_HISTORY (self));
  g_return_if_fail (position > 0 && position < n_entries (self));
  g_return_if_fail (!is_open_paused_entry (self, position));

  begin_change (self);
  touched = touched_new ();
  entry = entry_at (self, position);
  note_edit (self, "%s entry %u (%s)", entry->skipped ? "restored" : "skipped", position,
             rdx_action_get_type_name (entry->action));
  touch (touched, entry, rdx_history_entry_update_skipped (entry, !entry->skipped));
  recompute_from (self, position, touched);
  notify_touched (touched);
  show_cursor (self);
  end_change (self);
}

/**
 * rdx_history_reorder:
 * @self: a history
 * @position: the entry to move (not the base)
 * @before_position: the entry to move it before; the number of entries (or
 *   more) moves it to the end, 0 to just after the base
 *
 * Moves an action and recomputes from the first position that changed, as
 * Redux DevTools' reorderAction(). The cursor keeps its position. The
 * model tells one change over the positions the move went through, once
 * the states are recomputed.
 */
void
rdx_history_reorder (RdxHistory *self, guint position, guint before_position)
{
  RdxHistoryEntry *entry;
  GArray          *touched;
  guint            target;
  guint            end;
  guint            start;

  g_return_if_fail (RDX_IS_HISTORY (self));
  g_return_if_fail (position > 0 && position < n_entries (self));
  g_return_if_fail (!is_open_paused_entry (self, position));

  end = n_entries (self);
  if (is_open_paused_entry (self, last_position (self)))
    end = last_position (self); /* nothing moves past @@rdx/PAUSED */
  target = CLAMP (before_position, 1, end);

  /* Moving before itself or before the next one changes nothing. */
  if (target == position || target == position + 1)
    return;

  begin_change (self);
  note_edit (self, "moved entry %u (%s) before entry %u", position,
             rdx_action_get_type_name (entry_at (self, position)->action), target);
  entry = g_ptr_array_remove_index (self->entries, self->first + position);
  if (target > position)
    target--;
  g_ptr_array_insert (self->entries, self->first + target, entry);

  /* One signal for the span the move went through: every position in it
   * holds another entry now. */
  start = MIN (position, target);
  touched = touched_new ();
  recompute_from (self, start, touched);
  tell (self, start, MAX (position, target) - start + 1, MAX (position, target) - start + 1,
        self->cursor, at_present (self));
  notify_touched (touched);
  show_cursor (self);
  end_change (self);
}

/**
 * rdx_history_commit:
 * @self: a history
 *
 * Makes the state at the cursor the new base and drops every other entry,
 * as Redux DevTools' commit. No reducer runs.
 */
void
rdx_history_commit (RdxHistory *self)
{
  g_autoptr (RdxValue) state = NULL;

  g_return_if_fail (RDX_IS_HISTORY (self));

  begin_change (self);
  note_edit (self, "committed entry %u", self->cursor);
  state = rdx_value_ref (entry_at (self, self->cursor)->state);
  squash (self, state);
  show_cursor (self);
  end_change (self);
}

/**
 * rdx_history_revert:
 * @self: a history
 *
 * Drops every entry after the base and shows the base (the last commit),
 * as Redux DevTools' rollback. No reducer runs.
 */
void
rdx_history_revert (RdxHistory *self)
{
  g_autoptr (RdxValue) base = NULL;

  g_return_if_fail (RDX_IS_HISTORY (self));

  begin_change (self);
  note_edit (self, "reverted to the last commit");
  base = rdx_value_ref (entry_at (self, 0)->state);
  squash (self, base);
  show_cursor (self);
  end_change (self);
}

/**
 * rdx_history_sweep:
 * @self: a history
 *
 * Drops the skipped entries. As a skipped entry has the state before it,
 * no other state changes and no reducer runs. The cursor keeps its
 * position, moved back to the last entry if it was past it (as Redux
 * DevTools' sweep).
 */
void
rdx_history_sweep (RdxHistory *self)
{
  g_return_if_fail (RDX_IS_HISTORY (self));

  begin_change (self);
  note_edit (self, "swept the skipped entries");
  /* From the end, one signal per run of skipped entries, each told once
   * the run is gone and the cursor is back in range. */
  for (guint i = n_entries (self); i > 1;)
    {
      guint end = i;

      while (i > 1 && entry_at (self, i - 1)->skipped)
        i--;
      if (i == end)
        {
          i--;
          continue;
        }
      remove_entries (self, i, end - i);
      /* A handler may have changed the history meanwhile. */
      i = MIN (i, n_entries (self));
    }
  show_cursor (self);
  end_change (self);
}

static void
reset_to (RdxHistory *self, RdxValue *base)
{
  begin_change (self);
  squash (self, base);
  show_cursor (self);
  end_change (self);
}

/**
 * rdx_history_reset:
 * @self: a history
 *
 * Drops every entry and goes back to the state the store had when the
 * history attached to it, as Redux DevTools' reset.
 */
void
rdx_history_reset (RdxHistory *self)
{
  g_return_if_fail (RDX_IS_HISTORY (self));

  if (self->initial != NULL)
    {
      g_autoptr (RdxValue) initial = rdx_value_ref (self->initial);

      note_edit (self, "reset to the state the history started from");
      reset_to (self, initial);
    }
}

/**
 * rdx_history_set_paused:
 * @self: a history
 * @paused: whether to stop recording
 *
 * Pauses or resumes recording, as Redux DevTools' pauseRecording() with
 * its `@@PAUSED` entry. While paused, actions still apply to the store but
 * are not recorded one by one: pausing appends one entry of type
 * [const@RdxDevtools.HISTORY_ACTION_PAUSED] whose state follows everything applied while
 * paused (when nothing was recorded since the last commit, the base does).
 * Resuming commits the state at the cursor, because what was applied while
 * paused cannot be recomputed.
 */
void
rdx_history_set_paused (RdxHistory *self, gboolean paused)
{
  g_return_if_fail (RDX_IS_HISTORY (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  begin_change (self);
  self->paused = paused;
  if (paused)
    {
      if (self->next_id > 1)
        append_entry (self, new_private_action (RDX_HISTORY_ACTION_PAUSED),
                      rdx_value_ref (entry_at (self, self->cursor)->state), NULL, 0, NULL);
    }
  else
    rdx_history_commit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  end_change (self);
}

/**
 * rdx_history_get_paused:
 * @self: a history
 *
 * Gets whether recording is paused ([property@RdxDevtools.History:paused]).
 *
 * Returns: whether recording is paused
 */
gboolean
rdx_history_get_paused (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), FALSE);

  return self->paused;
}

/**
 * rdx_history_set_locked:
 * @self: a history
 * @locked: whether to refuse the app's dispatches
 *
 * Locks or unlocks the store. While locked, every dispatch that does not
 * come from [method@RdxDevtools.History.dispatch] is refused with
 * %RDX_STORE_ERROR_LOCKED before any middleware runs, and is not recorded.
 * Held actions stay held until the store is unlocked.
 */
void
rdx_history_set_locked (RdxHistory *self, gboolean locked)
{
  g_return_if_fail (RDX_IS_HISTORY (self));

  locked = !!locked;
  if (self->locked == locked)
    return;
  self->locked = locked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  maybe_release_held (self);
}

/**
 * rdx_history_get_locked:
 * @self: a history
 *
 * Gets whether the history refuses the application's actions
 * ([property@RdxDevtools.History:locked]).
 *
 * Returns: whether the store is locked
 */
gboolean
rdx_history_get_locked (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), FALSE);

  return self->locked;
}

/**
 * rdx_history_set_max_entries:
 * @self: a history
 * @max_entries: the most entries to keep, the base included (at least 2),
 *   or 0 for no bound
 *
 * Bounds the history, as Redux DevTools' maxAge: when a new entry makes
 * more, the oldest entries are committed into the base, but never past an
 * entry with an error, which stays in view (so the bound can be exceeded
 * until that entry is dealt with). The new entry is told of first, with
 * the oldest still there, then their removal. Takes effect at the next
 * recorded dispatch; each fold costs the entries it folds, whatever the
 * bound.
 */
void
rdx_history_set_max_entries (RdxHistory *self, guint max_entries)
{
  g_return_if_fail (RDX_IS_HISTORY (self));
  g_return_if_fail (max_entries == 0 || max_entries >= 2);

  if (self->max_entries == max_entries)
    return;
  self->max_entries = max_entries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ENTRIES]);
}

/**
 * rdx_history_get_max_entries:
 * @self: a history
 *
 * Gets the most entries the history keeps ([property@RdxDevtools.History:max-entries]).
 *
 * Returns: the bound on the number of entries, or 0 for none
 */
guint
rdx_history_get_max_entries (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), 0);

  return self->max_entries;
}

/**
 * rdx_history_get_n_held:
 * @self: a history
 *
 * Gets the number of actions held until the present ([property@RdxDevtools.History:n-held]).
 *
 * Returns: how many actions wait to be applied: dispatched while the past
 *   was shown (they wait for the return to the present), or from a handler
 *   while an operation told about a change
 */
guint
rdx_history_get_n_held (RdxHistory *self)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), 0);

  return self->held.length;
}

/**
 * rdx_history_get_held:
 * @self: a history
 * @index: a held action's place in the queue, 0 for the one applied first
 *
 * A held action (see [method@RdxDevtools.History.get_n_held]), for a debugger to
 * show what waits: the action as the app dispatched it, not yet seen by
 * any middleware or the reducer. Held actions are applied in the order of
 * @index when the history is back at the present.
 *
 * Returns: (transfer none) (nullable): the held action, or %NULL when
 *   @index is not less than the number held
 */
RdxAction *
rdx_history_get_held (RdxHistory *self, guint index)
{
  g_return_val_if_fail (RDX_IS_HISTORY (self), NULL);

  return g_queue_peek_nth (&self->held, index);
}

/**
 * rdx_history_discard_held:
 * @self: a history
 *
 * Drops the held actions without applying them: the user's explicit
 * choice, for a debugger's "discard" button.
 */
void
rdx_history_discard_held (RdxHistory *self)
{
  g_return_if_fail (RDX_IS_HISTORY (self));

  if (self->held.length == 0)
    return;
  g_queue_clear_full (&self->held, (GDestroyNotify) rdx_action_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
}

/**
 * rdx_history_dispatch:
 * @self: a history
 * @type: the action type
 * @payload_json: (nullable): the payload as JSON, or %NULL (or "") for none
 * @error: return location for a [struct@GLib.Error]
 *
 * Dispatches an action typed in the debugger through the store's whole
 * chain, even while the store is locked. Private types ("@@rdx/...") and
 * payloads that are not strict JSON are refused with
 * %RDX_HISTORY_ERROR_INVALID_ACTION. While the past is shown, the action is
 * held like any other.
 *
 * Returns: %TRUE if the store accepted (or held) the action
 */
gboolean
rdx_history_dispatch (RdxHistory *self, const char *type, const char *payload_json, GError **error)
{
  g_autoptr (RdxValue) payload = NULL;
  g_autoptr (RdxAction) action = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean was_own;
  gboolean ok;

  g_return_val_if_fail (RDX_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->store == NULL)
    {
      g_set_error_literal (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NOT_ATTACHED,
                           "The history records no store: make a store with "
                           "rdx_history_get_middleware () first.");
      return FALSE;
    }
  if (!g_utf8_validate (type, -1, NULL))
    {
      g_set_error_literal (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID_ACTION,
                           "The action type is not valid UTF-8.");
      return FALSE;
    }
  if (g_str_has_prefix (type, RDX_ACTION_PRIVATE_PREFIX))
    {
      g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID_ACTION,
                   "\"%s\" is a private rdx action type; the debugger dispatches only the app's "
                   "own actions.",
                   type);
      return FALSE;
    }

  if (payload_json != NULL && *payload_json != '\0')
    {
      payload = rdx_value_from_json (payload_json, -1, &local_error);
      if (payload == NULL)
        {
          g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_INVALID_ACTION,
                       "The payload of \"%s\" is not valid JSON: %s", type, local_error->message);
          return FALSE;
        }
    }

  action = rdx_action_new (type, payload);
  was_own = self->own_dispatch;
  self->own_dispatch = TRUE;
  ok = rdx_store_dispatch (self->store, action, error);
  self->own_dispatch = was_own;
  return ok;
}

typedef struct
{
  GString *text;
  guint    n;
} DiffText;

static void
append_short_json (GString *out, RdxValue *value)
{
  g_autofree char *json = NULL;

  if (value == NULL)
    {
      g_string_append (out, "(none)");
      return;
    }
  json = rdx_value_to_json (value);
  if (strlen (json) > 60)
    {
      g_string_append_len (out, json, 57);
      g_string_append (out, "...");
    }
  else
    g_string_append (out, json);
}

static gboolean
diff_text_cb (const char *path, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  DiffText *diff = user_data;

  if (++diff->n > 8)
    {
      g_string_append (diff->text, "\n  ...");
      return FALSE;
    }
  g_string_append_printf (diff->text, "\n  %s: recorded ", *path != '\0' ? path : "/");
  append_short_json (diff->text, old_value);
  g_string_append (diff->text, ", recomputed ");
  append_short_json (diff->text, new_value);
  return TRUE;
}

/* Describes how @recomputed differs from @recorded, one line per path. */
char *
rdx_history_describe_diff (RdxValue *recorded, RdxValue *recomputed)
{
  DiffText diff = { g_string_new (NULL), 0 };

  rdx_value_diff (recorded, recomputed, diff_text_cb, &diff);
  return g_string_free (diff.text, FALSE);
}

/**
 * rdx_history_check_replay:
 * @self: a history
 * @position: (out) (optional): where to store the position of the first
 *   entry that does not replay
 * @recomputed: (out) (optional) (transfer full): where to store the state
 *   recomputed for that entry
 * @error: return location for a [struct@GLib.Error]
 *
 * Recomputes the whole history from its base with the store's reducer and
 * compares each entry with what was recorded: the state (by value) and
 * whether it failed. The history itself does not change. A difference
 * means the reducer is impure (it reads a clock, a global, a file) or
 * changed since the recording; the error (%RDX_HISTORY_ERROR_DIVERGED)
 * names the entry and lists the paths that differ.
 *
 * Returns: %TRUE when every entry replays exactly
 */
gboolean
rdx_history_check_replay (RdxHistory *self, guint *position, RdxValue **recomputed, GError **error)
{
  RdxReducer *reducer;
  g_autoptr (RdxValue) previous = NULL;

  g_return_val_if_fail (RDX_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reducer = rdx_history_get_reducer (self);
  if (reducer == NULL)
    {
      g_set_error_literal (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_NOT_ATTACHED,
                           "The history records no store, so it has no reducer to replay with.");
      return FALSE;
    }

  previous = rdx_value_ref (entry_at (self, 0)->state);
  for (guint i = 1; i < n_entries (self); i++)
    {
      RdxHistoryEntry *entry = entry_at (self, i);
      g_autoptr (GError) local_error = NULL;
      g_autoptr (RdxValue) next = NULL;
      g_autofree char *why = NULL;

      if (is_open_paused_entry (self, i))
        break;

      if (!entry->skipped)
        next = rdx_reducer_replay (reducer, previous, entry->action, &local_error);
      if (next == NULL)
        next = rdx_value_ref (previous);

      if (local_error != NULL && entry->error == NULL)
        why =
          g_strdup_printf ("it was applied when recorded, and now fails: %s", local_error->message);
      else if (local_error == NULL && entry->error != NULL)
        why = g_strdup_printf ("it failed when recorded (%s), and now succeeds", entry->error);
      else if (!rdx_value_equal (entry->state, next))
        {
          g_autofree char *diff = rdx_history_describe_diff (entry->state, next);

          why =
            g_strdup_printf ("recomputing it gives another state than the one recorded:%s", diff);
        }

      if (why != NULL)
        {
          g_set_error (error, RDX_HISTORY_ERROR, RDX_HISTORY_ERROR_DIVERGED,
                       "Entry %u (\"%s\") does not replay: %s\nThe reducer is impure (it reads "
                       "something besides its state and action) or changed since the recording.",
                       i, rdx_action_get_type_name (entry->action), why);
          if (position != NULL)
            *position = i;
          if (recomputed != NULL)
            *recomputed = g_steal_pointer (&next);
          return FALSE;
        }

      g_clear_pointer (&previous, rdx_value_unref);
      previous = g_steal_pointer (&next);
    }

  return TRUE;
}

void
rdx_history_replace_entries (RdxHistory *self, RdxValue *base, GPtrArray *entries, guint cursor)
{
  guint    old_cursor = self->cursor;
  gboolean was_present = at_present (self);
  guint    removed = last_position (self);
  guint    max_id = 0;
  GArray  *touched;
  g_autoptr (GPtrArray) stolen = NULL;

  /* rdx-history-io.c refuses to import while paused: there would be no
   * @@rdx/PAUSED entry to follow what is applied. */
  if (self->paused)
    {
      g_critical ("%s: the history is paused", G_STRFUNC);
      g_ptr_array_unref (entries);
      return;
    }

  begin_change (self);
  note_edit (self, "imported a history of %u entries", entries->len);
  touched = touched_new ();
  stolen = steal_range (self, 1, removed);
  touch (touched, entry_at (self, 0),
         rdx_history_entry_update (entry_at (self, 0), rdx_value_ref (base), NULL));
  for (guint i = 0; i < entries->len; i++)
    {
      RdxHistoryEntry *entry = g_ptr_array_index (entries, i);

      max_id = MAX (max_id, entry->id);
      g_ptr_array_add (self->entries, g_object_ref (entry));
    }
  g_ptr_array_unref (entries);
  self->next_id = max_id + 1;
  self->cursor = MIN (cursor, last_position (self));

  tell (self, 1, removed, last_position (self), old_cursor, was_present);
  notify_touched (touched);
  show (self, entry_at (self, self->cursor)->state, TRUE);
  end_change (self);
}

/* GListModel */

static GType
rdx_history_get_item_type (GListModel *model)
{
  return RDX_TYPE_HISTORY_ENTRY;
}

static guint
rdx_history_get_n_items (GListModel *model)
{
  return n_entries (RDX_HISTORY (model));
}

static gpointer
rdx_history_get_item (GListModel *model, guint position)
{
  RdxHistory *self = RDX_HISTORY (model);

  if (position >= n_entries (self))
    return NULL;
  return g_object_ref (entry_at (self, position));
}

static void
rdx_history_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rdx_history_get_item_type;
  iface->get_n_items = rdx_history_get_n_items;
  iface->get_item = rdx_history_get_item;
}

/* GObject */

static void
rdx_history_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdxHistory *self = RDX_HISTORY (object);

  switch (prop_id)
    {
      case PROP_APP_ID:
        g_value_set_string (value, self->app_id);
        break;
      case PROP_STORE:
        g_value_set_object (value, self->store);
        break;
      case PROP_CURSOR:
        g_value_set_uint (value, self->cursor);
        break;
      case PROP_AT_PRESENT:
        g_value_set_boolean (value, at_present (self));
        break;
      case PROP_PAUSED:
        g_value_set_boolean (value, self->paused);
        break;
      case PROP_LOCKED:
        g_value_set_boolean (value, self->locked);
        break;
      case PROP_MAX_ENTRIES:
        g_value_set_uint (value, self->max_entries);
        break;
      case PROP_N_HELD:
        g_value_set_uint (value, self->held.length);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_history_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RdxHistory *self = RDX_HISTORY (object);

  switch (prop_id)
    {
      case PROP_APP_ID:
        self->app_id = g_value_dup_string (value);
        break;
      case PROP_PAUSED:
        rdx_history_set_paused (self, g_value_get_boolean (value));
        break;
      case PROP_LOCKED:
        rdx_history_set_locked (self, g_value_get_boolean (value));
        break;
      case PROP_MAX_ENTRIES:
        rdx_history_set_max_entries (self, g_value_get_uint (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
link_free (gpointer data)
{
  g_free (data);
}

static void
rdx_history_dispose (GObject *object)
{
  RdxHistory *self = RDX_HISTORY (object);

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->replaced_id, self->store);
      if (self->listener_id != 0)
        rdx_store_unsubscribe (self->store, self->listener_id);
      self->listener_id = 0;
      self->store = NULL;
    }
  if (self->link != NULL)
    {
      self->link->history = NULL;
      self->link = NULL;
    }
  g_clear_pointer (&self->middleware, rdx_middleware_unref);
  g_queue_clear_full (&self->held, (GDestroyNotify) rdx_action_unref);

  G_OBJECT_CLASS (rdx_history_parent_class)->dispose (object);
}

static void
rdx_history_finalize (GObject *object)
{
  RdxHistory *self = RDX_HISTORY (object);

  for (guint i = self->first; i < self->entries->len; i++)
    g_object_unref (g_ptr_array_index (self->entries, i));
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->initial, rdx_value_unref);
  g_clear_pointer (&self->goes_on_from, rdx_value_unref);
  g_clear_pointer (&self->edits, g_ptr_array_unref);
  g_clear_pointer (&self->app_id, g_free);

  G_OBJECT_CLASS (rdx_history_parent_class)->finalize (object);
}

static void
rdx_history_class_init (RdxHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rdx_history_get_property;
  object_class->set_property = rdx_history_set_property;
  object_class->dispose = rdx_history_dispose;
  object_class->finalize = rdx_history_finalize;

  /**
   * RdxHistory:app-id:
   *
   * The id of the application whose store the history records; exports carry it, and an import of
   * another application's export is refused.
   */
  properties[PROP_APP_ID] =
    g_param_spec_string ("app-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * RdxHistory:store:
   *
   * The store the history records, from the moment a store is made with its middleware until that
   * store is disposed.
   */
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, RDX_TYPE_STORE, ro);
  /**
   * RdxHistory:cursor:
   *
   * The position of the entry whose state the store shows: the last one at the present, an
   * earlier one while travelling.
   */
  properties[PROP_CURSOR] = g_param_spec_uint ("cursor", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /**
   * RdxHistory:at-present:
   *
   * Whether the store shows the state after the last entry.
   */
  properties[PROP_AT_PRESENT] = g_param_spec_boolean ("at-present", NULL, NULL, TRUE, ro);
  /**
   * RdxHistory:paused:
   *
   * Whether recording is paused: actions still reach the reducer, and are recorded as one entry
   * when recording resumes.
   */
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, rw);
  /**
   * RdxHistory:locked:
   *
   * Whether the history refuses the application's own dispatches (%RDX_STORE_ERROR_LOCKED); the
   * debugger's dispatches still pass.
   */
  properties[PROP_LOCKED] = g_param_spec_boolean ("locked", NULL, NULL, FALSE, rw);
  /**
   * RdxHistory:max-entries:
   *
   * The most entries the history keeps (0: no limit); the oldest are committed into the base when
   * there are more.
   */
  properties[PROP_MAX_ENTRIES] = g_param_spec_uint ("max-entries", NULL, NULL, 0, G_MAXUINT, 0, rw);
  /**
   * RdxHistory:n-held:
   *
   * The number of the application's actions held while the past is shown, to be applied when the
   * history returns to the present.
   */
  properties[PROP_N_HELD] = g_param_spec_uint ("n-held", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rdx_history_init (RdxHistory *self)
{
  g_autoptr (RdxValue) null = rdx_value_new_null ();

  self->entries = g_ptr_array_new ();
  g_ptr_array_add (self->entries, rdx_history_entry_new (0, new_private_action (RDX_ACTION_INIT),
                                                         rdx_value_ref (null), NULL, 0));
  self->next_id = 1;
  self->max_import = RDX_VALUE_MAX_INPUT;
  self->edits = g_ptr_array_new_with_free_func (g_free);
  g_queue_init (&self->held);

  self->link = g_new0 (Link, 1);
  self->link->history = self;
  self->middleware = rdx_middleware_new (history_middleware_cb, self->link, link_free);
  rdx_middleware_set_hooks (self->middleware, history_setup_cb, history_teardown_cb);
}
