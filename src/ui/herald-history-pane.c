/* herald-history-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "herald-file-chooser.h"
#include "herald-history-export.h"
#include "herald-history-filter.h"
#include "herald-history-pane-private.h"
#include "herald-menu-button.h"
#include "herald-topics-window.h"
#include "herald-message-viewer.h"
#include "herald-paced-list.h"
#include "herald-subscription-color.h"

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
 * anchors itself on a row in view. While it follows, the view shows only
 * the newest rows that fit (the paced list's tail): GTK 4.8 keeps a row
 * widget for each of 200 items around the anchor, so at the end of a long
 * list the 200 rows above the last one were bound, measured and drawn
 * again at each jump, which under a flood was most of the main thread's
 * time. Value changes during a frame are the list's own layout,
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

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldHistoryPane, herald_history_pane, ADW_TYPE_BIN)

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
  _herald_history_pane_update_column_widths (self);

  /* The text scale changed: the open pane keeps its height in lines. */
  height = _herald_history_pane_line_height (widget);
  if (height != self->line_height)
    {
      self->line_height = height;
      self->min_row_height = 0;
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

/* The list view inside the column view. */
static GtkWidget *
get_list_view (HeraldHistoryPane *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;

  return NULL;
}

/* Rows that fit in the view, and two more: as many as the lowest of the
 * rows shown makes (rows are never lower than a line). Lower rows make
 * the tail longer from the next frame on; until then the two spare rows
 * fill the view unless the new rows are a lot lower. */
static guint
tail_rows (HeraldHistoryPane *self)
{
  int page = gtk_widget_get_height (GTK_WIDGET (self->scroller));
  int row = MAX (self->min_row_height, self->line_height);

  if (page <= 0)
    page = MAX (open_height (self), gtk_widget_get_height (GTK_WIDGET (self)));

  return (guint) ceil ((double) MAX (page, 1) / MAX (row, 1)) + TAIL_SPARE_ROWS;
}

/* The rows of the tail, after a layout: the lowest. */
static void
note_row_heights (HeraldHistoryPane *self)
{
  GtkWidget *list = get_list_view (self);
  int lowest = 0;

  if (list == NULL)
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      int height = gtk_widget_get_height (row);

      if (height > 0 && (lowest == 0 || height < lowest))
        lowest = height;
    }
  if (lowest > 0)
    self->min_row_height = lowest;
}

/* The view shows the newest rows that fit while it follows, all of them
 * otherwise. Never from within a change of the list: the view and the
 * selection hear of it in turn. */
static void
update_tail (HeraldHistoryPane *self)
{
  if (self->paced == NULL || self->in_items_changed)
    return;

  herald_paced_list_set_tail (self->paced, self->follow ? tail_rows (self) : 0);
}

/* While it follows, the view has no scroll bar: it shows only the newest
 * rows, and an overlay scroll bar would flash at each move to the end
 * (GTK fades it in and out, a frame at a time: under a flood, frames
 * without end). Wheel, touch and keys still scroll it back. */
static void
update_scroll_bar (HeraldHistoryPane *self)
{
  GtkPolicyType horizontal;

  gtk_scrolled_window_get_policy (self->scroller, &horizontal, NULL);
  gtk_scrolled_window_set_policy (self->scroller, horizontal,
                                  self->follow ? GTK_POLICY_EXTERNAL : GTK_POLICY_AUTOMATIC);
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
      update_scroll_bar (self);
      update_tail (self);
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
  GtkWidget *list;
  gboolean top;

  /* Ours; or the list's own layout (rows came, were measured or went),
   * which the end of the frame catches up with. */
  if (self->scrolling ||
      (self->in_frame && g_get_monotonic_time () - self->key_time > KEY_SCROLL_USEC))
    return;

  /* Someone scrolled: follow again only once back at the end. Scrolled
   * to the top of the newest rows, they meant the oldest: the rows before
   * come back above, and the view goes to the first. */
  top = gtk_adjustment_get_value (adjustment) <= 0 && self->paced != NULL &&
        herald_paced_list_get_offset (self->paced) > 0;
  set_follow (self, at_end (adjustment));
  if (!self->follow && top && (list = get_list_view (self)) != NULL)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", 0);
}

static void
jump_clicked_cb (HeraldHistoryPane *self)
{
  guint n = self->paced != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->paced)) : 0;

  set_follow (self, TRUE);
  /* If the rows before the newest went, the adjustment is out of date
   * until the list's next layout: the end of that frame scrolls. */
  if (self->paced == NULL || n == g_list_model_get_n_items (G_LIST_MODEL (self->paced)))
    scroll_to_end (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Before the frame's layout: a change of the tail (the view's height
 * changed, or following did) is laid out in the same frame. */
