/* bank-chart-view-private.h: the chart's insides, for its tests and
 * benchmark
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>
#include <bank.h>

#include "bank-chart-view.h"

G_BEGIN_DECLS

/* A point of the series: the balance at the end of [start, end). */
typedef struct
{
  gint64 start;
  gint64 end;
  gint64 balance;
} BankChartPoint;

struct _BankChartView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget          *box;
  GtkLabel           *title_label;
  GtkToggleButton    *day_button;
  GtkToggleButton    *week_button;
  GtkToggleButton    *month_button;
  GtkStack           *stack;
  GtkDrawingArea     *area;
  GtkWidget          *hover_box;
  GtkLabel           *hover_label;
  AdwStatusPage      *empty_page;
  GtkEventController *motion;
  GtkEventController *keys;

  /* Owned */
  RdxStore    *store;
  RdxSelector *selector; /* {points, period, account, name, currency} */
  guint        watch_id;
  GTimeZone   *time_zone;
  GArray      *points; /* of BankChartPoint, oldest first */
  BankPeriod   period;
  char        *currency;
  gint64       low, high; /* the balances' range */
  int          hover;     /* the point shown, or -1 */

  /* Where the last frame put the plot */
  double plot_x, plot_width;

  /* Counted for the tests */
  guint  n_updates;
  guint  n_draws;
  guint  n_drawn_points;
  gint64 draw_time; /* µs the last draw took */
};

/* clang-format off */
double bank_chart_view_get_point_x (BankChartView *self,
                                    guint          index);
char  *bank_chart_view_format_tick (BankChartView *self,
                                    gint64         amount,
                                    gint64         step);
/* clang-format on */

G_END_DECLS
