/* bank-service.c: the simulated bank that settles transfers and payments
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-service.h"

/* BankClock */

typedef struct
{
  BankClock     *clock; /* borrowed */
  guint          id;
  gint64         due;
  BankClockFunc  func;
  gpointer       user_data;
  GDestroyNotify destroy;
  GSequenceIter *position; /* manual clocks */
  GSource       *source;   /* the system clock */
} Timer;

struct _BankClock
{
  gatomicrefcount ref_count;
  gboolean        manual;
  gint64          now;       /* manual clocks */
  gboolean        advancing; /* manual clocks */
  GSequence      *queue;     /* manual clocks: Timer, by due time then id */
  GMainContext   *context;   /* the system clock's timers run there */
  GHashTable     *timers;    /* id → Timer, owned */
  guint           last_id;
};

G_DEFINE_BOXED_TYPE (BankClock, bank_clock, bank_clock_ref, bank_clock_unref)

static void
timer_free (gpointer data)
{
  Timer *timer = data;

  if (timer->source != NULL)
    {
      g_source_destroy (timer->source);
      g_source_unref (timer->source);
    }
  if (timer->destroy != NULL)
    timer->destroy (timer->user_data);
  g_free (timer);
}

static BankClock *
clock_new (gboolean manual)
{
  BankClock *self = g_new0 (BankClock, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->manual = manual;
  self->queue = g_sequence_new (NULL);
  self->context = g_main_context_ref_thread_default ();
  self->timers = g_hash_table_new_full (NULL, NULL, NULL, timer_free);
  return self;
}

/**
 * bank_clock_new_system:
 *
 * A clock that reads the system's wall clock and runs its timers as
 * sources of the thread-default main context of the caller.
 *
 * Returns: (transfer full): a new clock
 */
BankClock *
bank_clock_new_system (void)
{
  return clock_new (FALSE);
}

/**
 * bank_clock_new_manual:
 * @start_time: the time it starts at, in microseconds since the Unix epoch
 *
 * A clock that stands still until bank_clock_advance() moves it, which runs
 * the timers that fall due, in order.
 *
 * Returns: (transfer full): a new clock
 */
BankClock *
bank_clock_new_manual (gint64 start_time)
{
  BankClock *self = clock_new (TRUE);

  self->now = start_time;
  return self;
}

/**
 * bank_clock_ref:
 * @self: a clock
 *
 * Returns: (transfer full): @self
 */
BankClock *
bank_clock_ref (BankClock *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * bank_clock_unref:
 * @self: (transfer full): a clock
 *
 * Drops a reference; the last one drops the timers without running them.
 */
void
bank_clock_unref (BankClock *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->timers);
  g_sequence_free (self->queue);
  g_main_context_unref (self->context);
  g_free (self);
}

/**
 * bank_clock_is_manual:
 * @self: a clock
 *
 * Returns: whether @self moves only with bank_clock_advance()
 */
gboolean
bank_clock_is_manual (BankClock *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->manual;
}

/**
 * bank_clock_get_time:
 * @self: a clock
 *
 * Returns: the time, in microseconds since the Unix epoch
 */
gint64
bank_clock_get_time (BankClock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->manual ? self->now : g_get_real_time ();
}

static gint
compare_timers (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Timer *ta = a, *tb = b;

  if (ta->due != tb->due)
    return ta->due < tb->due ? -1 : 1;
  return ta->id < tb->id ? -1 : ta->id > tb->id;
}

static gboolean
system_timer_cb (gpointer user_data)
{
  Timer     *timer = user_data;
  BankClock *self = timer->clock;

  /* Out of the table first, so the callback may cancel or schedule. */
  g_hash_table_steal (self->timers, GUINT_TO_POINTER (timer->id));
  g_clear_pointer (&timer->source, g_source_unref);
  timer->func (timer->user_data);
  timer_free (timer);
  return G_SOURCE_REMOVE;
}

/**
 * bank_clock_schedule:
 * @self: a clock
 * @delay_ms: how long from now, in milliseconds
 * @func: called once, @delay_ms from now
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data after @func ran or the timer was
 *   cancelled
 *
 * Returns: an id for bank_clock_cancel()
 */
guint
bank_clock_schedule (BankClock     *self,
                     guint          delay_ms,
                     BankClockFunc  func,
                     gpointer       user_data,
                     GDestroyNotify destroy)
{
  Timer *timer;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  timer = g_new0 (Timer, 1);
  timer->clock = self;
  timer->id = ++self->last_id;
  timer->due = bank_clock_get_time (self) + (gint64) delay_ms * 1000;
  timer->func = func;
  timer->user_data = user_data;
  timer->destroy = destroy;
  g_hash_table_insert (self->timers, GUINT_TO_POINTER (timer->id), timer);

  if (self->manual)
    timer->position = g_sequence_insert_sorted (self->queue, timer, compare_timers, NULL);
  else
    {
      timer->source = g_timeout_source_new (delay_ms);
      g_source_set_name (timer->source, "[bank] clock timer");
      g_source_set_callback (timer->source, system_timer_cb, timer, NULL);
      g_source_attach (timer->source, self->context);
    }
  return timer->id;
}

/**
 * bank_clock_cancel:
 * @self: a clock
 * @id: an id from bank_clock_schedule()
 *
 * Cancels a timer that has not run yet; cancelling one that ran or was
 * cancelled does nothing.
 */
void
bank_clock_cancel (BankClock *self, guint id)
{
  Timer *timer;

  g_return_if_fail (self != NULL);

  timer = g_hash_table_lookup (self->timers, GUINT_TO_POINTER (id));
  if (timer == NULL)
    return;
  if (timer->position != NULL)
    g_sequence_remove (timer->position);
  g_hash_table_remove (self->timers, GUINT_TO_POINTER (id));
}

/**
 * bank_clock_get_n_scheduled:
 * @self: a clock
 *
 * Returns: how many timers wait to run
 */
guint
bank_clock_get_n_scheduled (BankClock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->timers);
}