static void
before_paint_cb (HeraldHistoryPane *self)
{
  self->in_frame = TRUE;
  update_tail (self);
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
  if (self->follow && self->paced != NULL && herald_paced_list_get_tail (self->paced) > 0)
    note_row_heights (self);
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

  if (self->topic != NULL)
    {
      /* Translators: the count, then the topic selected in the Topics window */
      g_autofree char *under = g_strdup_printf (_("%s — at “%s” and below"), text, self->topic);
      g_free (text);
      text = g_steal_pointer (&under);
    }

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
      /* Every row went (a clear, a new filter, another history, new rows
       * in the tail): what the user had scrolled to is gone too. The
       * tail follows before the next frame's layout. */
      self->in_items_changed = TRUE;
      set_follow (self, TRUE);
      self->in_items_changed = FALSE;
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

  viewer = herald_message_viewer_new (item, self->redactor);
  if (self->history != NULL)
    {
      g_autoptr(HeraldHistoryItem) previous = herald_history_get_previous_on_topic (self->history, item);

      herald_message_viewer_set_previous (viewer, previous);
    }
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
export_chosen_cb (GtkWidget *widget,
                  GFile     *file)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (widget);

  /* What the view shows: the search and the event filter apply. */
  if (self->filter != NULL)
    herald_history_export_async (G_LIST_MODEL (self->filter), self->export_format, file,
                                 NULL, exported_cb, g_object_ref (self));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (widget);
  gboolean csv = g_strcmp0 (g_variant_get_string (parameter, NULL), "csv") == 0;

  self->export_format = csv ? HERALD_HISTORY_EXPORT_CSV : HERALD_HISTORY_EXPORT_JSON_LINES;
  herald_file_chooser_show (widget, &self->chooser, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export History"),
                            NULL, NULL, NULL, csv ? "history.csv" : "history.jsonl", export_chosen_cb);
}

static void
dark_changed_cb (HeraldHistoryPane *self,
                 GParamSpec        *pspec,
                 AdwStyleManager   *style_manager)
{
  self->dark = adw_style_manager_get_dark (style_manager);
  if (self->subscriptions != NULL)
    _herald_history_pane_rebind_messages (self);
}

static void
herald_history_pane_dispose (GObject *object)
{
  HeraldHistoryPane *self = HERALD_HISTORY_PANE (object);

  herald_file_chooser_clear (&self->chooser);
  g_clear_handle_id (&self->open_source, g_source_remove);
  g_clear_handle_id (&self->message_width_source, g_source_remove);
  if (self->save_source != 0)
    {
      g_clear_handle_id (&self->save_source, g_source_remove);
      g_settings_apply (self->settings);
    }
  g_clear_object (&self->settings);
  g_clear_pointer (&self->topic, g_free);
  g_clear_pointer (&self->subscriptions, g_strfreev);
  if (self->topics_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->topics_window), (gpointer *) &self->topics_window);
      gtk_window_destroy (g_steal_pointer (&self->topics_window));
    }

  herald_history_pane_set_history (self, NULL);
  herald_history_pane_set_redactor (self, NULL);
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
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, export_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldHistoryPane, export_menu);
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
  herald_menu_button_set_menu_on_demand (self->export_button, self->export_menu);
  self->line_height = _herald_history_pane_line_height (GTK_WIDGET (self));

  gtk_string_list_append (events, _("All Events"));
  gtk_string_list_append (events, _("Messages"));
  for (guint i = 0; i < HERALD_HISTORY_N_EVENTS; i++)
    gtk_string_list_append (events, herald_history_event_get_label (i));
  gtk_drop_down_set_model (self->event_dropdown, G_LIST_MODEL (events));

  _herald_history_pane_setup_columns (self);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), key);

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scroller), "changed",
                           G_CALLBACK (_herald_history_pane_hadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (adjustment_value_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);

  update_scroll_bar (self);
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
      herald_history_filter_set_topic (self->filter, self->topic);
      events_changed_cb (self);
      self->paced = herald_paced_list_new (G_LIST_MODEL (self->filter), APPEND_INTERVAL_MS);
      g_signal_connect_swapped (self->paced, "items-changed", G_CALLBACK (items_changed_cb), self);
      g_signal_connect_swapped (history, "notify::n-dropped", G_CALLBACK (update_count), self);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->paced));
      update_tail (self);
    }

  if (self->count_label != NULL)
    update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

