/* consumer.c: a program outside the tree, built against rdx-1 through
 * pkg-config by tests/check-pkgconfig.sh.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rdx.h>
#include <stdio.h>

int
main (void)
{
  if (rdx_get_major_version () != RDX_MAJOR_VERSION)
    return 1;
  printf ("rdx %u.%u.%u\n", rdx_get_major_version (), rdx_get_minor_version (),
          rdx_get_micro_version ());
  return 0;
}
