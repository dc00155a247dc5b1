/* herald-history-pane-columns.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "herald-history-pane-private.h"
#include "herald-subscription-color.h"

/* The columns, in the order of the view. Each cell is one label set
 * directly from the item on bind: items are immutable snapshots, so no
 * expression watches them, and making a row (GTK 4.8 makes new rows for a
 * jump to the end rather than reusing them) costs a few labels, not a
 * GtkBuilder parse per cell. The Message cell is the topic (smaller, dim)
 * over the payload, which wraps: a whole command stays readable on a
 * projector, where a column of its own for the topic would leave the
 * payload a sliver. */
typedef enum
{
  COLUMN_EVENT,
  COLUMN_MESSAGE,
  COLUMN_QOS,
  COLUMN_RETAINED,
  COLUMN_TIME,
  N_COLUMNS
} Column;

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

/* The Message cell is a GtkInscription, not a GtkLabel: a wrapping label
 * lays its text out several times to be measured, and the list measures
 * every row it keeps (up to 200 around the one in view, made again for
 * each batch while it follows), which under a flood was most of the main
 * thread's time. An inscription asks for its number of lines without
 * looking at its text, and lays it out only when drawn: the pane tells it
 * how many lines its text needs (message_lines()). */
static GtkWidget *
new_message_cell (void)
{
  GtkInscription *inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_inscription_set_xalign (inscription, 0);
  gtk_inscription_set_yalign (inscription, 0);
  gtk_inscription_set_text_overflow (inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_lines (inscription, 1);
  return GTK_WIDGET (inscription);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  data)
{
  GtkLabel *label;

  if ((Column) GPOINTER_TO_INT (data) == COLUMN_MESSAGE)
    {
      gtk_list_item_set_child (list_item, new_message_cell ());
      return;
    }

  label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (label, 0);
  gtk_label_set_yalign (label, 0);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  switch ((Column) GPOINTER_TO_INT (data))
    {
    case COLUMN_TIME:
      gtk_widget_add_css_class (GTK_WIDGET (label), "numeric");
      gtk_label_set_single_line_mode (label, TRUE);
      break;
    case COLUMN_EVENT:
    case COLUMN_MESSAGE:
    case COLUMN_QOS:
    case COLUMN_RETAINED:
    case N_COLUMNS:
    default:
      gtk_label_set_single_line_mode (label, TRUE);
      break;
    }
  gtk_list_item_set_child (list_item, GTK_WIDGET (label));
}

/* How many lines @text needs in the Message column, from its length and
 * the font's widest average character (digits or letters) rather than from
 * a layout: generous, so that a text that fits is not cut. Compact JSON
 * fills its lines; text broken at words leaves room at their ends. */
static guint
message_lines (HeraldHistoryPane *self,
               const char        *text)
{
  guint lines = 0;

  if (text == NULL || *text == '\0')
    return 1;

  for (const char *paragraph = text; paragraph != NULL; )
    {
      const char *end = strchr (paragraph, '\n');
      gsize len = end != NULL ? (gsize) (end - paragraph) : strlen (paragraph);
      double width = g_utf8_strlen (paragraph, len) * self->char_width;
      double per_line = MAX (self->message_text_width, 1);
      guint n;

      if (memchr (paragraph, ' ', len) != NULL)
        per_line *= 0.85;
      n = MAX ((guint) ceil (width / per_line), 1);
      lines += MIN (n, (guint) MESSAGE_LINES);
      paragraph = end != NULL ? end + 1 : NULL;
    }

  return lines;
}

/* The topic, smaller and dim, on the first line; the payload below it.
 * Compact JSON has no spaces and few places to break a line at: it is
 * broken anywhere, so that it fills its lines; text is broken at words.
 * The label's line limit holds for each of the two paragraphs. */
/* The item a Message cell shows, kept for _herald_history_pane_remask()
 * (a connection event names its broker, masked in presentation mode) and
 * for _herald_history_pane_rebind_messages() (a message's topic takes its
 * subscription's colour). */
static GQuark cell_item_quark;

static gboolean
is_message (HeraldHistoryItem *item)
{
  HeraldHistoryEvent event = herald_history_item_get_event (item);

  return event == HERALD_HISTORY_EVENT_RECEIVED || event == HERALD_HISTORY_EVENT_PUBLISHED;
}

/* The topic of a message a subscription brought takes its colour: the
 * first subscription whose filter matches it, as the connection view
 * lists them. A handful of filters against the rows in view at a bind,
 * not at each message. */
static PangoAttribute *
topic_color (HeraldHistoryPane *self,
             const char        *topic)
{
  int index;

  if (self == NULL || self->subscriptions == NULL)
    return NULL;

  index = herald_subscription_find ((const char * const *) self->subscriptions, topic);
  return index >= 0 ? herald_subscription_color_attribute (index, self->dark) : NULL;
}

static void
bind_message (HeraldHistoryPane *self,
              GtkInscription    *inscription,
              HeraldHistoryItem *item)
{
  const char *topic = herald_history_item_get_topic (item);
  g_autofree char *message = history_message_label (item);
  g_autofree char *text = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;
  PangoWrapMode wrap;

  if (g_object_get_qdata (G_OBJECT (inscription), cell_item_quark) != item)
    g_object_set_qdata_full (G_OBJECT (inscription), cell_item_quark, g_object_ref (item), g_object_unref);
  if (!is_message (item) && self != NULL && self->redactor != NULL)
    {
      char *masked = herald_redactor_mask (self->redactor, message);

      g_free (message);
      message = masked;
    }

  wrap = message != NULL && strchr (message, ' ') == NULL ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR;
  if (topic != NULL && *topic != '\0' && message != NULL && *message != '\0')
    {
      PangoAttribute *attr;
      guint topic_len = strlen (topic);

      text = g_strconcat (topic, "\n", message, NULL);
      attrs = pango_attr_list_new ();
      attr = pango_attr_scale_new (PANGO_SCALE_SMALL);
      attr->end_index = topic_len;
      pango_attr_list_insert (attrs, attr);
      /* Dim, or in its subscription's colour (readable as it is). */
      attr = is_message (item) ? topic_color (self, topic) : NULL;
      if (attr == NULL)
        attr = pango_attr_foreground_alpha_new (G_MAXUINT16 * 0.65);
      attr->end_index = topic_len;
      pango_attr_list_insert (attrs, attr);
    }
  else if (message != NULL && *message != '\0')
    text = g_steal_pointer (&message);
  else
    {
      PangoAttribute *attr = is_message (item) && topic != NULL ? topic_color (self, topic) : NULL;

      text = g_strdup (topic);
      if (attr != NULL)
        {
          attrs = pango_attr_list_new ();
          pango_attr_list_insert (attrs, attr);
        }
    }

  gtk_inscription_set_attributes (inscription, attrs);
  gtk_inscription_set_wrap_mode (inscription, wrap);
  gtk_inscription_set_text (inscription, text);
  gtk_inscription_set_min_lines (inscription, self != NULL ? message_lines (self, text) : 1);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  data)
{
  HeraldHistoryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GtkLabel *label;
  g_autofree char *owned = NULL;
  const char *text = NULL;
  char qos[4];

  if ((Column) GPOINTER_TO_INT (data) == COLUMN_MESSAGE)
    {
      /* The cell may not be in the pane yet: the factory knows it. */
      bind_message (g_object_get_data (G_OBJECT (factory), "herald-pane"), GTK_INSCRIPTION (child), item);
      return;
    }

  label = GTK_LABEL (child);
  switch ((Column) GPOINTER_TO_INT (data))
    {
    case COLUMN_EVENT:
      text = herald_history_event_get_label (herald_history_item_get_event (item));
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
        case HERALD_HISTORY_EVENT_ACKNOWLEDGED:
        case HERALD_HISTORY_N_EVENTS:
        default:
          break;
        }
      break;
    case COLUMN_RETAINED:
      text = herald_history_item_get_retained (item) ? _("Yes") : NULL;
      break;
    case COLUMN_TIME:
      text = owned = herald_message_format_time (herald_history_item_get_time (item));
      break;
    case COLUMN_MESSAGE:
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
    [COLUMN_MESSAGE] = self->message_column,
    [COLUMN_QOS] = self->qos_column,
    [COLUMN_RETAINED] = self->retained_column,
    [COLUMN_TIME] = self->time_column,
  };

  return columns[column];
}

