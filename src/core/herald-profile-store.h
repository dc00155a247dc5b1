/* herald-profile-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "herald-profile.h"

G_BEGIN_DECLS

#define HERALD_PROFILE_STORE_ERROR (herald_profile_store_error_quark ())

typedef enum
{
  HERALD_PROFILE_STORE_ERROR_INVALID,
  HERALD_PROFILE_STORE_ERROR_WRITE,
} HeraldProfileStoreError;

/**
 * HeraldSecretKind:
 * @HERALD_SECRET_SERVICE_PASSWORD: the password (or client secret) of a
 *   service, keyed by profile name
 * @HERALD_SECRET_DEVICE_KEYSTORE: the secret of a device's key store, keyed
 *   by the device's alternate id
 * @HERALD_SECRET_BROKER_PASSWORD: the password of a connection of its own,
 *   keyed by its profile's id
 * @HERALD_SECRET_BROKER_KEY: the password of that connection's client
 *   certificate (its key), keyed by its profile's id
 */
typedef enum
{
  HERALD_SECRET_SERVICE_PASSWORD,
  HERALD_SECRET_DEVICE_KEYSTORE,
  HERALD_SECRET_BROKER_PASSWORD,
  HERALD_SECRET_BROKER_KEY,
} HeraldSecretKind;

#define HERALD_TYPE_PROFILE_STORE (herald_profile_store_get_type ())

G_DECLARE_FINAL_TYPE (HeraldProfileStore, herald_profile_store, HERALD, PROFILE_STORE, GObject)

GQuark              herald_profile_store_error_quark            (void);
HeraldProfileStore *herald_profile_store_new                    (void);
HeraldProfileStore *herald_profile_store_new_full               (const char           *path,
                                                                 gboolean              use_secret_service);
const char         *herald_profile_store_get_path               (HeraldProfileStore   *self);
gboolean            herald_profile_store_load                   (HeraldProfileStore   *self,
                                                                 GError              **error);
gboolean            herald_profile_store_save                   (HeraldProfileStore   *self,
                                                                 GError              **error);
HeraldProfile      *herald_profile_store_lookup                 (HeraldProfileStore   *self,
                                                                 const char           *name);
HeraldProfile      *herald_profile_store_ensure                 (HeraldProfileStore   *self,
                                                                 const char           *name);
gboolean            herald_profile_store_remove                 (HeraldProfileStore   *self,
                                                                 const char           *name);
gboolean            herald_profile_store_get_secrets_persistent (HeraldProfileStore   *self);
void                herald_profile_store_store_secret_async     (HeraldProfileStore   *self,
                                                                 HeraldSecretKind      kind,
                                                                 const char           *key,
                                                                 const char           *secret,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            herald_profile_store_store_secret_finish    (HeraldProfileStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                herald_profile_store_lookup_secret_async    (HeraldProfileStore   *self,
                                                                 HeraldSecretKind      kind,
                                                                 const char           *key,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
char               *herald_profile_store_lookup_secret_finish   (HeraldProfileStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                herald_profile_store_clear_secret_async     (HeraldProfileStore   *self,
                                                                 HeraldSecretKind      kind,
                                                                 const char           *key,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            herald_profile_store_clear_secret_finish    (HeraldProfileStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

G_END_DECLS
