/* herald-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "herald-chart.h"
#include "herald-local-time.h"

/* A line chart of a HeraldSeriesSet: time on the x axis, a window sliding
 * with the clock (HeraldChart:span; 0 shows all that is kept), one colour
 * per series with a legend of the newest values, a read-out of the values
 * under the pointer, and a text alternative for screen readers (its
 * accessible description: per series the last, lowest and highest value in
 * the window).
 *
 * Drawing costs the same whatever the rate the values arrive at: a series
 * keeps a bounded number of them (HeraldSeries), values that fall in the
 * same pixel column are drawn as one stroke (first, lowest, highest, last),
 * and the set's ::changed queues a draw at most every REDRAW_MS.
 */

#define PADDING 8
#define SWATCH 12
#define LINE_WIDTH 2.0
#define N_Y_TICKS 4
/* Values arriving faster redraw it at most this often: a flood costs ten
 * frames a second, and what it shows is never older than this. */
#define REDRAW_MS 100

struct _HeraldChart
{
  GtkWidget        parent_instance;

  HeraldSeriesSet *model;
  gint64           span;
  gboolean         paused;
  gint64           paused_at;
  double           hover_x;      /* -1: the pointer is elsewhere */
  guint            slide_id;
  guint            describe_id;
  guint            redraw_id;
  gint64           last_redraw;  /* monotonic, µs */
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SPAN,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldChart, herald_chart, GTK_TYPE_WIDGET)

/* GNOME's palette (the HIG's): blue 3, orange 3, green 4, purple 3, red 3,
 * yellow 5, brown 3: told apart in both styles and by most colour-blind
 * eyes by their lightness too. */
static const GdkRGBA palette[] = {
  { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 1 },
  { 0xff / 255., 0x78 / 255., 0x00 / 255., 1 },
  { 0x2e / 255., 0xc2 / 255., 0x7e / 255., 1 },
  { 0x91 / 255., 0x41 / 255., 0xac / 255., 1 },
  { 0xe0 / 255., 0x1b / 255., 0x24 / 255., 1 },
  { 0xe5 / 255., 0xa5 / 255., 0x0a / 255., 1 },
  { 0x98 / 255., 0x6a / 255., 0x44 / 255., 1 },
};

static const GdkRGBA *
series_color (guint position)
{
  return &palette[position % G_N_ELEMENTS (palette)];
}

static char *
format_value (HeraldSeries *series,
              double        value)
{
  const char *unit = herald_series_get_unit (series);

  return unit != NULL ? g_strdup_printf ("%.6g %s", value, unit) : g_strdup_printf ("%.6g", value);
}

static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) when = herald_local_time_new (time);

  return when != NULL ? g_date_time_format (when, "%H:%M:%S") : g_strdup ("?");
}

/**
 * herald_chart_get_window:
 * @from: (out): the oldest time shown, µs of the wall clock
 * @to: (out): the newest: now, or when the chart was paused
 */
void
herald_chart_get_window (HeraldChart *self,
                         gint64      *from,
                         gint64      *to)
{
  gint64 end, start = G_MAXINT64;

  g_return_if_fail (HERALD_IS_CHART (self));

  end = self->paused ? self->paused_at : g_get_real_time ();
  if (self->span > 0)
    start = end - self->span;
  else if (self->model != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->model)); i++)
        {
          g_autoptr(HeraldSeries) series = g_list_model_get_item (G_LIST_MODEL (self->model), i);

          if (herald_series_get_n_points (series) > 0)
            start = MIN (start, herald_series_get_first_time (series));
        }
    }
  if (start >= end)
    start = end - G_TIME_SPAN_MINUTE;

  *from = start;
  *to = end;
}

static void
get_color (HeraldChart *self,
           GdkRGBA     *color)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color);
