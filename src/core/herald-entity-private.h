/* herald-entity-private.h
 *
 * What the subclasses of HeraldEntity use. Not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity.h"
#include "herald-json-private.h"

G_BEGIN_DECLS

JsonObject *herald_entity_get_json          (HeraldEntity *self);
void        herald_entity_class_set_label   (HeraldEntityClass *klass,
                                             const char        *label);
gboolean    herald_entity_set_string_member (HeraldEntity *self,
                                             const char   *member,
                                             const char   *value,
                                             GParamSpec   *pspec);

G_END_DECLS
