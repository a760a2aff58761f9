/* rdx-list-model.c: a GListModel over a list or map in the state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-list-model-private.h"
#include "rdx-value-private.h"
#include "rdx-watch-private.h"

#include <string.h>

/* Above this many separate runs of changed keys in one map update, the
 * model emits one reset instead of a signal per run. */
#define MAX_RUNS 32

/**
 * RdxListModel:
 *
 * A [iface@Gio.ListModel] of [class@Rdx.ListItem] over the list (or map) a selector finds in
 * a store's state, kept up to date by dispatching.
 *
 * A map shows its entries sorted by key (byte order), so the order depends
 * only on the keys. Anything else (a path that does not exist, a number)
 * shows as an empty model.
 *
 * After each dispatch that changed the selected value the model emits the
 * smallest `items-changed` that takes the old value to the new one, found in
 * time that follows the size of the change rather than of the list: for a
 * list, the shared prefix and suffix (by pointer, skipping shared subtrees);
 * for a map, [method@Rdx.Value.diff] and a binary search among the sorted keys. One
 * append is `items-changed (n, 0, 1)`; one element set is `(i, 1, 1)`. A map
 * update that touches keys in several places emits one signal per run of
 * adjacent positions, in ascending order, and between two signals the model
 * shows exactly the changes signalled so far.
 *
 * The model belongs to the store's thread. It keeps a reference to the
 * store and to the selector.
 */

typedef struct
{
  guint        position;
  RdxListItem *item; /* borrowed: the item leaves the cache when finalized */
} CacheEntry;

struct _RdxListModel
{
  GObject parent_instance;

  RdxStore    *store;
  RdxSelector *selector;
  guint        watch_id;

  RdxValue    *current; /* the list or map shown; owned, nullable */
  RdxValueKind kind;    /* LIST, MAP, or NULL for empty */
  guint        n_items;
  GPtrArray   *keys;   /* maps: the keys, sorted, as owned string values */
  GArray      *cache;  /* CacheEntry, sorted by position */
  guint        serial; /* counts updates, to notice one from a handler */
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SELECTOR,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rdx_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdxListModel,
                               rdx_list_model,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rdx_list_model_list_model_init))

/* The cache of live items, sorted by position */

static guint
cache_lower_bound (RdxListModel *self, guint position)
{
  guint lo = 0, hi = self->cache->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->cache, CacheEntry, mid).position < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
rdx_list_model_forget_item (RdxListModel *self, RdxListItem *item)
{
  guint i = cache_lower_bound (self, item->position);

  g_assert (i < self->cache->len && g_array_index (self->cache, CacheEntry, i).item == item);
  g_array_remove_index (self->cache, i);
}

/* Items in [position, position + removed) leave the cache; those after
 * move by added - removed. */
static void
cache_splice (RdxListModel *self, guint position, guint removed, guint added)
{
  guint lo = cache_lower_bound (self, position);
  guint hi = cache_lower_bound (self, position + removed);
  guint i;

  for (i = lo; i < hi; i++)
    g_array_index (self->cache, CacheEntry, i).item->model = NULL;
  g_array_remove_range (self->cache, lo, hi - lo);

  if (added == removed)
    return;
  for (i = lo; i < self->cache->len; i++)
    {
      CacheEntry *entry = &g_array_index (self->cache, CacheEntry, i);

      entry->position = entry->position + added - removed;
      entry->item->position = entry->position;
    }
}

static void
cache_clear (RdxListModel *self)
{
  cache_splice (self, 0, G_MAXUINT, 0);
}

/* The model */

static RdxListItem *
make_item (RdxListModel *self, guint position)
{
  RdxListItem *item = g_object_new (RDX_TYPE_LIST_ITEM, NULL);
  CacheEntry   entry = { position, item };

  if (self->kind == RDX_VALUE_LIST)
    item->value = rdx_value_ref (rdx_list_get (self->current, position));
  else
    {
      item->key = rdx_value_ref (g_ptr_array_index (self->keys, position));
      item->value = rdx_value_ref (rdx_map_get (self->current, rdx_value_get_string (item->key)));
    }
  item->model = self;
  item->position = position;
  g_array_insert_val (self->cache, cache_lower_bound (self, position), entry);
  return item;
}

