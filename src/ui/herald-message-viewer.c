/* herald-message-viewer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "herald-file-chooser.h"
#include "herald-local-time.h"
#include "herald-message.h"
#include "herald-message-viewer.h"
#include "herald-payload.h"
#include "herald-source-style.h"
#include "herald-text-diff.h"

/* One history entry in full: topic, QoS, retained flag, time and size, the
 * payload pretty-printed when it is JSON, decoded when it is CBOR,
 * MessagePack or base64 of something readable, as raw text and as hex, what
 * changed since the previous message on its topic, and the message's MQTT 5
 * properties. Only a bounded part of a huge payload goes into the views, so
 * opening one never stalls; Copy and Save take the whole payload kept. */

#define TEXT_LIMIT HERALD_PAYLOAD_DECODE_LIMIT
#define HEX_LIMIT  (64 * 1024)
/* Shorter text is not offered as base64: most short words are base64. */
#define BASE64_MIN_CHARS 8

struct _HeraldMessageViewer
{
  AdwWindow             parent_instance;

  HeraldHistoryItem    *item;
  HeraldRedactor       *redactor;    /* masks a connection event's broker */
  GtkFileChooserNative *chooser;

  GtkLabel             *topic_label;
  GtkLabel             *details_label;
  GtkLabel             *bounded_label;
  AdwViewStack         *view_stack;
  AdwViewStackPage     *json_page;
  AdwViewStackPage     *decoded_page;
  AdwViewStackPage     *changes_page;
  AdwViewStackPage     *properties_page;
  GtkLabel             *decoded_label;
  GtkLabel             *changes_label;
  GtkSourceView        *json_view;
  GtkSourceView        *decoded_view;
  GtkSourceView        *changes_view;
  GtkSourceView        *text_view;
  GtkTextView          *hex_view;
  GtkListBox           *properties_list;
};

G_DEFINE_FINAL_TYPE (HeraldMessageViewer, herald_message_viewer, ADW_TYPE_WINDOW)

/* One property's value as text: strings as they are, binary data in hex,
 * user properties one "name: value" a line, numbers as numbers. */
static char *
format_property (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
    {
      gsize length;
      const guint8 *data = g_variant_get_fixed_array (value, &length, 1);
      GString *out = g_string_sized_new (length * 3);

      for (gsize i = 0; i < length; i++)
        g_string_append_printf (out, i > 0 ? " %02x" : "%02x", data[i]);
      return g_string_free (out, FALSE);
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("a(ss)")))
    {
      GString *out = g_string_new (NULL);
      GVariantIter iter;
      const char *name, *text;

      g_variant_iter_init (&iter, value);
      while (g_variant_iter_next (&iter, "(&s&s)", &name, &text))
        g_string_append_printf (out, "%s%s: %s", out->len > 0 ? "\n" : "", name, text);
      return g_string_free (out, FALSE);
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTE))
    return g_strdup_printf ("%u", g_variant_get_byte (value));

  return g_variant_print (value, FALSE);
}

static void
fill_properties (HeraldMessageViewer *self)
{
  GVariant *properties = herald_history_item_get_mqtt_properties (self->item);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  adw_view_stack_page_set_visible (self->properties_page, properties != NULL);
  if (properties == NULL)
    return;

  g_variant_iter_init (&iter, properties);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *text = format_property (value);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), key);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      gtk_widget_add_css_class (row, "property");
      gtk_list_box_append (self->properties_list, row);
      g_variant_unref (value);
    }
}

/* An event's text (a connection's broker, an error), masked in
 * presentation mode. */
static void
show_event_text (HeraldMessageViewer *self)
{
  g_autofree char *text = NULL;

  if (herald_history_item_get_payload (self->item) != NULL)
    return;

  if (self->redactor != NULL)
    text = herald_redactor_mask (self->redactor, herald_history_item_get_preview (self->item));
  else
    text = g_strdup (herald_history_item_get_preview (self->item));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view)),
                            text ? text : "", -1);
}

