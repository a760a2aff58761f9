/* rdx.h: the single public include of the rdx library
 *
 * rdx is a Redux-style state container for C programs on GLib: one store
 * holds the application state as an immutable value, actions change it
 * through pure reducers, and middleware handles everything impure.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define RDX_INSIDE

#include "rdx-core.h"
#include "rdx-effects.h"
#include "rdx-journal.h"
#include "rdx-logger.h"

#undef RDX_INSIDE
