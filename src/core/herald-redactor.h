/* herald-redactor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a masked host or secret is shown as. */
#define HERALD_REDACTOR_MASK "•••••"

#define HERALD_TYPE_REDACTOR (herald_redactor_get_type ())

G_DECLARE_FINAL_TYPE (HeraldRedactor, herald_redactor, HERALD, REDACTOR, GObject)

HeraldRedactor *herald_redactor_new           (void);
gboolean        herald_redactor_get_active    (HeraldRedactor     *self);
void            herald_redactor_set_active    (HeraldRedactor     *self,
                                               gboolean            active);
void            herald_redactor_set_addresses (HeraldRedactor     *self,
                                               const char * const *addresses);
char           *herald_redactor_mask          (HeraldRedactor     *self,
                                               const char         *text);
gboolean        herald_redactor_is_local_host (const char         *host);

G_END_DECLS
