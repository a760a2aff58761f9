/* bank-chart-view.c: the balance of the selected account over time
 *
 * One selector feeds the view: the balance series of the selected
 * account (bank_selector_balance_series_new()) with the period and the
 * account's name and currency. A watch on it calls the update function,
 * which copies the points into an array and queues a draw; a dispatch
 * that changes none of it (a search, a deposit on another account) does
 * not reach the view, and nothing is drawn again. The draw function
 * reads that array only, so a resize costs the drawing and nothing else.
 *
 * Hovering, or the arrow keys when the chart has the focus, shows one
 * point's date and balance. That is the view's own, not the store's: it
 * is gone when the pointer leaves.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bank-chart-view-private.h"

#include <string.h>

#define PAD       12.0
#define TICK_GAP  48.0 /* pixels between horizontal grid lines, at least */
#define LABEL_GAP 24.0 /* pixels between two date labels, at least */
#define DAY_US    (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

enum
{
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BankChartView, bank_chart_view, GTK_TYPE_WIDGET)

/* The selector */

/* [balance series, /ui, /accounts] → what the chart shows */
static RdxValue *
select_chart (RdxValue *const *inputs, guint n_inputs, gpointer user_data)
{
  const char *selected = rdx_map_get_string (inputs[1], "selected", NULL);
  RdxValue   *account = selected != NULL ? rdx_map_get (inputs[2], selected) : NULL;

  return rdx_map_new_take (
    "points", inputs[0] != NULL ? rdx_value_ref (inputs[0]) : rdx_list_new (), "period",
    rdx_value_new_string (rdx_map_get_string (inputs[1], "period", "month")), "name",
    rdx_value_new_string (rdx_map_get_string (account, "name", "")), "currency",
    rdx_value_new_string (rdx_map_get_string (account, "currency", "")), NULL);
}

static RdxSelector *
chart_selector_new (GTimeZone *time_zone)
{
  g_autoptr (RdxSelector) series = bank_selector_balance_series_new (time_zone);
  g_autoptr (RdxSelector) ui = rdx_selector_new_path ("/ui");
  g_autoptr (RdxSelector) accounts = rdx_selector_new_path ("/accounts");

  return rdx_selector_new (select_chart, NULL, NULL, series, ui, accounts, NULL);
}

/* Geometry */

static gint64
first_time (BankChartView *self)
{
  return g_array_index (self->points, BankChartPoint, 0).start;
}

static gint64
last_time (BankChartView *self)
{
  return g_array_index (self->points, BankChartPoint, self->points->len - 1).end;
}

static double
x_of_time (BankChartView *self, gint64 at)
{
  double span = (double) (last_time (self) - first_time (self));

  return self->plot_x + self->plot_width * (double) (at - first_time (self)) / MAX (span, 1.0);
}

/**
 * bank_chart_view_get_point_x:
 * @self: a chart
 * @index: a point of the series
 *
 * Returns: where the last frame drew the point: the middle of its period
 */
double
bank_chart_view_get_point_x (BankChartView *self, guint index)
{
  const BankChartPoint *point;

  g_return_val_if_fail (BANK_IS_CHART_VIEW (self), 0);
  g_return_val_if_fail (index < self->points->len, 0);

  point = &g_array_index (self->points, BankChartPoint, index);
  return x_of_time (self, point->start + (point->end - point->start) / 2);
}

/* The point drawn nearest to @x. */
static int
point_at (BankChartView *self, double x)
{
  guint low = 0, high = self->points->len;

  if (high == 0)
    return -1;
  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;

      if (bank_chart_view_get_point_x (self, middle) <= x)
        low = middle;
      else
        high = middle;
    }
  if (low + 1 < self->points->len &&
      bank_chart_view_get_point_x (self, low + 1) - x < x - bank_chart_view_get_point_x (self, low))
    low++;
  return (int) low;
}

/* Hover */

