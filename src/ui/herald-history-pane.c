/* herald-history-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "herald-history-export.h"
#include "herald-history-filter.h"
#include "herald-history-pane.h"
#include "herald-message-viewer.h"
#include "herald-paced-list.h"

/* The device side: what the MQTT session saw, always below the steps.
 * The history filters itself (a GtkFilterListModel would make an object per
 * entry); the view shows only the rows on screen.
 *
 * The view shows the filter through a HeraldPacedList: under a flood of
 * messages it lays out and draws the new rows (and the count) a few times
 * a second, not once per batch the history appends.
 *
 * Following: while the user has not scrolled back, the newest entry is
 * kept in view. GtkColumnView in GTK 4.8 has no scroll-to API, and its
 * list keeps its place by an anchor row, not by the adjustment: a value set
 * while the list lays itself out (from the adjustment's ::changed) is not
 * seen by the list and is undone by its next layout, and right after a
 * change of the rows the adjustment is stale (new rows have no height
 * yet). So the pane moves the adjustment to the end at the end of each
 * frame, once the list is laid out, when it is not there; the list then
 * anchors itself on the row at the top with only the rows the view needs
 * (its `list.scroll-to-item` action would make 200 rows above the last,
 * each time). Value changes during a frame are the list's own layout,
 * unless a key was just pressed in the list (its focus moves, and the
 * list scrolls to it in the next layout); a change outside a frame (wheel,
 * scroll bar, a program) is the user's too. Either tells whether the user
 * scrolled back. While they have, a "Jump to Newest" button counts what
 * came since.
 *
 * Size: the pane sits at the end of a GtkPaned (the window's). While the
 * history is empty it gives the room to the form: the paned's position is
 * unset, so the pane gets its minimum height, its header line. With the
 * first entry it opens to the height the user last dragged it to, kept in
 * GSettings in lines of text so that it grows with the text scale. */

/* The least time between two updates of the rows for new messages. */
#define APPEND_INTERVAL_MS 250

/* A message's payload wraps to at most this many lines, then ellipsizes. */
#define MESSAGE_LINES 4

/* Column headers are this much of the text (libadwaita's 9pt of 11pt);
 * style.css sets the same, relative to the text scale. */
#define HEADER_SCALE 0.82

/* Cell and header padding of the theme, on both sides together. */
#define CELL_PADDING 16

#define SAVE_HEIGHT_DELAY_MS 500

struct _HeraldHistoryPane
{
  AdwBin               parent_instance;

  HeraldHistory       *history;
  HeraldHistoryFilter *filter;
  HeraldPacedList     *paced;
  GSettings           *settings;
  gboolean             follow;
  gboolean             paused;
  gboolean             in_frame;      /* between the frame clock's before- and after-paint */
  gint64               key_time;      /* of the last key pressed in the list */
  gboolean             scrolling;     /* the value is ours */
  guint                n_new;         /* entries come since the user scrolled back */
  GdkFrameClock       *frame_clock;
  gulong               before_paint_id;
  gulong               after_paint_id;

  /* The height in the paned */
  gboolean             collapsed;
  gboolean             open_pending;  /* opened before the pane had a size */
  int                  line_height;   /* of the pane's font, in pixels */
  int                  expected_height;  /* set by us, not the user; -1 */
  int                  paned_height;  /* at the last allocation */
  int                  allocated_height;
  guint                open_source;
  gboolean             check_pending; /* the handle moved: check_height() after the frame */
  guint                save_source;
  GtkPaned            *paned;         /* the parent we watch, while realized */
  GtkFileChooserNative *chooser;
  HeraldHistoryExportFormat export_format;

  GtkLabel            *count_label;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *event_dropdown;
  GtkToggleButton     *pause_button;
  GtkWidget           *separator;
  GtkStack            *view_stack;
  GtkScrolledWindow   *scroller;
  GtkColumnView       *column_view;
  GtkButton           *jump_button;
  GtkSingleSelection  *selection;
  GtkColumnViewColumn *event_column;
  GtkColumnViewColumn *message_column;
  GtkColumnViewColumn *qos_column;
  GtkColumnViewColumn *retained_column;
  GtkColumnViewColumn *time_column;

