/* rdx-action.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE /* dl_iterate_phdr() */

#include "rdx-action-private.h"
#include "rdx-value-private.h"

#include <dlfcn.h>
#include <string.h>

/**
 * RdxAction:
 *
 * An immutable, reference-counted message: a type name such as
 * "accounts.deposit" and a payload value. The store fills in metadata when
 * the action is dispatched: a sequence number (per store, increasing) and
 * the time.
 *
 * Type names are dot-separated words, which makes each of them a valid
 * [iface@Gio.Action] name too. Types starting with "@@rdx/" belong to rdx.
 */

G_DEFINE_BOXED_TYPE (RdxAction, rdx_action, rdx_action_ref, rdx_action_unref)

/* g_intern_string() takes a global lock. Type names are nearly always string
 * literals, so each thread remembers the last few by address. A hit is
 * confirmed by comparing the text (the address alone could be a reused
 * buffer), unless the address lies in memory that can never change: a
 * read-only segment of the main program, where string literals live, is
 * mapped for the life of the process and never written, so the text at
 * such an address is the text it had when it was interned. */
#define INTERN_CACHE_SIZE 64

typedef struct
{
  const char *key;
  const char *interned;
  gboolean    stable; /* key points into the main program's read-only memory */
} InternSlot;

static __thread InternSlot intern_cache[INTERN_CACHE_SIZE];

#if defined(__ELF__) && defined(__has_include)
#if __has_include(<link.h>)
#define HAVE_STABLE_RANGES 1
#include <link.h>
#endif
#endif

#ifdef HAVE_STABLE_RANGES
/* The main program's loaded segments without write permission. */
typedef struct
{
  guintptr start;
  guintptr end;
} Range;

static Range stable_ranges[8];
static guint n_stable_ranges;

static int
find_stable_ranges (struct dl_phdr_info *info, size_t size, void *data)
{
  guint i;

  /* The first object visited is the main program (dl_iterate_phdr(3)),
   * which is never unloaded. */
  for (i = 0; i < info->dlpi_phnum && n_stable_ranges < G_N_ELEMENTS (stable_ranges); i++)
    {
      const ElfW (Phdr) *phdr = &info->dlpi_phdr[i];

      if (phdr->p_type == PT_LOAD && (phdr->p_flags & PF_W) == 0 && phdr->p_memsz > 0)
        {
          stable_ranges[n_stable_ranges].start = info->dlpi_addr + phdr->p_vaddr;
          stable_ranges[n_stable_ranges].end = info->dlpi_addr + phdr->p_vaddr + phdr->p_memsz;
          n_stable_ranges++;
        }
    }
  return 1;
}

/* Whether the whole string at @s, its terminating nul included, lies in
 * one of those segments. */
static gboolean
string_is_stable (const char *s)
{
  static gsize found = 0;
  guintptr     p = (guintptr) s;
  guint        i;

  if (g_once_init_enter (&found))
    {
      dl_iterate_phdr (find_stable_ranges, NULL);
      g_once_init_leave (&found, 1);
    }
  for (i = 0; i < n_stable_ranges; i++)
    if (p >= stable_ranges[i].start && p < stable_ranges[i].end)
      return strnlen (s, stable_ranges[i].end - p) < stable_ranges[i].end - p;
  return FALSE;
}
#else
static gboolean
string_is_stable (const char *s)
{
  return FALSE;
}
#endif

static inline guint
intern_index (const char *type)
{
  return (guint) (((guintptr) type >> 3) ^ ((guintptr) type >> 11)) % INTERN_CACHE_SIZE;
}

static inline InternSlot *
intern_slot (const char *type)
{
  return &intern_cache[intern_index (type)];
}

/* The stable strings that were interned as themselves (see intern_miss ()),
 * by address, shared by all threads: a hit needs neither the thread's
 * cache nor a look at the text. A slot only ever holds such a string,
 * written whole, so any thread may overwrite one. */
static const char  no_type; /* what empty slots hold: no type's address, nor NULL's */
static const char *self_interned[INTERN_CACHE_SIZE] = { [0 ... INTERN_CACHE_SIZE - 1] = &no_type };

static inline gboolean
is_self_interned (const char *type)
{
  return __atomic_load_n (&self_interned[intern_index (type)], __ATOMIC_RELAXED) == type;
}

/* Whether the interned @interned is @type. */
static inline gboolean
type_is (const char *interned, const char *type)
{
  InternSlot *s = intern_slot (type);

  /* @type is the literal interned as s->interned: equal texts are the
   * same interned string. */
  if (s->key == type && s->stable)
    return s->interned == interned;
  return strcmp (interned, type) == 0;
}

static G_GNUC_NO_INLINE gboolean
type_is_slow (const char *interned, const char *type)
{
  return type_is (interned, type);
}

