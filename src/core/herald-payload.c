/* herald-payload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-json-format.h"
#include "herald-json-private.h"
#include "herald-payload-private.h"

/* What a payload is and how to show it: text, JSON, hex, base64, CBOR
 * (libcbor) and MessagePack (msgpack-c). Binary payloads are decoded only
 * up to HERALD_PAYLOAD_DECODE_LIMIT bytes, and every decoder bounds its
 * nesting: the bytes come from any client of any broker. */

G_DEFINE_QUARK (herald-payload-error-quark, herald_payload_error)

/**
 * herald_payload_format_get_name:
 *
 * Returns: the format's name as the message viewer shows it ("CBOR",
 *   "MessagePack"); names of formats are not translated
 */
const char *
herald_payload_format_get_name (HeraldPayloadFormat format)
{
  switch (format)
    {
    case HERALD_PAYLOAD_FORMAT_TEXT:
      return "Text";
    case HERALD_PAYLOAD_FORMAT_JSON:
      return "JSON";
    case HERALD_PAYLOAD_FORMAT_HEX:
      return "Hex";
    case HERALD_PAYLOAD_FORMAT_BASE64:
      return "Base64";
    case HERALD_PAYLOAD_FORMAT_CBOR:
      return "CBOR";
    case HERALD_PAYLOAD_FORMAT_MSGPACK:
      return "MessagePack";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
is_text (const guint8 *data,
         gsize         length)
{
  return g_utf8_validate_len ((const char *) data, length, NULL) && memchr (data, '\0', length) == NULL;
}

/**
 * herald_payload_decode_binary:
 * @max_output: as herald_payload_decode()'s
 * @format: (out): %HERALD_PAYLOAD_FORMAT_CBOR or
 *   %HERALD_PAYLOAD_FORMAT_MSGPACK, when decoded
 *
 * Decodes @data as CBOR, or else as MessagePack, once: what
 * herald_payload_detect() and herald_payload_decode() do together, without
 * decoding the payload twice.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if @data is
 *   neither (or too large)
 */
char *
herald_payload_decode_binary (const guint8        *data,
                              gsize                length,
                              HeraldPayloadStyle   style,
                              gsize                max_output,
                              HeraldPayloadFormat *format)
{
  static const HeraldPayloadFormat tried[] = { HERALD_PAYLOAD_FORMAT_CBOR, HERALD_PAYLOAD_FORMAT_MSGPACK };

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tried); i++)
    {
      char *text = herald_payload_decode (tried[i], data, length, style, max_output, NULL);

      if (text != NULL)
        {
          *format = tried[i];
          return text;
        }
    }

  return NULL;
}

/**
 * herald_payload_detect:
 *
 * Text is JSON if it is one JSON value, and text otherwise. Bytes that are
 * not text are CBOR if they are exactly one CBOR item, MessagePack if they
 * are exactly one MessagePack object, and hex otherwise; over
 * %HERALD_PAYLOAD_DECODE_LIMIT they are hex. Base64 is never guessed: most
 * short words are base64 of something.
 *
 * Returns: how the payload is best shown
 */
HeraldPayloadFormat
herald_payload_detect (const guint8 *data,
                       gsize         length)
{
  g_return_val_if_fail (data != NULL || length == 0, HERALD_PAYLOAD_FORMAT_HEX);

  if (length == 0)
    return HERALD_PAYLOAD_FORMAT_TEXT;

  if (is_text (data, length))
    {
      if (length <= HERALD_PAYLOAD_DECODE_LIMIT && herald_json_check ((const char *) data, length, NULL))
        return HERALD_PAYLOAD_FORMAT_JSON;
      return HERALD_PAYLOAD_FORMAT_TEXT;
    }

  if (length > HERALD_PAYLOAD_DECODE_LIMIT)
    return HERALD_PAYLOAD_FORMAT_HEX;

  {
    /* One byte of output: only whether the whole payload decodes matters. */
    HeraldPayloadFormat format = HERALD_PAYLOAD_FORMAT_HEX;
    g_autofree char *text = herald_payload_decode_binary (data, length, HERALD_PAYLOAD_STYLE_LINE, 1, &format);

    return format;
  }
}

/**
 * herald_payload_decode:
 * @format: %HERALD_PAYLOAD_FORMAT_CBOR or %HERALD_PAYLOAD_FORMAT_MSGPACK
 * @max_output: the longest text to return (it then ends in "…"), or 0 for
 *   no limit
 * @error: %HERALD_PAYLOAD_ERROR
 *
 * Decodes the whole payload, which must be exactly one item of @format, as
 * CBOR's diagnostic notation: JSON where the data is JSON's, byte strings
 * as h'…', tags as 1(…), MessagePack's extensions as ext(type, h'…').
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error set
 */
