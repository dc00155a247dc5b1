/* herald-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "herald-accessible.h"
#include "herald-connection-view.h"
#include "herald-device-state.h"
#include "herald-device-view.h"
#include "herald-measures-view.h"
#include "herald-stored-measures-view.h"
#include "herald-history-pane.h"
#include "herald-menu-button.h"
#include "herald-step-row.h"
#include "herald-page.h"
#include "herald-steps.h"
#include "herald-window-private.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#define DEVICE_VIEW "live-device"
#define MEASURES_VIEW "send-measures"
#define STORED_VIEW "stored-measures"

#define TEXT_SCALE_MIN  0.5
#define TEXT_SCALE_MAX  3.0
#define TEXT_SCALE_STEP 0.1


G_DEFINE_FINAL_TYPE (HeraldWindow, herald_window, ADW_TYPE_APPLICATION_WINDOW)

/* Every page is made with the workspace, which the window makes in its
 * constructed. The first page is made there too, right after it; the others
 * are built after the window's first frame, one per main loop iteration (or
 * earlier, when shown or asked for), which keeps them out of the first
 * frame. They are still built at start-up: each resumes its part of the
 * profile from the workspace. The steps themselves are herald-steps.c's
 * table. */

HeraldWindow *
herald_window_new (HeraldApplication *application)
{
  g_return_val_if_fail (!application || HERALD_IS_APPLICATION (application), NULL);

  return g_object_new (HERALD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* Text scale: one CSS rule on this window's class sets the font size from
 * the desktop's font times the scale; everything inside inherits it, and
 * libadwaita's headings are relative to it. */
static void
apply_text_scale (HeraldWindow *self)
{
  double scale = g_settings_get_double (self->settings, "text-scale");
  g_autofree char *font_name = NULL;
  g_autofree char *css = NULL;
  PangoFontDescription *desc;
  char size_text[G_ASCII_DTOSTR_BUF_SIZE];
  double size = 0;
  int icon_size = (int) round (16 * scale);

  if (G_APPROX_VALUE (scale, 1.0, 0.001))
    {
      gtk_css_provider_load_from_data (self->text_scale_provider, "", -1);
      return;
    }

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-font-name", &font_name, NULL);
  desc = pango_font_description_from_string (font_name ? font_name : "Sans 11");
  size = pango_font_description_get_size (desc) / (double) PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (desc))
    size = size * 72.0 / 96.0;
  if (size <= 0)
    size = 11;
  pango_font_description_free (desc);

  g_ascii_formatd (size_text, sizeof size_text, "%.2f", size * scale);
  /* libadwaita gives headings and titles sizes of their own: keep their
   * proportions to the scaled text. The History pane's icons grow with it,
   * in whole pixels. */
  css = g_strdup_printf ("window.herald-window { font-size: %spt; }\n"
                         "window.herald-window .herald-history image:not(.icon),"
                         " window.herald-window .herald-history arrow { -gtk-icon-size: %dpx; }\n"
                         "window.herald-window .herald-history arrow { min-width: %dpx; min-height: %dpx; }\n"
                         "window.herald-window .heading,"
                         " window.herald-window .caption-heading { font-size: 1em; }\n"
                         "window.herald-window .caption { font-size: 0.82em; }\n"
                         "window.herald-window .title-4 { font-size: 1.18em; }\n"
                         "window.herald-window .title-3,"
                         " window.herald-window .title-2 { font-size: 1.36em; }\n"
                         "window.herald-window .title-1,"
                         " window.herald-window statuspage .title { font-size: 1.81em; }\n"
                         "window.herald-window statuspage .description { font-size: 1em; }\n",
                         size_text, icon_size, icon_size, icon_size);
  gtk_css_provider_load_from_data (self->text_scale_provider, css, -1);
}

static void
set_text_scale (HeraldWindow *self,
                double        scale)
{
  scale = CLAMP (round (scale * 10.0) / 10.0, TEXT_SCALE_MIN, TEXT_SCALE_MAX);
  g_settings_set_double (self->settings, "text-scale", scale);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);

  set_text_scale (self, g_settings_get_double (self->settings, "text-scale") + TEXT_SCALE_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);

  set_text_scale (self, g_settings_get_double (self->settings, "text-scale") - TEXT_SCALE_STEP);
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_text_scale (HERALD_WINDOW (widget), 1.0);
}

