/* herald-service-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-secret-row.h"
#include "herald-service-page.h"
#include "herald-service-config.h"

#define SANDBOX_PROFILE_NAME "Local sandbox"

struct _HeraldServicePage
{
  HeraldPage            parent_instance;

  GCancellable         *cancellable;
  /* The sandbox launcher, once this page starts it. */
  GSignalGroup         *launcher_signals;
  guint                 filling : 1;

  AdwActionRow         *sandbox_row;
  GtkButton            *sandbox_button;
  HeraldSecretRow      *url_row;
  AdwEntryRow          *user_row;
  HeraldSecretRow      *password_row;
  AdwComboRow          *flavor_row;
  GtkRevealer          *secrets_revealer;
  GtkLabel             *error_label;
  GtkSpinner           *spinner;
  GtkButton            *start_button;
  GtkExpander          *log_expander;
  GtkLabel             *log_label;

  guint                 wait_source;
  gint64                wait_deadline;
  gboolean              waiting_for_start;
  gboolean              checking_sandbox;
};

G_DEFINE_FINAL_TYPE (HeraldServicePage, herald_service_page, HERALD_TYPE_PAGE)

static void     wait_again_cb (gpointer user_data);
static gboolean make_client (HeraldServicePage  *self,
                             HeraldProfile      *profile,
                             const char         *password);
static gboolean validate    (HeraldServicePage  *self,
                             char              **out_host);

static const char *
flavor_id (guint position)
{
  return position == 1 ? "tenant" : "classic";
}

static guint
flavor_position (const char *flavor)
{
  return g_strcmp0 (flavor, "tenant") == 0 ? 1 : 0;
}

static void
set_busy (HeraldServicePage *self,
          gboolean           busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "service.use-sandbox", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "service.apply", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "service.test-connection", !busy);
}

static void
show_error (HeraldServicePage *self,
            GtkWidget         *field,
            const char        *message)
{
  if (field != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_grab_focus (field);
    }

  /* It may name the service's host. */
  herald_page_set_masked (HERALD_PAGE (self), self->error_label, "label", message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_errors (HeraldServicePage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->user_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
field_changed_cb (HeraldServicePage *self)
{
  if (self->filling)
    return;

  clear_errors (self);
}

static void
update_secrets_note (HeraldServicePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  gboolean persistent = herald_profile_store_get_secrets_persistent (herald_workspace_get_profile_store (workspace));

  gtk_revealer_set_reveal_child (self->secrets_revealer, !persistent);
}

static void
update_sandbox_row (HeraldServicePage *self,
                    const char        *state)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_autofree char *subtitle = NULL;

  if (state != NULL)
    subtitle = g_strdup_printf ("%s\n%s", herald_workspace_get_sandbox_dir (workspace), state);
  else
    subtitle = g_strdup (herald_workspace_get_sandbox_dir (workspace));

  adw_action_row_set_subtitle (self->sandbox_row, subtitle);
}

static void
fill_fields (HeraldServicePage *self,
             const char        *url,
             const char        *user,
             const char        *password,
             const char        *flavor)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url ? url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user ? user : "");
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  adw_combo_row_set_selected (self->flavor_row, flavor_position (flavor));
  self->filling = FALSE;
  clear_errors (self);
}

static void
lookup_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HeraldServicePage) self = user_data;
  g_autofree char *password = NULL;
  HeraldWorkspace *workspace;

  password = herald_profile_store_lookup_secret_finish (HERALD_PROFILE_STORE (object), result, NULL);
  workspace = herald_page_get_workspace (HERALD_PAGE (self));
  if (password == NULL)
    return;

  herald_workspace_set_password (workspace, password);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  self->filling = FALSE;

  /* A profile with its password found is where the user left off. */
  if (herald_workspace_get_profile (workspace) != NULL)
    make_client (self, herald_workspace_get_profile (workspace), password);
}

