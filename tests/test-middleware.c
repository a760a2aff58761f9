/* test-middleware.c: the middleware chain, Redux's applyMiddleware rules
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "rdx-test.h"
#include "rdx-value-private.h"

#define MIDDLEWARE_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

/* Everything that happens, in order, as words: "a>" (middleware a before
 * next), "<a" (after), "R:type" (the reducer), "L" (a listener). */
typedef struct
{
  GString   *text;
  guint      reducer_calls;
  guint      listener_calls;
  RdxAction *reduced;   /* the last action the reducer saw, a reference */
  GArray    *sequences; /* the sequence number of every action it saw */
  gboolean   refuse;    /* the reducer refuses "fail" */
} Trace;

static void
trace_init (Trace *trace)
{
  memset (trace, 0, sizeof *trace);
  trace->text = g_string_new (NULL);
  trace->sequences = g_array_new (FALSE, FALSE, sizeof (guint64));
}

static void
trace_clear (Trace *trace)
{
  g_string_free (trace->text, TRUE);
  g_array_unref (trace->sequences);
  g_clear_pointer (&trace->reduced, rdx_action_unref);
}

static void
trace_add (Trace *trace, const char *word)
{
  if (trace->text->len > 0)
    g_string_append_c (trace->text, ' ');
  g_string_append (trace->text, word);
}

/* A counter in a map; refuses "fail". */
static RdxValue *
traced_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  Trace           *trace = user_data;
  g_autofree char *word = g_strdup_printf ("R:%s", rdx_action_get_type_name (action));
  guint64          sequence;
  gint64           count;

  trace->reducer_calls++;
  trace_add (trace, word);
  g_clear_pointer (&trace->reduced, rdx_action_unref);
  trace->reduced = rdx_action_ref (action);
  sequence = rdx_action_get_sequence (action);
  g_array_append_val (trace->sequences, sequence);

  if (state == NULL)
    return rdx_map_new_take ("count", rdx_value_new_int (0), NULL);
  if (rdx_action_is (action, "fail"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the reducer refused");
      return NULL;
    }
  if (rdx_action_is_private (action))
    return rdx_value_ref (state);
  count = rdx_value_get_int (rdx_map_get (state, "count"));
  return rdx_map_set_take (state, "count", rdx_value_new_int (count + 1));
}

static void
traced_listener_cb (RdxStore *store, gpointer user_data)
{
  Trace *trace = user_data;

  trace->listener_calls++;
  trace_add (trace, "L");
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
}

static gint64
store_count (RdxStore *store)
{
  return rdx_value_get_int (rdx_map_get (rdx_store_get_state (store), "count"));
}

/* One middleware; what it does depends on its mode. */
typedef enum
{
  MODE_PASS,          /* pass the action on */
  MODE_SWALLOW,       /* return TRUE without next */
  MODE_REFUSE,        /* return FALSE with an error */
  MODE_REFUSE_SILENT, /* return FALSE without an error */
  MODE_REPLACE,       /* pass "y" on instead of "x" */
  MODE_SPAWN,         /* dispatch "x.a" and "x.b" from "x.start", then pass it on */
  MODE_NEXT_TWICE,    /* call next twice */
  MODE_FORGE,         /* pass "@@rdx/INIT" on instead of "x" */
} Mode;

typedef struct
{
  const char *name;
  Mode        mode;
  Trace      *trace;
  guint       calls;
  guint       destroyed;
  guint       setups;
  guint       teardowns;
  GPtrArray  *seen;  /* types seen */
  RdxStore   *store; /* the store it expects */
  gboolean    store_mismatch;
  gboolean    next_ok;    /* what next returned */
  GError     *next_error; /* what next set (the first call) */
  gboolean    second_ok;  /* MODE_NEXT_TWICE */
  GError     *second_error;
  gboolean    dispatch_in_setup;
  gboolean    setup_dispatch_ok;
  GError     *setup_error;
  guint       reducer_calls_at_setup;
  gboolean    state_at_setup;
  gboolean    observe;             /* pass on with rdx_dispatch_next_observe() */
  gboolean    timed;               /* with RDX_OBSERVE_TIMED */
  GPtrArray  *outcomes;            /* of RdxOutcome, copies of what it was told */
  const char *dispatch_on_outcome; /* dispatch this once, from the callback */
  gboolean    outcome_dispatch_ok;
} Mw;

static void
mw_init (Mw *mw, const char *name, Mode mode, Trace *trace)
{
  memset (mw, 0, sizeof *mw);
  mw->name = name;
  mw->mode = mode;
  mw->trace = trace;
  mw->seen = g_ptr_array_new_with_free_func (g_free);
  mw->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_outcome_free);
}

static void
mw_clear (Mw *mw)
{
  g_clear_pointer (&mw->seen, g_ptr_array_unref);
  g_clear_pointer (&mw->outcomes, g_ptr_array_unref);
  g_clear_error (&mw->next_error);
  g_clear_error (&mw->second_error);
  g_clear_error (&mw->setup_error);
}

static void
mw_destroyed_cb (gpointer data)
{
  Mw *mw = data;

  mw->destroyed++;
}

/* An observing middleware's outcome, traced as "O<name>:<type>:<d|n>"
 * (direct or nested). */
static void
mw_outcome_cb (const RdxOutcome *outcome, gpointer user_data)
{
  Mw              *mw = user_data;
  g_autofree char *word = g_strdup_printf (
    "O%s:%s:%s", mw->name, rdx_action_get_type_name (rdx_outcome_get_action (outcome)),
    rdx_outcome_is_direct (outcome) ? "d" : "n");

  trace_add (mw->trace, word);
  g_ptr_array_add (mw->outcomes, rdx_outcome_copy (outcome));
  if (mw->dispatch_on_outcome != NULL)
    {
      const char *type = mw->dispatch_on_outcome;

      mw->dispatch_on_outcome = NULL;
      mw->outcome_dispatch_ok =
        rdx_store_dispatch_take (mw->store, rdx_action_new (type, NULL), NULL);
      trace_add (mw->trace, "dispatched");
    }
}

