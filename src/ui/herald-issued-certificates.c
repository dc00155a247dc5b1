/* herald-issued-certificates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-issued-certificates.h"

/* The certificates the service accepts for the workspace's device, each
 * with Revoke…: one that got out (a laptop lost, a key mailed) is refused
 * by the broker from then on. The one of Herald's own key store says so. */

struct _HeraldIssuedCertificates
{
  AdwBin               parent_instance;

  HeraldWorkspace     *workspace;
  GCancellable        *listing;    /* the load running, or NULL */
  GCancellable        *revoking;   /* the revokes, until disposed */
  GListModel          *model;
  GPtrArray           *rows;
  AdwPreferencesGroup *group;
};

G_DEFINE_FINAL_TYPE (HeraldIssuedCertificates, herald_issued_certificates, ADW_TYPE_BIN)

static const char *
description (void)
{
  return _("The service accepts these certificates for the device. Revoke one that got out: the broker "
           "refuses it from then on.");
}

static void
clear_rows (HeraldIssuedCertificates *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

typedef struct
{
  HeraldIssuedCertificates *self;
  char                     *device_id;
} RevokeData;

static void
revoke_data_free (RevokeData *data)
{
  g_object_unref (data->self);
  g_free (data->device_id);
  g_free (data);
}

static void
revoked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RevokeData *data = user_data;
  HeraldIssuedCertificates *self = data->self;
  g_autoptr(GError) error = NULL;

  if (herald_api_client_revoke_certificate_finish (HERALD_API_CLIENT (object), result, &error))
    herald_issued_certificates_reload (self);
  else if (!herald_api_error_is_cancelled (error))
    adw_preferences_group_set_description (self->group, error->message);
  revoke_data_free (data);
}

static void
confirm_revoke_cb (AdwMessageDialog         *dialog,
                   const char               *response,
                   HeraldIssuedCertificates *self)
{
  HeraldIssuedCertificate *certificate = g_object_get_data (G_OBJECT (dialog), "certificate");
  HeraldApiClient *client = self->workspace ? herald_workspace_get_client (self->workspace) : NULL;
  HeraldDevice *device = self->workspace ? herald_workspace_get_device (self->workspace) : NULL;
  RevokeData *data;

  if (g_strcmp0 (response, "revoke") != 0 || client == NULL || device == NULL)
    return;

  data = g_new0 (RevokeData, 1);
  data->self = g_object_ref (self);
  data->device_id = g_strdup (herald_entity_get_id (HERALD_ENTITY (device)));
  herald_api_client_revoke_certificate_async (client, data->device_id,
                                              herald_issued_certificate_get_fingerprint (certificate),
                                              self->revoking, revoked_cb, data);
}

static gboolean
is_own (HeraldIssuedCertificates *self,
        HeraldIssuedCertificate  *certificate)
{
  HeraldKeystore *keystore = self->workspace ? herald_workspace_get_keystore (self->workspace) : NULL;

  return keystore != NULL &&
         herald_issued_certificate_matches (certificate, herald_keystore_get_fingerprint (keystore));
}

static void
revoke_clicked_cb (GtkButton                *button,
                   HeraldIssuedCertificates *self)
{
  HeraldIssuedCertificate *certificate = g_object_get_data (G_OBJECT (button), "certificate");
  g_autofree char *short_fingerprint = herald_issued_certificate_dup_short_fingerprint (certificate);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Revoke Certificate?"), NULL);
  if (is_own (self, certificate))
    /* Translators: %s is a shortened fingerprint, "AB:CD:EF:01…9F:3C" */
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The broker refuses certificate %s from then on. Herald’s own key store "
                                      "holds it: Herald cannot connect as the device again until you get a new "
                                      "certificate."), short_fingerprint);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The broker refuses certificate %s from then on: whoever connects with it "
                                      "needs a new one."), short_fingerprint);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "certificate", g_object_ref (certificate), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_revoke_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_row (HeraldIssuedCertificates *self,
          HeraldIssuedCertificate  *certificate)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Revoke…"));
  g_autofree char *short_fingerprint = herald_issued_certificate_dup_short_fingerprint (certificate);
  g_autofree char *full = g_ascii_strup (herald_issued_certificate_get_fingerprint (certificate), -1);
  g_autofree char *until = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  GDateTime *valid_to = herald_issued_certificate_get_valid_to (certificate);

  until = valid_to != NULL ? g_date_time_format (valid_to, "%Y-%m-%d") : NULL;
  if (is_own (self, certificate))
    subtitle = until != NULL ? g_strdup_printf (_("Valid until %s · Herald’s key store"), until)
                             : g_strdup (_("Herald’s key store"));
  else
    subtitle = until != NULL ? g_strdup_printf (_("Valid until %s"), until) : g_strdup ("");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), short_fingerprint);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, full);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "destructive-action");
  /* Translators: %s is a shortened fingerprint */
  label = g_strdup_printf (_("Revoke certificate %s"), short_fingerprint);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "certificate", g_object_ref (certificate), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (revoke_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

typedef struct
{
  HeraldIssuedCertificates *self;
  GCancellable             *cancellable;
} Listing;

static void
listing_free (Listing *listing)
{
  g_object_unref (listing->self);
  g_object_unref (listing->cancellable);
  g_free (listing);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Listing, listing_free)

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Listing) listing = user_data;
  HeraldIssuedCertificates *self = listing->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = herald_api_client_list_certificates_finish (HERALD_API_CLIENT (object), result,
                                                                            &error);

  /* A load that a newer one replaced, even one that ended first or after
   * its answer was in. */
  if (listing->cancellable != self->listing)
    return;
  g_clear_object (&self->listing);
  clear_rows (self);
  g_set_object (&self->model, model);
  if (model == NULL)
    {
      adw_preferences_group_set_description (self->group, error->message);
      return;
    }
  adw_preferences_group_set_description (self->group,
                                         g_list_model_get_n_items (model) > 0
                                         ? description ()
                                         : _("The service accepts no certificate for the device: get one above."));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HeraldIssuedCertificate) certificate = g_list_model_get_item (model, i);
      GtkWidget *row = make_row (self, certificate);

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
}