void
_herald_history_pane_setup_columns (HeraldHistoryPane *self)
{
  if (cell_item_quark == 0)
    cell_item_quark = g_quark_from_static_string ("herald-history-cell-item");

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (factory), "herald-pane", self);
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

/* The width of @text with @attr (owned) over all of it. */
static int
text_width_with (GtkWidget      *widget,
                 const char     *text,
                 PangoAttribute *attr,
                 PangoAttribute *attr2)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  int width;

  pango_attr_list_insert (attrs, attr);
  if (attr2 != NULL)
    pango_attr_list_insert (attrs, attr2);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

int
_herald_history_pane_line_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Hg");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return MAX (height, 1);
}

/* GTK 4.8's column view measures every cell of a column whose width is not
 * fixed each time a row comes or goes, and the window measures it again for
 * its size each frame: under a flood that is most of the main thread's
 * time. So each column gets a fixed width from its header and a typical
 * content, in the current font (the text scale changes it). A width the
 * user set by dragging a column's edge is left alone. The Message column
 * takes all the width the others leave (it expands); its own fixed width
 * is only its least, small enough that every column fits a window of
 * 1,100 pixels with the steps beside it, the Time column included. */
/* Calls @func on each Message cell of the rows made already. */
static void
foreach_message_cell (HeraldHistoryPane *self,
                      void             (*func) (HeraldHistoryPane *self,
                                                GtkInscription    *inscription))
{
  GtkWidget *list = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      list = child;

  if (list == NULL)
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    for (GtkWidget *cell = gtk_widget_get_first_child (row); cell != NULL; cell = gtk_widget_get_next_sibling (cell))
      {
        GtkWidget *child = gtk_widget_get_first_child (cell);

        if (GTK_IS_INSCRIPTION (child))
          func (self, GTK_INSCRIPTION (child));
      }
}

