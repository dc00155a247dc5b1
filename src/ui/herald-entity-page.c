/* herald-entity-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-entity-page.h"

/* What the capability, sensor type, device and sensor pages share: create
 * one from the form, or pick one from the list of existing ones; rename one
 * of that list, or delete it after a confirmation; show each request's
 * exchange. */

typedef struct
{
  HeraldEntityPicker *picker;
  HeraldExchangeView *exchange_view;
  GtkLabel           *current_label;
  GCancellable       *list_cancellable;
} HeraldEntityPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (HeraldEntityPage, herald_entity_page, HERALD_TYPE_PAGE)

static HeraldApiClient *
get_client (HeraldEntityPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  return herald_workspace_get_client (workspace);
}

static void
show_last_exchange (HeraldEntityPage *self)
{
  HeraldEntityPagePrivate *priv = herald_entity_page_get_instance_private (self);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));

  if (priv->exchange_view != NULL)
    herald_exchange_view_set_exchange (priv->exchange_view, herald_workspace_get_last_exchange (workspace));
}

/* The type of the entities this page makes: its workspace property's. */
static GType
entity_type (HeraldEntityPage *self)
{
  GParamSpec *pspec = g_object_class_find_property (g_type_class_peek (HERALD_TYPE_WORKSPACE),
                                                    HERALD_ENTITY_PAGE_GET_CLASS (self)->workspace_property);

  g_return_val_if_fail (pspec != NULL, G_TYPE_INVALID);
  return pspec->value_type;
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HeraldEntityPage) self = user_data;
  HeraldEntityPagePrivate *priv = herald_entity_page_get_instance_private (self);
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  list = herald_api_client_list_finish (HERALD_API_CLIENT (object), result, &error);
  if (herald_api_error_is_cancelled (error))
    return;

  /* A service that does not answer is said on the Service page, where the
   * way out is: only another failure of this listing is news here. */
  if (list == NULL)
    {
      herald_workspace_note_failure (workspace, error);
      if (herald_workspace_get_service_state (workspace) == HERALD_SERVICE_STATE_REACHABLE)
        herald_page_show_error (HERALD_PAGE (self), error->message);
      return;
    }

  /* A whole listing: an entity in use that is not in it is gone. */
  herald_workspace_note_listing (workspace, entity_type (self), list);

  if (priv->picker != NULL)
    {
      herald_entity_picker_set_model (priv->picker, list);
      herald_entity_picker_show_current (priv->picker, HERALD_ENTITY_PAGE_GET_CLASS (self)->get_current (self));
    }
}

/**
 * herald_entity_page_refresh:
 *
 * Lists the existing entities again, in the background.
 */
void
herald_entity_page_refresh (HeraldEntityPage *self)
{
  HeraldEntityPagePrivate *priv = herald_entity_page_get_instance_private (self);
  HeraldApiClient *client = get_client (self);

  g_return_if_fail (HERALD_IS_ENTITY_PAGE (self));

  if (priv->list_cancellable != NULL)
    g_cancellable_cancel (priv->list_cancellable);
  g_clear_object (&priv->list_cancellable);

  if (client == NULL)
    {
      if (priv->picker != NULL)
        herald_entity_picker_set_model (priv->picker, NULL);
      return;
    }

  priv->list_cancellable = g_cancellable_new ();
  HERALD_ENTITY_PAGE_GET_CLASS (self)->list (client, NULL, NULL, 0, 0, priv->list_cancellable,
                                             list_cb, g_object_ref (self));
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HeraldEntityPage) self = user_data;
  g_autoptr(HeraldEntity) entity = NULL;
  g_autoptr(GError) error = NULL;

  entity = herald_api_client_entity_finish (HERALD_API_CLIENT (object), result, &error);
  if (herald_page_end (HERALD_PAGE (self), error))
    return;

  show_last_exchange (self);

  if (entity == NULL)
    return;

  HERALD_ENTITY_PAGE_GET_CLASS (self)->use (self, entity);
  herald_entity_page_refresh (self);
}

