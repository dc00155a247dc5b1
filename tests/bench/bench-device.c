/* bench-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-device.h"
#include "bench-env.h"
#include "herald-keystore.h"

/**
 * bench_device_configure:
 *
 * Sets @session up as the device of the sandbox, as Herald's Connect step
 * does: BENCH_MQTT, BENCH_DEVICE_ALT as the client id, the key store from
 * the certificate's PEM (BENCH_PEM, its key encrypted with BENCH_SECRET),
 * trust in the sandbox's CA (BENCH_CA).
 *
 * Returns: %FALSE with @error set when the key store cannot be read
 */
gboolean
bench_device_configure (HeraldMqttSession  *session,
                        GError            **error)
{
  g_autoptr(HeraldKeystore) keystore = NULL;
  g_autofree char *pem = NULL;

  if (!g_file_get_contents (bench_env ("BENCH_PEM"), &pem, NULL, error) ||
      (keystore = herald_keystore_new_from_pem (pem, -1, bench_env ("BENCH_SECRET"), error)) == NULL)
    return FALSE;

  herald_mqtt_session_set_server_uri (session, bench_env ("BENCH_MQTT"));
  herald_mqtt_session_set_client_id (session, bench_env ("BENCH_DEVICE_ALT"));
  herald_mqtt_session_set_keystore (session, keystore);
  herald_mqtt_session_set_trust (session, HERALD_MQTT_TRUST_CA_FILE);
  herald_mqtt_session_set_ca_file (session, bench_env ("BENCH_CA"));
  return TRUE;
}