static gboolean
pass_on (Mw *mw, RdxAction *action, RdxDispatchNext *next, GError **error)
{
  g_autofree char *before = g_strdup_printf ("%s>", mw->name);
  g_autofree char *after = g_strdup_printf ("<%s", mw->name);
  GError          *local_error = NULL;

  trace_add (mw->trace, before);
  if (mw->observe)
    mw->next_ok =
      rdx_dispatch_next_observe (next, action, mw->timed ? RDX_OBSERVE_TIMED : RDX_OBSERVE_DEFAULT,
                                 mw_outcome_cb, mw, &local_error);
  else
    mw->next_ok = rdx_dispatch_next (next, action, &local_error);
  trace_add (mw->trace, after);
  g_clear_error (&mw->next_error);
  if (local_error != NULL)
    {
      mw->next_error = g_error_copy (local_error);
      g_propagate_error (error, local_error);
    }
  return mw->next_ok;
}

static gboolean
mw_func (RdxStore        *store,
         RdxAction       *action,
         RdxDispatchNext *next,
         gpointer         user_data,
         GError         **error)
{
  Mw *mw = user_data;

  mw->calls++;
  g_ptr_array_add (mw->seen, g_strdup (rdx_action_get_type_name (action)));
  if (mw->store != NULL && store != mw->store)
    mw->store_mismatch = TRUE;

  switch (mw->mode)
    {
      case MODE_PASS:
        return pass_on (mw, action, next, error);
      case MODE_SWALLOW:
        trace_add (mw->trace, "swallowed");
        return TRUE;
      case MODE_REFUSE:
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s refused %s", mw->name,
                     rdx_action_get_type_name (action));
        return FALSE;
      case MODE_REFUSE_SILENT:
        return FALSE;
      case MODE_REPLACE:
        if (rdx_action_is (action, "x"))
          {
            g_autoptr (RdxAction) other =
              rdx_action_new_take ("y", rdx_value_new_string ("instead"));

            return pass_on (mw, other, next, error);
          }
        return pass_on (mw, action, next, error);
      case MODE_SPAWN:
        if (rdx_action_is (action, "x.start"))
          {
            g_autoptr (GError) local_error = NULL;

            if (!rdx_store_dispatch_take (store, rdx_action_new ("x.a", NULL), &local_error) ||
                !rdx_store_dispatch_take (store, rdx_action_new ("x.b", NULL), &local_error))
              {
                g_propagate_error (error, g_steal_pointer (&local_error));
                return FALSE;
              }
          }
        return pass_on (mw, action, next, error);
      case MODE_NEXT_TWICE:
        if (!pass_on (mw, action, next, error))
          return FALSE;
        mw->second_ok = rdx_dispatch_next (next, action, &mw->second_error);
        return TRUE;
      case MODE_FORGE:
        if (rdx_action_is (action, "x"))
          {
            g_autoptr (RdxAction) forged = rdx_action_new (RDX_ACTION_INIT, NULL);

            return pass_on (mw, forged, next, error);
          }
        return pass_on (mw, action, next, error);
    }
  return FALSE;
}

static void
mw_setup_cb (RdxStore *store, gpointer user_data)
{
  Mw *mw = user_data;

  mw->setups++;
  mw->reducer_calls_at_setup = mw->trace->reducer_calls;
  mw->state_at_setup = rdx_store_get_state (store) != NULL;
  if (mw->dispatch_in_setup)
    mw->setup_dispatch_ok =
      rdx_store_dispatch_take (store, rdx_action_new ("from.setup", NULL), &mw->setup_error);
}

static void
mw_teardown_cb (RdxStore *store, gpointer user_data)
{
  Mw *mw = user_data;

  mw->teardowns++;
}

static RdxMiddleware *
mw_new (Mw *mw)
{
  RdxMiddleware *middleware = rdx_middleware_new (mw_func, mw, mw_destroyed_cb);

  rdx_middleware_set_hooks (middleware, mw_setup_cb, mw_teardown_cb);
  return middleware;
}

/* A store with the traced reducer, a traced listener, and the middleware
 * given (Mw *, ..., NULL), outermost first. */
static RdxStore *
store_new (Trace *trace, ...)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (traced_reduce, trace, NULL);
  g_autoptr (GPtrArray) chain =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_middleware_unref);
  RdxStore *store;
  va_list   args;
  Mw       *mw;
  guint     i;

  va_start (args, trace);
  for (mw = va_arg (args, Mw *); mw != NULL; mw = va_arg (args, Mw *))
    g_ptr_array_add (chain, mw_new (mw));
  va_end (args);

  store = rdx_store_new_with_middlewarev (reducer, NULL, (RdxMiddleware *const *) chain->pdata,
                                          chain->len);
  for (i = 0; i < chain->len; i++)
    ((Mw *) rdx_middleware_get_user_data (chain->pdata[i]))->store = store;
  rdx_store_subscribe (store, traced_listener_cb, trace, NULL);
  g_string_truncate (trace->text, 0);
  return store;
}

static gboolean
dispatch_type (RdxStore *store, const char *type, GError **error)
{
  return rdx_store_dispatch_take (store, rdx_action_new (type, NULL), error);
}

/* Redux: the first middleware given is the outermost. */
static void
test_order (void **state)
{
  g_autoptr (GError) error = NULL;
  Trace     trace;
  Mw        a, b, c;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  mw_init (&b, "b", MODE_PASS, &trace);
  mw_init (&c, "c", MODE_PASS, &trace);
  store = store_new (&trace, &a, &b, &c, NULL);

  assert_true (dispatch_type (store, "inc", &error));
  assert_null (error);
  assert_string_equal (trace.text->str, "a> b> c> R:inc L <c <b <a");
  assert_true (a.next_ok && b.next_ok && c.next_ok);
  assert_false (a.store_mismatch || b.store_mismatch || c.store_mismatch);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
  mw_clear (&b);
  mw_clear (&c);
}