static void
refresh_lines (HeraldHistoryPane *self,
               GtkInscription    *inscription)
{
  gtk_inscription_set_min_lines (inscription, message_lines (self, gtk_inscription_get_text (inscription)));
}

/* The rows made already, after a change of the width or the font. */
static void
refresh_message_lines (HeraldHistoryPane *self)
{
  foreach_message_cell (self, refresh_lines);
}

static void
remask (HeraldHistoryPane *self,
        GtkInscription    *inscription)
{
  HeraldHistoryItem *item = g_object_get_qdata (G_OBJECT (inscription), cell_item_quark);

  if (item != NULL && !is_message (item))
    bind_message (self, inscription, item);
}

static void
rebind_message (HeraldHistoryPane *self,
                GtkInscription    *inscription)
{
  HeraldHistoryItem *item = g_object_get_qdata (G_OBJECT (inscription), cell_item_quark);

  if (item != NULL && is_message (item))
    bind_message (self, inscription, item);
}

/* Presentation mode switched on or off: the event rows made already show
 * their text again, masked or not. */
void
_herald_history_pane_remask (HeraldHistoryPane *self)
{
  foreach_message_cell (self, remask);
}

/* The subscriptions or the style changed: the message rows made already
 * take the colours of now. */
void
_herald_history_pane_rebind_messages (HeraldHistoryPane *self)
{
  foreach_message_cell (self, rebind_message);
}

static void
set_message_text_width (HeraldHistoryPane *self,
                        int                width)
{
  if (self->message_text_width == width)
    return;

  self->message_text_width = width;
  refresh_message_lines (self);
}

/* GTK 4.8 measures a cell's height for its column's fixed width, not for
 * the width the column gets when it expands: the Message column's fixed
 * width is all the view's width that the other columns leave, so that its
 * rows are as high as their wrapped text, no higher. */
