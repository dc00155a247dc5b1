/* herald-steps.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "herald-workspace.h"

G_BEGIN_DECLS

/**
 * HeraldStepInfo:
 * @step: the step
 * @id: its page's name in the window's stack, and in the sidebar
 * @title: its title, untranslated (gettext it to show it)
 * @page_type: the type of its page, a #HeraldPage
 *
 * One row of the flow's table: the sidebar, the window's stack and the
 * step actions are built from it.
 */
typedef struct
{
  HeraldStep   step;
  const char  *id;
  const char  *title;
  GType      (*page_type) (void);
} HeraldStepInfo;

const HeraldStepInfo *herald_steps_get       (HeraldStep  step);
const HeraldStepInfo *herald_steps_lookup_id (const char *id);

G_END_DECLS
