/* test-payload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Payload formats: CBOR (RFC 8949's own examples, appendix A) and
 * MessagePack decoded to diagnostic notation, their errors and depth
 * bounds, strict base64, and what is detected as what.
 */

#include "config.h"

#include <string.h>

#include "herald-payload.h"
#include "herald-text-diff.h"

static GBytes *
from_hex (const char *hex)
{
  GByteArray *bytes = g_byte_array_new ();

  for (const char *p = hex; p[0] != '\0'; p += 2)
    {
      guint8 byte = (g_ascii_xdigit_value (p[0]) << 4) | g_ascii_xdigit_value (p[1]);

      g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      g_byte_array_append (bytes, &byte, 1);
    }
  return g_byte_array_free_to_bytes (bytes);
}

static char *
decode_hex (HeraldPayloadFormat format,
            const char         *hex,
            HeraldPayloadStyle  style,
            GError            **error)
{
  g_autoptr(GBytes) bytes = from_hex (hex);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return herald_payload_decode (format, data, length, style, 0, error);
}

static void
assert_decodes (HeraldPayloadFormat format,
                const char         *hex,
                const char         *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = decode_hex (format, hex, HERALD_PAYLOAD_STYLE_LINE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

static void
assert_fails (HeraldPayloadFormat format,
              const char         *hex,
              HeraldPayloadError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = decode_hex (format, hex, HERALD_PAYLOAD_STYLE_LINE, &error);

  g_assert_error (error, HERALD_PAYLOAD_ERROR, (int) code);
  g_assert_null (text);
  /* Every error says what is wrong in a sentence a user can read. */
  g_assert_cmpuint (strlen (error->message), >, 20);
}

static void
test_cbor_rfc_examples (void)
{
  static const struct { const char *hex, *text; } examples[] = {
    { "00", "0" },
    { "17", "23" },
    { "1818", "24" },
    { "1903e8", "1000" },
    { "1bffffffffffffffff", "18446744073709551615" },
    { "20", "-1" },
    { "3903e7", "-1000" },
    { "3bffffffffffffffff", "-18446744073709551616" },
    { "f93c00", "1.0" },
    { "f93e00", "1.5" },
    { "fb3ff199999999999a", "1.1" },
    { "fa47c35000", "100000.0" },
    { "fb7e37e43c8800759c", "1e+300" },
    { "f97c00", "Infinity" },
    { "f97e00", "NaN" },
    { "f9fc00", "-Infinity" },
    { "f4", "false" },
    { "f5", "true" },
    { "f6", "null" },
    { "f7", "undefined" },
    { "c074323031332d30332d32315432303a30343a30305a", "0(\"2013-03-21T20:04:00Z\")" },
    { "d82076687474703a2f2f7777772e6578616d706c652e636f6d", "32(\"http://www.example.com\")" },
    { "4401020304", "h'01020304'" },
    { "40", "h''" },
    { "60", "\"\"" },
    { "6449455446", "\"IETF\"" },
    { "62225c", "\"\\\"\\\\\"" },
    { "62c3bc", "\"ü\"" },
    { "80", "[]" },
    { "83010203", "[1, 2, 3]" },
    { "8301820203820405", "[1, [2, 3], [4, 5]]" },
    { "a0", "{}" },
    { "a201020304", "{1: 2, 3: 4}" },
    { "a26161016162820203", "{\"a\": 1, \"b\": [2, 3]}" },
    { "826161a161626163", "[\"a\", {\"b\": \"c\"}]" },
    { "5f42010243030405ff", "(_ h'0102', h'030405')" },
    { "7f657374726561646d696e67ff", "(_ \"strea\", \"ming\")" },
    { "9fff", "[_ ]" },
    { "9f018202039f0405ffff", "[_ 1, [2, 3], [_ 4, 5]]" },
    { "83018202039f0405ff", "[1, [2, 3], [_ 4, 5]]" },
    { "bf61610161629f0203ffff", "{_ \"a\": 1, \"b\": [_ 2, 3]}" },
    { "826161bf61626163ff", "[\"a\", {_ \"b\": \"c\"}]" },
    { "bf6346756ef563416d7421ff", "{_ \"Fun\": true, \"Amt\": -2}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    assert_decodes (HERALD_PAYLOAD_FORMAT_CBOR, examples[i].hex, examples[i].text);
}

static void
test_cbor_pretty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = decode_hex (HERALD_PAYLOAD_FORMAT_CBOR, "a26161016162820203", HERALD_PAYLOAD_STYLE_PRETTY, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "{\n  \"a\": 1,\n  \"b\": [\n    2,\n    3\n  ]\n}");
}

static void
test_cbor_errors (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) tags = g_string_new (NULL);
  g_autoptr(GString) deepest = g_string_new (NULL);

  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "830102", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "19", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "44010203", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "a10102a1", HERALD_PAYLOAD_ERROR_TRAILING);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "0102", HERALD_PAYLOAD_ERROR_TRAILING);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "0119", HERALD_PAYLOAD_ERROR_TRAILING);
  /* Reserved additional information, an unassigned simple value, a lone break. */
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "1c", HERALD_PAYLOAD_ERROR_INVALID);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "f0", HERALD_PAYLOAD_ERROR_INVALID);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "ff", HERALD_PAYLOAD_ERROR_INVALID);
  /* A break inside a definite array; a key without its value. */
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "8201ff", HERALD_PAYLOAD_ERROR_INVALID);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "bf01ff", HERALD_PAYLOAD_ERROR_INVALID);
  /* A chunked string's chunks are strings of its own kind. */
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "5f6161ff", HERALD_PAYLOAD_ERROR_INVALID);
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, "7f01ff", HERALD_PAYLOAD_ERROR_INVALID);

  /* 32 levels decode; 33 do not; 100,000 neither, and nothing overflows. */
  for (guint i = 0; i < HERALD_PAYLOAD_MAX_DEPTH; i++)
    g_string_append (deep, "81");
  g_string_append (deep, "00");
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = decode_hex (HERALD_PAYLOAD_FORMAT_CBOR, deep->str, HERALD_PAYLOAD_STYLE_LINE, &error);
    g_autofree char *open = g_strnfill (HERALD_PAYLOAD_MAX_DEPTH, '[');
    g_autofree char *close = g_strnfill (HERALD_PAYLOAD_MAX_DEPTH, ']');
    g_autofree char *expected = g_strconcat (open, "0", close, NULL);

    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, expected);
  }
  g_string_prepend (deep, "81");
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, deep->str, HERALD_PAYLOAD_ERROR_TOO_DEEP);
  for (guint i = 0; i <= HERALD_PAYLOAD_MAX_DEPTH; i++)
    g_string_append (tags, "c1");
  g_string_append (tags, "00");
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, tags->str, HERALD_PAYLOAD_ERROR_TOO_DEEP);
  for (guint i = 0; i < 100000; i++)
    g_string_append (deepest, "9f");
  assert_fails (HERALD_PAYLOAD_FORMAT_CBOR, deepest->str, HERALD_PAYLOAD_ERROR_TOO_DEEP);
}

