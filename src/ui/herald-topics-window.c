/* herald-topics-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "herald-message.h"
#include "herald-subscription-color.h"
#include "herald-topics-window.h"

/* A connection's topic tree: every topic it received a message on, level
 * by level (a GtkTreeListModel over the tree's levels), with the messages
 * at and below each level, its rate, whether the broker keeps a retained
 * message for it, the last time and the last message. Counts change with
 * every message, so the rows on screen are read again once a second
 * rather than on each. A topic that received messages takes the colour of
 * the subscription that brought them, as in the History. Clear Retained…
 * clears what the broker keeps at the selected level and below, after a
 * confirmation that says how many. */

#define REFRESH_MS 1000

typedef enum
{
  COLUMN_TOPIC,
  COLUMN_MESSAGES,
  COLUMN_RATE,
  COLUMN_RETAINED,
  COLUMN_TIME,
  COLUMN_PREVIEW,
  N_COLUMNS
} Column;

struct _HeraldTopicsWindow
{
  AdwWindow            parent_instance;

  HeraldTopicTree     *tree;
  HeraldMqttSession   *session;
  GtkSingleSelection  *selection;
  char                *selected_topic;
  char               **subscriptions;
  gboolean             dark;
  guint                refresh_source;

  AdwToastOverlay     *toasts;
  AdwWindowTitle      *title;
  GtkButton           *clear_button;
  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *columns[N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (HeraldTopicsWindow, herald_topics_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SELECTED_TOPIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_action (HeraldTopicsWindow *self);

static GQuark node_quark;

static GListModel *
create_children (gpointer item,
                 gpointer data)
{
  HeraldTopicNode *node = item;

  /* A level with levels below it expands to them, announced or still to
   * be at the end of the batch that made them (a new level's row is made
   * while its parent's list is announced, before its own). GtkTreeListModel
   * asks once a row is made: a level that gets its first child later shows
   * it once its parent is collapsed and expanded again. */
  if (!herald_topic_node_has_children (node))
    return NULL;
  return G_LIST_MODEL (g_object_ref (node));
}

static char *
format_rate (double rate)
{
  if (rate < 0.05)
    return g_strdup ("");
  return g_strdup_printf ("%.1f", rate);
}

/* The text of @column for @node. */
static char *
cell_text (Column           column,
           HeraldTopicNode *node)
{
  switch (column)
    {
    case COLUMN_TOPIC:
      /* An empty level, as in "a//b", shows as such. */
      return g_strdup (*herald_topic_node_get_name (node) != '\0' ? herald_topic_node_get_name (node) : _("(empty)"));
    case COLUMN_MESSAGES:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, herald_topic_node_get_n_messages_below (node));
    case COLUMN_RATE:
      return format_rate (herald_topic_node_get_rate (node, g_get_monotonic_time ()));
    case COLUMN_RETAINED:
      return g_strdup (herald_topic_node_get_retained (node) ? _("Yes") : "");
    case COLUMN_TIME:
      return herald_topic_node_get_last_time (node) > 0 ? herald_message_format_time (herald_topic_node_get_last_time (node))
                                                        : g_strdup ("");
    case COLUMN_PREVIEW:
      {
        char *preview = herald_topic_node_dup_preview (node);

        return preview != NULL ? preview : g_strdup ("");
      }
    case N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static GtkLabel *
cell_label (GtkWidget *child)
{
  if (GTK_IS_TREE_EXPANDER (child))
    return GTK_LABEL (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child)));
  return GTK_LABEL (child);
}

static GQuark color_quark;

/* A topic that received messages in its subscription's colour; a level
 * with none of its own as any text. Set only when it changes (the rows on
 * screen are read again each second): the label keeps the colour it shows
 * as 0 for none, else its index and the style. */
static void
color_topic (HeraldTopicsWindow *self,
             GtkLabel           *label,
             HeraldTopicNode    *node)
{
  g_autoptr(PangoAttrList) attrs = NULL;
  int index = -1;
  int shown;

  if (self->subscriptions != NULL && herald_topic_node_get_n_messages (node) > 0)
    {
      g_autofree char *topic = herald_topic_node_dup_topic (node);

      index = herald_subscription_find ((const char * const *) self->subscriptions, topic);
    }
  shown = index < 0 ? 0 : (index + 1) * 2 + (self->dark ? 1 : 0);
  if (shown == GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (label), color_quark)))
    return;
  g_object_set_qdata (G_OBJECT (label), color_quark, GINT_TO_POINTER (shown));
  if (index >= 0)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, herald_subscription_color_attribute (index, self->dark));
    }
  gtk_label_set_attributes (label, attrs);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column == COLUMN_MESSAGES || column == COLUMN_RATE || column == COLUMN_TIME)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_TOPIC)
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
      gtk_list_item_set_child (list_item, expander);
    }
  else
    gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  HeraldTopicNode *node = gtk_tree_list_row_get_item (row);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = cell_text (GPOINTER_TO_INT (data), node);

  if (GTK_IS_TREE_EXPANDER (child))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), row);
  g_object_set_qdata_full (G_OBJECT (child), node_quark, node, g_object_unref);
  g_object_set_data (G_OBJECT (child), "herald-topics-column", data);
  gtk_label_set_label (cell_label (child), text);
}

