/* herald-json-format.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *herald_json_format_pretty (const char *text,
                                 gssize      length);

G_END_DECLS