static void
test_pass_through (void **state)
{
  g_autoptr (RdxAction) action = rdx_action_new_take ("inc", rdx_value_new_int (3));
  Trace     trace;
  Mw        a, b;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  mw_init (&b, "b", MODE_PASS, &trace);
  store = store_new (&trace, &a, &b, NULL);

  assert_true (rdx_store_dispatch (store, action, NULL));
  /* The reducer got the very action dispatched. */
  assert_ptr_equal (trace.reduced, action);
  assert_int_equal (store_count (store), 1);
  assert_int_equal (trace.listener_calls, 1);
  assert_int_equal (a.calls, 1);
  assert_int_equal (b.calls, 1);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
  mw_clear (&b);
}

static void
test_pass_different_action (void **state)
{
  Trace     trace;
  Mw        outer, replacer, inner;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&outer, "o", MODE_PASS, &trace);
  mw_init (&replacer, "r", MODE_REPLACE, &trace);
  mw_init (&inner, "i", MODE_PASS, &trace);
  store = store_new (&trace, &outer, &replacer, &inner, NULL);

  assert_true (dispatch_type (store, "x", NULL));
  assert_string_equal (trace.text->str, "o> r> i> R:y L <i <r <o");
  assert_string_equal (g_ptr_array_index (inner.seen, 0), "y");
  assert_string_equal (rdx_value_get_string (rdx_action_get_payload (trace.reduced)), "instead");
  /* The action made in the middleware is stamped too. */
  assert_true (rdx_action_get_sequence (trace.reduced) > 0);
  assert_int_equal (trace.reducer_calls, 2); /* INIT and "y" */

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&outer);
  mw_clear (&replacer);
  mw_clear (&inner);
}

static void
test_swallow (void **state)
{
  g_autoptr (RdxValue) before = NULL;
  Trace     trace;
  Mw        outer, swallower, inner;
  RdxStore *store;
  guint     notified = 0;

  trace_init (&trace);
  mw_init (&outer, "o", MODE_PASS, &trace);
  mw_init (&swallower, "s", MODE_SWALLOW, &trace);
  mw_init (&inner, "i", MODE_PASS, &trace);
  store = store_new (&trace, &outer, &swallower, &inner, NULL);
  g_signal_connect (store, "notify::state", G_CALLBACK (count_notify_cb), &notified);
  before = rdx_store_dup_state (store);

  assert_true (dispatch_type (store, "inc", NULL));
  assert_string_equal (trace.text->str, "o> swallowed <o");
  assert_int_equal (trace.reducer_calls, 1);
  assert_int_equal (trace.listener_calls, 0);
  assert_int_equal (inner.calls, 0);
  assert_int_equal (notified, 0);
  assert_ptr_equal (rdx_store_get_state (store), before);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&outer);
  mw_clear (&swallower);
  mw_clear (&inner);
}

static void
test_refuse (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) before = NULL;
  Trace     trace;
  Mw        outer, refuser, inner;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&outer, "o", MODE_PASS, &trace);
  mw_init (&refuser, "r", MODE_REFUSE, &trace);
  mw_init (&inner, "i", MODE_PASS, &trace);
  store = store_new (&trace, &outer, &refuser, &inner, NULL);
  before = rdx_store_dup_state (store);

  assert_false (dispatch_type (store, "inc", &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  assert_string_equal (error->message, "r refused inc");
  /* The outer middleware saw the refusal come back through next. */
  assert_false (outer.next_ok);
  assert_error (outer.next_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  assert_string_equal (trace.text->str, "o> <o");
  assert_int_equal (inner.calls, 0);
  assert_int_equal (trace.reducer_calls, 1);
  assert_int_equal (trace.listener_calls, 0);
  assert_ptr_equal (rdx_store_get_state (store), before);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&outer);
  mw_clear (&refuser);
  mw_clear (&inner);
}

static void
test_refuse_without_error (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) before = NULL;
  Trace     trace;
  Mw        refuser;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&refuser, "r", MODE_REFUSE_SILENT, &trace);
  store = store_new (&trace, &refuser, NULL);
  before = rdx_store_dup_state (store);

  assert_false (dispatch_type (store, "inc", &error));
  assert_non_null (error);
  assert_int_equal (error->domain, RDX_STORE_ERROR);
  assert_non_null (strstr (error->message, "inc"));
  /* No error asked for: still refused, quietly. */
  assert_false (dispatch_type (store, "inc", NULL));
  assert_int_equal (trace.reducer_calls, 1);
  assert_int_equal (trace.listener_calls, 0);
  assert_ptr_equal (rdx_store_get_state (store), before);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&refuser);
}

