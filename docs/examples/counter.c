/* counter.c: the smallest rdx program (docs/store.md) */
#include <rdx.h>

static RdxValue *
counter_reduce (RdxValue *state, RdxAction *action, gpointer user_data, GError **error)
{
  if (state == NULL)
    return rdx_value_new_int (0); /* the initial state */
  if (rdx_action_is (action, "counter.increment"))
    return rdx_value_new_int (rdx_value_get_int (state) + 1);
  return rdx_value_ref (state); /* not ours: unchanged */
}

static void
print_cb (RdxStore *store, gpointer user_data)
{
  g_print ("count: %" G_GINT64_FORMAT "\n", rdx_value_get_int (rdx_store_get_state (store)));
}

int
main (void)
{
  g_autoptr (RdxReducer) reducer = rdx_reducer_new (counter_reduce, NULL, NULL);
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (GError) error = NULL;

  rdx_store_subscribe (store, print_cb, NULL, NULL);
  for (int i = 0; i < 3; i++)
    if (!rdx_store_dispatch_take (store, rdx_action_new ("counter.increment", NULL), &error))
      g_error ("%s", error->message);

  return rdx_value_get_int (rdx_store_get_state (store)) == 3 ? 0 : 1;
}
