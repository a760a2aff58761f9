/* rdx-types.h: forward declarations of the rdx types
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _RdxValue        RdxValue;
typedef struct _RdxAction       RdxAction;
typedef struct _RdxReducer      RdxReducer;
typedef struct _RdxMiddleware   RdxMiddleware;
typedef struct _RdxDispatchNext RdxDispatchNext;
typedef struct _RdxStore        RdxStore;
typedef struct _RdxSchema       RdxSchema;
typedef struct _RdxDraft        RdxDraft;

G_END_DECLS
