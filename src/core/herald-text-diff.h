/* herald-text-diff.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most pairs of changed lines matched line by line (about 4 MB of
 * work memory); past it the changed lines show as removed, then added. */
#define HERALD_TEXT_DIFF_MAX_PAIRS (1000 * 1000)

char *herald_text_diff (const char *before,
                        const char *after,
                        guint      *n_removed,
                        guint      *n_added);

G_END_DECLS
