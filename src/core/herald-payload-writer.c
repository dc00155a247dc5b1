/* herald-payload-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "herald-payload-private.h"

/* What a decoder writes goes through here: past max_output nothing more is
 * kept (the decoder still checks the rest), and the text ends in "…". */
static gboolean
room (HeraldPayloadWriter *writer)
{
  if (writer->out->len < writer->max_output)
    return TRUE;
  writer->cut = TRUE;
  return FALSE;
}

static void
append (HeraldPayloadWriter *writer,
        const char          *text,
        gsize                length)
{
  if (room (writer))
    g_string_append_len (writer->out, text, MIN (length, writer->max_output - writer->out->len + 1));
}

void
_herald_payload_writer_init (HeraldPayloadWriter *writer,
                             HeraldPayloadStyle   style,
                             gsize                max_output)
{
  writer->out = g_string_new (NULL);
  writer->style = style;
  writer->max_output = max_output > 0 ? max_output : G_MAXSIZE - 1;
  writer->depth = 0;
  writer->cut = FALSE;
}

/* Returns: (transfer full): the text, "…" at its end if it was cut */
char *
_herald_payload_writer_finish (HeraldPayloadWriter *writer)
{
  GString *out = g_steal_pointer (&writer->out);

  if (out->len > writer->max_output)
    {
      /* At the start of the character that crosses the limit. */
      const char *end = g_utf8_find_prev_char (out->str, out->str + writer->max_output + 1);

      g_string_truncate (out, end != NULL ? (gsize) (end - out->str) : 0);
      writer->cut = TRUE;
    }
  if (writer->cut)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

void
_herald_payload_writer_clear (HeraldPayloadWriter *writer)
{
  if (writer->out != NULL)
    g_string_free (g_steal_pointer (&writer->out), TRUE);
}

static void
new_line (HeraldPayloadWriter *writer)
{
  if (!room (writer))
    return;
  g_string_append_c (writer->out, '\n');
  for (guint i = 0; i < writer->depth; i++)
    g_string_append (writer->out, "  ");
}

void
_herald_payload_writer_open (HeraldPayloadWriter *writer,
                             const char          *bracket)
{
  append (writer, bracket, strlen (bracket));
  writer->depth++;
}

void
_herald_payload_writer_next (HeraldPayloadWriter *writer,
                             gboolean             first)
{
  if (!first)
    append (writer, ",", 1);
  if (writer->style == HERALD_PAYLOAD_STYLE_PRETTY)
    new_line (writer);
  else if (!first)
    append (writer, " ", 1);
}

void
_herald_payload_writer_close (HeraldPayloadWriter *writer,
                              const char          *bracket,
                              gboolean             empty)
{
  g_assert (writer->depth > 0);
  writer->depth--;
  if (!empty && writer->style == HERALD_PAYLOAD_STYLE_PRETTY)
    new_line (writer);
  append (writer, bracket, strlen (bracket));
}

void
_herald_payload_writer_key_done (HeraldPayloadWriter *writer)
{
  append (writer, ": ", 2);
}

void
_herald_payload_writer_raw (HeraldPayloadWriter *writer,
                            const char          *text)
{
  append (writer, text, strlen (text));
}

/* A JSON string: quotes, backslashes and control characters (NUL too)
 * escaped; a byte that does not start a UTF-8 character as U+FFFD. */
void
_herald_payload_writer_string (HeraldPayloadWriter *writer,
                               const char          *data,
                               gsize                length)
{
  const char *p = data;
  const char *end;

  /* msgpack-c gives an empty string no pointer at all. */
  if (length == 0)
    {
      append (writer, "\"\"", 2);
      return;
    }

  end = data + length;
  append (writer, "\"", 1);
  while (p < end && room (writer))
    {
      guchar c = (guchar) *p;
      gunichar ch;

      if (c >= 0x80)
        {
          ch = g_utf8_get_char_validated (p, end - p);
          if (ch == (gunichar) -1 || ch == (gunichar) -2)
            {
              g_string_append (writer->out, "\uFFFD");
              p++;
            }
          else
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (writer->out, p, next - p);
              p = next;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          g_string_append (writer->out, "\\\"");
          break;
        case '\\':
          g_string_append (writer->out, "\\\\");
          break;
        case '\n':
          g_string_append (writer->out, "\\n");
          break;
        case '\r':
          g_string_append (writer->out, "\\r");
          break;
        case '\t':
          g_string_append (writer->out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (writer->out, "\\u%04x", c);
          else
            g_string_append_c (writer->out, (char) c);
          break;
        }
      p++;
    }
  append (writer, "\"", 1);
}

void
_herald_payload_writer_bytes (HeraldPayloadWriter *writer,
                              const guint8        *data,
                              gsize                length)
{
  static const char digits[] = "0123456789abcdef";

  append (writer, "h'", 2);
  for (gsize i = 0; i < length && room (writer); i++)
    {
      g_string_append_c (writer->out, digits[data[i] >> 4]);
      g_string_append_c (writer->out, digits[data[i] & 0xf]);
    }
  append (writer, "'", 1);
}

void
_herald_payload_writer_uint (HeraldPayloadWriter *writer,
                             guint64              value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, value);
  append (writer, text, strlen (text));
}

void
_herald_payload_writer_int (HeraldPayloadWriter *writer,
                            gint64               value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  append (writer, text, strlen (text));
}

void
_herald_payload_writer_negative (HeraldPayloadWriter *writer,
                                 guint64              value)
{
  char text[32];

  if (value == G_MAXUINT64)
    g_strlcpy (text, "-18446744073709551616", sizeof text);
  else
    g_snprintf (text, sizeof text, "-%" G_GUINT64_FORMAT, value + 1);
  append (writer, text, strlen (text));
}

/* The shortest text that reads back as the same float or double, with a
 * decimal point so that 2.0 does not look like the integer 2. */
void
_herald_payload_writer_double (HeraldPayloadWriter *writer,
                               double               value,
                               gboolean             single)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    g_strlcpy (text, "NaN", sizeof text);
  else if (isinf (value))
    g_strlcpy (text, value > 0 ? "Infinity" : "-Infinity", sizeof text);
  else
    {
      for (int precision = 1; precision <= 17; precision++)
        {
          char format[8];

          /* g_ascii_formatd(): a point, never the locale's comma. */
          g_snprintf (format, sizeof format, "%%.%dg", precision);
          g_ascii_formatd (text, sizeof text, format, value);
          if (single ? (float) g_ascii_strtod (text, NULL) == (float) value
                     : g_ascii_strtod (text, NULL) == value)
            break;
        }
      /* 100000.0 rather than 1e+05, as long as the digits stay few. */
      if (strchr (text, 'e') != NULL && fabs (value) >= 1e-6 && fabs (value) < 1e15)
        for (int decimals = 0; decimals <= 17; decimals++)
          {
            char fixed[G_ASCII_DTOSTR_BUF_SIZE];
            char format[8];

            g_snprintf (format, sizeof format, "%%.%df", decimals);
            g_ascii_formatd (fixed, sizeof fixed, format, value);
            if (single ? (float) g_ascii_strtod (fixed, NULL) == (float) value
                       : g_ascii_strtod (fixed, NULL) == value)
              {
                g_strlcpy (text, fixed, sizeof text);
                break;
              }
          }
      if (strpbrk (text, ".en") == NULL)
        g_strlcat (text, ".0", sizeof text);
    }
  append (writer, text, strlen (text));
}
