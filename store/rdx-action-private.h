/* rdx-action-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "rdx-core.h"
#include "rdx-value-private.h"

#include <time.h>

G_BEGIN_DECLS

struct _RdxAction
{
  gint        ref_count;
  gint        stamped; /* set once, atomically, by the first dispatch */
  const char *type;    /* interned */
  RdxValue   *payload; /* never NULL: the null value when none */
  guint64     sequence;
  gint64      monotonic_time;
  gint64      real_time;
};

/* rdx_action_is_private() for the dispatch path: one byte looked at for
 * the application's own types. */
static inline gboolean
rdx_action_is_private_fast (RdxAction *action)
{
  return G_UNLIKELY (action->type[0] == '@') &&
         g_str_has_prefix (action->type, RDX_ACTION_PRIVATE_PREFIX);
}

/* Stamps @action with its dispatch metadata: @action itself the first
 * time it is dispatched (transfer none); a new copy when it was stamped
 * before (transfer full: the result is not @action), so what was recorded
 * of an earlier dispatch never changes. */
RdxAction *rdx_action_stamp_slow (RdxAction *action,
                                  guint64    sequence,
                                  gint64     monotonic_time,
                                  gint64     real_time);

static inline RdxAction *
rdx_action_stamp (RdxAction *action, guint64 sequence, gint64 monotonic_time, gint64 real_time)
{
  /* Held by the caller alone and never stamped: nobody else can see it. */
  if (G_LIKELY (g_atomic_int_get (&action->ref_count) == 1 && !action->stamped))
    {
      action->stamped = TRUE;
      action->sequence = sequence;
      action->monotonic_time = monotonic_time;
      action->real_time = real_time;
      return action;
    }
  return rdx_action_stamp_slow (action, sequence, monotonic_time, real_time);
}

/* The interned string of @type, as actions intern their types: a literal
 * of the main program is interned as itself unless the same text was
 * interned before. For what names action types (slices), so that actions
 * made from the same literals find them without a look at the text. */
const char *rdx_action_intern_type (const char *type);

/* Each thread keeps a few freed actions for the next ones it makes: an
 * application makes an action per dispatch and drops it when the dispatch
 * is over, and the allocator's round trip was a third of a counter's
 * dispatch. Not under AddressSanitizer, so it still sees every use of a
 * freed action. A thread's cache is freed when the thread ends
 * (rdx-action.c). */
#if defined(__SANITIZE_ADDRESS__)
#define RDX_ACTION_CACHE_SIZE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RDX_ACTION_CACHE_SIZE 0
#endif
#endif
#ifndef RDX_ACTION_CACHE_SIZE
#define RDX_ACTION_CACHE_SIZE 16
#endif

#if RDX_ACTION_CACHE_SIZE > 0
typedef struct
{
  guint      n;          /* actions in items */
  gboolean   registered; /* the thread's destructor is set */
  guint      limit;      /* RDX_ACTION_CACHE_SIZE once registered, else 0 */
  RdxAction *items[RDX_ACTION_CACHE_SIZE];
} RdxActionCache;

G_GNUC_INTERNAL extern __thread RdxActionCache rdx_action_cache;
#endif

/* Frees @action once its last reference went. */
void rdx_action_release (RdxAction *action);

/* rdx_action_unref () without the argument check, for the dispatch path:
 * an action without a payload to release goes back to the thread's
 * cache without a call. */
static inline void
rdx_action_unref_fast (RdxAction *action)
{
  if (rdx_ref_drop (&action->ref_count))
    {
#if RDX_ACTION_CACHE_SIZE > 0
      RdxValue       *payload = action->payload;
      RdxActionCache *cache = &rdx_action_cache;

      if ((RDX_VALUE_IS_TAGGED (payload) || (payload->flags & RDX_VALUE_FLAG_STATIC)) &&
          cache->n < cache->limit)
        {
          cache->items[cache->n++] = action;
          return;
        }
#endif
      rdx_action_release (action);
    }
}

/* A coarse but cheap monotonic clock, in microseconds. */
gint64 rdx_coarse_monotonic_time (void);

/* What reads it: clock_gettime (), or straight the kernel's vDSO function
 * that clock_gettime () calls, without the C library's wrapper (a third of
 * the read). Resolved at the first read (rdx-action.c). */
typedef int (*RdxClockFunc) (clockid_t clock, struct timespec *ts);

G_GNUC_INTERNAL extern RdxClockFunc rdx_coarse_clock;

static inline gint64
rdx_coarse_monotonic_time_inline (void)
{
#ifdef CLOCK_MONOTONIC_COARSE
  struct timespec ts;
  RdxClockFunc    read_clock = __atomic_load_n (&rdx_coarse_clock, __ATOMIC_RELAXED);

  /* tv_nsec is below 10^9: divided as 32 bits, a multiply and a shift. */
  if (G_LIKELY (read_clock (CLOCK_MONOTONIC_COARSE, &ts) == 0))
    return (gint64) ts.tv_sec * G_USEC_PER_SEC + (guint32) ts.tv_nsec / 1000u;
#endif
  return g_get_monotonic_time ();
}

G_END_DECLS