static GDateTime *
local_time (BankChartView *self, gint64 at)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);

  return utc != NULL ? g_date_time_to_timezone (utc, self->time_zone) : NULL;
}

/* The period of a point, as a person says it. */
static char *
describe_period (BankChartView *self, const BankChartPoint *point)
{
  static const char *const formats[] = {
    [BANK_PERIOD_DAY] = "%a %-d %b %Y",
    [BANK_PERIOD_WEEK] = "Week of %-d %b %Y",
    [BANK_PERIOD_MONTH] = "%B %Y",
  };
  g_autoptr (GDateTime) start = local_time (self, point->start);

  return start != NULL ? g_date_time_format (start, formats[self->period]) : g_strdup ("");
}

static void
set_hover (BankChartView *self, int index)
{
  const BankChartPoint *point;
  g_autofree char      *money = NULL;
  g_autofree char      *period = NULL;
  g_autofree char      *markup = NULL;
  int                   width, area_width = gtk_widget_get_width (GTK_WIDGET (self->area));
  double                x;

  if (index >= (int) self->points->len)
    index = -1;
  if (index == self->hover)
    return;
  self->hover = index;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  gtk_widget_set_visible (self->hover_box, index >= 0);
  if (index < 0)
    return;

  point = &g_array_index (self->points, BankChartPoint, index);
  money = bank_format_amount (point->balance, self->currency);
  period = describe_period (self, point);
  markup = g_markup_printf_escaped ("<b>%s</b>\n<small>%s</small>", money, period);
  gtk_label_set_markup (self->hover_label, markup);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_text (self->hover_label), -1);

  /* Centred over the point, within the plot: not over the money axis'
   * labels on its left, nor beyond the area on its right. A measure
   * counts the margins, which the last point set: they are not the
   * label's width. */
  gtk_widget_measure (self->hover_box, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  width -=
    gtk_widget_get_margin_start (self->hover_box) + gtk_widget_get_margin_end (self->hover_box);
  x = bank_chart_view_get_point_x (self, (guint) index) - width / 2.0;
  x = MIN (x, MIN (self->plot_x + self->plot_width + PAD, area_width) - width);
  x = MAX (x, MIN (self->plot_x, MAX (area_width - width, 0)));
  gtk_widget_set_margin_start (self->hover_box, (int) round (MAX (x, 0)));
  gtk_widget_set_margin_top (self->hover_box, 4);
}

/* The update */

static void
load_points (BankChartView *self, RdxValue *points)
{
  RdxListIter iter;
  RdxValue   *value;

  g_array_set_size (self->points, 0);
  self->low = G_MAXINT64;
  self->high = G_MININT64;
  rdx_list_iter_init (&iter, points);
  while (rdx_list_iter_next (&iter, &value))
    {
      BankChartPoint point = { rdx_map_get_int (value, "start", 0),
                               rdx_map_get_int (value, "end", 0),
                               rdx_map_get_int (value, "balance", 0) };

      g_array_append_val (self->points, point);
      self->low = MIN (self->low, point.balance);
      self->high = MAX (self->high, point.balance);
    }
}

static void
update_empty (BankChartView *self, const char *name)
{
  g_autofree char *description = NULL;

  if (*name == '\0')
    {
      adw_status_page_set_title (self->empty_page, "No Account Selected");
      adw_status_page_set_description (self->empty_page,
                                       "Select an account to see its balance over time.");
      return;
    }
  description =
    g_markup_printf_escaped ("The balance of “%s” appears here once it has transactions.", name);
  adw_status_page_set_title (self->empty_page, "No Transactions");
  adw_status_page_set_description (self->empty_page, description);
}

