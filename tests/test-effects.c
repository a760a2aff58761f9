/* test-effects.c: the effects middleware
 *
 * The tests drive effects by hand: an effect keeps its tasks, and the test
 * finishes them when and in the order it wants; threads and timeouts are
 * awaited with bounded main-context iterations. A reducer that refuses a
 * second outcome for a request, and a recorder in front of the chain, check
 * that each task reports exactly once, on the store's thread. Each test
 * ends with the store finalized, every destroy notify run and no value
 * left alive.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define TEST_ERROR (g_quark_from_static_string ("rdx-test-error"))

static GThread *main_thread;

#define EFFECTS_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

/* The requests reducer: state {"requests": {id: status}, "commands": n}.
 * A lifecycle action for a request in the wrong status is refused, so an
 * outcome without a pending, or a second outcome, fails loudly (only the
 * "transfers." effect of test_result_types has no pending step). */

static const char *
lifecycle_step (const char *type)
{
  static const char *const steps[] = { "pending",   "fulfilled", "rejected", "cancelled",
                                       "completed", "failed",    NULL };
  const char              *dot = strrchr (type, '.');
  guint                    i;

  if (dot == NULL)
    return NULL;
  for (i = 0; steps[i] != NULL; i++)
    if (g_str_equal (dot + 1, steps[i]))
      return steps[i];
  return NULL;
}

static RdxValue *
requests_reducer (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  RdxValue        *payload = rdx_action_get_payload (action);
  const char      *type = rdx_action_get_type_name (action);
  const char      *step = lifecycle_step (type);
  g_autofree char *key = NULL;
  g_autoptr (RdxValue) updated = NULL;
  RdxValue *requests, *status, *result;

  if (state == NULL)
    return rdx_map_new_take ("requests", rdx_map_new (), "commands", rdx_value_new_int (0), NULL);

  if (g_str_has_suffix (type, ".start"))
    {
      gint64 n = rdx_value_get_int (rdx_map_get (state, "commands"));

      return rdx_map_set_take (state, "commands", rdx_value_new_int (n + 1));
    }
  if (step == NULL)
    return rdx_value_ref (state);

  if (payload == NULL || !rdx_value_is_map (payload) || !rdx_map_contains (payload, "request_id"))
    {
      g_set_error (error, TEST_ERROR, 4, "\"%s\" needs a request id", type);
      return NULL;
    }
  if (g_str_has_prefix (type, "refuse.") && g_str_equal (step, "pending"))
    {
      g_set_error (error, TEST_ERROR, 1, "No pending for this one");
      return NULL;
    }
  result = rdx_map_get (payload, "result");
  if (result != NULL && rdx_value_is_string (result) &&
      g_str_equal (rdx_value_get_string (result), "unacceptable"))
    {
      g_set_error (error, TEST_ERROR, 2, "This result does not fit");
      return NULL;
    }

  key =
    g_strdup_printf ("%" G_GINT64_FORMAT, rdx_value_get_int (rdx_map_get (payload, "request_id")));
  requests = rdx_map_get (state, "requests");
  status = rdx_map_get (requests, key);
  if (g_str_equal (step, "pending")
        ? status != NULL
        : (status == NULL && !g_str_has_prefix (type, "transfers.")) ||
            (status != NULL && !g_str_equal (rdx_value_get_string (status), "pending")))
    {
      g_set_error (error, TEST_ERROR, 3, "Request %s is %s, cannot be %s", key,
                   status != NULL ? rdx_value_get_string (status) : "unknown", step);
      return NULL;
    }
  updated = rdx_map_set_take (requests, key, rdx_value_new_string (step));
  return rdx_value_set_path (state, "/requests", updated, error);
}

/* A recorder, outermost: every action dispatched, and on which thread. */

typedef struct
{
  GPtrArray *actions;    /* RdxAction, every one that was dispatched */
  guint      off_thread; /* how many came from another thread */
  guint      destroyed;
} Recorder;

static gboolean
recorder_cb (RdxStore        *store,
             RdxAction       *action,
             RdxDispatchNext *next,
             gpointer         user_data,
             GError         **error)
{
  Recorder *recorder = user_data;

  g_ptr_array_add (recorder->actions, rdx_action_ref (action));
  if (g_thread_self () != main_thread)
    recorder->off_thread++;
  return rdx_dispatch_next (next, action, error);
}

static void
recorder_destroy (gpointer user_data)
{
  Recorder *recorder = user_data;

  recorder->destroyed++;
}

/* The fixture */

typedef struct
{
  RdxStore   *store;
  RdxEffects *effects;
  Recorder    recorder;
  GPtrArray  *tasks;   /* the tasks the hand-driven effect keeps */
  guint       started; /* calls of the effect function */
  guint       destroyed;
  guint       destroyed_off_thread; /* destroy notifies run on another thread */
} Fixture;

/* The chain is the recorder, the effects middleware, then @inner if given
 * (a middleware the command passes after the effects middleware). */
static void
fixture_init_full (Fixture *f, RdxMiddleware *inner)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (requests_reducer, NULL, NULL);
  g_autoptr (RdxMiddleware) recorder = NULL;

  memset (f, 0, sizeof *f);
  f->recorder.actions = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_action_unref);
  f->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_effect_task_unref);
  recorder = rdx_middleware_new (recorder_cb, &f->recorder, recorder_destroy);
  f->effects = rdx_effects_new ();
  f->store = rdx_store_new_with_middleware (reducer, NULL, recorder,
                                            rdx_effects_get_middleware (f->effects), inner, NULL);
}

static void
fixture_init (Fixture *f)
{
  fixture_init_full (f, NULL);
}

/* Drops the store (if the test did not) and the middleware and checks that
 * everything went away, every destroy notify on the store's thread; the
 * recorded actions stay. */
static void
fixture_drop_store (Fixture *f, guint n_destroy_expected)
{
  gpointer weak = f->store;

  if (f->store != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (f->store), &weak);
      g_clear_object (&f->store);
      rdx_assert_finalized (weak);
    }
  g_clear_pointer (&f->tasks, g_ptr_array_unref);
  g_clear_object (&f->effects);
  /* Worker threads may still hold the middleware's data: wait for them. */
  assert_true (rdx_test_iterate_until (f->destroyed == n_destroy_expected, 5000));
  assert_int_equal (f->destroyed_off_thread, 0);
  assert_int_equal (f->recorder.destroyed, 1);
  assert_int_equal (f->recorder.off_thread, 0);
}

