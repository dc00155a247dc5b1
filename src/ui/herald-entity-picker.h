/* herald-entity-picker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-entity.h"

G_BEGIN_DECLS

#define HERALD_TYPE_ENTITY_PICKER (herald_entity_picker_get_type ())

G_DECLARE_FINAL_TYPE (HeraldEntityPicker, herald_entity_picker, HERALD, ENTITY_PICKER, AdwBin)

GListModel   *herald_entity_picker_get_model    (HeraldEntityPicker *self);
void          herald_entity_picker_set_model    (HeraldEntityPicker *self,
                                                 GListModel         *model);
HeraldEntity *herald_entity_picker_get_selected (HeraldEntityPicker *self);
void          herald_entity_picker_show_current (HeraldEntityPicker *self,
                                                 HeraldEntity       *entity);
guint         herald_entity_picker_get_n_shown  (HeraldEntityPicker *self);

G_END_DECLS