G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
draw_text (GtkSnapshot *snapshot,
           PangoLayout *layout,
           double       x,
           double       y,
           const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static double
nice_step (double raw)
{
  double magnitude = pow (10, floor (log10 (raw)));
  double fraction = raw / magnitude;

  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 2.5)
    return 2.5 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

static char *
format_tick (double value)
{
  /* No "-0" from a sum that missed zero by a hair. */
  if (ABS (value) < 1e-12)
    value = 0;
  return g_strdup_printf ("%.6g", value);
}

typedef struct
{
  double left, top, width, height;
  gint64 from, to;
  double lo, hi;
} Plot;

static double
plot_x (const Plot *plot,
        gint64      time)
{
  return plot->left + plot->width * (double) (time - plot->from) / (double) (plot->to - plot->from);
}

static double
plot_y (const Plot *plot,
        double      value)
{
  return plot->top + plot->height * (1 - (value - plot->lo) / (plot->hi - plot->lo));
}

/* One column of pixels: its values drawn as one stroke. */
typedef struct
{
  int    column;
  double first, lo, hi, last;
  gboolean open;
} Column;

static void
column_flush (cairo_t    *cr,
              const Plot *plot,
              Column     *column,
              gboolean   *started)
{
  double x = column->column + 0.5;

  if (!column->open)
    return;
  if (*started)
    cairo_line_to (cr, x, plot_y (plot, column->first));
  else
    cairo_move_to (cr, x, plot_y (plot, column->first));
  *started = TRUE;
  if (column->lo != column->hi)
    {
      cairo_line_to (cr, x, plot_y (plot, column->lo));
      cairo_line_to (cr, x, plot_y (plot, column->hi));
    }
  cairo_line_to (cr, x, plot_y (plot, column->last));
  column->open = FALSE;
}

static void
column_add (cairo_t    *cr,
            const Plot *plot,
            Column     *column,
            gboolean   *started,
            gint64      time,
            double      first,
            double      lo,
            double      hi,
            double      last)
{
  int x = (int) plot_x (plot, time);

  if (column->open && column->column != x)
    column_flush (cr, plot, column, started);
  if (!column->open)
    {
      *column = (Column) { x, first, lo, hi, last, TRUE };
      return;
    }
  column->lo = MIN (column->lo, lo);
  column->hi = MAX (column->hi, hi);
  column->last = last;
}

static void
draw_series (cairo_t      *cr,
             const Plot   *plot,
             HeraldSeries *series,
             const GdkRGBA *color)
{
  Column column = { 0 };
  gboolean started = FALSE;

  for (guint i = 0; i < herald_series_get_n_buckets (series); i++)
    {
      gint64 start, end;
      double lo, hi;

      herald_series_get_bucket (series, i, &start, &end, &lo, &hi);
      if (end < plot->from || start > plot->to)
        continue;
      column_add (cr, plot, &column, &started, start, lo, lo, hi, hi);
    }
  for (guint i = 0; i < herald_series_get_n_points (series); i++)
    {
      gint64 time;
      double value;

      herald_series_get_point (series, i, &time, &value);
      if (time < plot->from || time > plot->to)
        continue;
      column_add (cr, plot, &column, &started, time, value, value, value, value);
    }
  column_flush (cr, plot, &column, &started);

  if (!started)
    return;
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* A lone value is a dot. */
  if (herald_series_get_n_points (series) == 1 && herald_series_get_n_buckets (series) == 0)
    cairo_set_line_width (cr, LINE_WIDTH * 2.5);
  cairo_stroke (cr);
}

/* The full-resolution value nearest to @time, if any is in the window. */
static gboolean
nearest_point (HeraldSeries *series,
               const Plot   *plot,
               gint64        time,
               gint64       *found_time,
               double       *found_value)
{
  guint lo = 0, hi = herald_series_get_n_points (series);
  gint64 best_time = 0;
  double best_value = 0;
  gboolean found = FALSE;

  /* Appended in time order: a binary search for the first at or after. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 t;

      herald_series_get_point (series, mid, &t, NULL);
      if (t < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo > 0 ? lo - 1 : 0; i <= lo && i < herald_series_get_n_points (series); i++)
    {
      gint64 t;
      double v;

      herald_series_get_point (series, i, &t, &v);
      if (t < plot->from || t > plot->to)
        continue;
      if (!found || ABS (t - time) < ABS (best_time - time))
        {
          best_time = t;
          best_value = v;
          found = TRUE;
        }
    }
  *found_time = best_time;
  *found_value = best_value;
  return found;
}

static void
draw_hover (HeraldChart *self,
            GtkSnapshot *snapshot,
            const Plot  *plot,
            const GdkRGBA *fg)
{
  GListModel *model = G_LIST_MODEL (self->model);
  gint64 time = plot->from + (gint64) ((self->hover_x - plot->left) / plot->width * (plot->to - plot->from));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *when = NULL;
  GdkRGBA line = *fg, box;
  PangoRectangle extent;
  double x;
  gboolean any = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HeraldSeries) series = g_list_model_get_item (model, i);
      g_autofree char *value_text = NULL;
      gint64 t;
      double v;

      if (!nearest_point (series, plot, time, &t, &v))
        continue;
      if (!any)
        {
          when = format_time (t);
          g_string_append (text, when);
        }
      any = TRUE;
      value_text = format_value (series, v);
      g_string_append_printf (text, "\n%s %s", herald_series_get_label (series), value_text);
      gtk_snapshot_append_color (snapshot, series_color (i),
                                 &GRAPHENE_RECT_INIT (plot_x (plot, t) - 3, plot_y (plot, v) - 3, 6, 6));
    }
  if (!any)
    return;

  line.alpha = 0.4;
  gtk_snapshot_append_color (snapshot, &line,
                             &GRAPHENE_RECT_INIT (self->hover_x, plot->top, 1, plot->height));

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text->str);
  pango_layout_get_pixel_extents (layout, NULL, &extent);
  x = self->hover_x + PADDING;
  if (x + extent.width + 2 * PADDING > plot->left + plot->width)
    x = self->hover_x - PADDING - extent.width - 2 * PADDING;
  box = (GdkRGBA) { 1 - fg->red, 1 - fg->green, 1 - fg->blue, 0.9 };
  gtk_snapshot_append_color (snapshot, &box,
                             &GRAPHENE_RECT_INIT (x, plot->top, extent.width + 2 * PADDING,
                                                  extent.height + 2 * PADDING));
  draw_text (snapshot, layout, x + PADDING, plot->top + PADDING, fg);
}

static double
draw_legend (HeraldChart *self,
             GtkSnapshot *snapshot,
             gint64       from,
             gint64       to,
             double       width,
             const GdkRGBA *fg)
{
  GListModel *model = G_LIST_MODEL (self->model);
  double x = 0, y = 0, row_height = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HeraldSeries) series = g_list_model_get_item (model, i);
      g_autoptr(PangoLayout) layout = NULL;
      g_autofree char *text = NULL;
      PangoRectangle extent;
      double last, item_width;

      if (herald_series_summarize (series, from, to, &last, NULL, NULL))
        {
          g_autofree char *value = format_value (series, last);

          text = g_strdup_printf ("%s  %s", herald_series_get_label (series), value);
        }
      else
        text = g_strdup (herald_series_get_label (series));
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_get_pixel_extents (layout, NULL, &extent);
      item_width = SWATCH + PADDING / 2 + extent.width + 2 * PADDING;
      if (x > 0 && x + item_width > width)
        {
          x = 0;
          y += row_height;
        }
      row_height = MAX (row_height, MAX (extent.height, SWATCH) + PADDING / 2);
      gtk_snapshot_append_color (snapshot, series_color (i),
                                 &GRAPHENE_RECT_INIT (x, y + (extent.height - SWATCH) / 2., SWATCH, SWATCH));
      draw_text (snapshot, layout, x + SWATCH + PADDING / 2, y, fg);
      x += item_width;
    }

  return y + row_height;
}

static void
herald_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  HeraldChart *self = HERALD_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) probe = NULL;
  GListModel *model;
  GdkRGBA fg, dim, grid;
  PangoRectangle extent;
  Plot plot;
  gboolean any = FALSE;
  double axis_width = 0, legend_height, label_height, step;
  guint n_ticks;
  cairo_t *cr;

  get_color (self, &fg);
  dim = fg;
  dim.alpha = 0.55;
  grid = fg;
  grid.alpha = 0.12;

  model = self->model != NULL ? G_LIST_MODEL (self->model) : NULL;
  if (model == NULL || g_list_model_get_n_items (model) == 0)
    {
      g_autoptr(PangoLayout) layout =
        gtk_widget_create_pango_layout (widget, _("No values yet: each number sent is drawn here."));

      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_pixel_extents (layout, NULL, &extent);
      draw_text (snapshot, layout, 0, (height - extent.height) / 2, &dim);
      return;
    }

  herald_chart_get_window (self, &plot.from, &plot.to);
  plot.lo = G_MAXDOUBLE;
  plot.hi = -G_MAXDOUBLE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HeraldSeries) series = g_list_model_get_item (model, i);
      double lo, hi;

      if (!herald_series_summarize (series, plot.from, plot.to, NULL, &lo, &hi))
        continue;
      plot.lo = MIN (plot.lo, lo);
      plot.hi = MAX (plot.hi, hi);
      any = TRUE;
    }
  if (!any)
    plot.lo = 0, plot.hi = 1;
  if (plot.hi - plot.lo < 1e-9 * MAX (1, ABS (plot.hi)))
    {
      plot.lo -= MAX (1, ABS (plot.lo) * 0.1);
      plot.hi += MAX (1, ABS (plot.hi) * 0.1);
    }
  /* Lines at round numbers: the window's range on steps of 1, 2, 2.5 or 5
   * times a power of ten. */
  step = nice_step ((plot.hi - plot.lo) / N_Y_TICKS);
  plot.lo = floor (plot.lo / step) * step;
  plot.hi = ceil (plot.hi / step) * step;
  n_ticks = (guint) round ((plot.hi - plot.lo) / step);

  legend_height = draw_legend (self, snapshot, plot.from, plot.to, width, &fg);

  /* The y axis' labels: as wide as the widest of them. */
  for (guint i = 0; i <= n_ticks; i++)
    {
      g_autofree char *text = format_tick (plot.lo + step * i);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

      pango_layout_get_pixel_extents (layout, NULL, &extent);
      axis_width = MAX (axis_width, extent.width + PADDING);
    }
  probe = gtk_widget_create_pango_layout (widget, "00:00:00");
  pango_layout_get_pixel_extents (probe, NULL, &extent);
  label_height = extent.height;

  plot.left = axis_width;
  plot.top = legend_height + PADDING + label_height / 2;
  plot.width = MAX (1, width - axis_width - PADDING);
  plot.height = MAX (1, height - plot.top - label_height - PADDING);

  for (guint i = 0; i <= n_ticks; i++)
    {
      double value = plot.lo + step * i;
      g_autofree char *text = format_tick (value);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
      double y = plot_y (&plot, value);

      pango_layout_get_pixel_extents (layout, NULL, &extent);
      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (plot.left, y, plot.width, 1));
      draw_text (snapshot, layout, axis_width - PADDING - extent.width, y - extent.height / 2., &dim);
    }
  for (guint i = 0; i < 3; i++)
    {
      gint64 time = plot.from + (plot.to - plot.from) * i / 2;
      g_autofree char *text = format_time (time);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
      double x = plot_x (&plot, time);

      pango_layout_get_pixel_extents (layout, NULL, &extent);
      x = i == 0 ? x : i == 1 ? x - extent.width / 2. : x - extent.width;
      draw_text (snapshot, layout, x, plot.top + plot.height + PADDING / 2, &dim);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (plot.left, plot.top - LINE_WIDTH * 2,
                                                                 plot.width, plot.height + LINE_WIDTH * 4));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HeraldSeries) series = g_list_model_get_item (model, i);

      draw_series (cr, &plot, series, series_color (i));
    }
  cairo_destroy (cr);

  if (self->hover_x >= plot.left && self->hover_x <= plot.left + plot.width)
    draw_hover (self, snapshot, &plot, &fg);
}

