/* test-bank-service.c: the simulated bank, deterministic under a seed and a
 * manual clock
 *
 * Each test ends with the service finalized and no value left alive.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <rdx.h>

#include "bank-service.h"
#include "rdx-test.h"
#include "rdx-value-private.h"

/* 2024-03-01 23:00:00 UTC: an hour before midnight, for the daily limit. */
#define START_TIME (G_GINT64_CONSTANT (1709334000) * G_USEC_PER_SEC)
#define MS         1000

#define BANK_TEST(f) \
  cmocka_unit_test_setup_teardown (f, rdx_test_record_live_count, rdx_test_check_live_count)

static void
finalize_service (BankService **service)
{
  gpointer weak = *service;

  g_object_add_weak_pointer (G_OBJECT (*service), &weak);
  g_clear_object (service);
  rdx_assert_finalized (weak);
}

/* Runs what is ready in the default main context (GTask callbacks). */
static void
drain (void)
{
  guint i;

  for (i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static RdxValue *
request_new (const char *from, const char *to, gint64 amount)
{
  return rdx_map_new_take ("from", rdx_value_new_string (from), "to", rdx_value_new_string (to),
                           "amount", rdx_value_new_int (amount), NULL);
}

/* Outcomes, in the order the callbacks ran */

typedef struct
{
  GString *log;
  guint    n_done;
  guint    n_ok;
  GArray  *codes; /* the error code of each failure, -1 for success */
} Outcomes;

typedef struct
{
  Outcomes *outcomes;
  guint     index;
  gint64    submitted;
} Call;

static void
outcomes_init (Outcomes *o)
{
  o->log = g_string_new (NULL);
  o->n_done = o->n_ok = 0;
  o->codes = g_array_new (FALSE, FALSE, sizeof (gint));
}

static void
outcomes_clear (Outcomes *o)
{
  g_string_free (o->log, TRUE);
  g_array_unref (o->codes);
}

static void
submit_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Call     *call = user_data;
  Outcomes *o = call->outcomes;
  g_autoptr (GError) error = NULL;
  g_autoptr (RdxValue) receipt = NULL;
  gint code = -1;

  receipt = bank_service_submit_finish (BANK_SERVICE (source), result, &error);
  if (receipt != NULL)
    {
      g_autofree char *json = rdx_value_to_json (receipt);

      assert_null (error);
      g_string_append_printf (o->log, "%u:%s\n", call->index, json);
      o->n_ok++;
    }
  else
    {
      assert_non_null (error);
      code = error->code;
      g_string_append_printf (o->log, "%u:%s/%d\n", call->index, g_quark_to_string (error->domain),
                              error->code);
    }
  g_array_append_val (o->codes, code);
  o->n_done++;
  g_free (call);
}

static void
submit (BankService  *service,
        BankOperation operation,
        RdxValue     *request,
        GCancellable *cancellable,
        Outcomes     *outcomes,
        guint         index)
{
  Call *call = g_new0 (Call, 1);

  call->outcomes = outcomes;
  call->index = index;
  call->submitted = bank_clock_get_time (bank_service_get_clock (service));
  bank_service_submit_async (service, operation, request, cancellable, submit_done_cb, call);
}

/* Submits a fixed mix of requests and settles them, stepping the clock by
 * uneven steps; returns the log of outcomes. */
static char *
run_scenario (guint32 seed)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (START_TIME);
  BankService *service = bank_service_new (clock, seed);
  Outcomes     outcomes;
  char        *log;
  guint        i;

  outcomes_init (&outcomes);
  bank_service_set_latency (service, 10, 400);
  bank_service_set_failure_rate (service, 0.3);
  bank_service_set_daily_limit (service, 50000);

  for (i = 0; i < 60; i++)
    {
      g_autoptr (RdxValue) request = request_new (
        i % 3 == 0 ? "acc-1" : "acc-2", i % 2 ? "acc-3" : "Utility Co.", 1000 + 97 * (gint64) i);

      submit (service, i % 2 ? BANK_OPERATION_TRANSFER : BANK_OPERATION_PAYMENT, request, NULL,
              &outcomes, i);
      if (i % 7 == 0)
        {
          bank_clock_advance (clock, 37);
          drain ();
        }
    }
  while (bank_service_get_n_in_flight (service) > 0)
    {
      bank_clock_advance (clock, 53);
      drain ();
    }
  drain ();
  assert_int_equal (outcomes.n_done, 60);

  finalize_service (&service);
  log = g_strdup (outcomes.log->str);
  outcomes_clear (&outcomes);
  return log;
}

