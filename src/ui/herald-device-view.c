/* herald-device-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-chart.h"
#include "herald-device-view.h"
#include "herald-message.h"
#include "herald-reading-tile.h"

/* The stage: what the device received last, one tile per property of the
 * command, as big as the window allows, with when and where it arrived.
 * The model is a #HeraldDeviceState; the view redraws at most every
 * REFRESH_MS however fast commands arrive (the History keeps each one),
 * and never shows a command older than that.
 */

#define REFRESH_MS 100
/* The chart is shown this long after the first values it has. */
#define CHART_DELAY_MS 300

struct _HeraldDeviceView
{
  HeraldPage         parent_instance;

  GtkStack          *stack;
  AdwStatusPage     *waiting_page;
  GtkLabel          *title_label;
  GtkLabel          *meta_label;
  GtkLabel          *problem_label;
  GtkFlowBox        *readings_box;
  GtkLabel          *measures_label;
  HeraldChart       *chart;

  HeraldDeviceState *state;
  gint64             last_refresh;
  guint              refresh_source;
  guint              chart_source;
  guint              fonts_source;
  gboolean           fonts_prepared;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldDeviceView, herald_device_view, HERALD_TYPE_PAGE)

static void
update_waiting (HeraldDeviceView *self)
{
  HeraldConnection *connection = herald_workspace_get_device_connection (herald_page_get_workspace (HERALD_PAGE (self)));
  HeraldMqttSession *session = herald_connection_get_session (connection);
  const char *device = herald_connection_get_device_alternate_id (connection);
  g_autofree char *description = NULL;

  if (device == NULL || herald_mqtt_session_get_state (session) != HERALD_MQTT_STATE_CONNECTED)
    description = g_strdup (_("Connect as the device on the Connect step; the commands it receives "
                              "are shown here as it reads them."));
  else
    description = g_strdup_printf (_("The device listens on commands/%s. Send it a command on the "
                                     "Send Command step and watch it arrive here."), device);
  adw_status_page_set_description (self->waiting_page, description);
}

static void
refresh (HeraldDeviceView *self)
{
  GListModel *readings = herald_device_state_get_readings (self->state);
  guint n = g_list_model_get_n_items (readings);
  const char *capability = herald_device_state_get_capability_name (self->state);
  const char *problem = herald_device_state_get_problem (self->state);
  guint64 n_commands = herald_device_state_get_n_commands (self->state);
  g_autofree char *time = NULL;
  g_autofree char *number = NULL;
  g_autofree char *count = NULL;
  g_autofree char *meta = NULL;
  GtkFlowBoxChild *child;
  guint i;

  self->last_refresh = g_get_monotonic_time ();

  if (herald_device_state_get_time (self->state) == 0)
    {
      update_waiting (self);
      gtk_stack_set_visible_child_name (self->stack, "waiting");
      return;
    }

  if (capability != NULL)
    /* Translators: the title of the device view; %s is a capability's name */
    gtk_label_set_text (self->title_label, capability);
  else
    gtk_label_set_text (self->title_label, _("Command"));

  time = herald_message_format_time (herald_device_state_get_time (self->state));
  number = g_strdup_printf ("%" G_GUINT64_FORMAT, n_commands);
  /* Translators: %s is a number */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s command received", "%s commands received",
                                        (gulong) MIN (n_commands, G_MAXULONG)),
                           number);
  /* Translators: "Arrived at 16:42:03.120 on commands/abc · 3 commands received" */
  meta = g_strdup_printf (_("Arrived at %s on %s · %s"), time, herald_device_state_get_topic (self->state), count);
  if (capability == NULL && problem == NULL)
    {
      g_autofree char *untyped = meta;

      meta = g_strdup_printf (_("%s. Not a command of the capability in use: its values are shown as "
                                "their JSON types say."), untyped);
    }
  gtk_label_set_text (self->meta_label, meta);

  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);

  /* The same properties in the same order keep their tiles, so that a
   * value that changed is highlighted where the eye already is. */
  for (i = 0; i < n; i++)
    {
      g_autoptr(HeraldReading) reading = g_list_model_get_item (readings, i);
      GtkWidget *tile;

      child = gtk_flow_box_get_child_at_index (self->readings_box, i);
      if (child == NULL)
        {
          tile = herald_reading_tile_new ();
          gtk_flow_box_append (self->readings_box, tile);
        }
      else
        tile = gtk_flow_box_child_get_child (child);
      herald_reading_tile_set_reading (HERALD_READING_TILE (tile), reading);
    }
  while ((child = gtk_flow_box_get_child_at_index (self->readings_box, n)) != NULL)
    gtk_flow_box_remove (self->readings_box, GTK_WIDGET (child));

  gtk_stack_set_visible_child_name (self->stack, "command");
}

/* The measures the device sent last, beside the commands it received:
 * data both ways. */
static void
update_measures (HeraldDeviceView *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  GListModel *sent = G_LIST_MODEL (herald_measure_sender_get_series (herald_workspace_get_measure_sender (workspace)));
  g_autoptr(GString) values = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (sent); i++)
    {
      g_autoptr(HeraldSeries) series = g_list_model_get_item (sent, i);
      guint n = herald_series_get_n_points (series);
      const char *unit = herald_series_get_unit (series);
      double value;

      if (n == 0)
        continue;
      herald_series_get_point (series, n - 1, NULL, &value);
      if (values->len > 0)
        g_string_append (values, " · ");
      g_string_append_printf (values, "%s %.6g%s%s", herald_series_get_label (series), value,
                              unit ? " " : "", unit ? unit : "");
    }
  if (values->len > 0)
    /* Translators: %s is a list like "Temperature 21.5 · Humidity 40" */
    text = g_strdup_printf (_("Measures sent last: %s"), values->str);
  gtk_label_set_text (self->measures_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->measures_label), text != NULL);
}

