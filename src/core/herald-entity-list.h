/* herald-entity-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-api-client.h"

G_BEGIN_DECLS

#define HERALD_TYPE_ENTITY_LIST (herald_entity_list_get_type ())

G_DECLARE_FINAL_TYPE (HeraldEntityList, herald_entity_list, HERALD, ENTITY_LIST, GObject)

HeraldEntityList *herald_entity_list_new                (GType             entity_type,
                                                         HeraldApiClient  *client);
GType             herald_entity_list_get_entity_type    (HeraldEntityList *self);
HeraldApiClient  *herald_entity_list_get_client         (HeraldEntityList *self);
void              herald_entity_list_set_client         (HeraldEntityList *self,
                                                         HeraldApiClient  *client);
const char       *herald_entity_list_get_filter         (HeraldEntityList *self);
void              herald_entity_list_set_filter         (HeraldEntityList *self,
                                                         const char       *filter);
const char       *herald_entity_list_get_sensor_type_id (HeraldEntityList *self);
void              herald_entity_list_set_sensor_type_id (HeraldEntityList *self,
                                                         const char       *sensor_type_id);
const char       *herald_entity_list_get_usage          (HeraldEntityList *self);
void              herald_entity_list_set_usage          (HeraldEntityList *self,
                                                         const char       *usage);
gboolean          herald_entity_list_get_loading        (HeraldEntityList *self);
const char       *herald_entity_list_get_error          (HeraldEntityList *self);
void              herald_entity_list_reload             (HeraldEntityList *self);
guint             herald_entity_list_find               (HeraldEntityList *self,
                                                         const char       *id);

G_END_DECLS