/* Says what the chart shows, for screen readers. */
static void
update_summary (BankChartView *self, const char *name)
{
  const BankChartPoint *first, *last;
  g_autofree char      *from = NULL, *to = NULL, *low = NULL, *high = NULL;
  g_autofree char      *summary = NULL;

  if (self->points->len == 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->area),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  first = &g_array_index (self->points, BankChartPoint, 0);
  last = &g_array_index (self->points, BankChartPoint, self->points->len - 1);
  from = describe_period (self, first);
  to = describe_period (self, last);
  low = bank_format_amount (self->low, self->currency);
  high = bank_format_amount (self->high, self->currency);
  summary = g_strdup_printf ("The balance of %s from %s to %s, between %s and %s.", name, from, to,
                             low, high);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  summary, -1);
}

/* Projects the chart's state onto the widgets. */
static void
bank_chart_view_update (BankChartView *self)
{
  RdxValue   *chart = self->store != NULL ? rdx_store_select (self->store, self->selector) : NULL;
  const char *name = rdx_map_get_string (chart, "name", "");
  g_autofree char *title = NULL;

  self->n_updates++;
  self->period = BANK_PERIOD_MONTH;
  bank_period_from_string (rdx_map_get_string (chart, "period", "month"), &self->period);
  gtk_toggle_button_set_active (self->day_button, self->period == BANK_PERIOD_DAY);
  gtk_toggle_button_set_active (self->week_button, self->period == BANK_PERIOD_WEEK);
  gtk_toggle_button_set_active (self->month_button, self->period == BANK_PERIOD_MONTH);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.period", self->store != NULL);

  g_free (self->currency);
  self->currency = g_strdup (rdx_map_get_string (chart, "currency", "XXX"));
  load_points (self, rdx_map_get_list (chart, "points"));

  title = *name != '\0' ? g_strdup_printf ("Balance of %s", name) : g_strdup ("Balance");
  gtk_label_set_label (self->title_label, title);
  update_empty (self, name);
  gtk_stack_set_visible_child_name (self->stack, self->points->len > 0 ? "chart" : "empty");
  update_summary (self, name);

  self->hover = -2; /* whatever it was, it is hidden now */
  set_hover (self, -1);
}

static void
chart_changed_cb (RdxStore *store, RdxValue *old_value, RdxValue *new_value, gpointer user_data)
{
  bank_chart_view_update (BANK_CHART_VIEW (user_data));
}

/* Drawing */

typedef struct
{
  gint64 first; /* the lowest grid line */
  gint64 step;
  guint  n; /* grid lines */
} Ticks;

/* Grid lines at round amounts (1, 2 or 5 times a power of ten minor
 * units) around [low, high], about @wanted of them. */
static void
money_ticks (gint64 low, gint64 high, guint wanted, Ticks *ticks)
{
  static const guint multiples[] = { 1, 2, 5 };
  __int128           span = (__int128) high - low, raw = MAX (span / MAX (wanted, 1), 1);
  __int128           step = 0, first, last;

  for (__int128 power = 1; step == 0; power *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (multiples) && step == 0; i++)
      if (multiples[i] * power >= raw)
        step = multiples[i] * power;
  first = (low >= 0 ? low / step : -((-(__int128) low + step - 1) / step)) * step;
  last = (high >= 0 ? (high + step - 1) / step : -(-(__int128) high / step)) * step;
  ticks->first = (gint64) CLAMP (first, G_MININT64, G_MAXINT64);
  ticks->step = (gint64) MIN (step, G_MAXINT64);
  ticks->n = (guint) ((last - first) / step) + 1;
}

static void
set_color (cairo_t *cr, const GdkRGBA *color, double alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static PangoLayout *
layout_new (BankChartView *self, const char *text, int *width, int *height)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->area), text);

  pango_layout_get_pixel_size (layout, width, height);
  return layout;
}

typedef struct
{
  double left, right, top, bottom;
  Ticks  ticks;
} Plot;

static double
y_of (const Plot *plot, gint64 balance)
{
  double top = (double) plot->ticks.first + (double) plot->ticks.step * (plot->ticks.n - 1);
  double span = MAX (top - (double) plot->ticks.first, 1.0);

  return plot->bottom - (plot->bottom - plot->top) * ((double) balance - plot->ticks.first) / span;
}

