/* herald-test-flow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "herald-test-flow.h"
#include "herald-test-gtk.h"

GObject *
herald_test_page_child (HeraldWindow *window,
                        HeraldStep    step,
                        const char   *name)
{
  GtkWidget *page = herald_window_get_page (window, step);
  GObject *child = gtk_widget_get_template_child (page, G_OBJECT_TYPE (page), name);

  g_assert_nonnull (child);
  return child;
}

void
herald_test_activate (HeraldWindow *window,
                      HeraldStep    step,
                      const char   *action)
{
  herald_window_show_step (window, step);
  g_assert_true (gtk_widget_activate_action (herald_window_get_page (window, step), action, NULL));
}

GtkWidget *
herald_test_find_descendant (GtkWidget *widget,
                             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = herald_test_find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
herald_test_history_has (HeraldWorkspace     *workspace,
                         HeraldHistoryEvent   event,
                         const char          *topic,
                         HeraldHistoryItem  **out)
{
  GListModel *history = G_LIST_MODEL (herald_workspace_get_history (workspace));
  guint n = g_list_model_get_n_items (history);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (history, i);

      if (herald_history_item_get_event (item) == event &&
          (topic == NULL || g_strcmp0 (herald_history_item_get_topic (item), topic) == 0))
        {
          if (out != NULL)
            *out = g_steal_pointer (&item);
          return TRUE;
        }
    }

  return FALSE;
}

/* Saves what @widget shows to <build>/tests/screenshots/@name.png: an
 * artifact to look at, never compared. */
void
herald_test_save_screenshot (GtkWidget  *widget,
                             const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("HERALD_BUILD_ROOT") ? g_getenv ("HERALD_BUILD_ROOT") : ".",
                                           "tests", "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  /* Let the page's cross-fade finish. */
  {
    gint64 until = g_get_monotonic_time () + 400 * 1000;
    guint wake = g_timeout_add (20, herald_test_wake, NULL);

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (wake);
  }
  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/**
 * herald_test_widget_text:
 *
 * Returns: (nullable): the text of a label or an inscription
 */
const char *
herald_test_widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return NULL;
}

/**
 * herald_test_find_text:
 *
 * Returns: (nullable): the label or inscription (as the History's Message
 *   cell is) that shows @text among what is mapped under @widget
 */
GtkWidget *
herald_test_find_text (GtkWidget  *widget,
                       const char *text)
{
  const char *shown = herald_test_widget_text (widget);

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget))
    return NULL;

  if (shown != NULL && strstr (shown, text) != NULL)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = herald_test_find_text (c, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * herald_test_text_is_cut:
 *
 * Returns: whether the label's or inscription's text is ellipsized as it
 *   is drawn (an inscription's layout rebuilt in its allocation: it has no
 *   getter for it)
 */
gboolean
herald_test_text_is_cut (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (GTK_IS_LABEL (widget))
    return pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget)));

  g_assert_true (GTK_IS_INSCRIPTION (widget));
  layout = gtk_widget_create_pango_layout (widget, gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  pango_layout_set_attributes (layout, gtk_inscription_get_attributes (GTK_INSCRIPTION (widget)));
  pango_layout_set_wrap (layout, gtk_inscription_get_wrap_mode (GTK_INSCRIPTION (widget)));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, gtk_widget_get_width (widget) * PANGO_SCALE);
  pango_layout_set_height (layout, gtk_widget_get_height (widget) * PANGO_SCALE);
  return pango_layout_is_ellipsized (layout);
}

static void
create (HeraldWindow *window,
        HeraldStep    step,
        gpointer    (*get) (HeraldWorkspace *))
{
  HeraldWorkspace *workspace = herald_window_get_workspace (window);

  herald_test_activate (window, step, "entity.create");
  herald_test_iterate_until (get (workspace) != NULL, 20);
}

/**
 * herald_test_flow_until_connected:
 *
 * Steps 1 to 7 with each page's defaults, the way a learner clicks through
 * them: the local sandbox (which must run where Herald looks), the
 * tutorial's capability, a sensor type, device and sensor, the certificate,
 * and the device connected with its command topic subscribed.
 */
void
herald_test_flow_until_connected (HeraldWindow *window)
{
  HeraldWorkspace *workspace = herald_window_get_workspace (window);
  HeraldMqttSession *session = herald_workspace_get_session (workspace);
  g_autofree char *topic = NULL;

  herald_test_activate (window, HERALD_STEP_SERVICE, "service.use-sandbox");
  herald_test_iterate_until (herald_workspace_get_step_complete (workspace, HERALD_STEP_SERVICE) &&
                             herald_workspace_get_client (workspace) != NULL, 20);
  create (window, HERALD_STEP_CAPABILITY, (gpointer) herald_workspace_get_capability);
  create (window, HERALD_STEP_SENSOR_TYPE, (gpointer) herald_workspace_get_sensor_type);
  herald_window_show_step (window, HERALD_STEP_DEVICE);
  herald_test_iterate_until (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (herald_test_page_child (window, HERALD_STEP_DEVICE, "gateway_row"))) ?: "", "(") != NULL, 20);
  create (window, HERALD_STEP_DEVICE, (gpointer) herald_workspace_get_device);
  create (window, HERALD_STEP_SENSOR, (gpointer) herald_workspace_get_sensor);
  herald_test_activate (window, HERALD_STEP_CERTIFICATE, "certificate.get");
  herald_test_iterate_until (herald_workspace_get_keystore (workspace) != NULL, 30);

  topic = g_strdup_printf ("commands/%s", herald_entity_get_alternate_id (HERALD_ENTITY (herald_workspace_get_device (workspace))));
  herald_test_activate (window, HERALD_STEP_CONNECT, "connect.connect");
  herald_test_iterate_until (herald_mqtt_session_get_state (session) == HERALD_MQTT_STATE_CONNECTED &&
                             herald_test_history_has (workspace, HERALD_HISTORY_EVENT_SUBSCRIBED, topic, NULL), 30);
}

/**
 * herald_test_flow_send_command:
 *
 * Step 8 with the tutorial's values: LED and Buzzer on, Speed 50.0, sent
 * as strings; returns once the command was accepted.
 */
void
herald_test_flow_send_command (HeraldWindow *window)
{
  HeraldWorkspace *workspace = herald_window_get_workspace (window);
  GtkListBox *values;

  herald_window_show_step (window, HERALD_STEP_COMMAND);
  values = GTK_LIST_BOX (herald_test_page_child (window, HERALD_STEP_COMMAND, "values_list"));
  gtk_switch_set_active (GTK_SWITCH (herald_test_find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (values, 0)), GTK_TYPE_SWITCH)), TRUE);
  gtk_switch_set_active (GTK_SWITCH (herald_test_find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (values, 1)), GTK_TYPE_SWITCH)), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (herald_test_find_descendant (GTK_WIDGET (gtk_list_box_get_row_at_index (values, 2)), GTK_TYPE_SPIN_BUTTON)), 50.0);
  herald_test_activate (window, HERALD_STEP_COMMAND, "composer.send");
  herald_test_iterate_until (herald_workspace_get_step_complete (workspace, HERALD_STEP_COMMAND), 30);
}
