/* herald-text-diff.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-text-diff.h"

/* A line diff of two message payloads as the message viewer shows them
 * (pretty-printed JSON, decoded CBOR, text): the lines both share at the
 * start and at the end are kept as they are, and the lines between are
 * matched by their longest common subsequence (a table of lengths, bounded
 * by HERALD_TEXT_DIFF_MAX_PAIRS). No library in Herald's stack diffs text:
 * GLib and GtkSourceView do not, and a VCS library for one viewer page is
 * out of proportion. */

static void
add_line (GString    *out,
          char        mark,
          const char *line)
{
  g_string_append_c (out, mark);
  g_string_append (out, line);
  g_string_append_c (out, '\n');
}

/**
 * herald_text_diff:
 * @n_removed: (out) (optional): lines only in @before
 * @n_added: (out) (optional): lines only in @after
 *
 * Returns: (transfer full): every line of both texts once, in order, each
 *   after a mark: ' ' in both, '-' only in @before, '+' only in @after (the
 *   body of a unified diff with all of its context)
 */
char *
herald_text_diff (const char *before,
                  const char *after,
                  guint      *n_removed,
                  guint      *n_added)
{
  g_auto(GStrv) a = g_strsplit (before != NULL ? before : "", "\n", -1);
  g_auto(GStrv) b = g_strsplit (after != NULL ? after : "", "\n", -1);
  guint na = g_strv_length (a);
  guint nb = g_strv_length (b);
  guint start = 0;
  guint end_a, end_b;
  guint removed = 0, added = 0;
  GString *out = g_string_new (NULL);

  /* A text ending in a line break has no last, empty line. */
  if (na > 0 && *a[na - 1] == '\0')
    na--;
  if (nb > 0 && *b[nb - 1] == '\0')
    nb--;

  while (start < na && start < nb && strcmp (a[start], b[start]) == 0)
    start++;
  end_a = na;
  end_b = nb;
  while (end_a > start && end_b > start && strcmp (a[end_a - 1], b[end_b - 1]) == 0)
    {
      end_a--;
      end_b--;
    }

  for (guint i = 0; i < start; i++)
    add_line (out, ' ', a[i]);

  {
    guint64 n = end_a - start;
    guint64 m = end_b - start;

    if (n > 0 && m > 0 && n * m <= HERALD_TEXT_DIFF_MAX_PAIRS)
      {
        /* lcs[i][j]: the longest common subsequence of the lines from i
         * and from j on, row by row in one block. */
        guint32 *lcs = g_new0 (guint32, (n + 1) * (m + 1));
        guint64 i = 0, j = 0;

#define LCS(i, j) lcs[(i) * (m + 1) + (j)]
        for (guint64 x = n; x-- > 0;)
          for (guint64 y = m; y-- > 0;)
            LCS (x, y) = strcmp (a[start + x], b[start + y]) == 0 ? LCS (x + 1, y + 1) + 1
                                                                  : MAX (LCS (x + 1, y), LCS (x, y + 1));
        while (i < n || j < m)
          {
            if (i < n && j < m && strcmp (a[start + i], b[start + j]) == 0)
              {
                add_line (out, ' ', a[start + i]);
                i++;
                j++;
              }
            else if (j < m && (i == n || LCS (i, j + 1) > LCS (i + 1, j)))
              {
                add_line (out, '+', b[start + j++]);
                added++;
              }
            else
              {
                add_line (out, '-', a[start + i++]);
                removed++;
              }
          }
#undef LCS
        g_free (lcs);
      }
    else
      {
        for (guint i = start; i < end_a; i++, removed++)
          add_line (out, '-', a[i]);
        for (guint j = start; j < end_b; j++, added++)
          add_line (out, '+', b[j]);
      }
  }

  for (guint i = end_a; i < na; i++)
    add_line (out, ' ', a[i]);

  if (n_removed != NULL)
    *n_removed = removed;
  if (n_added != NULL)
    *n_added = added;
  return g_string_free (out, FALSE);
}