/**
 * herald_issued_certificates_reload:
 *
 * Asks the service again for the device's certificates; hidden while the
 * workspace has no device or no service.
 */
void
herald_issued_certificates_reload (HeraldIssuedCertificates *self)
{
  HeraldApiClient *client;
  HeraldDevice *device;
  Listing *listing;

  g_return_if_fail (HERALD_IS_ISSUED_CERTIFICATES (self));

  g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  client = self->workspace ? herald_workspace_get_client (self->workspace) : NULL;
  device = self->workspace ? herald_workspace_get_device (self->workspace) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self), client != NULL && device != NULL);
  if (client == NULL || device == NULL)
    {
      clear_rows (self);
      g_clear_object (&self->model);
      return;
    }
  self->listing = g_cancellable_new ();
  listing = g_new0 (Listing, 1);
  listing->self = g_object_ref (self);
  listing->cancellable = g_object_ref (self->listing);
  herald_api_client_list_certificates_async (client, herald_entity_get_id (HERALD_ENTITY (device)),
                                             self->listing, listed_cb, listing);
}

void
herald_issued_certificates_set_workspace (HeraldIssuedCertificates *self,
                                          HeraldWorkspace          *workspace)
{
  g_return_if_fail (HERALD_IS_ISSUED_CERTIFICATES (self));

  g_set_object (&self->workspace, workspace);
  herald_issued_certificates_reload (self);
}

/**
 * herald_issued_certificates_get_model:
 *
 * Returns: (transfer none) (nullable): the certificates listed last, of
 *   #HeraldIssuedCertificate
 */
GListModel *
herald_issued_certificates_get_model (HeraldIssuedCertificates *self)
{
  g_return_val_if_fail (HERALD_IS_ISSUED_CERTIFICATES (self), NULL);

  return self->model;
}

static void
refresh_clicked_cb (HeraldIssuedCertificates *self)
{
  herald_issued_certificates_reload (self);
}

static void
herald_issued_certificates_dispose (GObject *object)
{
  HeraldIssuedCertificates *self = (HeraldIssuedCertificates *) object;

  g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  g_cancellable_cancel (self->revoking);
  g_clear_object (&self->revoking);
  g_clear_object (&self->workspace);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (herald_issued_certificates_parent_class)->dispose (object);
}

static void
herald_issued_certificates_finalize (GObject *object)
{
  HeraldIssuedCertificates *self = (HeraldIssuedCertificates *) object;

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (herald_issued_certificates_parent_class)->finalize (object);
}

static void
herald_issued_certificates_class_init (HeraldIssuedCertificatesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_issued_certificates_dispose;
  object_class->finalize = herald_issued_certificates_finalize;
}

static void
herald_issued_certificates_init (HeraldIssuedCertificates *self)
{
  GtkWidget *refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");

  self->rows = g_ptr_array_new ();
  self->revoking = g_cancellable_new ();
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Issued Certificates"));
  adw_preferences_group_set_description (self->group, description ());
  gtk_widget_add_css_class (refresh, "flat");
  gtk_widget_set_valign (refresh, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (refresh, _("Refresh the list of certificates"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (refresh), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Refresh the list of certificates"), -1);
  g_signal_connect_object (refresh, "clicked", G_CALLBACK (refresh_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (self->group, refresh);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->group));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