/**
 * bank_chart_view_format_tick:
 * @self: a chart
 * @amount: an amount of the money axis, in minor units
 * @step: the step between the axis' amounts
 *
 * Returns: (transfer full): @amount as the axis says it: without its
 *   decimals when @step is a whole number of units (€11000, not
 *   €11000.00)
 */
char *
bank_chart_view_format_tick (BankChartView *self, gint64 amount, gint64 step)
{
  char    *text = bank_format_amount (amount, self->currency);
  guint    digits = bank_currency_get_digits (self->currency);
  gint64   unit = 1;
  GString *zeros;
  char    *found;

  for (guint i = 0; i < digits; i++)
    unit *= 10;
  if (digits == 0 || step % unit != 0)
    return text;
  zeros = g_string_new (NULL);
  for (guint i = 0; i < digits; i++)
    g_string_append_c (zeros, '0');
  /* The decimal separator is the character before the last zeros. */
  found = g_strrstr (text, zeros->str);
  if (found != NULL && found > text && !g_ascii_isdigit (found[digits]) &&
      !g_ascii_isdigit (found[-1]))
    {
      char *separator = g_utf8_find_prev_char (text, found);

      memmove (separator, found + digits, strlen (found + digits) + 1);
    }
  g_string_free (zeros, TRUE);
  return text;
}