static void
set_text (GtkSourceView *view,
          const char    *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

/* The Decoded page, titled by the format the payload was decoded from. */
static void
show_decoded (HeraldMessageViewer *self,
              HeraldPayloadFormat  format,
              const char          *text,
              const char          *note)
{
  adw_view_stack_page_set_title (self->decoded_page, herald_payload_format_get_name (format));
  if (note == NULL && format == HERALD_PAYLOAD_FORMAT_CBOR)
    note = _("One CBOR item, in CBOR’s diagnostic notation: JSON, with h'…' for bytes and 1(…) for tags.");
  else if (note == NULL)
    note = _("One MessagePack object, written as JSON, with h'…' for binary data and ext(type, h'…') for extensions.");
  gtk_label_set_label (self->decoded_label, note);
  set_text (self->decoded_view, text);
  adw_view_stack_page_set_visible (self->decoded_page, TRUE);
}

/* A text payload that is base64 of something readable (text, JSON, CBOR,
 * MessagePack) gets a Base64 page with that, not shown first: a word can
 * be base64 by chance. */
static void
offer_base64 (HeraldMessageViewer *self,
              const guint8        *data,
              gsize                length)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *rendered = NULL;
  g_autofree char *size = NULL;
  g_autofree char *note = NULL;
  HeraldPayloadFormat inner;
  gsize inner_length;
  const guint8 *inner_data;

  if (length < BASE64_MIN_CHARS)
    return;
  bytes = herald_payload_decode_base64 (data, length, NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return;

  inner_data = g_bytes_get_data (bytes, &inner_length);
  rendered = herald_payload_render (inner_data, inner_length, &inner);
  if (inner == HERALD_PAYLOAD_FORMAT_HEX)
    return;

  size = g_format_size_full (inner_length, G_FORMAT_SIZE_LONG_FORMAT);
  /* Translators: the decoded size, then what it is (Text, JSON, CBOR, MessagePack) */
  note = g_strdup_printf (_("Base64 of %s of %s."), size, herald_payload_format_get_name (inner));
  show_decoded (self, HERALD_PAYLOAD_FORMAT_BASE64, rendered, note);
}

static void
fill (HeraldMessageViewer *self)
{
  GBytes *payload = herald_history_item_get_payload (self->item);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *size = NULL;
  g_autofree char *details = NULL;
  g_autofree char *hex = NULL;
  const guint8 *data = NULL;
  gsize length = 0;
  gint64 time = herald_history_item_get_time (self->item);
  const char *topic = herald_history_item_get_topic (self->item);

  if (payload != NULL)
    data = g_bytes_get_data (payload, &length);

  local = herald_local_time_new (time);
  when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
  size = g_format_size_full (herald_history_item_get_size (self->item), G_FORMAT_SIZE_LONG_FORMAT);

  gtk_label_set_label (self->topic_label, topic ? topic : herald_history_event_get_label (herald_history_item_get_event (self->item)));
  /* Translators: event, QoS, retained yes/no, time, size */
  details = g_strdup_printf (_("%s · QoS %u · retained: %s · %s.%03d · %s"),
                             herald_history_event_get_label (herald_history_item_get_event (self->item)),
                             herald_history_item_get_qos (self->item),
                             herald_history_item_get_retained (self->item) ? _("yes") : _("no"),
                             when, (int) ((time % G_USEC_PER_SEC) / 1000),
                             size);
  gtk_label_set_label (self->details_label, details);

  if (herald_history_item_get_truncated (self->item) || length > TEXT_LIMIT)
    {
      g_autofree char *kept = g_format_size (length);
      g_autofree char *note = NULL;

      note = g_strdup_printf (_("A large message: the views show its beginning only. Herald kept %s of it; Copy and Save As… take all of that."), kept);
      gtk_label_set_label (self->bounded_label, note);
      gtk_widget_set_visible (GTK_WIDGET (self->bounded_label), TRUE);
    }

  if (data != NULL && length > 0)
    {
      gsize shown = MIN (length, TEXT_LIMIT);
      g_autofree char *text = g_utf8_make_valid ((const char *) data, shown);
      g_autofree char *rendered = NULL;
      HeraldPayloadFormat format;

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view)), text, -1);
      hex = herald_payload_hex_dump (data, MIN (length, HEX_LIMIT));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->hex_view), hex, -1);

      /* JSON pretty-printed first; CBOR and MessagePack decoded first;
       * other binary data in hex first. */
      rendered = herald_payload_render (data, length, &format);
      switch (format)
        {
        case HERALD_PAYLOAD_FORMAT_JSON:
          set_text (self->json_view, rendered);
          adw_view_stack_page_set_visible (self->json_page, TRUE);
          adw_view_stack_set_visible_child_name (self->view_stack, "json");
          break;
        case HERALD_PAYLOAD_FORMAT_CBOR:
        case HERALD_PAYLOAD_FORMAT_MSGPACK:
          show_decoded (self, format, rendered, NULL);
          adw_view_stack_set_visible_child_name (self->view_stack, "decoded");
          break;
        case HERALD_PAYLOAD_FORMAT_HEX:
          adw_view_stack_set_visible_child_name (self->view_stack, "hex");
          break;
        case HERALD_PAYLOAD_FORMAT_TEXT:
        case HERALD_PAYLOAD_FORMAT_BASE64:
        default:
          adw_view_stack_set_visible_child_name (self->view_stack, "text");
          offer_base64 (self, data, shown);
          break;
        }
    }
  else
    {
      show_event_text (self);
      adw_view_stack_set_visible_child_name (self->view_stack, "text");
    }

  fill_properties (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HeraldMessageViewer *self = HERALD_MESSAGE_VIEWER (widget);
  GBytes *payload = herald_history_item_get_payload (self->item);
  g_autoptr(GdkContentProvider) provider = NULL;

  if (payload == NULL)
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                              herald_history_item_get_preview (self->item));
      return;
    }

  provider = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", payload);
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
}