/**
 * bank_clock_get_next_due:
 * @self: a manual clock
 *
 * Returns: when the next timer is due (microseconds since the Unix epoch),
 *   or -1 when none waits
 */
gint64
bank_clock_get_next_due (BankClock *self)
{
  GSequenceIter *first;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (self->manual, -1);

  first = g_sequence_get_begin_iter (self->queue);
  return g_sequence_iter_is_end (first) ? -1 : ((Timer *) g_sequence_get (first))->due;
}

/**
 * bank_clock_advance:
 * @self: a manual clock
 * @delta_ms: how far to move, in milliseconds
 *
 * Moves the clock forward, running every timer that falls due on the way,
 * in order of due time (then of scheduling), each with the clock showing
 * its due time. Timers they schedule run too if they fall due in time.
 */
void
bank_clock_advance (BankClock *self, guint delta_ms)
{
  gint64 target;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->manual);
  g_return_if_fail (!self->advancing);

  target = self->now + (gint64) delta_ms * 1000;
  self->advancing = TRUE;
  for (;;)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->queue);
      Timer         *timer;

      if (g_sequence_iter_is_end (first))
        break;
      timer = g_sequence_get (first);
      if (timer->due > target)
        break;

      g_sequence_remove (first);
      timer->position = NULL;
      g_hash_table_steal (self->timers, GUINT_TO_POINTER (timer->id));
      self->now = MAX (self->now, timer->due);
      timer->func (timer->user_data);
      timer_free (timer);
    }
  self->now = target;
  self->advancing = FALSE;
}

/* BankService */

typedef struct
{
  BankServiceRuleFunc func;
  gpointer            user_data;
  GDestroyNotify      destroy;
} Rule;

typedef struct
{
  gint64 day;
  gint64 spent;
} Spent;

/* One request in flight, the data of its GTask. */
typedef struct
{
  BankOperation operation;
  RdxValue     *request;
  gint64        amount;
  gboolean      unlucky; /* drawn at submission: fails as unavailable */
  guint         timer_id;
  GSource      *cancel_source;
  gboolean      done;
} Request;

/**
 * BankService:
 *
 * A pretend bank: it settles transfers and payments after a latency, and
 * fails some of them, by chance (a failure rate) or by rule (a daily limit
 * per account, rules of the app's own). It is app code and impure by
 * nature, so it lives outside reducers: an effect calls it, and its outcome
 * comes back to the store as actions. Everything that varies comes from
 * the injected #BankClock and the random seed, so a manual clock and a
 * fixed seed make every run the same.
 *
 * Each request draws its latency and its chance of failure from the seeded
 * generator when it is submitted, so the outcomes depend only on the seed,
 * the order of submission and the clock. Rules, the daily limit and the
 * failure are checked, in that order, when the request settles. Use a
 * service from the thread that made it; callbacks run in its thread-default
 * main context.
 */