static void
profile_changed_cb (HeraldServicePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldProfile *profile = herald_workspace_get_profile (workspace);

  if (profile == NULL)
    return;

  fill_fields (self,
               herald_profile_get_api_url (profile),
               herald_profile_get_user (profile),
               herald_workspace_get_password (workspace),
               herald_profile_get_flavor (profile));

  if (herald_workspace_get_password (workspace) == NULL)
    herald_profile_store_lookup_secret_async (herald_workspace_get_profile_store (workspace),
                                              HERALD_SECRET_SERVICE_PASSWORD,
                                              herald_profile_get_name (profile),
                                              self->cancellable,
                                              lookup_password_cb,
                                              g_object_ref (self));
}

/* The local sandbox moved (restarted on other ports, emptied): the
 * workspace follows it, and so does the form, so that it never shows where
 * the sandbox was. */
static void
sandbox_info_changed_cb (HeraldServicePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldProfile *profile = herald_workspace_get_profile (workspace);
  HeraldSandboxInfo *info = herald_workspace_get_sandbox_info (workspace);

  if (profile == NULL || !herald_profile_get_use_sandbox (profile) || info == NULL)
    return;

  fill_fields (self,
               herald_sandbox_info_get_api_url (info),
               herald_sandbox_info_get_user (info),
               herald_sandbox_info_get_password (info),
               herald_sandbox_info_get_flavor (info));
}

static void
store_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HeraldServicePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!herald_profile_store_store_secret_finish (HERALD_PROFILE_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    herald_page_show_error (HERALD_PAGE (self), error->message);
}

static gboolean
make_client (HeraldServicePage *self,
             HeraldProfile     *profile,
             const char        *password)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(HeraldApiClient) client = NULL;
  g_autoptr(GError) error = NULL;

  config = herald_service_config_new (herald_profile_get_api_url (profile),
                                      herald_profile_get_user (profile),
                                      password);
  client = herald_api_client_new (config, &error);
  if (client == NULL)
    {
      show_error (self, GTK_WIDGET (self->url_row), error->message);
      return FALSE;
    }

  herald_workspace_set_client (workspace, client);
  return TRUE;
}

static void
test_connection_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HeraldServicePage) self = user_data;
  g_autoptr(GListModel) gateways = NULL;
  g_autoptr(GError) error = NULL;

  gateways = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (herald_api_error_is_cancelled (error))
    return;

  set_busy (self, FALSE);

  if (gateways == NULL)
    {
      GtkWidget *field = NULL;

      self->checking_sandbox = FALSE;
      if (g_error_matches (error, HERALD_API_ERROR, HERALD_API_ERROR_UNAUTHORIZED))
        field = GTK_WIDGET (self->password_row);
      else if (g_error_matches (error, HERALD_API_ERROR, HERALD_API_ERROR_NOT_FOUND))
        field = GTK_WIDGET (self->url_row);
      show_error (self, field, error->message);
      return;
    }

  /* The sandbox check after "Use local sandbox" says so in its row. */
  if (self->checking_sandbox)
    {
      HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
      HeraldSandboxInfo *info = herald_workspace_get_sandbox_info (workspace);
      g_autofree char *state = NULL;

      self->checking_sandbox = FALSE;
      if (info != NULL)
        {
          state = g_strdup_printf (_("Running at %s, and answering"), herald_sandbox_info_get_api_url (info));
          update_sandbox_row (self, state);
        }
      return;
    }

  herald_page_show_toast (HERALD_PAGE (self), _("The service answers, and the user and password are right."));
}

static void
test_connection (HeraldServicePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldApiClient *client = herald_workspace_get_client (workspace);

  if (client == NULL)
    return;

  set_busy (self, TRUE);
  herald_api_client_list_gateways_async (client, NULL, NULL, 0, 0, self->cancellable,
                                         test_connection_cb, g_object_ref (self));
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HeraldServicePage *self = HERALD_SERVICE_PAGE (widget);
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(HeraldApiClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (!validate (self, NULL))
    return;

  /* Test what is typed, which need not be the service in use yet. */
  config = herald_service_config_new (herald_secret_row_get_secret (self->url_row),
                                      gtk_editable_get_text (GTK_EDITABLE (self->user_row)),
                                      herald_secret_row_get_secret (self->password_row));
  client = herald_api_client_new (config, &error);
  if (client == NULL)
    {
      show_error (self, GTK_WIDGET (self->url_row), error->message);
      return;
    }

  set_busy (self, TRUE);
  herald_api_client_list_gateways_async (client, NULL, NULL, 0, 0, self->cancellable,
                                         test_connection_cb, g_object_ref (self));
}

static void
import_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    HeraldServicePage *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text-view");
  g_autoptr(HeraldServiceConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (g_strcmp0 (response, "import") != 0)
    return;

  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  config = herald_service_config_new_from_service_key (text, &error);
  if (config == NULL)
    {
      show_error (self, NULL, error->message);
      return;
    }

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), herald_service_config_get_api_url (config));
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), herald_service_config_get_user (config));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), herald_service_config_get_password (config));
  adw_combo_row_set_selected (self->flavor_row,
                              herald_service_config_get_tenant_id (config) != NULL ? 1 : 0);
  self->filling = FALSE;
  clear_errors (self);
  herald_page_show_toast (HERALD_PAGE (self), _("Service key imported. Check the fields, then use the service."));
}

