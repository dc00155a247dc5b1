/* herald-payload-cbor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cbor.h>
#include <glib/gi18n.h>

#include "herald-payload-private.h"

/* A CBOR payload as diagnostic notation, through libcbor's streaming
 * decoder: it reads one head at a time and calls back with it, and this
 * file keeps the stack of open arrays, maps, tags and chunked strings
 * itself (bounded by HERALD_PAYLOAD_MAX_DEPTH), so that no tree of items is
 * built and nothing recurses on the payload's nesting. */

typedef enum
{
  FRAME_ARRAY,
  FRAME_MAP,
  FRAME_TAG,
  FRAME_BYTES,  /* an indefinite-length byte string's chunks */
  FRAME_TEXT,   /* an indefinite-length text string's chunks */
} FrameKind;

typedef struct
{
  FrameKind kind;
  gboolean  indefinite;
  guint64   remaining;  /* items (a map's keys and values both) still to come */
  guint64   written;
} Frame;

typedef struct
{
  HeraldPayloadWriter writer;
  Frame               stack[HERALD_PAYLOAD_MAX_DEPTH];
  guint               depth;
  gboolean            done;      /* the top-level item is complete */
  GError             *error;
} Decoder;

static void
fail (Decoder    *decoder,
      int         code,
      const char *message)
{
  if (decoder->error == NULL)
    g_set_error_literal (&decoder->error, HERALD_PAYLOAD_ERROR, code, message);
}

/* Before an item: its place in the array or map around it. Returns FALSE if
 * no item may come here. */
static gboolean
item_begin (Decoder *decoder)
{
  Frame *top;

  if (decoder->error != NULL)
    return FALSE;
  if (decoder->done)
    {
      fail (decoder, HERALD_PAYLOAD_ERROR_TRAILING, _("More than one CBOR item: Herald shows one item a message."));
      return FALSE;
    }
  if (decoder->depth == 0)
    return TRUE;

  top = &decoder->stack[decoder->depth - 1];
  switch (top->kind)
    {
    case FRAME_ARRAY:
      _herald_payload_writer_next (&decoder->writer, top->written == 0);
      break;
    case FRAME_MAP:
      if (top->written % 2 == 0)
        _herald_payload_writer_next (&decoder->writer, top->written == 0);
      break;
    case FRAME_BYTES:
    case FRAME_TEXT:
      /* Only chunks of the string's own kind, checked by the callers. */
      if (top->written > 0)
        _herald_payload_writer_raw (&decoder->writer, ", ");
      break;
    case FRAME_TAG:
    default:
      break;
    }
  return TRUE;
}

static void
close_frame (Decoder *decoder)
{
  Frame *top = &decoder->stack[--decoder->depth];

  switch (top->kind)
    {
    case FRAME_ARRAY:
      _herald_payload_writer_close (&decoder->writer, "]", top->written == 0);
      break;
    case FRAME_MAP:
      _herald_payload_writer_close (&decoder->writer, "}", top->written == 0);
      break;
    case FRAME_TAG:
      _herald_payload_writer_close (&decoder->writer, ")", TRUE);
      break;
    case FRAME_BYTES:
    case FRAME_TEXT:
    default:
      _herald_payload_writer_close (&decoder->writer, ")", TRUE);
      break;
    }
}

/* After an item: the frames it completes close, up the stack. */
static void
item_end (Decoder *decoder)
{
  while (decoder->depth > 0)
    {
      Frame *top = &decoder->stack[decoder->depth - 1];

      top->written++;
      if (top->kind == FRAME_MAP && top->written % 2 == 1)
        _herald_payload_writer_key_done (&decoder->writer);

      if (top->kind == FRAME_TAG)
        {
          close_frame (decoder);
          continue;
        }
      if (top->indefinite || --top->remaining > 0)
        return;
      close_frame (decoder);
    }
  decoder->done = TRUE;
}

static void
push (Decoder   *decoder,
      FrameKind  kind,
      gboolean   indefinite,
      guint64    items,
      const char *bracket)
{
  Frame *frame;

  if (decoder->depth == HERALD_PAYLOAD_MAX_DEPTH)
    {
      g_autofree char *message = g_strdup_printf (_("The CBOR data is nested deeper than %u levels: Herald does not decode it."),
                                                  HERALD_PAYLOAD_MAX_DEPTH);

      fail (decoder, HERALD_PAYLOAD_ERROR_TOO_DEEP, message);
      return;
    }

  _herald_payload_writer_open (&decoder->writer, bracket);
  if (!indefinite && items == 0)
    {
      _herald_payload_writer_close (&decoder->writer, kind == FRAME_MAP ? "}" : "]", TRUE);
      item_end (decoder);
      return;
    }

  frame = &decoder->stack[decoder->depth++];
  frame->kind = kind;
  frame->indefinite = indefinite;
  frame->remaining = items;
  frame->written = 0;
}

