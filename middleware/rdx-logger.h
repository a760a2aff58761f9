/* rdx-logger.h: a structured log record for each dispatched action
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

/**
 * RdxLoggerFormat:
 * @RDX_LOGGER_COLLAPSED: one line per action: type, sequence number,
 *   duration, payload summary and the changed paths
 * @RDX_LOGGER_DETAILED: the collapsed line, then one line per changed path
 *   with its value before and after
 *
 * How the `MESSAGE` field of a logger record is written. The other fields
 * are the same in both forms, except `RDX_DIFF`, which only the detailed
 * form has.
 */
typedef enum
{
  RDX_LOGGER_COLLAPSED,
  RDX_LOGGER_DETAILED,
} RdxLoggerFormat;

/**
 * RdxLoggerSkipFunc:
 * @action: the action about to be logged
 * @user_data: the data given to [method@Rdx.Logger.set_skip_func]
 *
 * Decides which actions the logger leaves out.
 *
 * Returns: %TRUE to leave @action out of the log
 */
typedef gboolean (*RdxLoggerSkipFunc) (RdxAction *action, gpointer user_data);

/**
 * RdxLoggerRedactFunc:
 * @action: the action being logged
 * @path: (nullable): %NULL when @value is the action's payload; otherwise the
 *   JSON Pointer of a changed part of the state, and @value its value before
 *   or after the action (detailed form only)
 * @value: the value about to be written
 * @user_data: the data given to [method@Rdx.Logger.set_redact_func]
 *
 * Rewrites a value before the logger writes it, so secrets (account numbers)
 * stay out of logs. Return a new reference to @value to keep it as it is,
 * or %NULL to write [const@Rdx.LOGGER_REDACTED] in its place.
 *
 * Returns: (transfer full) (nullable): the value to write instead of @value
 */
typedef RdxValue *(*RdxLoggerRedactFunc) (RdxAction  *action,
                                          const char *path,
                                          RdxValue   *value,
                                          gpointer    user_data);

/**
 * RDX_LOGGER_REDACTED:
 *
 * What the logger writes in place of a redacted value.
 */
#define RDX_LOGGER_REDACTED "[redacted]"

#define RDX_TYPE_LOGGER (rdx_logger_get_type ())
G_DECLARE_FINAL_TYPE (RdxLogger, rdx_logger, RDX, LOGGER, GObject)

/* clang-format off */
RdxLogger     *rdx_logger_new            (void);
RdxMiddleware *rdx_logger_get_middleware (RdxLogger *self);

void     rdx_logger_set_enabled     (RdxLogger          *self,
                                     gboolean            enabled);
gboolean rdx_logger_get_enabled     (RdxLogger          *self);
void     rdx_logger_set_format      (RdxLogger          *self,
                                     RdxLoggerFormat     format);
void     rdx_logger_set_level       (RdxLogger          *self,
                                     GLogLevelFlags      level);
void     rdx_logger_set_limits      (RdxLogger          *self,
                                     guint               max_paths,
                                     guint               max_value_length);
void     rdx_logger_set_skip_func   (RdxLogger          *self,
                                     RdxLoggerSkipFunc   func,
                                     gpointer            user_data,
                                     GDestroyNotify      destroy);
void     rdx_logger_set_redact_func (RdxLogger          *self,
                                     RdxLoggerRedactFunc func,
                                     gpointer            user_data,
                                     GDestroyNotify      destroy);
void     rdx_logger_redact_key      (RdxLogger          *self,
                                     const char         *key);
/* clang-format on */

G_END_DECLS