static void
bind_topic_cb (HeraldTopicsWindow *self,
               GtkListItem        *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  color_topic (self, cell_label (gtk_list_item_get_child (list_item)), gtk_tree_list_row_get_item (row));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (GTK_IS_TREE_EXPANDER (child))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), NULL);
  g_object_set_qdata (G_OBJECT (child), node_quark, NULL);
}

/* The rows on screen read again: counts, rates and last messages move
 * with every message, and a level's first message of its own colours it. */
static void
update_cells (HeraldTopicsWindow *self)
{
  for (GtkWidget *list = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       list != NULL; list = gtk_widget_get_next_sibling (list))
    {
      if (!GTK_IS_LIST_VIEW (list))
        continue;
      for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
        for (GtkWidget *cell = gtk_widget_get_first_child (row); cell != NULL; cell = gtk_widget_get_next_sibling (cell))
          {
            GtkWidget *child = gtk_widget_get_first_child (cell);
            HeraldTopicNode *node = child != NULL ? g_object_get_qdata (G_OBJECT (child), node_quark) : NULL;
            Column column;
            g_autofree char *text = NULL;

            if (node == NULL)
              continue;
            column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "herald-topics-column"));
            text = cell_text (column, node);
            if (g_strcmp0 (gtk_label_get_label (cell_label (child)), text) != 0)
              gtk_label_set_label (cell_label (child), text);
            if (column == COLUMN_TOPIC)
              color_topic (self, cell_label (child), node);
          }
    }
}

static gboolean
refresh_cb (gpointer data)
{
  HeraldTopicsWindow *self = data;

  update_cells (self);
  update_action (self);
  return G_SOURCE_CONTINUE;
}

/* Returns: (transfer none) (nullable): the level selected */
HeraldTopicNode *
herald_topics_window_get_selected (HeraldTopicsWindow *self)
{
  GtkTreeListRow *row;

  g_return_val_if_fail (HERALD_IS_TOPICS_WINDOW (self), NULL);

  row = gtk_single_selection_get_selected_item (self->selection);
  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
update_count (HeraldTopicsWindow *self)
{
  guint n = herald_topic_tree_get_n_topics (self->tree);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u topic", "%u topics", n), n);

  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "tree" : "empty");
}

/* Clear Retained… only where there is something to clear. Not at each
 * batch: it walks the selected level's subtree. */
static void
update_action (HeraldTopicsWindow *self)
{
  HeraldTopicNode *selected = herald_topics_window_get_selected (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "topics.clear-retained",
                                 selected != NULL && herald_topic_tree_has_retained (self->tree, selected));
}

/* The selected level's topic, for the History to show only it and below. */
static void
selection_changed (HeraldTopicsWindow *self)
{
  HeraldTopicNode *selected = herald_topics_window_get_selected (self);
  g_autofree char *topic = selected != NULL ? herald_topic_node_dup_topic (selected) : NULL;

  update_action (self);
  if (g_strcmp0 (topic, self->selected_topic) == 0)
    return;
  g_free (self->selected_topic);
  self->selected_topic = g_steal_pointer (&topic);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TOPIC]);
}

/**
 * herald_topics_window_get_selected_topic:
 *
 * Returns: (nullable): the topic of the level selected, or %NULL for none
 */
