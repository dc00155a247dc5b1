/* herald-payload-msgpack.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <msgpack.h>
#include <msgpack/unpack_define.h>

#include "herald-payload-private.h"

/* A MessagePack payload as text, through msgpack-c's unpacker: it builds a
 * tree of objects in a zone and refuses nesting deeper than its fixed
 * stack (MSGPACK_EMBED_STACK_SIZE, 32 levels, reported as "no memory"), so
 * writing the tree out recursively stays within that depth. An array or
 * map's header makes the unpacker allocate room for all of its declared
 * elements before it reads them: a 5-byte payload can claim 200 million map
 * members and have it ask for 9 GB (msgpack-c has no limit for this in C).
 * So the headers are walked first (fits()), and a payload whose arrays,
 * maps, strings or binary data claim more than the bytes that follow is
 * refused before the unpacker sees it. */

G_STATIC_ASSERT (MSGPACK_EMBED_STACK_SIZE <= HERALD_PAYLOAD_MAX_DEPTH);

static guint64
read_be (const guint8 *p,
         guint         n)
{
  guint64 value = 0;

  for (guint i = 0; i < n; i++)
    value = (value << 8) | p[i];
  return value;
}

/* Whether every header of the objects the payload starts with claims no
 * more than the bytes after it: each element or member still to come takes
 * one byte at least, and each string, binary or extension its length. Only
 * sizes are checked; the unpacker checks the rest. */
static gboolean
fits (const guint8 *data,
      gsize         length)
{
  guint64 needed = 1;  /* objects still to come */
  gsize pos = 0;

  while (needed > 0)
    {
      guint8 b;
      guint64 header = 1;   /* bytes of this object before its content */
      guint64 content = 0;  /* bytes of its content */
      guint64 children = 0; /* objects it holds */

      if (pos >= length)
        return FALSE;
      b = data[pos];

      if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3)
        ;
      else if (b <= 0x8f)
        children = 2 * (b & 0x0f);
      else if (b <= 0x9f)
        children = b & 0x0f;
      else if (b <= 0xbf)
        content = b & 0x1f;
      else
        {
          /* Lengths and counts follow the type byte, big-endian. */
          static const guint8 length_bytes[] = {
            [0xc4 - 0xc4] = 1, [0xc5 - 0xc4] = 2, [0xc6 - 0xc4] = 4,  /* bin */
            [0xc7 - 0xc4] = 1, [0xc8 - 0xc4] = 2, [0xc9 - 0xc4] = 4,  /* ext */
            [0xd9 - 0xc4] = 1, [0xda - 0xc4] = 2, [0xdb - 0xc4] = 4,  /* str */
            [0xdc - 0xc4] = 2, [0xdd - 0xc4] = 4,                     /* array */
            [0xde - 0xc4] = 2, [0xdf - 0xc4] = 4,                     /* map */
          };
          /* Fixed sizes: floats, integers, fixext (with its type byte). */
          static const guint8 fixed_content[] = {
            [0xca - 0xc4] = 4, [0xcb - 0xc4] = 8,
            [0xcc - 0xc4] = 1, [0xcd - 0xc4] = 2, [0xce - 0xc4] = 4, [0xcf - 0xc4] = 8,
            [0xd0 - 0xc4] = 1, [0xd1 - 0xc4] = 2, [0xd2 - 0xc4] = 4, [0xd3 - 0xc4] = 8,
            [0xd4 - 0xc4] = 2, [0xd5 - 0xc4] = 3, [0xd6 - 0xc4] = 5, [0xd7 - 0xc4] = 9, [0xd8 - 0xc4] = 17,
          };
          guint n;
          guint64 value;

          if (b == 0xc1)
            return TRUE;  /* never used: the unpacker says so */
          n = length_bytes[b - 0xc4];
          if (n == 0)
            {
              content = fixed_content[b - 0xc4];
              goto check;
            }
          if (length - pos - 1 < n)
            return FALSE;
          value = read_be (data + pos + 1, n);
          header = 1 + n;
          if (b >= 0xdc && b <= 0xdd)
            children = value;
          else if (b >= 0xde)
            children = 2 * value;
          else
            content = value + (b >= 0xc7 && b <= 0xc9 ? 1 : 0);  /* ext: its type byte */
        }

    check:
      if (header + content > length - pos)
        return FALSE;
      pos += header + content;
      needed = needed - 1 + children;
      if (needed > length - pos)
        return FALSE;
    }

  return TRUE;
}