static void
show_chart_cb (gpointer data)
{
  HeraldDeviceView *self = data;

  self->chart_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->chart), TRUE);
}

/* The chart comes a few frames after the first command's values: its
 * first style, layout and drawing are then not in the same frame as the
 * tiles' (the busiest of a flood's first moments). */
static void
update_chart_visible (HeraldDeviceView *self)
{
  GListModel *series = G_LIST_MODEL (herald_device_state_get_series (self->state));

  if (g_list_model_get_n_items (series) == 0)
    {
      g_clear_handle_id (&self->chart_source, g_source_remove);
      gtk_widget_set_visible (GTK_WIDGET (self->chart), FALSE);
    }
  else if (!gtk_widget_get_visible (GTK_WIDGET (self->chart)) && self->chart_source == 0)
    self->chart_source = g_timeout_add_once (CHART_DELAY_MS, show_chart_cb, self);
}

static gboolean
refresh_cb (gpointer data)
{
  HeraldDeviceView *self = data;

  self->refresh_source = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
state_changed_cb (HeraldDeviceView *self)
{
  gint64 wait_us;

  if (self->refresh_source != 0)
    return;

  wait_us = self->last_refresh + REFRESH_MS * 1000 - g_get_monotonic_time ();
  self->refresh_source = g_timeout_add (wait_us > 0 ? (guint) (wait_us / 1000) + 1 : 0, refresh_cb, self);
  g_source_set_name_by_id (self->refresh_source, "[herald] device view refresh");
}

static gboolean
prepare_fonts_cb (gpointer data)
{
  HeraldDeviceView *self = data;

  self->fonts_source = 0;
  herald_reading_tile_prepare_fonts (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

/* Shown for the first time: the tiles' fonts are loaded in an idle, not
 * in the frame of the first command. */
static void
herald_device_view_map (GtkWidget *widget)
{
  HeraldDeviceView *self = HERALD_DEVICE_VIEW (widget);

  GTK_WIDGET_CLASS (herald_device_view_parent_class)->map (widget);

  if (!self->fonts_prepared)
    {
      self->fonts_prepared = TRUE;
      self->fonts_source = g_idle_add_full (G_PRIORITY_LOW, prepare_fonts_cb, self, NULL);
      g_source_set_name_by_id (self->fonts_source, "[herald] device view fonts");
    }
}

static void
herald_device_view_constructed (GObject *object)
{
  HeraldDeviceView *self = HERALD_DEVICE_VIEW (object);
  HeraldWorkspace *workspace;
  HeraldConnection *connection;

  G_OBJECT_CLASS (herald_device_view_parent_class)->constructed (object);

  workspace = herald_page_get_workspace (HERALD_PAGE (self));
  connection = herald_workspace_get_device_connection (workspace);
  g_return_if_fail (HERALD_IS_DEVICE_STATE (self->state));
  g_return_if_fail (herald_device_state_get_workspace (self->state) == workspace);
  g_signal_connect_object (self->state, "changed", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (herald_connection_get_session (connection), "notify::state",
                           G_CALLBACK (update_waiting), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (connection, "notify::device-alternate-id",
                           G_CALLBACK (update_waiting), self, G_CONNECT_SWAPPED);
  herald_chart_set_model (self->chart, herald_device_state_get_series (self->state));
  g_signal_connect_object (herald_device_state_get_series (self->state), "items-changed",
                           G_CALLBACK (update_chart_visible), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (herald_measure_sender_get_series (herald_workspace_get_measure_sender (workspace)),
                           "changed", G_CALLBACK (update_measures), self, G_CONNECT_SWAPPED);
  update_chart_visible (self);
  update_measures (self);
  refresh (self);
}

static void
herald_device_view_dispose (GObject *object)
{
  HeraldDeviceView *self = HERALD_DEVICE_VIEW (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->chart_source, g_source_remove);
  g_clear_handle_id (&self->fonts_source, g_source_remove);
  g_clear_object (&self->state);

  G_OBJECT_CLASS (herald_device_view_parent_class)->dispose (object);
}

static void
herald_device_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HeraldDeviceView *self = HERALD_DEVICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_object (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_device_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HeraldDeviceView *self = HERALD_DEVICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      self->state = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_device_view_class_init (HeraldDeviceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_device_view_constructed;
  object_class->dispose = herald_device_view_dispose;
  object_class->get_property = herald_device_view_get_property;
  object_class->set_property = herald_device_view_set_property;
  widget_class->map = herald_device_view_map;

  /**
   * HeraldDeviceView:state:
   *
   * What the view shows: made by the window from the start, so that a
   * command that arrives before the view is built is not missed.
   */
  properties[PROP_STATE] =
    g_param_spec_object ("state", NULL, NULL, HERALD_TYPE_DEVICE_STATE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-device-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldDeviceView, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeviceView, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeviceView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeviceView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeviceView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeviceView, readings_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeviceView, measures_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldDeviceView, chart);
}

static void
herald_device_view_init (HeraldDeviceView *self)
{
  g_type_ensure (HERALD_TYPE_READING_TILE);
  g_type_ensure (HERALD_TYPE_CHART);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
herald_device_view_new (HeraldDeviceState *state)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_STATE (state), NULL);

  return g_object_new (HERALD_TYPE_DEVICE_VIEW,
                       "workspace", herald_device_state_get_workspace (state),
                       "state", state,
                       NULL);
}

HeraldDeviceState *
herald_device_view_get_state (HeraldDeviceView *self)
{
  g_return_val_if_fail (HERALD_IS_DEVICE_VIEW (self), NULL);

  return self->state;
}