char *
herald_payload_decode (HeraldPayloadFormat format,
                       const guint8       *data,
                       gsize               length,
                       HeraldPayloadStyle  style,
                       gsize               max_output,
                       GError            **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (format == HERALD_PAYLOAD_FORMAT_CBOR || format == HERALD_PAYLOAD_FORMAT_MSGPACK, NULL);

  if (length > HERALD_PAYLOAD_DECODE_LIMIT)
    {
      g_autofree char *limit = g_format_size (HERALD_PAYLOAD_DECODE_LIMIT);

      g_set_error (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TOO_LARGE,
                   _("The message is larger than %s: Herald shows it as it is, without decoding it."), limit);
      return NULL;
    }

  if (format == HERALD_PAYLOAD_FORMAT_CBOR)
    return _herald_payload_decode_cbor (data, length, style, max_output, error);
  return _herald_payload_decode_msgpack (data, length, style, max_output, error);
}

static gboolean
is_base64_char (guchar   c,
                gboolean url_safe)
{
  return g_ascii_isalnum (c) || (url_safe ? (c == '-' || c == '_') : (c == '+' || c == '/'));
}

/**
 * herald_payload_decode_base64:
 *
 * Strict base64 (RFC 4648), standard or URL-safe alphabet but not both,
 * padded or not; white space between the characters (line breaks) is
 * skipped. Anything else is an error, unlike g_base64_decode(), which skips
 * what it does not know.
 *
 * Returns: (transfer full) (nullable): the decoded bytes, or %NULL with
 *   @error set
 */
GBytes *
herald_payload_decode_base64 (const guint8 *data,
                              gsize         length,
                              GError      **error)
{
  g_autoptr(GString) clean = NULL;
  gboolean url_safe = FALSE;
  gboolean standard = FALSE;
  guint padding = 0;
  gsize decoded_length = 0;
  guchar *decoded;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > HERALD_PAYLOAD_DECODE_LIMIT)
    {
      g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TOO_LARGE,
                           _("The message is too large to decode as base64."));
      return NULL;
    }

  clean = g_string_sized_new (length + 3);
  for (gsize i = 0; i < length; i++)
    {
      guchar c = data[i];

      if (g_ascii_isspace (c))
        continue;
      if (c == '=')
        {
          padding++;
          g_string_append_c (clean, '=');
          continue;
        }
      if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/' || c == '-' || c == '_'))
        {
          g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_INVALID,
                               _("Not base64: it holds characters base64 does not use."));
          return NULL;
        }
      url_safe |= c == '-' || c == '_';
      standard |= c == '+' || c == '/';
      g_string_append_c (clean, (char) c);
    }

  if ((url_safe && standard) || padding > 2 || clean->len == 0 ||
      (padding > 0 && clean->len % 4 != 0) || clean->len % 4 == 1)
    {
      g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_INVALID,
                           _("Not base64: its length or its padding is not base64’s."));
      return NULL;
    }

  for (gsize i = 0; i < clean->len; i++)
    {
      if (clean->str[i] == '-')
        clean->str[i] = '+';
      else if (clean->str[i] == '_')
        clean->str[i] = '/';
      else
        g_assert (clean->str[i] == '=' || is_base64_char (clean->str[i], FALSE));
    }
  while (clean->len % 4 != 0)
    g_string_append_c (clean, '=');

  decoded = g_base64_decode (clean->str, &decoded_length);
  return g_bytes_new_take (decoded, decoded_length);
}

/**
 * herald_payload_render:
 * @format: (out) (optional): the format it is shown as
 *
 * The payload as the message viewer shows it first: JSON pretty-printed,
 * CBOR and MessagePack decoded and indented, text as it is (bytes that are
 * not UTF-8 replaced), anything else as a hex dump. Over
 * %HERALD_PAYLOAD_DECODE_LIMIT only the beginning is shown.
 *
 * Returns: (transfer full): the text
 */
