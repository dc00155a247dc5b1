/* herald-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "herald-workspace.h"

G_BEGIN_DECLS

#define HERALD_TYPE_PAGE (herald_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (HeraldPage, herald_page, HERALD, PAGE, AdwBin)

struct _HeraldPageClass
{
  AdwBinClass parent_class;

  /*< private >*/
  gpointer padding[4];
};

HeraldWorkspace *herald_page_get_workspace (HeraldPage    *self);
char          *herald_page_mask        (HeraldPage    *self,
                                        const char    *text);
void           herald_page_set_masked  (HeraldPage    *self,
                                        gpointer       object,
                                        const char    *property,
                                        const char    *text);
void           herald_page_show_toast  (HeraldPage    *self,
                                        const char    *message);
void           herald_page_show_error  (HeraldPage    *self,
                                        const char    *message);
void           herald_page_clear_error (HeraldPage    *self);
const char    *herald_page_get_error   (HeraldPage    *self);
gboolean       herald_page_get_busy    (HeraldPage    *self);
GCancellable  *herald_page_begin       (HeraldPage    *self);
gboolean       herald_page_end         (HeraldPage    *self,
                                        const GError  *error);

G_END_DECLS