static gpointer
rdx_list_model_get_item (GListModel *model, guint position)
{
  RdxListModel *self = RDX_LIST_MODEL (model);
  guint         i;

  if (position >= self->n_items)
    return NULL;

  i = cache_lower_bound (self, position);
  if (i < self->cache->len && g_array_index (self->cache, CacheEntry, i).position == position)
    return g_object_ref (g_array_index (self->cache, CacheEntry, i).item);
  return make_item (self, position);
}

static GType
rdx_list_model_get_item_type (GListModel *model)
{
  return RDX_TYPE_LIST_ITEM;
}

static guint
rdx_list_model_get_n_items (GListModel *model)
{
  return RDX_LIST_MODEL (model)->n_items;
}

static void
rdx_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item = rdx_list_model_get_item;
  iface->get_item_type = rdx_list_model_get_item_type;
  iface->get_n_items = rdx_list_model_get_n_items;
}

static void
emit (RdxListModel *self, guint position, guint removed, guint added)
{
  if (removed == 0 && added == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_current (RdxListModel *self, RdxValue *value)
{
  if (value != NULL)
    rdx_value_ref (value);
  g_clear_pointer (&self->current, rdx_value_unref);
  self->current = value;
}

static int
compare_keys (gconstpointer a, gconstpointer b)
{
  return strcmp (rdx_value_get_string (*(RdxValue *const *) a),
                 rdx_value_get_string (*(RdxValue *const *) b));
}

/* The index of the first key >= @key, and whether it is @key. */
static guint
keys_lower_bound (GPtrArray *keys, const char *key, gboolean *found)
{
  guint lo = 0, hi = keys->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strcmp (rdx_value_get_string (keys->pdata[mid]), key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *found = lo < keys->len && strcmp (rdx_value_get_string (keys->pdata[lo]), key) == 0;
  return lo;
}

static RdxValueKind
shown_kind (RdxValue *value)
{
  RdxValueKind kind = value != NULL ? rdx_value_get_kind (value) : RDX_VALUE_NULL;

  return kind == RDX_VALUE_LIST || kind == RDX_VALUE_MAP ? kind : RDX_VALUE_NULL;
}

/* Shows @value without a signal; returns the new number of items. */
static guint
load (RdxListModel *self, RdxValue *value)
{
  self->kind = shown_kind (value);
  set_current (self, self->kind != RDX_VALUE_NULL ? value : NULL);
  g_ptr_array_set_size (self->keys, 0);
  cache_clear (self);

  if (self->kind == RDX_VALUE_LIST)
    self->n_items = rdx_list_length (value);
  else if (self->kind == RDX_VALUE_MAP)
    {
      RdxMapIter iter;

      rdx_map_iter_init (&iter, value);
      while (rdx_map_iter_next (&iter, NULL, NULL))
        g_ptr_array_add (self->keys, rdx_value_ref (rdx_map_iter_get_key (&iter)));
      g_ptr_array_sort (self->keys, compare_keys);
      self->n_items = self->keys->len;
    }
  else
    self->n_items = 0;
  return self->n_items;
}

static void
update_reset (RdxListModel *self, RdxValue *value)
{
  guint old_n = self->n_items;

  emit (self, 0, old_n, load (self, value));
}

static void
update_list (RdxListModel *self, RdxValue *list)
{
  guint old_n = self->n_items, new_n = rdx_list_length (list);
  guint prefix = rdx_list_common_prefix (self->current, list);
  guint suffix = rdx_list_common_suffix (self->current, list, MIN (old_n, new_n) - prefix);
  guint removed = old_n - prefix - suffix, added = new_n - prefix - suffix;

  set_current (self, list);
  self->n_items = new_n;
  cache_splice (self, prefix, removed, added);
  emit (self, prefix, removed, added);
}

/* Map updates */

typedef struct
{
  char    *key;
  guint    old_position; /* of the first old key >= key */
  gboolean in_old;
  gboolean in_new;
  gboolean starts_run;
} Change;

static void
clear_change (gpointer data)
{
  g_free (((Change *) data)->key);
}

static gboolean
collect_change_cb (const char *key, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  GArray *changes = user_data;
  Change  change = { g_strdup (key), 0, FALSE, FALSE, FALSE };

  g_array_append_val (changes, change);
  return TRUE;
}

static int
compare_changes (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Change *) a)->key, ((const Change *) b)->key);
}