char *
herald_payload_render (const guint8        *data,
                       gsize                length,
                       HeraldPayloadFormat *format)
{
  gsize shown = MIN (length, (gsize) HERALD_PAYLOAD_DECODE_LIMIT);
  HeraldPayloadFormat detected = HERALD_PAYLOAD_FORMAT_HEX;
  char *text = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* Decoded once: what herald_payload_detect() says, with the text. */
  if (shown == 0 || is_text (data, shown))
    {
      detected = herald_payload_detect (data, shown);
      text = detected == HERALD_PAYLOAD_FORMAT_JSON ? herald_json_format_pretty ((const char *) data, shown)
                                                    : g_utf8_make_valid ((const char *) data, shown);
    }
  else if (length <= HERALD_PAYLOAD_DECODE_LIMIT)
    text = herald_payload_decode_binary (data, shown, HERALD_PAYLOAD_STYLE_PRETTY, 4 * shown + 1024, &detected);

  if (text == NULL)
    {
      detected = is_text (data, shown) ? HERALD_PAYLOAD_FORMAT_TEXT : HERALD_PAYLOAD_FORMAT_HEX;
      text = detected == HERALD_PAYLOAD_FORMAT_TEXT ? g_utf8_make_valid ((const char *) data, shown)
                                                    : herald_payload_hex_dump (data, shown);
    }
  if (format != NULL)
    *format = detected;
  return text;
}

/**
 * herald_payload_hex_dump:
 *
 * Returns: (transfer full): the bytes as a hex dump, 16 a line: offset,
 *   bytes, and the printable ASCII characters among them
 */
char *
herald_payload_hex_dump (const guint8 *data,
                         gsize         length)
{
  GString *out = g_string_sized_new (length * 4 + 64);

  for (gsize offset = 0; offset < length; offset += 16)
    {
      g_string_append_printf (out, "%08zx  ", offset);
      for (gsize i = 0; i < 16; i++)
        {
          if (offset + i < length)
            g_string_append_printf (out, "%02x ", data[offset + i]);
          else
            g_string_append (out, "   ");
        }
      g_string_append (out, " ");
      for (gsize i = 0; i < 16 && offset + i < length; i++)
        {
          guint8 c = data[offset + i];
          g_string_append_c (out, g_ascii_isprint (c) ? c : '.');
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* A publish's payload from what the user wrote ----------------------------- */

static GBytes *
parse_hex (const char  *text,
           GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  int high = -1;

  for (const char *p = text; *p != '\0'; p++)
    {
      int digit;

      if (g_ascii_isspace (*p) || *p == ':')
        continue;
      if ((p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) && high < 0)
        {
          p++;
          continue;
        }
      digit = g_ascii_xdigit_value (*p);
      if (digit < 0)
        {
          g_set_error (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_INVALID,
                       _("“%c” at character %ld is not a hex digit. Write bytes as pairs of 0–9 and a–f, like 7b 22 61 22 7d."),
                       *p, (long) (p - text) + 1);
          return NULL;
        }
      if (high < 0)
        high = digit;
      else
        {
          guint8 byte = (guint8) (high << 4 | digit);

          g_byte_array_append (bytes, &byte, 1);
          high = -1;
        }
    }

  if (high >= 0)
    {
      g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TRUNCATED,
                           _("The hex ends with half a byte. Write each byte as two digits."));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/**
 * herald_payload_encode:
 * @text: what the user wrote
 * @format: how to read it: %HERALD_PAYLOAD_FORMAT_TEXT (sent as it is, UTF-8),
 *   %HERALD_PAYLOAD_FORMAT_JSON (checked, sent as it is),
 *   %HERALD_PAYLOAD_FORMAT_HEX (pairs of hex digits; spaces, colons and 0x
 *   prefixes skipped) or %HERALD_PAYLOAD_FORMAT_BASE64 (strict)
 *
 * Returns: (transfer full) (nullable): the bytes to publish, or %NULL with
 *   @error set to a sentence that says where the text is wrong
 */
GBytes *
herald_payload_encode (const char           *text,
                       HeraldPayloadFormat   format,
                       GError              **error)
{
  g_return_val_if_fail (text != NULL, NULL);

  switch (format)
    {
    case HERALD_PAYLOAD_FORMAT_JSON:
      if (!herald_json_check (text, -1, error))
        return NULL;
      G_GNUC_FALLTHROUGH;
    case HERALD_PAYLOAD_FORMAT_TEXT:
      return g_bytes_new (text, strlen (text));
    case HERALD_PAYLOAD_FORMAT_HEX:
      return parse_hex (text, error);
    case HERALD_PAYLOAD_FORMAT_BASE64:
      return herald_payload_decode_base64 ((const guint8 *) text, strlen (text), error);
    case HERALD_PAYLOAD_FORMAT_CBOR:
    case HERALD_PAYLOAD_FORMAT_MSGPACK:
    default:
      g_return_val_if_reached (NULL);
    }
}
