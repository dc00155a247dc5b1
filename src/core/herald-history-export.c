/* herald-history-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "herald-history-export.h"
#include "herald-history-item.h"

/* Writes history entries (a GListModel of HeraldHistoryItem, such as the
 * history's filter: what the window shows) as JSON Lines or CSV. The items
 * are read on the calling thread, which owns the history; the file is
 * written in a worker thread, atomically. */

typedef struct
{
  HeraldHistoryEvent  event;
  char               *topic;
  GBytes             *payload;
  guint               qos;
  gboolean            retained;
  gint64              time;
  guint64             size;
  gboolean            truncated;
} Entry;

typedef struct
{
  GArray                    *entries;
  HeraldHistoryExportFormat  format;
  GFile                     *file;
} ExportData;

static void
entry_clear (Entry *entry)
{
  g_free (entry->topic);
  g_clear_pointer (&entry->payload, g_bytes_unref);
}

static void
export_data_free (ExportData *data)
{
  g_array_unref (data->entries);
  g_object_unref (data->file);
  g_free (data);
}

static const char *
event_nick (HeraldHistoryEvent event)
{
  GEnumClass *klass = g_type_class_ref (HERALD_TYPE_HISTORY_EVENT);
  GEnumValue *value = g_enum_get_value (klass, event);
  const char *nick = value ? value->value_nick : "unknown";

  g_type_class_unref (klass);
  return nick;
}

static char *
iso_time (gint64 time_us)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) precise = NULL;

  if (date == NULL)
    return g_strdup ("");
  precise = g_date_time_add (date, time_us % G_USEC_PER_SEC);
  return g_date_time_format_iso8601 (precise);
}

static void
append_json_line (GString     *out,
                  const Entry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  g_autofree char *when = iso_time (entry->time);
  gsize length = 0;
  const char *data = entry->payload ? g_bytes_get_data (entry->payload, &length) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event_nick (entry->event));
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, when);
  if (entry->topic != NULL)
    {
      json_builder_set_member_name (builder, "topic");
      json_builder_add_string_value (builder, entry->topic);
    }
  json_builder_set_member_name (builder, "qos");
  json_builder_add_int_value (builder, entry->qos);
  json_builder_set_member_name (builder, "retained");
  json_builder_add_boolean_value (builder, entry->retained);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) entry->size);
  json_builder_set_member_name (builder, "truncated");
  json_builder_add_boolean_value (builder, entry->truncated);
  if (data != NULL)
    {
      /* Text as text; anything else as base64, never mangled. */
      if (g_utf8_validate (data, length, NULL) && memchr (data, '\0', length) == NULL)
        {
          g_autofree char *text = g_strndup (data, length);
          json_builder_set_member_name (builder, "payload");
          json_builder_add_string_value (builder, text);
        }
      else
        {
          g_autofree char *b64 = g_base64_encode ((const guchar *) data, length);
          json_builder_set_member_name (builder, "payload_base64");
          json_builder_add_string_value (builder, b64);
        }
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_string_append (out, line);
  g_string_append_c (out, '\n');
}

static void
append_csv_field (GString    *out,
                  const char *text,
                  gsize       length)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_line (GString     *out,
                 const Entry *entry)
{
  g_autofree char *when = iso_time (entry->time);
  gsize length = 0;
  const char *data = entry->payload ? g_bytes_get_data (entry->payload, &length) : NULL;

  g_string_append_printf (out, "%s,", event_nick (entry->event));
  append_csv_field (out, entry->topic ? entry->topic : "", entry->topic ? strlen (entry->topic) : 0);
  g_string_append_printf (out, ",%u,%s,%s,%" G_GUINT64_FORMAT ",%s,",
                          entry->qos, entry->retained ? "true" : "false", when,
                          entry->size, entry->truncated ? "true" : "false");
  if (data != NULL && g_utf8_validate (data, length, NULL))
    append_csv_field (out, data, length);
  else if (data != NULL)
    {
      g_autofree char *b64 = g_base64_encode ((const guchar *) data, length);
      g_string_append (out, "base64:");
      g_string_append (out, b64);
    }
  g_string_append (out, "\r\n");
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (data->format == HERALD_HISTORY_EXPORT_CSV)
    g_string_append (out, "event,topic,qos,retained,time,size,truncated,message\r\n");

  for (guint i = 0; i < data->entries->len; i++)
    {
      const Entry *entry = &g_array_index (data->entries, Entry, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (data->format == HERALD_HISTORY_EXPORT_CSV)
        append_csv_line (out, entry);
      else
        append_json_line (out, entry);
    }

  if (!g_file_replace_contents (data->file, out->str, out->len, NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    {
      g_autofree char *name = g_file_get_parse_name (data->file);

      g_task_return_new_error (task, error->domain, error->code,
                               _("The history could not be saved to “%s” (%s). Choose another place."),
                               name, error->message);
      return;
    }

  g_task_return_int (task, data->entries->len);
}

/**
 * herald_history_export_async:
 * @entries: a #GListModel of #HeraldHistoryItem
 *
 * Writes @entries to @file. The entries are taken now; the history may
 * change meanwhile.
 */
void
herald_history_export_async (GListModel                *entries,
                             HeraldHistoryExportFormat  format,
                             GFile                     *file,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;
  guint n;

  g_return_if_fail (G_IS_LIST_MODEL (entries));
  g_return_if_fail (G_IS_FILE (file));

  n = g_list_model_get_n_items (entries);
  data = g_new0 (ExportData, 1);
  data->format = format;
  data->file = g_object_ref (file);
  data->entries = g_array_sized_new (FALSE, TRUE, sizeof (Entry), n);
  g_array_set_clear_func (data->entries, (GDestroyNotify) entry_clear);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (entries, i);
      GBytes *payload = herald_history_item_get_payload (item);
      Entry entry = {
        .event = herald_history_item_get_event (item),
        .topic = g_strdup (herald_history_item_get_topic (item)),
        .payload = payload ? g_bytes_ref (payload) : NULL,
        .qos = herald_history_item_get_qos (item),
        .retained = herald_history_item_get_retained (item),
        .time = herald_history_item_get_time (item),
        .size = herald_history_item_get_size (item),
        .truncated = herald_history_item_get_truncated (item),
      };

      g_array_append_val (data->entries, entry);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, herald_history_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
herald_history_export_finish (GAsyncResult  *result,
                              guint         *n_written,
                              GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_written != NULL)
    *n_written = n;
  return TRUE;
}