/* Sorts the changed keys, drops repeats, finds where each one was and
 * which ones start a run of adjacent positions. Returns the number of runs. */
static guint
plan_changes (RdxListModel *self, GArray *changes, RdxValue *map)
{
  guint i, j = 0, runs = 0;

  g_array_sort (changes, compare_changes);
  for (i = 0; i < changes->len; i++)
    {
      Change *change = &g_array_index (changes, Change, i);

      if (j > 0 && strcmp (g_array_index (changes, Change, j - 1).key, change->key) == 0)
        {
          g_free (change->key);
          continue;
        }
      g_array_index (changes, Change, j++) = *change;
    }
  g_array_set_size (changes, j);

  for (i = 0; i < changes->len; i++)
    {
      Change *change = &g_array_index (changes, Change, i);
      Change *prev = i > 0 ? change - 1 : NULL;

      change->old_position = keys_lower_bound (self->keys, change->key, &change->in_old);
      change->in_new = rdx_map_contains (map, change->key);
      change->starts_run =
        prev == NULL || change->old_position != prev->old_position + (prev->in_old ? 1 : 0);
      runs += change->starts_run ? 1 : 0;
    }
  return runs;
}

/* Replaces keys [position, position + removed) with the new keys of the
 * run changes[first..last); earlier runs moved the old keys by @delta. */
static void
splice_keys (RdxListModel *self,
             GArray       *changes,
             guint         first,
             guint         last,
             gint          delta,
             guint         position,
             guint         removed,
             guint         added)
{
  GPtrArray *keys = self->keys;
  RdxValue **fresh = g_new (RdxValue *, MAX (added, 1));
  guint      i, n = 0, tail;

  for (i = first; i < last; i++)
    {
      Change *change = &g_array_index (changes, Change, i);

      if (!change->in_new)
        continue;
      if (change->in_old)
        fresh[n++] = rdx_value_ref (keys->pdata[change->old_position + delta]);
      else
        fresh[n++] = rdx_value_new_string (change->key);
    }

  g_ptr_array_remove_range (keys, position, removed);
  tail = keys->len - position;
  g_ptr_array_set_size (keys, keys->len + added);
  memmove (keys->pdata + position + added, keys->pdata + position, tail * sizeof (gpointer));
  memcpy (keys->pdata + position, fresh, added * sizeof (gpointer));
  g_free (fresh);
}

/* The map after applying the run changes[first..last) to @from. */
static RdxValue *
apply_run (RdxValue *from, RdxValue *to, GArray *changes, guint first, guint last)
{
  RdxValue *map = rdx_value_ref (from);
  guint     i;

  for (i = first; i < last; i++)
    {
      Change   *change = &g_array_index (changes, Change, i);
      RdxValue *next = change->in_new
                         ? rdx_map_set (map, change->key, rdx_map_get (to, change->key))
                         : rdx_map_remove (map, change->key);

      rdx_value_unref (map);
      map = next;
    }
  return map;
}