  int                  column_widths[5];   /* the fixed widths we last set */
  int                  message_min_width;
  int                  message_text_width;  /* the Message column's, less its padding */
  double               char_width;          /* the font's widest average character */
  guint                message_width_source;
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
static void
bind_message (HeraldHistoryPane *self,
              GtkInscription    *inscription,
              HeraldHistoryItem *item)
{
  const char *topic = herald_history_item_get_topic (item);
  g_autofree char *message = history_message_label (item);
  g_autofree char *text = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;
  PangoWrapMode wrap = message != NULL && strchr (message, ' ') == NULL ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR;

  if (topic != NULL && *topic != '\0' && message != NULL && *message != '\0')
    {
      PangoAttribute *attr;
      guint topic_len = strlen (topic);

      text = g_strconcat (topic, "\n", message, NULL);
      attrs = pango_attr_list_new ();
      attr = pango_attr_scale_new (PANGO_SCALE_SMALL);
      attr->end_index = topic_len;
      pango_attr_list_insert (attrs, attr);
      attr = pango_attr_foreground_alpha_new (G_MAXUINT16 * 0.65);
      attr->end_index = topic_len;
      pango_attr_list_insert (attrs, attr);
    }
  else if (message != NULL && *message != '\0')
    text = g_steal_pointer (&message);
  else
    text = g_strdup (topic);

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
      GtkWidget *pane = gtk_widget_get_ancestor (child, HERALD_TYPE_HISTORY_PANE);

      bind_message (pane != NULL ? HERALD_HISTORY_PANE (pane) : NULL, GTK_INSCRIPTION (child), item);
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

static void
setup_columns (HeraldHistoryPane *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (i));
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

static int
line_height (GtkWidget *widget)
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
/* The rows made already, after a change of the width or the font. */
static void
refresh_message_lines (HeraldHistoryPane *self)
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
          gtk_inscription_set_min_lines (GTK_INSCRIPTION (child),
                                         message_lines (self, gtk_inscription_get_text (GTK_INSCRIPTION (child))));
      }
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
static void
hadjustment_changed_cb (HeraldHistoryPane *self)
{
  if (self->message_width_source == 0)
    {
      self->message_width_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_message_width_cb, self, NULL);
      g_source_set_name_by_id (self->message_width_source, "[herald] history message width");
    }
}

static void
update_column_widths (HeraldHistoryPane *self)
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

/* --- The height in the paned ------------------------------------------- */

static GtkPaned *
get_paned (HeraldHistoryPane *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (GTK_IS_PANED (parent) && gtk_paned_get_end_child (GTK_PANED (parent)) == GTK_WIDGET (self))
    return GTK_PANED (parent);

  return NULL;
}

static gboolean
position_set (GtkPaned *paned)
{
  gboolean set = FALSE;

  g_object_get (paned, "position-set", &set, NULL);
  return set;
}

/* The height to open to, in pixels of the current text size. */
static int
open_height (HeraldHistoryPane *self)
{
  return (int) round (g_settings_get_double (self->settings, "history-pane-height") * self->line_height);
}

static gboolean
save_height_cb (gpointer data)
{
  HeraldHistoryPane *self = data;

  self->save_source = 0;
  g_settings_apply (self->settings);
  return G_SOURCE_REMOVE;
}

/* The user made the pane @height pixels high. */
static void
remember_height (HeraldHistoryPane *self,
                 int                height)
{
  double lines = CLAMP ((double) height / self->line_height, 2.0, 200.0);

  g_settings_set_double (self->settings, "history-pane-height", round (lines * 100) / 100);
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_HEIGHT_DELAY_MS, save_height_cb, self);
  g_source_set_name_by_id (self->save_source, "[herald] save history height");
}

/* Collapsed: the paned's position unset, so that it gives the pane its
 * minimum height, the header line. Open: the position that gives the pane
 * its remembered height, from the position and height of the last
 * allocation (the paned keeps the end child's height when the window is
 * resized). */
static void
apply_height (HeraldHistoryPane *self)
{
  GtkPaned *paned = get_paned (self);
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int target;

  self->open_pending = FALSE;
  if (paned == NULL)
    return;

  if (self->collapsed)
    {
      g_object_set (paned, "position-set", FALSE, NULL);
      return;
    }

  if (height <= 0 || gtk_widget_get_height (GTK_WIDGET (paned)) <= 0)
    {
      self->open_pending = TRUE;
      return;
    }

  target = open_height (self);
  if (target == height && position_set (paned))
    return;

  self->expected_height = target;
  gtk_paned_set_position (paned, MAX (gtk_paned_get_position (paned) + height - target, 0));
}

