/* herald-history-pane.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-history.h"
#include "herald-mqtt-session.h"
#include "herald-redactor.h"
#include "herald-topic-tree.h"

G_BEGIN_DECLS

#define HERALD_TYPE_HISTORY_PANE (herald_history_pane_get_type ())

G_DECLARE_FINAL_TYPE (HeraldHistoryPane, herald_history_pane, HERALD, HISTORY_PANE, AdwBin)

HeraldHistory *herald_history_pane_get_history (HeraldHistoryPane *self);
void           herald_history_pane_set_history (HeraldHistoryPane *self,
                                                HeraldHistory     *history);
void           herald_history_pane_set_redactor (HeraldHistoryPane *self,
                                                 HeraldRedactor    *redactor);
void           herald_history_pane_set_subscriptions (HeraldHistoryPane  *self,
                                                      const char * const *filters);
GListModel    *herald_history_pane_get_model   (HeraldHistoryPane *self);
gboolean       herald_history_pane_get_paused  (HeraldHistoryPane *self);

void               herald_history_pane_set_topic (HeraldHistoryPane *self,
                                                  const char        *topic);
const char        *herald_history_pane_get_topic (HeraldHistoryPane *self);
void               herald_history_pane_show_topics (HeraldHistoryPane *self,
                                                    HeraldTopicTree   *tree,
                                                    HeraldMqttSession *session);

G_END_DECLS
