/* herald-measures-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "herald-chart.h"
#include "herald-entity-list.h"
#include "herald-file-chooser.h"
#include "herald-measures-view.h"
#include "herald-message.h"
#include "herald-odata.h"
#include "herald-sensor.h"
#include "herald-value-form.h"
#include "herald-value-generator.h"

/* The device side: the connected device sends measures. Pick one of the
 * device's sensors and a capability its type uses as a measure (the
 * service's lists, as the command composer picks its targets), type one
 * value a property (HeraldValueForm: the composer's typing rules), see the
 * row as it goes, and Send (Ctrl+Return). HeraldMeasureSender publishes it
 * with a fresh measureMessageId and matches the gateway's acknowledgement
 * to it: each message sent is listed with its values and its answer —
 * waiting, accepted (202) with the round trip, or refused with the code
 * and the gateway's reason.
 *
 * Keep Sending sends the values again every so many seconds, each number
 * varied as its row says (HeraldValueGenerator: fixed, step, random walk,
 * sine between a least and a greatest value), so that a presenter can
 * leave data flowing; the field shows each value as it goes. */

/* How one numeric property varies while the view keeps sending. */
typedef struct
{
  guint                 field;      /* its position in the form */
  gboolean              integer;
  GtkWidget            *row;        /* an AdwExpanderRow in keep_group */
  AdwComboRow          *kind;
  GtkSpinButton        *from;
  GtkSpinButton        *to;
  GtkSpinButton        *step;
  AdwActionRow         *step_row;
  HeraldValueGenerator *generator;  /* made when first needed */
} Vary;

/* The newest messages sent, newest first, in as many rows as this: made
 * once, each given another message as new ones come, at most every
 * SENT_SYNC_MS. A flood of measures costs the list what one a second does
 * (a row made per message cost 3.6 ms of layout each); the History keeps
 * every message with its answer. */
#define SENT_ROWS 10
#define SENT_SYNC_MS 100

/* A row of the Sent list: the answer's icon, the values sent, when and
 * what the gateway said. GtkInscriptions, not labels: their size does not
 * depend on their text, so a row given another message is drawn again,
 * not measured again with the whole window (a row of wrapping labels cost
 * 1–2 ms of layout each time). */
typedef struct
{
  GtkWidget      *row;
  GtkImage       *icon;
  GtkInscription *values;
  GtkInscription *answer;
} SentRow;

struct _HeraldMeasuresView
{
  HeraldPage           parent_instance;

  HeraldMeasureSender *sender;
  HeraldValueForm     *form;
  HeraldCommandBuilder *values;   /* the values shown, if they read */

  HeraldEntityList    *sensors;
  HeraldEntityList    *capabilities;
  AdwComboRow         *sensor_row;
  AdwComboRow         *capability_row;
  GtkLabel            *targets_label;
  GtkListBox          *values_list;
  GtkLabel            *preview_label;
  GtkLabel            *error_label;
  AdwPreferencesGroup *sent_group;
  GtkListBox          *sent_list;
  gboolean             sensor_auto;     /* the sensor is Herald's pick, not the user's */
  guint                sensor_auto_at;  /* the position Herald picked */
  gboolean             sensor_picking;
  SentRow             *sent_rows[SENT_ROWS];       /* the list's, made once */
  HeraldSentMeasure   *sent_shown[SENT_ROWS];
  HeraldAck           *sent_ack_shown[SENT_ROWS];  /* compared only */
  guint                sent_sync_source;
  gint64               sent_synced;                /* monotonic */
  AdwPreferencesGroup *keep_group;
  GtkSpinButton       *interval_spin;
  GtkSwitch           *keep_switch;
  HeraldChart         *chart;
  GtkDropDown         *span_dropdown;
  GtkFileChooserNative *chooser;
  GBytes              *export_bytes;  /* what the chooser saves */

  GPtrArray           *varies;      /* of Vary */
  guint                keep_source;
  gboolean             shown;       /* once: the lists load from then on */
};

G_DEFINE_FINAL_TYPE (HeraldMeasuresView, herald_measures_view, HERALD_TYPE_PAGE)