static G_GNUC_NO_INLINE const char *
intern_miss (InternSlot *s, const char *type)
{
  s->key = type;
  s->stable = string_is_stable (type);
  /* Text that can never change nor go away is interned as it is (unless
   * the same text was interned before): the action's type is then the
   * literal itself, and rdx_action_is (action, literal) finds the very
   * pointer it is given. */
  s->interned = s->stable ? g_intern_static_string (type) : g_intern_string (type);
  if (s->interned == type)
    __atomic_store_n (&self_interned[intern_index (type)], type, __ATOMIC_RELAXED);
  return s->interned;
}

static inline const char *
intern_type (const char *type)
{
  InternSlot *s = intern_slot (type);

  if (s->key == type && (s->stable || strcmp (s->interned, type) == 0))
    return s->interned;
  return intern_miss (s, type);
}

const char *
rdx_action_intern_type (const char *type)
{
  return intern_type (type);
}

/* The thread's freed actions (rdx-action-private.h). */
#if RDX_ACTION_CACHE_SIZE > 0
__thread RdxActionCache rdx_action_cache;

static void
action_cache_free (gpointer data)
{
  RdxActionCache *cache = data;

  while (cache->n > 0)
    g_free (cache->items[--cache->n]);
  /* An action freed by a later destructor of this thread sets the key
   * again, and the thread calls this once more. */
  cache->registered = FALSE;
  cache->limit = 0;
}

static GPrivate action_cache_key = G_PRIVATE_INIT (action_cache_free);

/* G_SLICE=always-malloc, GLib's switch for memory debuggers (the valgrind
 * test setup sets it), turns the cache off too, so valgrind sees every
 * use of a freed action as well. Read once. */
static gboolean
action_cache_enabled (void)
{
  static gsize enabled = 0; /* 1: off, 2: on */

  if (g_once_init_enter (&enabled))
    {
      const char *slice = g_getenv ("G_SLICE");

      g_once_init_leave (&enabled,
                         slice != NULL && strstr (slice, "always-malloc") != NULL ? 1 : 2);
    }
  return enabled == 2;
}
#endif

static inline RdxAction *
action_alloc (void)
{
#if RDX_ACTION_CACHE_SIZE > 0
  if (rdx_action_cache.n > 0)
    return rdx_action_cache.items[--rdx_action_cache.n];
#endif
  return g_new (RdxAction, 1);
}

static G_GNUC_NO_INLINE void
action_free_slow (RdxAction *self)
{
#if RDX_ACTION_CACHE_SIZE > 0
  RdxActionCache *cache = &rdx_action_cache;

  /* Registered only once found enabled. */
  if (cache->n < RDX_ACTION_CACHE_SIZE && (cache->registered || action_cache_enabled ()))
    {
      if (!cache->registered)
        {
          cache->registered = TRUE;
          cache->limit = RDX_ACTION_CACHE_SIZE;
          g_private_set (&action_cache_key, cache);
        }
      cache->items[cache->n++] = self;
      return;
    }
#endif
  g_free (self);
}

static inline void
action_free (RdxAction *self)
{
#if RDX_ACTION_CACHE_SIZE > 0
  RdxActionCache *cache = &rdx_action_cache;

  if (G_LIKELY (cache->n < cache->limit))
    {
      cache->items[cache->n++] = self;
      return;
    }
#endif
  action_free_slow (self);
}

static inline void
action_init (RdxAction *self, const char *type, RdxValue *payload)
{
  self->ref_count = 1;
  self->stamped = FALSE;
  self->type = type;
  self->payload = payload;
  self->sequence = 0;
  self->monotonic_time = 0;
  self->real_time = 0;
}

static RdxAction *
action_new (const char *type, RdxValue *payload)
{
  RdxAction *self = action_alloc ();

  action_init (self, type, payload);
  return self;
}

/**
 * rdx_action_new_take:
 * @type: the action type, such as "accounts.deposit"
 * @payload: (transfer full) (nullable): the payload, or %NULL for none
 *
 * Like [ctor@Rdx.Action.new], taking @payload, for payloads made on the spot.
 *
 * Returns: (transfer full): a new action
 */
RdxAction *
rdx_action_new_take (const char *type, RdxValue *payload)
{
  if (G_UNLIKELY (type == NULL))
    {
      if (payload != NULL)
        rdx_value_unref (payload);
      g_return_val_if_fail (type != NULL, NULL);
    }

  return action_new (intern_type (type), payload != NULL ? payload : rdx_value_new_null ());
}

