/* rdx-action-group.h: a GActionGroup whose actions dispatch to a store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(RDX_INSIDE) && !defined(RDX_COMPILATION)
#error "Only <rdx.h> can be included directly."
#endif

#include "rdx-types.h"

G_BEGIN_DECLS

/**
 * RdxActionEntry:
 * @type: the action type, also the [iface@Gio.Action] name (so dot-separated, such as
 *   "accounts.deposit")
 * @parameter_type: (nullable): the [struct@GLib.Variant] type string of the parameter,
 *   which becomes the payload, or %NULL for an action without one
 * @enabled_path: (nullable): a JSON Pointer to a boolean in the state that
 *   says whether the action is enabled, or %NULL for always enabled
 * @state_path: (nullable): a JSON Pointer to the value in the state that
 *   is the action's state, making it a stateful action (a radio choice
 *   with a parameter type such as "s", a toggle without one), or %NULL for
 *   a stateless action
 *
 * Describes one action for [method@Rdx.Store.create_action_group].
 */
typedef struct
{
  const char *type;
  const char *parameter_type;
  const char *enabled_path;
  const char *state_path;
  /*< private >*/
  gsize padding[2];
} RdxActionEntry;

#define RDX_TYPE_ACTION_GROUP (rdx_action_group_get_type ())
G_DECLARE_FINAL_TYPE (RdxActionGroup, rdx_action_group, RDX, ACTION_GROUP, GSimpleActionGroup)

RdxActionGroup *
rdx_store_create_action_group (RdxStore *store, const RdxActionEntry *entries, gint n_entries);
gboolean  rdx_action_group_add (RdxActionGroup     *self,
                                const char         *type,
                                const GVariantType *parameter_type,
                                RdxSelector        *enabled);
gboolean  rdx_action_group_add_stateful (RdxActionGroup     *self,
                                         const char         *type,
                                         const GVariantType *parameter_type,
                                         RdxSelector        *state,
                                         RdxSelector        *enabled);
RdxStore *rdx_action_group_get_store (RdxActionGroup *self);

G_END_DECLS
