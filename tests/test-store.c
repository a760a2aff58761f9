/* test-store.c: RdxStore and RdxAction, Redux's createStore rules
 *
 * Each test checks one rule of DESIGN.md's "Store" and "Actions" sections,
 * ported from the behaviour Redux's own tests pin down, and ends with the
 * store finalized, every destroy notify run and no value left alive.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>
#include <time.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define TEST_ERROR    (g_quark_from_static_string ("rdx-test-error"))
#define TEST_ERROR_NO 7

#define STORE_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

/* The counter reducer */

/* What the counter reducer saw, and what it should do when it sees
 * "counter.reenter" (call back into the store while it runs). */
typedef enum
{
  REENTER_NONE,
  REENTER_DISPATCH,
  REENTER_REPLACE,
  REENTER_GET_STATE,
  REENTER_DUP_STATE,
  REENTER_SUBSCRIBE,
  REENTER_UNSUBSCRIBE,
} Reenter;

typedef struct
{
  guint      calls;
  guint      destroyed;
  GPtrArray *types; /* the type of every action seen, in order */
  gboolean   last_state_was_null;
  RdxValue  *last_state;  /* compared by address only, never read */
  RdxAction *last_action; /* a reference */
  RdxStore  *store;       /* borrowed, for Reenter */
  gboolean   refuse_replace;
  Reenter    reenter;
  gboolean   reenter_ok;
  GError    *reenter_error;
  gpointer   reenter_result;
  guint      reenter_id;
} ReducerLog;

static void
reducer_log_init (ReducerLog *log)
{
  memset (log, 0, sizeof *log);
  log->types = g_ptr_array_new_with_free_func (g_free);
}

static void
reducer_log_clear (ReducerLog *log)
{
  g_clear_pointer (&log->types, g_ptr_array_unref);
  g_clear_pointer (&log->last_action, rdx_action_unref);
  g_clear_error (&log->reenter_error);
}

static void
reducer_log_destroyed_cb (gpointer data)
{
  ReducerLog *log = data;

  log->destroyed++;
}

static void
noop_listener_cb (RdxStore *store, gpointer user_data)
{
}

static RdxValue *
identity_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  return state != NULL ? rdx_value_ref (state) : rdx_value_new_null ();
}

static void
reenter (ReducerLog *log)
{
  switch (log->reenter)
    {
      case REENTER_NONE:
        break;
      case REENTER_DISPATCH:
        log->reenter_ok = rdx_store_dispatch_take (
          log->store, rdx_action_new ("counter.increment", NULL), &log->reenter_error);
        break;
      case REENTER_REPLACE:
        {
          g_autoptr (RdxReducer) other = rdx_reducer_new (identity_reduce, NULL, NULL);

          log->reenter_ok = rdx_store_replace_reducer (log->store, other, &log->reenter_error);
        }
        break;
      case REENTER_GET_STATE:
        log->reenter_result = rdx_store_get_state (log->store);
        break;
      case REENTER_DUP_STATE:
        log->reenter_result = rdx_store_dup_state (log->store);
        if (log->reenter_result != NULL)
          rdx_value_unref (log->reenter_result);
        break;
      case REENTER_SUBSCRIBE:
        log->reenter_id = rdx_store_subscribe (log->store, noop_listener_cb, NULL, NULL);
        break;
      case REENTER_UNSUBSCRIBE:
        rdx_store_unsubscribe (log->store, log->reenter_id);
        break;
    }
}

/* State: a map {"count": n}, so states are heap values the leak check
 * counts and "unchanged" is a meaningful pointer compare.
 *
 * - "counter.increment": count + the payload (an int) or + 1;
 * - "counter.fail": refuses with TEST_ERROR;
 * - "counter.null": returns NULL without an error (a broken reducer);
 * - "counter.reenter": calls back into the store (see Reenter);
 * - anything else: the same state. */
static RdxValue *
counter_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  ReducerLog *log = user_data;
  g_autoptr (RdxValue) base = NULL;

  log->calls++;
  g_ptr_array_add (log->types, g_strdup (rdx_action_get_type_name (action)));
  log->last_state_was_null = state == NULL;
  log->last_state = state;
  g_clear_pointer (&log->last_action, rdx_action_unref);
  log->last_action = rdx_action_ref (action);

  base =
    state != NULL ? rdx_value_ref (state) : rdx_map_new_take ("count", rdx_value_new_int (0), NULL);

  if (rdx_action_is (action, "counter.increment"))
    {
      RdxValue *payload = rdx_action_get_payload (action);
      gint64    by = rdx_value_is_int (payload) ? rdx_value_get_int (payload) : 1;
      gint64    count = rdx_value_get_int (rdx_map_get (base, "count"));

      return rdx_map_set_take (base, "count", rdx_value_new_int (count + by));
    }
  if (rdx_action_is (action, "counter.fail"))
    {
      g_set_error (error, TEST_ERROR, TEST_ERROR_NO, "counter.fail always fails");
      return NULL;
    }
  if (rdx_action_is (action, "counter.null"))
    return NULL;
  if (rdx_action_is (action, "counter.reenter"))
    reenter (log);
  return g_steal_pointer (&base);
}

static RdxStore *
counter_store_new (ReducerLog *log, RdxValue *preloaded)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (counter_reduce, log, reducer_log_destroyed_cb);
  RdxStore *store = rdx_store_new (reducer, preloaded);

  log->store = store;
  return store;
}

static gint64
store_count (RdxStore *store)
{
  return rdx_value_get_int (rdx_map_get (rdx_store_get_state (store), "count"));
}

static gboolean
dispatch_type (RdxStore *store, const char *type, GError **error)
{
  return rdx_store_dispatch_take (store, rdx_action_new (type, NULL), error);
}

static void
dispatch_ok (RdxStore *store, const char *type)
{
  g_autoptr (GError) error = NULL;

  assert_true (dispatch_type (store, type, &error));
  assert_null (error);
}

/* A listener that counts its calls. */
typedef struct
{
  guint     calls;
  guint     destroyed;
  RdxStore *store;      /* the store it expects */
  gint64    seen_count; /* the count it read when last called */
} Counter;

static void
counter_listener_cb (RdxStore *store, gpointer user_data)
{
  Counter *counter = user_data;

  counter->calls++;
  if (counter->store != NULL)
    {
      assert_ptr_equal (store, counter->store);
      counter->seen_count = store_count (store);
    }
}

static void
counter_destroyed_cb (gpointer user_data)
{
  Counter *counter = user_data;

  counter->destroyed++;
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
}

/* Creation */

static void
test_init_dispatched (void **state)
{
  ReducerLog log;
  RdxStore  *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);

  assert_int_equal (log.calls, 1);
  assert_string_equal (g_ptr_array_index (log.types, 0), "@@rdx/INIT");
  assert_string_equal (g_ptr_array_index (log.types, 0), RDX_ACTION_INIT);
  assert_true (log.last_state_was_null);
  assert_true (rdx_action_is_private (log.last_action));
  assert_true (rdx_value_is_null (rdx_action_get_payload (log.last_action)));
  /* The reducer's initial state is there at once. */
  assert_true (rdx_value_is_map (rdx_store_get_state (store)));
  assert_int_equal (store_count (store), 0);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

static void
test_init_preloaded (void **state)
{
  g_autoptr (RdxValue) preloaded = rdx_map_new_take ("count", rdx_value_new_int (41), NULL);
  ReducerLog log;
  RdxStore  *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, preloaded);

  assert_int_equal (log.calls, 1);
  assert_string_equal (g_ptr_array_index (log.types, 0), RDX_ACTION_INIT);
  assert_false (log.last_state_was_null);
  assert_ptr_equal (log.last_state, preloaded);
  assert_ptr_equal (rdx_store_get_state (store), preloaded);

  dispatch_ok (store, "counter.increment");
  assert_int_equal (store_count (store), 42);
  /* The preloaded value itself is untouched. */
  assert_int_equal (rdx_value_get_int (rdx_map_get (preloaded, "count")), 41);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

static void
test_get_and_dup_state (void **state)
{
  g_autoptr (RdxValue) first = NULL;
  g_autoptr (RdxValue) second = NULL;
  ReducerLog log;
  RdxStore  *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);

  first = rdx_store_dup_state (store);
  assert_ptr_equal (first, rdx_store_get_state (store));

  dispatch_ok (store, "counter.increment");
  /* The reference we kept still holds the old state. */
  assert_ptr_not_equal (first, rdx_store_get_state (store));
  assert_int_equal (rdx_value_get_int (rdx_map_get (first, "count")), 0);
  assert_int_equal (store_count (store), 1);

  second = rdx_store_dup_state (store);
  rdx_test_finalize (&store);
  /* ...and so does a reference taken before the store went away. */
  assert_int_equal (rdx_value_get_int (rdx_map_get (second, "count")), 1);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