/* GtkShortcutLabel shows a key without a label of its own in GTK's
 * translations as its raw name ("Page_Down" in English): as people write
 * it, "Page Down". Translated names have no underscore and stay. */
static void
name_keys_as_people_do (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    name_keys_as_people_do (child);

  if (GTK_IS_LABEL (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUT_LABEL) != NULL)
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (strchr (text, '_') != NULL && gdk_keyval_from_name (text) != GDK_KEY_VoidSymbol)
        {
          g_autofree char *spaced = g_strdelimit (g_strdup (text), "_", ' ');

          gtk_label_set_text (GTK_LABEL (widget), spaced);
        }
    }
}

/* The shortcuts window is built when first asked for, not with the window
 * (GtkApplication would build it from gtk/help-overlay.ui for every window
 * before its first frame). */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/herald-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      name_keys_as_people_do (GTK_WIDGET (overlay));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

static void
update_zoom_actions (HeraldWindow *self)
{
  double scale = g_settings_get_double (self->settings, "text-scale");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", scale < TEXT_SCALE_MAX - 0.001);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", scale > TEXT_SCALE_MIN + 0.001);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-reset", !G_APPROX_VALUE (scale, 1.0, 0.001));
}

static void
text_scale_changed_cb (HeraldWindow *self)
{
  apply_text_scale (self);
  update_zoom_actions (self);
}

static HeraldStepRow *
get_step_row (HeraldWindow *self,
              HeraldStep    step)
{
  return HERALD_STEP_ROW (gtk_list_box_get_row_at_index (self->steps_list, step));
}

static GtkWidget *
ensure_page (HeraldWindow *self,
             HeraldStep    step)
{
  const HeraldStepInfo *info = herald_steps_get (step);
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, info->id);

  if (page != NULL)
    return page;

  page = g_object_new (info->page_type (), "workspace", self->workspace, NULL);
  gtk_stack_add_titled (self->stack, page, info->id, _(info->title));
  /* A page built while not shown (the others than the first, in idles
   * after the first frame) is not mapped until it is: its accessible names
   * are put right now, for the tree that assistive technologies see. */
  herald_accessible_fix (page);

  return page;
}

/**
 * herald_window_get_page:
 *
 * Returns: (transfer none): the page widget of @step (built on first use)
 */
GtkWidget *
herald_window_get_page (HeraldWindow *self,
                        HeraldStep    step)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (step < HERALD_N_STEPS, NULL);

  return ensure_page (self, step);
}

/**
 * herald_window_add_view:
 * @view: a widget to show beside the steps
 * @name: its name, not a step's id
 * @title: the window's title while it shows
 *
 * Adds a view that is not a step of the flow (a connection of its own,
 * the device side): shown, it has no row in the sidebar and no step
 * number. A #HeraldPage view is made by the caller with the window's
 * workspace (herald_window_get_workspace()), as a page is never without it.
 */
void
herald_window_add_view (HeraldWindow *self,
                        GtkWidget    *view,
                        const char   *name,
                        const char   *title)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (view));
  g_return_if_fail (name != NULL && herald_steps_lookup_id (name) == NULL);
  g_return_if_fail (gtk_stack_get_child_by_name (self->stack, name) == NULL);
  g_return_if_fail (!HERALD_IS_PAGE (view) ||
                    herald_page_get_workspace (HERALD_PAGE (view)) == self->workspace);

  gtk_stack_add_titled (self->stack, view, name, title);
}

void
herald_window_show_view (HeraldWindow *self,
                         const char   *name)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));
  g_return_if_fail (gtk_stack_get_child_by_name (self->stack, name) != NULL);

  gtk_stack_set_visible_child_name (self->stack, name);
}