/**
 * herald_history_pane_set_redactor:
 * @redactor: (nullable): what masks the broker's host in connection events
 *   (and their message viewers) in presentation mode
 */
void
herald_history_pane_set_redactor (HeraldHistoryPane *self,
                                  HeraldRedactor    *redactor)
{
  g_return_if_fail (HERALD_IS_HISTORY_PANE (self));
  g_return_if_fail (!redactor || HERALD_IS_REDACTOR (redactor));

  if (self->redactor == redactor)
    return;

  if (self->redactor != NULL)
    g_signal_handlers_disconnect_by_func (self->redactor, _herald_history_pane_remask, self);
  g_set_object (&self->redactor, redactor);
  if (redactor != NULL)
    g_signal_connect_swapped (redactor, "changed", G_CALLBACK (_herald_history_pane_remask), self);
  _herald_history_pane_remask (self);
}

/**
 * herald_history_pane_set_subscriptions:
 * @filters: (nullable) (array zero-terminated=1): the connection's
 *   subscriptions, in the order they are listed
 *
 * Colours each message's topic with the colour of the first subscription
 * that matches it (herald_subscription_color()), here and in the Topics
 * window.
 */
void
herald_history_pane_set_subscriptions (HeraldHistoryPane  *self,
                                       const char * const *filters)
{
  g_return_if_fail (HERALD_IS_HISTORY_PANE (self));

  if (!herald_subscriptions_replace (&self->subscriptions, filters))
    return;

  _herald_history_pane_rebind_messages (self);
  if (self->topics_window != NULL)
    herald_topics_window_set_subscriptions (HERALD_TOPICS_WINDOW (self->topics_window),
                                            (const char * const *) self->subscriptions);
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

/**
 * herald_history_pane_set_topic:
 * @topic: (nullable): show only the entries on @topic and the topics below
 *   it (the level selected in the Topics window), or %NULL for all
 */
void
herald_history_pane_set_topic (HeraldHistoryPane *self,
                               const char        *topic)
{
  g_return_if_fail (HERALD_IS_HISTORY_PANE (self));

  if (g_strcmp0 (self->topic, topic) == 0)
    return;
  g_free (self->topic);
  self->topic = g_strdup (topic);
  if (self->filter != NULL)
    herald_history_filter_set_topic (self->filter, topic);
  update_count (self);
}

const char *
herald_history_pane_get_topic (HeraldHistoryPane *self)
{
  g_return_val_if_fail (HERALD_IS_HISTORY_PANE (self), NULL);
  return self->topic;
}

/* The level selected in the Topics window is what the History shows, for
 * as long as that window is open. */
static void
topics_selection_cb (HeraldHistoryPane  *self,
                     GParamSpec         *pspec,
                     HeraldTopicsWindow *topics)
{
  herald_history_pane_set_topic (self, herald_topics_window_get_selected_topic (topics));
}

static void
topics_destroyed_cb (HeraldHistoryPane *self)
{
  herald_history_pane_set_topic (self, NULL);
}

/**
 * herald_history_pane_show_topics:
 * @tree: the topics of the connection whose History this is
 * @session: that connection's session (for Clear Retained)
 *
 * Presents the connection's topics in a window of their own, one for this
 * pane, presented again when asked again; the level selected there is what
 * the pane shows while it is open.
 */
void
herald_history_pane_show_topics (HeraldHistoryPane *self,
                                 HeraldTopicTree   *tree,
                                 HeraldMqttSession *session)
{
  g_return_if_fail (HERALD_IS_HISTORY_PANE (self));

  if (self->topics_window == NULL)
    {
      self->topics_window = GTK_WINDOW (herald_topics_window_new (tree, session));
      g_object_add_weak_pointer (G_OBJECT (self->topics_window), (gpointer *) &self->topics_window);
      gtk_window_set_transient_for (self->topics_window, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
      g_signal_connect_object (self->topics_window, "notify::selected-topic",
                               G_CALLBACK (topics_selection_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->topics_window, "destroy",
                               G_CALLBACK (topics_destroyed_cb), self, G_CONNECT_SWAPPED);
      herald_topics_window_set_subscriptions (HERALD_TOPICS_WINDOW (self->topics_window),
                                              (const char * const *) self->subscriptions);
    }
  gtk_window_present (self->topics_window);
}
