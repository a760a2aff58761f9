/* rdx-binding.c: GObject properties that follow a selector
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-core.h"

/* A binding is a watch whose callback sets the property. It holds a weak
 * reference on the target: when the target is finalized, the watch goes;
 * when the watch goes (unwatched, or the store finalized), the weak
 * reference goes. */

typedef struct
{
  RdxStore               *store; /* borrowed: the binding lives in its watch */
  guint                   id;
  GObject                *target; /* weak, NULL once finalized */
  GParamSpec             *pspec;
  RdxBindingTransformFunc transform;
  gpointer                user_data;
  GDestroyNotify          destroy;
  gboolean                warned;
} Binding;

static void
target_finalized_cb (gpointer data, GObject *where_the_object_was)
{
  Binding *binding = data;

  binding->target = NULL;
  rdx_store_unwatch (binding->store, binding->id);
}

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  if (binding->target != NULL)
    g_object_weak_unref (binding->target, target_finalized_cb, binding);
  if (binding->destroy != NULL)
    binding->destroy (binding->user_data);
  g_param_spec_unref (binding->pspec);
  g_free (binding);
}

static void
binding_apply (Binding *binding, RdxValue *value)
{
  g_auto (GValue) to_value = G_VALUE_INIT;
  gboolean ok;

  if (binding->target == NULL)
    return;

  g_value_init (&to_value, G_PARAM_SPEC_VALUE_TYPE (binding->pspec));
  if (binding->transform != NULL)
    ok = binding->transform (value, &to_value, binding->user_data);
  else if (value == NULL)
    {
      g_param_value_set_default (binding->pspec, &to_value);
      ok = TRUE;
    }
  else
    ok = rdx_value_to_gvalue (value, &to_value);

  /* Out of the property's range (validating would clamp it) is no fit. */
  if (ok && g_param_value_validate (binding->pspec, &to_value))
    {
      if (!binding->warned)
        g_warning ("The value selected for the property \"%s\" of a %s is out of its range; it "
                   "keeps its value.",
                   binding->pspec->name, G_OBJECT_TYPE_NAME (binding->target));
      binding->warned = TRUE;
      ok = FALSE;
    }

  if (ok)
    {
      GObject *target = g_object_ref (binding->target);

      g_object_set_property (target, binding->pspec->name, &to_value);
      g_object_unref (target);
    }
  else if (binding->transform == NULL && !binding->warned)
    {
      binding->warned = TRUE;
      g_warning ("A %s value cannot be shown in the property \"%s\" (of type %s) of a %s; bind "
                 "with rdx_store_bind_property_full() and a transform.",
                 rdx_value_kind_to_string (rdx_value_get_kind (value)), binding->pspec->name,
                 g_type_name (G_PARAM_SPEC_VALUE_TYPE (binding->pspec)),
                 G_OBJECT_TYPE_NAME (binding->target));
    }
}

static void
selection_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  binding_apply (user_data, new_value);
}

/**
 * rdx_store_bind_property_full:
 * @store: a store
 * @selector: what to show
 * @target: (type GObject.Object): the object whose property follows it
 * @property: the name of a writable property of @target
 * @transform: (nullable): converts the selected value into the property's
 *   type, or %NULL for [method@Rdx.Value.to_gvalue]
 * @user_data: data for @transform
 * @destroy: (nullable): frees @user_data when the binding goes
 *
 * Sets @property of @target to what @selector selects, now and after every
 * dispatch that changes it (by the rules of [method@Rdx.Store.watch]), through
 * @transform. Without a transform, a value that does not exist (%NULL) sets
 * the property to its default, and a value that does not fit the property
 * leaves it alone, with one warning.
 *
 * The binding does not keep @target alive: it goes when @target is
 * finalized, when the store is finalized, or with [method@Rdx.Store.unwatch] and
 * the id returned. It works on the store's thread, and @target must be
 * finalized there too.
 *
 * Returns: an id > 0 for [method@Rdx.Store.unwatch], or 0 on error
 */
