/* herald-history-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-history-export.h"
#include "herald-history-filter.h"
#include "herald-history-pane.h"
#include "herald-message-viewer.h"
#include "herald-paced-list.h"
#include "herald-topic.h"

/* The device side: what the MQTT session saw, always below the steps.
 * The history filters itself (a GtkFilterListModel would make an object per
 * entry); the view shows only the rows on screen. GtkColumnView in GTK 4.8
 * cannot scroll to a row, so following the newest entry drives the vertical
 * adjustment: it follows while the view is at the bottom and stops while
 * the user has scrolled back.
 *
 * The view shows the filter through a HeraldPacedList: under a flood of
 * messages it lays out and draws the new rows (and the count) a few times
 * a second, not once per batch the history appends. */

/* The least time between two updates of the rows for new messages. */
#define APPEND_INTERVAL_MS 250

struct _HeraldHistoryPane
{
  AdwBin               parent_instance;

  HeraldHistory       *history;
  HeraldHistoryFilter *filter;
  HeraldPacedList     *paced;
  gboolean             follow;
  gboolean             scrolling;
  gboolean             paused;
  GtkFileChooserNative *chooser;
  HeraldHistoryExportFormat export_format;

  GtkLabel            *count_label;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *event_dropdown;
  GtkToggleButton     *pause_button;
  GtkStack            *view_stack;
  GtkScrolledWindow   *scroller;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  GtkColumnViewColumn *event_column;
  GtkColumnViewColumn *topic_column;
  GtkColumnViewColumn *message_column;
  GtkColumnViewColumn *qos_column;
  GtkColumnViewColumn *retained_column;
  GtkColumnViewColumn *time_column;

  int                  column_widths[6];   /* the fixed widths we last set */
};

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldHistoryPane, herald_history_pane, ADW_TYPE_BIN)

/* The columns, in the order of the view. Each cell is one label set
 * directly from the item on bind: items are immutable snapshots, so no
 * expression watches them, and making a row (GTK 4.8 makes new rows for a
 * jump to the end rather than reusing them) costs a few labels, not a
 * GtkBuilder parse per cell. */
typedef enum
{
  COLUMN_EVENT,
  COLUMN_TOPIC,
  COLUMN_MESSAGE,
  COLUMN_QOS,
  COLUMN_RETAINED,
  COLUMN_TIME,
  N_COLUMNS
} Column;

static char *
history_time_label (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *hms = NULL;

  if (utc == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (utc);
  hms = g_date_time_format (local, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d", hms, (int) ((time % G_USEC_PER_SEC) / 1000));
}

static char *
history_message_label (HeraldHistoryItem *item)
{
  const char *preview = herald_history_item_get_preview (item);

  if (herald_history_item_get_truncated (item))
    {
      g_autofree char *real = g_format_size (herald_history_item_get_size (item));

      /* Translators: a cut message's preview, then its real size */
      return g_strdup_printf (_("%s … (cut, %s in all)"), preview ? preview : "", real);
    }

  return g_strdup (preview);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  data)
{
  HeraldHistoryItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *owned = NULL;
  const char *text = NULL;
  char qos[4];

  switch ((Column) GPOINTER_TO_INT (data))
    {
    case COLUMN_EVENT:
      text = herald_history_event_get_label (herald_history_item_get_event (item));
      break;
    case COLUMN_TOPIC:
      text = herald_history_item_get_topic (item);
      break;
    case COLUMN_MESSAGE:
      text = owned = history_message_label (item);
      break;
    case COLUMN_QOS:
      /* Messages and granted subscriptions have one; Connected has not. */
      switch (herald_history_item_get_event (item))
        {
        case HERALD_HISTORY_EVENT_RECEIVED:
        case HERALD_HISTORY_EVENT_PUBLISHED:
        case HERALD_HISTORY_EVENT_SUBSCRIBED:
          g_snprintf (qos, sizeof qos, "%u", MIN (herald_history_item_get_qos (item), 9u));
          text = qos;
          break;
        case HERALD_HISTORY_EVENT_CONNECTED:
        case HERALD_HISTORY_EVENT_DISCONNECTED:
        case HERALD_HISTORY_EVENT_CONNECTION_LOST:
        case HERALD_HISTORY_EVENT_UNSUBSCRIBED:
        case HERALD_HISTORY_EVENT_FAILED:
        case HERALD_HISTORY_N_EVENTS:
        default:
          break;
        }
      break;
    case COLUMN_RETAINED:
      text = herald_history_item_get_retained (item) ? _("Yes") : NULL;
      break;
    case COLUMN_TIME:
      text = owned = history_time_label (herald_history_item_get_time (item));
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (label, text);
}

static GtkColumnViewColumn *
get_column (HeraldHistoryPane *self,
            Column             column)
{
  GtkColumnViewColumn *columns[N_COLUMNS] = {
    [COLUMN_EVENT] = self->event_column,
    [COLUMN_TOPIC] = self->topic_column,
    [COLUMN_MESSAGE] = self->message_column,
    [COLUMN_QOS] = self->qos_column,
    [COLUMN_RETAINED] = self->retained_column,
    [COLUMN_TIME] = self->time_column,
  };

  return columns[column];
}

static void
setup_columns (HeraldHistoryPane *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (i));
      gtk_column_view_column_set_factory (get_column (self, i), factory);
    }
}

static int
text_width (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* GTK 4.8's column view measures every cell of a column whose width is not
 * fixed each time a row comes or goes, and the window measures it again for
 * its size each frame: under a flood that is most of the main thread's
 * time. So each column gets a fixed width from its header and a typical
 * content, in the current font (the text scale changes it). A width the
 * user set by dragging a column's edge is left alone. */
static void
update_column_widths (HeraldHistoryPane *self)
{
  /* The pane's font: in css_changed the view's style is not updated yet,
   * and it inherits the pane's. */
  GtkWidget *pane = GTK_WIDGET (self);
  int event_width = 0;
  int widths[N_COLUMNS];
  /* Cell and header padding of the theme, and room for the sort arrow. */
  const int padding = 28;
  g_autofree char *typical_topic = herald_topic_commands ("0123456789abcdef");

  G_STATIC_ASSERT (G_N_ELEMENTS (self->column_widths) == N_COLUMNS);

  for (guint i = 0; i < HERALD_HISTORY_N_EVENTS; i++)
    event_width = MAX (event_width, text_width (pane, herald_history_event_get_label (i)));

  widths[COLUMN_EVENT] = event_width;
  widths[COLUMN_TOPIC] = text_width (pane, typical_topic);
  widths[COLUMN_MESSAGE] = text_width (pane, "{\"capabilityAlternateId\":\"0123456789\"");
  widths[COLUMN_QOS] = text_width (pane, "0");
  widths[COLUMN_RETAINED] = text_width (pane, _("Yes"));
  widths[COLUMN_TIME] = text_width (pane, "00:00:00.000");

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkColumnViewColumn *column = get_column (self, i);
      const char *title = gtk_column_view_column_get_title (column);
      int width = MAX (widths[i], title ? text_width (pane, title) : 0) + padding;
      int current = gtk_column_view_column_get_fixed_width (column);

      if (current != -1 && current != self->column_widths[i])
        continue;  /* resized by the user */

      self->column_widths[i] = width;
      if (current != width)
        gtk_column_view_column_set_fixed_width (column, width);
    }
}

static void
herald_history_pane_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (widget);

  GTK_WIDGET_CLASS (herald_history_pane_parent_class)->css_changed (widget, change);

  /* Cheap (a few short layouts), and the font may have changed. */
  update_column_widths (self);
}