static void
test_dispatch_applies_reducer (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxAction) action = rdx_action_new_take ("counter.increment", rdx_value_new_int (5));
  ReducerLog log;
  RdxStore  *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);

  assert_true (rdx_store_dispatch (store, action, &error));
  assert_null (error);
  assert_int_equal (log.calls, 2);
  /* A first dispatch hands the reducer the action itself. */
  assert_ptr_equal (log.last_action, action);
  assert_int_equal (store_count (store), 5);

  /* The error argument is optional. */
  assert_true (rdx_store_dispatch (store, action, NULL));
  assert_int_equal (store_count (store), 10);
  assert_false (dispatch_type (store, "counter.fail", NULL));
  assert_int_equal (store_count (store), 10);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

static void
test_state_notify_on_change_only (void **state)
{
  g_autoptr (RdxValue) bound = NULL;
  ReducerLog log;
  RdxStore  *store;
  guint      notified = 0;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  g_signal_connect (store, "notify::state", G_CALLBACK (count_notify_cb), &notified);

  dispatch_ok (store, "counter.increment");
  assert_int_equal (notified, 1);
  dispatch_ok (store, "counter.unknown"); /* the same state back */
  assert_int_equal (notified, 1);
  dispatch_ok (store, "counter.increment");
  assert_int_equal (notified, 2);
  dispatch_ok (store, "counter.unknown");
  dispatch_ok (store, "counter.unknown");
  assert_int_equal (notified, 2);
  assert_false (dispatch_type (store, "counter.fail", NULL));
  assert_int_equal (notified, 2);

  /* The property gives the current state (boxed: a new reference). */
  g_object_get (store, "state", &bound, NULL);
  assert_ptr_equal (bound, rdx_store_get_state (store));

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

/* Listeners */

static void
test_listeners_called_when_unchanged (void **state)
{
  Counter    counter = { 0 };
  ReducerLog log;
  RdxStore  *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  counter.store = store;
  rdx_store_subscribe (store, counter_listener_cb, &counter, counter_destroyed_cb);

  dispatch_ok (store, "counter.unknown");
  assert_int_equal (counter.calls, 1);
  dispatch_ok (store, "counter.increment");
  assert_int_equal (counter.calls, 2);
  /* A listener reads the state the dispatch produced. */
  assert_int_equal (counter.seen_count, 1);
  dispatch_ok (store, "");
  assert_int_equal (counter.calls, 3);

  rdx_test_finalize (&store);
  assert_int_equal (counter.destroyed, 1);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

static void
test_listeners_not_called_on_failure (void **state)
{
  g_autoptr (GError) error = NULL;
  Counter    counter = { 0 };
  ReducerLog log;
  RdxStore  *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  rdx_store_subscribe (store, counter_listener_cb, &counter, counter_destroyed_cb);

  assert_false (dispatch_type (store, "counter.fail", &error));
  assert_error (error, TEST_ERROR, TEST_ERROR_NO);
  g_clear_error (&error);
  assert_false (dispatch_type (store, "counter.null", &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);
  assert_false (rdx_store_dispatch (store, NULL, &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_ACTION);
  assert_int_equal (counter.calls, 0);

  rdx_test_finalize (&store);
  assert_int_equal (counter.destroyed, 1);
  reducer_log_clear (&log);
}

/* Redux: "supports multiple subscriptions". */
static void
test_subscribe_unsubscribe_counts (void **state)
{
  Counter    a = { 0 }, b = { 0 };
  ReducerLog log;
  RdxStore  *store;
  guint      id_a, id_b;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);

  id_a = rdx_store_subscribe (store, counter_listener_cb, &a, counter_destroyed_cb);
  dispatch_ok (store, "counter.unknown");
  assert_int_equal (a.calls, 1);
  assert_int_equal (b.calls, 0);

  dispatch_ok (store, "counter.unknown");
  assert_int_equal (a.calls, 2);
  assert_int_equal (b.calls, 0);

  id_b = rdx_store_subscribe (store, counter_listener_cb, &b, counter_destroyed_cb);
  dispatch_ok (store, "counter.unknown");
  assert_int_equal (a.calls, 3);
  assert_int_equal (b.calls, 1);

  rdx_store_unsubscribe (store, id_a);
  assert_int_equal (a.destroyed, 1);
  dispatch_ok (store, "counter.unknown");
  assert_int_equal (a.calls, 3);
  assert_int_equal (b.calls, 2);

  rdx_store_unsubscribe (store, id_b);
  assert_int_equal (b.destroyed, 1);
  dispatch_ok (store, "counter.unknown");
  assert_int_equal (a.calls, 3);
  assert_int_equal (b.calls, 2);

  id_a = rdx_store_subscribe (store, counter_listener_cb, &a, NULL);
  dispatch_ok (store, "counter.unknown");
  assert_int_equal (a.calls, 4);
  assert_int_equal (b.calls, 2);

  rdx_test_finalize (&store);
  assert_int_equal (a.destroyed, 1);
  assert_int_equal (b.destroyed, 1);
  reducer_log_clear (&log);
}

/* Redux: "only removes listener once when unsubscribe is called". */
static void
test_unsubscribe_idempotent (void **state)
{
  Counter    counter = { 0 };
  ReducerLog log;
  RdxStore  *store;
  guint      id1, id2;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);

  /* The same function and data twice are two listeners. */
  id1 = rdx_store_subscribe (store, counter_listener_cb, &counter, counter_destroyed_cb);
  id2 = rdx_store_subscribe (store, counter_listener_cb, &counter, counter_destroyed_cb);

  rdx_store_unsubscribe (store, id1);
  rdx_store_unsubscribe (store, id1);
  assert_int_equal (counter.destroyed, 1);
  /* Ids that were never given out. */
  rdx_store_unsubscribe (store, 0);
  rdx_store_unsubscribe (store, id2 + 1000);

  dispatch_ok (store, "counter.unknown");
  assert_int_equal (counter.calls, 1);

  rdx_store_unsubscribe (store, id2);
  rdx_store_unsubscribe (store, id2);
  assert_int_equal (counter.destroyed, 2);
  dispatch_ok (store, "counter.unknown");
  assert_int_equal (counter.calls, 1);

  rdx_test_finalize (&store);
  assert_int_equal (counter.destroyed, 2);
  reducer_log_clear (&log);
}

static void
test_subscribe_ids (void **state)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  Counter    counter = { 0 };
  ReducerLog log;
  RdxStore  *store;
  guint      i, id;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);

  for (i = 0; i < 100; i++)
    {
      id = rdx_store_subscribe (store, counter_listener_cb, &counter, counter_destroyed_cb);
      assert_true (id > 0);
      assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (id)));
      g_hash_table_add (seen, GUINT_TO_POINTER (id));
      /* An id is not given out again after its listener is gone. */
      if (i % 2 == 0)
        rdx_store_unsubscribe (store, id);
    }
  assert_int_equal (counter.destroyed, 50);
  dispatch_ok (store, "counter.unknown");
  assert_int_equal (counter.calls, 50);

  rdx_test_finalize (&store);
  assert_int_equal (counter.destroyed, 100);
  reducer_log_clear (&log);
}

/* Changes to the listeners during a notification.
 *
 * Each listener's user data is a heap Slot; its destroy notify checks the
 * slot is intact before freeing it, and every listener records how many
 * slots had been destroyed when it ran. */

#define SLOT_MAGIC 0x5107u
#define N_SLOTS    4

typedef struct
{
  RdxStore *store;
  guint     calls[N_SLOTS];
  guint     ids[N_SLOTS];
  guint     destroyed[N_SLOTS];
  guint     destroyed_total;
  guint     destroyed_seen_while_called; /* destroyed_total summed over calls */
  gboolean  added;
} Board;

typedef struct
{
  guint  magic;
  Board *board;
  guint  index;
} Slot;

static Slot *
slot_new (Board *board, guint index)
{
  Slot *slot = g_new (Slot, 1);

  slot->magic = SLOT_MAGIC;
  slot->board = board;
  slot->index = index;
  return slot;
}

static void
slot_free (gpointer data)
{
  Slot *slot = data;

  assert_int_equal (slot->magic, SLOT_MAGIC);
  slot->board->destroyed[slot->index]++;
  slot->board->destroyed_total++;
  slot->magic = 0;
  g_free (slot);
}

static void
slot_called (Slot *slot)
{
  assert_int_equal (slot->magic, SLOT_MAGIC);
  slot->board->calls[slot->index]++;
  slot->board->destroyed_seen_while_called += slot->board->destroyed_total;
}

