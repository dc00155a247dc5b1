/* herald-sandbox-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HERALD_SANDBOX_STORE_ERROR (herald_sandbox_store_error_quark ())

typedef enum
{
  HERALD_SANDBOX_STORE_ERROR_FAILED,
  HERALD_SANDBOX_STORE_ERROR_NOT_FOUND,
  HERALD_SANDBOX_STORE_ERROR_CONFLICT,
  HERALD_SANDBOX_STORE_ERROR_INVALID,
} HeraldSandboxStoreError;

/* The measures kept per device: the newest ones; each new measures message
 * deletes the oldest past this bound. */
#define HERALD_SANDBOX_STORE_MAX_MEASURES 10000

/* How a filter clause compares a member with its value: OData's eq, ne,
 * lt, le, gt, ge. */
typedef enum
{
  HERALD_SANDBOX_STORE_OP_EQ,
  HERALD_SANDBOX_STORE_OP_NE,
  HERALD_SANDBOX_STORE_OP_LT,
  HERALD_SANDBOX_STORE_OP_LE,
  HERALD_SANDBOX_STORE_OP_GT,
  HERALD_SANDBOX_STORE_OP_GE,
} HeraldSandboxStoreOp;

/* A list's filter clause: the JSON member @field compared by @op with
 * @value (a member the rows lack equals nothing and orders with nothing;
 * lt, le, gt and ge take whole numbers, compared as numbers). */
typedef struct
{
  const char           *field;
  HeraldSandboxStoreOp  op;
  const char           *value;
} HeraldSandboxStoreClause;

/* What of a list to read: the rows all clauses keep, in the order of
 * @order_field (NULL: the list's own order), @limit of them (-1: all) from
 * @offset on. A NULL query reads the whole list in its own order. */
typedef struct
{
  const HeraldSandboxStoreClause *clauses;
  guint                           n_clauses;
  const char                     *order_field;
  gboolean                        descending;
  gint64                          offset;
  gint64                          limit;
} HeraldSandboxStoreQuery;

#define HERALD_TYPE_SANDBOX_STORE (herald_sandbox_store_get_type ())

G_DECLARE_FINAL_TYPE (HeraldSandboxStore, herald_sandbox_store, HERALD, SANDBOX_STORE, GObject)

GQuark              herald_sandbox_store_error_quark      (void);
HeraldSandboxStore *herald_sandbox_store_open             (const char          *path,
                                                           gboolean             classic,
                                                           GError             **error);
gint64              herald_sandbox_store_get_created      (HeraldSandboxStore  *self);
void                herald_sandbox_store_set_guid_ids     (HeraldSandboxStore  *self,
                                                           gboolean             guid_ids);