static void
update_count (HeraldHistoryPane *self)
{
  g_autofree char *text = NULL;
  guint64 total = 0;
  guint64 dropped = 0;
  guint shown = 0;

  if (self->history != NULL)
    {
      total = herald_history_get_n_total (self->history);
      dropped = herald_history_get_n_dropped (self->history);
      shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter));
    }

  if (dropped > 0)
    /* Translators: entries kept and shown, then how many the memory limit dropped */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u shown of %lu entry, %lu dropped by the memory limit",
                                         "%u shown of %lu entries, %lu dropped by the memory limit",
                                         (gulong) total),
                            shown, (gulong) total, (gulong) dropped);
  else if (total > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u shown of %lu entry",
                                         "%u shown of %lu entries",
                                         (gulong) total),
                            shown, (gulong) total);
  else
    text = g_strdup (_("No messages yet"));

  if (self->paused)
    {
      g_autofree char *paused = g_strdup_printf (_("%s — paused, new messages are not recorded"), text);
      g_free (text);
      text = g_steal_pointer (&paused);
    }

  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->view_stack, total > 0 ? "list" : "empty");
}

static void
scroll_to_end (HeraldHistoryPane *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->scrolling = TRUE;
  gtk_adjustment_set_value (adjustment, MAX (end, 0));
  self->scrolling = FALSE;
}

static void
adjustment_changed_cb (HeraldHistoryPane *self)
{
  /* The list grew (or the pane was resized): keep the newest row in view. */
  if (self->follow)
    scroll_to_end (self);
}

static void
adjustment_value_changed_cb (HeraldHistoryPane *self,
                             GtkAdjustment     *adjustment)
{
  double end;

  if (self->scrolling)
    return;

  /* The user scrolled: follow again only once back at the end. */
  end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  self->follow = gtk_adjustment_get_value (adjustment) >= end - 4;
}

static void
items_changed_cb (HeraldHistoryPane *self)
{
  update_count (self);
}

