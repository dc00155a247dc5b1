/* herald-certificate-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-certificate-page.h"
#include "herald-exchange-view.h"
#include "herald-issued-certificates.h"
#include "herald-secret-row.h"
#include "herald-paths.h"

/* The seed's step 5 and its OpenSSL step in one: ask the service for the
 * device's certificate, turn the answer into a PKCS#12 key store saved
 * under $XDG_DATA_HOME/herald/devices/<alternateId>/client.ks (0600), keep
 * the secret in the Secret Service and show it once. */

#define EXPIRY_WARNING_DAYS 30

struct _HeraldCertificatePage
{
  HeraldPage            parent_instance;

  char                 *secret;
  HeraldKeystore       *pending;
  char                 *pending_path;
  GtkFileChooserNative *chooser;

  AdwActionRow         *device_row;
  AdwComboRow          *format_row;
  GtkRevealer          *secret_revealer;
  GtkLabel             *secret_label;
  GtkToggleButton      *secret_show_button;
  AdwPreferencesGroup  *keystore_group;
  AdwActionRow         *subject_row;
  AdwActionRow         *issuer_row;
  AdwActionRow         *fingerprint_row;
  AdwActionRow         *expiry_row;
  AdwActionRow         *path_row;
  HeraldIssuedCertificates *issued_certificates;
  HeraldExchangeView   *exchange_view;
};

G_DEFINE_FINAL_TYPE (HeraldCertificatePage, herald_certificate_page, HERALD_TYPE_PAGE)

static void
set_secret (HeraldCertificatePage *self,
            const char            *secret)
{
  if (self->secret != NULL)
    {
      memset (self->secret, 0, strlen (self->secret));
      g_clear_pointer (&self->secret, g_free);
    }
  self->secret = g_strdup (secret);
}

/* The secret, or bullets while presenting until the user shows it. */
static void
show_secret (HeraldCertificatePage *self)
{
  HeraldRedactor *redactor = herald_workspace_get_redactor (herald_page_get_workspace (HERALD_PAGE (self)));
  gboolean hidden = herald_redactor_get_active (redactor) &&
                    !gtk_toggle_button_get_active (self->secret_show_button);

  gtk_label_set_label (self->secret_label, hidden ? HERALD_REDACTOR_MASK : self->secret);
  gtk_label_set_selectable (self->secret_label, !hidden);
}

/* Presentation mode switched on or off: hidden again until shown. */
static void
redactor_changed_cb (HeraldCertificatePage *self)
{
  gtk_toggle_button_set_active (self->secret_show_button, FALSE);
  show_secret (self);
}

static const char *
device_alternate_id (HeraldCertificatePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldDevice *device = herald_workspace_get_device (workspace);
  HeraldProfile *profile = herald_workspace_get_profile (workspace);

  if (device != NULL)
    return herald_entity_get_alternate_id (HERALD_ENTITY (device));
  if (profile != NULL)
    return herald_profile_get_device_alternate_id (profile);
  return NULL;
}

static void
update_view (HeraldCertificatePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldKeystore *keystore = herald_workspace_get_keystore (workspace);
  HeraldDevice *device = herald_workspace_get_device (workspace);
  HeraldProfile *profile = herald_workspace_get_profile (workspace);

  adw_action_row_set_subtitle (self->device_row,
                               device ? herald_entity_get_name (HERALD_ENTITY (device)) : _("None yet"));
  herald_issued_certificates_reload (self->issued_certificates);
  gtk_widget_set_visible (GTK_WIDGET (self->keystore_group), keystore != NULL);

  if (keystore == NULL)
    {
      gtk_revealer_set_reveal_child (self->secret_revealer, FALSE);
      return;
    }

  {
    GDateTime *not_after = herald_keystore_get_not_after (keystore);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *date = not_after ? g_date_time_format (not_after, "%Y-%m-%d %H:%M UTC") : g_strdup ("");
    g_autofree char *expiry = NULL;
    GTimeSpan left = not_after ? g_date_time_difference (not_after, now) : 0;

    if (herald_keystore_is_expired (keystore))
      expiry = g_strdup_printf (_("%s — expired: get a new certificate"), date);
    else if (left < (GTimeSpan) EXPIRY_WARNING_DAYS * G_TIME_SPAN_DAY)
      expiry = g_strdup_printf (_("%s — expires within %d days: get a new certificate soon"), date, EXPIRY_WARNING_DAYS);
    else
      expiry = g_strdup (date);

    adw_action_row_set_subtitle (self->subject_row, herald_keystore_get_subject_cn (keystore));
    adw_action_row_set_subtitle (self->issuer_row, herald_keystore_get_issuer (keystore));
    adw_action_row_set_subtitle (self->fingerprint_row, herald_keystore_get_fingerprint (keystore));
    adw_action_row_set_subtitle (self->expiry_row, expiry);
    if (herald_keystore_is_expired (keystore) || left < (GTimeSpan) EXPIRY_WARNING_DAYS * G_TIME_SPAN_DAY)
      gtk_widget_add_css_class (GTK_WIDGET (self->expiry_row), "warning");
    else
      gtk_widget_remove_css_class (GTK_WIDGET (self->expiry_row), "warning");
    adw_action_row_set_subtitle (self->path_row,
                                 profile && herald_profile_get_keystore_path (profile)
                                 ? herald_profile_get_keystore_path (profile) : "");
  }
}