static void
paste_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWidget) dialog = user_data;
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text-view");
  GtkLabel *status = g_object_get_data (G_OBJECT (dialog), "paste-status");
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  g_autofree char *said = NULL;

  if (text == NULL || *text == '\0')
    {
      gtk_label_set_label (status, _("The clipboard holds no text. Copy the service key in your cloud account, then paste it here."));
      return;
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
  said = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Pasted %u character, hidden while presenting.",
                                       "Pasted %u characters, hidden while presenting.",
                                       (gulong) g_utf8_strlen (text, -1)),
                          (guint) g_utf8_strlen (text, -1));
  gtk_label_set_label (status, said);
}

static void
paste_key_clicked_cb (GtkWidget *button,
                      GtkWidget *dialog)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (button), NULL,
                                 paste_key_cb, g_object_ref (dialog));
}

/* In presentation mode the key is pasted unseen: its view is hidden until
 * the user shows it. */
static GtkWidget *
make_hidden_key_box (GtkWidget *dialog,
                     GtkWidget *scroller)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *paste = gtk_button_new_with_mnemonic (_("_Paste Service Key"));
  GtkWidget *show = gtk_toggle_button_new_with_mnemonic (_("_Show"));
  GtkWidget *status = gtk_label_new (_("Hidden while presenting: copy the service key in your cloud account, then paste it here."));

  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (paste, "pill");
  gtk_widget_add_css_class (show, "pill");
  gtk_box_append (GTK_BOX (buttons), paste);
  gtk_box_append (GTK_BOX (buttons), show);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_append (GTK_BOX (box), status);
  gtk_box_append (GTK_BOX (box), scroller);

  g_object_bind_property (show, "active", scroller, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (paste, "clicked", G_CALLBACK (paste_key_clicked_cb), dialog, 0);
  g_object_set_data (G_OBJECT (dialog), "paste-status", status);
  return box;
}

static void
import_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HeraldServicePage *self = HERALD_SERVICE_PAGE (widget);
  HeraldRedactor *redactor = herald_workspace_get_redactor (herald_page_get_workspace (HERALD_PAGE (self)));
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *view;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Import Service Key"),
                                   _("Paste the service key as your cloud account shows it (JSON)."));
  view = gtk_text_view_new ();
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_CHAR);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Service key"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_size_request (scroller, 360, 200);
  gtk_widget_add_css_class (scroller, "card");
  g_object_set_data (G_OBJECT (dialog), "text-view", view);
  if (herald_redactor_get_active (redactor))
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), make_hidden_key_box (dialog, scroller));
  else
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  if (!herald_redactor_get_active (redactor))
    gtk_widget_grab_focus (view);
}

/* Makes the profile current and keeps its password, then marks the step. */
static void
use_profile (HeraldServicePage *self,
             HeraldProfile     *profile,
             const char        *password)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  herald_workspace_set_password (workspace, password);
  herald_workspace_set_profile (workspace, profile);
  herald_workspace_save (workspace);
  if (!make_client (self, profile, password))
    return;

  herald_profile_store_store_secret_async (herald_workspace_get_profile_store (workspace),
                                           HERALD_SECRET_SERVICE_PASSWORD,
                                           herald_profile_get_name (profile),
                                           password,
                                           self->cancellable,
                                           store_password_cb,
                                           g_object_ref (self));
}