static void
test_same_seed_same_outcomes (void **state)
{
  g_autofree char *first = run_scenario (42);
  g_autofree char *second = run_scenario (42);
  g_autofree char *other = run_scenario (43);

  assert_string_equal (first, second);
  assert_string_not_equal (first, other);
  /* The mix has successes and each kind of failure. */
  assert_non_null (strstr (first, "TX-"));
  assert_non_null (strstr (first, "PM-"));
  assert_non_null (strstr (first, "bank-service-error-quark/1")); /* unavailable */
  assert_non_null (strstr (first, "bank-service-error-quark/2")); /* limit */
}

static void
test_settles_after_latency (void **state)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (START_TIME);
  BankService *service = bank_service_new (clock, 7);
  Outcomes     outcomes;
  guint        i, step;

  outcomes_init (&outcomes);
  bank_service_set_latency (service, 100, 200);
  for (i = 0; i < 20; i++)
    {
      g_autoptr (RdxValue) request = request_new ("acc-1", "acc-2", 100);

      submit (service, BANK_OPERATION_TRANSFER, request, NULL, &outcomes, i);
    }

  /* Nothing settles before the clock moves, or before the least latency. */
  drain ();
  assert_int_equal (outcomes.n_done, 0);
  bank_clock_advance (clock, 99);
  drain ();
  assert_int_equal (outcomes.n_done, 0);
  assert_int_equal (bank_service_get_n_in_flight (service), 20);

  /* All of them by the greatest; each settled_at within the range. */
  for (step = 0; step < 101; step++)
    {
      bank_clock_advance (clock, 1);
      drain ();
    }
  assert_int_equal (outcomes.n_done, 20);
  assert_int_equal (outcomes.n_ok, 20);
  assert_int_equal (bank_service_get_n_in_flight (service), 0);
  assert_int_equal (bank_clock_get_n_scheduled (clock), 0);
  assert_int_equal (bank_service_get_spent_today (service, "acc-1"), 2000);

  outcomes_clear (&outcomes);
  finalize_service (&service);
}

static void
test_receipt (void **state)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (START_TIME);
  BankService *service = bank_service_new (clock, 1);
  g_autoptr (RdxValue) request = request_new ("acc-1", "acc-2", 250);
  Outcomes outcomes;

  outcomes_init (&outcomes);
  bank_service_set_latency (service, 30, 30);
  submit (service, BANK_OPERATION_TRANSFER, request, NULL, &outcomes, 0);
  submit (service, BANK_OPERATION_PAYMENT, request, NULL, &outcomes, 1);
  bank_clock_advance (clock, 30);
  drain ();

  assert_int_equal (outcomes.n_ok, 2);
  {
    g_autofree char *expected =
      g_strdup_printf ("0:{\"confirmation\":\"TX-000001\",\"settled_at\":%" G_GINT64_FORMAT "}\n"
                       "1:{\"confirmation\":\"PM-000002\",\"settled_at\":%" G_GINT64_FORMAT "}\n",
                       START_TIME + 30 * MS, START_TIME + 30 * MS);

    assert_string_equal (outcomes.log->str, expected);
  }

  outcomes_clear (&outcomes);
  finalize_service (&service);
}

