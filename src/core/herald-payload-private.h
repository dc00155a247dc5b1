/* herald-payload-private.h
 *
 * The text a decoded CBOR or MessagePack payload is shown as, written as
 * the decoder walks it: CBOR's diagnostic notation (RFC 8949, section 8),
 * which is JSON with a few additions — byte strings as h'0a1b', tags as
 * 1(...), undefined, simple(16), NaN and Infinity, keys of any kind.
 * MessagePack's binary data and extension types use the same: h'...' and
 * ext(5, h'...'). Not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-payload.h"

G_BEGIN_DECLS

typedef struct
{
  GString            *out;
  HeraldPayloadStyle  style;
  gsize               max_output;  /* what is written past it is dropped */
  guint               depth;
  gboolean            cut;         /* something was dropped */
} HeraldPayloadWriter;

void   _herald_payload_writer_init      (HeraldPayloadWriter *writer,
                                         HeraldPayloadStyle   style,
                                         gsize                max_output);
char  *_herald_payload_writer_finish    (HeraldPayloadWriter *writer);
void   _herald_payload_writer_clear     (HeraldPayloadWriter *writer);

/* Before each element of an array or member of a map but the first, and
 * before the first too: the separator and the line break of the style. */
void   _herald_payload_writer_open      (HeraldPayloadWriter *writer,
                                         const char          *bracket);
void   _herald_payload_writer_next      (HeraldPayloadWriter *writer,
                                         gboolean             first);
void   _herald_payload_writer_close     (HeraldPayloadWriter *writer,
                                         const char          *bracket,
                                         gboolean             empty);
void   _herald_payload_writer_key_done  (HeraldPayloadWriter *writer);

void   _herald_payload_writer_raw       (HeraldPayloadWriter *writer,
                                         const char          *text);
void   _herald_payload_writer_string    (HeraldPayloadWriter *writer,
                                         const char          *data,
                                         gsize                length);
void   _herald_payload_writer_bytes     (HeraldPayloadWriter *writer,
                                         const guint8        *data,
                                         gsize                length);
void   _herald_payload_writer_uint      (HeraldPayloadWriter *writer,
                                         guint64              value);
void   _herald_payload_writer_int       (HeraldPayloadWriter *writer,
                                         gint64               value);
/* -1 - @value, CBOR's negative integers (down to -2^64) */
void   _herald_payload_writer_negative  (HeraldPayloadWriter *writer,
                                         guint64              value);
void   _herald_payload_writer_double    (HeraldPayloadWriter *writer,
                                         double               value,
                                         gboolean             single);

char  *_herald_payload_decode_cbor      (const guint8        *data,
                                         gsize                length,
                                         HeraldPayloadStyle   style,
                                         gsize                max_output,
                                         GError             **error);
char  *_herald_payload_decode_msgpack   (const guint8        *data,
                                         gsize                length,
                                         HeraldPayloadStyle   style,
                                         gsize                max_output,
                                         GError             **error);

G_END_DECLS