static void
search_changed_cb (HeraldHistoryPane *self)
{
  if (self->filter != NULL)
    herald_history_filter_set_text (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
events_changed_cb (HeraldHistoryPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->event_dropdown);
  guint events;

  if (self->filter == NULL)
    return;

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    events = HERALD_HISTORY_EVENTS_ALL;
  else if (selected == 1)
    events = HERALD_HISTORY_EVENTS_MESSAGES;
  else
    events = HERALD_HISTORY_EVENT_BIT (selected - 2);

  herald_history_filter_set_events (self->filter, events);
}

static void
pause_toggled_cb (HeraldHistoryPane *self)
{
  gboolean paused = gtk_toggle_button_get_active (self->pause_button);

  if (self->paused == paused)
    return;

  self->paused = paused;
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

static void
row_activated_cb (HeraldHistoryPane *self,
                  guint              position)
{
  g_autoptr(HeraldHistoryItem) item = NULL;
  HeraldMessageViewer *viewer;

  if (self->paced != NULL)
    item = g_list_model_get_item (G_LIST_MODEL (self->paced), position);
  if (item == NULL)
    return;

  viewer = herald_message_viewer_new (item);
  gtk_window_set_transient_for (GTK_WINDOW (viewer), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (viewer));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (widget);

  if (self->history != NULL)
    herald_history_clear (self->history);
  self->follow = TRUE;
  update_count (self);
}

static void
show_toast (HeraldHistoryPane *self,
            const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HeraldHistoryPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (!herald_history_export_finish (result, &n, &error))
    {
      show_toast (self, error->message);
      return;
    }

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry exported", "%u entries exported", n), n);
  show_toast (self, message);
}

static void
export_response_cb (HeraldHistoryPane *self,
                    int                response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->filter != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      /* What the view shows: the search and the event filter apply. */
      herald_history_export_async (G_LIST_MODEL (self->filter), self->export_format, file,
                                   NULL, exported_cb, g_object_ref (self));
    }

  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (widget);
  gboolean csv = g_strcmp0 (g_variant_get_string (parameter, NULL), "csv") == 0;

  self->export_format = csv ? HERALD_HISTORY_EXPORT_CSV : HERALD_HISTORY_EXPORT_JSON_LINES;
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export History"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), csv ? "history.csv" : "history.jsonl");
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
herald_history_pane_dispose (GObject *object)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (object);

  g_clear_object (&self->chooser);

  herald_history_pane_set_history (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_HISTORY_PANE);

  G_OBJECT_CLASS (herald_history_pane_parent_class)->dispose (object);
}

static void
herald_history_pane_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_history_pane_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      herald_history_pane_set_history (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_history_pane_class_init (HeraldHistoryPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_history_pane_dispose;
  object_class->get_property = herald_history_pane_get_property;
  object_class->set_property = herald_history_pane_set_property;

  widget_class->css_changed = herald_history_pane_css_changed;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, HERALD_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HeraldHistoryPane:paused:
   *
   * The user paused recording: whoever feeds the history should stop.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HERALD_TYPE_HISTORY_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-history-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, count_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, event_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, pause_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, column_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, selection);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, event_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, topic_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, message_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, qos_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, retained_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, time_column);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, events_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pause_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "history.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "history.export", "s", export_action);
}

static void
herald_history_pane_init (HeraldHistoryPane *self)
{
  g_autoptr(GtkStringList) events = gtk_string_list_new (NULL);
  GtkAdjustment *adjustment;

  self->follow = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (events, _("All Events"));
  gtk_string_list_append (events, _("Messages"));
  for (guint i = 0; i < HERALD_HISTORY_N_EVENTS; i++)
    gtk_string_list_append (events, herald_history_event_get_label (i));
  gtk_drop_down_set_model (self->event_dropdown, G_LIST_MODEL (events));

  setup_columns (self);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (adjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (adjustment_value_changed_cb),
                           self, G_CONNECT_SWAPPED);

  update_count (self);
}

HeraldHistory *
herald_history_pane_get_history (HeraldHistoryPane *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_PANE (self), NULL);
  return self->history;
}

void
herald_history_pane_set_history (HeraldHistoryPane *self,
                                 HeraldHistory     *history)
{
  g_return_if_fail (HERALD_IS_HISTORY_PANE (self));

  if (self->history == history)
    return;

  if (self->paced != NULL)
    g_signal_handlers_disconnect_by_data (self->paced, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->paced);
  g_clear_object (&self->filter);
  g_set_object (&self->history, history);

  if (history != NULL)
    {
      self->filter = herald_history_filter_new (history);
      herald_history_filter_set_text (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      events_changed_cb (self);
      self->paced = herald_paced_list_new (G_LIST_MODEL (self->filter), APPEND_INTERVAL_MS);
      g_signal_connect_swapped (self->paced, "items-changed", G_CALLBACK (items_changed_cb), self);
      g_signal_connect_swapped (history, "notify::n-dropped", G_CALLBACK (update_count), self);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->paced));
    }

  if (self->count_label != NULL)
    update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

/**
 * herald_history_pane_get_model:
 *
 * Returns: (transfer none) (nullable): the entries shown, after the search
 *   and the event filter
 */
GListModel *
herald_history_pane_get_model (HeraldHistoryPane *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_PANE (self), NULL);
  return self->filter ? G_LIST_MODEL (self->filter) : NULL;
}

gboolean
herald_history_pane_get_paused (HeraldHistoryPane *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_PANE (self), FALSE);
  return self->paused;
}