JsonNode           *herald_sandbox_store_add_capability   (HeraldSandboxStore  *self,
                                                           const char          *alternate_id,
                                                           const char          *name,
                                                           JsonArray           *properties,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_get_capability   (HeraldSandboxStore  *self,
                                                           const char          *id,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_find_capability  (HeraldSandboxStore  *self,
                                                           const char          *alternate_id,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_list_capabilities (HeraldSandboxStore  *self,
                                                           const HeraldSandboxStoreQuery *query,
                                                           GError             **error);
gboolean            herald_sandbox_store_delete_capability (HeraldSandboxStore *self,
                                                           const char          *id,
                                                           GError             **error);

JsonNode           *herald_sandbox_store_add_sensor_type  (HeraldSandboxStore  *self,
                                                           const char          *alternate_id,
                                                           const char          *name,
                                                           JsonArray           *capabilities,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_get_sensor_type  (HeraldSandboxStore  *self,
                                                           const char          *id,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_find_sensor_type (HeraldSandboxStore *self,
                                                          const char          *alternate_id,
                                                          GError             **error);
JsonNode           *herald_sandbox_store_list_sensor_types (HeraldSandboxStore  *self,
                                                           const HeraldSandboxStoreQuery *query,
                                                           GError             **error);
gboolean            herald_sandbox_store_delete_sensor_type (HeraldSandboxStore *self,
                                                           const char          *id,
                                                           GError             **error);

/* @custom_properties: {key, value} objects, @sensors: {name, sensorTypeId,
 * alternateId (or none)} objects, checked already; either may be NULL. */
JsonNode           *herald_sandbox_store_add_device       (HeraldSandboxStore  *self,
                                                           const char          *gateway_id,
                                                           const char          *name,
                                                           const char          *alternate_id,
                                                           JsonArray           *custom_properties,
                                                           JsonArray           *sensors,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_get_device       (HeraldSandboxStore  *self,
                                                           const char          *id,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_find_device      (HeraldSandboxStore  *self,
                                                           const char          *alternate_id,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_list_devices     (HeraldSandboxStore  *self,
                                                           const HeraldSandboxStoreQuery *query,
                                                           GError             **error);
gboolean            herald_sandbox_store_delete_device    (HeraldSandboxStore  *self,
                                                           const char          *id,
                                                           gboolean            *had_certificates,
                                                           GError             **error);

JsonNode           *herald_sandbox_store_add_sensor       (HeraldSandboxStore  *self,
                                                           const char          *device_id,
                                                           const char          *name,
                                                           const char          *sensor_type_id,
                                                           const char          *alternate_id,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_get_sensor       (HeraldSandboxStore  *self,
                                                           const char          *id,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_find_sensor      (HeraldSandboxStore  *self,
                                                           const char          *device_id,
                                                           const char          *alternate_id,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_list_sensors     (HeraldSandboxStore  *self,
                                                           const HeraldSandboxStoreQuery *query,
                                                           GError             **error);
gboolean            herald_sandbox_store_delete_sensor    (HeraldSandboxStore  *self,
                                                           const char          *id,
                                                           GError             **error);

JsonNode           *herald_sandbox_store_update_capability (HeraldSandboxStore *self,
                                                           const char          *id,
                                                           const char          *alternate_id,
                                                           const char          *name,
                                                           JsonArray           *properties,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_update_sensor_type (HeraldSandboxStore *self,
                                                            const char          *id,
                                                            const char          *alternate_id,
                                                            const char          *name,
                                                            GError             **error);
JsonNode           *herald_sandbox_store_add_sensor_type_capability (HeraldSandboxStore *self,
                                                                    const char         *sensor_type_id,
                                                                    const char         *capability_id,
                                                                    const char         *type,
                                                                    GError            **error);
JsonNode           *herald_sandbox_store_set_sensor_type_capability (HeraldSandboxStore *self,
                                                                    const char         *sensor_type_id,
                                                                    const char         *capability_id,
                                                                    const char         *type,
                                                                    GError            **error);
JsonNode           *herald_sandbox_store_remove_sensor_type_capability (HeraldSandboxStore *self,
                                                                       const char         *sensor_type_id,
                                                                       const char         *capability_id,
                                                                       GError            **error);
JsonNode           *herald_sandbox_store_update_device    (HeraldSandboxStore  *self,
                                                           const char          *id,
                                                           const char          *name,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_update_sensor    (HeraldSandboxStore  *self,
                                                           const char          *id,
                                                           const char          *name,
                                                           const char          *sensor_type_id,
                                                           const char          *alternate_id,
                                                           GError             **error);
/* @owner: "device" or "sensor". */
gboolean            herald_sandbox_store_insert_custom_property (HeraldSandboxStore *self,
                                                                 const char         *owner,
                                                                 const char         *owner_key,
                                                                 const char         *key,
                                                                 const char         *value,
                                                                 GError            **error);
JsonNode           *herald_sandbox_store_add_custom_property (HeraldSandboxStore *self,
                                                              const char         *owner,
                                                              const char         *owner_id,
                                                              const char         *key,
                                                              const char         *value,
                                                              GError            **error);
JsonNode           *herald_sandbox_store_set_custom_property (HeraldSandboxStore *self,
                                                              const char         *owner,
                                                              const char         *owner_id,
                                                              const char         *key,
                                                              const char         *value,
                                                              GError            **error);
JsonNode           *herald_sandbox_store_delete_custom_property (HeraldSandboxStore *self,
                                                                 const char         *owner,
                                                                 const char         *owner_id,
                                                                 const char         *key,
                                                                 GError            **error);
/* @collection: capabilities, sensorTypes, devices or sensors; -1 on error. */
gint64              herald_sandbox_store_count            (HeraldSandboxStore  *self,
                                                           const char          *collection,
                                                           GError             **error);

gboolean            herald_sandbox_store_add_certificate  (HeraldSandboxStore  *self,
                                                           const char          *device_id,
                                                           const char          *serial,
                                                           const char          *fingerprint,
                                                           gint64               not_before,
                                                           gint64               not_after,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_list_certificates (HeraldSandboxStore *self,
                                                           const char          *device_id,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_revoke_certificate (HeraldSandboxStore *self,
                                                            const char          *device_id,
                                                            const char          *fingerprint,
                                                            GError             **error);
char              **herald_sandbox_store_revoked_serials  (HeraldSandboxStore  *self,
                                                           GError             **error);

gboolean            herald_sandbox_store_add_measures     (HeraldSandboxStore  *self,
                                                           const char          *device_id,
                                                           const char          *sensor_id,
                                                           const char          *capability_id,
                                                           gint64               timestamp,
                                                           const char          *measures_json,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_list_measures    (HeraldSandboxStore  *self,
                                                           const char          *device_id,
                                                           gint64               newest,
                                                           const HeraldSandboxStoreQuery *query,
                                                           GError             **error);
JsonNode           *herald_sandbox_store_list_capability_measures (HeraldSandboxStore *self,
                                                                  const char         *capability_id,
                                                                  const HeraldSandboxStoreQuery *query,
                                                                  GError            **error);
void                herald_sandbox_store_set_max_measures (HeraldSandboxStore  *self,
                                                           guint                max);

G_END_DECLS