guint
rdx_store_bind_property_full (RdxStore               *store,
                              RdxSelector            *selector,
                              gpointer                target,
                              const char             *property,
                              RdxBindingTransformFunc transform,
                              gpointer                user_data,
                              GDestroyNotify          destroy)
{
  Binding    *binding;
  GParamSpec *pspec;

  g_return_val_if_fail (RDX_IS_STORE (store), 0);
  g_return_val_if_fail (selector != NULL, 0);
  g_return_val_if_fail (G_IS_OBJECT (target), 0);
  g_return_val_if_fail (property != NULL, 0);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (target), property);
  if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE) ||
      (pspec->flags & G_PARAM_CONSTRUCT_ONLY))
    {
      g_critical ("A %s has no writable property \"%s\" to bind to.", G_OBJECT_TYPE_NAME (target),
                  property);
      return 0;
    }

  binding = g_new0 (Binding, 1);
  binding->store = store;
  binding->target = target;
  binding->pspec = g_param_spec_ref (pspec);
  binding->transform = transform;
  binding->user_data = user_data;
  binding->destroy = destroy;
  g_object_weak_ref (target, target_finalized_cb, binding);

  binding->id = rdx_store_watch (store, selector, selection_changed_cb, binding, binding_free);
  if (binding->id == 0)
    {
      binding_free (binding);
      return 0;
    }
  binding_apply (binding, rdx_store_select (store, selector));
  return binding->id;
}

/**
 * rdx_store_bind_property:
 * @store: a store
 * @selector: what to show
 * @target: (type GObject.Object): the object whose property follows it
 * @property: the name of a writable property of @target
 *
 * [method@Rdx.Store.bind_property_full] without a transform: the selected value
 * is converted with [method@Rdx.Value.to_gvalue].
 *
 * Returns: an id > 0 for [method@Rdx.Store.unwatch], or 0 on error
 */
guint
rdx_store_bind_property (RdxStore    *store,
                         RdxSelector *selector,
                         gpointer     target,
                         const char  *property)
{
  return rdx_store_bind_property_full (store, selector, target, property, NULL, NULL, NULL);
}

/* Conversions */

static gboolean
set_integer (GValue *to_value, gint64 v)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (to_value)))
    {
      case G_TYPE_CHAR:
        if (v < G_MININT8 || v > G_MAXINT8)
          return FALSE;
        g_value_set_schar (to_value, (gint8) v);
        return TRUE;
      case G_TYPE_UCHAR:
        if (v < 0 || v > G_MAXUINT8)
          return FALSE;
        g_value_set_uchar (to_value, (guchar) v);
        return TRUE;
      case G_TYPE_INT:
        if (v < G_MININT || v > G_MAXINT)
          return FALSE;
        g_value_set_int (to_value, (int) v);
        return TRUE;
      case G_TYPE_UINT:
        if (v < 0 || v > G_MAXUINT)
          return FALSE;
        g_value_set_uint (to_value, (guint) v);
        return TRUE;
      case G_TYPE_LONG:
        if (v < G_MINLONG || v > G_MAXLONG)
          return FALSE;
        g_value_set_long (to_value, (long) v);
        return TRUE;
      case G_TYPE_ULONG:
        if (v < 0 || (guint64) v > G_MAXULONG)
          return FALSE;
        g_value_set_ulong (to_value, (gulong) v);
        return TRUE;
      case G_TYPE_INT64:
        g_value_set_int64 (to_value, v);
        return TRUE;
      case G_TYPE_UINT64:
        if (v < 0)
          return FALSE;
        g_value_set_uint64 (to_value, (guint64) v);
        return TRUE;
      default:
        return FALSE;
    }
}

static gboolean
set_enum (GValue *to_value, RdxValue *value)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (G_VALUE_TYPE (to_value));
  GEnumValue *found = NULL;

  if (rdx_value_get_kind (value) == RDX_VALUE_INT)
    {
      gint64 v = rdx_value_get_int (value);

      if (v >= G_MININT && v <= G_MAXINT)
        found = g_enum_get_value (klass, (int) v);
    }
  else if (rdx_value_get_kind (value) == RDX_VALUE_STRING)
    {
      found = g_enum_get_value_by_nick (klass, rdx_value_get_string (value));
      if (found == NULL)
        found = g_enum_get_value_by_name (klass, rdx_value_get_string (value));
    }
  if (found == NULL)
    return FALSE;
  g_value_set_enum (to_value, found->value);
  return TRUE;
}