/* Disposes of the store and checks that everything went away. */
static void
fixture_clear (Fixture *f, guint n_destroy_expected)
{
  fixture_drop_store (f, n_destroy_expected);
  g_clear_pointer (&f->recorder.actions, g_ptr_array_unref);
}

static void
count_destroy (gpointer user_data)
{
  Fixture *f = user_data;

  /* Counted, not asserted: a failed assertion cannot leave another thread. */
  if (g_thread_self () != main_thread)
    g_atomic_int_inc (&f->destroyed_off_thread);
  g_atomic_int_inc (&f->destroyed);
}

static void
keep_task_cb (RdxEffectTask *task, gpointer user_data)
{
  Fixture *f = user_data;

  assert_true (g_thread_self () == main_thread);
  f->started++;
  g_ptr_array_add (f->tasks, rdx_effect_task_ref (task));
}

static RdxEffect *
add_kept (Fixture *f, const char *type)
{
  return rdx_effects_add (f->effects, type, keep_task_cb, f, count_destroy);
}

static gboolean
dispatch (Fixture *f, const char *type, RdxValue *payload)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  ok = rdx_store_dispatch_take (f->store, rdx_action_new (type, payload), &error);
  assert_null (error);
  return ok;
}

static RdxEffectTask *
task_at (Fixture *f, guint i)
{
  assert_true (i < f->tasks->len);
  return f->tasks->pdata[i];
}

/* The recorded actions as "type#request_id" (or "type"), space-separated. */
static char *
recorded (Fixture *f, guint from)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint i;

  for (i = from; i < f->recorder.actions->len; i++)
    {
      RdxAction *action = f->recorder.actions->pdata[i];
      RdxValue  *payload = rdx_action_get_payload (action);
      RdxValue  *id =
        payload != NULL && rdx_value_is_map (payload) ? rdx_map_get (payload, "request_id") : NULL;

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, rdx_action_get_type_name (action));
      if (id != NULL)
        g_string_append_printf (out, "#%" G_GINT64_FORMAT, rdx_value_get_int (id));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Iterates @context until @cond holds, for at most five seconds. */
#define rdx_test_iterate_context_until(context, cond)                \
  ({                                                                 \
    gint64 deadline_ = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < deadline_)           \
      g_main_context_iteration ((context), FALSE);                   \
    (cond);                                                          \
  })

static RdxAction *
last_action (Fixture *f)
{
  assert_true (f->recorder.actions->len > 0);
  return f->recorder.actions->pdata[f->recorder.actions->len - 1];
}

static const char *
request_status (Fixture *f, guint64 request_id)
{
  g_autofree char *path = g_strdup_printf ("/requests/%" G_GUINT64_FORMAT, request_id);
  RdxValue        *status = rdx_value_get_path (rdx_store_get_state (f->store), path);

  return status != NULL ? rdx_value_get_string (status) : "(none)";
}

#define assert_recorded(f, from, expected)      \
  G_STMT_START                                  \
  {                                             \
    g_autofree char *got_ = recorded (f, from); \
    assert_string_equal (got_, expected);       \
  }                                             \
  G_STMT_END

/* Lifecycle */

static void
test_fulfilled (void **state)
{
  Fixture        f;
  RdxEffectTask *task;
  g_autoptr (RdxValue) request = rdx_map_new_take ("n", rdx_value_new_int (7), NULL);
  g_autoptr (RdxValue) result = rdx_value_new_string ("done");
  g_autofree char *json = NULL;

  fixture_init (&f);
  add_kept (&f, "job.start");
  assert_true (rdx_effects_from_store (f.store) == f.effects);

  assert_true (dispatch (&f, "job.start", request));
  assert_recorded (&f, 0, "job.start job.start.pending#1");
  assert_int_equal (f.started, 1);
  assert_int_equal (rdx_effects_get_n_running (f.effects), 1);

  /* The task sees its action and the state right after it. */
  task = task_at (&f, 0);
  assert_int_equal (rdx_effect_task_get_request_id (task), 1);
  assert_true (rdx_action_is (rdx_effect_task_get_action (task), "job.start"));
  assert_true (rdx_value_equal (rdx_effect_task_get_payload (task), request));
  assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_effect_task_get_state (task), "commands")),
                    1);
  assert_false (g_cancellable_is_cancelled (rdx_effect_task_get_cancellable (task)));
  assert_true (rdx_effect_task_get_context (task) == g_main_context_default ());
  assert_string_equal (rdx_effect_get_action_type (rdx_effect_task_get_effect (task)), "job.start");
  json = rdx_value_to_json (rdx_action_get_payload (last_action (&f)));
  assert_string_equal (json, "{\"request\":{\"n\":7},\"request_id\":1}");
  assert_string_equal (request_status (&f, 1), "pending");

  rdx_effect_task_return_value (task, result);
  assert_recorded (&f, 2, "job.start.fulfilled#1");
  g_clear_pointer (&json, g_free);
  json = rdx_value_to_json (rdx_action_get_payload (last_action (&f)));
  assert_string_equal (json, "{\"request\":{\"n\":7},\"request_id\":1,\"result\":\"done\"}");
  assert_string_equal (request_status (&f, 1), "fulfilled");
  assert_int_equal (rdx_effects_get_n_running (f.effects), 0);

  /* Finished: anything later is dropped. */
  rdx_effect_task_return_value (task, NULL);
  rdx_effect_task_return_new_error (task, TEST_ERROR, 1, "late");
  assert_false (rdx_effect_task_dispatch (task, "job.progress", NULL));
  assert_false (rdx_effects_cancel (f.effects, 1));
  assert_int_equal (f.recorder.actions->len, 3);

  fixture_clear (&f, 1);
}

static void
test_rejected (void **state)
{
  Fixture          f;
  g_autofree char *json = NULL;

  fixture_init (&f);
  add_kept (&f, "job.start");
  dispatch (&f, "job.start", NULL);
  rdx_effect_task_return_new_error (task_at (&f, 0), TEST_ERROR, 42, "The %s broke", "job");

  assert_recorded (&f, 0, "job.start job.start.pending#1 job.start.rejected#1");
  json = rdx_value_to_json (rdx_action_get_payload (last_action (&f)));
  assert_string_equal (json, "{\"error\":{\"code\":42,\"domain\":\"rdx-test-error\","
                             "\"message\":\"The job broke\"},\"request\":null,\"request_id\":1}");
  assert_string_equal (request_status (&f, 1), "rejected");

  fixture_clear (&f, 1);
}

