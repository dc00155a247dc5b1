/* herald-glib-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What newer GLib has and Debian 12's 2.74 has not, for core's classes.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_set_str() (GLib 2.76): replaces *@slot with a copy of @value; TRUE
 * when it changed. */
static inline gboolean
herald_set_str (char       **slot,
                const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;

  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

G_END_DECLS
