/* herald-history-pane-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-history-export.h"
#include "herald-history-filter.h"
#include "herald-history-pane.h"
#include "herald-paced-list.h"

G_BEGIN_DECLS

/* The least time between two updates of the rows for new messages. */
#define APPEND_INTERVAL_MS 100

/* A message's payload wraps to at most this many lines, then ellipsizes. */
#define MESSAGE_LINES 4

/* Column headers are this much of the text (libadwaita's 9pt of 11pt);
 * style.css sets the same, relative to the text scale. */
#define HEADER_SCALE 0.82

/* Cell and header padding of the theme, on both sides together. */
#define CELL_PADDING 16

#define SAVE_HEIGHT_DELAY_MS 500

/* Rows beyond those that fit, in the view that follows the newest. */
#define TAIL_SPARE_ROWS 2

struct _HeraldHistoryPane
{
  AdwBin               parent_instance;

  HeraldHistory       *history;
  HeraldHistoryFilter *filter;
  GtkWindow           *topics_window;   /* weak: open while the user keeps it */
  HeraldPacedList     *paced;
  GSettings           *settings;
  HeraldRedactor      *redactor;      /* masks hosts in connection events */
  GStrv                subscriptions; /* each colours the topics it matches */
  gboolean             dark;          /* the style's, for those colours */
  char                *topic;         /* only this topic and those below */
  gboolean             follow;
  gboolean             paused;
  gboolean             in_frame;      /* between the frame clock's before- and after-paint */
  gboolean             in_items_changed;  /* the paced list is telling of a change */
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
  int                  min_row_height;  /* the lowest row of the tail; 0 */
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
  GtkMenuButton       *export_button;
  GMenuModel          *export_menu;
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

/* herald-history-pane-columns.c: the columns, their cells and widths. */
void _herald_history_pane_setup_columns          (HeraldHistoryPane *self);
void _herald_history_pane_update_column_widths   (HeraldHistoryPane *self);
void _herald_history_pane_hadjustment_changed_cb (HeraldHistoryPane *self);
int  _herald_history_pane_line_height            (GtkWidget         *widget);
void _herald_history_pane_remask                 (HeraldHistoryPane *self);
void _herald_history_pane_rebind_messages        (HeraldHistoryPane *self);

G_END_DECLS