static G_GNUC_NO_INLINE RdxAction *
action_new_slow (const char *type, RdxValue *payload)
{
  if (G_UNLIKELY (type == NULL))
    {
      /* rdx_action_new ()'s g_return_val_if_fail (type != NULL, NULL). */
#ifndef G_DISABLE_CHECKS
      g_return_if_fail_warning (G_LOG_DOMAIN, "rdx_action_new", "type != NULL");
#endif
      return NULL;
    }
  return action_new (intern_type (type),
                     payload != NULL ? rdx_value_ref_fast (payload) : rdx_value_new_null ());
}

/**
 * rdx_action_new:
 * @type: the action type, such as "accounts.deposit"
 * @payload: (nullable): the payload, or %NULL for none
 *
 * Makes an action. The empty string is a valid type, as in Redux; %NULL is
 * not.
 *
 * Returns: (transfer full): a new action
 */
RdxAction *
rdx_action_new (const char *type, RdxValue *payload)
{
#if RDX_ACTION_CACHE_SIZE > 0
  {
    /* An application makes most of its actions here, from literals: a
     * literal interned as itself and a freed action at hand take no call.
     * The rest, a %NULL type included, goes to action_new_slow (). */
    if (G_LIKELY (is_self_interned (type) && rdx_action_cache.n > 0))
      {
        RdxAction *self = rdx_action_cache.items[--rdx_action_cache.n];

        action_init (self, type,
                     payload != NULL ? rdx_value_ref_fast (payload) : &rdx_value_null_static);
        return self;
      }
  }
#else
  g_return_val_if_fail (type != NULL, NULL);
#endif
  return action_new_slow (type, payload);
}

/**
 * rdx_action_new_stamped:
 * @type: the action type
 * @payload: (nullable): the payload
 * @sequence: the sequence number it was recorded with
 * @monotonic_time: its monotonic time ([func@GLib.get_monotonic_time]), or 0
 * @real_time: its wall-clock time ([func@GLib.get_real_time])
 *
 * Makes an action that carries the metadata it was recorded with, as if a
 * store had stamped it. For tools that replay recorded actions (the
 * journal's rebuild, a history import): the reducer sees the sequence
 * number and time of the recording. A store that dispatches it stamps a
 * copy, as for any action dispatched a second time.
 *
 * Returns: (transfer full): a new action
 */
RdxAction *
rdx_action_new_stamped (const char *type,
                        RdxValue   *payload,
                        guint64     sequence,
                        gint64      monotonic_time,
                        gint64      real_time)
{
  RdxAction *self;

  g_return_val_if_fail (type != NULL, NULL);

  self = rdx_action_new (type, payload);

  self->stamped = TRUE;
  self->sequence = sequence;
  self->monotonic_time = monotonic_time;
  self->real_time = real_time;
  return self;
}

/**
 * rdx_action_ref:
 * @self: an action
 *
 * Takes a reference to the action.
 *
 * Returns: (transfer full): @self
 */