static void
store_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldCertificatePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!herald_profile_store_store_secret_finish (HERALD_PROFILE_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    herald_page_show_error (HERALD_PAGE (self), error->message);
}

static void
keep_secret (HeraldCertificatePage *self,
             const char            *alternate_id,
             const char            *secret)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  herald_profile_store_store_secret_async (herald_workspace_get_profile_store (workspace),
                                           HERALD_SECRET_DEVICE_KEYSTORE, alternate_id, secret,
                                           herald_workspace_get_cancellable (workspace),
                                           store_secret_cb, g_object_ref (self));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HeraldCertificatePage) self = user_data;
  g_autoptr(GError) error = NULL;
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  herald_keystore_save_finish (HERALD_KEYSTORE (object), result, &error);
  if (herald_page_end (HERALD_PAGE (self), error) || error != NULL)
    return;

  keep_secret (self, herald_keystore_get_subject_cn (self->pending), self->secret);
  herald_workspace_set_keystore (workspace, self->pending, self->pending_path);
  g_clear_object (&self->pending);
  g_clear_pointer (&self->pending_path, g_free);

  show_secret (self);
  gtk_revealer_set_reveal_child (self->secret_revealer, TRUE);
  update_view (self);
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HeraldCertificatePage) self = user_data;
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  const char *subject_cn;
  const char *alternate_id;

  keystore = herald_keystore_new_from_answer_finish (result, &error);
  if (keystore == NULL)
    {
      herald_page_end (HERALD_PAGE (self), error);
      return;
    }

  /* The certificate names the device: that is where its key store goes;
   * else where the device in use keeps it. */
  subject_cn = herald_keystore_get_subject_cn (keystore);
  if (subject_cn != NULL)
    path = herald_paths_device_keystore (subject_cn, &error);
  alternate_id = device_alternate_id (self);
  if (path == NULL && alternate_id != NULL)
    {
      g_clear_error (&error);
      path = herald_paths_device_keystore (alternate_id, &error);
    }
  if (path == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                                     _("The certificate names no device, and no device is in use, so Herald "
                                       "does not know where to save its key store. Pick the device in the "
                                       "Device step, then get its certificate again."));
      herald_page_end (HERALD_PAGE (self), error);
      return;
    }

  g_set_object (&self->pending, keystore);
  g_free (self->pending_path);
  self->pending_path = g_steal_pointer (&path);
  file = g_file_new_for_path (self->pending_path);

  herald_keystore_save_async (keystore, file, HERALD_KEYSTORE_FORMAT_PKCS12, self->secret,
                              NULL, saved_cb, g_object_ref (self));
}