static void
plain_slot_cb (RdxStore *store, gpointer user_data)
{
  slot_called (user_data);
}

static guint
board_subscribe (Board *board, guint index, RdxListenerFunc func)
{
  board->ids[index] = rdx_store_subscribe (board->store, func, slot_new (board, index), slot_free);
  return board->ids[index];
}

static void
add_third_once_cb (RdxStore *store, gpointer user_data)
{
  Slot *slot = user_data;

  slot_called (slot);
  if (!slot->board->added)
    {
      slot->board->added = TRUE;
      board_subscribe (slot->board, 2, plain_slot_cb);
    }
}

/* Redux: "delays subscribe until the end of current dispatch". */
static void
test_subscribe_during_notification (void **state)
{
  Board      board = { 0 };
  ReducerLog log;

  reducer_log_init (&log);
  board.store = counter_store_new (&log, NULL);
  board_subscribe (&board, 0, add_third_once_cb);
  board_subscribe (&board, 1, plain_slot_cb);

  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 1);
  assert_int_equal (board.calls[1], 1);
  assert_int_equal (board.calls[2], 0);
  assert_true (board.ids[2] > 0);

  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 2);
  assert_int_equal (board.calls[1], 2);
  assert_int_equal (board.calls[2], 1);

  rdx_test_finalize (&board.store);
  assert_int_equal (log.destroyed, 1);
  assert_int_equal (board.destroyed_total, 3);
  reducer_log_clear (&log);
}

static void
unsubscribe_all_cb (RdxStore *store, gpointer user_data)
{
  Slot  *slot = user_data;
  Board *board = slot->board;
  guint  i;

  slot_called (slot);
  for (i = 0; i < 3; i++)
    rdx_store_unsubscribe (store, board->ids[i]);
  /* Still alive: the notification in progress may call them. */
  assert_int_equal (board->destroyed_total, 0);
}

/* Redux: "delays unsubscribe until the end of current dispatch". The first
 * listener unsubscribes itself and the two after it: all three are called
 * this time, none the next time, and their user data is freed only after
 * the notification, not while a listener may still run. */
static void
test_unsubscribe_during_notification (void **state)
{
  Board      board = { 0 };
  ReducerLog log;

  reducer_log_init (&log);
  board.store = counter_store_new (&log, NULL);
  board_subscribe (&board, 0, unsubscribe_all_cb);
  board_subscribe (&board, 1, plain_slot_cb);
  board_subscribe (&board, 2, plain_slot_cb);

  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 1);
  assert_int_equal (board.calls[1], 1);
  assert_int_equal (board.calls[2], 1);
  assert_int_equal (board.destroyed_seen_while_called, 0);
  assert_int_equal (board.destroyed_total, 3);

  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 1);
  assert_int_equal (board.calls[1], 1);
  assert_int_equal (board.calls[2], 1);

  rdx_test_finalize (&board.store);
  assert_int_equal (log.destroyed, 1);
  assert_int_equal (board.destroyed_total, 3);
  assert_int_equal (board.destroyed[0], 1);
  assert_int_equal (board.destroyed[1], 1);
  assert_int_equal (board.destroyed[2], 1);
  reducer_log_clear (&log);
}

static void
unsubscribe_self_cb (RdxStore *store, gpointer user_data)
{
  Slot *slot = user_data;

  slot_called (slot);
  rdx_store_unsubscribe (store, slot->board->ids[slot->index]);
  /* Freeing our own data now would pull it from under us. */
  assert_int_equal (slot->magic, SLOT_MAGIC);
  assert_int_equal (slot->board->destroyed_total, 0);
}

static void
unsubscribe_first_cb (RdxStore *store, gpointer user_data)
{
  Slot *slot = user_data;

  slot_called (slot);
  rdx_store_unsubscribe (store, slot->board->ids[0]);
}

/* Redux: "supports removing a subscription within a subscription", and a
 * listener removing one that was called before it. */
/* A handler of notify::state that unsubscribes a listener and
 * subscribes another: the notification goes on from its snapshot (the
 * listener unsubscribed is still called this once, the new one from the
 * next dispatch), and the snapshot replaced meanwhile stays valid (under
 * valgrind and ASan, no read of freed memory). */
typedef struct
{
  guint    id;    /* to unsubscribe, 0 once done */
  Counter *added; /* to subscribe */
} NotifyChange;

static void
change_listeners_on_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  NotifyChange *change = user_data;

  if (change->id == 0)
    return;
  rdx_store_unsubscribe (RDX_STORE (object), change->id);
  change->id = 0;
  rdx_store_subscribe (RDX_STORE (object), counter_listener_cb, change->added,
                       counter_destroyed_cb);
}

static void
test_listeners_changed_from_state_notify (void **state)
{
  Counter      removed = { 0 }, added = { 0 };
  NotifyChange change = { 0, &added };
  ReducerLog   log;
  RdxStore    *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  change.id = rdx_store_subscribe (store, counter_listener_cb, &removed, counter_destroyed_cb);
  g_signal_connect (store, "notify::state", G_CALLBACK (change_listeners_on_notify_cb), &change);

  dispatch_ok (store, "counter.increment");
  assert_int_equal (change.id, 0);
  assert_int_equal (removed.calls, 1);
  assert_int_equal (removed.destroyed, 1);
  assert_int_equal (added.calls, 0);

  dispatch_ok (store, "counter.increment");
  assert_int_equal (removed.calls, 1);
  assert_int_equal (added.calls, 1);
  assert_int_equal (store_count (store), 2);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  assert_int_equal (added.destroyed, 1);
  reducer_log_clear (&log);
}

static void
test_unsubscribe_self_and_earlier (void **state)
{
  Board      board = { 0 };
  ReducerLog log;

  reducer_log_init (&log);
  board.store = counter_store_new (&log, NULL);
  board_subscribe (&board, 0, plain_slot_cb);
  board_subscribe (&board, 1, unsubscribe_self_cb);
  board_subscribe (&board, 2, plain_slot_cb);

  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 1);
  assert_int_equal (board.calls[1], 1);
  assert_int_equal (board.calls[2], 1);
  assert_int_equal (board.destroyed_seen_while_called, 0);
  assert_int_equal (board.destroyed[1], 1);
  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 2);
  assert_int_equal (board.calls[1], 1);
  assert_int_equal (board.calls[2], 2);

  /* Now the last one removes the first, which already ran this time. */
  rdx_store_unsubscribe (board.store, board.ids[2]);
  board_subscribe (&board, 3, unsubscribe_first_cb);
  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 3);
  assert_int_equal (board.calls[3], 1);
  assert_int_equal (board.destroyed[0], 1);
  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 3);
  assert_int_equal (board.calls[3], 2);

  rdx_test_finalize (&board.store);
  assert_int_equal (log.destroyed, 1);
  assert_int_equal (board.destroyed_total, 4);
  reducer_log_clear (&log);
}

static void
nested_first_cb (RdxStore *store, gpointer user_data)
{
  Slot  *slot = user_data;
  Board *board = slot->board;

  slot_called (slot);
  assert_int_equal (board->calls[0], 1);
  assert_int_equal (board->calls[1], 0);
  assert_int_equal (board->calls[2], 0);
  assert_int_equal (board->calls[3], 0);

  rdx_store_unsubscribe (store, board->ids[0]);
  board_subscribe (board, 3, plain_slot_cb);
  dispatch_ok (store, "counter.unknown");

  /* The nested dispatch notified from a fresh snapshot: without us, with
   * the listener just added. */
  assert_int_equal (board->calls[0], 1);
  assert_int_equal (board->calls[1], 1);
  assert_int_equal (board->calls[2], 1);
  assert_int_equal (board->calls[3], 1);
}

/* Redux: "uses the last snapshot of subscribers during nested dispatch". */
static void
test_nested_dispatch_snapshot (void **state)
{
  Board      board = { 0 };
  ReducerLog log;

  reducer_log_init (&log);
  board.store = counter_store_new (&log, NULL);
  board_subscribe (&board, 0, nested_first_cb);
  board_subscribe (&board, 1, plain_slot_cb);
  board_subscribe (&board, 2, plain_slot_cb);

  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 1);
  assert_int_equal (board.calls[1], 2);
  assert_int_equal (board.calls[2], 2);
  assert_int_equal (board.calls[3], 1);
  assert_int_equal (log.calls, 3); /* INIT and two dispatches */
  assert_int_equal (board.destroyed_seen_while_called, 0);
  assert_int_equal (board.destroyed[0], 1);

  rdx_store_unsubscribe (board.store, board.ids[3]);
  dispatch_ok (board.store, "counter.unknown");
  assert_int_equal (board.calls[0], 1);
  assert_int_equal (board.calls[1], 3);
  assert_int_equal (board.calls[2], 3);
  assert_int_equal (board.calls[3], 1);

  rdx_test_finalize (&board.store);
  assert_int_equal (log.destroyed, 1);
  assert_int_equal (board.destroyed_total, 4);
  reducer_log_clear (&log);
}

