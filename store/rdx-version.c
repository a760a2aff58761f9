/* rdx-version.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-version.h"

/**
 * rdx_get_major_version:
 *
 * The major version of the rdx library the program runs with, which may
 * differ from [const@Rdx.MAJOR_VERSION], the one it was compiled against.
 *
 * Returns: the major version
 */
guint
rdx_get_major_version (void)
{
  return RDX_MAJOR_VERSION;
}

/**
 * rdx_get_minor_version:
 *
 * The minor version of the rdx library the program runs with.
 *
 * Returns: the minor version
 */
guint
rdx_get_minor_version (void)
{
  return RDX_MINOR_VERSION;
}

/**
 * rdx_get_micro_version:
 *
 * The micro version of the rdx library the program runs with.
 *
 * Returns: the micro version
 */
guint
rdx_get_micro_version (void)
{
  return RDX_MICRO_VERSION;
}
