/* fuzz-json.c
 *
 * The strict parse every JSON text from outside goes through:
 * herald_json_check(), the depth guard and range checks, then json-glib
 * (herald_json_parse()). The input is any bytes, not nul-terminated.
 *
 * Checks beyond "no crash": what the check accepts, json-glib parses; a
 * parsed tree written back by json-glib's generator (as Herald writes JSON)
 * passes the strict parse again and reads back as the same tree, except
 * for two known flaws of json-glib 1.6's generator (doubles with an
 * exponent, U+001F: see fuzz_json_glib_writes_invalid() in fuzz-common.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-json-private.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean checked;

  /* The text is not nul-terminated: copy it into a buffer of its exact
   * size, so that AddressSanitizer sees any read past the end. */
  g_autofree char *copy = g_memdup2 (data, size);

  checked = herald_json_check (copy, size, NULL);
  root = herald_json_parse (copy, size, &error);

  if (root == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == HERALD_JSON_ERROR);
      if (checked)
        g_error ("herald_json_check() accepted a text json-glib refuses: %s", error->message);
      return 0;
    }

  g_assert_no_error (error);
  g_assert_true (checked);

  if (fuzz_json_glib_writes_invalid (root))
    return 0;

  for (guint pretty = 0; pretty < 2; pretty++)
    {
      g_autofree char *text = herald_json_to_string (root, pretty);
      g_autoptr(GError) again_error = NULL;
      g_autoptr(JsonNode) again = herald_json_parse (text, -1, &again_error);

      if (again == NULL)
        g_error ("The generated JSON does not read back: %s\n%s", again_error->message, text);
      if (!json_node_equal (root, again))
        g_error ("The generated JSON reads back different:\n%s", text);
    }

  return 0;
}