struct _BankService
{
  GObject parent_instance;

  BankClock    *clock;
  GMainContext *context;
  GRand        *rand;
  guint         min_latency;
  guint         max_latency;
  double        failure_rate;
  gint64        daily_limit;
  GHashTable   *spent; /* account → Spent */
  GPtrArray    *rules; /* of Rule */
  guint64       last_confirmation;
  guint         n_in_flight;
};

G_DEFINE_FINAL_TYPE (BankService, bank_service, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (bank-service-error-quark, bank_service_error)
/* clang-format on */

#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static void
rule_free (gpointer data)
{
  Rule *rule = data;

  if (rule->destroy != NULL)
    rule->destroy (rule->user_data);
  g_free (rule);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_source_unref (request->cancel_source);
    }
  rdx_value_unref (request->request);
  g_free (request);
}

static void
bank_service_finalize (GObject *object)
{
  BankService *self = BANK_SERVICE (object);

  g_ptr_array_unref (self->rules);
  g_hash_table_unref (self->spent);
  g_rand_free (self->rand);
  g_main_context_unref (self->context);
  bank_clock_unref (self->clock);

  G_OBJECT_CLASS (bank_service_parent_class)->finalize (object);
}

static void
bank_service_class_init (BankServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bank_service_finalize;
}

static void
bank_service_init (BankService *self)
{
  self->spent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rules = g_ptr_array_new_with_free_func (rule_free);
  self->min_latency = 500;
  self->max_latency = 2000;
}

/**
 * bank_service_new:
 * @clock: the clock to read and schedule on
 * @seed: the seed of the random generator
 *
 * Makes a bank that settles after 500 to 2000 ms, never fails by chance
 * and has no daily limit, until told otherwise.
 *
 * Returns: (transfer full): a new service
 */
BankService *
bank_service_new (BankClock *clock, guint32 seed)
{
  BankService *self;

  g_return_val_if_fail (clock != NULL, NULL);

  self = g_object_new (BANK_TYPE_SERVICE, NULL);
  self->clock = bank_clock_ref (clock);
  self->context = g_main_context_ref_thread_default ();
  self->rand = g_rand_new_with_seed (seed);
  return self;
}

/**
 * bank_service_get_clock:
 * @self: a service
 *
 * Returns: (transfer none): its clock
 */
BankClock *
bank_service_get_clock (BankService *self)
{
  g_return_val_if_fail (BANK_IS_SERVICE (self), NULL);

  return self->clock;
}

/**
 * bank_service_set_latency:
 * @self: a service
 * @min_ms: the shortest time to settle
 * @max_ms: the longest (at least @min_ms)
 *
 * Each request settles after a time drawn evenly from [@min_ms, @max_ms].
 */
void
bank_service_set_latency (BankService *self, guint min_ms, guint max_ms)
{
  g_return_if_fail (BANK_IS_SERVICE (self));
  g_return_if_fail (min_ms <= max_ms);
  g_return_if_fail (max_ms < G_MAXINT32);

  self->min_latency = min_ms;
  self->max_latency = max_ms;
}

/**
 * bank_service_set_failure_rate:
 * @self: a service
 * @probability: the chance, from 0 to 1, that a request fails with
 *   %BANK_SERVICE_ERROR_UNAVAILABLE
 */
void
bank_service_set_failure_rate (BankService *self, double probability)
{
  g_return_if_fail (BANK_IS_SERVICE (self));
  g_return_if_fail (probability >= 0.0 && probability <= 1.0);

  self->failure_rate = probability;
}

/**
 * bank_service_set_daily_limit:
 * @self: a service
 * @limit: the most, in cents, an account may send per day (UTC, by the
 *   service's clock), transfers and payments together; 0 for no limit
 *
 * A request that would take its `from` account over @limit fails with
 * %BANK_SERVICE_ERROR_LIMIT_EXCEEDED, and does not count.
 */
void
bank_service_set_daily_limit (BankService *self, gint64 limit)
{
  g_return_if_fail (BANK_IS_SERVICE (self));
  g_return_if_fail (limit >= 0);

  self->daily_limit = limit;
}

/**
 * bank_service_add_rule:
 * @self: a service
 * @func: decides whether a request may settle
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the service
 *
 * Adds a rule, applied when requests settle, before the daily limit.
 */