static void
certificate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HeraldCertificatePage) self = user_data;
  g_autoptr(GBytes) material = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  material = herald_api_client_get_device_certificate_finish (HERALD_API_CLIENT (object), result,
                                                              &secret, &error);
  herald_exchange_view_set_exchange (self->exchange_view, herald_workspace_get_last_exchange (workspace));

  if (material == NULL)
    {
      herald_page_end (HERALD_PAGE (self), error);
      return;
    }

  set_secret (self, secret);
  if (secret != NULL)
    memset (secret, 0, strlen (secret));

  if (adw_combo_row_get_selected (self->format_row) == 0)
    {
      gsize length;
      const char *data = g_bytes_get_data (material, &length);
      g_autofree char *pem = g_strndup (data, length);

      herald_keystore_new_from_answer_async (pem, NULL, self->secret, NULL, answer_cb, g_object_ref (self));
      memset (pem, 0, length);
    }
  else
    {
      gsize length;
      const guchar *data = g_bytes_get_data (material, &length);
      g_autofree char *p12 = g_base64_encode (data, length);

      herald_keystore_new_from_answer_async (NULL, p12, self->secret, NULL, answer_cb, g_object_ref (self));
    }
}

static void
get_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HeraldCertificatePage *self = HERALD_CERTIFICATE_PAGE (widget);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldApiClient *client = herald_workspace_get_client (workspace);
  HeraldDevice *device = herald_workspace_get_device (workspace);

  if (client == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self), _("Choose the service first, in the Service step."));
      return;
    }
  if (device == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self), _("Create or pick a device first, in the Device step."));
      return;
    }

  gtk_revealer_set_reveal_child (self->secret_revealer, FALSE);
  herald_api_client_get_device_certificate_async (client, herald_entity_get_id (HERALD_ENTITY (device)),
                                                  adw_combo_row_get_selected (self->format_row) == 0
                                                  ? HERALD_CERTIFICATE_FORMAT_PEM : HERALD_CERTIFICATE_FORMAT_P12,
                                                  herald_page_begin (HERALD_PAGE (self)),
                                                  certificate_cb, g_object_ref (self));
}

static void
copy_secret_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HeraldCertificatePage *self = HERALD_CERTIFICATE_PAGE (widget);

  if (self->secret != NULL)
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->secret);
      herald_page_show_toast (HERALD_PAGE (self), _("Secret copied"));
    }
}

/* Save As */

static void
save_as_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldCertificatePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!herald_keystore_save_finish (HERALD_KEYSTORE (object), result, &error))
    herald_page_show_error (HERALD_PAGE (self), error->message);
  else
    herald_page_show_toast (HERALD_PAGE (self), _("Key store saved"));
}

typedef struct
{
  HeraldCertificatePage *self;
  GFile                 *file;
} SaveAsData;

static void
save_as_secret_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SaveAsData *data = user_data;
  HeraldCertificatePage *self = data->self;
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_autofree char *secret = herald_profile_store_lookup_secret_finish (HERALD_PROFILE_STORE (object), result, NULL);
  g_autofree char *name = g_file_get_basename (data->file);
  HeraldKeystoreFormat format;

  if (secret == NULL)
    secret = g_strdup (self->secret);

  if (herald_workspace_get_keystore (workspace) == NULL || secret == NULL)
    herald_page_show_error (HERALD_PAGE (self),
                            _("The key store’s secret is not known any more, so it cannot be saved again. Get a new certificate."));
  else
    {
      format = g_str_has_suffix (name, ".pem") || g_str_has_suffix (name, ".crt")
               ? HERALD_KEYSTORE_FORMAT_PEM : HERALD_KEYSTORE_FORMAT_PKCS12;
      herald_keystore_save_async (herald_workspace_get_keystore (workspace), data->file, format, secret,
                                  NULL, save_as_done_cb, g_object_ref (self));
      memset (secret, 0, strlen (secret));
    }

  g_object_unref (data->file);
  g_object_unref (data->self);
  g_free (data);
}

