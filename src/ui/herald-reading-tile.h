/* herald-reading-tile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-reading.h"

G_BEGIN_DECLS

#define HERALD_TYPE_READING_TILE (herald_reading_tile_get_type ())

G_DECLARE_FINAL_TYPE (HeraldReadingTile, herald_reading_tile, HERALD, READING_TILE, GtkWidget)

GtkWidget     *herald_reading_tile_new         (void);
HeraldReading *herald_reading_tile_get_reading (HeraldReadingTile *self);
void           herald_reading_tile_set_reading (HeraldReadingTile *self,
                                                HeraldReading     *reading);
const char    *herald_reading_tile_get_value_text (HeraldReadingTile *self);
void           herald_reading_tile_prepare_fonts  (GtkWidget         *parent);

G_END_DECLS
