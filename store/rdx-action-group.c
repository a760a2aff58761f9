/* rdx-action-group.c: a GActionGroup whose actions dispatch to a store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-core.h"

/**
 * RdxActionGroup:
 *
 * A [iface@Gio.ActionGroup] (and [iface@Gio.ActionMap]) in which each registered action type
 * is a [iface@Gio.Action]: activating it dispatches an action of that type whose
 * payload is the parameter, converted with [func@Rdx.Value.from_variant]. So a
 * button in a `.ui` file dispatches with `action-name` and `action-target`
 * alone, once the group is inserted with [method@Gtk.Widget.insert_action_group].
 *
 * An action may have an "enabled" selector: the action is enabled exactly
 * when it selects the boolean %TRUE (anything else, a missing path
 * included, disables it), and `action-enabled-changed` is emitted when that
 * flips. A disabled action does not dispatch, and widgets bound to it are
 * insensitive.
 *
 * A parameter of the wrong type is refused with a g_warning() naming the
 * type the action expects, and nothing is dispatched. When the store
 * refuses the dispatch, [signal@Rdx.ActionGroup::dispatch-failed] is emitted, or a
 * g_warning() is logged if nothing is connected to it.
 *
 * The group keeps a reference to the store and belongs to the store's
 * thread. Its actions dispatch while the group is alive.
 */

struct _RdxActionGroup
{
  GSimpleActionGroup parent_instance;

  RdxStore *store;
};

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum
{
  SIGNAL_DISPATCH_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static GActionGroupInterface *parent_action_group_iface;

static void rdx_action_group_action_group_init (GActionGroupInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdxActionGroup,
                               rdx_action_group,
                               G_TYPE_SIMPLE_ACTION_GROUP,
                               G_IMPLEMENT_INTERFACE (G_TYPE_ACTION_GROUP,
                                                      rdx_action_group_action_group_init))

/* What an action with an enabled or a state selector keeps, as its
 * qdata. */
typedef struct
{
  RdxStore *store;
  guint     watch_id;
} SelectorWatch;

static void
selector_watch_free (gpointer data)
{
  SelectorWatch *watch = data;

  rdx_store_unwatch (watch->store, watch->watch_id);
  g_object_unref (watch->store);
  g_free (watch);
}

static gboolean
is_true (RdxValue *value)
{
  return value != NULL && rdx_value_get_kind (value) == RDX_VALUE_BOOL &&
         rdx_value_get_bool (value);
}

static void
enabled_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (user_data), is_true (new_value));
}

static void
report_failure (RdxActionGroup *self, RdxAction *action, const GError *error)
{
  if (g_signal_has_handler_pending (self, signals[SIGNAL_DISPATCH_FAILED], 0, TRUE))
    g_signal_emit (self, signals[SIGNAL_DISPATCH_FAILED], 0, action, error);
  else
    g_warning ("The action \"%s\" activated through an RdxActionGroup was refused: %s",
               rdx_action_get_type_name (action), error->message);
}

/* Dispatches an action of @simple's type, whose payload is @parameter. */
static void
dispatch_variant (RdxActionGroup *self, GSimpleAction *simple, GVariant *parameter)
{
  const char *type = g_action_get_name (G_ACTION (simple));
  g_autoptr (RdxValue) payload = NULL;
  g_autoptr (RdxAction) action = NULL;
  g_autoptr (GError) error = NULL;

  if (parameter != NULL)
    {
      payload = rdx_value_from_variant (parameter, &error);
      if (payload == NULL)
        {
          g_warning ("The parameter of the action \"%s\" cannot become a payload, so nothing "
                     "was dispatched: %s",
                     type, error->message);
          return;
        }
    }

  action = rdx_action_new (type, payload);
  if (!rdx_store_dispatch (self->store, action, &error))
    report_failure (self, action, error);
}

static void
activate_cb (GSimpleAction *simple, GVariant *parameter, gpointer user_data)
{
  dispatch_variant (user_data, simple, parameter);
}

/* A stateful action: a radio choice dispatches its target; a toggle (no
 * parameter) dispatches the opposite of its state. The state itself
 * changes only when the store's does. */