/* Reducer busy */

static void
test_reducer_dispatch_busy (void **state)
{
  g_autoptr (RdxValue) before = NULL;
  Counter    counter = { 0 };
  ReducerLog log;
  RdxStore  *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  rdx_store_subscribe (store, counter_listener_cb, &counter, counter_destroyed_cb);
  before = rdx_store_dup_state (store);

  log.reenter = REENTER_DISPATCH;
  log.reenter_ok = TRUE;
  dispatch_ok (store, "counter.reenter");
  assert_false (log.reenter_ok);
  assert_error (log.reenter_error, RDX_STORE_ERROR, RDX_STORE_ERROR_REDUCER_BUSY);
  assert_non_null (strstr (log.reenter_error->message, "may not dispatch"));
  g_clear_error (&log.reenter_error);
  /* The nested action reached no reducer and notified no one. */
  assert_int_equal (log.calls, 2);
  assert_int_equal (counter.calls, 1);
  assert_ptr_equal (rdx_store_get_state (store), before);

  log.reenter = REENTER_REPLACE;
  log.reenter_ok = TRUE;
  dispatch_ok (store, "counter.reenter");
  assert_false (log.reenter_ok);
  assert_error (log.reenter_error, RDX_STORE_ERROR, RDX_STORE_ERROR_REDUCER_BUSY);
  assert_int_equal (log.destroyed, 0);

  /* The store works normally afterwards, with the same reducer. */
  log.reenter = REENTER_NONE;
  dispatch_ok (store, "counter.increment");
  assert_int_equal (store_count (store), 1);
  assert_int_equal (counter.calls, 3);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  assert_int_equal (counter.destroyed, 1);
  reducer_log_clear (&log);
}

static void
reenter_with_log (ReducerLog *log, Reenter what, RdxTestLog *capture)
{
  log->reenter = what;
  log->reenter_result = GINT_TO_POINTER (1);
  rdx_test_log_begin (capture);
  dispatch_ok (log->store, "counter.reenter");
  log->reenter = REENTER_NONE;
}

static void
test_reducer_get_state_subscribe_critical (void **state)
{
  Counter    counter = { 0 };
  ReducerLog log;
  RdxTestLog capture;
  RdxStore  *store;
  guint      id;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  id = rdx_store_subscribe (store, counter_listener_cb, &counter, counter_destroyed_cb);

  reenter_with_log (&log, REENTER_GET_STATE, &capture);
  assert_int_equal (capture.n_criticals, 1);
  assert_non_null (strstr (capture.text->str, "rdx_store_get_state"));
  rdx_test_log_end (&capture);
  assert_null (log.reenter_result);

  reenter_with_log (&log, REENTER_DUP_STATE, &capture);
  assert_int_equal (capture.n_criticals, 1);
  rdx_test_log_end (&capture);
  assert_null (log.reenter_result);

  log.reenter_id = 12345;
  reenter_with_log (&log, REENTER_SUBSCRIBE, &capture);
  assert_int_equal (capture.n_criticals, 1);
  assert_non_null (strstr (capture.text->str, "rdx_store_subscribe"));
  rdx_test_log_end (&capture);
  assert_int_equal (log.reenter_id, 0);

  log.reenter_id = id;
  reenter_with_log (&log, REENTER_UNSUBSCRIBE, &capture);
  assert_int_equal (capture.n_criticals, 1);
  assert_non_null (strstr (capture.text->str, "rdx_store_unsubscribe"));
  rdx_test_log_end (&capture);
  assert_int_equal (counter.destroyed, 0);

  /* None of them did anything: one listener, still subscribed. */
  assert_int_equal (counter.calls, 4);
  dispatch_ok (store, "counter.increment");
  assert_int_equal (counter.calls, 5);
  assert_int_equal (store_count (store), 1);

  rdx_test_finalize (&store);
  assert_int_equal (counter.destroyed, 1);
  reducer_log_clear (&log);
}

/* Redux: "recovers from an error within a reducer". */
static void
test_recovery_after_failing_reducer (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) before = NULL;
  Counter    counter = { 0 };
  ReducerLog log;
  RdxStore  *store;
  guint      notified = 0;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  counter.store = store;
  rdx_store_subscribe (store, counter_listener_cb, &counter, counter_destroyed_cb);
  g_signal_connect (store, "notify::state", G_CALLBACK (count_notify_cb), &notified);
  dispatch_ok (store, "counter.increment");
  before = rdx_store_dup_state (store);

  assert_false (dispatch_type (store, "counter.fail", &error));
  assert_error (error, TEST_ERROR, TEST_ERROR_NO);
  assert_string_equal (error->message, "counter.fail always fails");
  assert_ptr_equal (rdx_store_get_state (store), before);
  assert_int_equal (counter.calls, 1);
  assert_int_equal (notified, 1);

  /* Everything works again: dispatch, subscribe, get_state. */
  dispatch_ok (store, "counter.increment");
  assert_int_equal (store_count (store), 2);
  assert_int_equal (counter.calls, 2);
  assert_int_equal (counter.seen_count, 2);
  assert_int_equal (notified, 2);
  assert_true (rdx_store_subscribe (store, noop_listener_cb, NULL, NULL) > 0);

  rdx_test_finalize (&store);
  assert_int_equal (counter.destroyed, 1);
  reducer_log_clear (&log);
}

static void
test_reducer_null_without_error (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) before = NULL;
  ReducerLog log;
  RdxStore  *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  before = rdx_store_dup_state (store);

  assert_false (dispatch_type (store, "counter.null", &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_STATE);
  assert_non_null (strstr (error->message, "counter.null"));
  assert_ptr_equal (rdx_store_get_state (store), before);

  dispatch_ok (store, "counter.increment");
  assert_int_equal (store_count (store), 1);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

static RdxValue *
state_and_error_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  if (state == NULL || !rdx_action_is (action, "both"))
    return state != NULL ? rdx_value_ref (state) : rdx_map_new ();
  g_set_error (error, TEST_ERROR, TEST_ERROR_NO, "an error nobody should see");
  return rdx_map_set_take (state, "seen", rdx_value_new_bool (TRUE));
}

/* A reducer that returns a state and also sets an error breaks the
 * contract: the state counts, the error is dropped with a warning. */
static void
test_reducer_state_and_error (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (state_and_error_reduce, NULL, NULL);
  g_autoptr (GError) error = NULL;
  RdxTestLog capture;
  RdxStore  *store;

  store = rdx_store_new (reducer, NULL);
  rdx_test_log_begin (&capture);
  assert_true (dispatch_type (store, "both", &error));
  assert_null (error);
  assert_int_equal (capture.n_warnings, 1);
  assert_int_equal (capture.n_criticals, 0);
  assert_non_null (strstr (capture.text->str, "both"));
  rdx_test_log_end (&capture);
  assert_true (rdx_value_get_bool (rdx_map_get (rdx_store_get_state (store), "seen")));

  rdx_test_finalize (&store);
}

/* Bad input */

