/* rdx-core.h: the store layer of rdx (values, actions, reducers, store)
 *
 * Programs include <rdx.h>, which includes this header. Code that may only
 * see the store layer (pure reducers, for example) includes <rdx-core.h>.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef RDX_INSIDE
#define RDX_INSIDE
#define RDX_CORE_DEFINED_INSIDE
#endif

#include "rdx-version.h"
#include "rdx-types.h"
#include "rdx-value.h"
#include "rdx-action.h"
#include "rdx-reducer.h"
#include "rdx-schema.h"
#include "rdx-slice.h"
#include "rdx-value-typed.h"
#include "rdx-draft.h"
#include "rdx-collection.h"
#include "rdx-outcome.h"
#include "rdx-middleware.h"
#include "rdx-store.h"
#include "rdx-selector.h"
#include "rdx-watch.h"
#include "rdx-list-item.h"
#include "rdx-list-model.h"
#include "rdx-action-group.h"
#include "rdx-binding.h"
#include "rdx-expr.h"

#ifdef RDX_CORE_DEFINED_INSIDE
#undef RDX_INSIDE
#undef RDX_CORE_DEFINED_INSIDE
#endif