static void
update_map (RdxListModel *self, RdxValue *map)
{
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  guint serial = self->serial;
  guint first, last;
  gint  delta = 0;

  g_array_set_clear_func (changes, clear_change);
  rdx_map_diff_keys (self->current, map, collect_change_cb, changes);
  if (plan_changes (self, changes, map) > MAX_RUNS)
    {
      update_reset (self, map);
      return;
    }

  for (first = 0; first < changes->len; first = last)
    {
      Change   *start = &g_array_index (changes, Change, first);
      guint     position = start->old_position + delta;
      guint     removed = 0, added = 0;
      RdxValue *next;

      for (last = first; last < changes->len; last++)
        {
          Change *change = &g_array_index (changes, Change, last);

          if (last > first && change->starts_run)
            break;
          removed += change->in_old ? 1 : 0;
          added += change->in_new ? 1 : 0;
        }

      /* Between signals the model shows the runs signalled so far. */
      splice_keys (self, changes, first, last, delta, position, removed, added);
      next = last == changes->len ? rdx_value_ref (map)
                                  : apply_run (self->current, map, changes, first, last);
      set_current (self, next);
      rdx_value_unref (next);
      self->n_items = self->n_items + added - removed;
      cache_splice (self, position, removed, added);
      emit (self, position, removed, added);

      /* A handler dispatched, and that update showed the newest state. */
      if (self->serial != serial)
        return;
      delta += (gint) added - (gint) removed;
    }
  set_current (self, map);
}

static void
update (RdxListModel *self, RdxValue *value)
{
  RdxValueKind kind = shown_kind (value);

  g_object_ref (self);
  self->serial++;
  if (kind == RDX_VALUE_LIST && self->kind == RDX_VALUE_LIST)
    update_list (self, value);
  else if (kind == RDX_VALUE_MAP && self->kind == RDX_VALUE_MAP)
    update_map (self, value);
  else if (kind != RDX_VALUE_NULL || self->kind != RDX_VALUE_NULL)
    update_reset (self, value);
  g_object_unref (self);
}

static void
selection_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  /* The diff starts from what the model shows, which a nested update may
   * have moved past @old_value. */
  update (user_data, new_value);
}

static void
rdx_list_model_constructed (GObject *object)
{
  RdxListModel *self = RDX_LIST_MODEL (object);

  G_OBJECT_CLASS (rdx_list_model_parent_class)->constructed (object);

  if (self->store == NULL || self->selector == NULL)
    {
      g_critical ("An RdxListModel needs a store and a selector; make it with "
                  "rdx_list_model_new().");
      return;
    }
  load (self, rdx_store_select (self->store, self->selector));
  self->watch_id = rdx_store_watch_full (self->store, self->selector, RDX_WATCH_POINTER_ONLY,
                                         selection_changed_cb, self, NULL);
}

static void
rdx_list_model_dispose (GObject *object)
{
  RdxListModel *self = RDX_LIST_MODEL (object);

  if (self->watch_id != 0)
    rdx_store_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  cache_clear (self);
  g_ptr_array_set_size (self->keys, 0);
  g_clear_pointer (&self->current, rdx_value_unref);
  self->kind = RDX_VALUE_NULL;
  self->n_items = 0;

  G_OBJECT_CLASS (rdx_list_model_parent_class)->dispose (object);
}

static void
rdx_list_model_finalize (GObject *object)
{
  RdxListModel *self = RDX_LIST_MODEL (object);

  g_array_unref (self->cache);
  g_ptr_array_unref (self->keys);
  g_clear_object (&self->store);
  g_clear_pointer (&self->selector, rdx_selector_unref);

  G_OBJECT_CLASS (rdx_list_model_parent_class)->finalize (object);
}