/* The money axis: grid lines, and their amounts on the left. */
static void
draw_money_axis (BankChartView *self, cairo_t *cr, Plot *plot, const GdkRGBA *fg)
{
  for (guint i = 0; i < plot->ticks.n; i++)
    {
      gint64           amount = plot->ticks.first + plot->ticks.step * (gint64) i;
      g_autofree char *text = bank_chart_view_format_tick (self, amount, plot->ticks.step);
      int              w, h;
      g_autoptr (PangoLayout) layout = layout_new (self, text, &w, &h);
      double y = round (y_of (plot, amount)) + 0.5;

      set_color (cr, fg, amount == 0 ? 0.45 : 0.12);
      cairo_move_to (cr, plot->left, y);
      cairo_line_to (cr, plot->right, y);
      cairo_stroke (cr);
      set_color (cr, fg, 0.7);
      cairo_move_to (cr, plot->left - 8 - w, y - h / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
}

/* Where the date labels go: month starts, or days, as many as fit. */
static void
draw_time_axis (BankChartView *self, cairo_t *cr, Plot *plot, const GdkRGBA *fg)
{
  static const int month_steps[] = { 1, 2, 3, 4, 6, 12, 24, 60, 120 };
  static const int day_steps[] = { 1, 2, 7, 14 };
  gint64           span = last_time (self) - first_time (self);
  gboolean         months = span > 62 * DAY_US;
  int              w, h, step = 0;
  /* Room for the widest label: a January, or the first, has its year. */
  g_autoptr (PangoLayout) widest = layout_new (self, months ? "May 2000" : "30 May", &w, &h);
  g_autoptr (GDateTime) start = local_time (self, first_time (self));
  g_autoptr (GDateTime) tick = NULL;
  double fits = plot->right - plot->left, label_end = -G_MAXDOUBLE;

  for (guint i = 0; i < (months ? G_N_ELEMENTS (month_steps) : G_N_ELEMENTS (day_steps)); i++)
    {
      step = months ? month_steps[i] : day_steps[i];
      if ((double) span / ((months ? 30.4 : 1) * DAY_US * step) * (w + LABEL_GAP) <= fits)
        break;
    }
  if (start == NULL)
    return;
  tick = months ? g_date_time_new (self->time_zone, g_date_time_get_year (start),
                                   g_date_time_get_month (start), 1, 0, 0, 0)
                : g_date_time_new (self->time_zone, g_date_time_get_year (start),
                                   g_date_time_get_month (start),
                                   g_date_time_get_day_of_month (start), 0, 0, 0);
  for (gboolean first = TRUE; tick != NULL;)
    {
      gint64     at = g_date_time_to_unix (tick) * G_USEC_PER_SEC;
      GDateTime *next;

      if (at > last_time (self))
        break;
      if (at >= first_time (self))
        {
          gboolean         year = first || g_date_time_get_month (tick) == 1;
          g_autofree char *text =
            g_date_time_format (tick, months ? (year ? "%b %Y" : "%b") : "%-d %b");
          g_autoptr (PangoLayout) layout = layout_new (self, text, &w, &h);
          double x = round (x_of_time (self, at)) + 0.5;
          double left = CLAMP (x - w / 2.0, 0, plot->right + PAD - w);

          set_color (cr, fg, 0.12);
          cairo_move_to (cr, x, plot->top);
          cairo_line_to (cr, x, plot->bottom + 4);
          cairo_stroke (cr);
          if (left >= label_end + LABEL_GAP / 2)
            {
              set_color (cr, fg, 0.7);
              cairo_move_to (cr, left, plot->bottom + 6);
              pango_cairo_show_layout (cr, layout);
              label_end = left + w;
            }
          first = FALSE;
        }
      next = months ? g_date_time_add_months (tick, step) : g_date_time_add_days (tick, step);
      g_date_time_unref (tick);
      tick = next;
    }
}

typedef struct
{
  double   x;          /* of the column's first point */
  double   low, high;  /* y of its lowest and highest balances */
  gboolean high_first; /* the highest came before the lowest */
  gboolean started;
} Column;

static void
add_vertex (cairo_t *cr, double x, double y, gboolean *started)
{
  if (*started)
    cairo_line_to (cr, x, y);
  else
    cairo_move_to (cr, x, y);
  *started = TRUE;
}

static void
flush_column (cairo_t *cr, Column *column, gboolean *started)
{
  add_vertex (cr, column->x, column->high_first ? column->high : column->low, started);
  if (column->high != column->low)
    add_vertex (cr, column->x, column->high_first ? column->low : column->high, started);
}

/* The line through the points, with at most two vertices per pixel
 * column (its lowest and highest balances, in the order they come): at
 * the screen's resolution it is the same line, and a decade by day costs
 * no more than the width of the window. */
static void
trace_series (BankChartView *self, cairo_t *cr, const Plot *plot)
{
  Column   column = { 0 };
  gboolean started = FALSE;

  for (guint i = 0; i < self->points->len; i++)
    {
      double x = bank_chart_view_get_point_x (self, i);
      double y = y_of (plot, g_array_index (self->points, BankChartPoint, i).balance);

      if (column.started && floor (x) == floor (column.x))
        {
          if (y < column.high) /* up is less */
            column.high = y, column.high_first = FALSE;
          if (y > column.low)
            column.low = y, column.high_first = TRUE;
          continue;
        }
      if (column.started)
        flush_column (cr, &column, &started);
      column = (Column){ x, y, y, FALSE, TRUE };
    }
  flush_column (cr, &column, &started);
  self->n_drawn_points = self->points->len;
}

static void
draw_series (BankChartView *self, cairo_t *cr, Plot *plot, const GdkRGBA *accent)
{
  double base = y_of (
    plot, CLAMP (0, plot->ticks.first, plot->ticks.first + plot->ticks.step * (plot->ticks.n - 1)));

  trace_series (self, cr, plot);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  set_color (cr, accent, 1);
  cairo_stroke_preserve (cr);
  cairo_line_to (cr, bank_chart_view_get_point_x (self, self->points->len - 1), base);
  cairo_line_to (cr, bank_chart_view_get_point_x (self, 0), base);
  cairo_close_path (cr);
  set_color (cr, accent, 0.15);
  cairo_fill (cr);
}

static void
draw_hover (BankChartView *self, cairo_t *cr, Plot *plot, const GdkRGBA *fg, const GdkRGBA *accent)
{
  double x, y;

  if (self->hover < 0)
    return;
  x = round (bank_chart_view_get_point_x (self, (guint) self->hover)) + 0.5;
  y = y_of (plot, g_array_index (self->points, BankChartPoint, self->hover).balance);
  cairo_set_line_width (cr, 1);
  set_color (cr, fg, 0.35);
  cairo_move_to (cr, x, plot->top);
  cairo_line_to (cr, x, plot->bottom);
  cairo_stroke (cr);
  cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
  set_color (cr, accent, 1);
  cairo_fill (cr);
}

static void
draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BankChartView   *self = user_data;
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (area));
  GdkRGBA          fg, accent;
  Plot             plot = { 0 };
  int              label_width = 0, w, h;
  gint64           low = self->low, high = self->high, start = g_get_monotonic_time ();
  g_autoptr (PangoLayout) probe = NULL;

  self->n_draws++;
  self->n_drawn_points = 0;
  if (self->points->len == 0)
    return;
  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    gdk_rgba_parse (&accent, "#1c71d8");

  /* A flat line gets zero on the axis too. */
  if (low == high)
    {
      if (low > 0)
        low = 0;
      else if (high < 0)
        high = 0;
      else
        high = 100;
    }
  probe = layout_new (self, "0", &w, &h);
  plot.top = PAD + h / 2.0;
  plot.bottom = height - PAD - h - 6;
  money_ticks (low, high, (guint) MAX ((plot.bottom - plot.top) / TICK_GAP, 2), &plot.ticks);
  /* The labels of the money axis decide where the plot starts. */
  for (guint i = 0; i < plot.ticks.n; i += MAX (plot.ticks.n - 1, 1))
    {
      g_autofree char *text = bank_chart_view_format_tick (
        self, plot.ticks.first + plot.ticks.step * (gint64) i, plot.ticks.step);
      g_autoptr (PangoLayout) layout = layout_new (self, text, &w, &h);

      label_width = MAX (label_width, w);
    }
  plot.left = PAD + label_width + 8;
  plot.right = width - PAD;
  self->plot_x = plot.left;
  self->plot_width = MAX (plot.right - plot.left, 1);

  cairo_set_line_width (cr, 1);
  draw_money_axis (self, cr, &plot, &fg);
  draw_time_axis (self, cr, &plot, &fg);
  draw_series (self, cr, &plot, &accent);
  draw_hover (self, cr, &plot, &fg, &accent);
  self->draw_time = g_get_monotonic_time () - start;
}

