/* bank-service.h: the simulated bank that settles transfers and payments
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <rdx-core.h>

G_BEGIN_DECLS

/* BankClock: the time the service lives in */

/**
 * BankClock:
 *
 * The clock the bank service reads and schedules on: the system clock for
 * the app, or a manual clock that moves only when told to, so tests and
 * examples are deterministic. Use it from one thread.
 */
typedef struct _BankClock BankClock;

/**
 * BankClockFunc:
 * @user_data: the data given to bank_clock_schedule()
 *
 * Called once when a scheduled time is reached.
 */
typedef void (*BankClockFunc) (gpointer user_data);

/* clang-format off */
#define BANK_TYPE_CLOCK (bank_clock_get_type ())
GType bank_clock_get_type (void) G_GNUC_CONST;

BankClock *bank_clock_new_system (void);
BankClock *bank_clock_new_manual (gint64 start_time);
BankClock *bank_clock_ref (BankClock *self);
void       bank_clock_unref (BankClock *self);
gboolean   bank_clock_is_manual (BankClock *self);
gint64     bank_clock_get_time (BankClock *self);
guint      bank_clock_schedule (BankClock     *self,
                                guint          delay_ms,
                                BankClockFunc  func,
                                gpointer       user_data,
                                GDestroyNotify destroy);
void       bank_clock_cancel (BankClock *self,
                              guint      id);
guint      bank_clock_get_n_scheduled (BankClock *self);
gint64     bank_clock_get_next_due (BankClock *self);
void       bank_clock_advance (BankClock *self,
                               guint      delta_ms);
/* clang-format on */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BankClock, bank_clock_unref)

/* BankService */

/**
 * BankOperation:
 * @BANK_OPERATION_TRANSFER: between two of the user's accounts
 * @BANK_OPERATION_PAYMENT: from an account to an outside payee
 *
 * What the bank is asked to do.
 */
typedef enum
{
  BANK_OPERATION_TRANSFER,
  BANK_OPERATION_PAYMENT,
} BankOperation;

/**
 * BankServiceError:
 * @BANK_SERVICE_ERROR_INVALID: the request is malformed: no `from`, no `to`,
 *   or an `amount` that is not a positive integer number of cents
 * @BANK_SERVICE_ERROR_UNAVAILABLE: the bank failed to process it this time
 *   (the simulated failure rate); trying again may work
 * @BANK_SERVICE_ERROR_LIMIT_EXCEEDED: the amount would take the account
 *   over its daily limit
 * @BANK_SERVICE_ERROR_DECLINED: a rule added with bank_service_add_rule()
 *   declined it
 *
 * Errors in the %BANK_SERVICE_ERROR domain. A cancelled request fails with
 * %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  BANK_SERVICE_ERROR_INVALID,
  BANK_SERVICE_ERROR_UNAVAILABLE,
  BANK_SERVICE_ERROR_LIMIT_EXCEEDED,
  BANK_SERVICE_ERROR_DECLINED,
} BankServiceError;

#define BANK_SERVICE_ERROR (bank_service_error_quark ())
GQuark bank_service_error_quark (void);

#define BANK_TYPE_SERVICE (bank_service_get_type ())
G_DECLARE_FINAL_TYPE (BankService, bank_service, BANK, SERVICE, GObject)

/**
 * BankServiceRuleFunc:
 * @service: the service
 * @operation: what is asked
 * @request: the request (a map with `from`, `to`, `amount`)
 * @now: the clock's time, in microseconds since the Unix epoch
 * @user_data: the data given to bank_service_add_rule()
 * @error: return location for the reason it is declined
 *
 * A rule the bank applies when a request settles.
 *
 * Returns: %TRUE to let the request through, %FALSE with @error set to
 *   decline it
 */
typedef gboolean (*BankServiceRuleFunc) (BankService  *service,
                                         BankOperation operation,
                                         RdxValue     *request,
                                         gint64        now,
                                         gpointer      user_data,
                                         GError      **error);

/* clang-format off */
BankService *bank_service_new (BankClock *clock,
                               guint32    seed);
BankClock   *bank_service_get_clock (BankService *self);
void         bank_service_set_latency (BankService *self,
                                       guint        min_ms,
                                       guint        max_ms);
void         bank_service_set_failure_rate (BankService *self,
                                            double       probability);
void         bank_service_set_daily_limit (BankService *self,
                                           gint64       limit);
void         bank_service_add_rule (BankService        *self,
                                    BankServiceRuleFunc func,
                                    gpointer            user_data,
                                    GDestroyNotify      destroy);
gint64       bank_service_get_spent_today (BankService *self,
                                           const char  *account);
guint        bank_service_get_n_in_flight (BankService *self);

void      bank_service_submit_async (BankService        *self,
                                     BankOperation       operation,
                                     RdxValue           *request,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
RdxValue *bank_service_submit_finish (BankService  *self,
                                      GAsyncResult *result,
                                      GError      **error);

const char *bank_operation_to_string (BankOperation operation);
/* clang-format on */

G_END_DECLS