const char *
herald_topics_window_get_selected_topic (HeraldTopicsWindow *self)
{
  g_return_val_if_fail (HERALD_IS_TOPICS_WINDOW (self), NULL);
  return self->selected_topic;
}

static void
clear_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          data)
{
  HeraldTopicsWindow *self = HERALD_TOPICS_WINDOW (data);
  HeraldTopicNode *node = g_object_get_data (G_OBJECT (dialog), "herald-topic-node");
  g_auto(GStrv) topics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (!g_str_equal (response, "clear") || node == NULL)
    return;

  topics = herald_topic_tree_dup_retained_topics (self->tree, node);
  n = herald_mqtt_session_clear_retained (self->session, (const char * const *) topics, &error);
  if (error != NULL)
    /* Translators: how many were cleared, then why the next one was not */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u retained message cleared, then: %s",
                                         "%u retained messages cleared, then: %s", n), n, error->message);
  else
    {
      herald_topic_tree_forget_retained (self->tree, node);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u retained message cleared",
                                           "%u retained messages cleared", n), n);
    }
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
  refresh_cb (self);
}

static void
clear_retained_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HeraldTopicsWindow *self = HERALD_TOPICS_WINDOW (widget);
  g_autoptr(HeraldTopicNode) node = NULL;
  g_auto(GStrv) topics = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n;

  if (herald_topics_window_get_selected (self) == NULL)
    return;
  node = g_object_ref (herald_topics_window_get_selected (self));
  topics = herald_topic_tree_dup_retained_topics (self->tree, node);
  n = g_strv_length (topics);
  if (n == 0)
    return;

  topic = herald_topic_node_dup_topic (node);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Clear %u Retained Message?",
                                          "Clear %u Retained Messages?", n), n);
  /* Translators: the selected topic, then how many topics */
  body = g_strdup_printf (_("Herald publishes an empty retained message to each topic at “%s” or below it that the broker keeps a message for (%u in all). Clients that subscribe afterwards get none there."),
                          topic, n);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("C_lear"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "herald-topic-node", g_steal_pointer (&node), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Search ------------------------------------------------------------------- */

/* Shows @node: the levels above it expanded, its row selected and scrolled
 * to. */
static void
show_node (HeraldTopicsWindow *self,
           HeraldTopicNode    *node)
{
  GListModel *rows = gtk_single_selection_get_model (self->selection);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  guint position = 0;

  for (HeraldTopicNode *n = node; n != NULL && herald_topic_node_get_parent (n) != NULL;
       n = herald_topic_node_get_parent (n))
    g_ptr_array_insert (path, 0, n);

  for (guint level = 0; level < path->len; level++)
    {
      guint n_rows = g_list_model_get_n_items (rows);
      g_autoptr(GtkTreeListRow) row = NULL;

      for (; position < n_rows; position++)
        {
          g_autoptr(GObject) item = NULL;

          g_clear_object (&row);
          row = g_list_model_get_item (rows, position);
          item = gtk_tree_list_row_get_item (row);
          if (item == path->pdata[level])
            break;
        }
      if (position >= n_rows)
        return;
      if (level + 1 < path->len)
        {
          gtk_tree_list_row_set_expanded (row, TRUE);
          position++;
        }
    }

  gtk_single_selection_set_selected (self->selection, position);
  /* GTK 4.8's column view scrolls through its list's action. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

static void
search (HeraldTopicsWindow *self,
        gboolean            next)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  HeraldTopicNode *after = next ? herald_topics_window_get_selected (self) : NULL;
  HeraldTopicNode *found;

  found = herald_topic_tree_find (self->tree, text, after);
  if (found == NULL && *text != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  if (found != NULL)
    show_node (self, found);
}

static void
search_changed_cb (HeraldTopicsWindow *self)
{
  search (self, FALSE);
}

static void
search_next_cb (HeraldTopicsWindow *self)
{
  search (self, TRUE);
}

static void
dark_changed_cb (HeraldTopicsWindow *self)
{
  self->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  update_cells (self);
}

/**
 * herald_topics_window_set_subscriptions:
 * @filters: (nullable) (array zero-terminated=1): the connection's
 *   subscriptions, in the order they are listed
 *
 * Colours each topic that received messages with the colour of the first
 * subscription that matches it, as the History colours their rows.
 */
void
herald_topics_window_set_subscriptions (HeraldTopicsWindow *self,
                                        const char * const *filters)
{
  g_return_if_fail (HERALD_IS_TOPICS_WINDOW (self));

  if (!herald_subscriptions_replace (&self->subscriptions, filters))
    return;

  update_cells (self);
}

static void
herald_topics_window_dispose (GObject *object)
{
  HeraldTopicsWindow *self = HERALD_TOPICS_WINDOW (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_TOPICS_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->session);
  g_clear_pointer (&self->selected_topic, g_free);
  g_clear_pointer (&self->subscriptions, g_strfreev);

  G_OBJECT_CLASS (herald_topics_window_parent_class)->dispose (object);
}

static void
herald_topics_window_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HeraldTopicsWindow *self = HERALD_TOPICS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_TOPIC:
      g_value_set_string (value, self->selected_topic);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_topics_window_class_init (HeraldTopicsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_topics_window_dispose;
  object_class->get_property = herald_topics_window_get_property;

  properties[PROP_SELECTED_TOPIC] =
    g_param_spec_string ("selected-topic", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-topics-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldTopicsWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, HeraldTopicsWindow, title);
  gtk_widget_class_bind_template_child (widget_class, HeraldTopicsWindow, clear_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldTopicsWindow, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_child (widget_class, HeraldTopicsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldTopicsWindow, column_view);
  gtk_widget_class_bind_template_child_full (widget_class, "topic_column", FALSE,
                                             G_STRUCT_OFFSET (HeraldTopicsWindow, columns[COLUMN_TOPIC]));
  gtk_widget_class_bind_template_child_full (widget_class, "messages_column", FALSE,
                                             G_STRUCT_OFFSET (HeraldTopicsWindow, columns[COLUMN_MESSAGES]));
  gtk_widget_class_bind_template_child_full (widget_class, "rate_column", FALSE,
                                             G_STRUCT_OFFSET (HeraldTopicsWindow, columns[COLUMN_RATE]));
  gtk_widget_class_bind_template_child_full (widget_class, "retained_column", FALSE,
                                             G_STRUCT_OFFSET (HeraldTopicsWindow, columns[COLUMN_RETAINED]));
  gtk_widget_class_bind_template_child_full (widget_class, "time_column", FALSE,
                                             G_STRUCT_OFFSET (HeraldTopicsWindow, columns[COLUMN_TIME]));
  gtk_widget_class_bind_template_child_full (widget_class, "preview_column", FALSE,
                                             G_STRUCT_OFFSET (HeraldTopicsWindow, columns[COLUMN_PREVIEW]));

  gtk_widget_class_install_action (widget_class, "topics.clear-retained", NULL, clear_retained_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  node_quark = g_quark_from_static_string ("herald-topics-node");
  color_quark = g_quark_from_static_string ("herald-topics-color");
}

static void
herald_topics_window_init (HeraldTopicsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), GINT_TO_POINTER (i));
      if (i == COLUMN_TOPIC)
        g_signal_connect_object (factory, "bind", G_CALLBACK (bind_topic_cb), self,
                                 G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      gtk_column_view_column_set_factory (self->columns[i], factory);
    }

  self->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * herald_topics_window_new:
 * @session: the connection's session, which Clear Retained publishes with
 */
HeraldTopicsWindow *
herald_topics_window_new (HeraldTopicTree   *tree,
                          HeraldMqttSession *session)
{
  HeraldTopicsWindow *self;
  GtkTreeListModel *rows;

  g_return_val_if_fail (HERALD_IS_TOPIC_TREE (tree), NULL);
  g_return_val_if_fail (HERALD_IS_MQTT_SESSION (session), NULL);

  self = g_object_new (HERALD_TYPE_TOPICS_WINDOW, NULL);
  self->tree = g_object_ref (tree);
  self->session = g_object_ref (session);

  rows = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (herald_topic_tree_get_root (tree))),
                                  FALSE, FALSE, create_children, NULL, NULL);
  /* Nothing selected until the user picks a level: autoselect off before
   * the rows come, or the first would be. */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (rows));
  g_object_unref (rows);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (tree, "notify::n-topics", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed), self, G_CONNECT_SWAPPED);
  self->refresh_source = g_timeout_add (REFRESH_MS, refresh_cb, self);
  update_count (self);
  update_action (self);

  return self;
}
