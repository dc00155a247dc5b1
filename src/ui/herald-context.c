/* herald-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "herald-context.h"
#include "herald-paths.h"

/* What the pages of one window share: the settings, the profile being
 * worked on and its store, the sandbox, and which steps are done. Pages
 * read and change it; the window and the sidebar follow its notifications.
 * Not a widget, so widget tests can make one of their own.
 */

struct _HeraldContext
{
  GObject             parent_instance;

  GSettings          *settings;
  HeraldProfileStore *store;
  HeraldProfile      *profile;
  char               *sandbox_dir;
  HeraldSandboxInfo  *sandbox_info;
  char               *password;
  GCancellable       *cancellable;
  gboolean            complete[HERALD_N_STEPS];
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_PROFILE_STORE,
  PROP_PROFILE,
  PROP_SANDBOX_DIR,
  PROP_SANDBOX_INFO,
  N_PROPS
};

enum {
  STEP_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HeraldContext, herald_context, G_TYPE_OBJECT)

static void
clear_password (HeraldContext *self)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
herald_context_dispose (GObject *object)
{
  HeraldContext *self = HERALD_CONTEXT (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (herald_context_parent_class)->dispose (object);
}

static void
herald_context_finalize (GObject *object)
{
  HeraldContext *self = HERALD_CONTEXT (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->sandbox_info);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sandbox_dir, g_free);
  clear_password (self);

  G_OBJECT_CLASS (herald_context_parent_class)->finalize (object);
}

static void
herald_context_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HeraldContext *self = HERALD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_PROFILE_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_SANDBOX_DIR:
      g_value_set_string (value, self->sandbox_dir);
      break;
    case PROP_SANDBOX_INFO:
      g_value_set_object (value, self->sandbox_info);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_context_class_init (HeraldContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_context_dispose;
  object_class->finalize = herald_context_finalize;
  object_class->get_property = herald_context_get_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_STORE] =
    g_param_spec_object ("profile-store", NULL, NULL, HERALD_TYPE_PROFILE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, HERALD_TYPE_PROFILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SANDBOX_DIR] =
    g_param_spec_string ("sandbox-dir", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SANDBOX_INFO] =
    g_param_spec_object ("sandbox-info", NULL, NULL, HERALD_TYPE_SANDBOX_INFO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldContext::step-changed:
   * @step: the #HeraldStep whose completion changed
   */
  signals[STEP_CHANGED] =
    g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
herald_context_init (HeraldContext *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * herald_context_new:
 * @settings: the application's settings
 * @store: the profiles
 * @sandbox_dir: (nullable): the sandbox data dir, %NULL for the default
 */
HeraldContext *
herald_context_new (GSettings          *settings,
                    HeraldProfileStore *store,
                    const char         *sandbox_dir)
{
  HeraldContext *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (HERALD_IS_PROFILE_STORE (store), NULL);

  self = g_object_new (HERALD_TYPE_CONTEXT, NULL);
  self->settings = g_object_ref (settings);
  self->store = g_object_ref (store);
  self->sandbox_dir = g_strdup (sandbox_dir);

  return self;
}

GSettings *
herald_context_get_settings (HeraldContext *self)
{
  g_return_val_if_fail (HERALD_IS_CONTEXT (self), NULL);
  return self->settings;
}

HeraldProfileStore *
herald_context_get_profile_store (HeraldContext *self)
{
  g_return_val_if_fail (HERALD_IS_CONTEXT (self), NULL);
  return self->store;
}

/**
 * herald_context_get_profile:
 *
 * Returns: (transfer none) (nullable): the profile being worked on
 */
HeraldProfile *
herald_context_get_profile (HeraldContext *self)
{
  g_return_val_if_fail (HERALD_IS_CONTEXT (self), NULL);
  return self->profile;
}

void
herald_context_set_profile (HeraldContext *self,
                            HeraldProfile *profile)
{
  g_return_if_fail (HERALD_IS_CONTEXT (self));
  g_return_if_fail (!profile || HERALD_IS_PROFILE (profile));

  if (g_set_object (&self->profile, profile))
    {
      if (profile != NULL)
        g_settings_set_string (self->settings, "last-profile", herald_profile_get_name (profile));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
    }
}

const char *
herald_context_get_sandbox_dir (HeraldContext *self)
{
  g_return_val_if_fail (HERALD_IS_CONTEXT (self), NULL);

  if (self->sandbox_dir == NULL)
    {
      g_autofree char *dir = herald_paths_sandbox_dir ();
      self->sandbox_dir = g_steal_pointer (&dir);
    }

  return self->sandbox_dir;
}

HeraldSandboxInfo *
herald_context_get_sandbox_info (HeraldContext *self)
{
  g_return_val_if_fail (HERALD_IS_CONTEXT (self), NULL);
  return self->sandbox_info;
}

void
herald_context_set_sandbox_info (HeraldContext     *self,
                                 HeraldSandboxInfo *info)
{
  g_return_if_fail (HERALD_IS_CONTEXT (self));

  if (g_set_object (&self->sandbox_info, info))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SANDBOX_INFO]);
}

/**
 * herald_context_get_password:
 *
 * The service password of this session, once typed or found in the Secret
 * Service. Deliberately no property: nothing binds or logs it.
 */
const char *
herald_context_get_password (HeraldContext *self)
{
  g_return_val_if_fail (HERALD_IS_CONTEXT (self), NULL);
  return self->password;
}

void
herald_context_set_password (HeraldContext *self,
                             const char    *password)
{
  g_return_if_fail (HERALD_IS_CONTEXT (self));

  if (password == self->password)
    return;

  clear_password (self);
  self->password = g_strdup (password);
}

gboolean
herald_context_get_step_complete (HeraldContext *self,
                                  HeraldStep     step)
{
  g_return_val_if_fail (HERALD_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (step < HERALD_N_STEPS, FALSE);

  return self->complete[step];
}

void
herald_context_set_step_complete (HeraldContext *self,
                                  HeraldStep     step,
                                  gboolean       complete)
{
  g_return_if_fail (HERALD_IS_CONTEXT (self));
  g_return_if_fail (step < HERALD_N_STEPS);

  complete = !!complete;
  if (self->complete[step] != complete)
    {
      self->complete[step] = complete;
      g_signal_emit (self, signals[STEP_CHANGED], 0, (guint) step);
    }
}

/**
 * herald_context_get_cancellable:
 *
 * Returns: (transfer none): cancelled when the window goes away
 */
GCancellable *
herald_context_get_cancellable (HeraldContext *self)
{
  g_return_val_if_fail (HERALD_IS_CONTEXT (self), NULL);
  return self->cancellable;
}

/**
 * herald_context_save:
 *
 * Writes the profiles. A failure is logged, not shown: the session goes on
 * with what is in memory.
 */
void
herald_context_save (HeraldContext *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HERALD_IS_CONTEXT (self));

  if (!herald_profile_store_save (self->store, &error))
    g_warning ("%s", error->message);
}
