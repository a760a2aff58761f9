/* bench-util.h: what the benchmarks share: a clock, failing, and
 * running two sides in alternation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A run of one side of a comparison, in its own unit per operation. */
typedef double (*BenchRunFunc) (gpointer data);

/* clang-format off */
gint64 bench_now_ns    (void);
void   bench_fail      (const char  *format,
                        ...) G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN;
void   bench_alternate (guint        rounds,
                        BenchRunFunc a,
                        gpointer     data_a,
                        double      *times_a,
                        BenchRunFunc b,
                        gpointer     data_b,
                        double      *times_b);
void   bench_report_ms (const char  *what,
                        int          width,
                        double      *values,
                        guint        n,
                        const char  *goal);
void   bench_sort      (double      *times,
                        guint        n);
/* clang-format on */

G_END_DECLS