void
bank_service_add_rule (BankService        *self,
                       BankServiceRuleFunc func,
                       gpointer            user_data,
                       GDestroyNotify      destroy)
{
  Rule *rule;

  g_return_if_fail (BANK_IS_SERVICE (self));
  g_return_if_fail (func != NULL);

  rule = g_new0 (Rule, 1);
  rule->func = func;
  rule->user_data = user_data;
  rule->destroy = destroy;
  g_ptr_array_add (self->rules, rule);
}

static Spent *
spent_for (BankService *self, const char *account, gint64 now)
{
  Spent *spent = g_hash_table_lookup (self->spent, account);
  gint64 day = now / USEC_PER_DAY;

  if (spent == NULL)
    {
      spent = g_new0 (Spent, 1);
      g_hash_table_insert (self->spent, g_strdup (account), spent);
    }
  if (spent->day != day)
    {
      spent->day = day;
      spent->spent = 0;
    }
  return spent;
}

/**
 * bank_service_get_spent_today:
 * @self: a service
 * @account: an account id
 *
 * Returns: the cents @account sent today (by the service's clock), counting
 *   only settled requests
 */
gint64
bank_service_get_spent_today (BankService *self, const char *account)
{
  g_return_val_if_fail (BANK_IS_SERVICE (self), 0);
  g_return_val_if_fail (account != NULL, 0);

  return spent_for (self, account, bank_clock_get_time (self->clock))->spent;
}

/**
 * bank_service_get_n_in_flight:
 * @self: a service
 *
 * Returns: how many requests are submitted and not yet settled, failed or
 *   cancelled
 */
guint
bank_service_get_n_in_flight (BankService *self)
{
  g_return_val_if_fail (BANK_IS_SERVICE (self), 0);

  return self->n_in_flight;
}

/**
 * bank_operation_to_string:
 * @operation: an operation
 *
 * Returns: "transfer" or "payment"
 */
const char *
bank_operation_to_string (BankOperation operation)
{
  return operation == BANK_OPERATION_PAYMENT ? "payment" : "transfer";
}

static const char *
get_string (RdxValue *map, const char *key)
{
  RdxValue *value = rdx_map_get (map, key);

  if (value == NULL || !rdx_value_is_string (value) || *rdx_value_get_string (value) == '\0')
    return NULL;
  return rdx_value_get_string (value);
}

static gboolean
validate (RdxValue *request, gint64 *amount, GError **error)
{
  RdxValue *value;

  if (request == NULL || !rdx_value_is_map (request))
    {
      g_set_error_literal (error, BANK_SERVICE_ERROR, BANK_SERVICE_ERROR_INVALID,
                           "A bank request is a map with \"from\", \"to\" and \"amount\".");
      return FALSE;
    }
  if (get_string (request, "from") == NULL || get_string (request, "to") == NULL)
    {
      g_set_error_literal (error, BANK_SERVICE_ERROR, BANK_SERVICE_ERROR_INVALID,
                           "The request names no \"from\" account or no \"to\" account.");
      return FALSE;
    }
  value = rdx_map_get (request, "amount");
  if (value == NULL || !rdx_value_is_int (value) || rdx_value_get_int (value) <= 0)
    {
      g_set_error_literal (error, BANK_SERVICE_ERROR, BANK_SERVICE_ERROR_INVALID,
                           "The amount must be a positive whole number of cents.");
      return FALSE;
    }
  *amount = rdx_value_get_int (value);
  return TRUE;
}

/* Ends a request: it leaves the flight, its timer and cancel watch go. */
static gboolean
request_end (BankService *self, Request *request)
{
  if (request->done)
    return FALSE;
  request->done = TRUE;
  self->n_in_flight--;
  bank_clock_cancel (self->clock, request->timer_id);
  request->timer_id = 0;
  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_clear_pointer (&request->cancel_source, g_source_unref);
    }
  return TRUE;
}