static void
test_result_types (void **state)
{
  Fixture    f;
  RdxEffect *effect;

  fixture_init (&f);
  effect = add_kept (&f, "transfers.requested");
  /* Command → event: the command itself marks nothing pending here. */
  rdx_effect_set_result_types (effect, NULL, "transfers.completed", "transfers.failed",
                               "transfers.cancelled");
  dispatch (&f, "transfers.requested", NULL);
  dispatch (&f, "transfers.requested", NULL);
  dispatch (&f, "transfers.requested", NULL);
  assert_recorded (&f, 0, "transfers.requested transfers.requested transfers.requested");

  rdx_effect_task_return_value (task_at (&f, 1), NULL);
  rdx_effect_task_return_error (task_at (&f, 0), g_error_new_literal (TEST_ERROR, 1, "no"));
  assert_true (rdx_effects_cancel (f.effects, 3));
  assert_recorded (&f, 3, "transfers.completed#2 transfers.failed#1 transfers.cancelled#3");

  fixture_clear (&f, 1);
}

static void
effect_finishing_at_once_cb (RdxEffectTask *task, gpointer user_data)
{
  g_autoptr (RdxValue) progress = rdx_map_new_take ("pct", rdx_value_new_int (50), NULL);

  assert_true (rdx_effect_task_dispatch (task, "job.progress", progress));
  rdx_effect_task_return_value (task, NULL);
}

static void
test_synchronous_effect (void **state)
{
  Fixture          f;
  g_autofree char *json = NULL;

  fixture_init (&f);
  rdx_effects_add (f.effects, "job.start", effect_finishing_at_once_cb, &f, count_destroy);
  dispatch (&f, "job.start", NULL);
  assert_recorded (&f, 0, "job.start job.start.pending#1 job.progress#1 job.start.fulfilled#1");
  json = rdx_value_to_json (rdx_action_get_payload (f.recorder.actions->pdata[2]));
  assert_string_equal (json, "{\"pct\":50,\"request_id\":1}");
  assert_int_equal (rdx_effects_get_n_running (f.effects), 0);

  fixture_clear (&f, 1);
}

static void
test_several_effects_per_type (void **state)
{
  Fixture    f;
  RdxEffect *second;

  fixture_init (&f);
  add_kept (&f, "job.start");
  second = add_kept (&f, "job.start");
  rdx_effect_set_result_types (second, "audit.pending", "audit.done", "audit.failed", NULL);
  add_kept (&f, "other.start");

  dispatch (&f, "job.start", NULL);
  assert_recorded (&f, 0, "job.start job.start.pending#1 audit.pending#2");
  rdx_effect_task_return_value (task_at (&f, 1), NULL);
  rdx_effect_task_return_value (task_at (&f, 0), NULL);
  assert_recorded (&f, 3, "audit.done#2 job.start.fulfilled#1");

  fixture_clear (&f, 3);
}

static void
test_refused_command_starts_nothing (void **state)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  fixture_init (&f);
  add_kept (&f, "job.pending");
  /* The reducer refuses "job.pending" without a request id: no effect. */
  assert_false (rdx_store_dispatch_take (f.store, rdx_action_new ("job.pending", NULL), &error));
  assert_non_null (error);
  assert_int_equal (f.started, 0);
  assert_int_equal (rdx_effects_get_n_running (f.effects), 0);

  fixture_clear (&f, 1);
}

/* An inner middleware: swallows "gate.start", passes "swap.start" on as
 * "job.start", and refuses "undo.start" after the reducer accepted it (as
 * the journal does when it cannot write an action). */
static gboolean
inner_cb (RdxStore        *store,
          RdxAction       *action,
          RdxDispatchNext *next,
          gpointer         user_data,
          GError         **error)
{
  if (rdx_action_is (action, "gate.start"))
    return TRUE;
  if (rdx_action_is (action, "swap.start"))
    {
      g_autoptr (RdxAction) replaced =
        rdx_action_new ("job.start", rdx_action_get_payload (action));

      return rdx_dispatch_next (next, replaced, error);
    }
  if (rdx_action_is (action, "undo.start"))
    {
      if (rdx_dispatch_next (next, action, error))
        g_set_error (error, TEST_ERROR, 7, "Could not keep it");
      return FALSE;
    }
  return rdx_dispatch_next (next, action, error);
}

static void
test_only_what_the_reducer_accepted (void **state)
{
  g_autoptr (RdxMiddleware) inner = rdx_middleware_new (inner_cb, NULL, NULL);
  g_autoptr (RdxValue) request = rdx_map_new_take ("n", rdx_value_new_int (1), NULL);
  g_autoptr (GError) error = NULL;
  RdxAction *seen;
  Fixture    f;

  fixture_init_full (&f, inner);
  add_kept (&f, "gate.start");
  add_kept (&f, "swap.start");
  add_kept (&f, "job.start");
  add_kept (&f, "undo.start");

  /* Swallowed on the way: the reducer never saw it, nothing starts. */
  assert_true (dispatch (&f, "gate.start", NULL));
  assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_store_get_state (f.store), "commands")), 0);
  assert_int_equal (f.started, 0);
  assert_recorded (&f, 0, "gate.start");

  /* Replaced on the way: the effects of the action the reducer saw start,
   * with that action, stamped. */
  assert_true (dispatch (&f, "swap.start", request));
  assert_int_equal (f.started, 1);
  seen = rdx_effect_task_get_action (task_at (&f, 0));
  assert_string_equal (rdx_action_get_type_name (seen), "job.start");
  assert_true (rdx_value_equal (rdx_action_get_payload (seen), request));
  assert_true (rdx_action_get_sequence (seen) > 0);
  assert_string_equal (rdx_effect_get_action_type (rdx_effect_task_get_effect (task_at (&f, 0))),
                       "job.start");
  assert_recorded (&f, 1, "swap.start job.start.pending#1");

  /* Refused by the rest of the chain after the reducer accepted it:
   * nothing starts. */
  assert_false (rdx_store_dispatch_take (f.store, rdx_action_new ("undo.start", NULL), &error));
  assert_error (error, TEST_ERROR, 7);
  assert_int_equal (f.started, 1);
  assert_int_equal (rdx_effects_get_n_running (f.effects), 1);
  assert_recorded (&f, 3, "undo.start");

  rdx_effect_task_return_value (task_at (&f, 0), NULL);
  fixture_clear (&f, 4);
}

/* A listener that dispatches a command of its own after the first one. */
static void
command_again_cb (RdxStore *store, gpointer user_data)
{
  gboolean *done = user_data;

  if (*done)
    return;
  *done = TRUE;
  rdx_store_dispatch_take (store, rdx_action_new ("noted.start", NULL), NULL);
}