/**
 * herald_chart_describe:
 *
 * The chart in words, as its accessible description: per series the
 * newest, lowest and highest value in its window.
 *
 * Returns: (transfer full): the text
 */
char *
herald_chart_describe (HeraldChart *self)
{
  GString *text = g_string_new (NULL);
  GListModel *model;
  gint64 from, to;

  g_return_val_if_fail (HERALD_IS_CHART (self), NULL);

  model = self->model != NULL ? G_LIST_MODEL (self->model) : NULL;
  if (model == NULL || g_list_model_get_n_items (model) == 0)
    {
      g_string_free (text, TRUE);
      return g_strdup (_("No values yet."));
    }

  herald_chart_get_window (self, &from, &to);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HeraldSeries) series = g_list_model_get_item (model, i);
      double last, min, max;

      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (herald_series_summarize (series, from, to, &last, &min, &max))
        {
          g_autofree char *last_text = format_value (series, last);
          g_autofree char *min_text = format_value (series, min);
          g_autofree char *max_text = format_value (series, max);

          /* Translators: a series of a chart: its name, then its newest,
           * lowest and highest value in the time shown. */
          g_string_append_printf (text, _("%s: last %s, lowest %s, highest %s."),
                                  herald_series_get_label (series), last_text, min_text, max_text);
        }
      else
        g_string_append_printf (text, _("%s: no values in the time shown."),
                                herald_series_get_label (series));
    }

  return g_string_free (text, FALSE);
}