static void
test_failure_rate (void **state)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (START_TIME);
  BankService *service = bank_service_new (clock, 2024);
  g_autoptr (RdxValue) request = request_new ("acc-1", "acc-2", 1);
  Outcomes outcomes;
  guint    i, n = 1000, n_unavailable = 0;

  outcomes_init (&outcomes);
  bank_service_set_latency (service, 1, 1);

  /* Rate 0: none fails; rate 1: all fail; 0.25: about a quarter. */
  bank_service_set_failure_rate (service, 0.0);
  for (i = 0; i < 10; i++)
    submit (service, BANK_OPERATION_TRANSFER, request, NULL, &outcomes, i);
  bank_service_set_failure_rate (service, 1.0);
  for (i = 0; i < 10; i++)
    submit (service, BANK_OPERATION_TRANSFER, request, NULL, &outcomes, 10 + i);
  bank_clock_advance (clock, 1);
  drain ();
  assert_int_equal (outcomes.n_ok, 10);
  for (i = 0; i < 20; i++)
    assert_int_equal (g_array_index (outcomes.codes, gint, i),
                      i < 10 ? -1 : BANK_SERVICE_ERROR_UNAVAILABLE);

  g_array_set_size (outcomes.codes, 0);
  bank_service_set_failure_rate (service, 0.25);
  for (i = 0; i < n; i++)
    submit (service, BANK_OPERATION_PAYMENT, request, NULL, &outcomes, i);
  bank_clock_advance (clock, 1);
  drain ();
  for (i = 0; i < n; i++)
    n_unavailable += g_array_index (outcomes.codes, gint, i) == BANK_SERVICE_ERROR_UNAVAILABLE;
  assert_in_range (n_unavailable, 180, 320);

  outcomes_clear (&outcomes);
  finalize_service (&service);
}

static void
test_daily_limit (void **state)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (START_TIME);
  BankService *service = bank_service_new (clock, 3);
  g_autoptr (RdxValue) sixty = request_new ("acc-1", "acc-2", 6000);
  g_autoptr (RdxValue) fifty = request_new ("acc-1", "Grocer", 5000);
  g_autoptr (RdxValue) other = request_new ("acc-2", "acc-1", 9000);
  Outcomes outcomes;

  outcomes_init (&outcomes);
  bank_service_set_latency (service, 10, 10);
  bank_service_set_daily_limit (service, 10000);

  /* 60 + 50 > 100: the second fails, and does not count; other accounts
   * have their own limit. */
  submit (service, BANK_OPERATION_TRANSFER, sixty, NULL, &outcomes, 0);
  submit (service, BANK_OPERATION_PAYMENT, fifty, NULL, &outcomes, 1);
  submit (service, BANK_OPERATION_TRANSFER, other, NULL, &outcomes, 2);
  bank_clock_advance (clock, 10);
  drain ();
  assert_int_equal (outcomes.n_done, 3);
  assert_int_equal (g_array_index (outcomes.codes, gint, 0), -1);
  assert_int_equal (g_array_index (outcomes.codes, gint, 1), BANK_SERVICE_ERROR_LIMIT_EXCEEDED);
  assert_int_equal (g_array_index (outcomes.codes, gint, 2), -1);
  assert_int_equal (bank_service_get_spent_today (service, "acc-1"), 6000);

  /* Past midnight (UTC, by the service's clock), the limit starts over. */
  bank_clock_advance (clock, 60 * 60 * 1000);
  assert_int_equal (bank_service_get_spent_today (service, "acc-1"), 0);
  submit (service, BANK_OPERATION_PAYMENT, fifty, NULL, &outcomes, 3);
  bank_clock_advance (clock, 10);
  drain ();
  assert_int_equal (g_array_index (outcomes.codes, gint, 3), -1);
  assert_int_equal (bank_service_get_spent_today (service, "acc-1"), 5000);

  outcomes_clear (&outcomes);
  finalize_service (&service);
}

static void
test_cancel (void **state)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (START_TIME);
  BankService *service = bank_service_new (clock, 5);
  g_autoptr (RdxValue) request = request_new ("acc-1", "acc-2", 700);
  g_autoptr (GCancellable) early = g_cancellable_new ();
  g_autoptr (GCancellable) racing = g_cancellable_new ();
  g_autoptr (GCancellable) late = g_cancellable_new ();
  Outcomes outcomes;

  outcomes_init (&outcomes);
  bank_service_set_latency (service, 50, 50);

  submit (service, BANK_OPERATION_TRANSFER, request, early, &outcomes, 0);
  submit (service, BANK_OPERATION_TRANSFER, request, racing, &outcomes, 1);
  submit (service, BANK_OPERATION_TRANSFER, request, late, &outcomes, 2);

  /* Cancelled and seen by the main loop before it settles. */
  g_cancellable_cancel (early);
  drain ();
  assert_int_equal (outcomes.n_done, 1);
  assert_int_equal (bank_service_get_n_in_flight (service), 2);

  /* Cancelled, then the clock reaches it before the main loop runs. */
  g_cancellable_cancel (racing);
  bank_clock_advance (clock, 50);
  drain ();
  assert_int_equal (outcomes.n_done, 3);

  /* Cancelling after it settled changes nothing. */
  g_cancellable_cancel (late);
  drain ();
  assert_true (g_str_has_prefix (outcomes.log->str, "0:g-io-error-quark/19\n"
                                                    "1:g-io-error-quark/19\n"
                                                    "2:{\"confirmation\":\"TX-000001\""));
  assert_int_equal (g_array_index (outcomes.codes, gint, 2), -1);
  /* Only the one that settled counts. */
  assert_int_equal (bank_service_get_spent_today (service, "acc-1"), 700);
  assert_int_equal (bank_service_get_n_in_flight (service), 0);
  assert_int_equal (bank_clock_get_n_scheduled (clock), 0);

  outcomes_clear (&outcomes);
  finalize_service (&service);
}