/* The reducer's refusal comes back up through every next. */
static void
test_reducer_error_through_chain (void **state)
{
  g_autoptr (GError) error = NULL;
  Trace     trace;
  Mw        a, b;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  mw_init (&b, "b", MODE_PASS, &trace);
  store = store_new (&trace, &a, &b, NULL);

  assert_false (dispatch_type (store, "fail", &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_false (b.next_ok);
  assert_error (b.next_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_false (a.next_ok);
  assert_string_equal (trace.text->str, "a> b> R:fail <b <a");
  assert_int_equal (trace.listener_calls, 0);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
  mw_clear (&b);
}

/* Redux: dispatch from a middleware goes through the whole chain. */
static void
test_dispatch_from_middleware (void **state)
{
  Trace     trace;
  Mw        outer, spawner, inner;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&outer, "o", MODE_PASS, &trace);
  mw_init (&spawner, "s", MODE_SPAWN, &trace);
  mw_init (&inner, "i", MODE_PASS, &trace);
  store = store_new (&trace, &outer, &spawner, &inner, NULL);

  assert_true (dispatch_type (store, "x.start", NULL));
  assert_int_equal (outer.calls, 3);
  assert_int_equal (spawner.calls, 3);
  assert_int_equal (inner.calls, 3);
  assert_string_equal (g_ptr_array_index (outer.seen, 0), "x.start");
  assert_string_equal (g_ptr_array_index (outer.seen, 1), "x.a");
  assert_string_equal (g_ptr_array_index (outer.seen, 2), "x.b");
  assert_string_equal (trace.text->str, "o> o> s> i> R:x.a L <i <s <o "
                                        "o> s> i> R:x.b L <i <s <o "
                                        "s> i> R:x.start L <i <s <o");
  assert_int_equal (trace.listener_calls, 3);
  assert_int_equal (store_count (store), 3);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&outer);
  mw_clear (&spawner);
  mw_clear (&inner);
}

/* The reducer sees sequence numbers in the order it applies actions, so
 * that whoever records accepted actions by sequence number (the journal,
 * the history) replays them in the order they were applied. Here a
 * middleware dispatches two actions before it passes on the one it got. */
static void
test_sequence_in_reducer_order (void **state)
{
  g_autoptr (GString) seen = g_string_new (NULL);
  gboolean  increasing = TRUE;
  Trace     trace;
  Mw        spawner;
  RdxStore *store;
  guint     i;

  trace_init (&trace);
  mw_init (&spawner, "s", MODE_SPAWN, &trace);
  store = store_new (&trace, &spawner, NULL);

  assert_true (dispatch_type (store, "x.start", NULL));
  assert_string_equal (trace.text->str, "s> R:x.a L <s s> R:x.b L <s s> R:x.start L <s");
  assert_int_equal (trace.sequences->len, 4); /* INIT and three */
  for (i = 0; i < trace.sequences->len; i++)
    {
      guint64 sequence = g_array_index (trace.sequences, guint64, i);

      g_string_append_printf (seen, " %" G_GUINT64_FORMAT, sequence);
      if (i > 0 && sequence <= g_array_index (trace.sequences, guint64, i - 1))
        increasing = FALSE;
    }

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&spawner);
  if (!increasing)
    print_message ("sequence numbers in the order the reducer saw them:%s\n", seen->str);
  assert_true (increasing);
}

static void
test_next_called_twice (void **state)
{
  g_autoptr (GError) error = NULL;
  Trace     trace;
  Mw        outer, twice;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&outer, "o", MODE_PASS, &trace);
  mw_init (&twice, "t", MODE_NEXT_TWICE, &trace);
  store = store_new (&trace, &outer, &twice, NULL);

  assert_true (dispatch_type (store, "inc", &error));
  assert_null (error);
  assert_true (twice.next_ok);
  assert_false (twice.second_ok);
  assert_error (twice.second_error, RDX_STORE_ERROR, RDX_STORE_ERROR_NEXT_CALLED_TWICE);
  assert_non_null (strstr (twice.second_error->message, "rdx_store_dispatch"));
  /* The action reached the reducer once. */
  assert_int_equal (trace.reducer_calls, 2);
  assert_int_equal (trace.listener_calls, 1);
  assert_int_equal (store_count (store), 1);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&outer);
  mw_clear (&twice);
}

static void
test_setup_hook (void **state)
{
  g_autoptr (GError) error = NULL;
  Trace     trace;
  Mw        a, b;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  mw_init (&b, "b", MODE_PASS, &trace);
  b.dispatch_in_setup = TRUE;
  b.setup_dispatch_ok = TRUE;
  store = store_new (&trace, &a, &b, NULL);

  /* Called once each, after INIT reached the reducer. */
  assert_int_equal (a.setups, 1);
  assert_int_equal (b.setups, 1);
  assert_int_equal (a.reducer_calls_at_setup, 1);
  assert_true (a.state_at_setup);
  /* Dispatching from setup is refused, and reached no one. */
  assert_false (b.setup_dispatch_ok);
  assert_error (b.setup_error, RDX_STORE_ERROR, RDX_STORE_ERROR_DISPATCH_IN_SETUP);
  assert_non_null (strstr (b.setup_error->message, "from.setup"));
  assert_int_equal (a.calls, 0);
  assert_int_equal (trace.reducer_calls, 1);

  /* Afterwards dispatching works. */
  assert_true (dispatch_type (store, "inc", &error));
  assert_int_equal (a.calls, 1);
  assert_int_equal (a.setups, 1);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
  mw_clear (&b);
}

static void
test_teardown_hook (void **state)
{
  Trace     trace;
  Mw        a, b;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  mw_init (&b, "b", MODE_PASS, &trace);
  store = store_new (&trace, &a, &b, NULL);
  assert_int_equal (a.teardowns, 0);

  /* Dispose runs the teardown hooks, once even if it runs twice. */
  g_object_run_dispose (G_OBJECT (store));
  assert_int_equal (a.teardowns, 1);
  assert_int_equal (b.teardowns, 1);
  assert_int_equal (a.destroyed, 0);

  rdx_test_finalize (&store);
  assert_int_equal (a.teardowns, 1);
  assert_int_equal (b.teardowns, 1);
  assert_int_equal (a.destroyed, 1);
  assert_int_equal (b.destroyed, 1);
  trace_clear (&trace);
  mw_clear (&a);
  mw_clear (&b);
}