static void
stateful_activate_cb (GSimpleAction *simple, GVariant *parameter, gpointer user_data)
{
  g_autoptr (GVariant) state = NULL;

  if (parameter != NULL)
    {
      dispatch_variant (user_data, simple, parameter);
      return;
    }
  state = g_action_get_state (G_ACTION (simple));
  dispatch_variant (user_data, simple, g_variant_new_boolean (!g_variant_get_boolean (state)));
}

static void
change_state_cb (GSimpleAction *simple, GVariant *value, gpointer user_data)
{
  dispatch_variant (user_data, simple, value);
}

/* The state types a selected value can give: what rdx_value_to_variant()
 * makes of a boolean, an integer, a number or a string. */
static gboolean
is_state_type (const GVariantType *type)
{
  return g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN) ||
         g_variant_type_equal (type, G_VARIANT_TYPE_INT64) ||
         g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE) ||
         g_variant_type_equal (type, G_VARIANT_TYPE_STRING);
}

static GVariant *
zero_state (const GVariantType *type)
{
  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_new_boolean (FALSE);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_INT64))
    return g_variant_new_int64 (0);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
    return g_variant_new_double (0);
  return g_variant_new_string ("");
}

/* The state @value gives an action @name whose state is of @type: @value
 * itself, or the type's zero (false, 0, "") when it is missing or of
 * another kind, which is warned about. */
static GVariant *
state_from_value (const char *name, const GVariantType *type, RdxValue *value)
{
  g_autoptr (GVariant) variant = NULL;

  if (value == NULL)
    return g_variant_ref_sink (zero_state (type));
  variant = g_variant_ref_sink (rdx_value_to_variant (value));
  if (g_variant_is_of_type (variant, type))
    return g_steal_pointer (&variant);
  g_warning ("The state of the action \"%s\" must be of type \"%.*s\", but its selector "
             "selects a %s; the state is the type's empty value instead.",
             name, (int) g_variant_type_get_string_length (type), g_variant_type_peek_string (type),
             rdx_value_kind_to_string (rdx_value_get_kind (value)));
  return g_variant_ref_sink (zero_state (type));
}

static void
state_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  GAction *action = user_data;
  g_autoptr (GVariant) state = NULL;

  state =
    state_from_value (g_action_get_name (action), g_action_get_state_type (action), new_value);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
}

static gboolean
parameter_fits (GAction *action, GVariant *parameter)
{
  const GVariantType *expected = g_action_get_parameter_type (action);

  if (expected == NULL)
    return parameter == NULL;
  return parameter != NULL && g_variant_is_of_type (parameter, expected);
}

static void
rdx_action_group_activate_action (GActionGroup *group, const char *name, GVariant *parameter)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (group), name);

  if (parameter != NULL)
    g_variant_ref_sink (parameter);

  if (action != NULL && !parameter_fits (action, parameter))
    {
      const GVariantType *expected = g_action_get_parameter_type (action);
      g_autofree char    *wanted = NULL;
      g_autofree char    *given = NULL;

      wanted = expected != NULL
                 ? g_strdup_printf ("a parameter of type \"%.*s\"",
                                    (int) g_variant_type_get_string_length (expected),
                                    g_variant_type_peek_string (expected))
                 : g_strdup ("no parameter");
      given = parameter != NULL ? g_strdup_printf ("a parameter of type \"%s\"",
                                                   g_variant_get_type_string (parameter))
                                : g_strdup ("no parameter");
      g_warning ("The action \"%s\" expects %s but was activated with %s; nothing was "
                 "dispatched.",
                 name, wanted, given);
    }
  else
    parent_action_group_iface->activate_action (group, name, parameter);

  if (parameter != NULL)
    g_variant_unref (parameter);
}

static void
rdx_action_group_action_group_init (GActionGroupInterface *iface)
{
  parent_action_group_iface = g_type_interface_peek_parent (iface);
  iface->activate_action = rdx_action_group_activate_action;
}

/* Keeps @action following @selector with @func, while it lives. */
static void
watch_selector (RdxActionGroup *self,
                GSimpleAction  *action,
                const char     *key,
                RdxSelector    *selector,
                RdxWatchFunc    func)
{
  SelectorWatch *watch = g_new0 (SelectorWatch, 1);

  watch->store = g_object_ref (self->store);
  watch->watch_id = rdx_store_watch (self->store, selector, func, action, NULL);
  g_object_set_data_full (G_OBJECT (action), key, watch, selector_watch_free);
}