/**
 * herald_entity_page_create:
 *
 * Creates the entity the form describes, and uses it.
 */
void
herald_entity_page_create (HeraldEntityPage *self)
{
  HeraldApiClient *client = get_client (self);
  g_autoptr(HeraldEntity) entity = NULL;

  g_return_if_fail (HERALD_IS_ENTITY_PAGE (self));

  if (client == NULL)
    {
      herald_page_show_error (HERALD_PAGE (self),
                              _("Choose the service first, in the Service step."));
      return;
    }

  /* The service may already be making the first: never a second. */
  if (herald_page_get_busy (HERALD_PAGE (self)))
    return;

  entity = HERALD_ENTITY_PAGE_GET_CLASS (self)->build (self);
  if (entity == NULL)
    return;

  herald_api_client_create_async (client, entity, herald_page_begin (HERALD_PAGE (self)),
                                  create_cb, g_object_ref (self));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  herald_entity_page_create (HERALD_ENTITY_PAGE (widget));
}

static void
picker_use_cb (HeraldEntityPage *self,
               HeraldEntity     *entity)
{
  HERALD_ENTITY_PAGE_GET_CLASS (self)->use (self, entity);
}

typedef struct
{
  HeraldEntityPage *self;
  char             *id;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->self);
  g_free (data->id);
  g_free (data);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DeleteData *data = user_data;
  HeraldEntityPage *self = data->self;
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_autoptr(GError) error = NULL;

  herald_api_client_delete_finish (HERALD_API_CLIENT (object), result, &error);
  if (!herald_page_end (HERALD_PAGE (self), error))
    {
      show_last_exchange (self);

      if (error == NULL)
        {
          /* In use, it stops being, with what depended on it. */
          herald_workspace_note_deleted (workspace, entity_type (self), data->id);
          herald_entity_page_refresh (self);
        }
    }

  delete_data_free (data);
}

static void
confirm_delete_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HeraldEntityPage *self)
{
  HeraldEntity *entity = g_object_get_data (G_OBJECT (dialog), "entity");
  HeraldApiClient *client = get_client (self);
  DeleteData *data;

  if (g_strcmp0 (response, "delete") != 0 || client == NULL)
    return;

  data = g_new0 (DeleteData, 1);
  data->self = g_object_ref (self);
  data->id = g_strdup (herald_entity_get_id (entity));

  herald_api_client_delete_async (client, G_OBJECT_TYPE (entity), data->id,
                                  herald_page_begin (HERALD_PAGE (self)),
                                  delete_cb, data);
}

static void
picker_delete_cb (HeraldEntityPage *self,
                  HeraldEntity     *entity)
{
  GtkWidget *dialog;

  /* Translators: the kind of entity ("Capability"), then its name */
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Delete?"), NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete %s “%s”?"),
                                     herald_entity_get_kind_label (entity),
                                     herald_entity_get_name (entity));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("It is deleted from the service for good. Whatever still uses it stops working."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "entity", g_object_ref (entity), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_delete_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HeraldEntityPage) self = user_data;
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldEntity) entity = herald_api_client_entity_finish (HERALD_API_CLIENT (object), result, &error);

  if (!herald_page_end (HERALD_PAGE (self), error))
    {
      show_last_exchange (self);
      if (entity != NULL)
        {
          /* In use, it keeps being, by its new name. */
          herald_workspace_note_renamed (workspace, entity);
          herald_entity_page_refresh (self);
        }
    }
}

static void
confirm_rename_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HeraldEntityPage *self)
{
  HeraldEntity *entity = g_object_get_data (G_OBJECT (dialog), "entity");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  HeraldApiClient *client = get_client (self);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "rename") != 0 || client == NULL || *name == '\0')
    return;

  herald_api_client_rename_async (client, G_OBJECT_TYPE (entity), herald_entity_get_id (entity), name,
                                  herald_page_begin (HERALD_PAGE (self)),
                                  rename_cb, g_object_ref (self));
}

