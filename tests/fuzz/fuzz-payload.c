/* fuzz-payload.c
 *
 * The payload decoders every received message may go through, on any
 * bytes: CBOR (libcbor's streaming decoder and Herald's stack of open
 * items), MessagePack (msgpack-c), strict base64, and the guess of which a
 * payload is. The first byte picks the output limit, the rest is the
 * payload.
 *
 * Checks beyond "no crash": the two styles agree on whether the payload
 * decodes; a limited output is a prefix of the whole one, then "…"; what
 * detection calls CBOR or MessagePack decodes as that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-payload.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_format (HeraldPayloadFormat format,
              const guint8       *data,
              gsize               size,
              gsize               limit)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = herald_payload_decode (format, data, size, HERALD_PAYLOAD_STYLE_LINE, 0, &error);
  g_autofree char *pretty = herald_payload_decode (format, data, size, HERALD_PAYLOAD_STYLE_PRETTY, 0, NULL);
  g_autofree char *cut = herald_payload_decode (format, data, size, HERALD_PAYLOAD_STYLE_LINE, limit, NULL);

  if ((line == NULL) != (error != NULL) || (line == NULL) != (pretty == NULL) || (line == NULL) != (cut == NULL))
    abort ();
  if (line == NULL)
    return;
  if (!g_utf8_validate (line, -1, NULL) || !g_utf8_validate (pretty, -1, NULL) || !g_utf8_validate (cut, -1, NULL))
    abort ();
  if (strcmp (cut, line) != 0)
    {
      /* Cut: a prefix of the whole text, then "…". */
      gsize kept = strlen (cut) - strlen ("…");

      if (!g_str_has_suffix (cut, "…") || kept > limit || strncmp (cut, line, kept) != 0)
        abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree guint8 *copy = NULL;
  gsize limit;
  HeraldPayloadFormat detected;

  if (size == 0)
    return 0;
  limit = 1 + data[0] % 64;
  /* An exact-size copy: AddressSanitizer sees any read past the end. */
  copy = g_memdup2 (data + 1, size - 1);
  size--;

  check_format (HERALD_PAYLOAD_FORMAT_CBOR, copy, size, limit);
  check_format (HERALD_PAYLOAD_FORMAT_MSGPACK, copy, size, limit);

  detected = herald_payload_detect (copy, size);
  if (detected == HERALD_PAYLOAD_FORMAT_CBOR || detected == HERALD_PAYLOAD_FORMAT_MSGPACK)
    {
      g_autofree char *text = herald_payload_decode (detected, copy, size, HERALD_PAYLOAD_STYLE_LINE, 0, NULL);

      if (text == NULL)
        abort ();
    }

  {
    g_autoptr(GBytes) bytes = herald_payload_decode_base64 (copy, size, NULL);
  }
  return 0;
}