static HeraldEntity *
picked (AdwComboRow      *row,
        HeraldEntityList *list)
{
  if (herald_entity_list_get_loading (list))
    return NULL;
  return adw_combo_row_get_selected_item (row);
}

static void
update_send_enabled (HeraldMeasuresView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "measures.send",
                                 self->values != NULL &&
                                 picked (self->sensor_row, self->sensors) != NULL &&
                                 picked (self->capability_row, self->capabilities) != NULL);
}

static void
update_preview (HeraldMeasuresView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;

  g_clear_object (&self->values);
  if (picked (self->capability_row, self->capabilities) != NULL)
    self->values = herald_value_form_build (self->form, HERALD_COMMAND_FLAVOR_TENANT, &error);
  if (self->values != NULL)
    row = herald_command_builder_to_command_json (self->values);

  gtk_label_set_label (self->preview_label, row);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), row != NULL);
  gtk_label_set_label (self->error_label, error != NULL ? error->message : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  update_send_enabled (self);
}

/* What the rows cannot show: why there is nothing to pick. */
static void
update_targets (HeraldMeasuresView *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  const char *text = NULL;

  if (herald_workspace_get_client (workspace) == NULL)
    text = _("Choose the service first, in the Service step.");
  else if (herald_workspace_get_device (workspace) == NULL)
    text = _("No device in use: create or pick one in the Device step, and connect it in the Connect step.");
  else if (herald_entity_list_get_error (self->sensors) != NULL)
    text = herald_entity_list_get_error (self->sensors);
  else if (herald_entity_list_get_error (self->capabilities) != NULL)
    text = herald_entity_list_get_error (self->capabilities);
  else if (!herald_entity_list_get_loading (self->sensors) &&
           g_list_model_get_n_items (G_LIST_MODEL (self->sensors)) == 0)
    text = _("The device has no sensor yet. Create one in the Sensor step.");
  else if (picked (self->sensor_row, self->sensors) != NULL &&
           !herald_entity_list_get_loading (self->capabilities) &&
           g_list_model_get_n_items (G_LIST_MODEL (self->capabilities)) == 0)
    text = _("The sensor’s type uses no capability as a measure. Pick another sensor, or create a sensor "
             "type that uses a capability as a measure in the Sensor Type step, and a sensor of it.");

  herald_page_set_masked (HERALD_PAGE (self), self->targets_label, "label", text);
  gtk_widget_set_visible (GTK_WIDGET (self->targets_label), text != NULL);
}

/* The sensors of the workspace's device, the measure capabilities of the
 * sensor picked's type; loaded once the view was shown, and kept while
 * another is (the picks stay, and Keep Sending goes on). */
static void
follow_lists (HeraldMeasuresView *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldApiClient *client = self->shown ? herald_workspace_get_client (workspace) : NULL;
  HeraldDevice *device = herald_workspace_get_device (workspace);
  HeraldSensor *sensor;

  if (device != NULL)
    {
      g_autofree char *quoted = herald_odata_quote (herald_entity_get_id (HERALD_ENTITY (device)));
      g_autofree char *filter = g_strdup_printf ("deviceId eq %s", quoted);

      herald_entity_list_set_filter (self->sensors, filter);
    }
  herald_entity_list_set_client (self->sensors, device != NULL ? client : NULL);

  sensor = HERALD_SENSOR (picked (self->sensor_row, self->sensors));
  if (sensor != NULL && herald_sensor_get_sensor_type_id (sensor) != NULL)
    herald_entity_list_set_sensor_type_id (self->capabilities, herald_sensor_get_sensor_type_id (sensor));
  herald_entity_list_set_client (self->capabilities, sensor != NULL ? client : NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->sensor_row), g_list_model_get_n_items (G_LIST_MODEL (self->sensors)) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->capability_row),
                            g_list_model_get_n_items (G_LIST_MODEL (self->capabilities)) > 0);
  update_targets (self);
  update_send_enabled (self);
}

static void rebuild_varies (HeraldMeasuresView *self);

/* The fields follow the capability picked, once its list is loaded (while
 * it loads, its row changes with it: that is no pick). */