/* Redux dispatches INIT and REPLACE before middleware exists. */
static void
test_private_actions_bypass (void **state)
{
  g_autoptr (RdxReducer) replacement = NULL;
  g_autoptr (GError) error = NULL;
  Trace     trace;
  Mw        a;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  store = store_new (&trace, &a, NULL);
  replacement = rdx_reducer_new (traced_reduce, &trace, NULL);

  assert_true (rdx_store_replace_reducer (store, replacement, &error));
  assert_null (error);
  assert_int_equal (a.calls, 0);
  assert_int_equal (trace.reducer_calls, 2);
  assert_string_equal (trace.text->str, "R:@@rdx/REPLACE L");

  assert_true (dispatch_type (store, "inc", NULL));
  assert_int_equal (a.calls, 1);
  assert_string_equal (g_ptr_array_index (a.seen, 0), "inc");

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
}

/* rdx's own types are rdx's: the application's rdx_store_dispatch() of one
 * is refused before any middleware runs, with an error saying who
 * dispatches them; a middleware may not pass one on in place of the
 * action it got. The store's own @@rdx/INIT and @@rdx/REPLACE still reach
 * the reducer (test_private_actions_bypass). */
static void
test_private_types_refused (void **state)
{
  static const char *const types[] = { RDX_ACTION_INIT, RDX_ACTION_REPLACE,
                                       RDX_ACTION_STATE_REPLACED, "@@rdx/anything" };
  Trace                    trace;
  Mw                       a, forger;
  RdxStore                *store;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  store = store_new (&trace, &a, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RdxValue) before = rdx_store_dup_state (store);

      assert_false (dispatch_type (store, types[i], &error));
      assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_PRIVATE_ACTION);
      assert_non_null (strstr (error->message, types[i]));
      assert_non_null (strstr (error->message, "private"));
      assert_ptr_equal (rdx_store_get_state (store), before);
    }
  assert_int_equal (a.calls, 0);
  assert_int_equal (trace.reducer_calls, 1); /* INIT, when the store was made */
  assert_int_equal (trace.listener_calls, 0);
  assert_string_equal (trace.text->str, "");
  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);

  trace_init (&trace);
  mw_init (&forger, "f", MODE_FORGE, &trace);
  store = store_new (&trace, &forger, NULL);
  {
    g_autoptr (GError) error = NULL;

    assert_false (dispatch_type (store, "x", &error));
    assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_PRIVATE_ACTION);
    assert_non_null (strstr (error->message, RDX_ACTION_INIT));
    assert_int_equal (trace.reducer_calls, 1);
    assert_int_equal (trace.listener_calls, 0);
    /* What it got, it may pass on. */
    assert_true (dispatch_type (store, "y", NULL));
    assert_int_equal (trace.reducer_calls, 2);
  }
  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&forger);
}

/* rdx_store_replace_state(), for tools: the private @@rdx/STATE_REPLACED
 * goes through every middleware, which learns of it as of any run (the
 * journal records it), and the store makes the state it carries its
 * state, without the reducer; the listeners are told. */
static void
test_replace_state (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) replacement = rdx_map_new_take ("count", rdx_value_new_int (41), NULL);
  g_autoptr (RdxValue) before = NULL;
  RdxOutcome *outcome;
  RdxValue   *payload;
  Trace       trace;
  Mw          a;
  RdxStore   *store;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  a.observe = TRUE;
  store = store_new (&trace, &a, NULL);
  before = rdx_store_dup_state (store);

  assert_true (rdx_store_replace_state (store, replacement, "a test", &error));
  assert_null (error);
  assert_ptr_equal (rdx_store_get_state (store), replacement);
  assert_string_equal (trace.text->str, "a> Oa:@@rdx/STATE_REPLACED:d L <a");
  assert_int_equal (trace.reducer_calls, 1); /* INIT only */
  outcome = g_ptr_array_index (a.outcomes, 0);
  assert_ptr_equal (rdx_outcome_get_state_before (outcome), before);
  assert_ptr_equal (rdx_outcome_get_state_after (outcome), replacement);
  payload = rdx_action_get_payload (rdx_outcome_get_action (outcome));
  assert_string_equal (rdx_value_get_string (rdx_map_get (payload, "cause")), "a test");
  assert_ptr_equal (rdx_map_get (payload, "state"), replacement);
  assert_true (rdx_action_get_sequence (rdx_outcome_get_action (outcome)) > 0);

  /* The reducer goes on from it. */
  assert_true (dispatch_type (store, "inc", NULL));
  assert_int_equal (store_count (store), 42);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
}

/* rdx_reducer_replay() applies a recorded action as the store did: a
 * state replacement gives its state (with the keys it keeps from the
 * state before it), anything else goes to the reducer. */
static void
test_reducer_replay (void **state)
{
  g_autoptr (RdxReducer) reducer = NULL;
  g_autoptr (RdxValue) before = rdx_test_value ("{\"count\":1,\"ui\":{\"selected\":\"a\"}}");
  g_autoptr (RdxAction) replaced = rdx_action_new_take (
    RDX_ACTION_STATE_REPLACED,
    rdx_test_value ("{\"cause\":\"c\",\"keep\":[\"ui\",\"gone\"],\"state\":{\"count\":5,"
                    "\"ui\":{},\"gone\":1}}"));
  g_autoptr (RdxAction) bare = rdx_action_new_take (RDX_ACTION_STATE_REPLACED, rdx_map_new ());
  g_autoptr (RdxAction) inc = rdx_action_new ("inc", NULL);
  g_autoptr (RdxValue) after = NULL;
  g_autoptr (RdxValue) counted = NULL;
  g_autoptr (GError) error = NULL;
  Trace trace;

  trace_init (&trace);
  reducer = rdx_reducer_new (traced_reduce, &trace, NULL);
  after = rdx_reducer_replay (reducer, before, replaced, &error);
  assert_null (error);
  rdx_test_assert_json (after, "{\"count\":5,\"ui\":{\"selected\":\"a\"}}");
  assert_int_equal (trace.reducer_calls, 0);

  assert_null (rdx_reducer_replay (reducer, before, bare, &error));
  assert_error (error, RDX_STORE_ERROR, RDX_STORE_ERROR_INVALID_ACTION);
  assert_non_null (strstr (error->message, "\"state\""));
  assert_int_equal (trace.reducer_calls, 0);

  counted = rdx_reducer_replay (reducer, before, inc, NULL);
  rdx_test_assert_json (counted, "{\"count\":2,\"ui\":{\"selected\":\"a\"}}");
  assert_int_equal (trace.reducer_calls, 1);
  g_clear_pointer (&reducer, rdx_reducer_unref);
  trace_clear (&trace);
}