static gboolean
in_string (Decoder *decoder)
{
  if (decoder->depth == 0)
    return FALSE;
  return decoder->stack[decoder->depth - 1].kind == FRAME_BYTES ||
         decoder->stack[decoder->depth - 1].kind == FRAME_TEXT;
}

/* An item that is not a string's chunk where only chunks may come. */
static gboolean
scalar_begin (Decoder *decoder)
{
  if (in_string (decoder))
    {
      fail (decoder, HERALD_PAYLOAD_ERROR_INVALID, _("Not CBOR: a chunked string holds something other than a string."));
      return FALSE;
    }
  return item_begin (decoder);
}

static void
on_uint64 (void *data, uint64_t value)
{
  Decoder *decoder = data;

  if (!scalar_begin (decoder))
    return;
  _herald_payload_writer_uint (&decoder->writer, value);
  item_end (decoder);
}

static void on_uint8 (void *data, uint8_t value) { on_uint64 (data, value); }
static void on_uint16 (void *data, uint16_t value) { on_uint64 (data, value); }
static void on_uint32 (void *data, uint32_t value) { on_uint64 (data, value); }

static void
on_negint64 (void *data, uint64_t value)
{
  Decoder *decoder = data;

  if (!scalar_begin (decoder))
    return;
  _herald_payload_writer_negative (&decoder->writer, value);
  item_end (decoder);
}

static void on_negint8 (void *data, uint8_t value) { on_negint64 (data, value); }
static void on_negint16 (void *data, uint16_t value) { on_negint64 (data, value); }
static void on_negint32 (void *data, uint32_t value) { on_negint64 (data, value); }

static void
on_string (Decoder      *decoder,
           FrameKind     kind,
           const guint8 *data,
           gsize         length)
{
  if (in_string (decoder) && decoder->stack[decoder->depth - 1].kind != kind)
    {
      fail (decoder, HERALD_PAYLOAD_ERROR_INVALID, _("Not CBOR: a chunked string holds a chunk of another kind."));
      return;
    }
  if (!item_begin (decoder))
    return;
  if (kind == FRAME_BYTES)
    _herald_payload_writer_bytes (&decoder->writer, data, length);
  else
    _herald_payload_writer_string (&decoder->writer, (const char *) data, length);
  item_end (decoder);
}

static void
on_byte_string (void *data, cbor_data bytes, uint64_t length)
{
  on_string (data, FRAME_BYTES, bytes, length);
}

static void
on_text (void *data, cbor_data bytes, uint64_t length)
{
  on_string (data, FRAME_TEXT, bytes, length);
}

static void
on_byte_string_start (void *data)
{
  Decoder *decoder = data;

  if (scalar_begin (decoder))
    push (decoder, FRAME_BYTES, TRUE, 0, "(_ ");
}

static void
on_text_start (void *data)
{
  Decoder *decoder = data;

  if (scalar_begin (decoder))
    push (decoder, FRAME_TEXT, TRUE, 0, "(_ ");
}

static void
on_array_start (void *data, uint64_t size)
{
  Decoder *decoder = data;

  if (scalar_begin (decoder))
    push (decoder, FRAME_ARRAY, FALSE, size, "[");
}

static void
on_indef_array_start (void *data)
{
  Decoder *decoder = data;

  if (scalar_begin (decoder))
    push (decoder, FRAME_ARRAY, TRUE, 0, "[_ ");
}

static void
on_map_start (void *data, uint64_t size)
{
  Decoder *decoder = data;

  if (!scalar_begin (decoder))
    return;
  if (size > G_MAXUINT64 / 2)
    {
      fail (decoder, HERALD_PAYLOAD_ERROR_INVALID, _("Not CBOR: a map claims more members than any message can hold."));
      return;
    }
  push (decoder, FRAME_MAP, FALSE, size * 2, "{");
}

