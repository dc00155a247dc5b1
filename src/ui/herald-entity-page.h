/* herald-entity-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "herald-entity-picker.h"
#include "herald-exchange-view.h"
#include "herald-page.h"

G_BEGIN_DECLS

#define HERALD_TYPE_ENTITY_PAGE (herald_entity_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (HeraldEntityPage, herald_entity_page, HERALD, ENTITY_PAGE, HeraldPage)

typedef void (*HeraldEntityListFunc) (HeraldApiClient     *client,
                                      const char          *filter,
                                      const char          *orderby,
                                      guint                skip,
                                      guint                top,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);

struct _HeraldEntityPageClass
{
  HeraldPageClass parent_class;

  GType                 entity_type;
  HeraldEntityListFunc  list;
  /* The HeraldWorkspace property holding the entity the flow uses
   * ("capability", "sensor-type", "device", "sensor"): the default use and
   * get_current read and write it. */
  const char           *workspace_property;
  /* Other HeraldWorkspace properties the page shows (NULL-terminated, may be
   * NULL): a change to one of them or to workspace_property updates it. */
  const char * const   *shown_properties;

  /* The entity the form describes, or NULL with the error shown at its field. */
  HeraldEntity *(*build)       (HeraldEntityPage *self);
  /* Makes @entity (or none) the one the flow uses. */
  void          (*use)         (HeraldEntityPage *self,
                                HeraldEntity     *entity);
  HeraldEntity *(*get_current) (HeraldEntityPage *self);
  /* Shows what the page shows besides the entity in use (the base class
   * shows that); called from constructed and when one of the workspace's
   * properties above changes. Optional. */
  void          (*update_shown) (HeraldEntityPage *self);

  /*< private >*/
  gpointer padding[4];
};

void herald_entity_page_set_widgets (HeraldEntityPage   *self,
                                     HeraldEntityPicker *picker,
                                     HeraldExchangeView *exchange_view,
                                     GtkLabel           *current_label);
void herald_entity_page_update      (HeraldEntityPage   *self);
gboolean herald_entity_page_check_name (HeraldEntityPage *self,
                                        GtkEditable      *name_row);
void herald_entity_page_refresh     (HeraldEntityPage   *self);
void herald_entity_page_create      (HeraldEntityPage   *self);

G_END_DECLS