/* Callbacks: the period is dispatched; the rest is hovering. */

static void
period_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BankChartView *self = BANK_CHART_VIEW (widget);
  BankPeriod     period;
  g_autoptr (GError) error = NULL;

  if (self->store == NULL ||
      !bank_period_from_string (g_variant_get_string (parameter, NULL), &period))
    return;
  if (!rdx_store_dispatch_take (self->store, bank_action_set_period (period), &error))
    g_warning ("The chart's period was not changed: %s", error->message);
}

static void
motion_cb (BankChartView *self, double x, double y, GtkEventControllerMotion *controller)
{
  set_hover (self, point_at (self, x));
}

static void
leave_cb (BankChartView *self, GtkEventController *controller)
{
  set_hover (self, -1);
}

static void
focus_enter_cb (BankChartView *self, GtkEventControllerFocus *controller)
{
  if (self->hover < 0)
    set_hover (self, (int) self->points->len - 1);
}

static gboolean
key_pressed_cb (BankChartView         *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  int last = (int) self->points->len - 1;
  int at = self->hover >= 0 ? self->hover : last;

  if (last < 0)
    return FALSE;
  switch (keyval)
    {
      case GDK_KEY_Left:
      case GDK_KEY_KP_Left:
        set_hover (self, MAX (at - 1, 0));
        return TRUE;
      case GDK_KEY_Right:
      case GDK_KEY_KP_Right:
        set_hover (self, MIN (at + 1, last));
        return TRUE;
      case GDK_KEY_Home:
        set_hover (self, 0);
        return TRUE;
      case GDK_KEY_End:
        set_hover (self, last);
        return TRUE;
      default:
        return FALSE;
    }
}