static void
test_null_action (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) before = NULL;
  ReducerLog log;
  RdxStore  *store;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  before = rdx_store_dup_state (store);

  assert_false (rdx_store_dispatch (store, NULL, &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_ACTION);
  assert_non_null (strstr (error->message, "rdx_action_new"));
  g_clear_error (&error);
  assert_false (rdx_store_dispatch_take (store, NULL, &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_ACTION);
  assert_int_equal (log.calls, 1);
  assert_ptr_equal (rdx_store_get_state (store), before);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

static void
test_null_store_and_type (void **state)
{
  g_autoptr (RdxAction) action = rdx_action_new ("counter.increment", NULL);
  g_autoptr (GError) error = NULL;
  RdxTestLog capture;

  rdx_test_log_begin (&capture);
  assert_false (rdx_store_dispatch (NULL, action, &error));
  assert_null (error);
  assert_int_equal (capture.n_criticals, 1);
  assert_null (rdx_store_get_state (NULL));
  assert_null (rdx_store_dup_state (NULL));
  assert_int_equal (rdx_store_subscribe (NULL, noop_listener_cb, NULL, NULL), 0);
  rdx_store_unsubscribe (NULL, 1);
  assert_false (rdx_store_replace_reducer (NULL, NULL, &error));
  assert_null (error);
  assert_null (rdx_store_new (NULL, NULL));
  assert_int_equal (capture.n_criticals, 7);

  /* A NULL type is not an action; a payload given with it is freed. */
  rdx_test_log_clear (&capture);
  assert_null (rdx_action_new (NULL, NULL));
  assert_null (rdx_action_new_take (NULL, rdx_map_new_take ("a", rdx_value_new_int (1), NULL)));
  assert_false (rdx_action_is (action, NULL));
  assert_false (rdx_action_is (NULL, "counter.increment"));
  assert_int_equal (capture.n_criticals, 4);
  /* Each critical names the function the application called. */
  assert_non_null (strstr (capture.text->str, "rdx_action_new: assertion 'type != NULL' failed"));
  assert_non_null (
    strstr (capture.text->str, "rdx_action_new_take: assertion 'type != NULL' failed"));
  assert_non_null (strstr (capture.text->str, "rdx_action_is: assertion 'type != NULL' failed"));
  assert_non_null (strstr (capture.text->str, "rdx_action_is: assertion 'self != NULL' failed"));
  rdx_test_log_end (&capture);
  /* The action given with the NULL store is untouched. */
  assert_int_equal (rdx_action_get_sequence (action), 0);
}

static void
test_empty_type (void **state)
{
  g_autoptr (RdxAction) action = rdx_action_new ("", NULL);
  Counter    counter = { 0 };
  ReducerLog log;
  RdxStore  *store;

  assert_non_null (action);
  assert_string_equal (rdx_action_get_type_name (action), "");
  assert_true (rdx_action_is (action, ""));
  assert_false (rdx_action_is_private (action));

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  rdx_store_subscribe (store, counter_listener_cb, &counter, NULL);
  assert_true (rdx_store_dispatch (store, action, NULL));
  assert_int_equal (log.calls, 2);
  assert_string_equal (g_ptr_array_index (log.types, 1), "");
  assert_int_equal (counter.calls, 1);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

/* Replacing the reducer */

static RdxValue *
doubling_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  ReducerLog *log = user_data;

  log->calls++;
  g_ptr_array_add (log->types, g_strdup (rdx_action_get_type_name (action)));
  log->last_state = state;
  if (rdx_action_is (action, "counter.increment"))
    {
      gint64 count = rdx_value_get_int (rdx_map_get (state, "count"));

      return rdx_map_set_take (state, "count", rdx_value_new_int (count * 2));
    }
  if (rdx_action_is (action, RDX_ACTION_REPLACE) && log->refuse_replace)
    {
      g_set_error (error, TEST_ERROR, TEST_ERROR_NO, "not this state");
      return NULL;
    }
  return rdx_value_ref (state);
}

static void
test_replace_reducer (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxReducer) doubling = NULL;
  g_autoptr (RdxValue) before = NULL;
  Counter    counter = { 0 };
  ReducerLog log, log2;
  RdxStore  *store;

  reducer_log_init (&log);
  reducer_log_init (&log2);
  store = counter_store_new (&log, NULL);
  rdx_store_subscribe (store, counter_listener_cb, &counter, NULL);
  dispatch_ok (store, "counter.increment");
  dispatch_ok (store, "counter.increment");
  dispatch_ok (store, "counter.increment");
  before = rdx_store_dup_state (store);

  doubling = rdx_reducer_new (doubling_reduce, &log2, reducer_log_destroyed_cb);
  assert_true (rdx_store_replace_reducer (store, doubling, &error));
  assert_null (error);
  /* The new reducer got REPLACE with the state as it was, and kept it. */
  assert_int_equal (log2.calls, 1);
  assert_string_equal (g_ptr_array_index (log2.types, 0), RDX_ACTION_REPLACE);
  assert_ptr_equal (log2.last_state, before);
  assert_ptr_equal (rdx_store_get_state (store), before);
  assert_int_equal (counter.calls, 4);
  /* The old reducer is released. */
  assert_int_equal (log.destroyed, 1);
  assert_int_equal (log.calls, 4);

  dispatch_ok (store, "counter.increment");
  assert_int_equal (store_count (store), 6);
  assert_int_equal (log.calls, 4);

  rdx_test_finalize (&store);
  g_clear_pointer (&doubling, rdx_reducer_unref);
  assert_int_equal (log2.destroyed, 1);
  reducer_log_clear (&log);
  reducer_log_clear (&log2);
}

static void
test_replace_reducer_failing (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) before = NULL;
  RdxReducer *failing;
  Counter     counter = { 0 };
  ReducerLog  log, log2;
  RdxStore   *store;

  reducer_log_init (&log);
  reducer_log_init (&log2);
  log2.refuse_replace = TRUE;
  store = counter_store_new (&log, NULL);
  rdx_store_subscribe (store, counter_listener_cb, &counter, NULL);
  dispatch_ok (store, "counter.increment");
  before = rdx_store_dup_state (store);

  failing = rdx_reducer_new (doubling_reduce, &log2, reducer_log_destroyed_cb);
  assert_false (rdx_store_replace_reducer (store, failing, &error));
  assert_error (error, TEST_ERROR, TEST_ERROR_NO);
  rdx_reducer_unref (failing);
  /* The store let go of the reducer it refused, kept the old one, and
   * the state. */
  assert_int_equal (log2.destroyed, 1);
  assert_int_equal (log.destroyed, 0);
  assert_ptr_equal (rdx_store_get_state (store), before);
  assert_int_equal (counter.calls, 1);

  dispatch_ok (store, "counter.increment");
  assert_int_equal (store_count (store), 2);
  assert_int_equal (log2.calls, 1);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
  reducer_log_clear (&log2);
}

/* Actions */