static void
update_message_width (HeraldHistoryPane *self)
{
  GtkColumnViewColumn *column = self->message_column;
  int current = gtk_column_view_column_get_fixed_width (column);
  int available = gtk_widget_get_width (GTK_WIDGET (self->column_view));
  int width = self->message_min_width;

  if (current != -1 && current != self->column_widths[COLUMN_MESSAGE])
    {
      /* Resized by the user. */
      set_message_text_width (self, current - CELL_PADDING);
      return;
    }

  if (available > 0)
    {
      int others = 0;

      for (guint i = 0; i < N_COLUMNS; i++)
        if (i != COLUMN_MESSAGE)
          others += MAX (gtk_column_view_column_get_fixed_width (get_column (self, i)), 0);
      width = MAX (width, available - others);
    }

  self->column_widths[COLUMN_MESSAGE] = width;
  if (current != width)
    gtk_column_view_column_set_fixed_width (column, width);
  set_message_text_width (self, width - CELL_PADDING);
}

static gboolean
update_message_width_cb (gpointer data)
{
  HeraldHistoryPane *self = data;

  self->message_width_source = 0;
  update_message_width (self);
  return G_SOURCE_REMOVE;
}

/* The view's width changed (the window, the text scale): before the next
 * frame's layout. */
void
_herald_history_pane_hadjustment_changed_cb (HeraldHistoryPane *self)
{
  if (self->message_width_source == 0)
    {
      self->message_width_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_message_width_cb, self, NULL);
      g_source_set_name_by_id (self->message_width_source, "[herald] history message width");
    }
}

void
_herald_history_pane_update_column_widths (HeraldHistoryPane *self)
{
  /* The pane's font: in css_changed the view's style is not updated yet,
   * and it inherits the pane's. */
  GtkWidget *pane = GTK_WIDGET (self);
  int event_width = 0;
  int widths[N_COLUMNS];
  PangoFontMetrics *metrics;
  double char_width;

  G_STATIC_ASSERT (G_N_ELEMENTS (self->column_widths) == N_COLUMNS);

  for (guint i = 0; i < HERALD_HISTORY_N_EVENTS; i++)
    event_width = MAX (event_width, text_width (pane, herald_history_event_get_label (i)));

  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (pane), NULL, NULL);
  char_width = (double) MAX (pango_font_metrics_get_approximate_char_width (metrics),
                             pango_font_metrics_get_approximate_digit_width (metrics)) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);
  if (char_width != self->char_width)
    {
      self->char_width = char_width;
      refresh_message_lines (self);
    }

  widths[COLUMN_EVENT] = event_width;
  widths[COLUMN_MESSAGE] = text_width (pane, "{\"command\":{\"LED\":");
  widths[COLUMN_QOS] = text_width (pane, "0");
  widths[COLUMN_RETAINED] = text_width (pane, _("Yes"));
  /* The time's digits are tabular (the numeric style class). */
  widths[COLUMN_TIME] = text_width_with (pane, "00:00:00.000", pango_attr_font_features_new ("tnum=1"), NULL);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkColumnViewColumn *column = get_column (self, i);
      const char *title = gtk_column_view_column_get_title (column);
      int current = gtk_column_view_column_get_fixed_width (column);
      int title_width = 0;
      int width;

      /* Headers are bold and a little smaller than the text. */
      if (title != NULL)
        title_width = text_width_with (pane, title, pango_attr_weight_new (PANGO_WEIGHT_BOLD),
                                       pango_attr_scale_new (HEADER_SCALE));
      width = MAX (widths[i], title_width) + CELL_PADDING;

      if (i == COLUMN_MESSAGE)
        {
          self->message_min_width = width;
          continue;
        }

      if (current != -1 && current != self->column_widths[i])
        continue;  /* resized by the user */

      self->column_widths[i] = width;
      if (current != width)
        gtk_column_view_column_set_fixed_width (column, width);
    }

  update_message_width (self);
}