/* The object */

/**
 * bank_chart_view_get_store:
 * @self: a chart
 *
 * Returns: (transfer none) (nullable): the store it shows
 */
RdxStore *
bank_chart_view_get_store (BankChartView *self)
{
  g_return_val_if_fail (BANK_IS_CHART_VIEW (self), NULL);

  return self->store;
}

/**
 * bank_chart_view_set_store:
 * @self: a chart
 * @store: (nullable): a store of the bank's state (bank_reducer_new())
 *
 * Shows the balance of the account @store's views select (`/ui/selected`)
 * in steps of `/ui/period`, following each dispatch. The period buttons
 * dispatch `ui.period` to it.
 */
void
bank_chart_view_set_store (BankChartView *self, RdxStore *store)
{
  g_return_if_fail (BANK_IS_CHART_VIEW (self));
  g_return_if_fail (store == NULL || RDX_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    rdx_store_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  g_set_object (&self->store, store);
  if (store != NULL)
    self->watch_id = rdx_store_watch (store, self->selector, chart_changed_cb, self, NULL);
  bank_chart_view_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * bank_chart_view_new:
 * @store: (nullable): a store of the bank's state
 *
 * Returns: (transfer floating): a new chart of the selected account's
 *   balance
 */
GtkWidget *
bank_chart_view_new (RdxStore *store)
{
  g_return_val_if_fail (store == NULL || RDX_IS_STORE (store), NULL);

  return g_object_new (BANK_TYPE_CHART_VIEW, "store", store, NULL);
}

static void
bank_chart_view_dispose (GObject *object)
{
  BankChartView *self = BANK_CHART_VIEW (object);

  bank_chart_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BANK_TYPE_CHART_VIEW);

  G_OBJECT_CLASS (bank_chart_view_parent_class)->dispose (object);
}

static void
bank_chart_view_finalize (GObject *object)
{
  BankChartView *self = BANK_CHART_VIEW (object);

  g_clear_pointer (&self->selector, rdx_selector_unref);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_free (self->currency);

  G_OBJECT_CLASS (bank_chart_view_parent_class)->finalize (object);
}

static void
bank_chart_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BankChartView *self = BANK_CHART_VIEW (object);

  switch (prop_id)
    {
      case PROP_STORE:
        g_value_set_object (value, self->store);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bank_chart_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BankChartView *self = BANK_CHART_VIEW (object);

  switch (prop_id)
    {
      case PROP_STORE:
        bank_chart_view_set_store (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bank_chart_view_class_init (BankChartViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bank_chart_view_dispose;
  object_class->finalize = bank_chart_view_finalize;
  object_class->get_property = bank_chart_view_get_property;
  object_class->set_property = bank_chart_view_set_property;

  /**
   * BankChartView:store: (attributes org.gtk.Property.get=bank_chart_view_get_store org.gtk.Property.set=bank_chart_view_set_store)
   *
   * The store of the bank's state the chart shows.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RDX_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/dev/rdx/Bank/bank-chart-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BankChartView, box);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, title_label);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, day_button);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, week_button);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, month_button);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, stack);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, area);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, hover_box);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, hover_label);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, motion);
  gtk_widget_class_bind_template_child (widget_class, BankChartView, keys);
  gtk_widget_class_bind_template_callback (widget_class, motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, focus_enter_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);

  gtk_widget_class_install_action (widget_class, "chart.period", "s", period_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "bankchartview");
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
}

static void
bank_chart_view_init (BankChartView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->time_zone = g_time_zone_new_local ();
  self->selector = chart_selector_new (self->time_zone);
  self->points = g_array_new (FALSE, FALSE, sizeof (BankChartPoint));
  self->currency = g_strdup ("XXX");
  self->hover = -1;
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  bank_chart_view_update (self);
}