static void
capability_picked_cb (HeraldMeasuresView *self)
{
  HeraldEntity *capability = picked (self->capability_row, self->capabilities);

  if (self->varies == NULL || herald_entity_list_get_loading (self->capabilities) ||
      (gpointer) capability == (gpointer) herald_value_form_get_capability (self->form))
    return;

  herald_value_form_set_capability (self->form, capability != NULL ? HERALD_CAPABILITY (capability) : NULL);
  rebuild_varies (self);
  update_targets (self);
}

/* Until the user picks a sensor, Herald picks the device's first one whose
 * type uses a capability as a measure: the service makes a sensor with
 * each device ("Sensor: 0:0:0:0" on the classic API) and the tutorial's
 * sensor receives commands, so the first is seldom the one. Each sensor
 * whose capabilities loaded empty makes way for the next. */
static void
pick_sensor (HeraldMeasuresView *self)
{
  guint selected = adw_combo_row_get_selected (self->sensor_row);
  guint n_sensors = g_list_model_get_n_items (G_LIST_MODEL (self->sensors));

  if (self->sensor_picking || herald_entity_list_get_loading (self->sensors))
    return;

  if (selected != self->sensor_auto_at && selected != GTK_INVALID_LIST_POSITION)
    self->sensor_auto = FALSE;  /* the user's pick */
  if (!self->sensor_auto || selected == GTK_INVALID_LIST_POSITION ||
      herald_entity_list_get_loading (self->capabilities) ||
      herald_entity_list_get_error (self->capabilities) != NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->capabilities)) > 0 ||
      selected + 1 >= n_sensors)
    return;

  self->sensor_auto_at = selected + 1;
  self->sensor_picking = TRUE;
  adw_combo_row_set_selected (self->sensor_row, self->sensor_auto_at);
  self->sensor_picking = FALSE;
  follow_lists (self);
  /* A sensor of the same type loads nothing new: on to the next. */
  if (!herald_entity_list_get_loading (self->capabilities))
    pick_sensor (self);
}

static void
device_changed_cb (HeraldMeasuresView *self)
{
  self->sensor_auto = TRUE;
  self->sensor_auto_at = 0;
  follow_lists (self);
}

static void
lists_changed_cb (HeraldMeasuresView *self)
{
  follow_lists (self);
  capability_picked_cb (self);
  pick_sensor (self);
}

/* --- Keep sending ------------------------------------------------------ */

static void
vary_free (gpointer data)
{
  Vary *vary = data;

  g_clear_object (&vary->generator);
  g_free (vary);
}

static HeraldValueGeneratorKind
vary_kind (Vary *vary)
{
  /* The combo row's items are in the kinds' order: fixed (constant) first. */
  return (HeraldValueGeneratorKind) adw_combo_row_get_selected (vary->kind);
}

/* A setting changed: the generator is made again when next needed, and
 * the row says what the number does. */
static void
vary_changed_cb (GtkWidget *widget,
                 GParamSpec *pspec,
                 Vary       *vary)
{
  HeraldValueGeneratorKind kind = vary_kind (vary);
  g_autofree char *subtitle = NULL;

  g_clear_object (&vary->generator);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (vary->step_row),
                                 kind == HERALD_VALUE_GENERATOR_SINE ? _("Values a Period") : _("Step"));
  switch (kind)
    {
    case HERALD_VALUE_GENERATOR_STEP:
      /* Translators: least value, greatest value, step */
      subtitle = g_strdup_printf (_("Up from %g to %g by %g, then from %g again"),
                                  gtk_spin_button_get_value (vary->from), gtk_spin_button_get_value (vary->to),
                                  gtk_spin_button_get_value (vary->step), gtk_spin_button_get_value (vary->from));
      break;
    case HERALD_VALUE_GENERATOR_RANDOM_WALK:
      /* Translators: the greatest step, least value, greatest value */
      subtitle = g_strdup_printf (_("A random step of up to %g, between %g and %g"),
                                  gtk_spin_button_get_value (vary->step), gtk_spin_button_get_value (vary->from),
                                  gtk_spin_button_get_value (vary->to));
      break;
    case HERALD_VALUE_GENERATOR_SINE:
      /* Translators: least value, greatest value, values in one period */
      subtitle = g_strdup_printf (_("A sine between %g and %g, %g values a period"),
                                  gtk_spin_button_get_value (vary->from), gtk_spin_button_get_value (vary->to),
                                  gtk_spin_button_get_value (vary->step));
      break;
    case HERALD_VALUE_GENERATOR_CONSTANT:
    default:
      subtitle = g_strdup (_("The value above, each time"));
      break;
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (vary->row), subtitle);
}

