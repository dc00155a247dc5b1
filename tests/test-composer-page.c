/* test-composer-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "herald-test-gtk.h"

#include "herald-composer-page.h"

typedef struct
{
  GSettings          *settings;
  HeraldProfileStore *store;
  HeraldContext      *context;
  GtkWindow          *window;
  HeraldComposerPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HeraldCapability) capability = herald_capability_new ("MyCapability");
  g_autoptr(HeraldProperty) led = herald_property_new ("LED", HERALD_DATA_TYPE_BOOLEAN, NULL);
  g_autoptr(HeraldProperty) buzzer = herald_property_new ("Buzzer", HERALD_DATA_TYPE_BOOLEAN, NULL);
  g_autoptr(HeraldProperty) speed = herald_property_new ("Speed", HERALD_DATA_TYPE_FLOAT, "mph");

  herald_capability_add_property (capability, led);
  herald_capability_add_property (capability, buzzer);
  herald_capability_add_property (capability, speed);
  if (data != NULL)
    {
      g_autoptr(HeraldProperty) when = herald_property_new ("When", HERALD_DATA_TYPE_DATE, NULL);
      herald_capability_add_property (capability, when);
    }

  f->settings = g_settings_new (APP_ID);
  f->store = herald_profile_store_new_full (NULL, FALSE);
  f->context = herald_context_new (f->settings, f->store, NULL);
  herald_context_set_capability (f->context, capability);

  f->window = GTK_WINDOW (gtk_window_new ());
  f->page = g_object_ref_sink (g_object_new (HERALD_TYPE_COMPOSER_PAGE, NULL));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  herald_page_set_context (HERALD_PAGE (f->page), f->context);
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_assert_finalize_object (f->page);
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
  g_clear_object (&f->settings);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->page), HERALD_TYPE_COMPOSER_PAGE, name));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
row_at (Fixture *f,
        int      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (f, "values_list")), index);
  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

static char *
preview (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (f, "preview_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_typed_fields (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *led = find_descendant (row_at (f, 0), GTK_TYPE_SWITCH);
  GtkWidget *buzzer = find_descendant (row_at (f, 1), GTK_TYPE_SWITCH);
  GtkWidget *speed = find_descendant (row_at (f, 2), GTK_TYPE_SPIN_BUTTON);
  g_autofree char *strings = NULL;
  g_autofree char *typed = NULL;

  /* One field per property, of the property's kind, labelled by its name. */
  g_assert_nonnull (led);
  g_assert_nonnull (buzzer);
  g_assert_nonnull (speed);
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (f, "values_list")), 3));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (f, 2))), ==, "Speed");

  /* The seed's command. */
  gtk_switch_set_active (GTK_SWITCH (led), TRUE);
  gtk_switch_set_active (GTK_SWITCH (buzzer), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (speed), 50.0);

  /* Strings by default (the classic flavour). */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (f, "strings_switch"))));
  strings = preview (f);
  g_assert_cmpstr (strings, ==, "{\"LED\":\"true\",\"Buzzer\":\"true\",\"Speed\":\"50.0\"}");

  gtk_switch_set_active (GTK_SWITCH (child (f, "strings_switch")), FALSE);
  typed = preview (f);
  g_assert_cmpstr (typed, ==, "{\"LED\":true,\"Buzzer\":true,\"Speed\":50.0}");
  g_assert_false (gtk_widget_get_visible (child (f, "error_label")));

  /* No service chosen: sending says what to do instead of sending. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "composer.send", NULL));
  g_assert_false (herald_page_get_busy (HERALD_PAGE (f->page)));
}

static void
test_invalid_value (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *when = row_at (f, 3);
  g_autofree char *empty = NULL;
  g_autofree char *good = NULL;

  g_assert_true (ADW_IS_ENTRY_ROW (when));
  gtk_editable_set_text (GTK_EDITABLE (when), "yesterday");

  g_assert_true (gtk_widget_get_visible (child (f, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (f, "error_label"))), "When"));
  g_assert_true (gtk_widget_has_css_class (when, "error"));
  empty = preview (f);
  g_assert_cmpstr (empty, ==, "");

  gtk_editable_set_text (GTK_EDITABLE (when), "2026-11-25T12:00:00Z");
  g_assert_false (gtk_widget_get_visible (child (f, "error_label")));
  g_assert_false (gtk_widget_has_css_class (when, "error"));
  good = preview (f);
  g_assert_nonnull (strstr (good, "\"When\":\"2026-11-25T12:00:00Z\""));
}

int
main (int   argc,
      char *argv[])
{
  herald_test_gtk_init (&argc, &argv);

  g_test_add ("/composer-page/typed-fields", Fixture, NULL, fixture_set_up, test_typed_fields, fixture_tear_down);
  g_test_add ("/composer-page/invalid-value", Fixture, "with-date", fixture_set_up, test_invalid_value, fixture_tear_down);

  return g_test_run ();
}