HeraldStep
herald_window_get_step (HeraldWindow *self)
{
  const HeraldStepInfo *info;
  const char *name;

  g_return_val_if_fail (HERALD_IS_WINDOW (self), HERALD_STEP_SERVICE);

  name = gtk_stack_get_visible_child_name (self->stack);
  info = herald_steps_lookup_id (name);

  return info != NULL ? info->step : HERALD_STEP_SERVICE;
}

void
herald_window_show_step (HeraldWindow *self,
                         HeraldStep    step)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));
  g_return_if_fail (step < HERALD_N_STEPS);

  ensure_page (self, step);
  gtk_stack_set_visible_child_name (self->stack, herald_steps_get (step)->id);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static GtkWidget *
ensure_device_view (HeraldWindow *self)
{
  GtkWidget *view = gtk_stack_get_child_by_name (self->stack, DEVICE_VIEW);

  if (view == NULL)
    {
      view = herald_device_view_new (self->device_state);
      gtk_stack_add_titled (self->stack, view, DEVICE_VIEW, _("Live Device"));
      /* Also built in an idle, not shown: as ensure_page(). */
      herald_accessible_fix (view);
    }

  return view;
}

/* The device side's views, made when first shown: the measures the
 * device sends, and what the service stored of them. */
static void
show_device_side_view (HeraldWindow *self,
                       const char   *name)
{
  GtkWidget *view = gtk_stack_get_child_by_name (self->stack, name);

  if (view == NULL && g_str_equal (name, MEASURES_VIEW))
    gtk_stack_add_titled (self->stack, herald_measures_view_new (self->workspace), name, _("Send Measures"));
  else if (view == NULL)
    gtk_stack_add_titled (self->stack, herald_stored_measures_view_new (self->workspace), name, _("Stored Measures"));

  gtk_stack_set_visible_child_name (self->stack, name);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/**
 * herald_window_show_measures_view:
 *
 * Shows the device side: measures sent as the device, and their
 * acknowledgements.
 */
void
herald_window_show_measures_view (HeraldWindow *self)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));

  show_device_side_view (self, MEASURES_VIEW);
}

/**
 * herald_window_show_stored_measures_view:
 *
 * Shows the cloud side's list of the measures the service stored.
 */
void
herald_window_show_stored_measures_view (HeraldWindow *self)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));

  show_device_side_view (self, STORED_VIEW);
}

/**
 * herald_window_show_device_view:
 *
 * Shows what the device received last, the view for a projector.
 */
void
herald_window_show_device_view (HeraldWindow *self)
{
  g_return_if_fail (HERALD_IS_WINDOW (self));

  ensure_device_view (self);
  gtk_stack_set_visible_child_name (self->stack, DEVICE_VIEW);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
fresh_stage_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HeraldWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean emptied = herald_workspace_fresh_stage_finish (HERALD_WORKSPACE (object), result, &error);

  /* The window was closed meanwhile. */
  if (self->workspace == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  herald_window_show_step (self, HERALD_STEP_SERVICE);
  if (!emptied)
    herald_page_show_error (HERALD_PAGE (herald_window_get_page (self, HERALD_STEP_SERVICE)), error->message);
  else
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("The sandbox starts again, empty. Begin with the Capability step.")));
}

static void
fresh_stage_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         HeraldWindow     *self)
{
  if (g_strcmp0 (response, "empty") != 0)
    return;

  herald_device_state_reset (self->device_state);
  herald_workspace_fresh_stage_async (self->workspace, herald_workspace_get_cancellable (self->workspace),
                                      fresh_stage_cb, g_object_ref (self));
}

static void
fresh_stage_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Empty the Local Sandbox?"),
                                   _("Every capability, sensor type, device and sensor in the local "
                                     "sandbox is removed and their certificates revoked; the sandbox "
                                     "starts again. Herald forgets them, the device’s key store and the "
                                     "History. The sandbox’s password and CA stay."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "empty", _("_Empty Sandbox"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "empty", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (fresh_stage_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_device_view_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  herald_window_show_device_view (HERALD_WINDOW (widget));
}

/* The topics of the connection on screen: the device's, or a connection of
 * its own's (in its view, beside its History). */
static void
show_topics_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  HeraldConnection *connection = herald_workspace_get_device_connection (self->workspace);
  GtkWidget *visible = gtk_stack_get_visible_child (self->stack);

  if (HERALD_IS_CONNECTION_VIEW (visible))
    herald_connection_view_show_topics (HERALD_CONNECTION_VIEW (visible));
  else
    herald_history_pane_show_topics (self->history_pane, herald_connection_get_topic_tree (connection),
                                     herald_connection_get_session (connection));
}

static void
show_measures_view_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  herald_window_show_measures_view (HERALD_WINDOW (widget));
}