static void
rdx_list_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RdxListModel *self = RDX_LIST_MODEL (object);

  switch (prop_id)
    {
      case PROP_STORE:
        g_value_set_object (value, self->store);
        break;
      case PROP_SELECTOR:
        g_value_set_boxed (value, self->selector);
        break;
      case PROP_ITEM_TYPE:
        g_value_set_gtype (value, RDX_TYPE_LIST_ITEM);
        break;
      case PROP_N_ITEMS:
        g_value_set_uint (value, self->n_items);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_list_model_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RdxListModel *self = RDX_LIST_MODEL (object);

  switch (prop_id)
    {
      case PROP_STORE:
        self->store = g_value_dup_object (value);
        break;
      case PROP_SELECTOR:
        self->selector = g_value_dup_boxed (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdx_list_model_class_init (RdxListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rdx_list_model_constructed;
  object_class->dispose = rdx_list_model_dispose;
  object_class->finalize = rdx_list_model_finalize;
  object_class->get_property = rdx_list_model_get_property;
  object_class->set_property = rdx_list_model_set_property;

  /**
   * RdxListModel:store:
   *
   * The store whose state the model shows.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RDX_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RdxListModel:selector:
   *
   * The selector that finds the list or map in the state.
   */
  properties[PROP_SELECTOR] =
    g_param_spec_boxed ("selector", NULL, NULL, RDX_TYPE_SELECTOR,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RdxListModel:item-type:
   *
   * The type of the items: [class@Rdx.ListItem].
   */
  properties[PROP_ITEM_TYPE] = g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdxListModel:n-items:
   *
   * The number of items, notified after `items-changed` when it changed.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rdx_list_model_init (RdxListModel *self)
{
  self->kind = RDX_VALUE_NULL;
  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) rdx_value_unref);
  self->cache = g_array_new (FALSE, FALSE, sizeof (CacheEntry));
}

/**
 * rdx_list_model_new:
 * @store: a store
 * @selector: finds the list or map to show in the state
 *
 * Makes a model over the list or map @selector finds in @store's state.
 *
 * Returns: (transfer full): a new model
 */
RdxListModel *
rdx_list_model_new (RdxStore *store, RdxSelector *selector)
{
  g_return_val_if_fail (RDX_IS_STORE (store), NULL);
  g_return_val_if_fail (selector != NULL, NULL);

  return g_object_new (RDX_TYPE_LIST_MODEL, "store", store, "selector", selector, NULL);
}

/**
 * rdx_list_model_new_for_path:
 * @store: a store
 * @path: a JSON Pointer to the list or map, such as "/transactions"
 *
 * Like [ctor@Rdx.ListModel.new] with [ctor@Rdx.Selector.new_path].
 *
 * Returns: (transfer full) (nullable): a new model, %NULL if @path is
 *   malformed
 */
RdxListModel *
rdx_list_model_new_for_path (RdxStore *store, const char *path)
{
  g_autoptr (RdxSelector) selector = NULL;

  g_return_val_if_fail (RDX_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  selector = rdx_selector_new_path (path);
  if (selector == NULL)
    return NULL;
  return rdx_list_model_new (store, selector);
}

/**
 * rdx_list_model_get_store:
 * @self: a model
 *
 * Gets the store the model follows.
 *
 * Returns: (transfer none): the store
 */
RdxStore *
rdx_list_model_get_store (RdxListModel *self)
{
  g_return_val_if_fail (RDX_IS_LIST_MODEL (self), NULL);

  return self->store;
}

/**
 * rdx_list_model_get_selector:
 * @self: a model
 *
 * Gets the selector that picks the list or map the model shows.
 *
 * Returns: (transfer none): the selector
 */
RdxSelector *
rdx_list_model_get_selector (RdxListModel *self)
{
  g_return_val_if_fail (RDX_IS_LIST_MODEL (self), NULL);

  return self->selector;
}

/**
 * rdx_list_model_get_value:
 * @self: a model
 *
 * Gets the list or map the model shows now.
 *
 * Returns: (transfer none) (nullable): the list or map the model shows,
 *   %NULL when it is empty because the selector found neither
 */
RdxValue *
rdx_list_model_get_value (RdxListModel *self)
{
  g_return_val_if_fail (RDX_IS_LIST_MODEL (self), NULL);

  return self->current;
}

guint
rdx_list_model_get_n_cached_for_testing (RdxListModel *self)
{
  g_return_val_if_fail (RDX_IS_LIST_MODEL (self), 0);

  return self->cache->len;
}
