/* herald-entity.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HERALD_TYPE_ENTITY (herald_entity_get_type ())

G_DECLARE_DERIVABLE_TYPE (HeraldEntity, herald_entity, HERALD, ENTITY, GObject)

/**
 * HeraldEntityClass:
 * @load: checks the class's own fields of @object and builds its child
 *   objects; called once by herald_entity_new_from_json()
 * @store: writes the child objects back into @object (a copy of the
 *   entity's JSON) for herald_entity_to_json()
 *
 * The base of the device model: capabilities, sensor types, gateways,
 * devices and sensors. Each entity keeps the JSON object it was built from,
 * so fields Herald does not know survive a round trip unchanged.
 */
struct _HeraldEntityClass
{
  GObjectClass parent_class;

  gboolean (*load)  (HeraldEntity  *self,
                     JsonObject    *object,
                     GError       **error);
  void     (*store) (HeraldEntity  *self,
                     JsonObject    *object);

  /*< private >*/
  gpointer padding[4];
};

gpointer     herald_entity_new_from_json     (GType          entity_type,
                                              JsonNode      *node,
                                              GError       **error);
gpointer     herald_entity_new_from_string   (GType          entity_type,
                                              const char    *json,
                                              GError       **error);
JsonNode    *herald_entity_to_json           (HeraldEntity  *self);
char        *herald_entity_to_string         (HeraldEntity  *self,
                                              gboolean       pretty);
const char  *herald_entity_get_id            (HeraldEntity  *self);
void         herald_entity_set_id            (HeraldEntity  *self,
                                              const char    *id);
const char  *herald_entity_get_name          (HeraldEntity  *self);
void         herald_entity_set_name          (HeraldEntity  *self,
                                              const char    *name);
const char  *herald_entity_get_alternate_id  (HeraldEntity  *self);
void         herald_entity_set_alternate_id  (HeraldEntity  *self,
                                              const char    *alternate_id);
const char  *herald_entity_get_kind_label    (HeraldEntity  *self);

G_END_DECLS
