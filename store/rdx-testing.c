/* rdx-testing.c: the store layer's process-wide test hooks (see
 * rdx-testing-private.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-testing-private.h"

gint rdx_testing_hash_mask = (gint) 0xffffffffu;
gint rdx_testing_counting;
gint rdx_testing_live_count;

void
rdx_value_set_hash_mask_for_testing (guint32 mask)
{
  g_atomic_int_set (&rdx_testing_hash_mask, (gint) mask);
}

void
rdx_value_set_counting_for_testing (gboolean enabled)
{
  g_atomic_int_set (&rdx_testing_counting, !!enabled);
}

gint
rdx_value_get_live_count_for_testing (void)
{
  return g_atomic_int_get (&rdx_testing_live_count);
}
