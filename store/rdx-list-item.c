/* rdx-list-item.c: one element of an RdxListModel
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-list-model-private.h"

/**
 * RdxListItem:
 *
 * One element of an [class@Rdx.ListModel]: its value and, for maps, its key. Items
 * are immutable: when an element changes the model emits `items-changed`
 * and a new item takes its place. They are made when asked for and shared
 * while alive, so a view over 100,000 rows makes items for the rows it
 * shows only.
 */

enum
{
  ITEM_PROP_0,
  ITEM_PROP_VALUE,
  ITEM_PROP_KEY,
  ITEM_PROP_TEXT,
  N_ITEM_PROPS
};

static GParamSpec *item_properties[N_ITEM_PROPS];

G_DEFINE_FINAL_TYPE (RdxListItem, rdx_list_item, G_TYPE_OBJECT)

static void
rdx_list_item_finalize (GObject *object)
{
  RdxListItem *self = RDX_LIST_ITEM (object);

  if (self->model != NULL)
    rdx_list_model_forget_item (self->model, self);
  g_clear_pointer (&self->value, rdx_value_unref);
  g_clear_pointer (&self->key, rdx_value_unref);

  G_OBJECT_CLASS (rdx_list_item_parent_class)->finalize (object);
}

static void
rdx_list_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdxListItem *self = RDX_LIST_ITEM (object);

  switch (prop_id)
    {
      case ITEM_PROP_VALUE:
        g_value_set_boxed (value, self->value);
        break;
      case ITEM_PROP_KEY:
        g_value_set_string (value, rdx_list_item_get_key (self));
        break;
      case ITEM_PROP_TEXT:
        g_value_take_string (value, rdx_list_item_dup_text (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_list_item_class_init (RdxListItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rdx_list_item_finalize;
  object_class->get_property = rdx_list_item_get_property;

  /**
   * RdxListItem:value:
   *
   * The element's value.
   */
  item_properties[ITEM_PROP_VALUE] = g_param_spec_boxed ("value", NULL, NULL, RDX_TYPE_VALUE,
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdxListItem:key:
   *
   * The element's key when the model is over a map, %NULL over a list.
   */
  item_properties[ITEM_PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdxListItem:text:
   *
   * The value as text, for labels: a string as it is, null as "", anything
   * else as canonical JSON.
   */
  item_properties[ITEM_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_ITEM_PROPS, item_properties);
}

static void
rdx_list_item_init (RdxListItem *self)
{
}

/**
 * rdx_list_item_get_value:
 * @self: an item
 *
 * Gets the item's value.
 *
 * Returns: (transfer none): the element's value
 */
RdxValue *
rdx_list_item_get_value (RdxListItem *self)
{
  g_return_val_if_fail (RDX_IS_LIST_ITEM (self), NULL);

  return self->value;
}

/**
 * rdx_list_item_get_key:
 * @self: an item
 *
 * Gets the item's key, when the model shows a map.
 *
 * Returns: (nullable): the element's key in a map, %NULL in a list
 */
const char *
rdx_list_item_get_key (RdxListItem *self)
{
  g_return_val_if_fail (RDX_IS_LIST_ITEM (self), NULL);

  return self->key != NULL ? rdx_value_get_string (self->key) : NULL;
}

/**
 * rdx_list_item_dup_text:
 * @self: an item
 *
 * Gets the item's value as text.
 *
 * Returns: (transfer full): the value as text (see [property@Rdx.ListItem:text])
 */
char *
rdx_list_item_dup_text (RdxListItem *self)
{
  g_return_val_if_fail (RDX_IS_LIST_ITEM (self), NULL);

  switch (rdx_value_get_kind (self->value))
    {
      case RDX_VALUE_STRING:
        return g_strdup (rdx_value_get_string (self->value));
      case RDX_VALUE_NULL:
        return g_strdup ("");
      default:
        return rdx_value_to_json (self->value);
    }
}