static GtkSpinButton *
add_spin_row (Vary       *vary,
              const char *title,
              double      value,
              AdwActionRow **out_row)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (-1e9, 1e9, vary->integer ? 1 : 0.1);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), vary->integer ? 0 : 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (vary->row), row);
  g_signal_connect (spin, "notify::value", G_CALLBACK (vary_changed_cb), vary);
  if (out_row != NULL)
    *out_row = ADW_ACTION_ROW (row);
  return GTK_SPIN_BUTTON (spin);
}

/* One row a numeric property of the capability picked. */
static void
rebuild_varies (HeraldMeasuresView *self)
{
  HeraldCapability *capability = herald_value_form_get_capability (self->form);
  GListModel *properties = capability != NULL ? herald_capability_get_properties (capability) : NULL;

  for (guint i = 0; i < self->varies->len; i++)
    adw_preferences_group_remove (self->keep_group, ((Vary *) g_ptr_array_index (self->varies, i))->row);
  g_ptr_array_set_size (self->varies, 0);

  for (guint i = 0; properties != NULL && i < g_list_model_get_n_items (properties); i++)
    {
      g_autoptr(HeraldProperty) property = g_list_model_get_item (properties, i);
      HeraldDataType type = herald_property_get_data_type (property);
      const char * const kinds[] = { NC_("value generator", "Fixed"), NC_("value generator", "Step"),
                                     NC_("value generator", "Random Walk"), NC_("value generator", "Sine"), NULL };
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      Vary *vary;

      if (type != HERALD_DATA_TYPE_INTEGER && type != HERALD_DATA_TYPE_FLOAT && type != HERALD_DATA_TYPE_DOUBLE)
        continue;

      vary = g_new0 (Vary, 1);
      vary->field = i;
      vary->integer = type == HERALD_DATA_TYPE_INTEGER;
      vary->row = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (vary->row), herald_property_get_name (property));
      for (guint k = 0; kinds[k] != NULL; k++)
        gtk_string_list_append (names, g_dpgettext2 (GETTEXT_PACKAGE, "value generator", kinds[k]));
      vary->kind = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (vary->kind), _("Values"));
      adw_combo_row_set_model (vary->kind, G_LIST_MODEL (names));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (vary->row), GTK_WIDGET (vary->kind));
      g_signal_connect (vary->kind, "notify::selected", G_CALLBACK (vary_changed_cb), vary);
      vary->from = add_spin_row (vary, _("From"), 0, NULL);
      vary->to = add_spin_row (vary, _("To"), 100, NULL);
      vary->step = add_spin_row (vary, _("Step"), vary->integer ? 1 : 0.5, &vary->step_row);
      adw_preferences_group_add (self->keep_group, vary->row);
      g_ptr_array_add (self->varies, vary);
      vary_changed_cb (NULL, NULL, vary);
    }
}

static gboolean send_measures (HeraldMeasuresView *self);