#ifdef CLOCK_MONOTONIC_COARSE
/* The coarse monotonic clock in microseconds, read by the C library. */
static gint64
coarse_now_us (void)
{
  struct timespec ts;

  assert_int_equal (clock_gettime (CLOCK_MONOTONIC_COARSE, &ts), 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}
#endif

static void
test_action_metadata (void **state)
{
  g_autoptr (RdxAction) a = rdx_action_new ("counter.increment", NULL);
  g_autoptr (RdxAction) b = rdx_action_new ("counter.unknown", NULL);
  g_autoptr (RdxAction) c = rdx_action_new ("counter.increment", NULL);
  ReducerLog log, log2;
  RdxStore  *store, *other;
  guint64    init_sequence;
  gint64     before, after;

  /* Not dispatched yet: no metadata. */
  assert_int_equal (rdx_action_get_sequence (a), 0);
  assert_int_equal (rdx_action_get_monotonic_time (a), 0);
  assert_int_equal (rdx_action_get_real_time (a), 0);

  before = g_get_real_time ();
  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  init_sequence = rdx_action_get_sequence (log.last_action);
  assert_true (init_sequence > 0);

  assert_true (rdx_store_dispatch (store, a, NULL));
  assert_true (rdx_store_dispatch (store, b, NULL));
  after = g_get_real_time ();

  assert_true (rdx_action_get_sequence (a) > init_sequence);
  assert_true (rdx_action_get_sequence (b) > rdx_action_get_sequence (a));
  assert_true (rdx_action_get_monotonic_time (a) > 0);
  assert_true (rdx_action_get_monotonic_time (b) >= rdx_action_get_monotonic_time (a));
  assert_true (rdx_action_get_real_time (b) >= rdx_action_get_real_time (a));
  /* Wall-clock time: coarse, but it is now, not some other epoch. */
  assert_true (rdx_action_get_real_time (a) > before - 10 * G_USEC_PER_SEC);
  assert_true (rdx_action_get_real_time (b) < after + 10 * G_USEC_PER_SEC);

  /* The monotonic stamp is the system's coarse clock when dispatched:
   * between two reads of it around the dispatch. */
#ifdef CLOCK_MONOTONIC_COARSE
  {
    guint i;

    for (i = 0; i < 3; i++)
      {
        g_autoptr (RdxAction) d = rdx_action_new ("counter.increment", NULL);
        gint64 coarse_before = coarse_now_us (), coarse_after;

        assert_true (rdx_store_dispatch (store, d, NULL));
        coarse_after = coarse_now_us ();
        assert_true (rdx_action_get_monotonic_time (d) >= coarse_before);
        assert_true (rdx_action_get_monotonic_time (d) <= coarse_after);
      }
  }
#endif

  /* Sequence numbers are per store. */
  reducer_log_init (&log2);
  other = counter_store_new (&log2, NULL);
  assert_int_equal (rdx_action_get_sequence (log2.last_action), init_sequence);
  assert_true (rdx_store_dispatch (other, c, NULL));
  assert_int_equal (rdx_action_get_sequence (c), init_sequence + 1);

  rdx_test_finalize (&other);
  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
  reducer_log_clear (&log2);
}

static void
test_action_dispatched_twice (void **state)
{
  g_autoptr (RdxValue) payload = rdx_map_new_take ("by", rdx_value_new_int (2), NULL);
  g_autoptr (RdxAction) action = rdx_action_new ("counter.unknown", payload);
  ReducerLog log;
  RdxStore  *store;
  guint64    first_sequence;
  gint64     first_mono, first_real;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);

  assert_true (rdx_store_dispatch (store, action, NULL));
  assert_ptr_equal (log.last_action, action);
  first_sequence = rdx_action_get_sequence (action);
  first_mono = rdx_action_get_monotonic_time (action);
  first_real = rdx_action_get_real_time (action);

  dispatch_ok (store, "counter.unknown");
  assert_true (rdx_store_dispatch (store, action, NULL));

  /* The reducer saw a copy stamped for the second dispatch... */
  assert_ptr_not_equal (log.last_action, action);
  assert_string_equal (rdx_action_get_type_name (log.last_action), "counter.unknown");
  assert_ptr_equal (rdx_action_get_payload (log.last_action), payload);
  assert_int_equal (rdx_action_get_sequence (log.last_action), first_sequence + 2);
  assert_true (rdx_action_get_monotonic_time (log.last_action) >= first_mono);
  /* ...while what was recorded of the first one stays. */
  assert_int_equal (rdx_action_get_sequence (action), first_sequence);
  assert_int_equal (rdx_action_get_monotonic_time (action), first_mono);
  assert_int_equal (rdx_action_get_real_time (action), first_real);
  assert_ptr_equal (rdx_action_get_payload (action), payload);

  rdx_test_finalize (&store);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

static void
test_action_accessors (void **state)
{
  g_autoptr (RdxValue) payload = rdx_value_new_string ("x");
  g_autoptr (RdxAction) a = rdx_action_new ("accounts.deposit", payload);
  g_autoptr (RdxAction) taken = rdx_action_new_take ("accounts.deposit", rdx_value_new_int (3));
  g_autoptr (RdxAction) bare = rdx_action_new ("accounts.close", NULL);
  g_autoptr (RdxAction) init = rdx_action_new (RDX_ACTION_INIT, NULL);
  char type[] = "accounts.deposit";

  /* Type names are interned: equal types share one string. */
  assert_ptr_equal (rdx_action_get_type_name (a), g_intern_string ("accounts.deposit"));
  assert_ptr_equal (rdx_action_get_type_name (a), rdx_action_get_type_name (taken));
  assert_ptr_equal (rdx_action_get_payload (a), payload);
  assert_int_equal (rdx_value_get_int (rdx_action_get_payload (taken)), 3);
  assert_true (rdx_value_is_null (rdx_action_get_payload (bare)));

  /* rdx_action_is compares text, not addresses. */
  assert_true (rdx_action_is (a, type));
  type[0] = 'b';
  assert_false (rdx_action_is (a, type));
  assert_false (rdx_action_is (a, "accounts"));
  assert_false (rdx_action_is (a, "accounts.deposit.x"));

  assert_true (rdx_action_is_private (init));
  assert_false (rdx_action_is_private (a));
}

/* Written at run time, so in writable memory: the same address with
 * other text must give another type. */
static char writable_type[] = "accounts.deposit";

static void
test_action_type_reused_buffers (void **state)
{
  g_autofree char *heap = g_strdup ("accounts.deposit");
  g_autoptr (RdxAction) deposit = NULL;
  g_autoptr (RdxAction) withdraw = NULL;
  g_autoptr (RdxAction) from_static = NULL;
  g_autoptr (RdxAction) from_heap = NULL;
  guint i;

  /* Literals, made and compared more than once (the second time from
   * what the first remembered). */
  for (i = 0; i < 3; i++)
    {
      g_autoptr (RdxAction) a = rdx_action_new ("accounts.deposit", NULL);
      g_autoptr (RdxAction) b = rdx_action_new_take ("accounts.withdra", NULL);

      assert_ptr_equal (rdx_action_get_type_name (a), g_intern_string ("accounts.deposit"));
      assert_true (rdx_action_is (a, "accounts.deposit"));
      assert_false (rdx_action_is (a, "accounts.withdra"));
      assert_true (rdx_action_is (b, "accounts.withdra"));
      assert_false (rdx_action_is (b, "accounts.deposit"));
      assert_false (rdx_action_is (a, ""));
    }

  /* A heap buffer reused with other text, at the same address. */
  deposit = rdx_action_new (heap, NULL);
  assert_true (rdx_action_is (deposit, heap));
  memcpy (heap, "accounts.withdra", sizeof "accounts.withdra");
  withdraw = rdx_action_new (heap, NULL);
  assert_string_equal (rdx_action_get_type_name (deposit), "accounts.deposit");
  assert_string_equal (rdx_action_get_type_name (withdraw), "accounts.withdra");
  assert_false (rdx_action_is (deposit, heap));
  assert_true (rdx_action_is (withdraw, heap));
  assert_true (rdx_action_is (deposit, "accounts.deposit"));
  assert_true (rdx_action_is (withdraw, "accounts.withdra"));

  /* The same with a static array, which is writable. */
  from_static = rdx_action_new (writable_type, NULL);
  assert_true (rdx_action_is (from_static, writable_type));
  writable_type[9] = 'x';
  from_heap = rdx_action_new (writable_type, NULL);
  assert_string_equal (rdx_action_get_type_name (from_static), "accounts.deposit");
  assert_string_equal (rdx_action_get_type_name (from_heap), "accounts.xeposit");
  assert_false (rdx_action_is (from_static, writable_type));
  assert_true (rdx_action_is (from_heap, writable_type));
  writable_type[9] = 'd';
  assert_true (rdx_action_is (from_static, writable_type));
}

/* A literal's text interned before from another buffer, and a literal
 * interned first: either way the type is the one interned string, and
 * rdx_action_is () tells types apart by their text. */
static void
test_action_type_interned_first_elsewhere (void **state)
{
  g_autofree char *heap = g_strdup ("tests.interned.from-heap");
  const char      *from_heap = g_intern_string (heap);
  g_autoptr (RdxAction) late = NULL;
  g_autoptr (RdxAction) fresh = NULL;
  g_autoptr (RdxAction) again = NULL;
  char copy[] = "tests.interned.literal-first";

  late = rdx_action_new ("tests.interned.from-heap", NULL);
  assert_ptr_equal (rdx_action_get_type_name (late), from_heap);
  assert_true (rdx_action_is (late, "tests.interned.from-heap"));
  assert_true (rdx_action_is (late, heap));
  assert_true (rdx_action_is (late, from_heap));
  assert_false (rdx_action_is (late, "tests.interned.from-hea"));
  assert_false (rdx_action_is (late, "tests.interned.literal-first"));

  fresh = rdx_action_new ("tests.interned.literal-first", NULL);
  again = rdx_action_new_take (copy, NULL);
  assert_ptr_equal (rdx_action_get_type_name (fresh),
                    g_intern_string ("tests.interned.literal-first"));
  assert_ptr_equal (rdx_action_get_type_name (again), rdx_action_get_type_name (fresh));
  assert_string_equal (rdx_action_get_type_name (fresh), "tests.interned.literal-first");
  assert_true (rdx_action_is (fresh, "tests.interned.literal-first"));
  assert_true (rdx_action_is (fresh, copy));
  assert_true (rdx_action_is (again, "tests.interned.literal-first"));
  copy[0] = 'b';
  assert_false (rdx_action_is (fresh, copy));
  assert_false (rdx_action_is (fresh, "tests.interned.from-heap"));
  /* The buffer it was made from changed; the action's type did not. */
  assert_string_equal (rdx_action_get_type_name (again), "tests.interned.literal-first");
}

/* Threads making actions from the same literals at once, and one from a
 * buffer at the address of none: each action has its own type. */
static gpointer
make_actions_thread (gpointer data)
{
  static const char *const types[] = { "tests.threads.one", "tests.threads.two",
                                       "tests.threads.three" };
  char                     buffer[] = "tests.threads.two";
  guint                    i, wrong = 0;

  for (i = 0; i < 20000; i++)
    {
      const char *type = types[i % G_N_ELEMENTS (types)];
      RdxAction  *a = rdx_action_new (type, NULL);
      RdxAction  *b = rdx_action_new (buffer, NULL);

      if (rdx_action_get_type_name (a) != g_intern_string (type) || !rdx_action_is (a, type) ||
          rdx_action_is (a, "tests.threads.on") || !rdx_action_is (b, "tests.threads.two") ||
          rdx_action_is (b, type) != (i % G_N_ELEMENTS (types) == 1))
        wrong++;
      rdx_action_unref (a);
      rdx_action_unref (b);
    }
  return GUINT_TO_POINTER (wrong);
}

static void
test_action_types_on_threads (void **state)
{
  GThread *threads[4];
  guint    i;

  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("actions", make_actions_thread, NULL);
  for (i = 0; i < G_N_ELEMENTS (threads); i++)
    assert_int_equal (GPOINTER_TO_UINT (g_thread_join (threads[i])), 0);
}

static void
test_action_to_string (void **state)
{
  g_autoptr (RdxAction) bare = rdx_action_new ("counter.increment", NULL);
  g_autoptr (RdxAction) with_payload = rdx_action_new_take (
    "accounts.deposit", rdx_map_new_take ("id", rdx_value_new_string ("acc-1"), "amount",
                                          rdx_value_new_int (500), NULL));
  g_autoptr (RdxAction) scalar = rdx_action_new_take ("x", rdx_value_new_string ("a\"b"));
  g_autofree char *s1 = rdx_action_to_string (bare);
  g_autofree char *s2 = rdx_action_to_string (with_payload);
  g_autofree char *s3 = rdx_action_to_string (scalar);

  assert_string_equal (s1, "counter.increment");
  /* Canonical JSON: sorted keys, compact. */
  assert_string_equal (s2, "accounts.deposit {\"amount\":500,\"id\":\"acc-1\"}");
  assert_string_equal (s3, "x \"a\\\"b\"");
}

static void
test_boxed_types (void **state)
{
  g_autoptr (RdxAction) action = rdx_action_new ("counter.increment", NULL);
  g_auto (GValue) value = G_VALUE_INIT;
  g_autoptr (GTypeClass) store_class = g_type_class_ref (RDX_TYPE_STORE);
  ReducerLog  log;
  RdxReducer *reducer;
  RdxAction  *copy;
  GParamSpec *pspec;

  assert_true (G_TYPE_IS_BOXED (RDX_TYPE_ACTION));
  assert_true (G_TYPE_IS_BOXED (RDX_TYPE_REDUCER));
  assert_true (G_TYPE_IS_BOXED (RDX_TYPE_MIDDLEWARE));
  assert_true (G_TYPE_IS_BOXED (RDX_TYPE_VALUE));
  assert_true (g_type_is_a (RDX_TYPE_STORE, G_TYPE_OBJECT));
  assert_true (G_TYPE_IS_FINAL (RDX_TYPE_STORE));
  assert_string_equal (g_type_name (RDX_TYPE_STORE), "RdxStore");
  assert_string_equal (g_type_name (RDX_TYPE_ACTION), "RdxAction");
  assert_string_equal (g_type_name (RDX_TYPE_REDUCER), "RdxReducer");
  assert_string_equal (g_type_name (RDX_TYPE_MIDDLEWARE), "RdxMiddleware");
  assert_string_equal (g_quark_to_string (RDX_STORE_ERROR), "rdx-store-error-quark");

  /* Copying a boxed action is taking a reference. */
  copy = g_boxed_copy (RDX_TYPE_ACTION, action);
  assert_ptr_equal (copy, action);
  g_boxed_free (RDX_TYPE_ACTION, copy);
  g_value_init (&value, RDX_TYPE_ACTION);
  g_value_set_boxed (&value, action);
  assert_ptr_equal (g_value_get_boxed (&value), action);

  /* Reducers too: the last reference runs the destroy notify. */
  reducer_log_init (&log);
  reducer = rdx_reducer_new (counter_reduce, &log, reducer_log_destroyed_cb);
  copy = g_boxed_copy (RDX_TYPE_REDUCER, reducer);
  g_boxed_free (RDX_TYPE_REDUCER, copy);
  assert_int_equal (log.destroyed, 0);
  rdx_reducer_unref (reducer);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);

  /* The store's state property: a read-only value. */
  pspec = g_object_class_find_property (G_OBJECT_CLASS (store_class), "state");
  assert_non_null (pspec);
  assert_true (pspec->value_type == RDX_TYPE_VALUE);
  assert_true (pspec->flags & G_PARAM_READABLE);
  assert_false (pspec->flags & G_PARAM_WRITABLE);
}

