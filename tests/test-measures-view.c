/* test-measures-view.c: the device side, sending measures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window against a real herald-sandbox, connected as the
 * tutorial's device. A sensor type that uses a capability Temperature
 * (float) as a measure and a sensor of it are made on that device; in the
 * Send Measures view the test picks them, types the values and sends 25
 * messages, one every 0.2 s: each is listed accepted (202) with its round
 * trip, and the service stores the 25. Keep Sending sends a sine's values
 * every 0.2 s until switched off. A value of the wrong type is refused
 * with the gateway's reason. The sensor deleted while in use, the
 * next one is refused with the gateway's reason; not connected, Send says
 * so above the view.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "herald-test-flow.h"
#include "herald-test-gtk.h"
#include "herald-test-sandbox.h"

#include "herald-chart.h"
#include "herald-device-view.h"
#include "herald-entity-list.h"
#include "herald-measure.h"
#include "herald-measures-view.h"
#include "herald-exchange-view.h"
#include "herald-paths.h"
#include "herald-stored-measures-view.h"
#include "herald-value-generator.h"

#define N_MEASURES 25

static gpointer
create (HeraldApiClient *client,
        gpointer         entity)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gpointer created;

  herald_api_client_create_async (client, entity, NULL, herald_test_store_result, &result);
  herald_test_iterate_until (result != NULL, 20);
  created = herald_api_client_entity_finish (client, result, &error);
  g_assert_no_error (error);
  g_object_unref (entity);
  return created;
}

static GObject *
child (GtkWidget  *view,
       const char *name)
{
  return gtk_widget_get_template_child (view, HERALD_TYPE_MEASURES_VIEW, name);
}

/* The Sent list shows the newest messages, newest first, in this many rows. */
#define SENT_ROWS 10

/* The text of line @line (0: the values, 1: the answer) of the row that
 * shows the @i-th message the sender lists (oldest first), or "" when no
 * row shows it. */
static const char *
sent_line_shown (GtkWidget           *view,
                 HeraldMeasureSender *sender,
                 guint                i,
                 guint                line)
{
  guint n = g_list_model_get_n_items (herald_measure_sender_get_messages (sender));
  GtkListBoxRow *row = i < n ? gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (view, "sent_list")), n - 1 - i) : NULL;
  GtkWidget *lines;

  if (row == NULL || !gtk_widget_get_visible (GTK_WIDGET (row)))
    return "";
  /* row → box → icon, lines → values, answer */
  lines = gtk_widget_get_last_child (gtk_list_box_row_get_child (row));
  lines = line == 0 ? gtk_widget_get_first_child (lines) : gtk_widget_get_last_child (lines);
  return gtk_inscription_get_text (GTK_INSCRIPTION (lines)) ? gtk_inscription_get_text (GTK_INSCRIPTION (lines)) : "";
}

static const char *
answer_shown (GtkWidget           *view,
              HeraldMeasureSender *sender,
              guint                i)
{
  return sent_line_shown (view, sender, i, 1);
}

/* The tooltip of the answer's line of the row at @row_index (0: the newest
 * message's), NULL for none. */
static const char *
answer_tooltip (GtkWidget *view,
                guint      row_index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (view, "sent_list")), row_index);
  GtkWidget *lines = gtk_widget_get_last_child (gtk_list_box_row_get_child (row));

  return gtk_widget_get_tooltip_text (gtk_widget_get_last_child (lines));
}

static guint
n_answered (HeraldMeasureSender *sender)
{
  GListModel *messages = herald_measure_sender_get_messages (sender);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(HeraldSentMeasure) sent = g_list_model_get_item (messages, i);

      n += herald_sent_measure_get_ack (sent) != NULL;
    }
  return n;
}

