/* herald-workspace-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tutorial's device connection as a broker profile made by the flow.
 * Its broker, trust and client id follow the service and the device in use
 * (the local sandbox's broker and CA, the device's alternate id, its
 * commands topic); what the user sets on the Connect step (MQTT version,
 * clean session, keep-alive, session expiry, the last will, the trust of a
 * tenant's broker, more subscriptions) is the user's and is kept with the
 * service profile, under the key "device-connection" of profiles.ini, in
 * the text of a connections file. It holds no secret: the device's
 * certificate is the workspace's key store.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-topic.h"
#include "herald-workspace-private.h"

/* What the flow sets, over whatever was kept: the sandbox moves to other
 * ports when it restarts, and the device in use is the flow's. Called
 * when another profile is loaded, the device in use changes, or where the
 * sandbox's broker is. */
void
_herald_workspace_update_device_profile (HeraldWorkspace *self)
{
  HeraldBrokerProfile *profile = self->device_profile;
  const char *uri = herald_broker_profile_get_server_uri (profile);
  const char *alternate_id = NULL;
  g_autofree char *commands = NULL;

  if (self->profile == NULL)
    return;

  if (herald_profile_get_use_sandbox (self->profile))
    g_object_set (profile,
                  "server-uri", herald_profile_get_mqtt_uri (self->profile),
                  "trust", HERALD_MQTT_TRUST_CA_FILE,
                  "ca-file", herald_profile_get_ca_file (self->profile),
                  NULL);
  else if ((uri == NULL || *uri == '\0') && herald_profile_get_mqtt_uri (self->profile) != NULL)
    g_object_set (profile, "server-uri", herald_profile_get_mqtt_uri (self->profile), NULL);

  if (self->device != NULL)
    alternate_id = herald_entity_get_alternate_id (HERALD_ENTITY (self->device));
  else
    alternate_id = herald_profile_get_device_alternate_id (self->profile);
  if (alternate_id == NULL)
    return;

  g_object_set (profile, "client-id", alternate_id, NULL);

  /* The device listens for its own commands, and no other device's. */
  for (guint i = herald_broker_profile_get_n_subscriptions (profile); i > 0; i--)
    {
      const char *topic = herald_broker_profile_get_subscription (profile, i - 1, NULL);
      const char *of = herald_topic_device_of (topic, "commands");

      if (of == NULL)
        of = herald_topic_device_of (topic, "ack");
      if (of != NULL && g_strcmp0 (of, alternate_id) != 0)
        herald_connection_unsubscribe (self->device_connection, topic, NULL);
    }
  commands = herald_topic_commands (alternate_id);
  herald_connection_subscribe (self->device_connection, commands, 1, NULL);
}

/* The device connection of a profile that has none kept yet: the flow's
 * own, with Clean Session off so that a command sent while the device is
 * away reaches it when it is back. */
static HeraldBrokerProfile *
new_device_profile (void)
{
  HeraldBrokerProfile *profile = herald_broker_profile_new (_("Device"), "");

  g_object_set (profile, "clean-session", FALSE, NULL);
  return profile;
}

/* Another service profile: its device connection as it was kept, else
 * one made afresh; then what the flow says. */
void
_herald_workspace_load_device_profile (HeraldWorkspace *self)
{
  g_autoptr(HeraldBrokerProfile) fresh = new_device_profile ();
  g_autoptr(GPtrArray) kept = NULL;
  const char *data = NULL;

  if (self->profile != NULL)
    data = herald_profile_get_string (self->profile, "device-connection");
  if (data != NULL)
    {
      g_autoptr(GError) error = NULL;

      kept = herald_broker_profile_list_from_data (data, -1, &error);
      if (kept == NULL || kept->len != 1)
        g_message ("The device connection of profile “%s” is not read again: %s",
                   herald_profile_get_name (self->profile),
                   error != NULL ? error->message : "not one connection");
    }

  self->device_loading = TRUE;
  herald_broker_profile_update (self->device_profile,
                                kept != NULL && kept->len == 1 ? g_ptr_array_index (kept, 0) : fresh);
  g_object_set (self->device_profile, "name", _("Device"), NULL);
  herald_broker_profile_apply_subscriptions (self->device_profile,
                                             herald_connection_get_session (self->device_connection), NULL);
  _herald_workspace_update_device_profile (self);
  self->device_loading = FALSE;
}

/* Kept unless it would not be read again (a server URI without a scheme,
 * say: the connect says what is wrong with it). */
static gboolean
save_idle_cb (gpointer data)
{
  HeraldWorkspace *self = data;
  g_autoptr(GListStore) one = NULL;
  g_autofree char *text = NULL;

  self->device_save_source = 0;
  if (self->profile == NULL || !herald_broker_profile_check (self->device_profile, NULL))
    return G_SOURCE_REMOVE;

  one = g_list_store_new (HERALD_TYPE_BROKER_PROFILE);
  g_list_store_append (one, self->device_profile);
  text = herald_broker_profile_list_to_data (G_LIST_MODEL (one), NULL);
  if (g_strcmp0 (text, herald_profile_get_string (self->profile, "device-connection")) != 0)
    {
      herald_profile_set_string (self->profile, "device-connection", text);
      herald_workspace_save (self);
    }
  return G_SOURCE_REMOVE;
}

static void
device_profile_changed_cb (HeraldWorkspace *self)
{
  if (!self->device_loading && self->device_save_source == 0)
    self->device_save_source = g_idle_add (save_idle_cb, self);
}

void
_herald_workspace_init_device_profile (HeraldWorkspace *self)
{
  self->device_profile = new_device_profile ();
  g_signal_connect_swapped (self->device_profile, "changed", G_CALLBACK (device_profile_changed_cb), self);
}

/* What is still to be saved is saved now, with the service profile in use:
 * before another one is, and when the workspace goes (@last). */
void
_herald_workspace_flush_device_profile (HeraldWorkspace *self,
                                        gboolean         last)
{
  if (self->device_save_source != 0)
    {
      g_source_remove (self->device_save_source);
      save_idle_cb (self);
    }
  if (last && self->device_profile != NULL)
    g_signal_handlers_disconnect_by_func (self->device_profile, device_profile_changed_cb, self);
}

/**
 * herald_workspace_get_device_profile:
 *
 * The tutorial's device connection as a broker profile: its broker, trust
 * and client id follow the flow; the rest is what the user set, kept with
 * the service profile in use (saved an idle after a change).
 *
 * Returns: (transfer none): the device connection's profile
 */
HeraldBrokerProfile *
herald_workspace_get_device_profile (HeraldWorkspace *self)
{
  g_return_val_if_fail (HERALD_IS_WORKSPACE (self), NULL);
  return self->device_profile;
}