static void
show_stored_measures_view_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  herald_window_show_stored_measures_view (HERALD_WINDOW (widget));
}

static void
view_activated_cb (HeraldWindow  *self,
                   GtkListBoxRow *row)
{
  if (row == self->device_view_row)
    herald_window_show_device_view (self);
  else
    show_device_side_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
  gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
}

static gboolean
build_next_page_cb (gpointer data)
{
  HeraldWindow *self = data;

  for (guint i = 0; i < HERALD_N_STEPS; i++)
    if (gtk_stack_get_child_by_name (self->stack, herald_steps_get (i)->id) == NULL)
      {
        ensure_page (self, i);
        return G_SOURCE_CONTINUE;
      }

  ensure_device_view (self);
  self->build_pages_source = 0;
  return G_SOURCE_REMOVE;
}

static void
first_frame_painted_cb (HeraldWindow  *self,
                        GdkFrameClock *clock)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->build_pages_source == 0)
    {
      self->build_pages_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, build_next_page_cb, self, NULL);
      g_source_set_name_by_id (self->build_pages_source, "[herald] build pages");
    }
}

static void
herald_window_map (GtkWidget *widget)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (herald_window_parent_class)->map (widget);

  clock = gtk_widget_get_frame_clock (widget);
  if (self->after_paint_id == 0 && self->build_pages_source == 0 && clock != NULL &&
      gtk_stack_get_child_by_name (self->stack, herald_steps_get (HERALD_N_STEPS - 1)->id) == NULL)
    self->after_paint_id = g_signal_connect_object (clock, "after-paint",
                                                    G_CALLBACK (first_frame_painted_cb),
                                                    self, G_CONNECT_SWAPPED);
}

/* The visible page's error, above it: whole, selectable, until its cause
 * is gone or the user dismisses it. */
static void
page_error_changed_cb (HeraldWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  const char *error = HERALD_IS_PAGE (page) ? herald_page_get_error (HERALD_PAGE (page)) : NULL;
  g_autofree char *masked = NULL;

  /* It may name the service's host; gone, it is not kept hidden. */
  masked = herald_redactor_mask (herald_workspace_get_redactor (self->workspace), error);
  gtk_label_set_text (self->error_label, masked != NULL ? masked : "");
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
}

/* Presentation mode (F5, the main menu, the header bar's projector while
 * on): what must not reach a projector is hidden, each field shown again on
 * demand. Said once as it changes. */