static void
test_every_task_sees_the_state_after_its_action (void **state)
{
  Fixture   f;
  gboolean  done = FALSE;
  RdxValue *seen;

  fixture_init (&f);
  add_kept (&f, "job.start");
  add_kept (&f, "job.start");
  rdx_store_subscribe (f.store, command_again_cb, &done, NULL);

  /* The first task's pending and the listener's command change the state
   * before the second task starts; both tasks still get the state the
   * reducer gave for "job.start", the very same value. */
  dispatch (&f, "job.start", NULL);
  assert_recorded (&f, 0, "job.start noted.start job.start.pending#1 job.start.pending#2");
  assert_int_equal (f.started, 2);
  seen = rdx_effect_task_get_state (task_at (&f, 0));
  assert_true (rdx_effect_task_get_state (task_at (&f, 1)) == seen);
  assert_int_equal (rdx_value_get_int (rdx_map_get (seen, "commands")), 1);
  assert_int_equal (rdx_map_size (rdx_map_get (seen, "requests")), 0);
  assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_store_get_state (f.store), "commands")), 2);

  rdx_effect_task_return_value (task_at (&f, 0), NULL);
  rdx_effect_task_return_value (task_at (&f, 1), NULL);
  fixture_clear (&f, 2);
}

/* Failures stay visible and the store consistent */

static void
test_refused_result_becomes_rejection (void **state)
{
  Fixture f;
  g_autoptr (RdxValue) bad = rdx_value_new_string ("unacceptable");
  RdxValue *error_value;

  fixture_init (&f);
  add_kept (&f, "job.start");
  dispatch (&f, "job.start", NULL);
  rdx_effect_task_return_value (task_at (&f, 0), bad);

  /* The fulfilled action was refused; the rejection says why. */
  assert_recorded (&f, 0,
                   "job.start job.start.pending#1 job.start.fulfilled#1 job.start.rejected#1");
  error_value = rdx_map_get (rdx_action_get_payload (last_action (&f)), "error");
  assert_string_equal (rdx_value_get_string (rdx_map_get (error_value, "domain")),
                       "rdx-effects-error-quark");
  assert_int_equal (rdx_value_get_int (rdx_map_get (error_value, "code")),
                    RDX_EFFECTS_ERROR_RESULT_REFUSED);
  assert_non_null (strstr (rdx_value_get_string (rdx_map_get (error_value, "message")),
                           "This result does not fit"));
  assert_string_equal (request_status (&f, 1), "rejected");

  fixture_clear (&f, 1);
}

static void
test_refused_pending_runs_nothing (void **state)
{
  Fixture    f;
  RdxTestLog log;

  fixture_init (&f);
  add_kept (&f, "refuse.start");

  /* The store refuses the pending action: the effect never runs; the
   * rejection is dispatched (and refused too, as the reducer knows no such
   * request), which is reported with a warning. */
  rdx_test_log_begin (&log);
  dispatch (&f, "refuse.start", NULL);
  assert_int_equal (log.n_warnings, 1);
  assert_non_null (strstr (log.text->str, "refuse.start.rejected"));
  rdx_test_log_end (&log);

  assert_int_equal (f.started, 0);
  assert_int_equal (rdx_effects_get_n_running (f.effects), 0);
  assert_recorded (&f, 0, "refuse.start refuse.start.pending#1 refuse.start.rejected#1");
  assert_string_equal (request_status (&f, 1), "(none)");

  fixture_clear (&f, 1);
}

/* Policies */

static void
test_policy_every (void **state)
{
  Fixture f;
  guint   i;

  fixture_init (&f);
  rdx_effect_set_policy (add_kept (&f, "job.start"), RDX_EFFECT_EVERY);
  for (i = 0; i < 3; i++)
    dispatch (&f, "job.start", NULL);
  assert_int_equal (rdx_effects_get_n_running (f.effects), 3);

  for (i = 3; i > 0; i--)
    rdx_effect_task_return_value (task_at (&f, i - 1), NULL);
  assert_recorded (&f, 6, "job.start.fulfilled#3 job.start.fulfilled#2 job.start.fulfilled#1");

  fixture_clear (&f, 1);
}

static void
test_policy_latest (void **state)
{
  Fixture f;
  guint   i;

  fixture_init (&f);
  rdx_effect_set_policy (add_kept (&f, "search.start"), RDX_EFFECT_LATEST);
  for (i = 0; i < 3; i++)
    dispatch (&f, "search.start", NULL);

  /* Each new request cancels the one before, which reports cancelled
   * before the new one is pending. */
  assert_recorded (&f, 0,
                   "search.start search.start.pending#1 "
                   "search.start search.start.cancelled#1 search.start.pending#2 "
                   "search.start search.start.cancelled#2 search.start.pending#3");
  assert_true (g_cancellable_is_cancelled (rdx_effect_task_get_cancellable (task_at (&f, 0))));
  assert_true (g_cancellable_is_cancelled (rdx_effect_task_get_cancellable (task_at (&f, 1))));
  assert_false (g_cancellable_is_cancelled (rdx_effect_task_get_cancellable (task_at (&f, 2))));
  assert_int_equal (rdx_effects_get_n_running (f.effects), 1);

  /* The superseded ones finishing late changes nothing. */
  rdx_effect_task_return_value (task_at (&f, 0), NULL);
  rdx_effect_task_return_new_error (task_at (&f, 1), TEST_ERROR, 1, "late");
  rdx_effect_task_return_value (task_at (&f, 2), NULL);
  assert_recorded (&f, 8, "search.start.fulfilled#3");

  fixture_clear (&f, 1);
}

/* An inner middleware that answers the first "search.cancelled" with a
 * new search (retrying with a refined query). */
static gboolean
retry_cb (RdxStore        *store,
          RdxAction       *action,
          RdxDispatchNext *next,
          gpointer         user_data,
          GError         **error)
{
  gboolean *retried = user_data;
  gboolean  ok = rdx_dispatch_next (next, action, error);

  if (ok && rdx_action_is (action, "search.start.cancelled") && !*retried)
    {
      *retried = TRUE;
      rdx_store_dispatch_take (store, rdx_action_new ("search.start", NULL), NULL);
    }
  return ok;
}