static gboolean
describe_cb (gpointer data)
{
  HeraldChart *self = data;
  g_autofree char *text = herald_chart_describe (self);

  self->describe_id = 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  return G_SOURCE_REMOVE;
}

/* Said again at most once a second: a flood must not flood the screen
 * reader too. */
static void
queue_describe (HeraldChart *self)
{
  if (self->describe_id == 0)
    self->describe_id = g_timeout_add_seconds (1, describe_cb, self);
}

static gboolean
slide_cb (gpointer data)
{
  HeraldChart *self = data;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_describe (self);
  return G_SOURCE_CONTINUE;
}

/* While it shows the clock's window, it moves with it: a step of a few
 * pixels at a time, not a redraw every frame. */
static void
update_slide (HeraldChart *self)
{
  gboolean sliding = gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->paused && self->model != NULL &&
                     g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0;

  if (!sliding)
    {
      g_clear_handle_id (&self->slide_id, g_source_remove);
      return;
    }
  if (self->slide_id == 0)
    self->slide_id = g_timeout_add (self->span > 0 && self->span <= G_TIME_SPAN_MINUTE ? 250 : 1000,
                                    slide_cb, self);
}

static gboolean
redraw_cb (gpointer data)
{
  HeraldChart *self = data;

  self->redraw_id = 0;
  self->last_redraw = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
model_changed_cb (HeraldChart *self)
{
  gint64 wait_us;

  queue_describe (self);
  update_slide (self);
  if (self->redraw_id != 0)
    return;
  wait_us = self->last_redraw + REDRAW_MS * 1000 - g_get_monotonic_time ();
  if (wait_us <= 0)
    redraw_cb (self);
  else
    self->redraw_id = g_timeout_add ((guint) (wait_us / 1000) + 1, redraw_cb, self);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           HeraldChart              *self)
{
  self->hover_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          HeraldChart              *self)
{
  self->hover_x = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
herald_chart_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (herald_chart_parent_class)->map (widget);
  update_slide (HERALD_CHART (widget));
}

static void
herald_chart_unmap (GtkWidget *widget)
{
  HeraldChart *self = HERALD_CHART (widget);

  g_clear_handle_id (&self->slide_id, g_source_remove);
  GTK_WIDGET_CLASS (herald_chart_parent_class)->unmap (widget);
}

static void
herald_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  g_autoptr(PangoLayout) probe = gtk_widget_create_pango_layout (widget, "00:00:00");
  PangoRectangle extent;

  /* Room for the legend, five labels and the lines between, scaled with
   * the text. */
  pango_layout_get_pixel_extents (probe, NULL, &extent);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = extent.width * 3;
      *natural = extent.width * 8;
    }
  else
    {
      *minimum = extent.height * 12;
      *natural = extent.height * 16;
    }
}

