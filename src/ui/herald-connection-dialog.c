/* herald-connection-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-connection-dialog.h"
#include "herald-secret-row.h"

/* Makes or edits a connection of its own: every field of its profile, the
 * password and the certificate key's password. The fields go to an edited
 * copy of the profile; Save checks it (saying what is wrong above the
 * fields), stores the passwords given in the Secret Service, and only then
 * adds the connection to the workspace or updates the one edited. */

struct _HeraldConnectionDialog
{
  AdwWindow             parent_instance;

  HeraldWorkspace      *workspace;
  HeraldConnection     *connection;   /* the one edited, or NULL for a new one */
  HeraldBrokerProfile  *profile;      /* the fields as edited */
  char                 *certificate_file;
  char                 *ca_file;
  GtkFileChooserNative *chooser;
  guint                 pending;      /* secrets being stored */
  gboolean              failed;

  GtkButton            *save_button;
  GtkLabel             *error_label;
  AdwEntryRow          *name_row;
  AdwEntryRow          *uri_row;
  AdwEntryRow          *client_id_row;
  AdwEntryRow          *user_row;
  HeraldSecretRow      *password_row;
  AdwActionRow         *forget_row;
  GtkSwitch            *forget_switch;
  AdwActionRow         *certificate_row;
  GtkButton            *certificate_clear;
  HeraldSecretRow      *key_password_row;
  AdwComboRow          *trust_row;
  AdwActionRow         *ca_row;
  AdwComboRow          *version_row;
  GtkSwitch            *clean_switch;
  GtkSpinButton        *keep_alive_spin;
  AdwActionRow         *expiry_row;
  GtkSpinButton        *expiry_spin;
  AdwEntryRow          *will_topic_row;
  AdwEntryRow          *will_payload_row;
  AdwComboRow          *will_qos_row;
  GtkSwitch            *will_retained_switch;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HeraldConnectionDialog, herald_connection_dialog, ADW_TYPE_WINDOW)

static void
show_error (HeraldConnectionDialog *self,
            const char             *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_files (HeraldConnectionDialog *self)
{
  gboolean has_certificate = self->certificate_file != NULL && *self->certificate_file != '\0';

  adw_action_row_set_subtitle (self->certificate_row,
                               has_certificate ? self->certificate_file
                                               : _("None: a PKCS#12 key store or a PEM file with the key"));
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_clear), has_certificate);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_password_row), has_certificate);
  adw_action_row_set_subtitle (self->ca_row,
                               self->ca_file != NULL && *self->ca_file != '\0' ? self->ca_file
                                                                               : _("None chosen"));
}

static void
trust_changed_cb (HeraldConnectionDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_row),
                            adw_combo_row_get_selected (self->trust_row) == HERALD_MQTT_TRUST_CA_FILE);
}

static void
version_changed_cb (HeraldConnectionDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->expiry_row), adw_combo_row_get_selected (self->version_row) == 1);
}

static void
load_fields (HeraldConnectionDialog *self)
{
  g_autofree char *name = NULL, *uri = NULL, *client_id = NULL, *username = NULL;
  g_autofree char *will_topic = NULL, *will_payload = NULL;
  HeraldMqttTrust trust;
  HeraldMqttVersion version;
  gboolean clean, will_retained;
  guint keep_alive, expiry, will_qos;

  g_object_get (self->profile,
                "name", &name, "server-uri", &uri, "client-id", &client_id, "username", &username,
                "certificate-file", &self->certificate_file, "trust", &trust, "ca-file", &self->ca_file,
                "mqtt-version", &version, "clean-session", &clean, "keep-alive", &keep_alive,
                "session-expiry", &expiry, "will-topic", &will_topic, "will-payload", &will_payload,
                "will-qos", &will_qos, "will-retained", &will_retained,
                NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), username);
  adw_combo_row_set_selected (self->trust_row, trust);
  adw_combo_row_set_selected (self->version_row, version == HERALD_MQTT_VERSION_5 ? 1 : 0);
  gtk_switch_set_active (self->clean_switch, clean);
  gtk_spin_button_set_value (self->keep_alive_spin, keep_alive);
  gtk_spin_button_set_value (self->expiry_spin, expiry);
  gtk_editable_set_text (GTK_EDITABLE (self->will_topic_row), will_topic);
  gtk_editable_set_text (GTK_EDITABLE (self->will_payload_row), will_payload);
  adw_combo_row_set_selected (self->will_qos_row, will_qos);
  gtk_switch_set_active (self->will_retained_switch, will_retained);

  trust_changed_cb (self);
  version_changed_cb (self);
  update_files (self);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
