/* herald-steps.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-capability-page.h"
#include "herald-certificate-page.h"
#include "herald-composer-page.h"
#include "herald-connect-page.h"
#include "herald-device-page.h"
#include "herald-sensor-page.h"
#include "herald-sensor-type-page.h"
#include "herald-service-page.h"
#include "herald-steps.h"

/* The flow, in the order of the sidebar: the one place that says which
 * steps there are, what they are called and which page shows each. Their
 * completion is the workspace's (herald_workspace_get_step_complete()). */
static const HeraldStepInfo steps[HERALD_N_STEPS] = {
  { HERALD_STEP_SERVICE, "service", N_("Service"), herald_service_page_get_type },
  { HERALD_STEP_CAPABILITY, "capability", N_("Capability"), herald_capability_page_get_type },
  { HERALD_STEP_SENSOR_TYPE, "sensor-type", N_("Sensor Type"), herald_sensor_type_page_get_type },
  { HERALD_STEP_DEVICE, "device", N_("Device"), herald_device_page_get_type },
  { HERALD_STEP_SENSOR, "sensor", N_("Sensor"), herald_sensor_page_get_type },
  { HERALD_STEP_CERTIFICATE, "certificate", N_("Certificate"), herald_certificate_page_get_type },
  { HERALD_STEP_CONNECT, "connect", N_("Connect"), herald_connect_page_get_type },
  { HERALD_STEP_COMMAND, "command", N_("Send Command"), herald_composer_page_get_type },
};

const HeraldStepInfo *
herald_steps_get (HeraldStep step)
{
  g_return_val_if_fail (step < HERALD_N_STEPS, NULL);
  g_assert (steps[step].step == step);

  return &steps[step];
}

/**
 * herald_steps_lookup_id:
 *
 * Returns: (nullable): the step whose page is named @id, %NULL for a view
 *   that is not a step
 */
const HeraldStepInfo *
herald_steps_lookup_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i].id, id) == 0)
      return &steps[i];

  return NULL;
}
