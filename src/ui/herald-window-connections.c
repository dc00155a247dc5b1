/* herald-window-connections.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-connection-dialog.h"
#include "herald-connection-state.h"
#include "herald-connection-view.h"
#include "herald-file-chooser.h"
#include "herald-window-private.h"

/* The window's connections: the sidebar's Connections (one row per
 * connection, the tutorial's device first, its name and state), a view per
 * connection in the stack (made when first shown, removed with its
 * connection), Add Connection, Import and Export Connections. */

#define CONNECTION_VIEW_PREFIX "connection:"

static char *
connection_view_name (HeraldConnection *connection)
{
  return g_strconcat (CONNECTION_VIEW_PREFIX,
                      herald_broker_profile_get_id (herald_connection_get_profile (connection)), NULL);
}

static void
connection_row_update (GtkWidget         *row,
                       GParamSpec        *pspec,
                       HeraldMqttSession *session)
{
  HeraldMqttState state = herald_mqtt_session_get_state (session);

  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "herald-state"),
                       herald_connection_state_label (state));
  gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (row), "herald-icon"),
                                herald_connection_state_icon_name (state));
}

/* A row of the sidebar's Connections: the name, and the state under it. */
static GtkWidget *
create_connection_row (gpointer item,
                       gpointer user_data)
{
  HeraldWindow *self = user_data;
  HeraldConnection *connection = item;
  HeraldMqttSession *session = herald_connection_get_session (connection);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_label_set_ellipsize (GTK_LABEL (state), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_add_css_class (state, "dim-label");
  g_object_bind_property (connection, "name", name, "label", G_BINDING_SYNC_CREATE);

  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), state);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, name, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, state, NULL,
                                  -1);

  if (connection == herald_workspace_get_device_connection (self->workspace))
    gtk_widget_set_tooltip_text (row, _("The tutorial’s device: it connects on the Connect step (Alt+7)"));
  g_object_set_data_full (G_OBJECT (row), "herald-connection", g_object_ref (connection), g_object_unref);
  g_object_set_data (G_OBJECT (row), "herald-state", state);
  g_object_set_data (G_OBJECT (row), "herald-icon", icon);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (connection_row_update), row, G_CONNECT_SWAPPED);
  connection_row_update (row, NULL, session);

  return row;
}

void
_herald_window_select_connection_row (HeraldWindow *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->stack);
  HeraldConnection *connection = NULL;
  GtkListBoxRow *row;

  if (HERALD_IS_CONNECTION_VIEW (visible))
    connection = herald_connection_view_get_connection (HERALD_CONNECTION_VIEW (visible));

  /* A connection of its own shows its own History in its view. */
  gtk_widget_set_visible (GTK_WIDGET (self->history_pane), connection == NULL);

  gtk_list_box_unselect_all (self->connections_list);
  for (int i = 0; connection != NULL && (row = gtk_list_box_get_row_at_index (self->connections_list, i)) != NULL; i++)
    if (g_object_get_data (G_OBJECT (row), "herald-connection") == connection)
      {
        gtk_list_box_select_row (self->connections_list, row);
        gtk_list_box_unselect_all (self->steps_list);
        gtk_list_box_unselect_all (self->views_list);
      }
}

/**
 * herald_window_show_connection:
 * @connection: a connection of its own of the window's workspace
 *
 * Shows @connection's view, made when first shown.
 */
void
herald_window_show_connection (HeraldWindow     *self,
                               HeraldConnection *connection)
{
  g_autofree char *name = NULL;
  GtkWidget *view;

  g_return_if_fail (HERALD_IS_WINDOW (self));
  g_return_if_fail (HERALD_IS_CONNECTION (connection));
  g_return_if_fail (herald_connection_get_profile (connection) != NULL);

  name = connection_view_name (connection);
  view = gtk_stack_get_child_by_name (self->stack, name);
  if (view == NULL)
    {
      GtkStackPage *page;

      view = herald_connection_view_new (self->workspace, connection);
      page = gtk_stack_add_titled (self->stack, view, name, herald_connection_get_name (connection));
      g_object_bind_property (connection, "name", page, "title", G_BINDING_DEFAULT);
    }

  gtk_stack_set_visible_child (self->stack, view);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* The tutorial's device connection is made on the Connect step; the others
 * have a view of their own. */
static void
connection_activated_cb (HeraldWindow  *self,
                         GtkListBoxRow *row)
{
  HeraldConnection *connection = g_object_get_data (G_OBJECT (row), "herald-connection");

  if (connection == herald_workspace_get_device_connection (self->workspace) ||
      herald_connection_get_profile (connection) == NULL)
    herald_window_show_step (self, HERALD_STEP_CONNECT);
  else
    herald_window_show_connection (self, connection);
  gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
}

/* A removed connection's view goes with it; the window shows the first
 * step if that view was on screen. */
static void
connections_changed_cb (HeraldWindow *self)
{
  GListModel *connections = herald_workspace_get_connections (self->workspace);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      HeraldConnection *connection;
      guint position;

      if (!HERALD_IS_CONNECTION_VIEW (child))
        continue;
      connection = herald_connection_view_get_connection (HERALD_CONNECTION_VIEW (child));
      if (!g_list_store_find (G_LIST_STORE (connections), connection, &position))
        g_ptr_array_add (gone, child);
    }

  for (guint i = 0; i < gone->len; i++)
    {
      if (gtk_stack_get_visible_child (self->stack) == g_ptr_array_index (gone, i))
        herald_window_show_step (self, HERALD_STEP_SERVICE);
      gtk_stack_remove (self->stack, g_ptr_array_index (gone, i));
    }
}