static void
saved_cb (GtkWidget  *owner,
          const char *name,
          const char *problem)
{
  GtkWidget *dialog;

  if (problem == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (owner), _("The Message Was Not Saved"), problem);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The payload as it came (all Herald kept of a large one). */
static void
save_chosen_cb (GtkWidget *owner,
                GFile     *file)
{
  HeraldMessageViewer *self = HERALD_MESSAGE_VIEWER (owner);
  g_autoptr(GBytes) payload = NULL;

  if (herald_history_item_get_payload (self->item) != NULL)
    payload = g_bytes_ref (herald_history_item_get_payload (self->item));
  else
    payload = g_bytes_new (herald_history_item_get_preview (self->item),
                           strlen (herald_history_item_get_preview (self->item)));
  herald_file_chooser_save (owner, file, payload, saved_cb);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HeraldMessageViewer *self = HERALD_MESSAGE_VIEWER (widget);

  herald_file_chooser_show (widget, &self->chooser, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save Message"), _("_Save"),
                            NULL, NULL, "message.json", save_chosen_cb);
}

static void
herald_message_viewer_dispose (GObject *object)
{
  HeraldMessageViewer *self = HERALD_MESSAGE_VIEWER (object);

  herald_file_chooser_clear (&self->chooser);
  g_clear_object (&self->item);
  g_clear_object (&self->redactor);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_MESSAGE_VIEWER);

  G_OBJECT_CLASS (herald_message_viewer_parent_class)->dispose (object);
}