static void
presenting_changed_cb (HeraldWindow *self)
{
  HeraldRedactor *redactor = herald_workspace_get_redactor (self->workspace);
  gboolean presenting = herald_redactor_get_active (redactor);
  AdwToast *toast;

  gtk_widget_set_visible (GTK_WIDGET (self->presenting_button), presenting);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  toast = adw_toast_new (presenting ? _("Presentation mode: passwords, secrets and host names are hidden. F5 ends it.")
                                    : _("Presentation mode ended: everything is shown again."));
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* win.presentation-mode is the redactor's switch, which follows the
 * "presentation-mode" setting. */
static void
follow_presentation_mode (HeraldWindow *self)
{
  HeraldRedactor *redactor = herald_workspace_get_redactor (self->workspace);
  g_autoptr(GPropertyAction) action = g_property_action_new ("presentation-mode", redactor, "active");

  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  g_signal_connect_object (redactor, "changed", G_CALLBACK (page_error_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (redactor, "notify::active", G_CALLBACK (presenting_changed_cb), self, G_CONNECT_SWAPPED);
  presenting_changed_cb (self);
}

/* A toast for a widget that is no page (the History pane): plain text. */
static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  g_autofree char *escaped = g_markup_escape_text (g_variant_get_string (parameter, NULL), -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  if (HERALD_IS_PAGE (page))
    herald_page_clear_error (HERALD_PAGE (page));
}

static void
visible_page_changed_cb (HeraldWindow *self)
{
  const HeraldStepInfo *info = herald_steps_lookup_id (gtk_stack_get_visible_child_name (self->stack));
  g_autofree char *subtitle = NULL;
  GtkStackPage *page;

  /* No page before the first is made, in constructed. */
  if (gtk_stack_get_visible_child (self->stack) == NULL)
    return;

  g_signal_group_set_target (self->page_signals,
                             HERALD_IS_PAGE (gtk_stack_get_visible_child (self->stack))
                             ? gtk_stack_get_visible_child (self->stack) : NULL);
  page_error_changed_cb (self);
  _herald_window_select_connection_row (self);

  /* A view that is not a step has no row and no number. */
  if (info != NULL)
    {
      gtk_list_box_select_row (self->steps_list, GTK_LIST_BOX_ROW (get_step_row (self, info->step)));
      gtk_list_box_unselect_all (self->views_list);
      subtitle = g_strdup_printf (_("Step %u of %u"), info->step + 1, HERALD_N_STEPS);
    }
  else
    {
      gtk_list_box_unselect_all (self->steps_list);
      const char *name = gtk_stack_get_visible_child_name (self->stack);
      GtkListBoxRow *row;

      /* Each view's row has the view's name. */
      gtk_list_box_unselect_all (self->views_list);
      for (int i = 0; (row = gtk_list_box_get_row_at_index (self->views_list, i)) != NULL; i++)
        if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), name) == 0)
          gtk_list_box_select_row (self->views_list, row);
    }

  page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));
  if (page != NULL)
    {
      adw_window_title_set_title (self->window_title, gtk_stack_page_get_title (page));
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
}

static void
step_activated_cb (HeraldWindow  *self,
                   GtkListBoxRow *row)
{
  herald_window_show_step (self, gtk_list_box_row_get_index (row));
  gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
}

static void
folded_changed_cb (HeraldWindow *self)
{
  /* Folded, the sidebar is a page of its own: nothing is selected there,
   * so that activating the step one is on leads to it again. */
  if (adw_leaflet_get_folded (self->leaflet))
    {
      gtk_list_box_set_selection_mode (self->steps_list, GTK_SELECTION_NONE);
      gtk_list_box_set_selection_mode (self->views_list, GTK_SELECTION_NONE);
      gtk_list_box_set_selection_mode (self->connections_list, GTK_SELECTION_NONE);
    }
  else
    {
      gtk_list_box_set_selection_mode (self->steps_list, GTK_SELECTION_SINGLE);
      gtk_list_box_set_selection_mode (self->views_list, GTK_SELECTION_SINGLE);
      gtk_list_box_set_selection_mode (self->connections_list, GTK_SELECTION_SINGLE);
      visible_page_changed_cb (self);
    }
}

static void
show_steps_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (get_step_row (self, herald_window_get_step (self))));
}

static void
go_step_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  int step = g_variant_get_int32 (parameter);

  if (step >= 0 && step < HERALD_N_STEPS)
    herald_window_show_step (self, step);
}

static void
next_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  HeraldStep step = herald_window_get_step (self);

  if (step + 1 < HERALD_N_STEPS)
    herald_window_show_step (self, step + 1);
}

static void
previous_step_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HeraldWindow *self = HERALD_WINDOW (widget);
  HeraldStep step = herald_window_get_step (self);

  if (step > 0)
    herald_window_show_step (self, step - 1);
}

static void
step_changed_cb (HeraldWindow  *self,
                 guint          step,
                 HeraldWorkspace *workspace)
{
  HeraldStepRow *row = get_step_row (self, step);

  if (row != NULL)
    herald_step_row_set_complete (row, herald_workspace_get_step_complete (workspace, step));
}