static void
test_user_data_destroy (void **state)
{
  g_autoptr (RdxReducer) reducer = NULL;
  RdxMiddleware *middleware;
  Trace          trace;
  Mw             a;
  RdxStore      *store;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  reducer = rdx_reducer_new (traced_reduce, &trace, NULL);
  middleware = mw_new (&a);
  assert_ptr_equal (rdx_middleware_get_user_data (middleware), &a);

  store = rdx_store_new_with_middleware (reducer, NULL, middleware, NULL);
  a.store = store;
  rdx_middleware_unref (middleware);
  assert_int_equal (a.destroyed, 0);
  assert_true (dispatch_type (store, "inc", NULL));
  assert_int_equal (a.calls, 1);
  assert_false (a.store_mismatch);

  rdx_test_finalize (&store);
  assert_int_equal (a.destroyed, 1);

  /* The boxed type copies by reference. */
  middleware = mw_new (&a);
  g_boxed_free (RDX_TYPE_MIDDLEWARE, g_boxed_copy (RDX_TYPE_MIDDLEWARE, middleware));
  assert_int_equal (a.destroyed, 1);
  rdx_middleware_unref (middleware);
  assert_int_equal (a.destroyed, 2);

  trace_clear (&trace);
  mw_clear (&a);
}

/* Outcomes: what the reducer did, reported to the `next` call that passed
 * the action on */

static Mw *
observing (Mw *mw, const char *name, Mode mode, Trace *trace, gboolean timed)
{
  mw_init (mw, name, mode, trace);
  mw->observe = TRUE;
  mw->timed = timed;
  return mw;
}

static const RdxOutcome *
outcome_at (Mw *mw, guint i)
{
  assert_true (i < mw->outcomes->len);
  return g_ptr_array_index (mw->outcomes, i);
}

static gint64
count_of (RdxValue *state)
{
  return rdx_value_get_int (rdx_map_get (state, "count"));
}

/* The run of the action passed on: as the reducer saw it, stamped, with the
 * states around it and the reducer's time, before the listeners. */
static void
test_outcome_of_next (void **state)
{
  g_autoptr (RdxAction) action = rdx_action_new ("inc", NULL);
  Trace             trace;
  Mw                a;
  RdxStore         *store;
  const RdxOutcome *outcome;

  trace_init (&trace);
  store = store_new (&trace, observing (&a, "a", MODE_PASS, &trace, TRUE), NULL);

  assert_true (rdx_store_dispatch (store, action, NULL));
  assert_string_equal (trace.text->str, "a> R:inc Oa:inc:d L <a");
  assert_int_equal (a.outcomes->len, 1);
  outcome = outcome_at (&a, 0);
  assert_ptr_equal (rdx_outcome_get_action (outcome), trace.reduced);
  assert_int_equal (rdx_action_get_sequence (rdx_outcome_get_action (outcome)),
                    rdx_action_get_sequence (action));
  assert_true (rdx_action_get_sequence (action) > 0);
  assert_int_equal (count_of (rdx_outcome_get_state_before (outcome)), 0);
  assert_ptr_equal (rdx_outcome_get_state_after (outcome), rdx_store_get_state (store));
  assert_int_equal (count_of (rdx_outcome_get_state_after (outcome)), 1);
  assert_null (rdx_outcome_get_error (outcome));
  assert_true (rdx_outcome_get_duration (outcome) >= 0);
  assert_true (rdx_outcome_is_direct (outcome));

  /* A refusal: no state after, the reducer's error, no listener. */
  assert_false (dispatch_type (store, "fail", NULL));
  outcome = outcome_at (&a, 1);
  assert_null (rdx_outcome_get_state_after (outcome));
  assert_error (rdx_outcome_get_error (outcome), G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_string_equal (rdx_outcome_get_error (outcome)->message, "the reducer refused");
  assert_int_equal (trace.listener_calls, 1);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
}

/* What the rest of the chain made of the action: another action, or none. */
static void
test_outcome_after_the_chain (void **state)
{
  Trace     trace;
  Mw        a, replacer, swallower;
  RdxStore *store;

  trace_init (&trace);
  mw_init (&replacer, "r", MODE_REPLACE, &trace);
  store = store_new (&trace, observing (&a, "a", MODE_PASS, &trace, FALSE), &replacer, NULL);
  assert_true (dispatch_type (store, "x", NULL));
  assert_string_equal (trace.text->str, "a> r> R:y Oa:y:d L <r <a");
  assert_string_equal (
    rdx_value_get_string (rdx_action_get_payload (rdx_outcome_get_action (outcome_at (&a, 0)))),
    "instead");
  /* Nobody asked for the time. */
  assert_int_equal (rdx_outcome_get_duration (outcome_at (&a, 0)), -1);
  rdx_test_finalize (&store);
  mw_clear (&a);
  mw_clear (&replacer);

  g_string_truncate (trace.text, 0);
  mw_init (&swallower, "s", MODE_SWALLOW, &trace);
  store = store_new (&trace, observing (&a, "a", MODE_PASS, &trace, FALSE), &swallower, NULL);
  assert_true (dispatch_type (store, "x", NULL));
  assert_string_equal (trace.text->str, "a> swallowed <a");
  assert_int_equal (a.outcomes->len, 0);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
  mw_clear (&swallower);
}

/* Actions dispatched while a call is in progress are reported to it too,
 * in the order the reducer ran them, as nested; each is direct for the
 * call of its own dispatch. */
static void
test_outcome_nested (void **state)
{
  Trace     trace;
  Mw        outer, spawner;
  RdxStore *store;
  guint     i;

  trace_init (&trace);
  store = store_new (&trace, observing (&outer, "o", MODE_PASS, &trace, FALSE),
                     observing (&spawner, "s", MODE_SPAWN, &trace, FALSE), NULL);

  assert_true (dispatch_type (store, "x.start", NULL));
  assert_string_equal (trace.text->str, "o> o> s> R:x.a Oo:x.a:n Oo:x.a:d Os:x.a:d L <s <o "
                                        "o> s> R:x.b Oo:x.b:n Oo:x.b:d Os:x.b:d L <s <o "
                                        "s> R:x.start Oo:x.start:d Os:x.start:d L <s <o");
  /* Its three calls saw five outcomes, each run directly once, in the
   * order the reducer ran. */
  assert_int_equal (outer.outcomes->len, 5);
  for (i = 1; i < outer.outcomes->len; i++)
    assert_true (rdx_action_get_sequence (rdx_outcome_get_action (outcome_at (&outer, i))) >=
                 rdx_action_get_sequence (rdx_outcome_get_action (outcome_at (&outer, i - 1))));
  assert_false (rdx_outcome_is_direct (outcome_at (&outer, 0)));
  assert_true (rdx_outcome_is_direct (outcome_at (&outer, 1)));
  assert_ptr_equal (rdx_outcome_get_action (outcome_at (&outer, 0)),
                    rdx_outcome_get_action (outcome_at (&outer, 1)));

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&outer);
  mw_clear (&spawner);
}

