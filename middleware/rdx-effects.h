/* rdx-effects.h: asynchronous side effects started by actions
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
 * RdxEffectPolicy:
 * @RDX_EFFECT_EVERY: run one task for every action (the default)
 * @RDX_EFFECT_LATEST: cancel the effect's running tasks, then start a new
 *   one: only the latest request counts (a search box). If a cancelled
 *   action leads to a newer command of the effect, that one is the latest:
 *   its task runs, and the command that cancelled starts nothing
 * @RDX_EFFECT_EXCLUSIVE: while a task of the effect runs, ignore new
 *   actions: no task starts and nothing is dispatched (a "pay" button
 *   pressed twice)
 *
 * What an effect does with an action when its earlier tasks still run.
 */
typedef enum
{
  RDX_EFFECT_EVERY,
  RDX_EFFECT_LATEST,
  RDX_EFFECT_EXCLUSIVE,
} RdxEffectPolicy;

/**
 * RdxEffectsError:
 * @RDX_EFFECTS_ERROR_FAILED: an effect failed without saying why (a thread
 *   function returned %NULL without setting its error)
 * @RDX_EFFECTS_ERROR_RESULT_REFUSED: the store refused the effect's
 *   `fulfilled` action; the `rejected` action carries the reason
 *
 * Errors in the %RDX_EFFECTS_ERROR domain. A timeout is reported with
 * %G_IO_ERROR_TIMED_OUT.
 */
typedef enum
{
  RDX_EFFECTS_ERROR_FAILED,
  RDX_EFFECTS_ERROR_RESULT_REFUSED,
} RdxEffectsError;

/**
 * rdx_effects_error_quark:
 *
 * The error domain of effects, %RDX_EFFECTS_ERROR: its codes are [enum@Rdx.EffectsError].
 *
 * Returns: the domain's quark
 */
#define RDX_EFFECTS_ERROR (rdx_effects_error_quark ())
GQuark rdx_effects_error_quark (void);

/**
 * RdxEffect:
 *
 * An effect registered with [method@Rdx.Effects.add]: which action starts it, its
 * function, its policy, timeout and result types. It belongs to the
 * [class@Rdx.Effects] it was added to; as a boxed type, a copy is the same effect
 * holding a reference to that [class@Rdx.Effects], so a language binding's wrapper
 * keeps it alive.
 */
typedef struct _RdxEffect RdxEffect;

#define RDX_TYPE_EFFECT (rdx_effect_get_type ())
GType rdx_effect_get_type (void) G_GNUC_CONST;

/**
 * RdxEffectTask:
 *
 * One run of an effect, started by one action. It carries the action (as
 * the reducer saw it), the state right after that action, a [class@Gio.Cancellable]
 * and a request id, and it is
 * finished exactly once ([method@Rdx.EffectTask.return_value],
 * [method@Rdx.EffectTask.return_error], a timeout or a cancellation), which
 * dispatches the result action. Reference counted.
 */
typedef struct _RdxEffectTask RdxEffectTask;

/**
 * RdxEffectFunc:
 * @task: the task to run and finish
 * @user_data: the data given to [method@Rdx.Effects.add]
 *
 * Starts the work of one task, on the store's thread, and returns at once:
 * it finishes @task later (or right away) with [method@Rdx.EffectTask.return_value]
 * or [method@Rdx.EffectTask.return_error], from an async callback, or hands
 * blocking work to a thread with [method@Rdx.EffectTask.run_in_thread].
 */
typedef void (*RdxEffectFunc) (RdxEffectTask *task, gpointer user_data);

