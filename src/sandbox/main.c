/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-sandbox-cli.h"

int
main (int   argc,
      char *argv[])
{
  return herald_sandbox_cli_run (argc, argv);
}
