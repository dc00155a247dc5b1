/* herald-command-builder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "herald-data-type.h"

G_BEGIN_DECLS

#define HERALD_COMMAND_ERROR (herald_command_error_quark ())

/**
 * HeraldCommandError:
 * @HERALD_COMMAND_ERROR_INVALID_VALUE: a value cannot be read as its
 *   property's data type; the message names the property
 * @HERALD_COMMAND_ERROR_UNKNOWN_PROPERTY: the capability has no such property
 * @HERALD_COMMAND_ERROR_DUPLICATE_PROPERTY: the property was added twice
 */
typedef enum
{
  HERALD_COMMAND_ERROR_INVALID_VALUE,
  HERALD_COMMAND_ERROR_UNKNOWN_PROPERTY,
  HERALD_COMMAND_ERROR_DUPLICATE_PROPERTY,
} HeraldCommandError;

/**
 * HeraldCommandFlavor:
 * @HERALD_COMMAND_FLAVOR_CLASSIC: the seed's service: values are sent as
 *   strings; numeric ones are delivered as numbers with the sent digits
 * @HERALD_COMMAND_FLAVOR_TENANT: values are sent and delivered as typed JSON
 *
 * The two flavours of the IoT Service API: classic and tenant.
 */
typedef enum
{
  HERALD_COMMAND_FLAVOR_CLASSIC,
  HERALD_COMMAND_FLAVOR_TENANT,
} HeraldCommandFlavor;

#define HERALD_TYPE_COMMAND_FLAVOR (herald_command_flavor_get_type ())
#define HERALD_TYPE_COMMAND_BUILDER (herald_command_builder_get_type ())

GType herald_command_flavor_get_type (void) G_GNUC_CONST;

/**
 * HeraldCommandBuilder:
 *
 * The value-typing rules of the spec ("Commands"), written once for both
 * sides: Herald's command composer and the sandbox.
 *
 * A client (the composer) does:
 * |[<!-- language="C" -->
 *   g_autoptr(HeraldCommandBuilder) builder = herald_command_builder_new (flavor);
 *   if (!herald_command_builder_add_value (builder, "Speed", HERALD_DATA_TYPE_FLOAT, "50.0", &error))
 *     show (error->message);            // names the property, says what to type
 *   body = herald_command_builder_to_request_body (builder, sensor_id, capability_id);
 *   // classic: {"sensorId":"11","capabilityId":"...","command":{"Speed":"50.0"}}
 *   // tenant:  {"sensorId":"11","capabilityId":"...","command":{"Speed":50.0}}
 * ]|
 * herald_command_builder_validate_value() checks one value as the user
 * types, without a builder. The sandbox uses
 * herald_command_builder_add_json_value() on each received value and
 * herald_command_builder_to_payload() for the bytes it publishes.
 *
 * Numbers are never passed through json-glib's generator, which writes 50.1
 * as 50.100000000000001: the text the user typed is kept. Long values are
 * handled as text, so values beyond 2^53 keep every digit.
 */
G_DECLARE_FINAL_TYPE (HeraldCommandBuilder, herald_command_builder, HERALD, COMMAND_BUILDER, GObject)

GQuark                herald_command_error_quark              (void);

HeraldCommandBuilder *herald_command_builder_new              (HeraldCommandFlavor    flavor);
HeraldCommandFlavor   herald_command_builder_get_flavor       (HeraldCommandBuilder  *self);
void                  herald_command_builder_set_flavor       (HeraldCommandBuilder  *self,
                                                               HeraldCommandFlavor    flavor);
gboolean              herald_command_builder_validate_value   (const char            *name,
                                                               HeraldDataType         data_type,
                                                               const char            *text,
                                                               GError               **error);
gboolean              herald_command_builder_add_value        (HeraldCommandBuilder  *self,
                                                               const char            *name,
                                                               HeraldDataType         data_type,
                                                               const char            *text,
                                                               GError               **error);
gboolean              herald_command_builder_add_json_value   (HeraldCommandBuilder  *self,
                                                               const char            *name,
                                                               HeraldDataType         data_type,
                                                               JsonNode              *value,
                                                               GError               **error);
guint                 herald_command_builder_get_n_values     (HeraldCommandBuilder  *self);
void                  herald_command_builder_clear            (HeraldCommandBuilder  *self);
char                 *herald_command_builder_to_command_json  (HeraldCommandBuilder  *self);
char                 *herald_command_builder_to_request_body  (HeraldCommandBuilder  *self,
                                                               const char            *sensor_id,
                                                               const char            *capability_id);
char                 *herald_command_builder_to_payload       (HeraldCommandBuilder  *self,
                                                               const char            *sensor_alternate_id,
                                                               const char            *capability_alternate_id);

G_END_DECLS
