/* fuzz-history-filter.c
 *
 * The history's search: HeraldHistoryFilter's query (a text matched as a
 * substring, ignoring ASCII case, against each entry's topic and kept
 * payload, and a mask of events) over a history built from the input.
 *
 * Input: byte 0 is the mask of events, byte 1 the history's payload cap
 * (0: the default), then the query up to the first newline, then one entry
 * a line: `<event byte><topic>\t<payload>` (the event byte modulo the number
 * of events; received and published entries are messages, the others
 * events with the payload as their detail). The first half of the entries
 * is in the history before the query is set, the second half comes after,
 * as messages arrive while a search is shown.
 *
 * Checks beyond "no crash": once the search has finished, the filter holds
 * exactly the entries a plain byte-by-byte search selects, in order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-history-filter.h"
#include "herald-history-item.h"
#include "herald-history.h"
#include "herald-message.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static gboolean
contains_ascii_case (const guint8 *hay,
                     gsize         len,
                     const char   *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    {
      gsize j = 0;

      while (j < n && g_ascii_tolower (hay[i + j]) == g_ascii_tolower ((guchar) needle[j]))
        j++;
      if (j == n)
        return TRUE;
    }
  return FALSE;
}

static gboolean
expected_match (HeraldHistoryItem *item,
                const char        *query,
                guint              events)
{
  const char *topic = herald_history_item_get_topic (item);
  GBytes *payload = herald_history_item_get_payload (item);
  gsize len = 0;
  const guint8 *bytes = payload != NULL ? g_bytes_get_data (payload, &len) : NULL;

  if (!(events & HERALD_HISTORY_EVENT_BIT (herald_history_item_get_event (item))))
    return FALSE;
  if (query[0] == '\0')
    return TRUE;
  return (topic != NULL && contains_ascii_case ((const guint8 *) topic, strlen (topic), query)) ||
         (bytes != NULL && contains_ascii_case (bytes, len, query));
}

static void
drain (HeraldHistoryFilter *filter)
{
  while (g_main_context_iteration (NULL, FALSE) || herald_history_filter_get_pending (filter))
    ;
}

static void
check (HeraldHistory       *history,
       HeraldHistoryFilter *filter,
       const char          *query,
       guint                events)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (history));
  guint found = g_list_model_get_n_items (G_LIST_MODEL (filter));
  guint j = 0;

  drain (filter);
  found = g_list_model_get_n_items (G_LIST_MODEL (filter));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeraldHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (history), i);
      g_autoptr(HeraldHistoryItem) match = NULL;

      if (!expected_match (item, query, events))
        continue;
      if (j >= found)
        g_error ("The filter misses entry %u (query “%s”, events %x)", i, query, events);
      match = g_list_model_get_item (G_LIST_MODEL (filter), j++);
      if (herald_history_item_get_sequence (match) != herald_history_item_get_sequence (item))
        g_error ("The filter's entry %u is not the expected one (query “%s”, events %x)", j - 1, query, events);
    }
  if (j != found)
    g_error ("The filter holds %u entries, %u expected (query “%s”, events %x)", found, j, query, events);
}

static void
append (HeraldHistory *history,
        const char    *line,
        gsize          length)
{
  HeraldHistoryEvent event;
  const char *tab;
  g_autofree char *topic = NULL;
  const char *payload;
  gsize payload_length;

  if (length == 0)
    return;
  event = (guchar) line[0] % HERALD_HISTORY_N_EVENTS;
  tab = memchr (line + 1, '\t', length - 1);
  topic = g_strndup (line + 1, tab != NULL ? (gsize) (tab - line - 1) : length - 1);
  payload = tab != NULL ? tab + 1 : line + length;
  payload_length = line + length - payload;

  if (event == HERALD_HISTORY_EVENT_RECEIVED || event == HERALD_HISTORY_EVENT_PUBLISHED)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (payload, payload_length);
      HeraldMessage *message = herald_message_new (g_get_real_time (), topic, bytes, 1, FALSE, NULL);

      herald_history_append_message (history, message);
      herald_message_unref (message);
    }
  else
    {
      g_autofree char *detail = g_strndup (payload, payload_length);

      herald_history_append_event (history, event, topic[0] != '\0' ? topic : NULL, detail);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(HeraldHistory) history = NULL;
  g_autoptr(HeraldHistoryFilter) filter = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree char *query = NULL;
  guint events;

  if (size < 2)
    return 0;
  events = data[0] & HERALD_HISTORY_EVENTS_ALL;
  history = herald_history_new ();
  if (data[1] != 0)
    herald_history_set_payload_cap (history, data[1]);
  data += 2;
  size -= 2;
  query = fuzz_take_until (&data, &size, '\n');

  while (size > 0)
    {
      const uint8_t *end = memchr (data, '\n', size);
      gsize n = end != NULL ? (gsize) (end - data) : size;

      g_ptr_array_add (lines, (gpointer) data);
      g_array_append_val (lengths, n);
      data += end != NULL ? n + 1 : n;
      size -= end != NULL ? n + 1 : n;
    }

  for (guint i = 0; i < lines->len / 2; i++)
    append (history, lines->pdata[i], g_array_index (lengths, gsize, i));

  filter = herald_history_filter_new (history);
  herald_history_filter_set_events (filter, events);
  herald_history_filter_set_text (filter, query);
  check (history, filter, query, events);

  for (guint i = lines->len / 2; i < lines->len; i++)
    append (history, lines->pdata[i], g_array_index (lengths, gsize, i));
  check (history, filter, query, events);

  return 0;
}