static void
on_indef_map_start (void *data)
{
  Decoder *decoder = data;

  if (scalar_begin (decoder))
    push (decoder, FRAME_MAP, TRUE, 0, "{_ ");
}

static void
on_tag (void *data, uint64_t value)
{
  Decoder *decoder = data;
  char text[32];

  if (!scalar_begin (decoder))
    return;
  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT "(", value);
  push (decoder, FRAME_TAG, FALSE, 1, text);
}

static void
on_double (Decoder *decoder,
           double   value,
           gboolean single)
{
  if (!scalar_begin (decoder))
    return;
  _herald_payload_writer_double (&decoder->writer, value, single);
  item_end (decoder);
}

static void on_float2 (void *data, float value) { on_double (data, value, TRUE); }
static void on_float4 (void *data, float value) { on_double (data, value, TRUE); }
static void on_float8 (void *data, double value) { on_double (data, value, FALSE); }

static void
on_word (Decoder    *decoder,
         const char *word)
{
  if (!scalar_begin (decoder))
    return;
  _herald_payload_writer_raw (&decoder->writer, word);
  item_end (decoder);
}

static void on_null (void *data) { on_word (data, "null"); }
static void on_undefined (void *data) { on_word (data, "undefined"); }
static void on_boolean (void *data, bool value) { on_word (data, value ? "true" : "false"); }

static void
on_indef_break (void *data)
{
  Decoder *decoder = data;
  Frame *top = decoder->depth > 0 ? &decoder->stack[decoder->depth - 1] : NULL;

  if (decoder->error != NULL)
    return;
  if (top == NULL || !top->indefinite || (top->kind == FRAME_MAP && top->written % 2 == 1))
    {
      fail (decoder, HERALD_PAYLOAD_ERROR_INVALID, _("Not CBOR: a “break” ends no indefinite-length item, or a map’s key has no value."));
      return;
    }
  close_frame (decoder);
  /* The closed item is complete: one item of what holds it. */
  item_end (decoder);
}

static const struct cbor_callbacks callbacks = {
  .uint8 = on_uint8,
  .uint16 = on_uint16,
  .uint32 = on_uint32,
  .uint64 = on_uint64,
  .negint8 = on_negint8,
  .negint16 = on_negint16,
  .negint32 = on_negint32,
  .negint64 = on_negint64,
  .byte_string_start = on_byte_string_start,
  .byte_string = on_byte_string,
  .string = on_text,
  .string_start = on_text_start,
  .indef_array_start = on_indef_array_start,
  .array_start = on_array_start,
  .indef_map_start = on_indef_map_start,
  .map_start = on_map_start,
  .tag = on_tag,
  .float2 = on_float2,
  .float4 = on_float4,
  .float8 = on_float8,
  .undefined = on_undefined,
  .null = on_null,
  .boolean = on_boolean,
  .indef_break = on_indef_break,
};

char *
_herald_payload_decode_cbor (const guint8        *data,
                             gsize                length,
                             HeraldPayloadStyle   style,
                             gsize                max_output,
                             GError             **error)
{
  Decoder decoder = { 0 };
  gsize offset = 0;

  _herald_payload_writer_init (&decoder.writer, style, max_output);

  while (offset < length && decoder.error == NULL)
    {
      struct cbor_decoder_result result = cbor_stream_decode (data + offset, length - offset, &callbacks, &decoder);

      if (result.status == CBOR_DECODER_NEDATA)
        break;
      if (result.status == CBOR_DECODER_ERROR || result.read == 0)
        {
          g_autofree char *message = g_strdup_printf (_("Not CBOR: byte %zu does not start a CBOR item."), offset + 1);

          fail (&decoder, HERALD_PAYLOAD_ERROR_INVALID, message);
          break;
        }
      offset += result.read;
    }

  if (decoder.error == NULL && decoder.done && offset < length)
    fail (&decoder, HERALD_PAYLOAD_ERROR_TRAILING, _("More than one CBOR item: Herald shows one item a message."));
  if (decoder.error == NULL && !decoder.done)
    fail (&decoder, HERALD_PAYLOAD_ERROR_TRUNCATED, _("The CBOR data ends inside an item: the message is cut short, or it is not CBOR."));

  if (decoder.error != NULL)
    {
      _herald_payload_writer_clear (&decoder.writer);
      g_propagate_error (error, decoder.error);
      return NULL;
    }

  return _herald_payload_writer_finish (&decoder.writer);
}