static void
test_policy_latest_reentered (void **state)
{
  gboolean retried = FALSE;
  g_autoptr (RdxMiddleware) retry = rdx_middleware_new (retry_cb, &retried, NULL);
  Fixture f;

  fixture_init_full (&f, retry);
  rdx_effect_set_policy (add_kept (&f, "search.start"), RDX_EFFECT_LATEST);
  dispatch (&f, "search.start", NULL);
  dispatch (&f, "search.start", NULL);

  /* The second search cancels the first, whose cancelled action leads to
   * a third search: that one is the latest, and the second starts
   * nothing. One task runs. */
  assert_true (retried);
  assert_recorded (&f, 0,
                   "search.start search.start.pending#1 "
                   "search.start search.start.cancelled#1 "
                   "search.start search.start.pending#2");
  assert_int_equal (f.started, 2);
  assert_int_equal (rdx_effects_get_n_running (f.effects), 1);
  assert_false (g_cancellable_is_cancelled (rdx_effect_task_get_cancellable (task_at (&f, 1))));

  rdx_effect_task_return_value (task_at (&f, 1), NULL);
  assert_recorded (&f, 6, "search.start.fulfilled#2");
  fixture_clear (&f, 1);
}

static void
test_policy_exclusive (void **state)
{
  Fixture f;

  fixture_init (&f);
  rdx_effect_set_policy (add_kept (&f, "pay.start"), RDX_EFFECT_EXCLUSIVE);
  dispatch (&f, "pay.start", NULL);
  dispatch (&f, "pay.start", NULL);
  dispatch (&f, "pay.start", NULL);

  /* Ignored while one runs: the commands reach the reducer, nothing more. */
  assert_recorded (&f, 0, "pay.start pay.start.pending#1 pay.start pay.start");
  assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_store_get_state (f.store), "commands")), 3);
  assert_int_equal (f.started, 1);

  rdx_effect_task_return_value (task_at (&f, 0), NULL);
  dispatch (&f, "pay.start", NULL);
  assert_recorded (&f, 4, "pay.start.fulfilled#1 pay.start pay.start.pending#2");
  rdx_effect_task_return_value (task_at (&f, 1), NULL);

  fixture_clear (&f, 1);
}