static RdxValue *
settle (BankService *self, Request *request, GError **error)
{
  const char *from = get_string (request->request, "from");
  gint64      now = bank_clock_get_time (self->clock);
  Spent      *spent;
  guint       i;

  for (i = 0; i < self->rules->len; i++)
    {
      Rule   *rule = self->rules->pdata[i];
      GError *local_error = NULL;

      if (!rule->func (self, request->operation, request->request, now, rule->user_data,
                       &local_error))
        {
          if (local_error == NULL)
            local_error = g_error_new (BANK_SERVICE_ERROR, BANK_SERVICE_ERROR_DECLINED,
                                       "The bank declined the %s.",
                                       bank_operation_to_string (request->operation));
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  spent = spent_for (self, from, now);
  if (self->daily_limit > 0 && request->amount > self->daily_limit - spent->spent)
    {
      g_set_error (error, BANK_SERVICE_ERROR, BANK_SERVICE_ERROR_LIMIT_EXCEEDED,
                   "The %s of %" G_GINT64_FORMAT ".%02d would take %s over its daily limit of "
                   "%" G_GINT64_FORMAT ".%02d (%" G_GINT64_FORMAT ".%02d sent today).",
                   bank_operation_to_string (request->operation), request->amount / 100,
                   (int) (request->amount % 100), from, self->daily_limit / 100,
                   (int) (self->daily_limit % 100), spent->spent / 100, (int) (spent->spent % 100));
      return NULL;
    }

  if (request->unlucky)
    {
      g_set_error (error, BANK_SERVICE_ERROR, BANK_SERVICE_ERROR_UNAVAILABLE,
                   "The bank could not process the %s right now. Try again later.",
                   bank_operation_to_string (request->operation));
      return NULL;
    }

  spent->spent += request->amount;
  return rdx_map_new_take (
    "confirmation",
    rdx_value_new_printf ("%s-%06" G_GUINT64_FORMAT,
                          request->operation == BANK_OPERATION_PAYMENT ? "PM" : "TX",
                          ++self->last_confirmation),
    "settled_at", rdx_value_new_int (now), NULL);
}

static void
settle_cb (gpointer user_data)
{
  GTask       *task = user_data;
  BankService *self = g_task_get_source_object (task);
  Request     *request = g_task_get_task_data (task);
  GError      *error = NULL;
  RdxValue    *result;

  request->timer_id = 0; /* it is running */
  if (!request_end (self, request))
    return;
  if (g_task_return_error_if_cancelled (task))
    return;

  result = settle (self, request, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) rdx_value_unref);
  else
    g_task_return_error (task, error);
}

static gboolean
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  GTask       *task = user_data;
  BankService *self = g_task_get_source_object (task);
  Request     *request = g_task_get_task_data (task);

  g_clear_pointer (&request->cancel_source, g_source_unref);
  if (request_end (self, request))
    g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

/**
 * bank_service_submit_async:
 * @self: a service
 * @operation: a transfer or a payment
 * @request: a map: `from` (an account id), `to` (an account id, or a payee
 *   for a payment), `amount` (a positive number of cents); other entries
 *   are ignored
 * @cancellable: (nullable): cancels the request if it has not settled
 * @callback: called when it settled, failed or was cancelled
 * @user_data: data for @callback
 *
 * Asks the bank to carry out @operation. A malformed request fails at once
 * with %BANK_SERVICE_ERROR_INVALID; the others settle or fail after their
 * latency. A cancelled request never settles (and does not count towards
 * the daily limit).
 */
void
bank_service_submit_async (BankService        *self,
                           BankOperation       operation,
                           RdxValue           *request,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  Request *data;
  gint64   amount = 0;
  guint    latency;

  g_return_if_fail (BANK_IS_SERVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bank_service_submit_async);
  g_task_set_name (task, "[bank] submit");

  if (!validate (request, &amount, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (Request, 1);
  data->operation = operation;
  data->request = rdx_value_ref (request);
  data->amount = amount;
  latency =
    self->min_latency +
    (guint) g_rand_int_range (self->rand, 0, (gint32) (self->max_latency - self->min_latency + 1));
  data->unlucky = g_rand_double (self->rand) < self->failure_rate;
  g_task_set_task_data (task, data, request_free);

  self->n_in_flight++;
  data->timer_id =
    bank_clock_schedule (self->clock, latency, settle_cb, g_object_ref (task), g_object_unref);
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, (GSourceFunc) (void (*) (void)) cancelled_cb,
                             g_object_ref (task), g_object_unref);
      g_source_attach (data->cancel_source, self->context);
    }
}

/**
 * bank_service_submit_finish:
 * @self: a service
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the receipt, a map with `confirmation` (a
 *   string such as "TX-000001") and `settled_at` (microseconds since the
 *   Unix epoch, by the service's clock); or %NULL with @error set
 */
RdxValue *
bank_service_submit_finish (BankService *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (BANK_IS_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, bank_service_submit_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
