/* wrong-middleware.c: the mistake docs/time-travel.md's "Attaching"
 * example used to make, passing a tool where its middleware belongs.
 * tests/check-compile-fail.sh compiles it through pkg-config and expects
 * the compiler to refuse it; with -DRDX_RIGHT it passes the tools'
 * middleware, and must compile.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <rdx.h>

RdxStore *make_store (RdxReducer *reducer, RdxEffects *effects, RdxJournal *journal);

RdxStore *
make_store (RdxReducer *reducer, RdxEffects *effects, RdxJournal *journal)
{
#ifdef RDX_RIGHT
  g_autoptr (RdxMiddleware) journal_middleware = rdx_journal_middleware_new (journal);

  return rdx_store_new_with_middleware (reducer, NULL, rdx_effects_get_middleware (effects),
                                        journal_middleware, NULL);
#else
  return rdx_store_new_with_middleware (reducer, NULL, rdx_effects_get_middleware (effects),
                                        journal, NULL);
#endif
}