RdxAction *
rdx_action_ref (RdxAction *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * rdx_action_unref:
 * @self: (transfer full): an action
 *
 * Drops a reference; the action is freed with the last one.
 */
void
rdx_action_unref (RdxAction *self)
{
  g_return_if_fail (self != NULL);

  rdx_action_unref_fast (self);
}

static G_GNUC_NO_INLINE void
action_release_payload (RdxAction *self)
{
  rdx_value_unref_fast (self->payload);
  action_free (self);
}

void
rdx_action_release (RdxAction *self)
{
  RdxValue *payload = self->payload;

  /* Out of line when the payload has a count, so that the common case (no
   * payload, an integer) is a leaf. */
  if (!RDX_VALUE_IS_TAGGED (payload) && !(payload->flags & RDX_VALUE_FLAG_STATIC))
    action_release_payload (self);
  else
    action_free (self);
}

RdxAction *
rdx_action_stamp_slow (RdxAction *action, guint64 sequence, gint64 monotonic_time, gint64 real_time)
{
  RdxAction *self = action;
  gboolean   copied;

  /* The first dispatch stamps the action itself; a later one (or another
   * store's) stamps a copy, so a recorded stamp never changes. Held by the
   * caller alone, the action cannot be stamped by anyone else meanwhile. */
  if (g_atomic_int_get (&action->ref_count) == 1)
    {
      copied = action->stamped;
      action->stamped = TRUE;
    }
  else
    {
      copied = !g_atomic_int_compare_and_exchange (&action->stamped, FALSE, TRUE);
    }
  if (copied)
    {
      self = action_new (action->type, rdx_value_ref_fast (action->payload));
      self->stamped = TRUE;
    }

  self->sequence = sequence;
  self->monotonic_time = monotonic_time;
  self->real_time = real_time;
  return self;
}

/* The vDSO's clock_gettime () (vdso(7)) where the C library lets a
 * program look it up, clock_gettime () elsewhere (and where the kernel has
 * none, as under valgrind). The vDSO stays mapped for the life of the
 * process, and reads the same clocks as clock_gettime (), which calls it. */
static RdxClockFunc
find_coarse_clock (void)
{
#if defined(__GLIBC__) && (defined(__x86_64__) || defined(__aarch64__))
#if defined(__x86_64__)
  static const char name[] = "__vdso_clock_gettime", version[] = "LINUX_2.6";
#else
  static const char name[] = "__kernel_clock_gettime", version[] = "LINUX_2.6.39";
#endif
  /* Already loaded by the dynamic linker; not loaded if missing. The
   * handle is kept: the vDSO is never unloaded. */
  void *vdso = dlopen ("linux-vdso.so.1", RTLD_NOW | RTLD_NOLOAD);

  if (vdso != NULL)
    {
      void *func = dlvsym (vdso, name, version);

      if (func != NULL)
        return (RdxClockFunc) func;
    }
#endif
  return clock_gettime;
}

/* rdx_coarse_clock until the first read, which finds the real one. Threads
 * that race here find the same function. */
static int
coarse_clock_first (clockid_t clock, struct timespec *ts)
{
  RdxClockFunc func = find_coarse_clock ();

  __atomic_store_n (&rdx_coarse_clock, func, __ATOMIC_RELAXED);
  return func (clock, ts);
}

RdxClockFunc rdx_coarse_clock = coarse_clock_first;

gint64
rdx_coarse_monotonic_time (void)
{
  return rdx_coarse_monotonic_time_inline ();
}

/**
 * rdx_action_get_type_name:
 * @self: an action
 *
 * Gets the action's type, such as "accounts.deposit".
 *
 * Returns: (transfer none): the type, an interned string
 */
const char *
rdx_action_get_type_name (RdxAction *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->type;
}

/**
 * rdx_action_get_payload:
 * @self: an action
 *
 * Gets the action's payload.
 *
 * Returns: (transfer none): the payload; the null value when there is none
 */
RdxValue *
rdx_action_get_payload (RdxAction *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->payload;
}

/**
 * rdx_action_is:
 * @self: an action
 * @type: a type name
 *
 * Checks whether the action is of a type.
 *
 * Returns: %TRUE if @self is of @type
 */
gboolean
rdx_action_is (RdxAction *self, const char *type)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* The action's type is never %NULL: a match needs no check of @type. */
  if (G_LIKELY (self->type == type))
    return TRUE;
  /* Nor is it a match when @type is a literal interned as itself: two
   * interned strings have the same text only at the same address. */
  if (is_self_interned (type))
    return FALSE;
  g_return_val_if_fail (type != NULL, FALSE);
  return type_is_slow (self->type, type);
}

/**
 * rdx_action_is_private:
 * @self: an action
 *
 * Checks whether the action is one of rdx's own ([const@Rdx.ACTION_PRIVATE_PREFIX]).
 *
 * Returns: %TRUE if @self is one of rdx's own actions ("@@rdx/...")
 */
gboolean
rdx_action_is_private (RdxAction *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_str_has_prefix (self->type, RDX_ACTION_PRIVATE_PREFIX);
}

/**
 * rdx_action_get_sequence:
 * @self: an action
 *
 * Gets the sequence number the store stamped the action with.
 *
 * Returns: the sequence number the store gave @self when it was dispatched
 *   (increasing per store, starting at 1), or 0 before dispatch
 */
guint64
rdx_action_get_sequence (RdxAction *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sequence;
}

/**
 * rdx_action_get_monotonic_time:
 * @self: an action
 *
 * When @self was dispatched, on the monotonic clock in microseconds, with
 * the resolution of the system's coarse clock (a few milliseconds; taking a
 * precise time on every dispatch would cost more than the dispatch).
 *
 * Returns: the time, or 0 before dispatch
 */
gint64
rdx_action_get_monotonic_time (RdxAction *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->monotonic_time;
}

/**
 * rdx_action_get_real_time:
 * @self: an action
 *
 * When @self was dispatched, as wall-clock microseconds since the epoch
 * (see [func@GLib.get_real_time]), at the same resolution as
 * [method@Rdx.Action.get_monotonic_time].
 *
 * Returns: the time, or 0 before dispatch
 */
gint64
rdx_action_get_real_time (RdxAction *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->real_time;
}

/**
 * rdx_action_to_string:
 * @self: an action
 *
 * Describes the action in one line, for logs and messages.
 *
 * Returns: (transfer full): the type and the payload as JSON, for logs and
 *   messages, such as `accounts.deposit {"amount":500}`
 */
char *
rdx_action_to_string (RdxAction *self)
{
  g_autofree char *payload = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (rdx_value_is_null (self->payload))
    return g_strdup (self->type);
  payload = rdx_value_to_json (self->payload);
  return g_strdup_printf ("%s %s", self->type, payload);
}