static void
test_timeout (void **state)
{
  Fixture        f;
  RdxEffect     *effect;
  RdxValue      *error_value;
  RdxEffectTask *task;

  fixture_init (&f);
  effect = add_kept (&f, "slow.start");
  rdx_effect_set_timeout (effect, 5);
  dispatch (&f, "slow.start", NULL);
  task = task_at (&f, 0);

  /* The effect never finishes: after 5 ms it is cancelled and rejected. */
  assert_true (rdx_test_iterate_until (rdx_effects_get_n_running (f.effects) == 0, 5000));
  assert_recorded (&f, 0, "slow.start slow.start.pending#1 slow.start.rejected#1");
  assert_true (g_cancellable_is_cancelled (rdx_effect_task_get_cancellable (task)));
  error_value = rdx_map_get (rdx_action_get_payload (last_action (&f)), "error");
  assert_string_equal (rdx_value_get_string (rdx_map_get (error_value, "domain")),
                       g_quark_to_string (G_IO_ERROR));
  assert_int_equal (rdx_value_get_int (rdx_map_get (error_value, "code")), G_IO_ERROR_TIMED_OUT);
  assert_string_equal (request_status (&f, 1), "rejected");

  /* Finishing after the timeout is dropped. */
  rdx_effect_task_return_value (task, NULL);
  assert_int_equal (f.recorder.actions->len, 3);

  /* One that finishes in time is not timed out later. */
  rdx_effect_set_timeout (effect, 1);
  dispatch (&f, "slow.start", NULL);
  rdx_effect_task_return_value (task_at (&f, 1), NULL);
  g_usleep (2000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_recorded (&f, 3, "slow.start slow.start.pending#2 slow.start.fulfilled#2");

  fixture_clear (&f, 1);
}

/* Cancelling */

static void
cancelled_count_cb (GCancellable *cancellable, gpointer user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_cancel (void **state)
{
  Fixture f;
  guint   cancelled = 0;

  fixture_init (&f);
  add_kept (&f, "job.start");
  dispatch (&f, "job.start", NULL);
  dispatch (&f, "job.start", NULL);
  g_cancellable_connect (rdx_effect_task_get_cancellable (task_at (&f, 0)),
                         G_CALLBACK (cancelled_count_cb), &cancelled, NULL);

  /* Exactly one cancelled action, and nothing from the task afterwards. */
  assert_true (rdx_effects_cancel (f.effects, 1));
  assert_int_equal (cancelled, 1);
  assert_false (rdx_effects_cancel (f.effects, 1));
  assert_false (rdx_effects_cancel (f.effects, 99));
  rdx_effect_task_return_value (task_at (&f, 0), NULL);
  assert_false (rdx_effect_task_dispatch (task_at (&f, 0), "job.progress", NULL));
  assert_recorded (&f, 4, "job.start.cancelled#1");
  assert_string_equal (request_status (&f, 1), "cancelled");
  assert_string_equal (request_status (&f, 2), "pending");

  assert_int_equal (rdx_effects_cancel_all (f.effects), 1);
  assert_int_equal (rdx_effects_cancel_all (f.effects), 0);
  assert_recorded (&f, 5, "job.start.cancelled#2");

  fixture_clear (&f, 1);
}

static void
test_cancel_on_dispose (void **state)
{
  Fixture f;
  guint   n;

  fixture_init (&f);
  add_kept (&f, "job.start");
  rdx_effect_set_timeout (add_kept (&f, "slow.start"), 60000);
  dispatch (&f, "job.start", NULL);
  dispatch (&f, "slow.start", NULL);
  n = f.recorder.actions->len;

  /* Disposing of the store cancels every task and dispatches nothing. */
  g_object_run_dispose (G_OBJECT (f.store));
  assert_true (g_cancellable_is_cancelled (rdx_effect_task_get_cancellable (task_at (&f, 0))));
  assert_true (g_cancellable_is_cancelled (rdx_effect_task_get_cancellable (task_at (&f, 1))));
  assert_int_equal (rdx_effects_get_n_running (f.effects), 0);
  rdx_effect_task_return_value (task_at (&f, 0), NULL);
  assert_false (rdx_effect_task_dispatch (task_at (&f, 0), "job.progress", NULL));
  assert_int_equal (f.recorder.actions->len, n);

  fixture_clear (&f, 2);
}

static void
drop_store_cb (RdxStore *store, gpointer user_data)
{
  Fixture *f = user_data;

  /* The window that owns the store closes. */
  g_clear_object (&f->store);
}

static void
test_store_dropped_during_a_dispatch (void **state)
{
  Fixture  f;
  gpointer weak;

  fixture_init (&f);
  add_kept (&f, "job.start");
  weak = f.store;
  g_object_add_weak_pointer (G_OBJECT (f.store), &weak);
  rdx_store_subscribe (f.store, drop_store_cb, &f, NULL);

  /* A listener drops the last reference while the command is dispatched:
   * the store lives until the dispatch is over, so the effect starts; then
   * its teardown cancels the task and dispatches nothing. */
  assert_true (rdx_store_dispatch_take (f.store, rdx_action_new ("job.start", NULL), NULL));
  rdx_assert_finalized (weak);
  assert_int_equal (f.started, 1);
  assert_recorded (&f, 0, "job.start job.start.pending#1");
  assert_true (g_cancellable_is_cancelled (rdx_effect_task_get_cancellable (task_at (&f, 0))));
  assert_int_equal (rdx_effects_get_n_running (f.effects), 0);

  fixture_clear (&f, 1);
}

/* Turning effects off */

static void
test_disabled (void **state)
{
  Fixture f;
  gint    live;

  fixture_init (&f);
  add_kept (&f, "job.start");
  dispatch (&f, "job.start", NULL);
  assert_true (rdx_effects_get_enabled (f.effects));

  /* Off: the command is reduced, no task starts, nothing is dispatched. */
  rdx_effects_set_enabled (f.effects, FALSE);
  assert_false (rdx_effects_get_enabled (f.effects));
  dispatch (&f, "job.start", NULL);
  assert_int_equal (f.started, 1);
  assert_int_equal (rdx_value_get_int (rdx_map_get (rdx_store_get_state (f.store), "commands")), 2);

  /* What the running task reports is held until effects are on again. */
  rdx_effect_task_dispatch (task_at (&f, 0), "job.progress", NULL);
  rdx_effect_task_return_value (task_at (&f, 0), NULL);
  assert_recorded (&f, 0, "job.start job.start.pending#1 job.start");
  assert_string_equal (request_status (&f, 1), "pending");

  rdx_effects_set_enabled (f.effects, TRUE);
  assert_recorded (&f, 3, "job.progress#1 job.start.fulfilled#1");
  assert_string_equal (request_status (&f, 1), "fulfilled");

  /* And new commands start tasks again. */
  dispatch (&f, "job.start", NULL);
  assert_int_equal (f.started, 2);
  assert_recorded (&f, 5, "job.start job.start.pending#2");

  /* Held results of a store that goes away are dropped with it: its
   * teardown frees them, and turning effects on again sends nothing. */
  rdx_effects_set_enabled (f.effects, FALSE);
  live = rdx_value_get_live_count_for_testing ();
  rdx_effect_task_return_value (task_at (&f, 1), NULL);
  assert_true (rdx_value_get_live_count_for_testing () > live);
  assert_int_equal (f.recorder.actions->len, 7);
  g_object_run_dispose (G_OBJECT (f.store));
  assert_int_equal (rdx_value_get_live_count_for_testing (), live);
  rdx_effects_set_enabled (f.effects, TRUE);
  assert_int_equal (f.recorder.actions->len, 7);
  fixture_clear (&f, 1);
}

/* Threads */

static RdxValue *
double_in_thread (RdxEffectTask *task,
                  gpointer       user_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  RdxValue *payload = rdx_effect_task_get_payload (task);
  gint64    n = rdx_value_get_int (rdx_map_get (payload, "n"));
  g_autoptr (RdxValue) progress = rdx_map_new_take ("n", rdx_value_new_int (n), NULL);

  assert_true (g_thread_self () != main_thread);
  assert_true (cancellable == rdx_effect_task_get_cancellable (task));
  rdx_effect_task_dispatch (task, "job.progress", progress);
  if (n < 0)
    {
      g_set_error (error, TEST_ERROR, 5, "Negative: %" G_GINT64_FORMAT, n);
      return NULL;
    }
  if (n == 0)
    return NULL; /* no result, no error: a bug in the effect */
  return rdx_value_new_int (2 * n);
}

static void
test_thread (void **state)
{
  Fixture   f;
  RdxValue *error_value;
  gint64    values[] = { 21, -1, 0 };
  guint     i;

  fixture_init (&f);
  rdx_effects_add_thread (f.effects, "job.start", double_in_thread, &f, count_destroy);

  for (i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr (RdxValue) payload = rdx_map_new_take ("n", rdx_value_new_int (values[i]), NULL);
      guint            from = f.recorder.actions->len;
      g_autofree char *expected = NULL;

      dispatch (&f, "job.start", payload);
      assert_true (rdx_test_iterate_until (rdx_effects_get_n_running (f.effects) == 0, 5000));
      expected = g_strdup_printf ("job.start job.start.pending#%u job.progress#%u job.start.%s#%u",
                                  i + 1, i + 1, i == 0 ? "fulfilled" : "rejected", i + 1);
      assert_recorded (&f, from, expected);
    }

  assert_int_equal (rdx_value_get_int (rdx_map_get (
                      rdx_action_get_payload (f.recorder.actions->pdata[3]), "result")),
                    42);
  error_value = rdx_map_get (rdx_action_get_payload (f.recorder.actions->pdata[7]), "error");
  assert_int_equal (rdx_value_get_int (rdx_map_get (error_value, "code")), 5);
  error_value = rdx_map_get (rdx_action_get_payload (last_action (&f)), "error");
  assert_string_equal (rdx_value_get_string (rdx_map_get (error_value, "domain")),
                       "rdx-effects-error-quark");
  assert_int_equal (rdx_value_get_int (rdx_map_get (error_value, "code")),
                    RDX_EFFECTS_ERROR_FAILED);

  fixture_clear (&f, 1);
}

static gpointer
finish_from_thread (gpointer data)
{
  RdxEffectTask *task = data;

  rdx_effect_task_dispatch (task, "job.progress", NULL);
  rdx_effect_task_return_value (task, NULL);
  return NULL;
}

static void
test_finish_from_another_thread (void **state)
{
  Fixture  f;
  GThread *thread;

  fixture_init (&f);
  add_kept (&f, "job.start");
  dispatch (&f, "job.start", NULL);

  /* Reported from a thread, applied on the store's, in order. */
  thread = g_thread_new ("finisher", finish_from_thread, task_at (&f, 0));
  g_thread_join (thread);
  assert_int_equal (f.recorder.actions->len, 2);
  assert_true (rdx_test_iterate_until (rdx_effects_get_n_running (f.effects) == 0, 5000));
  assert_recorded (&f, 2, "job.progress#1 job.start.fulfilled#1");

  fixture_clear (&f, 1);
}

static gint worker_saw_cancel; /* set by blocking_until_cancelled */

static RdxValue *
blocking_until_cancelled (RdxEffectTask *task,
                          gpointer       user_data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  guint i;

  for (i = 0; i < 5000 && !g_cancellable_is_cancelled (cancellable); i++)
    g_usleep (1000);
  if (g_cancellable_is_cancelled (cancellable))
    g_atomic_int_set (&worker_saw_cancel, 1);
  return rdx_value_new_string ("too late");
}

static void
test_thread_cancelled_on_dispose (void **state)
{
  Fixture f;

  g_atomic_int_set (&worker_saw_cancel, 0);
  fixture_init (&f);
  rdx_effects_add_thread (f.effects, "job.start", blocking_until_cancelled, &f, count_destroy);
  dispatch (&f, "job.start", NULL);
  assert_recorded (&f, 0, "job.start job.start.pending#1");

  /* The middleware's data goes once the worker is done (this waits for
   * it), on the store's thread; the worker saw the cancellation; its
   * result reached nobody. */
  fixture_drop_store (&f, 1);
  assert_true (g_atomic_int_get (&worker_saw_cancel));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_recorded (&f, 0, "job.start job.start.pending#1");
  fixture_clear (&f, 1);
}

static gpointer
unref_in_thread (gpointer data)
{
  rdx_effect_task_unref (data);
  return NULL;
}

static RdxValue *
short_work (RdxEffectTask *task, gpointer user_data, GCancellable *cancellable, GError **error)
{
  g_usleep (500);
  return rdx_value_new_int (1);
}

static void
run_short_work_cb (RdxEffectTask *task, gpointer user_data)
{
  Fixture *f = user_data;

  rdx_effect_task_run_in_thread (task, short_work, f, count_destroy);
}

static void
test_freed_on_the_stores_thread (void **state)
{
  Fixture        f;
  RdxEffectTask *task;
  GThread       *thread;
  guint          round, i;

  /* The last reference of a task, dropped on another thread after the
   * store went away: the task, and with it the middleware's data and the
   * effect's destroy notify, go on the store's thread. */
  fixture_init (&f);
  add_kept (&f, "job.start");
  dispatch (&f, "job.start", NULL);
  task = g_ptr_array_steal_index (f.tasks, 0);
  g_clear_object (&f.store);
  g_clear_object (&f.effects);
  assert_int_equal (f.destroyed, 0); /* the task holds the middleware's data */
  thread = g_thread_new ("unref", unref_in_thread, task);
  g_thread_join (thread);
  fixture_clear (&f, 1);

  /* A worker still running when the store goes away: the GTask's last
   * reference may go on the worker, but the job (the destroy notify of
   * rdx_effect_task_run_in_thread()'s data) and the task are freed by the
   * completion callback, on the store's thread. A race, so many rounds. */
  for (round = 0; round < 100; round++)
    {
      fixture_init (&f);
      rdx_effects_add_thread (f.effects, "job.start", short_work, &f, count_destroy);
      rdx_effects_add (f.effects, "custom.start", run_short_work_cb, &f, NULL);
      for (i = 0; i < 12; i++)
        {
          dispatch (&f, "job.start", NULL);
          dispatch (&f, "custom.start", NULL);
        }
      fixture_clear (&f, 1 + 12);
    }
}

static void
test_store_on_its_own_context (void **state)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (RdxValue) payload = rdx_map_new_take ("n", rdx_value_new_int (4), NULL);
  Fixture f;
  guint   i;

  /* A store made while another context is the thread-default one belongs
   * to it: its effects' results and timeouts come only through it. */
  g_main_context_push_thread_default (context);
  fixture_init (&f);
  g_main_context_pop_thread_default (context);
  rdx_effects_add_thread (f.effects, "job.start", double_in_thread, &f, count_destroy);
  rdx_effect_set_timeout (add_kept (&f, "slow.start"), 1);
  dispatch (&f, "job.start", payload);
  dispatch (&f, "slow.start", NULL);
  assert_true (rdx_effect_task_get_context (task_at (&f, 0)) == context);

  for (i = 0; i < 20; i++)
    {
      g_usleep (500);
      g_main_context_iteration (NULL, FALSE);
    }
  assert_int_equal (rdx_effects_get_n_running (f.effects), 2);

  assert_true (
    rdx_test_iterate_context_until (context, rdx_effects_get_n_running (f.effects) == 0));
  while (g_main_context_iteration (context, FALSE))
    ;
  /* The timeout and the thread race each other; each reports once, and
   * the thread's progress comes before its result. */
  {
    g_autofree char *all = recorded (&f, 0);
    g_autofree char *rest = recorded (&f, 4);
    const char      *progress = strstr (rest, "job.progress#1");
    const char      *fulfilled = strstr (rest, "job.start.fulfilled#1");

    assert_true (
      g_str_has_prefix (all, "job.start job.start.pending#1 slow.start slow.start.pending#2 "));
    assert_int_equal (f.recorder.actions->len, 7);
    assert_non_null (strstr (rest, "slow.start.rejected#2"));
    assert_true (progress != NULL && fulfilled != NULL && progress < fulfilled);
  }

  fixture_clear (&f, 2);
}

/* Many at once */

static RdxValue *
jittery_thread (RdxEffectTask *task, gpointer user_data, GCancellable *cancellable, GError **error)
{
  guint64 id = rdx_effect_task_get_request_id (task);

  /* Finish in a scrambled order. */
  g_usleep ((id * 7919) % 300);
  if (id % 5 == 0)
    {
      g_set_error (error, TEST_ERROR, 9, "unlucky %" G_GUINT64_FORMAT, id);
      return NULL;
    }
  return rdx_value_new_int ((gint64) id);
}

static void
test_many_concurrent (void **state)
{
  Fixture f;
  guint   n = 1000;
  g_autoptr (GRand) rand = g_rand_new_with_seed (1234);
  g_autofree guint8 *pending = g_new0 (guint8, n + 1);
  g_autofree guint8 *terminal = g_new0 (guint8, n + 1);
  RdxValue          *requests;
  guint              i;

  fixture_init (&f);
  add_kept (&f, "hand.start");
  rdx_effects_add_thread (f.effects, "thread.start", jittery_thread, &f, count_destroy);

  /* Half by hand, half in threads, interleaved. */
  for (i = 0; i < n; i++)
    dispatch (&f, i % 2 ? "thread.start" : "hand.start", NULL);
  assert_int_equal (f.tasks->len, n / 2);

  /* The hand-driven ones finish in a random order: fulfilled, rejected or
   * cancelled, while the threads finish as they do. */
  for (i = f.tasks->len; i > 1; i--)
    {
      guint    j = g_rand_int_range (rand, 0, i);
      gpointer tmp = f.tasks->pdata[i - 1];

      f.tasks->pdata[i - 1] = f.tasks->pdata[j];
      f.tasks->pdata[j] = tmp;
    }
  for (i = 0; i < f.tasks->len; i++)
    {
      RdxEffectTask *task = f.tasks->pdata[i];

      switch (i % 3)
        {
          case 0:
            rdx_effect_task_return_value (task, NULL);
            break;
          case 1:
            rdx_effect_task_return_new_error (task, TEST_ERROR, 1, "no");
            break;
          default:
            assert_true (rdx_effects_cancel (f.effects, rdx_effect_task_get_request_id (task)));
        }
      if (i % 16 == 0)
        g_main_context_iteration (NULL, FALSE);
    }
  assert_true (rdx_test_iterate_until (rdx_effects_get_n_running (f.effects) == 0, 30000));

  /* Every request reported exactly once (the reducer also refuses a second
   * outcome), each after its pending. */
  for (i = 0; i < f.recorder.actions->len; i++)
    {
      RdxAction  *action = f.recorder.actions->pdata[i];
      const char *step = lifecycle_step (rdx_action_get_type_name (action));
      gint64      id;

      if (step == NULL)
        continue;
      id = rdx_value_get_int (rdx_map_get (rdx_action_get_payload (action), "request_id"));
      assert_in_range (id, 1, n);
      if (g_str_equal (step, "pending"))
        {
          assert_int_equal (pending[id], 0);
          pending[id]++;
        }
      else
        {
          assert_int_equal (pending[id], 1);
          assert_int_equal (terminal[id], 0);
          terminal[id]++;
        }
    }
  requests = rdx_map_get (rdx_store_get_state (f.store), "requests");
  assert_int_equal (rdx_map_size (requests), n);
  for (i = 1; i <= n; i++)
    {
      g_autofree char *key = g_strdup_printf ("%u", i);

      assert_int_equal (terminal[i], 1);
      assert_string_not_equal (rdx_value_get_string (rdx_map_get (requests, key)), "pending");
    }

  fixture_clear (&f, 2);
}

/* Misuse */

static void
test_misuse (void **state)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (requests_reducer, NULL, NULL);
  g_autoptr (RdxStore) plain = rdx_store_new (reducer, NULL);
  g_autoptr (RdxEffects) effects = rdx_effects_new ();
  g_autoptr (RdxStore) first = NULL;
  g_autoptr (RdxStore) second = NULL;
  RdxTestLog log;

  assert_null (rdx_effects_from_store (plain));

  /* Not effects: a critical, and nothing happens. */
  rdx_test_log_begin (&log);
  assert_null (rdx_effects_add ((RdxEffects *) plain, "x", keep_task_cb, NULL, NULL));
  assert_false (rdx_effects_cancel ((RdxEffects *) plain, 1));
  assert_int_equal (log.n_criticals, 2);
  assert_non_null (strstr (log.text->str, "RDX_IS_EFFECTS"));

  /* Not in a store yet: nothing runs, nothing to cancel, no complaint. */
  rdx_test_log_clear (&log);
  assert_false (rdx_effects_cancel (effects, 1));
  assert_int_equal (rdx_effects_cancel_all (effects), 0);
  assert_int_equal (log.n_criticals, 0);

  /* One store per effects: the second store's chain passes actions by. */
  first = rdx_store_new_with_middleware (reducer, NULL, rdx_effects_get_middleware (effects), NULL);
  second =
    rdx_store_new_with_middleware (reducer, NULL, rdx_effects_get_middleware (effects), NULL);
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "second store"));
  assert_true (rdx_effects_from_store (first) == effects);
  assert_null (rdx_effects_from_store (second));
  rdx_test_log_end (&log);
}