static gboolean
apply_height_cb (gpointer data)
{
  HeraldHistoryPane *self = data;

  self->open_source = 0;
  apply_height (self);
  return G_SOURCE_REMOVE;
}

static void
queue_apply_height (HeraldHistoryPane *self)
{
  if (self->open_source == 0)
    {
      self->open_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_height_cb, self, NULL);
      g_source_set_name_by_id (self->open_source, "[herald] history height");
    }
}

static void
set_collapsed (HeraldHistoryPane *self,
               gboolean           collapsed)
{
  if (self->collapsed == collapsed)
    return;

  self->collapsed = collapsed;
  /* Only the header line: its minimum height. */
  gtk_widget_set_visible (self->separator, !collapsed);
  gtk_widget_set_visible (GTK_WIDGET (self->view_stack), !collapsed);
  apply_height (self);
}

/* After the frame that laid out a move of the handle: our height changed
 * while the paned's did not. Unless we moved it, that was the user. */
static void
check_height (HeraldHistoryPane *self)
{
  GtkPaned *paned = get_paned (self);
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int paned_height;

  self->check_pending = FALSE;
  if (paned == NULL || height <= 0)
    return;

  paned_height = gtk_widget_get_height (GTK_WIDGET (paned));
  if (self->expected_height >= 0)
    self->expected_height = -1;
  else if (!self->collapsed && position_set (paned) &&
           paned_height == self->paned_height && height != self->allocated_height)
    remember_height (self, height);

  self->paned_height = paned_height;
  self->allocated_height = height;

  if (self->open_pending)
    apply_height (self);
}

static void
position_changed_cb (HeraldHistoryPane *self)
{
  self->check_pending = TRUE;
}

static void
herald_history_pane_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (widget);
  int height;

  GTK_WIDGET_CLASS (herald_history_pane_parent_class)->css_changed (widget, change);

  /* Cheap (a few short layouts), and the font may have changed. */
  update_column_widths (self);

  /* The text scale changed: the open pane keeps its height in lines. */
  height = line_height (widget);
  if (height != self->line_height)
    {
      self->line_height = height;
      if (!self->collapsed)
        queue_apply_height (self);
    }
}

/* --- Following the newest entry ------------------------------------------ */

static gboolean
at_end (GtkAdjustment *adjustment)
{
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  return gtk_adjustment_get_value (adjustment) >= end - 2;
}

/* Outside a layout only: the list hears the value then and anchors itself
 * on the row now at the top, with as few rows around it as the view
 * needs. */
static void
scroll_to_end (HeraldHistoryPane *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (gtk_adjustment_get_value (adjustment) >= end - 0.5)
    return;

  self->scrolling = TRUE;
  gtk_adjustment_set_value (adjustment, end);
  self->scrolling = FALSE;
}

static void
update_jump_button (HeraldHistoryPane *self)
{
  g_autofree char *label = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->jump_button), !self->follow);
  if (self->follow)
    return;

  if (self->n_new == 0)
    label = g_strdup (_("Jump to Newest"));
  else
    /* Translators: a button over the history, scrolled back; how many entries came since */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Jump to Newest (%u new)",
                                          "Jump to Newest (%u new)", self->n_new),
                             self->n_new);
  gtk_button_set_label (self->jump_button, label);
}

static void
set_follow (HeraldHistoryPane *self,
            gboolean           follow)
{
  if (follow)
    self->n_new = 0;
  if (self->follow != follow)
    {
      self->follow = follow;
      update_jump_button (self);
    }
}

/* The list scrolls to the row a key moved the focus to in the next
 * layout: a frame or two later. */
#define KEY_SCROLL_USEC (G_USEC_PER_SEC / 2)

static gboolean
list_key_pressed_cb (HeraldHistoryPane *self)
{
  self->key_time = g_get_monotonic_time ();
  return GDK_EVENT_PROPAGATE;
}

static void
adjustment_value_changed_cb (HeraldHistoryPane *self,
                             GtkAdjustment     *adjustment)
{
  /* Ours; or the list's own layout (rows came, were measured or went),
   * which the end of the frame catches up with. */
  if (self->scrolling ||
      (self->in_frame && g_get_monotonic_time () - self->key_time > KEY_SCROLL_USEC))
    return;

  /* Someone scrolled: follow again only once back at the end. */
  set_follow (self, at_end (adjustment));
}