static gboolean
keep_sending_cb (gpointer data)
{
  HeraldMeasuresView *self = data;

  for (guint i = 0; i < self->varies->len; i++)
    {
      Vary *vary = g_ptr_array_index (self->varies, i);
      GtkWidget *field;
      double value;

      if (vary_kind (vary) == HERALD_VALUE_GENERATOR_CONSTANT ||
          vary->field >= herald_value_form_get_n_fields (self->form))
        continue;

      if (vary->generator == NULL)
        vary->generator = herald_value_generator_new (vary_kind (vary),
                                                      gtk_spin_button_get_value (vary->from),
                                                      gtk_spin_button_get_value (vary->to),
                                                      gtk_spin_button_get_value (vary->step));
      value = herald_value_generator_next (vary->generator);
      field = herald_value_form_get_field (self->form, vary->field);
      if (GTK_IS_SPIN_BUTTON (field))
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (field), vary->integer ? round (value) : value);
    }

  if (!send_measures (self))
    {
      /* Said above the view; sending again would say it again. */
      self->keep_source = 0;
      gtk_switch_set_active (self->keep_switch, FALSE);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
keep_changed_cb (HeraldMeasuresView *self)
{
  g_clear_handle_id (&self->keep_source, g_source_remove);
  if (!gtk_switch_get_active (self->keep_switch))
    return;

  for (guint i = 0; i < self->varies->len; i++)
    g_clear_object (&((Vary *) g_ptr_array_index (self->varies, i))->generator);
  self->keep_source = g_timeout_add ((guint) (gtk_spin_button_get_value (self->interval_spin) * 1000),
                                     keep_sending_cb, self);
  keep_sending_cb (self);
}

/* --- What was sent, and what the gateway said --------------------------- */

static GtkInscription *
new_sent_line (const char *css_class)
{
  GtkInscription *line = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_inscription_set_xalign (line, 0);
  gtk_inscription_set_text_overflow (line, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_wrap_mode (line, PANGO_WRAP_WORD_CHAR);
  gtk_inscription_set_min_lines (line, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (line), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (line), css_class);
  return line;
}

static SentRow *
create_sent_row (void)
{
  SentRow *sent_row = g_new0 (SentRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  sent_row->icon = GTK_IMAGE (gtk_image_new ());
  sent_row->values = new_sent_line ("monospace");
  sent_row->answer = new_sent_line ("dim-label");
  gtk_widget_set_valign (GTK_WIDGET (sent_row->icon), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (lines), GTK_WIDGET (sent_row->values));
  gtk_box_append (GTK_BOX (lines), GTK_WIDGET (sent_row->answer));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (sent_row->icon));
  gtk_box_append (GTK_BOX (box), lines);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  sent_row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (sent_row->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (sent_row->row), box);
  gtk_widget_set_visible (sent_row->row, FALSE);
  g_object_set_data_full (G_OBJECT (sent_row->row), "herald-sent-row", sent_row, g_free);

  return sent_row;
}

/* What the row says of its message's answer (also its accessible text). */
static char *
describe_answer (HeraldSentMeasure *sent)
{
  HeraldAck *ack = herald_sent_measure_get_ack (sent);
  g_autofree char *when = herald_message_format_time (herald_sent_measure_get_time (sent));

  if (ack == NULL)
    /* Translators: when it was sent */
    return g_strdup_printf (_("%s · waiting for the gateway’s answer…"), when);

  if (herald_ack_get_accepted (ack))
    /* Translators: when it was sent, the code (202), the round trip in ms */
    return g_strdup_printf (_("%s · accepted (%u) in %d ms"), when, herald_ack_get_code (ack),
                            (int) (herald_ack_get_round_trip (ack) / 1000));

  {
    const char * const *said = herald_ack_get_messages (ack);
    g_autofree char *reasons = g_strjoinv (" ", (char **) said);

    /* Translators: when it was sent, the error's code, the round trip in
     * ms, then the gateway's reason */
    return g_strdup_printf (_("%s · refused (%u) in %d ms: %s"), when, herald_ack_get_code (ack),
                            (int) (herald_ack_get_round_trip (ack) / 1000),
                            *reasons != '\0' ? reasons : _("the gateway gave no reason"));
  }
}

static void
show_sent (SentRow           *sent_row,
           HeraldSentMeasure *sent)
{
  HeraldAck *ack = herald_sent_measure_get_ack (sent);
  gboolean refused = ack != NULL && !herald_ack_get_accepted (ack);
  g_autofree char *answer = describe_answer (sent);
  g_autofree char *label = g_strdup_printf ("%s, %s", herald_sent_measure_get_values (sent), answer);

  gtk_inscription_set_text (sent_row->values, herald_sent_measure_get_values (sent));
  gtk_inscription_set_text (sent_row->answer, answer);
  /* A refusal's reason gets a second line, and the whole of it on hover.
   * Only a new tooltip is set: GTK 4.8 asks the display where the pointer
   * is at each gtk_widget_set_tooltip_text(), NULL included (an X round
   * trip), and this runs for each answer of a flood. */
  gtk_inscription_set_min_lines (sent_row->answer, refused ? 2 : 1);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (sent_row->answer)), refused ? answer : NULL) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (sent_row->answer), refused ? answer : NULL);
  gtk_image_set_from_icon_name (sent_row->icon, ack == NULL ? "content-loading-symbolic"
                                                : refused ? "dialog-error-symbolic" : "emblem-ok-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (sent_row->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ack == NULL ? _("Waiting") : refused ? _("Refused") : _("Accepted"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sent_row->row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_sent_description (HeraldMeasuresView *self)
{
  guint n = herald_measure_sender_get_n_unmatched (self->sender);
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_list_model_get_n_items (herald_measure_sender_get_messages (self->sender)) > SENT_ROWS)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "The newest message sent; the History lists every one with its answer.",
                                               "The newest %u messages sent; the History lists every one with its "
                                               "answer.", SENT_ROWS), SENT_ROWS);
  if (n > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u answer came to no message sent here (another client’s, or one "
                                                 "sent before Herald listened).",
                                                 "%u answers came to no message sent here (another client’s, or ones "
                                                 "sent before Herald listened).", n), n);
    }
  adw_preferences_group_set_description (self->sent_group, text->len > 0 ? text->str : NULL);
}

