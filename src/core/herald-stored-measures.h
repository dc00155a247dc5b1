/* herald-stored-measures.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-api-client.h"
#include "herald-measure.h"

G_BEGIN_DECLS

#define HERALD_TYPE_STORED_MEASURES (herald_stored_measures_get_type ())

G_DECLARE_FINAL_TYPE (HeraldStoredMeasures, herald_stored_measures, HERALD, STORED_MEASURES, GObject)

HeraldStoredMeasures *herald_stored_measures_new              (guint                 page_size);
void                  herald_stored_measures_set_source       (HeraldStoredMeasures *self,
                                                               HeraldApiClient      *client,
                                                               const char           *device_id);
void                  herald_stored_measures_set_capabilities (HeraldStoredMeasures *self,
                                                               GListModel           *capabilities);
void                  herald_stored_measures_set_capability   (HeraldStoredMeasures *self,
                                                               const char           *capability_id);
void                  herald_stored_measures_set_span         (HeraldStoredMeasures *self,
                                                               gint64                span_ms);
gint64                herald_stored_measures_get_span         (HeraldStoredMeasures *self);
void                  herald_stored_measures_reload           (HeraldStoredMeasures *self);
void                  herald_stored_measures_load_more        (HeraldStoredMeasures *self);
gboolean              herald_stored_measures_get_loading      (HeraldStoredMeasures *self);
gboolean              herald_stored_measures_get_has_more     (HeraldStoredMeasures *self);
const char           *herald_stored_measures_get_error        (HeraldStoredMeasures *self);

G_END_DECLS