static void
test_invalid_request (void **state)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (START_TIME);
  BankService *service = bank_service_new (clock, 5);
  g_autoptr (RdxValue) no_from =
    rdx_map_new_take ("to", rdx_value_new_string ("acc-2"), "amount", rdx_value_new_int (1), NULL);
  g_autoptr (RdxValue) negative = request_new ("acc-1", "acc-2", -5);
  g_autoptr (RdxValue) fractional =
    rdx_map_new_take ("from", rdx_value_new_string ("acc-1"), "to", rdx_value_new_string ("acc-2"),
                      "amount", rdx_value_new_double (1.5), NULL);
  g_autoptr (RdxValue) not_a_map = rdx_value_new_string ("pay me");
  Outcomes outcomes;
  guint    i;

  outcomes_init (&outcomes);
  submit (service, BANK_OPERATION_TRANSFER, no_from, NULL, &outcomes, 0);
  submit (service, BANK_OPERATION_TRANSFER, negative, NULL, &outcomes, 1);
  submit (service, BANK_OPERATION_TRANSFER, fractional, NULL, &outcomes, 2);
  submit (service, BANK_OPERATION_PAYMENT, not_a_map, NULL, &outcomes, 3);
  submit (service, BANK_OPERATION_PAYMENT, NULL, NULL, &outcomes, 4);

  /* At once: no clock needed. */
  drain ();
  assert_int_equal (outcomes.n_done, 5);
  for (i = 0; i < 5; i++)
    assert_int_equal (g_array_index (outcomes.codes, gint, i), BANK_SERVICE_ERROR_INVALID);
  assert_int_equal (bank_service_get_n_in_flight (service), 0);

  outcomes_clear (&outcomes);
  finalize_service (&service);
}

static gboolean
no_blocked_payees_cb (BankService  *service,
                      BankOperation operation,
                      RdxValue     *request,
                      gint64        now,
                      gpointer      user_data,
                      GError      **error)
{
  const char *blocked = user_data;

  if (operation == BANK_OPERATION_PAYMENT &&
      g_str_equal (rdx_value_get_string (rdx_map_get (request, "to")), blocked))
    {
      g_set_error (error, BANK_SERVICE_ERROR, BANK_SERVICE_ERROR_DECLINED,
                   "Payments to %s are blocked.", blocked);
      return FALSE;
    }
  return TRUE;
}

static void
test_rule (void **state)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (START_TIME);
  BankService *service = bank_service_new (clock, 5);
  g_autoptr (RdxValue) blocked = request_new ("acc-1", "Shady Ltd", 100);
  g_autoptr (RdxValue) fine = request_new ("acc-1", "Grocer", 100);
  Outcomes outcomes;

  outcomes_init (&outcomes);
  bank_service_set_latency (service, 5, 5);
  bank_service_add_rule (service, no_blocked_payees_cb, g_strdup ("Shady Ltd"), g_free);
  submit (service, BANK_OPERATION_PAYMENT, blocked, NULL, &outcomes, 0);
  submit (service, BANK_OPERATION_PAYMENT, fine, NULL, &outcomes, 1);
  submit (service, BANK_OPERATION_TRANSFER, blocked, NULL, &outcomes, 2);
  bank_clock_advance (clock, 5);
  drain ();

  assert_int_equal (g_array_index (outcomes.codes, gint, 0), BANK_SERVICE_ERROR_DECLINED);
  assert_int_equal (g_array_index (outcomes.codes, gint, 1), -1);
  assert_int_equal (g_array_index (outcomes.codes, gint, 2), -1);

  outcomes_clear (&outcomes);
  finalize_service (&service);
}