static void
test_finalization (void **state)
{
  Counter    a = { 0 }, b = { 0 };
  ReducerLog log;
  RdxStore  *store;
  gpointer   weak;
  RdxValue  *kept;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  rdx_store_subscribe (store, counter_listener_cb, &a, counter_destroyed_cb);
  rdx_store_subscribe (store, counter_listener_cb, &b, counter_destroyed_cb);
  dispatch_ok (store, "counter.increment");
  kept = rdx_store_dup_state (store);

  /* Another reference keeps the store alive. */
  g_object_ref (store);
  weak = store;
  g_object_add_weak_pointer (G_OBJECT (store), &weak);
  g_object_unref (store);
  assert_non_null (weak);
  assert_int_equal (a.destroyed, 0);
  assert_int_equal (log.destroyed, 0);

  /* The last one finalizes it and frees what it held. */
  g_object_unref (store);
  rdx_assert_finalized (weak);
  assert_int_equal (a.destroyed, 1);
  assert_int_equal (b.destroyed, 1);
  assert_int_equal (log.destroyed, 1);
  assert_int_equal (rdx_value_get_int (rdx_map_get (kept, "count")), 1);
  rdx_value_unref (kept);
  reducer_log_clear (&log);
}

/* A listener that drops the last reference to the store (say, it closes the
 * window that owns it) does not pull the store from under the dispatch:
 * the store goes when the dispatch is over. */
static void
drop_store_cb (RdxStore *store, gpointer user_data)
{
  g_object_unref (store);
}

static void
still_alive_cb (RdxStore *store, gpointer user_data)
{
  gint64 *seen = user_data;

  *seen = rdx_value_get_int (rdx_map_get (rdx_store_get_state (store), "count"));
}

static void
test_last_reference_dropped_in_listener (void **state)
{
  ReducerLog log;
  RdxStore  *store;
  gpointer   weak;
  gint64     seen = -1;

  reducer_log_init (&log);
  store = counter_store_new (&log, NULL);
  rdx_store_subscribe (store, drop_store_cb, NULL, NULL);
  rdx_store_subscribe (store, still_alive_cb, &seen, NULL);
  weak = store;
  g_object_add_weak_pointer (G_OBJECT (store), &weak);

  dispatch_ok (store, "counter.increment");

  /* The listener after the one that let go still saw a working store. */
  assert_int_equal (seen, 1);
  rdx_assert_finalized (weak);
  assert_int_equal (log.destroyed, 1);
  reducer_log_clear (&log);
}

/* Owned reducers (issue 17): a store that holds the only reference to its
 * state hands it to the reducer, which changes it in place; nobody who
 * holds a state ever sees it change. */

static RdxValue *
add_balance_cb (RdxValue *account, gpointer user_data)
{
  return rdx_map_set_owned (
    account, "balance",
    rdx_value_new_int (rdx_value_get_int (rdx_map_get (account, "balance")) +
                       *(const gint64 *) user_data));
}

/* {"a": {"balance": 10}, "b": {"balance": 0}}; "move" moves 1 from a to
 * b, and is refused when a has nothing left. */
static gboolean
owned_accounts_reduce (RdxValue **state, RdxAction *action, gpointer user_data, GError **error)
{
  gint64 debit = -1, credit = 1;

  if (*state == NULL)
    {
      *state =
        rdx_map_new_take ("a", rdx_map_new_take ("balance", rdx_value_new_int (10), NULL), "b",
                          rdx_map_new_take ("balance", rdx_value_new_int (0), NULL), NULL);
      return TRUE;
    }
  if (!rdx_action_is (action, "move"))
    return TRUE;
  if (rdx_value_get_int (rdx_value_get_path (*state, "/a/balance")) <= 0)
    {
      g_set_error_literal (error, TEST_ERROR, TEST_ERROR_NO, "a has nothing left");
      return FALSE;
    }
  *state = rdx_map_update_owned (*state, "a", add_balance_cb, &debit);
  *state = rdx_map_update_owned (*state, "b", add_balance_cb, &credit);
  return TRUE;
}

static RdxStore *
owned_store_new (void)
{
  g_autoptr (RdxReducer) accounts = rdx_reducer_new_owned (owned_accounts_reduce, NULL, NULL);
  g_autoptr (RdxReducer) root = rdx_combine_reducers ("accounts", accounts, NULL);

  return rdx_store_new (root, NULL);
}