/* The size Herald is designed for, the window's default in its template:
 * the sidebar and the step side by side. A size remembered or restored is
 * never smaller, so that a window that some window manager or a small
 * screen made smaller once does not start folded every time after. */
#define DESIGN_WIDTH  1100
#define DESIGN_HEIGHT 720

/* A size to remember or restore: at least the design size. */
static void
herald_window_clamp_saved_size (int *width,
                                int *height)
{
  g_return_if_fail (width != NULL && height != NULL);

  *width = MAX (*width, DESIGN_WIDTH);
  *height = MAX (*height, DESIGN_HEIGHT);
}

/* GTK fits a window into its monitor's work area every time its contents
 * ask for a new size, as larger text does: a window larger than the work
 * area (some window managers allow it, and a small screen or a projector
 * makes it common) shrank to it, down to its minimum, and folded. Once the
 * window is on screen and neither maximized, full screen nor tiled, only
 * the user and the window manager change its size: it keeps the size it
 * has, and grows only when its minimum grows past it (GDK enforces the
 * minimum GTK computed). */
static void
surface_compute_size_cb (HeraldWindow    *self,
                         GdkToplevelSize *size,
                         GdkToplevel     *toplevel)
{
  GdkSurface *surface = GDK_SURFACE (toplevel);
  GdkToplevelState fixed = GDK_TOPLEVEL_STATE_MAXIMIZED | GDK_TOPLEVEL_STATE_FULLSCREEN |
                           GDK_TOPLEVEL_STATE_TILED | GDK_TOPLEVEL_STATE_TOP_TILED |
                           GDK_TOPLEVEL_STATE_RIGHT_TILED | GDK_TOPLEVEL_STATE_BOTTOM_TILED |
                           GDK_TOPLEVEL_STATE_LEFT_TILED;
  int width = gdk_surface_get_width (surface);
  int height = gdk_surface_get_height (surface);

  /* On Wayland the compositor sizes the window in its configure events. */
#ifdef GDK_WINDOWING_X11
  if (!GDK_IS_X11_SURFACE (surface))
    return;
#else
  return;
#endif
  if (!gdk_surface_get_mapped (surface) || width <= 1 || height <= 1)
    return;
  if (!self->surface_extra_known)
    {
      int default_width = 0;
      int default_height = 0;

      /* The first time on screen, the surface has the size GTK chose. */
      gtk_window_get_default_size (GTK_WINDOW (self), &default_width, &default_height);
      self->surface_extra_width = MAX (width - default_width, 0);
      self->surface_extra_height = MAX (height - default_height, 0);
      self->surface_extra_known = default_width > 0 && default_height > 0;
    }
  if ((gdk_toplevel_get_state (toplevel) & fixed) != 0)
    return;
  if (gtk_window_is_maximized (GTK_WINDOW (self)) || gtk_window_is_fullscreen (GTK_WINDOW (self)))
    return;

  gdk_toplevel_size_set_size (size, width, height);
}

static void
herald_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (herald_window_parent_class)->realize (widget);

  /* After GtkWindow's own handler, which it connects in realize. */
  g_signal_connect_object (gtk_native_get_surface (GTK_NATIVE (widget)), "compute-size",
                           G_CALLBACK (surface_compute_size_cb), widget, G_CONNECT_SWAPPED);
}

static void
herald_window_save_state (HeraldWindow *self)
{
  int width = 0;
  int height = 0;

  /* On screen as the user left it: its size now, which the default size
   * misses once surface_compute_size_cb kept a size GTK would have fitted
   * into the screen. Maximized or full screen, GTK keeps the default size:
   * the size to come back to. */
  if (self->surface_extra_known && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      !gtk_window_is_maximized (GTK_WINDOW (self)) &&
      !gtk_window_is_fullscreen (GTK_WINDOW (self)))
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));

      width = gdk_surface_get_width (surface) - self->surface_extra_width;
      height = gdk_surface_get_height (surface) - self->surface_extra_height;
    }
  else
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  herald_window_clamp_saved_size (&width, &height);

  g_settings_delay (self->settings);
  /* Some window managers report a full-screen window as maximized too:
   * full screen says nothing of it. */
  if (!gtk_window_is_fullscreen (GTK_WINDOW (self)))
    g_settings_set_boolean (self->settings, "window-maximized",
                            gtk_window_is_maximized (GTK_WINDOW (self)));
  if (width > 0 && height > 0)
    g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_apply (self->settings);
}