static void
add_action (RdxActionGroup *self, GSimpleAction *action, RdxSelector *enabled)
{
  if (enabled != NULL)
    {
      g_simple_action_set_enabled (action, is_true (rdx_store_select (self->store, enabled)));
      watch_selector (self, action, "rdx-enabled-watch", enabled, enabled_changed_cb);
    }
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
}

/**
 * rdx_action_group_add:
 * @self: an action group
 * @type: the action type, also the action's name; it must be a valid
 *   [iface@Gio.Action] name (dot-separated types are)
 * @parameter_type: (nullable): the type of the parameter, which becomes the
 *   payload, or %NULL for an action with no payload
 * @enabled: (nullable): a selector that says whether the action is enabled
 *   (boolean %TRUE), or %NULL for always enabled
 *
 * Adds (or replaces) the action for @type. Remove it with
 * [method@Gio.ActionMap.remove_action].
 *
 * Returns: %TRUE if the action was added
 */
gboolean
rdx_action_group_add (RdxActionGroup     *self,
                      const char         *type,
                      const GVariantType *parameter_type,
                      RdxSelector        *enabled)
{
  g_autoptr (GSimpleAction) action = NULL;

  g_return_val_if_fail (RDX_IS_ACTION_GROUP (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);
  g_return_val_if_fail (type != NULL && g_action_name_is_valid (type), FALSE);

  action = g_simple_action_new (type, parameter_type);
  g_signal_connect_object (action, "activate", G_CALLBACK (activate_cb), self, 0);
  add_action (self, action, enabled);
  return TRUE;
}

/**
 * rdx_action_group_add_stateful:
 * @self: an action group
 * @type: the action type, also the action's name
 * @parameter_type: (nullable): the type of the parameter and of the state,
 *   one of "s", "x", "d" and "b", for a choice among values (radio buttons,
 *   each with its `action-target`); or %NULL for a toggle, whose state is a
 *   boolean
 * @state: the selector whose value is the action's state
 * @enabled: (nullable): a selector that says whether the action is enabled
 *   (boolean %TRUE), or %NULL for always enabled
 *
 * Adds (or replaces) a stateful action for @type whose state is what
 * @state selects, kept up to date after each dispatch: a radio filter
 * reads "all", "active" or "done" from the state and shows it, with no
 * selector per button. Activating it dispatches @type with the parameter
 * as the payload (a toggle: the opposite of its state, a boolean), and so
 * does [method@Gio.ActionGroup.change_action_state] with the state asked for. The
 * state itself changes only when the store's does, so a refused dispatch
 * leaves it as it was.
 *
 * A selected value that is missing gives the state type's empty value
 * (false, 0, ""); one of another kind too, with a warning.
 *
 * Returns: %TRUE if the action was added
 */
gboolean
rdx_action_group_add_stateful (RdxActionGroup     *self,
                               const char         *type,
                               const GVariantType *parameter_type,
                               RdxSelector        *state,
                               RdxSelector        *enabled)
{
  const GVariantType *state_type = parameter_type != NULL ? parameter_type : G_VARIANT_TYPE_BOOLEAN;
  g_autoptr (GSimpleAction) action = NULL;
  g_autoptr (GVariant) initial = NULL;

  g_return_val_if_fail (RDX_IS_ACTION_GROUP (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);
  g_return_val_if_fail (type != NULL && g_action_name_is_valid (type), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (is_state_type (state_type), FALSE);

  initial = state_from_value (type, state_type, rdx_store_select (self->store, state));
  action = g_simple_action_new_stateful (type, parameter_type, initial);
  g_signal_connect_object (action, "activate", G_CALLBACK (stateful_activate_cb), self, 0);
  g_signal_connect_object (action, "change-state", G_CALLBACK (change_state_cb), self, 0);
  watch_selector (self, action, "rdx-state-watch", state, state_changed_cb);
  add_action (self, action, enabled);
  return TRUE;
}

static gboolean
add_entry (RdxActionGroup *self, const RdxActionEntry *entry)
{
  g_autoptr (GVariantType) parameter_type = NULL;
  g_autoptr (RdxSelector) enabled = NULL;
  g_autoptr (RdxSelector) state = NULL;

  if (entry->parameter_type != NULL)
    {
      if (!g_variant_type_string_is_valid (entry->parameter_type))
        {
          g_critical ("The action \"%s\" has the parameter type \"%s\", which is not a GVariant "
                      "type string; it was not added.",
                      entry->type, entry->parameter_type);
          return FALSE;
        }
      parameter_type = g_variant_type_new (entry->parameter_type);
    }

  if (entry->enabled_path != NULL)
    {
      enabled = rdx_selector_new_path (entry->enabled_path);
      if (enabled == NULL)
        return FALSE;
    }

  if (entry->state_path != NULL)
    {
      state = rdx_selector_new_path (entry->state_path);
      if (state == NULL)
        return FALSE;
      return rdx_action_group_add_stateful (self, entry->type, parameter_type, state, enabled);
    }
  return rdx_action_group_add (self, entry->type, parameter_type, enabled);
}

/**
 * rdx_store_create_action_group:
 * @store: a store
 * @entries: (array length=n_entries) (nullable): the actions to add
 * @n_entries: how many, or -1 if @entries ends with an entry whose type is
 *   %NULL
 *
 * Makes an action group whose actions dispatch to @store, as in
 *
 * |[<!-- language="C" -->
 * static const RdxActionEntry entries[] = {
 *   { .type = "accounts.deposit", .parameter_type = "a{sv}" },
 *   { .type = "transfer.requested", .parameter_type = "a{sv}",
 *     .enabled_path = "/transfer/idle" },
 *   { .type = "todos.filter", .parameter_type = "s", .state_path = "/todos/filter" },
 * };
 * group = rdx_store_create_action_group (store, entries, G_N_ELEMENTS (entries));
 * gtk_widget_insert_action_group (GTK_WIDGET (window), "rdx", G_ACTION_GROUP (group));
 * ]|
 *
 * Returns: (transfer full): a new action group
 */
RdxActionGroup *
rdx_store_create_action_group (RdxStore *store, const RdxActionEntry *entries, gint n_entries)
{
  RdxActionGroup *self;
  gint            i;

  g_return_val_if_fail (RDX_IS_STORE (store), NULL);
  g_return_val_if_fail (n_entries == 0 || entries != NULL, NULL);

  self = g_object_new (RDX_TYPE_ACTION_GROUP, "store", store, NULL);
  for (i = 0; n_entries < 0 ? entries[i].type != NULL : i < n_entries; i++)
    {
      if (entries[i].type == NULL)
        g_critical ("Entry %d given to rdx_store_create_action_group() has no type.", i);
      else
        add_entry (self, &entries[i]);
    }
  return self;
}

/**
 * rdx_action_group_get_store:
 * @self: an action group
 *
 * Gets the store the group's actions dispatch to.
 *
 * Returns: (transfer none): the store the actions dispatch to
 */
RdxStore *
rdx_action_group_get_store (RdxActionGroup *self)
{
  g_return_val_if_fail (RDX_IS_ACTION_GROUP (self), NULL);

  return self->store;
}

static void
rdx_action_group_finalize (GObject *object)
{
  RdxActionGroup *self = RDX_ACTION_GROUP (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (rdx_action_group_parent_class)->finalize (object);
}

static void
rdx_action_group_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdxActionGroup *self = RDX_ACTION_GROUP (object);

  switch (prop_id)
    {
      case PROP_STORE:
        g_value_set_object (value, self->store);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_action_group_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RdxActionGroup *self = RDX_ACTION_GROUP (object);

  switch (prop_id)
    {
      case PROP_STORE:
        self->store = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_action_group_class_init (RdxActionGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rdx_action_group_finalize;
  object_class->get_property = rdx_action_group_get_property;
  object_class->set_property = rdx_action_group_set_property;

  /**
   * RdxActionGroup:store:
   *
   * The store the actions dispatch to.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RDX_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdxActionGroup::dispatch-failed:
   * @self: the action group
   * @action: the action the store refused
   * @error: why
   *
   * Emitted when an activated action was refused by the store (a
   * middleware or the reducer), for example to show the error.
   */
  signals[SIGNAL_DISPATCH_FAILED] =
    g_signal_new ("dispatch-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, RDX_TYPE_ACTION, G_TYPE_ERROR);
}

static void
rdx_action_group_init (RdxActionGroup *self)
{
}
