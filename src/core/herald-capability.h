/* herald-capability.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity.h"
#include "herald-property.h"

G_BEGIN_DECLS

#define HERALD_TYPE_CAPABILITY (herald_capability_get_type ())

G_DECLARE_FINAL_TYPE (HeraldCapability, herald_capability, HERALD, CAPABILITY, HeraldEntity)

HeraldCapability *herald_capability_new              (const char        *name);
HeraldCapability *herald_capability_new_from_json    (JsonNode          *node,
                                                      GError           **error);
GListModel       *herald_capability_get_properties   (HeraldCapability  *self);
void              herald_capability_add_property     (HeraldCapability  *self,
                                                      HeraldProperty    *property);
HeraldProperty   *herald_capability_find_property    (HeraldCapability  *self,
                                                      const char        *name);

G_END_DECLS