/* Rename is offered only for a name that is not empty and not the same. */
static void
rename_text_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  HeraldEntity *entity = g_object_get_data (G_OBJECT (dialog), "entity");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename",
                                           *name != '\0' &&
                                           g_strcmp0 (name, herald_entity_get_name (entity)) != 0);
}

static void
picker_rename_cb (HeraldEntityPage *self,
                  HeraldEntity     *entity)
{
  GtkWidget *dialog;
  GtkWidget *entry;

  /* Translators: the kind of entity ("Capability"), then its name */
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Rename?"), NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Rename %s “%s”"),
                                     herald_entity_get_kind_label (entity),
                                     herald_entity_get_name (entity));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Only its name changes: its id and alternate id stay, and with them all "
                                 "that uses it."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), herald_entity_get_name (entity));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "entity", g_object_ref (entity), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (rename_text_changed_cb), dialog, 0);
  rename_text_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_rename_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
herald_entity_page_real_use (HeraldEntityPage *self,
                             HeraldEntity     *entity)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  const char *property = HERALD_ENTITY_PAGE_GET_CLASS (self)->workspace_property;

  g_return_if_fail (property != NULL);

  g_object_set (workspace, property, entity, NULL);
}

static HeraldEntity *
herald_entity_page_real_get_current (HeraldEntityPage *self)
{
  HeraldWorkspace *workspace = herald_page_get_workspace (HERALD_PAGE (self));
  const char *property = HERALD_ENTITY_PAGE_GET_CLASS (self)->workspace_property;
  g_autoptr(HeraldEntity) current = NULL;

  g_return_val_if_fail (property != NULL, NULL);

  /* The workspace keeps its reference: return it unowned, as the getters do. */
  g_object_get (workspace, property, &current, NULL);
  return current;
}

/**
 * herald_entity_page_check_name:
 * @name_row: the form's name field
 *
 * Checks that the form has a name; if not, marks the field, puts the
 * focus there and says so.
 *
 * Returns: whether the name is there
 */
gboolean
herald_entity_page_check_name (HeraldEntityPage *self,
                               GtkEditable      *name_row)
{
  g_return_val_if_fail (HERALD_IS_ENTITY_PAGE (self), FALSE);

  gtk_widget_remove_css_class (GTK_WIDGET (name_row), "error");
  if (*gtk_editable_get_text (name_row) != '\0')
    return TRUE;

  gtk_widget_add_css_class (GTK_WIDGET (name_row), "error");
  gtk_widget_grab_focus (GTK_WIDGET (name_row));
  herald_page_show_error (HERALD_PAGE (self), _("Enter a name."));
  return FALSE;
}

/**
 * herald_entity_page_update:
 *
 * Shows the entity in use ("In use: …" at the current label) and, through
 * the class's update_shown, what else the page shows of the workspace.
 */
void
herald_entity_page_update (HeraldEntityPage *self)
{
  HeraldEntityPagePrivate *priv = herald_entity_page_get_instance_private (self);
  HeraldEntityPageClass *klass = HERALD_ENTITY_PAGE_GET_CLASS (self);
  HeraldEntity *current;
  g_autofree char *text = NULL;

  g_return_if_fail (HERALD_IS_ENTITY_PAGE (self));

  current = klass->get_current (self);  /* unowned */
  if (current != NULL)
    text = g_strdup_printf (_("In use: %s (alternate id %s)"),
                            herald_entity_get_name (current),
                            herald_entity_get_alternate_id (current));

  if (priv->current_label != NULL)
    {
      gtk_label_set_label (priv->current_label, text);
      gtk_widget_set_visible (GTK_WIDGET (priv->current_label), text != NULL);
    }
  if (priv->picker != NULL)
    herald_entity_picker_show_current (priv->picker, current);

  if (klass->update_shown != NULL)
    klass->update_shown (self);
}

/* Follows the workspace: its client (a new service lists other entities),
 * the entity in use and what else the page shows. */