/**
 * RdxEffectThreadFunc:
 * @task: the task (its getters may be used from the thread)
 * @user_data: the data given with the function
 * @cancellable: the task's cancellable
 * @error: return location for a [struct@GLib.Error]
 *
 * Blocking work, run in a worker thread (GTask's pool). It must not touch
 * the store; it may call [method@Rdx.EffectTask.dispatch] to report progress.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
typedef RdxValue *(*RdxEffectThreadFunc) (RdxEffectTask *task,
                                          gpointer       user_data,
                                          GCancellable  *cancellable,
                                          GError       **error);

#define RDX_TYPE_EFFECTS (rdx_effects_get_type ())
G_DECLARE_FINAL_TYPE (RdxEffects, rdx_effects, RDX, EFFECTS, GObject)

/* clang-format off */
/* The effects of a store */
RdxEffects    *rdx_effects_new            (void);
RdxMiddleware *rdx_effects_get_middleware (RdxEffects *self);
RdxEffects    *rdx_effects_from_store     (RdxStore *store);

RdxEffect *rdx_effects_add        (RdxEffects         *self,
                                   const char         *action_type,
                                   RdxEffectFunc       func,
                                   gpointer            user_data,
                                   GDestroyNotify      destroy);
RdxEffect *rdx_effects_add_thread (RdxEffects         *self,
                                   const char         *action_type,
                                   RdxEffectThreadFunc func,
                                   gpointer            user_data,
                                   GDestroyNotify      destroy);

gboolean rdx_effects_cancel        (RdxEffects *self,
                                    guint64     request_id);
guint    rdx_effects_cancel_all    (RdxEffects *self);
void     rdx_effects_set_enabled   (RdxEffects *self,
                                    gboolean    enabled);
gboolean rdx_effects_get_enabled   (RdxEffects *self);
guint    rdx_effects_get_n_running (RdxEffects *self);

/* One effect */
void        rdx_effect_set_policy (RdxEffect      *effect,
                                   RdxEffectPolicy policy);
void        rdx_effect_set_timeout (RdxEffect *effect,
                                    guint      timeout_ms);
void        rdx_effect_set_result_types (RdxEffect  *effect,
                                         const char *pending,
                                         const char *fulfilled,
                                         const char *rejected,
                                         const char *cancelled);
const char *rdx_effect_get_action_type (RdxEffect *effect);

/* One task */
#define RDX_TYPE_EFFECT_TASK (rdx_effect_task_get_type ())
GType rdx_effect_task_get_type (void) G_GNUC_CONST;

RdxEffectTask *rdx_effect_task_ref (RdxEffectTask *task);
void           rdx_effect_task_unref (RdxEffectTask *task);
guint64        rdx_effect_task_get_request_id (RdxEffectTask *task);
RdxAction     *rdx_effect_task_get_action (RdxEffectTask *task);
RdxValue      *rdx_effect_task_get_payload (RdxEffectTask *task);
RdxValue      *rdx_effect_task_get_state (RdxEffectTask *task);
GCancellable  *rdx_effect_task_get_cancellable (RdxEffectTask *task);
GMainContext  *rdx_effect_task_get_context (RdxEffectTask *task);
RdxEffect     *rdx_effect_task_get_effect (RdxEffectTask *task);
gboolean       rdx_effect_task_dispatch (RdxEffectTask *task,
                                         const char    *type,
                                         RdxValue      *payload);
gboolean       rdx_effect_task_dispatch_action (RdxEffectTask *task,
                                                RdxAction     *action);
void           rdx_effect_task_return_value (RdxEffectTask *task,
                                             RdxValue      *result);
void           rdx_effect_task_return_error (RdxEffectTask *task,
                                             GError        *error);
void           rdx_effect_task_return_new_error (RdxEffectTask *task,
                                                 GQuark         domain,
                                                 gint           code,
                                                 const char    *format,
                                                 ...) G_GNUC_PRINTF (4, 5);
void           rdx_effect_task_run_in_thread (RdxEffectTask      *task,
                                              RdxEffectThreadFunc func,
                                              gpointer            user_data,
                                              GDestroyNotify      destroy);
/* clang-format on */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdxEffectTask, rdx_effect_task_unref)

G_END_DECLS