static void
save_as_response_cb (HeraldCertificatePage *self,
                     int                    response)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldKeystore *keystore = herald_workspace_get_keystore (workspace);
  SaveAsData *data;

  if (response == GTK_RESPONSE_ACCEPT && keystore != NULL)
    {
      data = g_new0 (SaveAsData, 1);
      data->self = g_object_ref (self);
      data->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      herald_profile_store_lookup_secret_async (herald_workspace_get_profile_store (workspace),
                                                HERALD_SECRET_DEVICE_KEYSTORE,
                                                herald_keystore_get_subject_cn (keystore),
                                                NULL, save_as_secret_cb, data);
    }

  g_clear_object (&self->chooser);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldCertificatePage *self = HERALD_CERTIFICATE_PAGE (widget);
  g_autoptr(GtkFileFilter) p12 = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save Key Store"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (p12, _("PKCS#12 key store (.ks, .p12)"));
  gtk_file_filter_add_pattern (p12, "*.ks");
  gtk_file_filter_add_pattern (p12, "*.p12");
  gtk_file_filter_set_name (pem, _("PEM, key encrypted (.pem)"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), p12);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), pem);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "client.ks");
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (save_as_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Open an existing key store */

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HeraldCertificatePage) self = user_data;
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autoptr(GError) error = NULL;
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  keystore = herald_keystore_load_file_finish (result, &error);
  if (herald_page_end (HERALD_PAGE (self), error) || keystore == NULL)
    return;

  keep_secret (self, herald_keystore_get_subject_cn (keystore), self->secret);
  herald_workspace_set_keystore (workspace, keystore, self->pending_path);
  g_clear_pointer (&self->pending_path, g_free);
  update_view (self);
}

static void
password_response_cb (AdwMessageDialog      *dialog,
                      const char            *response,
                      HeraldCertificatePage *self)
{
  HeraldSecretRow *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");

  /* The dialog closes after any response. GTK 4.8 destroys a window whose
   * focus is in a password's text (Enter pressed in it) with a handler
   * left on the freed entry: take the focus out while the entry lives. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);

  if (g_strcmp0 (response, "open") != 0)
    return;

  g_free (self->pending_path);
  self->pending_path = g_file_get_path (file);
  set_secret (self, herald_secret_row_get_secret (entry));
  herald_keystore_load_file_async (file, self->secret, herald_page_begin (HERALD_PAGE (self)),
                                   opened_cb, g_object_ref (self));
}

static void
open_response_cb (HeraldCertificatePage *self,
                  int                    response)
{
  g_autoptr(GFile) file = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_clear_object (&self->chooser);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Key Store Password"),
                                   _("Enter the password of the key store: the secret shown when its certificate was made."));
  /* A password row: GTK 4.8 hands a GtkPasswordEntry's text to assistive
   * technologies (see herald-secret-row.c). */
  entry = herald_secret_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Password"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
  {
    GtkWidget *list = gtk_list_box_new ();

    gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
    gtk_widget_add_css_class (list, "boxed-list");
    gtk_list_box_append (GTK_LIST_BOX (list), entry);
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "file", g_steal_pointer (&file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HeraldCertificatePage *self = HERALD_CERTIFICATE_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Open Key Store"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Key stores (.ks, .p12, .pfx, .pem)"));
  gtk_file_filter_add_pattern (filter, "*.ks");
  gtk_file_filter_add_pattern (filter, "*.p12");
  gtk_file_filter_add_pattern (filter, "*.pfx");
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Forget */

static void
forget_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    HeraldCertificatePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldKeystore *keystore = herald_workspace_get_keystore (workspace);
  HeraldProfile *profile = herald_workspace_get_profile (workspace);
  const char *path;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "forget") != 0 || keystore == NULL)
    return;

  /* Only what Herald itself saved is removed, never a file the user opened
   * (which core refuses as an invalid argument: nothing to say). A key
   * store that stays is not forgotten, so that Forget can be tried again. */
  path = profile ? herald_profile_get_keystore_path (profile) : NULL;
  if (path != NULL &&
      !herald_paths_forget_device_keystore (path, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    {
      herald_page_show_error (HERALD_PAGE (self), error->message);
      return;
    }

  herald_mqtt_session_disconnect (herald_workspace_get_session (workspace));

  herald_profile_store_clear_secret_async (herald_workspace_get_profile_store (workspace),
                                           HERALD_SECRET_DEVICE_KEYSTORE,
                                           herald_keystore_get_subject_cn (keystore),
                                           NULL, NULL, NULL);
  set_secret (self, NULL);
  herald_workspace_set_keystore (workspace, NULL, NULL);
  update_view (self);
}

static void
forget_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeraldCertificatePage *self = HERALD_CERTIFICATE_PAGE (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Forget the Device’s Key Store?"),
                                   _("Herald removes the key store it saved and its secret. The device cannot connect until it gets a new certificate. The device itself stays in the service."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "forget", _("_Forget"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Resume: the key store saved last time, with its secret from the keyring. */

static void
resume_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HeraldCertificatePage) self = user_data;
  g_autoptr(HeraldKeystore) keystore = herald_keystore_load_file_finish (result, NULL);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  if (keystore != NULL && herald_workspace_get_keystore (workspace) == NULL &&
      herald_workspace_get_profile (workspace) != NULL)
    herald_workspace_set_keystore (workspace, keystore,
                                 herald_profile_get_keystore_path (herald_workspace_get_profile (workspace)));
}

static void
resume_secret_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HeraldCertificatePage) self = user_data;
  g_autofree char *secret = herald_profile_store_lookup_secret_finish (HERALD_PROFILE_STORE (object), result, NULL);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldProfile *profile = herald_workspace_get_profile (workspace);
  g_autoptr(GFile) file = NULL;

  if (secret == NULL || profile == NULL || herald_profile_get_keystore_path (profile) == NULL)
    return;

  set_secret (self, secret);
  memset (secret, 0, strlen (secret));
  file = g_file_new_for_path (herald_profile_get_keystore_path (profile));
  herald_keystore_load_file_async (file, self->secret, herald_workspace_get_cancellable (workspace),
                                   resume_loaded_cb, g_object_ref (self));
}