static void
load_sandbox_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeraldServicePage) self = user_data;
  g_autoptr(HeraldSandboxInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  HeraldWorkspace *workspace;
  HeraldProfile *profile;

  info = herald_sandbox_info_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  workspace = herald_page_get_workspace (HERALD_PAGE (self));

  if (info == NULL)
    {
      if (self->waiting_for_start &&
          g_error_matches (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING) &&
          herald_sandbox_launcher_get_running (herald_workspace_get_launcher (workspace)) &&
          g_get_monotonic_time () < self->wait_deadline)
        {
          /* Started, not ready yet: look again shortly. */
          set_busy (self, TRUE);
          self->wait_source = g_timeout_add_once (300, wait_again_cb, self);
          return;
        }

      self->waiting_for_start = FALSE;
      update_sandbox_row (self, error->message);
      show_error (self, NULL, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->start_button),
                              g_error_matches (error, HERALD_SANDBOX_INFO_ERROR, HERALD_SANDBOX_INFO_ERROR_NOT_RUNNING) &&
                              !herald_sandbox_launcher_get_running (herald_workspace_get_launcher (workspace)));
      return;
    }

  self->waiting_for_start = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), FALSE);
  herald_workspace_set_sandbox_info (workspace, info);

  profile = herald_profile_store_ensure (herald_workspace_get_profile_store (workspace),
                                         SANDBOX_PROFILE_NAME);
  g_object_freeze_notify (G_OBJECT (profile));
  herald_profile_set_use_sandbox (profile, TRUE);
  herald_profile_set_sandbox_dir (profile, herald_workspace_get_sandbox_dir (workspace));
  herald_profile_set_api_url (profile, herald_sandbox_info_get_api_url (info));
  herald_profile_set_user (profile, herald_sandbox_info_get_user (info));
  herald_profile_set_flavor (profile, herald_sandbox_info_get_flavor (info));
  herald_profile_set_mqtt_uri (profile, herald_sandbox_info_get_mqtt_uri (info));
  herald_profile_set_ca_file (profile, herald_sandbox_info_get_ca_file (info));
  herald_profile_set_trust (profile, "sandbox");
  g_object_thaw_notify (G_OBJECT (profile));

  fill_fields (self,
               herald_sandbox_info_get_api_url (info),
               herald_sandbox_info_get_user (info),
               herald_sandbox_info_get_password (info),
               herald_sandbox_info_get_flavor (info));

  state = g_strdup_printf (_("Running at %s"), herald_sandbox_info_get_api_url (info));
  update_sandbox_row (self, state);

  use_profile (self, profile, herald_sandbox_info_get_password (info));

  /* The file may outlive a sandbox killed hard: ask the sandbox itself. */
  self->checking_sandbox = TRUE;
  test_connection (self);
}

static void
wait_again_cb (gpointer user_data)
{
  HeraldServicePage *self = user_data;
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  self->wait_source = 0;
  herald_sandbox_info_load_async (herald_workspace_get_sandbox_dir (workspace),
                                  self->cancellable,
                                  load_sandbox_cb,
                                  g_object_ref (self));
}

static void
log_changed_cb (HeraldServicePage     *self,
                GParamSpec            *pspec,
                HeraldSandboxLauncher *launcher)
{
  gtk_label_set_label (self->log_label, herald_sandbox_launcher_get_log (launcher));
}

static void
start_sandbox_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HeraldServicePage *self = HERALD_SERVICE_PAGE (widget);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldSandboxLauncher *launcher = herald_workspace_get_launcher (workspace);
  g_autoptr(GError) error = NULL;

  /* The launcher is made when first asked for, which is now: followed from
   * then on, however often the sandbox is started. */
  g_signal_group_set_target (self->launcher_signals, launcher);

  clear_errors (self);
  if (!herald_sandbox_launcher_start (launcher, &error))
    {
      /* In the row the user just clicked in, and under the form. */
      update_sandbox_row (self, error->message);
      show_error (self, NULL, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->start_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->log_expander), TRUE);
  update_sandbox_row (self, _("Starting the sandbox…"));

  /* It writes sandbox.json once its broker and API are ready. */
  self->waiting_for_start = TRUE;
  self->wait_deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  set_busy (self, TRUE);
  wait_again_cb (self);
}