static void
herald_chart_dispose (GObject *object)
{
  HeraldChart *self = HERALD_CHART (object);

  /* Letting go of the model queues a description and a redraw: first. */
  herald_chart_set_model (self, NULL);
  g_clear_handle_id (&self->slide_id, g_source_remove);
  g_clear_handle_id (&self->describe_id, g_source_remove);
  g_clear_handle_id (&self->redraw_id, g_source_remove);

  G_OBJECT_CLASS (herald_chart_parent_class)->dispose (object);
}

static void
herald_chart_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HeraldChart *self = HERALD_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_SPAN:
      g_value_set_int64 (value, self->span);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_chart_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HeraldChart *self = HERALD_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      herald_chart_set_model (self, g_value_get_object (value));
      break;

    case PROP_SPAN:
      herald_chart_set_span (self, g_value_get_int64 (value));
      break;

    case PROP_PAUSED:
      herald_chart_set_paused (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_chart_class_init (HeraldChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_chart_dispose;
  object_class->get_property = herald_chart_get_property;
  object_class->set_property = herald_chart_set_property;

  widget_class->snapshot = herald_chart_snapshot;
  widget_class->measure = herald_chart_measure;
  widget_class->map = herald_chart_map;
  widget_class->unmap = herald_chart_unmap;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, HERALD_TYPE_SERIES_SET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HeraldChart:span:
   *
   * How much time the window shows, µs; 0 for all that is kept.
   */
  properties[PROP_SPAN] =
    g_param_spec_int64 ("span", NULL, NULL, 0, G_MAXINT64, G_TIME_SPAN_MINUTE,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HeraldChart:paused:
   *
   * The window stays where it was: values go on arriving, and show when
   * it is unpaused.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
herald_chart_init (HeraldChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->span = G_TIME_SPAN_MINUTE;
  self->hover_x = -1;
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("No values yet."), -1);
}

GtkWidget *
herald_chart_new (void)
{
  return g_object_new (HERALD_TYPE_CHART, NULL);
}

HeraldSeriesSet *
herald_chart_get_model (HeraldChart *self)
{
  g_return_val_if_fail (HERALD_IS_CHART (self), NULL);

  return self->model;
}

void
herald_chart_set_model (HeraldChart     *self,
                        HeraldSeriesSet *model)
{
  g_return_if_fail (HERALD_IS_CHART (self));
  g_return_if_fail (!model || HERALD_IS_SERIES_SET (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_swapped (model, "changed", G_CALLBACK (model_changed_cb), self);
  model_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

gint64
herald_chart_get_span (HeraldChart *self)
{
  g_return_val_if_fail (HERALD_IS_CHART (self), 0);

  return self->span;
}

void
herald_chart_set_span (HeraldChart *self,
                       gint64       span)
{
  g_return_if_fail (HERALD_IS_CHART (self));

  span = MAX (span, 0);
  if (self->span == span)
    return;
  self->span = span;
  g_clear_handle_id (&self->slide_id, g_source_remove);
  model_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPAN]);
}

gboolean
herald_chart_get_paused (HeraldChart *self)
{
  g_return_val_if_fail (HERALD_IS_CHART (self), FALSE);

  return self->paused;
}

void
herald_chart_set_paused (HeraldChart *self,
                         gboolean     paused)
{
  g_return_if_fail (HERALD_IS_CHART (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  self->paused_at = g_get_real_time ();
  model_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/**
 * herald_chart_to_csv:
 *
 * Returns: (transfer full): the data in the window, as
 *   herald_series_set_to_csv() writes it
 */
char *
herald_chart_to_csv (HeraldChart *self)
{
  gint64 from, to;

  g_return_val_if_fail (HERALD_IS_CHART (self), NULL);

  if (self->model == NULL)
    return g_strdup ("time,series,value,min,max\r\n");
  herald_chart_get_window (self, &from, &to);
  return herald_series_set_to_csv (self->model, from, to);
}

/**
 * herald_chart_to_png:
 *
 * The chart as it is drawn now, on the window's background.
 *
 * Returns: (transfer full) (nullable): a PNG file's bytes, or %NULL with
 *   @error set when the chart is not shown
 */
GBytes *
herald_chart_to_png (HeraldChart *self,
                     GError     **error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkNative *native;
  GdkRGBA background;
  int width, height;

  g_return_val_if_fail (HERALD_IS_CHART (self), NULL);

  native = gtk_widget_get_native (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (native == NULL || gtk_native_get_renderer (native) == NULL || width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The chart is not shown: show it, then save it again."));
      return NULL;
    }

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color", &background))
    background = (GdkRGBA) { 1, 1, 1, 1 };
G_GNUC_END_IGNORE_DEPRECATIONS

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  herald_chart_snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  return gdk_texture_save_to_png_bytes (texture);
}