static void
herald_entity_page_constructed (GObject *object)
{
  HeraldEntityPage *self = HERALD_ENTITY_PAGE (object);
  HeraldEntityPageClass *klass = HERALD_ENTITY_PAGE_GET_CLASS (self);
  HeraldEntityPagePrivate *priv = herald_entity_page_get_instance_private (self);
  HeraldWorkspace *workspace;
  g_autofree char *signal = NULL;

  G_OBJECT_CLASS (herald_entity_page_parent_class)->constructed (object);

  workspace = herald_page_get_workspace (HERALD_PAGE (self));
  if (priv->exchange_view != NULL)
    herald_exchange_view_set_redactor (priv->exchange_view, herald_workspace_get_redactor (workspace));
  g_signal_connect_object (workspace, "notify::client",
                           G_CALLBACK (herald_entity_page_refresh), self, G_CONNECT_SWAPPED);
  signal = g_strconcat ("notify::", klass->workspace_property, NULL);
  g_signal_connect_object (workspace, signal, G_CALLBACK (herald_entity_page_update),
                           self, G_CONNECT_SWAPPED);
  for (guint i = 0; klass->shown_properties != NULL && klass->shown_properties[i] != NULL; i++)
    {
      g_free (signal);
      signal = g_strconcat ("notify::", klass->shown_properties[i], NULL);
      g_signal_connect_object (workspace, signal, G_CALLBACK (herald_entity_page_update),
                               self, G_CONNECT_SWAPPED);
    }

  herald_entity_page_refresh (self);
  herald_entity_page_update (self);
}

static void
herald_entity_page_dispose (GObject *object)
{
  HeraldEntityPage *self = HERALD_ENTITY_PAGE (object);
  HeraldEntityPagePrivate *priv = herald_entity_page_get_instance_private (self);

  if (priv->list_cancellable != NULL)
    g_cancellable_cancel (priv->list_cancellable);
  g_clear_object (&priv->list_cancellable);
  priv->picker = NULL;
  priv->exchange_view = NULL;
  priv->current_label = NULL;

  G_OBJECT_CLASS (herald_entity_page_parent_class)->dispose (object);
}

static void
herald_entity_page_class_init (HeraldEntityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = herald_entity_page_constructed;
  object_class->dispose = herald_entity_page_dispose;
  klass->use = herald_entity_page_real_use;
  klass->get_current = herald_entity_page_real_get_current;

  g_type_ensure (HERALD_TYPE_ENTITY_PICKER);
  g_type_ensure (HERALD_TYPE_EXCHANGE_VIEW);

  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "entity.create", NULL, create_action);
}

/* One request at a time: a second click on Create would make a second
 * entity of the same name. */
static void
busy_cb (HeraldEntityPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity.create",
                                 !herald_page_get_busy (HERALD_PAGE (self)));
}

static void
herald_entity_page_init (HeraldEntityPage *self)
{
  g_signal_connect (self, "notify::busy", G_CALLBACK (busy_cb), NULL);
}

/**
 * herald_entity_page_set_widgets:
 *
 * Tells the base class the subclass's template widgets it drives; called
 * from the subclass's init, so they show the workspace from constructed on.
 */
void
herald_entity_page_set_widgets (HeraldEntityPage   *self,
                                HeraldEntityPicker *picker,
                                HeraldExchangeView *exchange_view,
                                GtkLabel           *current_label)
{
  HeraldEntityPagePrivate *priv = herald_entity_page_get_instance_private (self);

  g_return_if_fail (HERALD_IS_ENTITY_PAGE (self));

  priv->picker = picker;
  priv->exchange_view = exchange_view;
  priv->current_label = current_label;

  g_signal_connect_object (picker, "use", G_CALLBACK (picker_use_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (picker, "delete", G_CALLBACK (picker_delete_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (picker, "rename", G_CALLBACK (picker_rename_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (picker, "refresh", G_CALLBACK (herald_entity_page_refresh), self, G_CONNECT_SWAPPED);
}
