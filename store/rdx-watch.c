/* rdx-watch.c: callbacks when a selected value changes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "rdx-watch-private.h"

/* All the watches of a store share one listener, the hub, kept on the store
 * as qdata and freed with it. While the hub notifies, removed watches leave
 * a NULL in the array (so indices stay put) and the array is compacted
 * afterwards; each watch is reference counted so that removing one from its
 * own callback frees it only once the callback returned. */

typedef struct
{
  guint          ref_count;
  guint          id;
  RdxWatchFlags  flags;
  RdxSelector   *selector;
  RdxValue      *last; /* owned, nullable */
  RdxWatchFunc   func;
  gpointer       user_data;
  GDestroyNotify destroy;
} Watch;

typedef struct
{
  GPtrArray *watches;
  guint      last_id;
  guint      notifying;
  gboolean   has_holes;
  RdxValue  *seen; /* the state the watches last looked at (a reference, so
                    * its address cannot be reused by another state) */
} Hub;

static GQuark
hub_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("rdx-watch-hub");
  return quark;
}

static void
watch_unref (Watch *watch)
{
  if (--watch->ref_count > 0)
    return;
  if (watch->destroy != NULL)
    watch->destroy (watch->user_data);
  rdx_selector_unref (watch->selector);
  g_clear_pointer (&watch->last, rdx_value_unref);
  g_free (watch);
}

static void
watch_update (Watch *watch, RdxStore *store)
{
  RdxValue *value = rdx_store_select (store, watch->selector);
  g_autoptr (RdxValue) old = NULL;
  g_autoptr (RdxValue) current = NULL;

  if (value == watch->last)
    return;

  old = watch->last;
  watch->last = value != NULL ? rdx_value_ref (value) : NULL;
  if (!(watch->flags & RDX_WATCH_POINTER_ONLY) && rdx_value_equal (old, value))
    return;

  /* The callback gets references of its own: a dispatch it makes replaces
   * watch->last. */
  current = value != NULL ? rdx_value_ref (value) : NULL;
  watch->ref_count++;
  watch->func (store, old, current, watch->user_data);
  watch_unref (watch);
}

/* Drops the holes removals left during a notification. */
static void
hub_compact (Hub *hub)
{
  guint i, j = 0;

  for (i = 0; i < hub->watches->len; i++)
    if (hub->watches->pdata[i] != NULL)
      hub->watches->pdata[j++] = hub->watches->pdata[i];
  g_ptr_array_set_size (hub->watches, j);
  hub->has_holes = FALSE;
}

static void
hub_notify_cb (RdxStore *store, gpointer user_data)
{
  Hub      *hub = user_data;
  RdxValue *state = rdx_store_get_state (store);
  guint     n = hub->watches->len;
  guint     i;

  /* Listeners run after every dispatch, but selectors are pure: when the
   * state is the one the watches last saw, nothing they select changed. (A
   * callback dropping the last reference to the store is safe: the store
   * stays alive until its dispatch is over.) */
  if (state == hub->seen)
    return;
  g_clear_pointer (&hub->seen, rdx_value_unref);
  hub->seen = rdx_value_ref (state);

  hub->notifying++;
  for (i = 0; i < n; i++)
    {
      Watch *watch = g_ptr_array_index (hub->watches, i);

      if (watch != NULL)
        watch_update (watch, store);
    }
  if (--hub->notifying == 0 && hub->has_holes)
    hub_compact (hub);
}

static void
hub_free (gpointer data)
{
  Hub  *hub = data;
  guint i;

  for (i = 0; i < hub->watches->len; i++)
    if (g_ptr_array_index (hub->watches, i) != NULL)
      watch_unref (g_ptr_array_index (hub->watches, i));
  g_ptr_array_free (hub->watches, TRUE);
  g_clear_pointer (&hub->seen, rdx_value_unref);
  g_free (hub);
}