static void
profile_changed_cb (HeraldCertificatePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldProfile *profile = herald_workspace_get_profile (workspace);
  const char *alternate_id;

  if (profile == NULL || herald_workspace_get_keystore (workspace) != NULL ||
      herald_profile_get_keystore_path (profile) == NULL)
    return;

  alternate_id = herald_profile_get_device_alternate_id (profile);
  if (alternate_id == NULL)
    return;

  herald_profile_store_lookup_secret_async (herald_workspace_get_profile_store (workspace),
                                            HERALD_SECRET_DEVICE_KEYSTORE, alternate_id,
                                            herald_workspace_get_cancellable (workspace),
                                            resume_secret_cb, g_object_ref (self));
}

static void
herald_certificate_page_constructed (GObject *object)
{
  HeraldCertificatePage *self = HERALD_CERTIFICATE_PAGE (object);
  HeraldWorkspace *workspace;

  G_OBJECT_CLASS (herald_certificate_page_parent_class)->constructed (object);

  workspace = herald_page_get_workspace (HERALD_PAGE (self));
  herald_issued_certificates_set_workspace (self->issued_certificates, workspace);
  g_signal_connect_object (workspace, "notify::client", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::keystore", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::device", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::profile", G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);
  herald_exchange_view_set_redactor (self->exchange_view, herald_workspace_get_redactor (workspace));
  g_object_bind_property (herald_workspace_get_redactor (workspace), "active",
                          self->secret_show_button, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (herald_workspace_get_redactor (workspace), "changed",
                           G_CALLBACK (redactor_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->secret_show_button, "toggled",
                           G_CALLBACK (show_secret), self, G_CONNECT_SWAPPED);

  profile_changed_cb (self);
  update_view (self);
}

static void
herald_certificate_page_dispose (GObject *object)
{
  HeraldCertificatePage *self = HERALD_CERTIFICATE_PAGE (object);

  set_secret (self, NULL);
  g_clear_object (&self->pending);
  g_clear_pointer (&self->pending_path, g_free);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_CERTIFICATE_PAGE);

  G_OBJECT_CLASS (herald_certificate_page_parent_class)->dispose (object);
}

static void
herald_certificate_page_class_init (HeraldCertificatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_certificate_page_constructed;
  object_class->dispose = herald_certificate_page_dispose;

  g_type_ensure (HERALD_TYPE_EXCHANGE_VIEW);
  g_type_ensure (HERALD_TYPE_ISSUED_CERTIFICATES);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-certificate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, device_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, format_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, secret_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, secret_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, secret_show_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, keystore_group);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, issued_certificates);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, path_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldCertificatePage, exchange_view);

  gtk_widget_class_install_action (widget_class, "certificate.get", NULL, get_action);
  gtk_widget_class_install_action (widget_class, "certificate.copy-secret", NULL, copy_secret_action);
  gtk_widget_class_install_action (widget_class, "certificate.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "certificate.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "certificate.forget", NULL, forget_action);
}

static void
herald_certificate_page_init (HeraldCertificatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
