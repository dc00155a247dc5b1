/* herald-test-flow.h: driving Herald's window through the tutorial, for
 * the tests that need the flow done before what they check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-window.h"

G_BEGIN_DECLS

GObject   *herald_test_page_child       (HeraldWindow       *window,
                                         HeraldStep          step,
                                         const char         *name);
void       herald_test_activate         (HeraldWindow       *window,
                                         HeraldStep          step,
                                         const char         *action);
GtkWidget *herald_test_find_descendant  (GtkWidget          *widget,
                                         GType               type);
gboolean   herald_test_history_has      (HeraldWorkspace    *workspace,
                                         HeraldHistoryEvent  event,
                                         const char         *topic,
                                         HeraldHistoryItem **out);
void       herald_test_save_screenshot  (GtkWidget          *widget,
                                         const char         *name);
const char *herald_test_widget_text     (GtkWidget          *widget);
GtkWidget *herald_test_find_text        (GtkWidget          *widget,
                                         const char         *text);
gboolean   herald_test_text_is_cut      (GtkWidget          *widget);
void       herald_test_flow_until_connected (HeraldWindow   *window);
void       herald_test_flow_send_command (HeraldWindow      *window);

G_END_DECLS
