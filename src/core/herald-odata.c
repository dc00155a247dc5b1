/* herald-odata.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The OData syntax of the `filter` of the API's lists, as far as callers
 * build it: a string value written as a literal.
 */

#include "config.h"

#include <string.h>

#include "herald-odata.h"

/**
 * herald_odata_quote:
 * @value: a string value, e.g. an entity's id or name
 *
 * Writes @value as an OData string literal for a list's filter: in single
 * quotes, with each quote inside doubled, so `O'Brien` becomes
 * `'O''Brien'`. Use it for every value that comes from the service or the
 * user, e.g. `g_strdup_printf ("deviceId eq %s", quoted)`.
 *
 * Returns: (transfer full): the quoted literal
 */
char *
herald_odata_quote (const char *value)
{
  GString *literal;

  g_return_val_if_fail (value != NULL, NULL);

  literal = g_string_sized_new (strlen (value) + 2);
  g_string_append_c (literal, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (literal, '\'');
      g_string_append_c (literal, *p);
    }
  g_string_append_c (literal, '\'');

  return g_string_free (literal, FALSE);
}