static Hub *
hub_get (RdxStore *store)
{
  Hub *hub = g_object_get_qdata (G_OBJECT (store), hub_quark ());

  if (hub != NULL)
    return hub;

  hub = g_new0 (Hub, 1);
  hub->watches = g_ptr_array_new ();
  if (rdx_store_subscribe (store, hub_notify_cb, hub, NULL) == 0)
    {
      hub_free (hub);
      return NULL;
    }
  g_object_set_qdata_full (G_OBJECT (store), hub_quark (), hub, hub_free);
  return hub;
}

guint
rdx_store_watch_full (RdxStore      *store,
                      RdxSelector   *selector,
                      RdxWatchFlags  flags,
                      RdxWatchFunc   func,
                      gpointer       user_data,
                      GDestroyNotify destroy)
{
  RdxValue *value;
  Watch    *watch;
  Hub      *hub;

  g_return_val_if_fail (RDX_IS_STORE (store), 0);
  g_return_val_if_fail (selector != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  hub = hub_get (store);
  if (hub == NULL)
    {
      /* As on every failure, @user_data is not kept: free it. */
      if (destroy != NULL)
        destroy (user_data);
      return 0;
    }

  value = rdx_store_select (store, selector);
  watch = g_new0 (Watch, 1);
  watch->ref_count = 1;
  if (++hub->last_id == 0)
    ++hub->last_id;
  watch->id = hub->last_id;
  watch->flags = flags;
  watch->selector = rdx_selector_ref (selector);
  watch->last = value != NULL ? rdx_value_ref (value) : NULL;
  watch->func = func;
  watch->user_data = user_data;
  watch->destroy = destroy;
  g_ptr_array_add (hub->watches, watch);
  return watch->id;
}

/**
 * rdx_store_watch:
 * @store: a store
 * @selector: what to watch
 * @func: called when the selected value changed
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the watch is removed
 *
 * Calls @func after a dispatch whenever the value @selector selects
 * changed: it is a different pointer *and* not [method@Rdx.Value.equal] to the
 * previous one, so a rebuilt but equal value does not call back. @func gets
 * the old and the new value (either %NULL when the path does not exist).
 * It is not called for the value at the time of the call.
 *
 * Watches run on the store's thread, after each successful dispatch, in the
 * order they were added. A callback may dispatch (the other watches then see
 * the newest state), add watches (called from the next dispatch on) and
 * remove any watch, itself included: a removed watch is never called again,
 * and its @destroy runs once its callback (if running) has returned.
 * Watches still present when the store is finalized are removed then.
 *
 * Returns: an id > 0 for [method@Rdx.Store.unwatch]
 */
guint
rdx_store_watch (RdxStore      *store,
                 RdxSelector   *selector,
                 RdxWatchFunc   func,
                 gpointer       user_data,
                 GDestroyNotify destroy)
{
  return rdx_store_watch_full (store, selector, RDX_WATCH_DEFAULT, func, user_data, destroy);
}

/**
 * rdx_store_unwatch:
 * @store: a store
 * @id: an id from [method@Rdx.Store.watch] or [method@Rdx.Store.bind_property]
 *
 * Removes a watch (or a property binding). Removing one that is gone
 * already does nothing. Safe from inside any watch callback.
 */
void
rdx_store_unwatch (RdxStore *store, guint id)
{
  Hub  *hub;
  guint i;

  g_return_if_fail (RDX_IS_STORE (store));

  hub = g_object_get_qdata (G_OBJECT (store), hub_quark ());
  if (hub == NULL || id == 0)
    return;

  for (i = 0; i < hub->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (hub->watches, i);

      if (watch == NULL || watch->id != id)
        continue;
      if (hub->notifying > 0)
        {
          hub->watches->pdata[i] = NULL;
          hub->has_holes = TRUE;
        }
      else
        g_ptr_array_remove_index (hub->watches, i);
      watch_unref (watch);
      return;
    }
}