static void
jump_clicked_cb (HeraldHistoryPane *self)
{
  set_follow (self, TRUE);
  scroll_to_end (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
before_paint_cb (HeraldHistoryPane *self)
{
  self->in_frame = TRUE;
}

/* Every frame ends here, its layout done and the adjustment up to date
 * (right after a change of the rows it is not: new rows have no height
 * until the list lays them out). */
static void
after_paint_cb (HeraldHistoryPane *self)
{
  self->in_frame = FALSE;
  if (self->check_pending)
    check_height (self);
  if (self->follow && !self->collapsed && gtk_widget_get_mapped (GTK_WIDGET (self->scroller)))
    scroll_to_end (self);
}

static void
herald_history_pane_realize (GtkWidget *widget)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (widget);

  GTK_WIDGET_CLASS (herald_history_pane_parent_class)->realize (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->before_paint_id = g_signal_connect_swapped (self->frame_clock, "before-paint",
                                                    G_CALLBACK (before_paint_cb), self);
  self->after_paint_id = g_signal_connect_swapped (self->frame_clock, "after-paint",
                                                   G_CALLBACK (after_paint_cb), self);

  self->paned = get_paned (self);
  if (self->paned != NULL)
    {
      g_signal_connect_swapped (self->paned, "notify::position", G_CALLBACK (position_changed_cb), self);
      position_changed_cb (self);
    }
}

static void
herald_history_pane_unrealize (GtkWidget *widget)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (widget);

  if (self->frame_clock != NULL)
    {
      g_clear_signal_handler (&self->before_paint_id, self->frame_clock);
      g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
      g_clear_object (&self->frame_clock);
    }
  self->in_frame = FALSE;
  if (self->paned != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->paned, position_changed_cb, self);
      self->paned = NULL;
    }
  self->check_pending = FALSE;

  GTK_WIDGET_CLASS (herald_history_pane_parent_class)->unrealize (widget);
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
  set_collapsed (self, total == 0);
}

static void
items_changed_cb (HeraldHistoryPane *self,
                  guint              position,
                  guint              removed,
                  guint              added)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->paced));

  if (removed > 0 && removed == n + removed - added)
    {
      /* Every row went (a clear, a new filter, another history): what
       * the user had scrolled to is gone too. */
      set_follow (self, TRUE);
    }
  else if (!self->follow && added > removed && position + added == n)
    {
      self->n_new += added - removed;
      update_jump_button (self);
    }

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
  set_follow (self, TRUE);
  update_count (self);
}

/* The window shows it (win.show-toast), over the page: a toast never
 * covers the History's newest rows. */
static void
show_toast (HeraldHistoryPane *self,
            const char        *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
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
  g_clear_handle_id (&self->open_source, g_source_remove);
  g_clear_handle_id (&self->message_width_source, g_source_remove);
  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      g_settings_apply (self->settings);
    }
  g_clear_object (&self->settings);

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
  widget_class->realize = herald_history_pane_realize;
  widget_class->unrealize = herald_history_pane_unrealize;

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
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, separator);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, column_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, jump_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, selection);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, event_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, message_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, qos_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, retained_column);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, time_column);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, events_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pause_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, jump_clicked_cb);

  gtk_widget_class_install_action (widget_class, "history.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "history.export", "s", export_action);
}

static void
herald_history_pane_init (HeraldHistoryPane *self)
{
  g_autoptr(GtkStringList) events = gtk_string_list_new (NULL);
  GtkEventController *key;
  GtkAdjustment *adjustment;

  self->follow = TRUE;
  self->expected_height = -1;
  self->settings = g_settings_new (APP_ID);
  /* Written once a drag of the handle has settled. */
  g_settings_delay (self->settings);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->line_height = line_height (GTK_WIDGET (self));

  gtk_string_list_append (events, _("All Events"));
  gtk_string_list_append (events, _("Messages"));
  for (guint i = 0; i < HERALD_HISTORY_N_EVENTS; i++)
    gtk_string_list_append (events, herald_history_event_get_label (i));
  gtk_drop_down_set_model (self->event_dropdown, G_LIST_MODEL (events));

  setup_columns (self);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), key);

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scroller), "changed",
                           G_CALLBACK (hadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
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