static void
herald_window_restore_state (HeraldWindow *self)
{
  int width;
  int height;

  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  herald_window_clamp_saved_size (&width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
herald_window_close_request (GtkWindow *window)
{
  herald_window_save_state (HERALD_WINDOW (window));

  return GTK_WINDOW_CLASS (herald_window_parent_class)->close_request (window);
}

static void
resume_profile (HeraldWindow *self)
{
  HeraldProfileStore *store = herald_workspace_get_profile_store (self->workspace);
  g_autofree char *last = g_settings_get_string (self->settings, "last-profile");
  HeraldProfile *profile;

  if (last == NULL || *last == '\0')
    return;

  profile = herald_profile_store_lookup (store, last);
  if (profile != NULL)
    herald_workspace_set_profile (self->workspace, profile);
}

static void
herald_window_constructed (GObject *object)
{
  HeraldWindow *self = HERALD_WINDOW (object);
  /* "application" is no construct property: it is set after this runs. */
  GApplication *app = g_application_get_default ();
  g_autoptr(HeraldProfileStore) store = herald_profile_store_new ();
  g_autoptr(GError) error = NULL;
  const char *sandbox_dir = NULL;

  G_OBJECT_CLASS (herald_window_parent_class)->constructed (object);

  if (!herald_profile_store_load (store, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));

  if (HERALD_IS_APPLICATION (app))
    sandbox_dir = herald_application_get_sandbox_dir (HERALD_APPLICATION (app));

  self->workspace = herald_workspace_new (self->settings, store, sandbox_dir);
  g_signal_connect_object (self->workspace, "step-changed",
                           G_CALLBACK (step_changed_cb), self, G_CONNECT_SWAPPED);

  _herald_window_init_connections (self);

  /* What the device receives is followed from the start; the view that
   * shows it is built when first shown or after the steps' pages. */
  self->device_state = herald_device_state_new (self->workspace);

  /* The first page, visible: the only one in the first frame. */
  ensure_page (self, HERALD_STEP_SERVICE);

  herald_history_pane_set_history (self->history_pane, herald_workspace_get_history (self->workspace));
  herald_history_pane_set_redactor (self->history_pane, herald_workspace_get_redactor (self->workspace));
  follow_presentation_mode (self);
  g_object_bind_property (self->history_pane, "paused",
                          herald_workspace_get_device_connection (self->workspace), "history-paused",
                          G_BINDING_SYNC_CREATE);

  resume_profile (self);
  visible_page_changed_cb (self);
}

static void
herald_window_dispose (GObject *object)
{
  HeraldWindow *self = HERALD_WINDOW (object);

  if (self->text_scale_provider != NULL)
    {
      gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                     GTK_STYLE_PROVIDER (self->text_scale_provider));
      g_clear_object (&self->text_scale_provider);
    }

  g_clear_handle_id (&self->build_pages_source, g_source_remove);
  if (self->after_paint_id != 0)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      if (clock != NULL)
        g_clear_signal_handler (&self->after_paint_id, clock);
      self->after_paint_id = 0;
    }

  if (self->workspace != NULL)
    g_cancellable_cancel (herald_workspace_get_cancellable (self->workspace));
  _herald_window_dispose_connections (self);

  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_WINDOW);

  g_clear_object (&self->page_signals);
  g_clear_object (&self->device_state);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (herald_window_parent_class)->dispose (object);
}

static void
herald_window_finalize (GObject *object)
{
  HeraldWindow *self = HERALD_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (herald_window_parent_class)->finalize (object);
}

