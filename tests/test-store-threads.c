/* test-store-threads.c: dispatching to a store from other threads
 *
 * A store belongs to the main context that was thread-default when it was
 * made. Dispatches from other threads are queued to that context and applied
 * there, in the order each thread sent them; reducers and listeners always
 * run on the store's thread; rdx_store_dup_state() works from any thread.
 *
 * The main thread waits by iterating its main context, bounded by a deadline
 * source, never by sleeping. With RDX_TEST_QUICK set (under valgrind) the
 * loops are ten times shorter.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define TEST_ERROR       (g_quark_from_static_string ("rdx-test-error"))
#define N_THREADS        4
#define DEADLINE_SECONDS 240

static guint per_thread = 5000; /* actions each worker dispatches */

#define THREADS_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

/* What the reducer and the listener saw. Written on the store's thread
 * only (workers only count failures, atomically). */
typedef struct
{
  RdxStore *store;
  GThread  *store_thread;
  gint64    last[N_THREADS];  /* last "n" applied per sending thread */
  guint     applied;          /* "counter.add" actions applied */
  guint     refused;          /* "counter.fail" actions seen */
  guint     order_violations; /* an "n" that was not last + 1 */
  guint     bad_payloads;
  guint     wrong_thread; /* reducer or listener calls off the store's thread */
  guint     listener_calls;
  gint      dispatch_failures; /* atomic: dispatches that returned FALSE */
  guint     target;            /* how many "counter.add" the waiting loop wants */
} Shared;

static void
shared_init (Shared *shared)
{
  guint i;

  memset (shared, 0, sizeof *shared);
  shared->store_thread = g_thread_self ();
  for (i = 0; i < N_THREADS; i++)
    shared->last[i] = -1;
}

/* State {"count": n}. "counter.add" with payload {"thread": t, "n": i}
 * adds one and checks that i follows the last i seen from thread t;
 * "counter.fail" is refused. */
static RdxValue *
counter_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  Shared *shared = user_data;

  if (g_thread_self () != shared->store_thread)
    shared->wrong_thread++;

  if (state == NULL)
    return rdx_map_new_take ("count", rdx_value_new_int (0), "label",
                             rdx_value_new_string ("a heap value, shared with readers"), NULL);

  if (rdx_action_is (action, "counter.add"))
    {
      RdxValue *payload = rdx_action_get_payload (action);
      RdxValue *thread = rdx_value_is_map (payload) ? rdx_map_get (payload, "thread") : NULL;
      RdxValue *n = rdx_value_is_map (payload) ? rdx_map_get (payload, "n") : NULL;
      gint64    count = rdx_value_get_int (rdx_map_get (state, "count"));

      if (thread == NULL || n == NULL || !rdx_value_is_int (thread) || !rdx_value_is_int (n) ||
          rdx_value_get_int (thread) < 0 || rdx_value_get_int (thread) >= N_THREADS)
        {
          shared->bad_payloads++;
          g_set_error (error, TEST_ERROR, 1, "bad payload");
          return NULL;
        }
      if (rdx_value_get_int (n) != shared->last[rdx_value_get_int (thread)] + 1)
        shared->order_violations++;
      shared->last[rdx_value_get_int (thread)] = rdx_value_get_int (n);
      shared->applied++;
      return rdx_map_set_take (state, "count", rdx_value_new_int (count + 1));
    }
  if (rdx_action_is (action, "counter.increment"))
    {
      gint64 count = rdx_value_get_int (rdx_map_get (state, "count"));

      return rdx_map_set_take (state, "count", rdx_value_new_int (count + 1));
    }
  if (rdx_action_is (action, "counter.fail"))
    {
      shared->refused++;
      g_set_error (error, TEST_ERROR, 2, "refused on purpose");
      return NULL;
    }
  return rdx_value_ref (state);
}

static void
listener_cb (RdxStore *store, gpointer user_data)
{
  Shared *shared = user_data;

  if (g_thread_self () != shared->store_thread)
    shared->wrong_thread++;
  shared->listener_calls++;
}

static RdxStore *
shared_store_new (Shared *shared)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (counter_reduce, shared, NULL);

  shared->store = rdx_store_new (reducer, NULL);
  rdx_store_subscribe (shared->store, listener_cb, shared, NULL);
  return shared->store;
}

static gint64
state_count (RdxStore *store)
{
  return rdx_value_get_int (rdx_map_get (rdx_store_get_state (store), "count"));
}

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates @context until shared->applied reaches shared->target or the
 * deadline passes. Returns whether the target was reached. */
static gboolean
iterate_until_applied (GMainContext *context, Shared *shared)
{
  gboolean expired = FALSE;
  GSource *deadline = g_timeout_source_new_seconds (DEADLINE_SECONDS);

  g_source_set_callback (deadline, deadline_cb, &expired, NULL);
  g_source_attach (deadline, context);
  while (shared->applied < shared->target && !expired)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (deadline);
  g_source_unref (deadline);
  return shared->applied >= shared->target;
}

/* Workers */