/* A store keeps its effects alive: the app may drop its own reference
 * once the store is made, and effects still start. */
static void
test_store_keeps_effects (void **state)
{
  Fixture     f;
  RdxEffects *effects;
  gpointer    weak;

  fixture_init (&f);
  add_kept (&f, "job.start");
  effects = g_steal_pointer (&f.effects);
  weak = effects;
  g_object_add_weak_pointer (G_OBJECT (effects), &weak);
  g_object_unref (effects);
  assert_non_null (weak);

  assert_true (dispatch (&f, "job.start", NULL));
  assert_int_equal (f.started, 1);
  assert_recorded (&f, 0, "job.start job.start.pending#1");

  /* With the store, the effects go (once their tasks are freed). */
  fixture_clear (&f, 1);
  rdx_assert_finalized (weak);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    EFFECTS_TEST (test_fulfilled),
    EFFECTS_TEST (test_rejected),
    EFFECTS_TEST (test_result_types),
    EFFECTS_TEST (test_synchronous_effect),
    EFFECTS_TEST (test_several_effects_per_type),
    EFFECTS_TEST (test_refused_command_starts_nothing),
    EFFECTS_TEST (test_only_what_the_reducer_accepted),
    EFFECTS_TEST (test_every_task_sees_the_state_after_its_action),
    EFFECTS_TEST (test_refused_result_becomes_rejection),
    EFFECTS_TEST (test_refused_pending_runs_nothing),
    EFFECTS_TEST (test_policy_every),
    EFFECTS_TEST (test_policy_latest),
    EFFECTS_TEST (test_policy_latest_reentered),
    EFFECTS_TEST (test_policy_exclusive),
    EFFECTS_TEST (test_timeout),
    EFFECTS_TEST (test_cancel),
    EFFECTS_TEST (test_cancel_on_dispose),
    EFFECTS_TEST (test_store_dropped_during_a_dispatch),
    EFFECTS_TEST (test_disabled),
    EFFECTS_TEST (test_thread),
    EFFECTS_TEST (test_finish_from_another_thread),
    EFFECTS_TEST (test_thread_cancelled_on_dispose),
    EFFECTS_TEST (test_freed_on_the_stores_thread),
    EFFECTS_TEST (test_store_on_its_own_context),
    EFFECTS_TEST (test_many_concurrent),
    EFFECTS_TEST (test_misuse),
    EFFECTS_TEST (test_store_keeps_effects),
  };

  main_thread = g_thread_self ();
  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}
