/* rdx-replay-reducers.h: the reducer sets rdx-replay replays against
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <rdx-devtools.h>

G_BEGIN_DECLS

/**
 * RdxReplayReducerSet:
 * @name: the name given to `rdx-replay --reducer`
 * @app_id: the application id an rdx export names in its "app"
 * @summary: one line for `rdx-replay --list`
 * @new_reducer: makes the root reducer (transfer full)
 *
 * One reducer set built into rdx-replay. Adding one is one line in the
 * table of rdx-replay-reducers.c.
 */
typedef struct
{
  const char *name;
  const char *app_id;
  const char *summary;
  RdxReducer *(*new_reducer) (void);
} RdxReplayReducerSet;

/* clang-format off */
const RdxReplayReducerSet *rdx_replay_reducers_list (guint      *n_sets);
const RdxReplayReducerSet *rdx_replay_reducers_find (const char *name_or_app_id);
RdxReducerSets            *rdx_replay_reducers_load (char      **module_paths,
                                                     GError    **error);
void                       rdx_replay_reducers_print (RdxReducerSets *sets);
gboolean                   rdx_replay_reducers_print_actions (RdxReducerSets *sets,
                                                              const char     *name_or_app_id,
                                                              GError        **error);

/* The example set, for tests. */
RdxReducer *rdx_replay_counter_reducer_new (void);
/* clang-format on */

G_END_DECLS