typedef struct
{
  Shared     *shared;
  guint       index;
  guint       count;
  const char *first_type; /* dispatched before the others, when set */
} Worker;

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  guint   i;

  if (worker->first_type != NULL &&
      !rdx_store_dispatch_take (worker->shared->store, rdx_action_new (worker->first_type, NULL),
                                NULL))
    g_atomic_int_inc (&worker->shared->dispatch_failures);

  for (i = 0; i < worker->count; i++)
    {
      RdxValue *payload = rdx_map_new_take ("thread", rdx_value_new_int (worker->index), "n",
                                            rdx_value_new_int (i), NULL);

      if (!rdx_store_dispatch_take (worker->shared->store,
                                    rdx_action_new_take ("counter.add", payload), NULL))
        g_atomic_int_inc (&worker->shared->dispatch_failures);
    }
  return NULL;
}

static void
test_dispatch_from_threads (void **state)
{
  Worker    workers[N_THREADS];
  GThread  *threads[N_THREADS];
  Shared    shared;
  RdxStore *store;
  guint     i;

  shared_init (&shared);
  store = shared_store_new (&shared);
  shared.target = N_THREADS * per_thread;

  for (i = 0; i < N_THREADS; i++)
    {
      workers[i] = (Worker){ &shared, i, per_thread, NULL };
      threads[i] = g_thread_new ("rdx-test-dispatcher", worker_thread, &workers[i]);
    }

  assert_true (iterate_until_applied (NULL, &shared));
  for (i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  assert_int_equal (g_atomic_int_get (&shared.dispatch_failures), 0);
  assert_int_equal (shared.applied, N_THREADS * per_thread);
  assert_int_equal (state_count (store), N_THREADS * per_thread);
  assert_int_equal (shared.listener_calls, N_THREADS * per_thread);
  assert_int_equal (shared.order_violations, 0);
  assert_int_equal (shared.bad_payloads, 0);
  assert_int_equal (shared.wrong_thread, 0);
  for (i = 0; i < N_THREADS; i++)
    assert_int_equal (shared.last[i], per_thread - 1);

  /* Nothing more is queued: another round of the context changes nothing. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_int_equal (state_count (store), N_THREADS * per_thread);

  rdx_test_finalize (&store);
}

/* Readers */

#define MIN_READS 200 /* reads each reader makes while the store changes */

typedef struct
{
  RdxStore *store;
  gint     *dispatched; /* atomic: dispatches started by the store's thread */
  gint      stop;       /* atomic */
  gint      reads;      /* atomic */
  guint     bad_values; /* not a map with an integer count in range */
  guint     went_back;  /* a count lower than one read before */
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  gint64  last = 0;

  do
    {
      g_autoptr (RdxValue) state = rdx_store_dup_state (reader->store);
      gint64    upper = g_atomic_int_get (reader->dispatched);
      RdxValue *count =
        state != NULL && rdx_value_is_map (state) ? rdx_map_get (state, "count") : NULL;
      RdxValue *label =
        state != NULL && rdx_value_is_map (state) ? rdx_map_get (state, "label") : NULL;

      g_atomic_int_inc (&reader->reads);
      if (count == NULL || !rdx_value_is_int (count) || rdx_value_get_int (count) < 0 ||
          rdx_value_get_int (count) > upper || label == NULL || !rdx_value_is_string (label) ||
          strcmp (rdx_value_get_string (label), "a heap value, shared with readers") != 0)
        {
          reader->bad_values++;
          continue;
        }
      if (rdx_value_get_int (count) < last)
        reader->went_back++;
      last = rdx_value_get_int (count);
    }
  while (!g_atomic_int_get (&reader->stop));

  return NULL;
}

static gboolean
readers_done (Reader *readers, guint n)
{
  guint i;

  for (i = 0; i < n; i++)
    if (g_atomic_int_get (&readers[i].reads) < MIN_READS)
      return FALSE;
  return TRUE;
}

/* The store's thread dispatches at least 4 × per_thread actions, and goes
 * on until each reader has read the state MIN_READS times (within a
 * bound), while other threads take references to it. */
static void
test_dup_state_from_threads (void **state)
{
  Reader    readers[2];
  GThread  *threads[2];
  Shared    shared;
  RdxStore *store;
  gint      dispatched = 0;
  guint     i, total = N_THREADS * per_thread, limit = 1000 * total;

  shared_init (&shared);
  store = shared_store_new (&shared);

  for (i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      readers[i] = (Reader){ store, &dispatched, 0, 0, 0, 0 };
      threads[i] = g_thread_new ("rdx-test-reader", reader_thread, &readers[i]);
    }

  for (i = 0; i < limit && (i < total || !readers_done (readers, G_N_ELEMENTS (readers))); i++)
    {
      g_atomic_int_inc (&dispatched);
      assert_true (
        rdx_store_dispatch_take (store, rdx_action_new ("counter.increment", NULL), NULL));
    }

  for (i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      g_atomic_int_set (&readers[i].stop, TRUE);
      g_thread_join (threads[i]);
      assert_true (g_atomic_int_get (&readers[i].reads) >= MIN_READS);
      assert_int_equal (readers[i].bad_values, 0);
      assert_int_equal (readers[i].went_back, 0);
    }
  assert_int_equal (state_count (store), dispatched);
  assert_true (dispatched >= (gint) total);
  assert_int_equal (shared.wrong_thread, 0);

  rdx_test_finalize (&store);
}

/* A queued action the reducer refuses is reported with a warning, and
 * nothing else happens: no listener, no state change, later actions from
 * the same thread still apply. */
static void
test_queued_refusal_warns (void **state)
{
  g_autoptr (RdxValue) before = NULL;
  Worker     worker;
  GThread   *thread;
  Shared     shared;
  RdxStore  *store;
  RdxTestLog log;

  shared_init (&shared);
  store = shared_store_new (&shared);
  before = rdx_store_dup_state (store);
  shared.target = 1;

  rdx_test_log_begin (&log);
  worker = (Worker){ &shared, 0, 0, "counter.fail" };
  thread = g_thread_new ("rdx-test-refused", worker_thread, &worker);
  g_thread_join (thread);
  /* The dispatch was queued: nothing ran yet, and it returned TRUE. */
  assert_int_equal (g_atomic_int_get (&shared.dispatch_failures), 0);
  assert_int_equal (shared.refused, 0);

  worker = (Worker){ &shared, 0, 1, NULL };
  thread = g_thread_new ("rdx-test-refused", worker_thread, &worker);
  assert_true (iterate_until_applied (NULL, &shared));
  g_thread_join (thread);

  assert_int_equal (shared.refused, 1);
  assert_int_equal (log.n_warnings, 1);
  assert_int_equal (log.n_criticals, 0);
  assert_non_null (strstr (log.text->str, "counter.fail"));
  assert_non_null (strstr (log.text->str, "refused on purpose"));
  rdx_test_log_end (&log);

  /* Only the action after the refused one reached the listener. */
  assert_int_equal (shared.listener_calls, 1);
  assert_int_equal (state_count (store), 1);
  assert_int_equal (shared.wrong_thread, 0);

  rdx_test_finalize (&store);
}

/* A store made on another thread, under that thread's own context:
 * dispatches from here are applied there. */
typedef struct
{
  Shared   *shared;
  GMutex    lock; /* hands the store over */
  GCond     made;
  RdxStore *store;
  gboolean  reached;
} Owner;

static gpointer
owner_thread (gpointer data)
{
  Owner *owner = data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  RdxStore *store;

  g_main_context_push_thread_default (context);
  owner->shared->store_thread = g_thread_self ();
  store = shared_store_new (owner->shared);
  g_mutex_lock (&owner->lock);
  owner->store = g_object_ref (store);
  g_cond_signal (&owner->made);
  g_mutex_unlock (&owner->lock);

  owner->reached = iterate_until_applied (context, owner->shared);

  g_object_unref (store);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_store_of_another_context (void **state)
{
  Owner     owner = { 0 };
  Shared    shared;
  RdxStore *store;
  GThread  *thread;
  guint     i;

  shared_init (&shared);
  shared.target = per_thread;
  owner.shared = &shared;
  g_mutex_init (&owner.lock);
  g_cond_init (&owner.made);
  g_mutex_lock (&owner.lock);
  thread = g_thread_new ("rdx-test-owner", owner_thread, &owner);
  while (owner.store == NULL)
    g_cond_wait (&owner.made, &owner.lock);
  store = owner.store;
  g_mutex_unlock (&owner.lock);
  assert_ptr_not_equal (rdx_store_get_context (store), g_main_context_default ());

  for (i = 0; i < per_thread; i++)
    {
      RdxValue *payload =
        rdx_map_new_take ("thread", rdx_value_new_int (0), "n", rdx_value_new_int (i), NULL);

      assert_true (
        rdx_store_dispatch_take (store, rdx_action_new_take ("counter.add", payload), NULL));
    }
  g_thread_join (thread);
  g_mutex_clear (&owner.lock);
  g_cond_clear (&owner.made);

  assert_true (owner.reached);
  assert_int_equal (shared.applied, per_thread);
  assert_int_equal (shared.order_violations, 0);
  assert_int_equal (shared.wrong_thread, 0);
  assert_int_equal (shared.listener_calls, per_thread);
  {
    g_autoptr (RdxValue) final = rdx_store_dup_state (store);

    assert_int_equal (rdx_value_get_int (rdx_map_get (final, "count")), per_thread);
  }
  rdx_test_finalize (&store);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    THREADS_TEST (test_dispatch_from_threads),
    THREADS_TEST (test_dup_state_from_threads),
    THREADS_TEST (test_queued_refusal_warns),
    THREADS_TEST (test_store_of_another_context),
  };

  rdx_value_set_counting_for_testing (TRUE);
  if (g_getenv ("RDX_TEST_QUICK") != NULL)
    per_thread /= 10;
  return cmocka_run_group_tests_name ("store-threads", tests, NULL, NULL);
}
