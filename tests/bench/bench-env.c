/* bench-env.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "bench-env.h"

/**
 * bench_env:
 * @name: a variable build-aux/bench sets (BENCH_…)
 *
 * Returns: its value; the program ends (status 2) saying which is missing
 *   when it is not set
 */
const char *
bench_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL)
    {
      g_printerr ("%s: %s is not set\n", g_get_prgname () ? g_get_prgname () : "bench", name);
      exit (2);
    }
  return value;
}