/**
 * rdx_value_to_gvalue:
 * @value: (nullable): a value
 * @to_value: a [struct@GObject.Value] initialized to the type wanted
 *
 * Converts @value into @to_value's type where that is lossless: a string
 * property takes a string as it is and anything else as canonical JSON; a
 * boolean takes a boolean; integer types take an integer in their range;
 * floating types an integer or a double they hold exactly (an integer up
 * to 2^53 for a double, 2^24 for a float); an enum an integer it defines or
 * a value's nick or name; flags an integer; %RDX_TYPE_VALUE the value
 * itself; %G_TYPE_VARIANT its [method@Rdx.Value.to_variant]. %NULL and the null
 * value give the type's zero value (0, %FALSE, %NULL).
 *
 * Returns: %TRUE if @to_value was set, %FALSE if @value does not fit
 */
gboolean
rdx_value_to_gvalue (RdxValue *value, GValue *to_value)
{
  GType        type;
  RdxValueKind kind;

  g_return_val_if_fail (G_IS_VALUE (to_value), FALSE);

  type = G_VALUE_TYPE (to_value);
  kind = value != NULL ? rdx_value_get_kind (value) : RDX_VALUE_NULL;

  if (type == RDX_TYPE_VALUE)
    {
      g_value_set_boxed (to_value, value);
      return TRUE;
    }
  if (kind == RDX_VALUE_NULL)
    {
      g_value_reset (to_value);
      return TRUE;
    }

  switch (G_TYPE_FUNDAMENTAL (type))
    {
      case G_TYPE_STRING:
        if (kind == RDX_VALUE_STRING)
          g_value_set_string (to_value, rdx_value_get_string (value));
        else
          g_value_take_string (to_value, rdx_value_to_json (value));
        return TRUE;
      case G_TYPE_BOOLEAN:
        if (kind != RDX_VALUE_BOOL)
          return FALSE;
        g_value_set_boolean (to_value, rdx_value_get_bool (value));
        return TRUE;
      case G_TYPE_DOUBLE:
      case G_TYPE_FLOAT:
        {
          gboolean is_float = G_TYPE_FUNDAMENTAL (type) == G_TYPE_FLOAT;
          double   d;

          /* Only what the target holds exactly: a cent lost to rounding is
           * a wrong balance. */
          if (kind == RDX_VALUE_INT)
            {
              gint64 i = rdx_value_get_int (value);

              /* Beyond 2^53 (2^24 for float) not every integer exists. */
              if (i < -(G_GINT64_CONSTANT (1) << (is_float ? 24 : 53)) ||
                  i > (G_GINT64_CONSTANT (1) << (is_float ? 24 : 53)))
                return FALSE;
              d = (double) i;
            }
          else if (kind == RDX_VALUE_DOUBLE)
            {
              d = rdx_value_get_double (value);
              if (is_float && (d > G_MAXFLOAT || d < -G_MAXFLOAT || (double) (float) d != d))
                return FALSE;
            }
          else
            {
              return FALSE;
            }
          if (is_float)
            g_value_set_float (to_value, (float) d);
          else
            g_value_set_double (to_value, d);
          return TRUE;
        }
      case G_TYPE_ENUM:
        return set_enum (to_value, value);
      case G_TYPE_FLAGS:
        if (kind != RDX_VALUE_INT || rdx_value_get_int (value) < 0 ||
            rdx_value_get_int (value) > G_MAXUINT)
          return FALSE;
        g_value_set_flags (to_value, (guint) rdx_value_get_int (value));
        return TRUE;
      case G_TYPE_VARIANT:
        g_value_set_variant (to_value, rdx_value_to_variant (value));
        return TRUE;
      default:
        return kind == RDX_VALUE_INT && set_integer (to_value, rdx_value_get_int (value));
    }
}
