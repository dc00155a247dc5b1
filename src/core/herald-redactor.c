/* herald-redactor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "herald-redactor.h"

/* Presentation mode: what Herald shows on a projector must not give away
 * where a tenant is. While active, text passed through
 * herald_redactor_mask() has the host of every URL in it masked ("https://
 * •••••/iot/core/api/v1", user information included), and every other
 * mention of a host the workspace knows of (its API root's and its broker's:
 * an error that names the host it could not resolve). Hosts of this computer
 * (localhost, 127.0.0.0/8, ::1: the local sandbox) are not a secret and stay.
 *
 * Passwords, certificate secrets and service keys are never shown as text in
 * the first place; the widgets that hold them hide them themselves while the
 * redactor is active.
 */

struct _HeraldRedactor
{
  GObject  parent_instance;

  gboolean active;
  GRegex  *known;     /* the known hosts, any case; NULL without any */
};

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HeraldRedactor, herald_redactor, G_TYPE_OBJECT)

/* scheme://[userinfo@]host: the host is a bracketed IPv6 address or runs to
 * the port, path, query, fragment, white space, or a character that cannot
 * be in one and often follows a URL in prose or JSON. */
static GRegex *
get_url_regex (void)
{
  static gsize regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *made = g_regex_new ("\\b([a-z][a-z0-9+.-]*://)"
                                  "([^\\s/?#@\"'<>]*@)?"
                                  "(\\[[^\\]\\s/]*\\]|[^\\s/?#:\"'<>()\\[\\]{},;\\\\]+)",
                                  G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regex, (gsize) made);
    }
  return (GRegex *) regex;
}

static void
herald_redactor_finalize (GObject *object)
{
  HeraldRedactor *self = HERALD_REDACTOR (object);

  g_clear_pointer (&self->known, g_regex_unref);

  G_OBJECT_CLASS (herald_redactor_parent_class)->finalize (object);
}

static void
herald_redactor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HeraldRedactor *self = HERALD_REDACTOR (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_redactor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HeraldRedactor *self = HERALD_REDACTOR (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      herald_redactor_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_redactor_class_init (HeraldRedactorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = herald_redactor_finalize;
  object_class->get_property = herald_redactor_get_property;
  object_class->set_property = herald_redactor_set_property;

  /**
   * HeraldRedactor:active:
   *
   * Whether hosts are masked: presentation mode.
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HeraldRedactor::changed:
   *
   * What herald_redactor_mask() makes of a text may have changed: the
   * redactor was switched on or off, or the hosts it knows of changed.
   * Whatever shows masked text shows it again.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
herald_redactor_init (HeraldRedactor *self)
{
}

HeraldRedactor *
herald_redactor_new (void)
{
  return g_object_new (HERALD_TYPE_REDACTOR, NULL);
}

gboolean
herald_redactor_get_active (HeraldRedactor *self)
{
  g_return_val_if_fail (HERALD_IS_REDACTOR (self), FALSE);

  return self->active;
}

void
herald_redactor_set_active (HeraldRedactor *self,
                            gboolean        active)
{
  g_return_if_fail (HERALD_IS_REDACTOR (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * herald_redactor_is_local_host:
 * @host: a host as a URI names it (an IPv6 address with or without brackets)
 *
 * Returns: whether @host is this computer: "localhost" (and names under it),
 *   an address of 127.0.0.0/8, ::1, or the unspecified addresses
 */
gboolean
herald_redactor_is_local_host (const char *host)
{
  g_autofree char *bare = NULL;
  g_autoptr(GInetAddress) address = NULL;
  gsize length;

  g_return_val_if_fail (host != NULL, FALSE);

  length = strlen (host);
  if (length >= 2 && host[0] == '[' && host[length - 1] == ']')
    bare = g_strndup (host + 1, length - 2);
  else
    bare = g_ascii_strdown (host, -1);

  if (g_str_equal (bare, "localhost") || g_str_has_suffix (bare, ".localhost"))
    return TRUE;

  address = g_inet_address_new_from_string (bare);
  return address != NULL && (g_inet_address_get_is_loopback (address) ||
                             g_inet_address_get_is_any (address));
}

/**
 * herald_redactor_set_addresses:
 * @addresses: (nullable) (array zero-terminated=1): URIs (or bare host names)
 *   whose hosts are to be masked wherever they are mentioned
 *
 * Usually the workspace's API root and broker. Hosts of this computer and
 * what does not parse are left out.
 */
void
herald_redactor_set_addresses (HeraldRedactor     *self,
                               const char * const *addresses)
{
  g_autoptr(GString) pattern = g_string_new (NULL);

  g_return_if_fail (HERALD_IS_REDACTOR (self));

  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    {
      g_autoptr(GUri) uri = g_uri_parse (addresses[i], G_URI_FLAGS_NONE, NULL);
      const char *host = uri != NULL ? g_uri_get_host (uri) : addresses[i];
      g_autofree char *escaped = NULL;

      /* Not a URI: a host name alone, or nothing usable. */
      if (uri == NULL && strpbrk (host, "/: \t\n") != NULL)
        continue;
      if (host == NULL || *host == '\0' || herald_redactor_is_local_host (host))
        continue;

      escaped = g_regex_escape_string (host, -1);
      /* Longer names first would matter only for names inside names; a
       * host is matched whole, between characters a host cannot hold. */
      g_string_append_printf (pattern, "%s%s", pattern->len > 0 ? "|" : "", escaped);
    }

  g_clear_pointer (&self->known, g_regex_unref);
  if (pattern->len > 0)
    {
      g_autofree char *whole = g_strdup_printf ("(?<![a-z0-9.-])(?:%s)(?![a-z0-9-]|\\.[a-z0-9])",
                                                pattern->str);

      self->known = g_regex_new (whole, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
mask_url_host (const GMatchInfo *match,
               GString          *result,
               gpointer          user_data)
{
  g_autofree char *scheme = g_match_info_fetch (match, 1);
  g_autofree char *userinfo = g_match_info_fetch (match, 2);
  g_autofree char *host = g_match_info_fetch (match, 3);

  g_string_append (result, scheme);
  if (herald_redactor_is_local_host (host))
    g_string_append_printf (result, "%s%s", userinfo, host);
  else
    g_string_append (result, HERALD_REDACTOR_MASK);
  return FALSE;
}

/**
 * herald_redactor_mask:
 * @text: (nullable): text to be shown
 *
 * Returns: (transfer full) (nullable): @text as it may be shown: with its
 *   hosts masked while the redactor is active, a copy otherwise
 */
char *
herald_redactor_mask (HeraldRedactor *self,
                      const char     *text)
{
  g_autofree char *urls = NULL;

  g_return_val_if_fail (HERALD_IS_REDACTOR (self), NULL);

  if (!self->active || text == NULL)
    return g_strdup (text);

  urls = g_regex_replace_eval (get_url_regex (), text, -1, 0, 0, mask_url_host, NULL, NULL);
  if (urls == NULL)
    urls = g_strdup (text);
  if (self->known == NULL)
    return g_steal_pointer (&urls);

  return g_regex_replace_literal (self->known, urls, -1, 0, HERALD_REDACTOR_MASK, 0, NULL);
}