static void schedule_sent_sync (HeraldMeasuresView *self);

/* Each row shows the message at its place from the newest, with its
 * answer; only a row whose message or answer changed is touched. */
static gboolean
sync_sent_cb (gpointer data)
{
  HeraldMeasuresView *self = data;
  GListModel *messages = herald_measure_sender_get_messages (self->sender);
  guint n = g_list_model_get_n_items (messages);

  self->sent_sync_source = 0;
  self->sent_synced = g_get_monotonic_time ();

  for (guint i = 0; i < SENT_ROWS; i++)
    {
      g_autoptr(HeraldSentMeasure) sent = i < n ? g_list_model_get_item (messages, n - 1 - i) : NULL;
      HeraldAck *ack = sent != NULL ? herald_sent_measure_get_ack (sent) : NULL;

      if (sent == self->sent_shown[i] && ack == self->sent_ack_shown[i])
        continue;

      if (sent != self->sent_shown[i])
        {
          if (self->sent_shown[i] != NULL)
            g_signal_handlers_disconnect_by_func (self->sent_shown[i], schedule_sent_sync, self);
          g_set_object (&self->sent_shown[i], sent);
          if (sent != NULL)
            g_signal_connect_object (sent, "notify::ack", G_CALLBACK (schedule_sent_sync), self, G_CONNECT_SWAPPED);
        }
      self->sent_ack_shown[i] = ack;
      if (sent != NULL)
        show_sent (self->sent_rows[i], sent);
      gtk_widget_set_visible (self->sent_rows[i]->row, sent != NULL);
    }
  update_sent_description (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_sent_sync (HeraldMeasuresView *self)
{
  gint64 since = g_get_monotonic_time () - self->sent_synced;

  if (self->sent_sync_source != 0)
    return;
  self->sent_sync_source = g_timeout_add (since >= SENT_SYNC_MS * 1000 ? 0 : SENT_SYNC_MS - since / 1000,
                                          sync_sent_cb, self);
}

static void
forget_sent (HeraldMeasuresView *self)
{
  g_clear_handle_id (&self->sent_sync_source, g_source_remove);
  for (guint i = 0; i < SENT_ROWS; i++)
    {
      if (self->sent_shown[i] != NULL)
        g_signal_handlers_disconnect_by_func (self->sent_shown[i], schedule_sent_sync, self);
      g_clear_object (&self->sent_shown[i]);
    }
}

static gboolean
send_measures (HeraldMeasuresView *self)
{
  HeraldEntity *sensor = picked (self->sensor_row, self->sensors);
  HeraldEntity *capability = picked (self->capability_row, self->capabilities);
  g_autoptr(GError) error = NULL;

  if (sensor == NULL || capability == NULL || self->values == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self),
                              _("Nothing to send: pick a sensor and a capability, and type values its type takes."));
      return FALSE;
    }

  herald_page_clear_error (HERALD_PAGE (self));
  if (herald_measure_sender_send (self->sender, herald_entity_get_alternate_id (sensor),
                                  HERALD_CAPABILITY (capability), self->values, &error) == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self), error->message);
      return FALSE;
    }
  return TRUE;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  send_measures (HERALD_MEASURES_VIEW (widget));
}

