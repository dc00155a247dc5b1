/* herald-json-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "herald-json-format.h"
#include "herald-json-private.h"

/**
 * herald_json_format_pretty:
 * @text: a message's payload, not necessarily valid UTF-8 nor nul-terminated
 * @length: its length in bytes, or -1 if nul-terminated
 *
 * Pretty-prints @text if it is one JSON value (object, array or scalar),
 * with two spaces of indentation.
 *
 * Returns: (transfer full) (nullable): the pretty-printed JSON, or %NULL if
 *   @text is empty, not UTF-8 or not JSON
 */
char *
herald_json_format_pretty (const char *text,
                           gssize      length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);
  /* A payload from any publisher: nested too deep, or with a number
   * json-glib would change, it is shown as the text it is. */
  root = herald_json_parse (text, length, NULL);
  if (root == NULL)
    return NULL;

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}
