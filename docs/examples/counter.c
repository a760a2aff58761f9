/* counter.c: the smallest rdx program (docs/store.md) */
#include <locale.h>
#include <rdx.h>

static RdxValue *
increment (RdxValue *state, RdxValue *payload, GError **error)
{
  return rdx_value_new_int (rdx_value_get_int (state) + 1);
}

static const RdxSliceCase counter_cases[] = {
  { "counter.increment", NULL, increment }, /* NULL: it takes no payload */
};

static void
print_cb (RdxStore *store, gpointer user_data)
{
  g_print ("count: %" G_GINT64_FORMAT "\n", rdx_value_get_int (rdx_store_get_state (store)));
}

int
main (void)
{
  g_autoptr (RdxValue) zero = rdx_value_new_int (0); /* the initial state */
  g_autoptr (RdxReducer) reducer =
    rdx_slice_new ("counter", zero, counter_cases, G_N_ELEMENTS (counter_cases));
  g_autoptr (RdxStore) store = rdx_store_new (reducer, NULL);
  g_autoptr (GError) error = NULL;

  setlocale (LC_ALL, ""); /* messages in the user's language and charset */

  rdx_store_subscribe (store, print_cb, NULL, NULL);
  for (int i = 0; i < 3; i++)
    if (!rdx_store_dispatch_take (store, rdx_action_new ("counter.increment", NULL), &error))
      g_error ("%s", error->message);

  /* A payload where none belongs is refused before the case runs. */
  if (!rdx_store_dispatch_take (
        store, rdx_action_new_take ("counter.increment", rdx_value_new_int (5)), &error))
    g_print ("refused: %s\n", error->message);

  return rdx_value_get_int (rdx_store_get_state (store)) == 3 ? 0 : 1;
}