static void
write_object (HeraldPayloadWriter  *writer,
              const msgpack_object *object)
{
  switch (object->type)
    {
    case MSGPACK_OBJECT_NIL:
      _herald_payload_writer_raw (writer, "null");
      break;
    case MSGPACK_OBJECT_BOOLEAN:
      _herald_payload_writer_raw (writer, object->via.boolean ? "true" : "false");
      break;
    case MSGPACK_OBJECT_POSITIVE_INTEGER:
      _herald_payload_writer_uint (writer, object->via.u64);
      break;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER:
      _herald_payload_writer_int (writer, object->via.i64);
      break;
    case MSGPACK_OBJECT_FLOAT32:
      _herald_payload_writer_double (writer, object->via.f64, TRUE);
      break;
    case MSGPACK_OBJECT_FLOAT64:
      _herald_payload_writer_double (writer, object->via.f64, FALSE);
      break;
    case MSGPACK_OBJECT_STR:
      _herald_payload_writer_string (writer, object->via.str.ptr, object->via.str.size);
      break;
    case MSGPACK_OBJECT_BIN:
      _herald_payload_writer_bytes (writer, (const guint8 *) object->via.bin.ptr, object->via.bin.size);
      break;
    case MSGPACK_OBJECT_EXT:
      {
        char text[16];

        g_snprintf (text, sizeof text, "ext(%d, ", (int) object->via.ext.type);
        _herald_payload_writer_raw (writer, text);
        _herald_payload_writer_bytes (writer, (const guint8 *) object->via.ext.ptr, object->via.ext.size);
        _herald_payload_writer_raw (writer, ")");
      }
      break;
    case MSGPACK_OBJECT_ARRAY:
      _herald_payload_writer_open (writer, "[");
      for (guint32 i = 0; i < object->via.array.size; i++)
        {
          _herald_payload_writer_next (writer, i == 0);
          write_object (writer, &object->via.array.ptr[i]);
        }
      _herald_payload_writer_close (writer, "]", object->via.array.size == 0);
      break;
    case MSGPACK_OBJECT_MAP:
      _herald_payload_writer_open (writer, "{");
      for (guint32 i = 0; i < object->via.map.size; i++)
        {
          _herald_payload_writer_next (writer, i == 0);
          write_object (writer, &object->via.map.ptr[i].key);
          _herald_payload_writer_key_done (writer);
          write_object (writer, &object->via.map.ptr[i].val);
        }
      _herald_payload_writer_close (writer, "}", object->via.map.size == 0);
      break;
    default:
      _herald_payload_writer_raw (writer, "?");
      break;
    }
}

char *
_herald_payload_decode_msgpack (const guint8        *data,
                                gsize                length,
                                HeraldPayloadStyle   style,
                                gsize                max_output,
                                GError             **error)
{
  msgpack_unpacked unpacked;
  msgpack_unpack_return ret;
  HeraldPayloadWriter writer;
  size_t offset = 0;
  char *text = NULL;

  if (length == 0)
    {
      g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TRUNCATED,
                           _("The message is empty: there is no MessagePack object in it."));
      return NULL;
    }

  if (!fits (data, length))
    {
      g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TRUNCATED,
                           _("The MessagePack data ends inside an object: the message is cut short, or it is not MessagePack."));
      return NULL;
    }

  msgpack_unpacked_init (&unpacked);
  ret = msgpack_unpack_next (&unpacked, (const char *) data, length, &offset);
  switch (ret)
    {
    case MSGPACK_UNPACK_SUCCESS:
      if (offset < length)
        {
          g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TRAILING,
                               _("More than one MessagePack object: Herald shows one object a message."));
          break;
        }
      _herald_payload_writer_init (&writer, style, max_output);
      write_object (&writer, &unpacked.data);
      text = _herald_payload_writer_finish (&writer);
      break;
    case MSGPACK_UNPACK_EXTRA_BYTES:
      g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TRAILING,
                           _("More than one MessagePack object: Herald shows one object a message."));
      break;
    case MSGPACK_UNPACK_CONTINUE:
      g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TRUNCATED,
                           _("The MessagePack data ends inside an object: the message is cut short, or it is not MessagePack."));
      break;
    case MSGPACK_UNPACK_NOMEM_ERROR:
      g_set_error (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_TOO_DEEP,
                   _("The MessagePack data is nested deeper than %u levels: Herald does not decode it."),
                   (guint) MSGPACK_EMBED_STACK_SIZE);
      break;
    case MSGPACK_UNPACK_PARSE_ERROR:
    default:
      g_set_error_literal (error, HERALD_PAYLOAD_ERROR, HERALD_PAYLOAD_ERROR_INVALID,
                           _("Not MessagePack: a byte that starts no MessagePack object."));
      break;
    }
  msgpack_unpacked_destroy (&unpacked);

  return text;
}