/* The number of a message's Temperature, as its JSON has it. */
static char *
sent_temperature (HeraldSentMeasure *sent)
{
  const char *values = herald_sent_measure_get_values (sent);
  const char *start = strstr (values, "\"Temperature\":");

  g_assert_nonnull (start);
  start += strlen ("\"Temperature\":");
  return g_strndup (start, strcspn (start, ",}"));
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add (10, herald_test_wake, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static void
collect_spins (GtkWidget *widget,
               GPtrArray *spins)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    g_ptr_array_add (spins, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_spins (c, spins);
}

static const char *
values_sent (HeraldMeasureSender *sender,
             guint                i)
{
  g_autoptr(HeraldSentMeasure) sent = g_list_model_get_item (herald_measure_sender_get_messages (sender), i);

  return herald_sent_measure_get_values (sent);
}

static void
test_send_measures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTestSandbox) sandbox = NULL;
  g_autofree char *sandbox_dir = herald_paths_sandbox_dir ();
  g_autoptr(HeraldWindow) window = NULL;
  g_autoptr(HeraldCapability) climate = herald_capability_new ("Climate");
  g_autoptr(HeraldProperty) temperature = herald_property_new ("Temperature", HERALD_DATA_TYPE_FLOAT, "°C");
  g_autoptr(HeraldSensorType) sensor_type = NULL;
  g_autoptr(HeraldSensor) probe = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) stored = NULL;
  HeraldWorkspace *workspace;
  HeraldApiClient *client;
  HeraldSensorType *type;
  HeraldEntityList *sensors, *capabilities;
  HeraldMeasureSender *sender;
  GtkWidget *view, *field;
  guint n_sent;

  sandbox = herald_test_sandbox_start_full ("classic", sandbox_dir, NULL, &error);
  g_assert_no_error (error);
  window = g_object_ref_sink (herald_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  workspace = herald_window_get_workspace (window);
  herald_test_flow_until_connected (window);

  /* What the device measures: a capability its sensor's type uses as a
   * measure, on the tutorial's device. */
  client = herald_workspace_get_client (workspace);
  herald_capability_add_property (climate, temperature);
  climate = create (client, g_steal_pointer (&climate));
  type = herald_sensor_type_new ("ClimateSensor");
  herald_sensor_type_add_capability (type, herald_entity_get_id (HERALD_ENTITY (climate)), "measure");
  sensor_type = create (client, type);
  probe = create (client, herald_sensor_new (herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (workspace))),
                                             "Probe", herald_entity_get_id (HERALD_ENTITY (sensor_type))));

  /* The view picks the sensor and its measure capability from the lists. */
  herald_window_show_measures_view (window);
  view = herald_test_find_descendant (GTK_WIDGET (window), HERALD_TYPE_MEASURES_VIEW);
  g_assert_nonnull (view);
  sensors = HERALD_ENTITY_LIST (child (view, "sensors"));
  capabilities = HERALD_ENTITY_LIST (child (view, "capabilities"));
  herald_test_iterate_until (!herald_entity_list_get_loading (sensors) &&
                             herald_entity_list_find (sensors, herald_entity_get_id (HERALD_ENTITY (probe))) != G_MAXUINT, 20);
  /* The device's sensors: the one the service made with it, the tutorial's
   * (its type's capability is a command), and Probe, listed last: the view
   * picks Probe by itself, the first whose type measures something. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sensors)), ==, 3);
  herald_test_iterate_until (adw_combo_row_get_selected (ADW_COMBO_ROW (child (view, "sensor_row"))) ==
                             herald_entity_list_find (sensors, herald_entity_get_id (HERALD_ENTITY (probe))), 20);
  g_assert_cmpuint (herald_entity_list_find (sensors, herald_entity_get_id (HERALD_ENTITY (probe))), ==, 2);
  /* A pick of the user's stays, even of a sensor whose type measures
   * nothing: the view says why there is nothing to send. */
  herald_test_iterate_until (!herald_entity_list_get_loading (capabilities) &&
                             g_list_model_get_n_items (G_LIST_MODEL (capabilities)) == 1, 20);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (view, "sensor_row")), 0);
  herald_test_iterate_until (!herald_entity_list_get_loading (capabilities) &&
                             g_list_model_get_n_items (G_LIST_MODEL (capabilities)) == 0, 20);
  wait_ms (300);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (view, "sensor_row"))), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (view, "targets_label"))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (view, "targets_label"))),
                            "uses no capability as a measure"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (view, "sensor_row")), 2);
  herald_test_iterate_until (!herald_entity_list_get_loading (capabilities) &&
                             g_list_model_get_n_items (G_LIST_MODEL (capabilities)) == 1, 20);
  herald_test_iterate_until (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (view, "values_list")), 0) != NULL, 10);
  sender = herald_measures_view_get_sender (HERALD_MEASURES_VIEW (view));

  /* The value field is the form's: one spin button, for Temperature. */
  field = herald_test_find_descendant (GTK_WIDGET (child (view, "values_list")), GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (field);

  /* 25 messages, one every 0.2 s, each with its own value. */
  for (guint i = 0; i < N_MEASURES; i++)
    {
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (field), 20.0 + i / 10.0);
      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (view, "preview_label"))), "\"Temperature\":"));
      g_assert_true (gtk_widget_activate_action (view, "measures.send", NULL));
      wait_ms (200);
    }
  g_assert_cmpuint (g_list_model_get_n_items (herald_measure_sender_get_messages (sender)), ==, N_MEASURES);
  herald_test_iterate_until (n_answered (sender) == N_MEASURES, 20);
  /* The list shows the newest ten, each with its values and answer (within
   * a tenth of a second), and says the History has every one. */
  herald_test_iterate_until (strstr (answer_shown (view, sender, N_MEASURES - SENT_ROWS), "accepted") != NULL, 5);
  for (guint i = 0; i < N_MEASURES; i++)
    {
      g_autoptr(HeraldSentMeasure) sent = g_list_model_get_item (herald_measure_sender_get_messages (sender), i);
      HeraldAck *ack = herald_sent_measure_get_ack (sent);

      g_assert_cmpuint (herald_ack_get_code (ack), ==, 202);
      g_assert_cmpint (herald_ack_get_round_trip (ack), >, 0);
      if (i < N_MEASURES - SENT_ROWS)
        {
          g_assert_cmpstr (answer_shown (view, sender, i), ==, "");
          continue;
        }
      g_assert_cmpstr (sent_line_shown (view, sender, i, 0), ==, herald_sent_measure_get_values (sent));
      g_assert_nonnull (strstr (answer_shown (view, sender, i), "accepted (202) in "));
    }
  g_assert_cmpuint (herald_measure_sender_get_n_unmatched (sender), ==, 0);
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (view, "sent_group"))),
                            "The newest 10 messages sent; the History lists every one"));

  /* ...and the History does: each of the 25 has its Acknowledged entry,
   * accepted (202) with its round trip, naming its measureMessageId. */
  {
    HeraldHistory *history = herald_workspace_get_history (workspace);
    guint n_entries = g_list_model_get_n_items (G_LIST_MODEL (history));

    for (guint i = 0; i < N_MEASURES; i++)
      {
        g_autoptr(HeraldSentMeasure) sent = g_list_model_get_item (herald_measure_sender_get_messages (sender), i);
        gboolean found = FALSE;

        for (guint j = 0; j < n_entries && !found; j++)
          {
            g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), j);
            const char *preview = herald_history_item_get_preview (item);

            found = herald_history_item_get_event (item) == HERALD_HISTORY_EVENT_ACKNOWLEDGED &&
                    strstr (preview, herald_sent_measure_get_message_id (sent)) != NULL &&
                    strstr (preview, ": accepted (202) in ") != NULL;
          }
        g_assert_true (found);
      }
  }

  /* The chart holds the 25 at full resolution; its CSV has each number as
   * the message carried it; it says the newest, lowest and highest to a
   * screen reader; it saves as a PNG. */
  {
    HeraldChart *chart = herald_measures_view_get_chart (HERALD_MEASURES_VIEW (view));
    GListModel *set = G_LIST_MODEL (herald_chart_get_model (chart));
    g_autoptr(HeraldSeries) series = NULL;
    g_autofree char *csv = NULL;
    g_autofree char *description = NULL;
    g_autoptr(GBytes) png = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
    g_assert_cmpuint (g_list_model_get_n_items (set), ==, 1);
    series = g_list_model_get_item (set, 0);
    g_assert_cmpstr (herald_series_get_label (series), ==, "Temperature");
    g_assert_cmpuint (herald_series_get_n_points (series), ==, N_MEASURES);
    g_assert_cmpuint (herald_series_get_n_buckets (series), ==, 0);

    csv = herald_chart_to_csv (chart);
    lines = g_strsplit (csv, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, N_MEASURES + 2);  /* a header, a last empty */
    g_assert_cmpstr (lines[0], ==, "time,series,value,min,max");
    for (guint i = 0; i < N_MEASURES; i++)
      {
        g_autoptr(HeraldSentMeasure) sent = g_list_model_get_item (herald_measure_sender_get_messages (sender), i);
        g_auto(GStrv) fields = g_strsplit (lines[i + 1], ",", -1);
        g_autofree char *sent_number = sent_temperature (sent);
        double value;

        herald_series_get_point (series, i, NULL, &value);
        g_assert_cmpuint (g_strv_length (fields), ==, 5);
        g_assert_true (g_str_has_suffix (fields[1], "/Temperature"));
        /* JSON writes a whole float as 20.0, CSV as 20. */
        if (g_str_has_suffix (sent_number, ".0"))
          sent_number[strlen (sent_number) - 2] = '\0';
        g_assert_cmpstr (fields[2], ==, sent_number);
        g_assert_cmpfloat (g_ascii_strtod (fields[2], NULL), ==, value);
      }

    herald_test_iterate_until ((description = herald_chart_describe (chart)) != NULL &&
                               strstr (description, "last") != NULL, 5);
    g_assert_cmpstr (description, ==, "Temperature: last 22.4 °C, lowest 20 °C, highest 22.4 °C.");

    png = herald_chart_to_png (chart, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (png), >, 1000);
    g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);

    /* Both saved through the file chooser, as the menu does: the file
     * holds what the chart showed when asked, and a toast says so. */
    {
      g_autofree char *dir = g_dir_make_tmp ("herald-chart-XXXXXX", NULL);
      g_autofree char *csv_path = g_build_filename (dir, "climate.csv", NULL);
      g_autofree char *png_path = g_build_filename (dir, "climate.png", NULL);
      g_autofree char *saved = NULL;
      gsize length = 0;

      g_assert_true (gtk_widget_activate_action (view, "measures.export-csv", NULL));
      herald_test_choose_file (csv_path);
      herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (window), "Saved “climate.csv”", FALSE), 10);
      g_assert_true (g_file_get_contents (csv_path, &saved, NULL, &error));
      g_assert_cmpstr (saved, ==, csv);
      g_clear_pointer (&saved, g_free);

      g_assert_true (gtk_widget_activate_action (view, "measures.export-png", NULL));
      herald_test_choose_file (png_path);
      herald_test_iterate_until (herald_test_shows_text (GTK_WIDGET (window), "Saved “climate.png”", FALSE), 10);
      g_assert_true (g_file_get_contents (png_path, &saved, &length, &error));
      g_assert_cmpuint (length, >, 1000);
      g_assert_cmpmem (saved, 8, "\x89PNG\r\n\x1a\n", 8);

      g_unlink (csv_path);
      g_unlink (png_path);
      g_rmdir (dir);
    }
  }

  /* The Live Device view says what the device sent last, beside what it
   * received. */
  {
    GtkWidget *device_view;
    GtkLabel *label;

    herald_window_show_device_view (window);
    device_view = herald_test_find_descendant (GTK_WIDGET (window), HERALD_TYPE_DEVICE_VIEW);
    g_assert_nonnull (device_view);
    label = GTK_LABEL (gtk_widget_get_template_child (device_view, HERALD_TYPE_DEVICE_VIEW, "measures_label"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
    g_assert_cmpstr (gtk_label_get_text (label), ==, "Measures sent last: Temperature 22.4 °C");
    herald_window_show_measures_view (window);
  }

  /* The service stored the 25. */
  herald_api_client_list_measures_async (client, herald_entity_get_id (HERALD_ENTITY (herald_workspace_get_device (workspace))),
                                         NULL, NULL, 0, 0, NULL, herald_test_store_result, &result);
  herald_test_iterate_until (result != NULL, 20);
  stored = herald_api_client_list_measures_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (stored), ==, N_MEASURES);
  for (guint i = 0; i < N_MEASURES; i++)
    {
      g_autoptr(GPtrArray) rows = herald_measure_parse_stored (json_array_get_element (stored, i), climate, &error);

      g_assert_no_error (error);
      g_assert_nonnull (herald_measure_find_value (g_ptr_array_index (rows, 0), "Temperature"));
    }

  /* The cloud side lists the 25, newest first, with the request and its
   * answer below. */
  {
    GtkWidget *stored;
    HeraldStoredMeasures *list;
    g_autoptr(HeraldMeasure) newest = NULL;
    GtkListBoxRow *row;

    herald_window_show_stored_measures_view (window);
    stored = herald_test_find_descendant (GTK_WIDGET (window), HERALD_TYPE_STORED_MEASURES_VIEW);
    g_assert_nonnull (stored);
    list = herald_stored_measures_view_get_list (HERALD_STORED_MEASURES_VIEW (stored));
    herald_test_iterate_until (!herald_stored_measures_get_loading (list) &&
                               g_list_model_get_n_items (G_LIST_MODEL (list)) == N_MEASURES, 20);
    newest = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpfloat (herald_reading_get_number (herald_measure_find_value (newest, "Temperature")), ==, 22.4);
    row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (gtk_widget_get_template_child (stored, HERALD_TYPE_STORED_MEASURES_VIEW, "stored_list")), 0);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Temperature 22.4 °C");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Climate"));
    g_assert_nonnull (strstr (herald_exchange_view_get_curl (HERALD_EXCHANGE_VIEW (gtk_widget_get_template_child (stored, HERALD_TYPE_STORED_MEASURES_VIEW, "exchange_view"))),
                              "/measures"));
    /* The last five minutes: the 25 again, asked of the service by time. */
    adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (stored, HERALD_TYPE_STORED_MEASURES_VIEW, "time_row")), 1);
    g_assert_cmpint (herald_stored_measures_get_span (list), ==, 5 * 60 * 1000);
    herald_test_iterate_until (!herald_stored_measures_get_loading (list) &&
                               g_list_model_get_n_items (G_LIST_MODEL (list)) == N_MEASURES, 20);
    herald_test_iterate_until (strstr (herald_exchange_view_get_curl (HERALD_EXCHANGE_VIEW (gtk_widget_get_template_child (stored, HERALD_TYPE_STORED_MEASURES_VIEW, "exchange_view"))),
                                       "filter=timestamp%20ge%20") != NULL, 10);
    g_test_message ("%s", herald_exchange_view_get_curl (HERALD_EXCHANGE_VIEW (gtk_widget_get_template_child (stored, HERALD_TYPE_STORED_MEASURES_VIEW, "exchange_view"))));
    herald_window_show_measures_view (window);
  }

  /* Keep Sending: Temperature as a sine from 15 to 25, four values a
   * period, every 0.2 s; each value shown in the field as it goes. */
  {
    GtkWidget *vary = herald_test_find_descendant (GTK_WIDGET (child (view, "keep_group")), ADW_TYPE_EXPANDER_ROW);
    g_autoptr(GPtrArray) spins = g_ptr_array_new ();
    const char *expected[] = { "{\"Temperature\":15.0}", "{\"Temperature\":20.0}", "{\"Temperature\":25.0}",
                               "{\"Temperature\":20.0}", "{\"Temperature\":15.0}", "{\"Temperature\":20.0}" };

    g_assert_nonnull (vary);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (vary)), ==, "Temperature");
    adw_combo_row_set_selected (ADW_COMBO_ROW (herald_test_find_descendant (vary, ADW_TYPE_COMBO_ROW)),
                                HERALD_VALUE_GENERATOR_SINE);
    collect_spins (vary, spins);
    g_assert_cmpuint (spins->len, ==, 3);
    gtk_spin_button_set_value (g_ptr_array_index (spins, 0), 15);
    gtk_spin_button_set_value (g_ptr_array_index (spins, 1), 25);
    gtk_spin_button_set_value (g_ptr_array_index (spins, 2), 4);
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (vary)), "sine between 15 and 25"));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (view, "interval_spin")), 0.2);
    gtk_switch_set_active (GTK_SWITCH (child (view, "keep_switch")), TRUE);
    herald_test_iterate_until (g_list_model_get_n_items (herald_measure_sender_get_messages (sender)) >=
                               N_MEASURES + G_N_ELEMENTS (expected), 20);
    gtk_switch_set_active (GTK_SWITCH (child (view, "keep_switch")), FALSE);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (values_sent (sender, N_MEASURES + i), ==, expected[i]);
    herald_test_iterate_until (n_answered (sender) == g_list_model_get_n_items (herald_measure_sender_get_messages (sender)), 20);
    /* Stopped: no more. */
    n_sent = g_list_model_get_n_items (herald_measure_sender_get_messages (sender));
    wait_ms (600);
    g_assert_cmpuint (g_list_model_get_n_items (herald_measure_sender_get_messages (sender)), ==, n_sent);
  }

  /* A value the capability does not take (the view's fields cannot type
   * one: sent as another program would): refused, the row says why, and
   * the chart keeps numbers only. */
  {
    g_autoptr(HeraldCommandBuilder) bad = herald_command_builder_new (HERALD_COMMAND_FLAVOR_TENANT);
    HeraldSeriesSet *set = herald_measure_sender_get_series (sender);
    g_autoptr(HeraldSeries) series = g_list_model_get_item (G_LIST_MODEL (set), 0);
    guint n_points = herald_series_get_n_points (series);

    g_assert_true (herald_command_builder_add_value (bad, "Temperature", HERALD_DATA_TYPE_STRING, "warm", &error));
    n_sent = g_list_model_get_n_items (herald_measure_sender_get_messages (sender));
    g_assert_nonnull (herald_measure_sender_send (sender, herald_entity_get_alternate_id (HERALD_ENTITY (probe)),
                                                  climate, bad, &error));
    g_assert_no_error (error);
    herald_test_iterate_until (n_answered (sender) == n_sent + 1, 20);
    herald_test_iterate_until (strstr (answer_shown (view, sender, n_sent), "refused") != NULL, 5);
    g_test_message ("refused: %s", answer_shown (view, sender, n_sent));
    g_assert_nonnull (strstr (answer_shown (view, sender, n_sent), "refused (400)"));
    g_assert_nonnull (strstr (answer_shown (view, sender, n_sent), "Temperature"));
    g_assert_cmpuint (herald_series_get_n_points (series), ==, n_points);
    /* The whole refusal on hover; an accepted one has no tooltip. */
    g_assert_cmpstr (answer_tooltip (view, 0), ==, answer_shown (view, sender, n_sent));
    g_assert_null (answer_tooltip (view, 1));
  }

  /* The sensor deleted while in use: the next message is refused, and the
   * row says why. */
  g_clear_object (&result);
  herald_api_client_delete_async (client, HERALD_TYPE_SENSOR, herald_entity_get_id (HERALD_ENTITY (probe)),
                                  NULL, herald_test_store_result, &result);
  herald_test_iterate_until (result != NULL, 20);
  herald_api_client_delete_finish (client, result, &error);
  g_assert_no_error (error);
  n_sent = g_list_model_get_n_items (herald_measure_sender_get_messages (sender));
  g_assert_true (gtk_widget_activate_action (view, "measures.send", NULL));
  herald_test_iterate_until (n_answered (sender) == n_sent + 1, 20);
  /* (The row showed the refusal before: it shows this one's within 0.1 s.) */
  herald_test_iterate_until (strstr (answer_shown (view, sender, n_sent), "refused (404)") != NULL, 5);
  g_test_message ("refused: %s", answer_shown (view, sender, n_sent));
  g_assert_nonnull (strstr (answer_shown (view, sender, n_sent), "sensorAlternateId"));
  /* Each row's tooltip follows the message it shows now. */
  g_assert_cmpstr (answer_tooltip (view, 0), ==, answer_shown (view, sender, n_sent));
  g_assert_cmpstr (answer_tooltip (view, 1), ==, answer_shown (view, sender, n_sent - 1));
  g_assert_null (answer_tooltip (view, 2));

  /* (For the eye: the list scrolled into view, kept as an artifact.) */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (child (view, "sent_list")), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    wait_ms (300);
    herald_test_save_screenshot (GTK_WIDGET (window), "send-measures-sent");
  }

  /* Not connected: said above the view, nothing listed. */
  herald_mqtt_session_disconnect (herald_workspace_get_session (workspace));
  herald_test_iterate_until (herald_mqtt_session_get_state (herald_workspace_get_session (workspace)) == HERALD_MQTT_STATE_DISCONNECTED, 10);
  g_assert_true (gtk_widget_activate_action (view, "measures.send", NULL));
  g_assert_nonnull (herald_page_get_error (HERALD_PAGE (view)));
  g_assert_nonnull (strstr (herald_page_get_error (HERALD_PAGE (view)), "not connected"));
  g_assert_cmpuint (g_list_model_get_n_items (herald_measure_sender_get_messages (sender)), ==, n_sent + 1);
  herald_test_save_screenshot (GTK_WIDGET (window), "send-measures");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add_func ("/measures-view/send", test_send_measures);

  return g_test_run ();
}
