/* fuzz-common.h
 *
 * What every libFuzzer target of tests/fuzz shares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* g_error() and fatal log messages end in SIGTRAP, which libFuzzer does not
 * catch: turn it into an abort, so that the input is kept as a crash. */
static void
fuzz_on_trap (int signum)
{
  abort ();
}

/* A critical (a g_return_if_fail() that an input reached) or a warning is a
 * bug the fuzzer must report: make them abort. */
static inline void
fuzz_init (void)
{
  signal (SIGTRAP, fuzz_on_trap);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* The input as a nul-terminated string (cut at its first nul). */
static inline char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  return g_strndup ((const char *) data, size);
}

/* Cuts the input at the first @separator: returns the part before it, and
 * moves @data and @size past it (to the end when there is none). */
static inline char *
fuzz_take_until (const uint8_t **data,
                 size_t         *size,
                 uint8_t         separator)
{
  const uint8_t *end = memchr (*data, separator, *size);
  size_t n = end != NULL ? (size_t) (end - *data) : *size;
  char *part = g_strndup ((const char *) *data, n);

  *data += end != NULL ? n + 1 : n;
  *size -= end != NULL ? n + 1 : n;
  return part;
}

/* Whether json-glib 1.6's generator writes @node as invalid JSON, two known
 * flaws, reported, not this suite's to find again:
 * - it formats doubles with g_ascii_dtostr() and appends ".0" when the text
 *   has no decimal point, also after an exponent: 1e21 becomes "1e+21.0",
 *   1e-7 "1e-07.0";
 * - it escapes control characters below U+001F but writes U+001F itself
 *   raw, in values and member names. */
static inline gboolean
fuzz_json_glib_writes_invalid (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (strchr (name, 0x1f) != NULL || fuzz_json_glib_writes_invalid (member))
          return TRUE;
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (fuzz_json_glib_writes_invalid (json_array_get_element (array, i)))
          return TRUE;
      return FALSE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node));
      return strchr (buffer, '.') == NULL && strpbrk (buffer, "eE") != NULL;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return strchr (json_node_get_string (node), 0x1f) != NULL;
  return FALSE;
}

/* Asserts that @text is one strict JSON value, as Herald and the sandbox
 * read it: what the code under test writes must read back. */
#define fuzz_assert_strict_json(text) \
  G_STMT_START { \
    g_autoptr(GError) fuzz_error_ = NULL; \
    if (!herald_json_check ((text), -1, &fuzz_error_)) \
      g_error ("Not strict JSON: %s\n%s", fuzz_error_->message, (text)); \
  } G_STMT_END