static void
connection_saved_cb (HeraldWindow     *self,
                     HeraldConnection *connection)
{
  herald_window_show_connection (self, connection);
  /* Saved to be used: it connects at once. */
  herald_workspace_open_connection_async (self->workspace, connection, NULL, NULL, NULL);
}

static void
add_connection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  HeraldConnectionDialog *dialog = herald_connection_dialog_new (self->workspace, NULL);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (connection_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toast (HeraldWindow *self,
       const char   *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
import_loaded_cb (GtkWidget  *widget,
                  const char *data,
                  gsize       length,
                  const char *problem)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int added;

  if (problem != NULL)
    {
      toast (self, problem);
      return;
    }

  added = herald_workspace_import_brokers (self->workspace, data, length, &error);
  if (added < 0)
    toast (self, error->message);
  else if (added == 0)
    toast (self, _("Every connection of the file is here already."));
  else
    {
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %d connection. Give it its password with Edit.",
                                              "Imported %d connections. Give each its password with Edit.", added),
                                 added);
      toast (self, message);
    }
}

static void
export_saved_cb (GtkWidget  *widget,
                 const char *name,
                 const char *problem)
{
  g_autofree char *message = NULL;

  if (problem == NULL)
    message = g_strdup_printf (_("Exported the connections to “%s”, without their passwords."), name);
  toast (HERALD_WINDOW (widget), problem != NULL ? problem : message);
}

static void
import_chosen_cb (GtkWidget *widget,
                  GFile     *file)
{
  herald_file_chooser_load (widget, file, import_loaded_cb);
}

static void
export_chosen_cb (GtkWidget *widget,
                  GFile     *file)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  gsize length;
  char *data = herald_workspace_export_brokers (self->workspace, &length);
  g_autoptr(GBytes) bytes = g_bytes_new_take (data, length);

  herald_file_chooser_save (widget, file, bytes, export_saved_cb);
}

static void
choose_connections_file (HeraldWindow *self,
                         gboolean      open)
{
  herald_file_chooser_show (GTK_WIDGET (self), &self->chooser,
                            open ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE,
                            open ? _("Import Connections") : _("Export Connections"), NULL,
                            _("Connections (.json)"), "*.json", "herald-connections.json",
                            open ? import_chosen_cb : export_chosen_cb);
}

static void
import_connections_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  choose_connections_file (HERALD_WINDOW (widget), TRUE);
}

static void
export_connections_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);

  /* The device connection's profile is the flow's: it is not exported. */
  if (g_list_model_get_n_items (herald_workspace_get_connections (self->workspace)) <= 1)
    {
      toast (self, _("No connection to export yet. Add one with Add Connection first."));
      return;
    }
  choose_connections_file (self, FALSE);
}

/* For the rest of the window ------------------------------------------------ */

void
_herald_window_init_connections (HeraldWindow *self)
{
  GListModel *connections = herald_workspace_get_connections (self->workspace);
  g_autoptr(GError) error = NULL;

  /* The connections of their own, as the last run left them, after the
   * tutorial's device connection. */
  if (!herald_workspace_load_brokers (self->workspace, &error))
    toast (self, error->message);

  gtk_list_box_bind_model (self->connections_list, connections, create_connection_row, self, NULL);
  g_signal_connect_object (connections, "items-changed",
                           G_CALLBACK (connections_changed_cb), self, G_CONNECT_SWAPPED);
}

void
_herald_window_dispose_connections (HeraldWindow *self)
{
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (herald_workspace_get_connections (self->workspace),
                                          connections_changed_cb, self);

  herald_file_chooser_clear (&self->chooser);
}

void
_herald_window_class_init_connections (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, connection_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.add-connection", NULL, add_connection_action);
  gtk_widget_class_install_action (widget_class, "win.import-connections", NULL, import_connections_action);
  gtk_widget_class_install_action (widget_class, "win.export-connections", NULL, export_connections_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.add-connection", NULL);
}