store_fields (HeraldConnectionDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (row_text (self->name_row)));
  g_autofree char *uri = g_strstrip (g_strdup (row_text (self->uri_row)));
  g_autofree char *client_id = g_strstrip (g_strdup (row_text (self->client_id_row)));
  g_autofree char *will_topic = g_strstrip (g_strdup (row_text (self->will_topic_row)));

  g_object_set (self->profile,
                "name", name,
                "server-uri", uri,
                "client-id", client_id,
                "username", row_text (self->user_row),
                "certificate-file", self->certificate_file ? self->certificate_file : "",
                "trust", adw_combo_row_get_selected (self->trust_row),
                "ca-file", self->ca_file ? self->ca_file : "",
                "mqtt-version", adw_combo_row_get_selected (self->version_row) == 1
                                ? HERALD_MQTT_VERSION_5 : HERALD_MQTT_VERSION_3_1_1,
                "clean-session", gtk_switch_get_active (self->clean_switch),
                "keep-alive", (guint) gtk_spin_button_get_value (self->keep_alive_spin),
                "session-expiry", (guint) gtk_spin_button_get_value (self->expiry_spin),
                "will-topic", will_topic,
                "will-payload", row_text (self->will_payload_row),
                "will-qos", adw_combo_row_get_selected (self->will_qos_row),
                "will-retained", gtk_switch_get_active (self->will_retained_switch),
                NULL);
}

static void
finish_save (HeraldConnectionDialog *self)
{
  HeraldConnection *connection = self->connection;

  if (self->failed)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      return;
    }

  if (connection == NULL)
    connection = herald_workspace_add_broker (self->workspace, self->profile);
  else
    herald_broker_profile_update (herald_connection_get_profile (connection), self->profile);

  g_signal_emit (self, signals[SAVED], 0, connection);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* One keyring request done: a failure is said above the fields, and the
 * save ends when the last request has answered. */
static void
secret_done (HeraldConnectionDialog *self,
             const char             *message)
{
  if (message != NULL)
    {
      self->failed = TRUE;
      show_error (self, message);
    }

  if (--self->pending == 0)
    finish_save (self);
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HeraldConnectionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!herald_profile_store_store_secret_finish (HERALD_PROFILE_STORE (object), result, &error))
    message = g_strdup_printf (_("Could not keep the password in the keyring (%s). Unlock the keyring, or check that a Secret Service runs, and save again."),
                               error->message);
  secret_done (self, message);
}

static void
secret_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HeraldConnectionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!herald_profile_store_clear_secret_finish (HERALD_PROFILE_STORE (object), result, &error))
    message = g_strdup_printf (_("Could not remove the password from the keyring (%s). Unlock the keyring, and save again."),
                               error->message);
  secret_done (self, message);
}

static void
clear_secret (HeraldConnectionDialog *self,
              HeraldSecretKind        kind)
{
  self->pending++;
  herald_profile_store_clear_secret_async (herald_workspace_get_profile_store (self->workspace), kind,
                                           herald_broker_profile_get_id (self->profile),
                                           NULL, secret_cleared_cb, g_object_ref (self));
}

static void
store_secret (HeraldConnectionDialog *self,
              HeraldSecretKind        kind,
              HeraldSecretRow        *row)
{
  const char *secret = herald_secret_row_get_secret (row);

  if (secret == NULL || *secret == '\0')
    return;

  self->pending++;
  herald_profile_store_store_secret_async (herald_workspace_get_profile_store (self->workspace), kind,
                                           herald_broker_profile_get_id (self->profile), secret,
                                           NULL, secret_stored_cb, g_object_ref (self));
}

static void
save_clicked_cb (HeraldConnectionDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (self->pending > 0)
    return;

  store_fields (self);
  if (!herald_broker_profile_check (self->profile, &error))
    {
      show_error (self, error->message);
      return;
    }

  show_error (self, NULL);
  self->failed = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);

  self->pending = 1;   /* until all are asked */
  /* Forgotten, the passwords go; a password typed beside it is the new one
   * (the Secret Service replaces an item with the same attributes). */
  if (gtk_switch_get_active (self->forget_switch))
    {
      if (herald_secret_row_get_secret (self->password_row) == NULL ||
          *herald_secret_row_get_secret (self->password_row) == '\0')
        clear_secret (self, HERALD_SECRET_BROKER_PASSWORD);
      if (herald_secret_row_get_secret (self->key_password_row) == NULL ||
          *herald_secret_row_get_secret (self->key_password_row) == '\0')
        clear_secret (self, HERALD_SECRET_BROKER_KEY);
    }
  store_secret (self, HERALD_SECRET_BROKER_PASSWORD, self->password_row);
  if (self->certificate_file != NULL && *self->certificate_file != '\0')
    store_secret (self, HERALD_SECRET_BROKER_KEY, self->key_password_row);
  if (--self->pending == 0)
    finish_save (self);
}