/* A `state` watcher that dispatches while the store tells of the first
 * change: the observer still hears of the outer run first. */
static void
dispatch_once_on_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  gboolean *done = user_data;

  if (*done)
    return;
  *done = TRUE;
  assert_true (dispatch_type (RDX_STORE (object), "again", NULL));
}

static void
test_outcome_of_dispatch_from_notify (void **state)
{
  Trace     trace;
  Mw        a;
  RdxStore *store;
  gboolean  done = FALSE;

  trace_init (&trace);
  store = store_new (&trace, observing (&a, "a", MODE_PASS, &trace, FALSE), NULL);
  g_signal_connect (store, "notify::state", G_CALLBACK (dispatch_once_on_notify_cb), &done);

  assert_true (dispatch_type (store, "inc", NULL));
  assert_string_equal (trace.text->str,
                       "a> R:inc Oa:inc:d a> R:again Oa:again:n Oa:again:d L <a L <a");
  assert_int_equal (count_of (rdx_outcome_get_state_after (outcome_at (&a, 0))), 1);
  assert_int_equal (count_of (rdx_outcome_get_state_after (outcome_at (&a, 2))), 2);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
}

/* An outcome callback that dispatches: the action waits until every
 * observer has heard of the run that came first. */
static void
test_dispatch_from_outcome (void **state)
{
  Trace     trace;
  Mw        outer, inner;
  RdxStore *store;

  trace_init (&trace);
  store = store_new (&trace, observing (&outer, "o", MODE_PASS, &trace, FALSE),
                     observing (&inner, "i", MODE_PASS, &trace, FALSE), NULL);
  outer.dispatch_on_outcome = "follow";

  assert_true (dispatch_type (store, "inc", NULL));
  assert_true (outer.outcome_dispatch_ok);
  assert_string_equal (trace.text->str, "o> i> R:inc Oo:inc:d dispatched Oi:inc:d "
                                        "o> i> R:follow Oo:follow:n Oi:follow:n Oo:follow:d "
                                        "Oi:follow:d L <i <o L <i <o");
  assert_int_equal (store_count (store), 2);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&outer);
  mw_clear (&inner);
}

/* REPLACE bypasses the middleware, so no call reports it; the store tells
 * reducer-replaced, and only when the new reducer took over. */
static void
replaced_cb (RdxStore *store, const RdxOutcome *outcome, gpointer user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, rdx_outcome_copy (outcome));
}

static RdxValue *
refuse_replace (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "not this one");
  return NULL;
}

static void
test_outcome_of_replace (void **state)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_outcome_free);
  g_autoptr (RdxReducer) replacement = NULL;
  g_autoptr (RdxReducer) refusing = rdx_reducer_new (refuse_replace, NULL, NULL);
  const RdxOutcome *outcome;
  Trace             trace;
  Mw                a;
  RdxStore         *store;

  trace_init (&trace);
  store = store_new (&trace, observing (&a, "a", MODE_PASS, &trace, FALSE), NULL);
  replacement = rdx_reducer_new (traced_reduce, &trace, NULL);
  g_signal_connect (store, "reducer-replaced", G_CALLBACK (replaced_cb), seen);

  assert_true (rdx_store_replace_reducer (store, replacement, NULL));
  assert_int_equal (a.outcomes->len, 0);
  assert_int_equal (seen->len, 1);
  outcome = g_ptr_array_index (seen, 0);
  assert_string_equal (rdx_action_get_type_name (rdx_outcome_get_action (outcome)),
                       RDX_ACTION_REPLACE);
  assert_true (rdx_action_get_sequence (rdx_outcome_get_action (outcome)) > 0);
  assert_ptr_equal (rdx_outcome_get_state_after (outcome), rdx_store_get_state (store));
  assert_ptr_equal (rdx_outcome_get_state_before (outcome), rdx_outcome_get_state_after (outcome));
  assert_true (rdx_outcome_get_duration (outcome) >= 0);

  assert_false (rdx_store_replace_reducer (store, refusing, NULL));
  assert_int_equal (seen->len, 1);
  assert_ptr_equal (rdx_store_get_reducer (store), replacement);

  rdx_test_finalize (&store);
  trace_clear (&trace);
  mw_clear (&a);
}