/* --- The chart -------------------------------------------------------- */

static const gint64 spans[] = {
  G_TIME_SPAN_MINUTE,
  10 * G_TIME_SPAN_MINUTE,
  G_TIME_SPAN_HOUR,
  0,                              /* all that is kept */
};

static void
span_selected_cb (HeraldMeasuresView *self)
{
  guint selected = gtk_drop_down_get_selected (self->span_dropdown);

  if (selected < G_N_ELEMENTS (spans))
    herald_chart_set_span (self->chart, spans[selected]);
}

static void
exported_cb (GtkWidget  *owner,
             const char *name,
             const char *problem)
{
  g_autofree char *message = problem != NULL ? g_strdup (problem) : g_strdup_printf (_("Saved “%s”"), name);

  herald_page_show_toast (HERALD_PAGE (owner), message);
}

static void
export_chosen_cb (GtkWidget *owner,
                  GFile     *file)
{
  HeraldMeasuresView *self = HERALD_MEASURES_VIEW (owner);

  if (self->export_bytes != NULL)
    herald_file_chooser_save (owner, file, self->export_bytes, exported_cb);
  g_clear_pointer (&self->export_bytes, g_bytes_unref);
}

/* What is saved is what the chart shows when asked, not when the file's
 * name is picked. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeraldMeasuresView *self = HERALD_MEASURES_VIEW (widget);
  gboolean csv = g_str_equal (action_name, "measures.export-csv");
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->export_bytes, g_bytes_unref);
  if (csv)
    {
      char *text = herald_chart_to_csv (self->chart);

      self->export_bytes = g_bytes_new_take (text, strlen (text));
    }
  else
    self->export_bytes = herald_chart_to_png (self->chart, &error);
  if (self->export_bytes == NULL)
    {
      herald_page_show_toast (HERALD_PAGE (self), error->message);
      return;
    }

  herald_file_chooser_show (widget, &self->chooser, GTK_FILE_CHOOSER_ACTION_SAVE,
                            csv ? _("Export Chart Data") : _("Save Chart"), _("_Save"),
                            csv ? _("CSV Files") : _("PNG Images"), csv ? "*.csv" : "*.png",
                            csv ? "measures.csv" : "measures.png", export_chosen_cb);
}

/* --- The view ---------------------------------------------------------- */

static void
herald_measures_view_map (GtkWidget *widget)
{
  HeraldMeasuresView *self = HERALD_MEASURES_VIEW (widget);

  GTK_WIDGET_CLASS (herald_measures_view_parent_class)->map (widget);
  if (!self->shown)
    {
      self->shown = TRUE;
      follow_lists (self);
    }
}

