/* bench-util.c: what the benchmarks share: a clock, failing, and
 * running two sides in alternation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The monotonic clock, in nanoseconds. */
gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Says what went wrong, after the program's name, and exits with 1: a
 * benchmark that computed something wrong measures nothing. */
void
bench_fail (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fprintf (stderr, "%s: FAILED: ", g_get_prgname () != NULL ? g_get_prgname () : "bench");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  exit (1);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @times, so that times[n / 2] is the median, times[0] the least
 * and times[n - 1] the most. */
void
bench_sort (double *times, guint n)
{
  qsort (times, n, sizeof (double), compare_doubles);
}

/* Runs @a and @b @rounds times each, alternating within each round, and
 * which goes first alternating too (so neither always runs on a warm or
 * a cold cache), into @times_a and @times_b, sorted. */
void
bench_alternate (guint        rounds,
                 BenchRunFunc a,
                 gpointer     data_a,
                 double      *times_a,
                 BenchRunFunc b,
                 gpointer     data_b,
                 double      *times_b)
{
  for (guint r = 0; r < rounds; r++)
    {
      if (r % 2 == 0)
        {
          times_a[r] = a (data_a);
          times_b[r] = b (data_b);
        }
      else
        {
          times_b[r] = b (data_b);
          times_a[r] = a (data_a);
        }
    }
  bench_sort (times_a, rounds);
  bench_sort (times_b, rounds);
}

/* Prints @what, padded to @width, with the median of the @n figures in
 * @values (milliseconds; sorted in place), their range and @goal. */
void
bench_report_ms (const char *what, int width, double *values, guint n, const char *goal)
{
  bench_sort (values, n);
  printf ("  %-*s %8.2f ms (%.2f–%.2f)   %s\n", width, what, values[n / 2], values[0],
          values[n - 1], goal);
}