static void
test_msgpack (void)
{
  static const struct { const char *hex, *text; } examples[] = {
    { "00", "0" },
    { "7f", "127" },
    { "ff", "-1" },
    { "e0", "-32" },
    { "d0ff", "-1" },
    { "cc80", "128" },
    { "cfffffffffffffffff", "18446744073709551615" },
    { "d38000000000000000", "-9223372036854775808" },
    { "c0", "null" },
    { "c2", "false" },
    { "c3", "true" },
    { "ca3fc00000", "1.5" },
    { "ca3dcccccd", "0.1" },
    { "cb3ff199999999999a", "1.1" },
    { "a0", "\"\"" },
    { "a3616263", "\"abc\"" },
    { "d90449455446", "\"IETF\"" },
    { "c4020102", "h'0102'" },
    { "d4052a", "ext(5, h'2a')" },
    { "c704ff01020304", "ext(-1, h'01020304')" },
    { "90", "[]" },
    { "93010203", "[1, 2, 3]" },
    { "80", "{}" },
    { "82a16101a162920203", "{\"a\": 1, \"b\": [2, 3]}" },
    { "81a474656d70cb4035800000000000", "{\"temp\": 21.5}" },
  };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    assert_decodes (HERALD_PAYLOAD_FORMAT_MSGPACK, examples[i].hex, examples[i].text);

  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, "", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, "9201", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, "a4616263", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, "0102", HERALD_PAYLOAD_ERROR_TRAILING);
  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, "c1", HERALD_PAYLOAD_ERROR_INVALID);
  /* Deeper than msgpack-c's stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "91");
  g_string_append (deep, "00");
  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, deep->str, HERALD_PAYLOAD_ERROR_TOO_DEEP);
  /* Headers that claim more than follows are refused before msgpack-c
   * allocates for them: 4 billion elements, 200 million members (found by
   * fuzz-payload: 9 GB asked for), a string of 4 GB. */
  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, "ddffffffff", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, "df0600d209", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, "dbffffffff61", HERALD_PAYLOAD_ERROR_TRUNCATED);
  assert_fails (HERALD_PAYLOAD_FORMAT_MSGPACK, "9300", HERALD_PAYLOAD_ERROR_TRUNCATED);
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cut = NULL;
  g_autofree guint8 *big = g_malloc0 (HERALD_PAYLOAD_DECODE_LIMIT + 1);
  g_autofree char *text = NULL;

  /* The output stops at its limit, and says so. */
  cut = decode_hex (HERALD_PAYLOAD_FORMAT_CBOR, "8301820203820405", HERALD_PAYLOAD_STYLE_LINE, NULL);
  g_assert_cmpstr (cut, ==, "[1, [2, 3], [4, 5]]");
  g_clear_pointer (&cut, g_free);
  {
    g_autoptr(GBytes) bytes = from_hex ("8301820203820405");
    gsize length;
    const guint8 *data = g_bytes_get_data (bytes, &length);

    cut = herald_payload_decode (HERALD_PAYLOAD_FORMAT_CBOR, data, length, HERALD_PAYLOAD_STYLE_LINE, 6, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cut, ==, "[1, [2…");
  }

  /* Nothing over the limit is decoded. */
  big[0] = 0x5a;  /* a byte string of 4-byte length */
  text = herald_payload_decode (HERALD_PAYLOAD_FORMAT_CBOR, big, HERALD_PAYLOAD_DECODE_LIMIT + 1,
                                HERALD_PAYLOAD_STYLE_LINE, 0, &error);
  g_assert_error (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TOO_LARGE);
  g_assert_null (text);
  g_assert_cmpint (herald_payload_detect (big, HERALD_PAYLOAD_DECODE_LIMIT + 1), ==, HERALD_PAYLOAD_FORMAT_HEX);
}