static void
herald_message_viewer_class_init (HeraldMessageViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_message_viewer_dispose;

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-message-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, topic_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, details_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, bounded_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, json_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, decoded_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, changes_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, decoded_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, changes_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, decoded_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, changes_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, properties_page);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, json_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, text_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, hex_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldMessageViewer, properties_list);

  gtk_widget_class_install_action (widget_class, "viewer.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "viewer.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
herald_message_viewer_init (HeraldMessageViewer *self)
{
  GtkSourceLanguage *json = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "json");

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->json_view))), json);
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view))), json);
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->decoded_view))), json);
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->changes_view))),
                                  gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "diff"));

  for (GtkSourceView **view = (GtkSourceView *[]) { self->json_view, self->text_view, self->decoded_view, self->changes_view, NULL }; *view != NULL; view++)
    {
      herald_source_style_follow (*view);
      herald_source_style_no_hyphens (GTK_TEXT_VIEW (*view));
    }
  herald_label_no_hyphens (self->topic_label);
}

/**
 * herald_message_viewer_new:
 * @redactor: (nullable): what masks hosts in presentation mode
 */
HeraldMessageViewer *
herald_message_viewer_new (HeraldHistoryItem *item,
                           HeraldRedactor    *redactor)
{
  HeraldMessageViewer *self;

  g_return_val_if_fail (HERALD_IS_HISTORY_ITEM (item), NULL);
  g_return_val_if_fail (!redactor || HERALD_IS_REDACTOR (redactor), NULL);

  self = g_object_new (HERALD_TYPE_MESSAGE_VIEWER, NULL);
  self->item = g_object_ref (item);
  if (redactor != NULL)
    {
      self->redactor = g_object_ref (redactor);
      g_signal_connect_object (redactor, "changed", G_CALLBACK (show_event_text), self, G_CONNECT_SWAPPED);
    }
  fill (self);

  return self;
}

/**
 * herald_message_viewer_set_previous:
 * @previous: (nullable): the message before this one on the same topic
 *
 * Shows a Changes page: the lines of @previous's payload and of this one's,
 * each as the viewer shows it first (JSON pretty-printed, CBOR decoded),
 * those only in @previous marked "-", those only in this one "+".
 */
void
herald_message_viewer_set_previous (HeraldMessageViewer *self,
                                    HeraldHistoryItem   *previous)
{
  GBytes *before_payload;
  GBytes *after_payload;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *when = NULL;
  g_autofree char *note = NULL;
  guint removed, added;

  g_return_if_fail (HERALD_IS_MESSAGE_VIEWER (self));
  g_return_if_fail (previous == NULL || HERALD_IS_HISTORY_ITEM (previous));

  before_payload = previous != NULL ? herald_history_item_get_payload (previous) : NULL;
  after_payload = herald_history_item_get_payload (self->item);
  if (before_payload == NULL || after_payload == NULL)
    {
      adw_view_stack_page_set_visible (self->changes_page, FALSE);
      return;
    }

  before = herald_payload_render (g_bytes_get_data (before_payload, NULL), g_bytes_get_size (before_payload), NULL);
  after = herald_payload_render (g_bytes_get_data (after_payload, NULL), g_bytes_get_size (after_payload), NULL);
  diff = herald_text_diff (before, after, &removed, &added);
  when = herald_message_format_time (herald_history_item_get_time (previous));

  if (removed == 0 && added == 0)
    /* Translators: the time of the previous message */
    note = g_strdup_printf (_("The same as the previous message on this topic, of %s."), when);
  else
    {
      /* Translators: "%u lines removed" and "%u added", in the sentence
       * "Since the previous message on this topic, of <time>: <removed>, <added>." */
      g_autofree char *removed_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line removed", "%u lines removed", removed), removed);
      g_autofree char *added_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added", "%u added", added), added);

      /* Translators: the time of the previous message, then how many lines were removed and added */
      note = g_strdup_printf (_("Since the previous message on this topic, of %s: %s, %s."), when, removed_text, added_text);
    }

  gtk_label_set_label (self->changes_label, note);
  set_text (self->changes_view, diff);
  adw_view_stack_page_set_visible (self->changes_page, TRUE);
}

HeraldHistoryItem *
herald_message_viewer_get_item (HeraldMessageViewer *self)
{
  g_return_val_if_fail (HERALD_IS_MESSAGE_VIEWER (self), NULL);
  return self->item;
}