static void
use_sandbox_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HeraldServicePage *self = HERALD_SERVICE_PAGE (widget);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  clear_errors (self);
  set_busy (self, TRUE);
  update_sandbox_row (self, _("Looking for the sandbox…"));
  herald_sandbox_info_load_async (herald_workspace_get_sandbox_dir (workspace),
                                  self->cancellable,
                                  load_sandbox_cb,
                                  g_object_ref (self));
}

/* The profile's name: "user@host", which is what users tell services by. */
static char *
profile_name_for (const char *host,
                  const char *user)
{
  return g_strdup_printf ("%s@%s", user, host);
}

static gboolean
validate (HeraldServicePage  *self,
          char              **out_host)
{
  const char *url = herald_secret_row_get_secret (self->url_row);
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = herald_secret_row_get_secret (self->password_row);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  const char *scheme;

  clear_errors (self);

  if (*url == '\0')
    {
      show_error (self, GTK_WIDGET (self->url_row),
                  _("Enter the API root URL of the service, for example https://example.cp.iot.sap/iot/core/api/v1."));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      show_error (self, GTK_WIDGET (self->url_row),
                  _("The API root URL must start with https:// or http:// and name a host, for example https://example.cp.iot.sap/iot/core/api/v1."));
      return FALSE;
    }

  if (!herald_service_config_check_api_url (url, &error))
    {
      show_error (self, GTK_WIDGET (self->url_row), error->message);
      return FALSE;
    }

  if (*user == '\0')
    {
      show_error (self, GTK_WIDGET (self->user_row),
                  _("Enter the user of the service, as its service key names it."));
      return FALSE;
    }

  if (*password == '\0')
    {
      show_error (self, GTK_WIDGET (self->password_row),
                  _("Enter the password of the service, as its service key names it."));
      return FALSE;
    }

  if (out_host != NULL)
    *out_host = g_strdup (g_uri_get_host (uri));

  return TRUE;
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HeraldServicePage *self = HERALD_SERVICE_PAGE (widget);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_autofree char *host = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  HeraldSandboxInfo *info;
  HeraldProfile *profile;
  const char *user;

  if (!validate (self, &host))
    return;

  url = herald_service_config_normalize_api_url (herald_secret_row_get_secret (self->url_row));
  user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));

  /* The sandbox keeps its own profile, so switching back and forth between
   * it and a cloud service keeps both. */
  info = herald_workspace_get_sandbox_info (workspace);
  if (info != NULL && g_strcmp0 (herald_sandbox_info_get_api_url (info), url) == 0)
    name = g_strdup (SANDBOX_PROFILE_NAME);
  else
    name = profile_name_for (host, user);

  profile = herald_profile_store_ensure (herald_workspace_get_profile_store (workspace), name);
  g_object_freeze_notify (G_OBJECT (profile));
  if (g_strcmp0 (name, SANDBOX_PROFILE_NAME) != 0)
    herald_profile_set_use_sandbox (profile, FALSE);
  herald_profile_set_api_url (profile, url);
  herald_profile_set_user (profile, user);
  herald_profile_set_flavor (profile, flavor_id (adw_combo_row_get_selected (self->flavor_row)));
  if (herald_profile_get_mqtt_uri (profile) == NULL)
    {
      g_autofree char *mqtt = herald_service_config_guess_mqtt_uri (url);
      herald_profile_set_mqtt_uri (profile, mqtt);
    }
  g_object_thaw_notify (G_OBJECT (profile));

  use_profile (self, profile, herald_secret_row_get_secret (self->password_row));
}

/* What the workspace finds out about the service in use, said where the
 * user looks: in the sandbox's row for the local sandbox (with Start
 * Sandbox when it is not running), under the form for another service. */