/* A pointer that is not a middleware (a tool instead of its middleware)
 * is refused loudly at once, even by a caller that bypasses the type
 * checking macro. */
static void
test_not_a_middleware (void **state)
{
  g_autoptr (GObject) tool = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr (RdxReducer) reducer = NULL;
  g_autoptr (RdxMiddleware) good = NULL;
  RdxMiddleware *chain[2];
  RdxTestLog     log;
  Trace          trace;
  Mw             a;

  trace_init (&trace);
  mw_init (&a, "a", MODE_PASS, &trace);
  reducer = rdx_reducer_new (traced_reduce, &trace, NULL);
  good = mw_new (&a);

  rdx_test_log_begin (&log);
  assert_null ((rdx_store_new_with_middleware) (reducer, NULL, good, (RdxMiddleware *) tool, NULL));
  assert_int_equal (log.n_criticals, 1);
  assert_non_null (strstr (log.text->str, "Middleware 2 of the 2 given to make a store is not an "
                                          "RdxMiddleware"));
  assert_non_null (strstr (log.text->str, "rdx_journal_middleware_new (journal)"));

  rdx_test_log_clear (&log);
  chain[0] = good;
  chain[1] = NULL;
  assert_null (rdx_store_new_with_middlewarev (reducer, NULL, chain, 2));
  assert_int_equal (log.n_criticals, 1);
  rdx_test_log_end (&log);

  /* Nothing was made: no reducer ran, no hook. */
  assert_int_equal (trace.reducer_calls, 0);
  assert_int_equal (a.setups, 0);

  g_clear_pointer (&good, rdx_middleware_unref);
  assert_int_equal (a.destroyed, 1);
  trace_clear (&trace);
  mw_clear (&a);
}

/* A tool object's middleware: the object is its user data, without a
 * reference; once the object is gone, the middleware passes actions on
 * and its hooks do nothing. */
typedef struct
{
  gpointer seen; /* the user data the function and the hooks got */
  guint    calls;
  guint    hooks;
} ObjectUse;

static ObjectUse object_use;

static gboolean
object_cb (RdxStore        *store,
           RdxAction       *action,
           RdxDispatchNext *next,
           gpointer         user_data,
           GError         **error)
{
  object_use.seen = user_data;
  object_use.calls++;
  return rdx_dispatch_next (next, action, error);
}

static void
object_hook_cb (RdxStore *store, gpointer user_data)
{
  object_use.seen = user_data;
  object_use.hooks++;
}

static void
test_middleware_for_object (void **state)
{
  g_autoptr (RdxReducer) reducer = NULL;
  g_autoptr (RdxMiddleware) middleware = NULL;
  RdxStore *store;
  GObject  *object = g_object_new (G_TYPE_OBJECT, NULL);
  Trace     trace;

  memset (&object_use, 0, sizeof object_use);
  trace_init (&trace);
  reducer = rdx_reducer_new (traced_reduce, &trace, NULL);
  middleware = rdx_middleware_new_for_object (object_cb, object);
  rdx_middleware_set_hooks (middleware, object_hook_cb, object_hook_cb);
  assert_ptr_equal (rdx_middleware_get_user_data (middleware), object);

  store = rdx_store_new_with_middleware (reducer, NULL, middleware, NULL);
  assert_int_equal (object_use.hooks, 1);
  assert_true (dispatch_type (store, "inc", NULL));
  assert_int_equal (object_use.calls, 1);
  assert_ptr_equal (object_use.seen, object);

  /* The middleware did not keep the object. */
  g_object_unref (object);
  assert_null (rdx_middleware_get_user_data (middleware));
  assert_true (dispatch_type (store, "inc", NULL));
  assert_int_equal (object_use.calls, 1);
  assert_int_equal (store_count (store), 2);
  rdx_test_finalize (&store);
  assert_int_equal (object_use.hooks, 1);
  trace_clear (&trace);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    MIDDLEWARE_TEST (test_order),
    MIDDLEWARE_TEST (test_pass_through),
    MIDDLEWARE_TEST (test_pass_different_action),
    MIDDLEWARE_TEST (test_swallow),
    MIDDLEWARE_TEST (test_refuse),
    MIDDLEWARE_TEST (test_refuse_without_error),
    MIDDLEWARE_TEST (test_reducer_error_through_chain),
    MIDDLEWARE_TEST (test_dispatch_from_middleware),
    MIDDLEWARE_TEST (test_sequence_in_reducer_order),
    MIDDLEWARE_TEST (test_next_called_twice),
    MIDDLEWARE_TEST (test_setup_hook),
    MIDDLEWARE_TEST (test_teardown_hook),
    MIDDLEWARE_TEST (test_private_actions_bypass),
    MIDDLEWARE_TEST (test_private_types_refused),
    MIDDLEWARE_TEST (test_replace_state),
    MIDDLEWARE_TEST (test_reducer_replay),
    MIDDLEWARE_TEST (test_user_data_destroy),
    MIDDLEWARE_TEST (test_outcome_of_next),
    MIDDLEWARE_TEST (test_outcome_after_the_chain),
    MIDDLEWARE_TEST (test_outcome_nested),
    MIDDLEWARE_TEST (test_outcome_of_dispatch_from_notify),
    MIDDLEWARE_TEST (test_dispatch_from_outcome),
    MIDDLEWARE_TEST (test_outcome_of_replace),
    MIDDLEWARE_TEST (test_not_a_middleware),
    MIDDLEWARE_TEST (test_middleware_for_object),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests_name ("middleware", tests, NULL, NULL);
}
