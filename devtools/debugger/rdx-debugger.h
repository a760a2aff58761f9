/* rdx-debugger.h: the single public include of the rdx debugger window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <rdx-devtools.h>

#define RDX_INSIDE

#include "rdx-debugger-export.h"
#include "rdx-debugger-window.h"

#undef RDX_INSIDE
