/* herald-payload.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HeraldPayloadFormat:
 * @HERALD_PAYLOAD_FORMAT_TEXT: UTF-8 text
 * @HERALD_PAYLOAD_FORMAT_JSON: one JSON value
 * @HERALD_PAYLOAD_FORMAT_HEX: bytes, shown in hex
 * @HERALD_PAYLOAD_FORMAT_BASE64: text that is base64 of other bytes
 * @HERALD_PAYLOAD_FORMAT_CBOR: one CBOR data item (RFC 8949)
 * @HERALD_PAYLOAD_FORMAT_MSGPACK: one MessagePack object
 *
 * What a message's payload is, as Herald shows it.
 */
typedef enum
{
  HERALD_PAYLOAD_FORMAT_TEXT,
  HERALD_PAYLOAD_FORMAT_JSON,
  HERALD_PAYLOAD_FORMAT_HEX,
  HERALD_PAYLOAD_FORMAT_BASE64,
  HERALD_PAYLOAD_FORMAT_CBOR,
  HERALD_PAYLOAD_FORMAT_MSGPACK,
} HeraldPayloadFormat;

/**
 * HeraldPayloadStyle:
 * @HERALD_PAYLOAD_STYLE_PRETTY: one member or element a line, indented
 * @HERALD_PAYLOAD_STYLE_LINE: all on one line, as in a History row
 */
typedef enum
{
  HERALD_PAYLOAD_STYLE_PRETTY,
  HERALD_PAYLOAD_STYLE_LINE,
} HeraldPayloadStyle;

/* The deepest nesting of arrays, maps and tags a binary payload may have to
 * be decoded. MessagePack's C library stops at 32 levels itself
 * (MSGPACK_EMBED_STACK_SIZE); CBOR gets the same bound. */
#define HERALD_PAYLOAD_MAX_DEPTH 32

/* The largest payload Herald decodes (CBOR, MessagePack, base64, JSON): a
 * bigger one is shown as text or hex. */
#define HERALD_PAYLOAD_DECODE_LIMIT (256 * 1024)

#define HERALD_PAYLOAD_ERROR (herald_payload_error_quark ())

/**
 * HeraldPayloadError:
 * @HERALD_PAYLOAD_ERROR_INVALID: the bytes are not of the format
 * @HERALD_PAYLOAD_ERROR_TRUNCATED: the bytes end inside an item
 * @HERALD_PAYLOAD_ERROR_TRAILING: bytes follow the first item
 * @HERALD_PAYLOAD_ERROR_TOO_DEEP: nested deeper than %HERALD_PAYLOAD_MAX_DEPTH
 * @HERALD_PAYLOAD_ERROR_TOO_LARGE: longer than %HERALD_PAYLOAD_DECODE_LIMIT
 */
typedef enum
{
  HERALD_PAYLOAD_ERROR_INVALID,
  HERALD_PAYLOAD_ERROR_TRUNCATED,
  HERALD_PAYLOAD_ERROR_TRAILING,
  HERALD_PAYLOAD_ERROR_TOO_DEEP,
  HERALD_PAYLOAD_ERROR_TOO_LARGE,
} HeraldPayloadError;

GQuark              herald_payload_error_quark     (void);

const char         *herald_payload_format_get_name (HeraldPayloadFormat format);

HeraldPayloadFormat herald_payload_detect          (const guint8       *data,
                                                    gsize               length);

char               *herald_payload_decode          (HeraldPayloadFormat format,
                                                    const guint8       *data,
                                                    gsize               length,
                                                    HeraldPayloadStyle  style,
                                                    gsize               max_output,
                                                    GError            **error);

char               *herald_payload_decode_binary   (const guint8       *data,
                                                    gsize               length,
                                                    HeraldPayloadStyle  style,
                                                    gsize               max_output,
                                                    HeraldPayloadFormat *format);

GBytes             *herald_payload_decode_base64   (const guint8       *data,
                                                    gsize               length,
                                                    GError            **error);

char               *herald_payload_render          (const guint8       *data,
                                                    gsize               length,
                                                    HeraldPayloadFormat *format);

char               *herald_payload_hex_dump        (const guint8       *data,
                                                    gsize               length);

GBytes             *herald_payload_encode          (const char         *text,
                                                    HeraldPayloadFormat format,
                                                    GError            **error);

G_END_DECLS