/* Choosing files ----------------------------------------------------------- */

static void
chooser_response_cb (HeraldConnectionDialog *self,
                     int                     response,
                     GtkFileChooserNative   *chooser)
{
  g_autoptr(GFile) file = NULL;
  char **slot = g_object_get_data (G_OBJECT (chooser), "herald-slot");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && g_file_peek_path (file) != NULL)
    {
      g_free (*slot);
      *slot = g_file_get_path (file);
      update_files (self);
    }

  g_clear_object (&self->chooser);
}

static void
choose_file (HeraldConnectionDialog *self,
             const char             *title,
             char                  **slot,
             GtkFileFilter          *filter)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_set_data (G_OBJECT (self->chooser), "herald-slot", slot);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
certificate_choose_cb (HeraldConnectionDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Key store or PEM (.p12, .pfx, .ks, .pem)"));
  gtk_file_filter_add_pattern (filter, "*.p12");
  gtk_file_filter_add_pattern (filter, "*.pfx");
  gtk_file_filter_add_pattern (filter, "*.ks");
  gtk_file_filter_add_pattern (filter, "*.pem");
  choose_file (self, _("Choose the Client Certificate"), &self->certificate_file, filter);
}

static void
certificate_clear_cb (HeraldConnectionDialog *self)
{
  g_clear_pointer (&self->certificate_file, g_free);
  update_files (self);
}

static void
ca_choose_cb (HeraldConnectionDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CA certificate (.pem, .crt)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  choose_file (self, _("Choose the CA Certificate"), &self->ca_file, filter);
}

/* The object ---------------------------------------------------------------- */

static void
herald_connection_dialog_dispose (GObject *object)
{
  HeraldConnectionDialog *self = HERALD_CONNECTION_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), HERALD_TYPE_CONNECTION_DIALOG);

  G_OBJECT_CLASS (herald_connection_dialog_parent_class)->dispose (object);
}

static void
herald_connection_dialog_finalize (GObject *object)
{
  HeraldConnectionDialog *self = HERALD_CONNECTION_DIALOG (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->connection);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->certificate_file, g_free);
  g_clear_pointer (&self->ca_file, g_free);

  G_OBJECT_CLASS (herald_connection_dialog_parent_class)->finalize (object);
}

static void
herald_connection_dialog_class_init (HeraldConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_connection_dialog_dispose;
  object_class->finalize = herald_connection_dialog_finalize;

  /**
   * HeraldConnectionDialog::saved:
   * @connection: the connection added or edited
   *
   * The profile was saved (and its passwords stored); the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, HERALD_TYPE_CONNECTION);

  g_type_ensure (HERALD_TYPE_SECRET_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldiot/Herald/herald-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, uri_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, forget_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, forget_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, certificate_clear);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, key_password_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, trust_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, version_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, clean_switch);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, keep_alive_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, expiry_spin);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, will_topic_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, will_payload_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, will_qos_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldConnectionDialog, will_retained_switch);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, certificate_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, certificate_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, version_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
herald_connection_dialog_init (HeraldConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * herald_connection_dialog_new:
 * @workspace: where the connection goes
 * @connection: (nullable): a connection of its own to edit, %NULL for a new
 *   one
 */
HeraldConnectionDialog *
herald_connection_dialog_new (HeraldWorkspace  *workspace,
                              HeraldConnection *connection)
{
  HeraldConnectionDialog *self;

  g_return_val_if_fail (HERALD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (connection == NULL || herald_connection_get_profile (connection) != NULL, NULL);

  self = g_object_new (HERALD_TYPE_CONNECTION_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  if (connection != NULL)
    {
      self->connection = g_object_ref (connection);
      self->profile = herald_broker_profile_copy (herald_connection_get_profile (connection));
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Connection"));
      gtk_widget_set_visible (GTK_WIDGET (self->forget_row), TRUE);
    }
  else
    self->profile = herald_broker_profile_new ("", "tcp://localhost:1883");

  load_fields (self);
  return self;
}