static void
test_detect (void)
{
  static const struct { const char *hex; HeraldPayloadFormat format; } examples[] = {
    { "", HERALD_PAYLOAD_FORMAT_TEXT },
    { "68656c6c6f", HERALD_PAYLOAD_FORMAT_TEXT },                  /* hello */
    { "7b2261223a317d", HERALD_PAYLOAD_FORMAT_JSON },              /* {"a":1} */
    { "32312e35", HERALD_PAYLOAD_FORMAT_JSON },                    /* 21.5 */
    { "a16474656d70f94d60", HERALD_PAYLOAD_FORMAT_CBOR },          /* {"temp": 21.5} */
    { "81a474656d70cb4035800000000000", HERALD_PAYLOAD_FORMAT_MSGPACK },
    { "00ff00", HERALD_PAYLOAD_FORMAT_HEX },
    { "6869006869", HERALD_PAYLOAD_FORMAT_HEX },                   /* text with a NUL */
  };

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autoptr(GBytes) bytes = from_hex (examples[i].hex);
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);

      g_assert_cmpint (herald_payload_detect (data, length), ==, examples[i].format);
    }
  g_assert_cmpstr (herald_payload_format_get_name (HERALD_PAYLOAD_FORMAT_MSGPACK), ==, "MessagePack");
}

static void
assert_base64 (const char *text,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = herald_payload_decode_base64 ((const guint8 *) text, strlen (text), &error);

  if (expected == NULL)
    {
      g_assert_error (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_INVALID);
      g_assert_null (bytes);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, strlen (expected));
}

static void
test_base64 (void)
{
  assert_base64 ("eyJhIjoxfQ==", "{\"a\":1}");
  assert_base64 ("eyJhIjoxfQ", "{\"a\":1}");
  assert_base64 ("eyJh\nIjox\r\nfQ==\n", "{\"a\":1}");
  assert_base64 ("YQ", "a");
  assert_base64 ("-_-_", "\xfb\xff\xbf");
  assert_base64 ("+/+/", "\xfb\xff\xbf");
  assert_base64 ("", NULL);
  assert_base64 ("Y", NULL);
  assert_base64 ("YQ=", NULL);
  assert_base64 ("YQ===", NULL);
  assert_base64 ("Y=Q=", NULL);
  assert_base64 ("-/-/", NULL);
  assert_base64 ("abc$", NULL);
  assert_base64 ("héllo", NULL);
}

static void
test_hex_dump (void)
{
  g_autofree char *dump = herald_payload_hex_dump ((const guint8 *) "Herald\x01\x02", 8);

  g_assert_cmpstr (dump, ==, "00000000  48 65 72 61 6c 64 01 02                          Herald..\n");
}

static void
assert_diff (const char *before,
             const char *after,
             const char *expected,
             guint       expected_removed,
             guint       expected_added)
{
  guint removed = 99, added = 99;
  g_autofree char *diff = herald_text_diff (before, after, &removed, &added);

  g_assert_cmpstr (diff, ==, expected);
  g_assert_cmpuint (removed, ==, expected_removed);
  g_assert_cmpuint (added, ==, expected_added);
}

