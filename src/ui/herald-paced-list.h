/* herald-paced-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HERALD_TYPE_PACED_LIST (herald_paced_list_get_type ())

G_DECLARE_FINAL_TYPE (HeraldPacedList, herald_paced_list, HERALD, PACED_LIST, GObject)

HeraldPacedList *herald_paced_list_new          (GListModel      *model,
                                                 guint            interval_ms);
GListModel      *herald_paced_list_get_model    (HeraldPacedList *self);
guint            herald_paced_list_get_interval (HeraldPacedList *self);
void             herald_paced_list_flush        (HeraldPacedList *self);
void             herald_paced_list_set_tail     (HeraldPacedList *self,
                                                 guint            tail);
guint            herald_paced_list_get_tail     (HeraldPacedList *self);
guint            herald_paced_list_get_offset   (HeraldPacedList *self);

G_END_DECLS
