/* bank-tiny.h: the tiny bank, a small reducer set rdx-replay replays
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx-core.h>

G_BEGIN_DECLS

RdxReducer *bank_tiny_reducer_new (void);

G_END_DECLS
