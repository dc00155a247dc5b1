/* test-odata.c: the OData string literal of a list's filter
 * (herald_odata_quote). That the service reads it back as the same value
 * is in test-api-sandbox (paging).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-odata.h"

static void
assert_quoted (const char *value,
               const char *literal)
{
  g_autofree char *quoted = herald_odata_quote (value);

  g_assert_cmpstr (quoted, ==, literal);
}

static void
test_quote (void)
{
  assert_quoted ("", "''");
  assert_quoted ("MyDevice", "'MyDevice'");
  assert_quoted ("1234", "'1234'");
  /* Each quote inside is doubled; nothing else changes. */
  assert_quoted ("O'Brien", "'O''Brien'");
  assert_quoted ("'", "''''");
  assert_quoted ("''", "''''''");
  assert_quoted ("it's 'quoted'", "'it''s ''quoted'''");
  assert_quoted ("a eq 'b' and c", "'a eq ''b'' and c'");
  assert_quoted ("\"double\" \\ %27", "'\"double\" \\ %27'");
  assert_quoted ("Gerät ’s", "'Gerät ’s'");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/odata/quote", test_quote);

  return g_test_run ();
}