static void
test_diff (void)
{
  g_autoptr(GString) before = g_string_new (NULL);
  g_autoptr(GString) after = g_string_new (NULL);
  g_autofree char *big = NULL;
  guint removed, added;

  assert_diff ("", "", "", 0, 0);
  assert_diff ("a\nb\n", "a\nb", " a\n b\n", 0, 0);
  assert_diff ("{\n  \"temp\": 21.5,\n  \"unit\": \"C\"\n}",
               "{\n  \"temp\": 22.0,\n  \"unit\": \"C\"\n}",
               " {\n-  \"temp\": 21.5,\n+  \"temp\": 22.0,\n   \"unit\": \"C\"\n }\n", 1, 1);
  assert_diff ("a\nb\nc\nd", "a\nc\nd\ne", " a\n-b\n c\n d\n+e\n", 1, 1);
  assert_diff ("x\ny", "", "-x\n-y\n", 2, 0);
  assert_diff ("", "x", "+x\n", 0, 1);
  /* The longest common subsequence, not the first match: b c d stay. */
  assert_diff ("a\nb\nc\nd\nz", "b\nc\nd\na\nz", "-a\n b\n c\n d\n+a\n z\n", 1, 1);

  /* Past the bound the changed lines are all removed, then all added. */
  for (guint i = 0; i < 1001; i++)
    {
      g_string_append_printf (before, "old %u\n", i);
      g_string_append_printf (after, "new %u\n", i);
    }
  g_string_append (before, "same\n");
  g_string_append (after, "same\n");
  big = herald_text_diff (before->str, after->str, &removed, &added);
  g_assert_cmpuint (removed, ==, 1001);
  g_assert_cmpuint (added, ==, 1001);
  g_assert_true (g_str_has_prefix (big, "-old 0\n-old 1\n"));
  g_assert_true (g_str_has_suffix (big, "+new 1000\n same\n"));
}

/* What the publish view sends for what the user wrote in each format. */
static void
test_encode (void)
{
  static const struct {
    HeraldPayloadFormat format;
    const char *text;
    const char *bytes;
    gsize length;
    const char *says;
  } cases[] = {
    { HERALD_PAYLOAD_FORMAT_TEXT, "héllo {", "h\xc3\xa9llo {", 8, NULL },
    { HERALD_PAYLOAD_FORMAT_JSON, "{\"a\": [1, 2]}", "{\"a\": [1, 2]}", 13, NULL },
    { HERALD_PAYLOAD_FORMAT_JSON, "{\"a\": }", NULL, 0, "malformed" },
    { HERALD_PAYLOAD_FORMAT_HEX, "a1 65 74 65 6d 70 0x18 0x15", "\xa1\x65\x74\x65\x6d\x70\x18\x15", 8, NULL },
    { HERALD_PAYLOAD_FORMAT_HEX, "00:FF:10", "\x00\xff\x10", 3, NULL },
    { HERALD_PAYLOAD_FORMAT_HEX, "", "", 0, NULL },
    { HERALD_PAYLOAD_FORMAT_HEX, "a1 6", NULL, 0, "half a byte" },
    { HERALD_PAYLOAD_FORMAT_HEX, "a1 zz", NULL, 0, "“z” at character 4" },
    { HERALD_PAYLOAD_FORMAT_BASE64, "oWR0ZW1w+Q==", "\xa1\x64\x74\x65\x6d\x70\xf9", 7, NULL },
    { HERALD_PAYLOAD_FORMAT_BASE64, "oWR0*ZW1w", NULL, 0, "Not base64" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = herald_payload_encode (cases[i].text, cases[i].format, &error);

      g_test_message ("%s → %s", cases[i].text, error ? error->message : "(bytes)");
      if (cases[i].says != NULL)
        {
          g_assert_null (bytes);
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, cases[i].says));
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       cases[i].bytes, cases[i].length);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/payload/cbor/rfc-examples", test_cbor_rfc_examples);
  g_test_add_func ("/payload/cbor/pretty", test_cbor_pretty);
  g_test_add_func ("/payload/cbor/errors", test_cbor_errors);
  g_test_add_func ("/payload/msgpack", test_msgpack);
  g_test_add_func ("/payload/limits", test_limits);
  g_test_add_func ("/payload/detect", test_detect);
  g_test_add_func ("/payload/base64", test_base64);
  g_test_add_func ("/payload/hex-dump", test_hex_dump);
  g_test_add_func ("/payload/diff", test_diff);
  g_test_add_func ("/payload/encode", test_encode);
  return g_test_run ();
}