static void
herald_window_class_init (HeraldWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = herald_window_constructed;
  object_class->dispose = herald_window_dispose;
  object_class->finalize = herald_window_finalize;

  window_class->close_request = herald_window_close_request;

  widget_class->map = herald_window_map;
  widget_class->realize = herald_window_realize;

  herald_accessible_init ();

  g_type_ensure (HERALD_TYPE_STEP_ROW);
  g_type_ensure (HERALD_TYPE_HISTORY_PANE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, content);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, steps_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, views_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, connections_list);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, add_connection_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, device_view_row);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, presenting_button);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldWindow, history_pane);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_property_action (widget_class, "win.fullscreen", "fullscreened");
  gtk_widget_class_install_action (widget_class, "win.show-steps", NULL, show_steps_action);
  gtk_widget_class_install_action (widget_class, "win.go-step", "i", go_step_action);
  gtk_widget_class_install_action (widget_class, "win.show-device-view", NULL, show_device_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-measures-view", NULL, show_measures_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-topics", NULL, show_topics_action);
  gtk_widget_class_install_action (widget_class, "win.show-stored-measures-view", NULL, show_stored_measures_view_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.fresh-stage", NULL, fresh_stage_action);
  gtk_widget_class_install_action (widget_class, "win.next-step", NULL, next_step_action);
  gtk_widget_class_install_action (widget_class, "win.previous-step", NULL, previous_step_action);

  /* The menus show the last shortcut bound to an action (GTK 4.8): the
   * keypad's keys and Ctrl+= first, the usual key last, so that the menu
   * reads "Ctrl++", not "Ctrl+KP +". */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.presentation-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-step", NULL);
  for (int i = 0; i < HERALD_N_STEPS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.go-step", "i", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + HERALD_N_STEPS, GDK_ALT_MASK,
                                       "win.show-device-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_ALT_MASK, "win.show-measures-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "win.show-topics", NULL);
  _herald_window_class_init_connections (widget_class);
}

static void
herald_window_init (HeraldWindow *self)
{
  self->page_signals = g_signal_group_new (HERALD_TYPE_PAGE);
  g_signal_group_connect_swapped (self->page_signals, "notify::error",
                                  G_CALLBACK (page_error_changed_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_add_css_class (GTK_WIDGET (self), "herald-window");
  herald_menu_button_set_menu_on_demand (self->primary_menu_button, self->primary_menu);

  /* The sidebar: one row per step of the table. */
  for (HeraldStep step = 0; step < HERALD_N_STEPS; step++)
    {
      const HeraldStepInfo *info = herald_steps_get (step);

      gtk_list_box_append (self->steps_list,
                           g_object_new (HERALD_TYPE_STEP_ROW,
                                         "number", step + 1,
                                         "page-name", info->id,
                                         "title", _(info->title),
                                         NULL));
    }

  /* AdwApplication adds the resource's icons and loads its stylesheet; a
   * window without one (tests) must find them too. Only then: asking the
   * icon theme whether it has an icon loads the theme then and there, in
   * the window's constructor. */
  if (!ADW_IS_APPLICATION (g_application_get_default ()))
    {
      GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (display);

      if (!gtk_icon_theme_has_icon (theme, APP_ID "-symbolic"))
        gtk_icon_theme_add_resource_path (theme, RESOURCE_PATH "/icons");

      if (g_object_get_data (G_OBJECT (display), "herald-style") == NULL)
        {
          g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();

          gtk_css_provider_load_from_resource (style, RESOURCE_PATH "/style.css");
          gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (style),
                                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
          g_object_set_data_full (G_OBJECT (display), "herald-style", g_steal_pointer (&style), g_object_unref);
        }
    }

  self->settings = g_settings_new (APP_ID);
  herald_window_restore_state (self);

  self->text_scale_provider = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->text_scale_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_signal_connect_object (self->settings, "changed::text-scale",
                           G_CALLBACK (text_scale_changed_cb), self, G_CONNECT_SWAPPED);
  text_scale_changed_cb (self);
}

/**
 * herald_window_get_workspace:
 *
 * Returns: (transfer none): what the window's pages share
 */
HeraldWorkspace *
herald_window_get_workspace (HeraldWindow *self)
{
  g_return_val_if_fail (HERALD_IS_WINDOW (self), NULL);
  return self->workspace;
}
