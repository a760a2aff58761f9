/* rdx-devtools.h: the single public include of the rdx developer tools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx.h>

#define RDX_INSIDE

#include "rdx-history-entry.h"
#include "rdx-history.h"
#include "rdx-reducer-sets.h"

#undef RDX_INSIDE