static void
service_state_cb (HeraldServicePage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  HeraldProfile *profile = herald_workspace_get_profile (workspace);
  HeraldSandboxInfo *info = herald_workspace_get_sandbox_info (workspace);
  const char *message = herald_workspace_get_service_message (workspace);
  gboolean sandbox = profile != NULL && herald_profile_get_use_sandbox (profile);

  /* While it starts, the row says so; its end is said when it comes. */
  if (self->waiting_for_start)
    return;

  switch (herald_workspace_get_service_state (workspace))
    {
    case HERALD_SERVICE_STATE_REACHABLE:
      if (sandbox && info != NULL)
        {
          g_autofree char *state = g_strdup_printf (_("Running at %s, and answering"),
                                                    herald_sandbox_info_get_api_url (info));
          update_sandbox_row (self, state);
          gtk_widget_set_visible (GTK_WIDGET (self->start_button), FALSE);
        }
      break;

    case HERALD_SERVICE_STATE_UNREACHABLE:
    case HERALD_SERVICE_STATE_UNAUTHORIZED:
      if (sandbox)
        {
          update_sandbox_row (self, message);
          gtk_widget_set_visible (GTK_WIDGET (self->start_button),
                                  !self->waiting_for_start &&
                                  !herald_sandbox_launcher_get_running (herald_workspace_get_launcher (workspace)));
        }
      else if (message != NULL)
        show_error (self, NULL, message);
      break;

    case HERALD_SERVICE_STATE_NONE:
    case HERALD_SERVICE_STATE_CHECKING:
    default:
      break;
    }
}

static void
herald_service_page_constructed (GObject *object)
{
  HeraldServicePage *self = HERALD_SERVICE_PAGE (object);
  HeraldWorkspace *workspace;

  G_OBJECT_CLASS (herald_service_page_parent_class)->constructed (object);

  workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_signal_connect_object (workspace, "notify::profile",
                           G_CALLBACK (profile_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::sandbox-info",
                           G_CALLBACK (sandbox_info_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::service-state",
                           G_CALLBACK (service_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::service-message",
                           G_CALLBACK (service_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (herald_workspace_get_profile_store (workspace), "notify::secrets-persistent",
                           G_CALLBACK (update_secrets_note), self, G_CONNECT_SWAPPED);

  /* The service's address is no secret, but its host is on a projector. */
  g_object_bind_property (herald_workspace_get_redactor (workspace), "active",
                          self->url_row, "concealed", G_BINDING_SYNC_CREATE);

  update_secrets_note (self);
  update_sandbox_row (self, NULL);
  profile_changed_cb (self);
}

static void
herald_service_page_dispose (GObject *object)
{
  HeraldServicePage *self = HERALD_SERVICE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->wait_source, g_source_remove);
  g_clear_object (&self->launcher_signals);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_SERVICE_PAGE);

  G_OBJECT_CLASS (herald_service_page_parent_class)->dispose (object);
}

static void
herald_service_page_finalize (GObject *object)
{
  HeraldServicePage *self = HERALD_SERVICE_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (herald_service_page_parent_class)->finalize (object);
}

static void
herald_service_page_class_init (HeraldServicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = herald_service_page_constructed;
  object_class->dispose = herald_service_page_dispose;
  object_class->finalize = herald_service_page_finalize;

  g_type_ensure (HERALD_TYPE_SECRET_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-service-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, sandbox_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, sandbox_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, url_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, user_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, flavor_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, secrets_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, log_expander);
  gtk_widget_class_bind_template_child (widget_class, HeraldServicePage, log_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "service.use-sandbox", NULL, use_sandbox_action);
  gtk_widget_class_install_action (widget_class, "service.start-sandbox", NULL, start_sandbox_action);
  gtk_widget_class_install_action (widget_class, "service.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "service.test-connection", NULL, test_connection_action);
  gtk_widget_class_install_action (widget_class, "service.import-key", NULL, import_key_action);
}

static void
herald_service_page_init (HeraldServicePage *self)
{
  self->cancellable = g_cancellable_new ();
  self->launcher_signals = g_signal_group_new (HERALD_TYPE_SANDBOX_LAUNCHER);
  g_signal_group_connect_swapped (self->launcher_signals, "notify::log", G_CALLBACK (log_changed_cb), self);
  /* A sandbox that ends after its sandbox.json went: Start comes back. */
  g_signal_group_connect_swapped (self->launcher_signals, "notify::running", G_CALLBACK (service_state_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));
}