static void
test_system_clock (void **state)
{
  g_autoptr (BankClock) clock = bank_clock_new_system ();
  BankService *service = bank_service_new (clock, 9);
  g_autoptr (RdxValue) request = request_new ("acc-1", "acc-2", 100);
  Outcomes outcomes;
  gint64   before = g_get_real_time ();

  outcomes_init (&outcomes);
  assert_false (bank_clock_is_manual (clock));
  assert_true (bank_clock_get_time (clock) >= before);
  bank_service_set_latency (service, 1, 3);
  submit (service, BANK_OPERATION_TRANSFER, request, NULL, &outcomes, 0);
  submit (service, BANK_OPERATION_TRANSFER, request, NULL, &outcomes, 1);

  assert_true (rdx_test_iterate_until (outcomes.n_done == 2, 5000));
  assert_int_equal (outcomes.n_ok, 2);

  outcomes_clear (&outcomes);
  finalize_service (&service);
}

/* BankClock on its own */

static void
append_cb (gpointer user_data)
{
  GString *order = user_data;

  g_string_append_c (order, 'x');
}

typedef struct
{
  GString   *order;
  BankClock *clock;
  char       name;
} Mark;

static void
mark_cb (gpointer user_data)
{
  Mark *mark = user_data;

  g_string_append_printf (mark->order, "%c@%" G_GINT64_FORMAT " ", mark->name,
                          (bank_clock_get_time (mark->clock) - START_TIME) / MS);
  /* A timer scheduled from a timer runs in the same advance if due. */
  if (mark->name == 'a')
    {
      Mark *chained = g_new (Mark, 1);

      *chained = *mark;
      chained->name = 'z';
      bank_clock_schedule (mark->clock, 5, mark_cb, chained, g_free);
    }
}

static void
test_manual_clock (void **state)
{
  g_autoptr (BankClock) clock = bank_clock_new_manual (START_TIME);
  g_autoptr (GString) order = g_string_new (NULL);
  Mark  a = { order, clock, 'a' }, b = { order, clock, 'b' }, c = { order, clock, 'c' };
  Mark  d = { order, clock, 'd' };
  guint cancelled;

  assert_true (bank_clock_is_manual (clock));
  assert_int_equal (bank_clock_get_next_due (clock), -1);

  bank_clock_schedule (clock, 20, mark_cb, g_memdup2 (&c, sizeof c), g_free);
  bank_clock_schedule (clock, 10, mark_cb, g_memdup2 (&a, sizeof a), g_free);
  bank_clock_schedule (clock, 20, mark_cb, g_memdup2 (&d, sizeof d), g_free);
  cancelled = bank_clock_schedule (clock, 15, append_cb, order, NULL);
  bank_clock_schedule (clock, 100, mark_cb, g_memdup2 (&b, sizeof b), g_free);
  assert_int_equal (bank_clock_get_n_scheduled (clock), 5);
  assert_true (bank_clock_get_next_due (clock) == START_TIME + 10 * MS);

  bank_clock_cancel (clock, cancelled);
  bank_clock_cancel (clock, cancelled);
  bank_clock_advance (clock, 50);
  /* Due order, ties in scheduling order, the clock at each due time. */
  assert_string_equal (order->str, "a@10 z@15 c@20 d@20 ");
  assert_true (bank_clock_get_time (clock) == START_TIME + 50 * MS);
  assert_int_equal (bank_clock_get_n_scheduled (clock), 1);
  /* Unref drops what is left without running it (b's copy is freed). */
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    BANK_TEST (test_same_seed_same_outcomes),
    BANK_TEST (test_settles_after_latency),
    BANK_TEST (test_receipt),
    BANK_TEST (test_failure_rate),
    BANK_TEST (test_daily_limit),
    BANK_TEST (test_cancel),
    BANK_TEST (test_invalid_request),
    BANK_TEST (test_rule),
    BANK_TEST (test_system_clock),
    BANK_TEST (test_manual_clock),
  };

  rdx_value_set_counting_for_testing (TRUE);
  return cmocka_run_group_tests (tests, NULL, NULL);
}