static gint64
balance (RdxValue *state, const char *account)
{
  g_autofree char *path = g_strdup_printf ("/accounts/%s/balance", account);

  return rdx_value_get_int (rdx_value_get_path (state, path));
}

static void
test_owned_in_place (void **state)
{
  RdxStore *store = owned_store_new ();
  g_autoptr (GError) error = NULL;
  RdxValue *root = rdx_store_get_state (store);
  RdxValue *account = rdx_value_get_path (root, "/accounts/a");
  guint     notified = 0;

  g_signal_connect (store, "notify::state", G_CALLBACK (count_notify_cb), &notified);

  /* Nobody else holds the state: the same maps, changed. */
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("move", NULL), &error));
  assert_ptr_equal (rdx_store_get_state (store), root);
  assert_ptr_equal (rdx_value_get_path (rdx_store_get_state (store), "/accounts/a"), account);
  assert_int_equal (balance (rdx_store_get_state (store), "a"), 9);
  assert_int_equal (balance (rdx_store_get_state (store), "b"), 1);
  assert_int_equal (notified, 1);

  /* An action nobody handles changes nothing: no notification. */
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("other", NULL), &error));
  assert_int_equal (notified, 1);
  /* The state's hash follows the change (maps keep it). */
  {
    g_autoptr (RdxValue) copy = rdx_value_from_json (
      "{\"accounts\":{\"a\":{\"balance\":9},\"b\":{\"balance\":1}}}", -1, NULL);

    assert_true (rdx_value_equal (rdx_store_get_state (store), copy));
    assert_int_equal (rdx_value_hash (rdx_store_get_state (store)), rdx_value_hash (copy));
    assert_true (rdx_store_dispatch_take (store, rdx_action_new ("move", NULL), &error));
    assert_false (rdx_value_equal (rdx_store_get_state (store), copy));
    assert_int_not_equal (rdx_value_hash (rdx_store_get_state (store)), rdx_value_hash (copy));
  }
  rdx_test_finalize (&store);
}

/* A state someone holds (a selector's memo, a reference, a history) never
 * changes: the reducer copies what it changes. */
static void
test_owned_held_state_unchanged (void **state)
{
  RdxStore *store = owned_store_new ();
  g_autoptr (RdxSelector) selector = rdx_selector_new_path ("/accounts/a");
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) held = NULL;
  g_autoptr (RdxValue) held_a = NULL;
  RdxValue *selected;

  /* The selector keeps the state it selected from. */
  selected = rdx_store_select (store, selector);
  held_a = rdx_value_ref (selected);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("move", NULL), &error));
  assert_int_equal (rdx_value_get_int (rdx_map_get (held_a, "balance")), 10);
  assert_true (rdx_store_select (store, selector) != held_a);
  assert_int_equal (balance (rdx_store_get_state (store), "a"), 9);
  g_clear_pointer (&held_a, rdx_value_unref);

  /* A reference kept by the application. */
  held = rdx_store_dup_state (store);
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("move", NULL), &error));
  assert_int_equal (balance (held, "a"), 9);
  assert_int_equal (balance (held, "b"), 1);
  assert_int_equal (balance (rdx_store_get_state (store), "a"), 8);
  assert_true (rdx_store_get_state (store) != held);

  /* Released: in place again. */
  g_clear_pointer (&held, rdx_value_unref);
  g_clear_pointer (&selector, rdx_selector_unref);
  held = rdx_value_ref (rdx_store_get_state (store));
  rdx_value_unref (held);
  {
    RdxValue *root = rdx_store_get_state (store);

    assert_true (rdx_store_dispatch_take (store, rdx_action_new ("move", NULL), &error));
    assert_ptr_equal (rdx_store_get_state (store), root);
    assert_int_equal (balance (root, "a"), 7);
  }
  held = NULL;
  rdx_test_finalize (&store);
}

/* A refusal leaves the state as it was, in place or not. */
static void
test_owned_refused (void **state)
{
  RdxStore *store = owned_store_new ();
  g_autoptr (GError) error = NULL;
  guint notified = 0;

  g_signal_connect (store, "notify::state", G_CALLBACK (count_notify_cb), &notified);
  for (guint i = 0; i < 10; i++)
    assert_true (rdx_store_dispatch_take (store, rdx_action_new ("move", NULL), &error));
  assert_int_equal (notified, 10);
  assert_false (rdx_store_dispatch_take (store, rdx_action_new ("move", NULL), &error));
  assert_error (error, TEST_ERROR, TEST_ERROR_NO);
  assert_int_equal (notified, 10);
  assert_int_equal (balance (rdx_store_get_state (store), "a"), 0);
  assert_int_equal (balance (rdx_store_get_state (store), "b"), 10);
  rdx_test_finalize (&store);
}

/* The owned reducer through rdx_reducer_reduce(), on a borrowed state:
 * the state given is untouched. */
static void
test_owned_reducer_borrowed (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new_owned (owned_accounts_reduce, NULL, NULL);
  g_autoptr (RdxAction) move = rdx_action_new ("move", NULL);
  g_autoptr (RdxAction) init = rdx_action_new (RDX_ACTION_INIT, NULL);
  g_autoptr (RdxValue) initial = rdx_reducer_reduce (reducer, NULL, init, NULL);
  g_autoptr (RdxValue) next = NULL;
  g_autoptr (GError) error = NULL;

  next = rdx_reducer_reduce (reducer, initial, move, &error);
  assert_non_null (next);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (initial, "/a/balance")), 10);
  assert_int_equal (rdx_value_get_int (rdx_value_get_path (next, "/a/balance")), 9);
}

static gpointer
dup_state_thread (gpointer data)
{
  return rdx_store_dup_state (data);
}

/* Once another thread read the state, runs copy: that thread may hold it. */
static void
test_owned_other_thread (void **state)
{
  RdxStore *store = owned_store_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) held = NULL;
  RdxValue *root;

  held = g_thread_join (g_thread_new ("reader", dup_state_thread, store));
  g_clear_pointer (&held, rdx_value_unref);
  root = rdx_store_get_state (store);
  held = rdx_value_ref (root);
  rdx_value_unref (held);
  held = NULL;
  assert_true (rdx_store_dispatch_take (store, rdx_action_new ("move", NULL), &error));
  assert_true (rdx_store_get_state (store) != root);
  assert_int_equal (balance (rdx_store_get_state (store), "a"), 9);
  rdx_test_finalize (&store);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    STORE_TEST (test_init_dispatched),
    STORE_TEST (test_init_preloaded),
    STORE_TEST (test_get_and_dup_state),
    STORE_TEST (test_dispatch_applies_reducer),
    STORE_TEST (test_state_notify_on_change_only),
    STORE_TEST (test_listeners_called_when_unchanged),
    STORE_TEST (test_listeners_not_called_on_failure),
    STORE_TEST (test_subscribe_unsubscribe_counts),
    STORE_TEST (test_unsubscribe_idempotent),
    STORE_TEST (test_subscribe_ids),
    STORE_TEST (test_subscribe_during_notification),
    STORE_TEST (test_unsubscribe_during_notification),
    STORE_TEST (test_unsubscribe_self_and_earlier),
    STORE_TEST (test_listeners_changed_from_state_notify),
    STORE_TEST (test_nested_dispatch_snapshot),
    STORE_TEST (test_reducer_dispatch_busy),
    STORE_TEST (test_reducer_get_state_subscribe_critical),
    STORE_TEST (test_recovery_after_failing_reducer),
    STORE_TEST (test_reducer_null_without_error),
    STORE_TEST (test_reducer_state_and_error),
    STORE_TEST (test_null_action),
    STORE_TEST (test_null_store_and_type),
    STORE_TEST (test_empty_type),
    STORE_TEST (test_replace_reducer),
    STORE_TEST (test_replace_reducer_failing),
    STORE_TEST (test_action_metadata),
    STORE_TEST (test_action_dispatched_twice),
    STORE_TEST (test_action_accessors),
    STORE_TEST (test_action_type_reused_buffers),
    STORE_TEST (test_action_type_interned_first_elsewhere),
    STORE_TEST (test_action_types_on_threads),
    STORE_TEST (test_action_to_string),
    STORE_TEST (test_boxed_types),
    STORE_TEST (test_finalization),
    STORE_TEST (test_last_reference_dropped_in_listener),
    STORE_TEST (test_owned_in_place),
    STORE_TEST (test_owned_held_state_unchanged),
    STORE_TEST (test_owned_refused),
    STORE_TEST (test_owned_reducer_borrowed),
    STORE_TEST (test_owned_other_thread),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("store", tests, NULL, NULL);
}
