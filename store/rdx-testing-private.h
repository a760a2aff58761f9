/* rdx-testing-private.h: the store layer's process-wide test hooks
 *
 * Values belong to no object, so what tests need to watch them is
 * process-wide: it lives here, in rdx-testing.c, and nowhere else. Every
 * hook is read and written atomically, so a test that sets one while
 * other threads make values is well defined. Set them before making the
 * values they concern: a map made under one hash mask is not searched
 * correctly under another. The fast paths read them with relaxed atomic
 * loads, which cost a plain load.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

extern gint rdx_testing_hash_mask; /* a guint32, stored as gint for g_atomic */
extern gint rdx_testing_counting;
extern gint rdx_testing_live_count;

/* Masks the hash every map uses, so tests can force collisions (0 makes
 * every key collide). The default is 0xffffffff. */
void rdx_value_set_hash_mask_for_testing (guint32 mask);

/* Counts live heap objects (values and trie nodes) while enabled, so tests
 * can check that everything they made was freed. */
void rdx_value_set_counting_for_testing (gboolean enabled);
gint rdx_value_get_live_count_for_testing (void);

static inline guint32
rdx_testing_get_hash_mask (void)
{
  return (guint32) __atomic_load_n (&rdx_testing_hash_mask, __ATOMIC_RELAXED);
}

static inline void
rdx_value_count_alloc (void)
{
  if (G_UNLIKELY (__atomic_load_n (&rdx_testing_counting, __ATOMIC_RELAXED)))
    g_atomic_int_inc (&rdx_testing_live_count);
}

static inline void
rdx_value_count_free (void)
{
  if (G_UNLIKELY (__atomic_load_n (&rdx_testing_counting, __ATOMIC_RELAXED)))
    g_atomic_int_add (&rdx_testing_live_count, -1);
}

G_END_DECLS