static void
herald_measures_view_constructed (GObject *object)
{
  HeraldMeasuresView *self = HERALD_MEASURES_VIEW (object);
  HeraldWorkspace *workspace;

  G_OBJECT_CLASS (herald_measures_view_parent_class)->constructed (object);

  workspace = herald_page_get_workspace (HERALD_PAGE (self));
  /* The workspace's: the device view shows its newest too. */
  self->sender = g_object_ref (herald_workspace_get_measure_sender (workspace));
  g_signal_connect_object (herald_measure_sender_get_messages (self->sender), "items-changed",
                           G_CALLBACK (schedule_sent_sync), self, G_CONNECT_SWAPPED);
  herald_chart_set_model (self->chart, herald_measure_sender_get_series (self->sender));
  g_signal_connect_object (self->sender, "notify::n-unmatched", G_CALLBACK (update_sent_description),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::client", G_CALLBACK (follow_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::device", G_CALLBACK (device_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->keep_switch, "notify::active", G_CALLBACK (keep_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->interval_spin, "value-changed", G_CALLBACK (keep_changed_cb), self, G_CONNECT_SWAPPED);

  follow_lists (self);
  update_preview (self);
  sync_sent_cb (self);
}

static void
herald_measures_view_dispose (GObject *object)
{
  HeraldMeasuresView *self = HERALD_MEASURES_VIEW (object);

  /* The lists' loads end here, not in a view that is gone. */
  if (self->sensors != NULL)
    {
      herald_entity_list_set_client (self->sensors, NULL);
      herald_entity_list_set_client (self->capabilities, NULL);
    }
  g_clear_handle_id (&self->keep_source, g_source_remove);
  herald_file_chooser_clear (&self->chooser);
  g_clear_pointer (&self->export_bytes, g_bytes_unref);
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  g_clear_object (&self->values);
  forget_sent (self);
  g_clear_object (&self->sender);
  /* The rows go with the template; what they point to goes first. */
  for (guint i = 0; self->varies != NULL && i < self->varies->len; i++)
    {
      Vary *vary = g_ptr_array_index (self->varies, i);

      g_signal_handlers_disconnect_by_data (vary->kind, vary);
      g_signal_handlers_disconnect_by_data (vary->from, vary);
      g_signal_handlers_disconnect_by_data (vary->to, vary);
      g_signal_handlers_disconnect_by_data (vary->step, vary);
    }
  g_clear_pointer (&self->varies, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_MEASURES_VIEW);

  G_OBJECT_CLASS (herald_measures_view_parent_class)->dispose (object);
}

static void
herald_measures_view_class_init (HeraldMeasuresViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_measures_view_constructed;
  object_class->dispose = herald_measures_view_dispose;
  widget_class->map = herald_measures_view_map;

  g_type_ensure (HERALD_TYPE_ENTITY_LIST);
  g_type_ensure (HERALD_TYPE_SENSOR);
  g_type_ensure (HERALD_TYPE_CAPABILITY);
  g_type_ensure (HERALD_TYPE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-measures-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, sensors);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, capabilities);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, sensor_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, capability_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, targets_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, values_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, preview_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, sent_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, sent_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, keep_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, keep_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, chart);
  gtk_widget_class_bind_template_child (widget_class, HeraldMeasuresView, span_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, span_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, lists_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, capability_picked_cb);

  gtk_widget_class_install_action (widget_class, "measures.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "measures.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "measures.export-png", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "measures.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "measures.send", NULL);
}

static void
herald_measures_view_init (HeraldMeasuresView *self)
{
  GtkWidget *placeholder;

  self->varies = g_ptr_array_new_with_free_func (vary_free);
  self->sensor_auto = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->form = herald_value_form_new (self->values_list);
  g_signal_connect_swapped (self->form, "changed", G_CALLBACK (update_preview), self);

  placeholder = gtk_label_new (_("Nothing sent yet."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->sent_list, placeholder);
  for (guint i = 0; i < SENT_ROWS; i++)
    {
      self->sent_rows[i] = create_sent_row ();
      gtk_list_box_append (self->sent_list, self->sent_rows[i]->row);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "measures.send", FALSE);
}

GtkWidget *
herald_measures_view_new (HeraldWorkspace *workspace)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (workspace), NULL);

  return g_object_new (HERALD_TYPE_MEASURES_VIEW, "workspace", workspace, NULL);
}

/**
 * herald_measures_view_get_sender:
 *
 * Returns: (transfer none): what sends the measures and matches their
 *   acknowledgements
 */
HeraldMeasureSender *
herald_measures_view_get_sender (HeraldMeasuresView *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURES_VIEW (self), NULL);
  return self->sender;
}

/**
 * herald_measures_view_get_chart:
 *
 * Returns: (transfer none): the chart of the numbers sent
 */
HeraldChart *
herald_measures_view_get_chart (HeraldMeasuresView *self)
{
  g_return_val_if_fail (HERALD_IS_MEASURES_VIEW (self), NULL);
  return self->chart;
}
