/* herald-message-viewer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-history-item.h"
#include "herald-redactor.h"

G_BEGIN_DECLS

#define HERALD_TYPE_MESSAGE_VIEWER (herald_message_viewer_get_type ())

G_DECLARE_FINAL_TYPE (HeraldMessageViewer, herald_message_viewer, HERALD, MESSAGE_VIEWER, AdwWindow)

HeraldMessageViewer *herald_message_viewer_new      (HeraldHistoryItem   *item,
                                                     HeraldRedactor      *redactor);
HeraldHistoryItem   *herald_message_viewer_get_item (HeraldMessageViewer *self);
void                 herald_message_viewer_set_previous (HeraldMessageViewer *self,
                                                         HeraldHistoryItem   *previous);

G_END_DECLS
