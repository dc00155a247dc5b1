/* herald-issued-certificate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "herald-api-error.h"
#include "herald-issued-certificate.h"
#include "herald-json-private.h"

/* One of a device's client certificates as the service lists them
 * (GET …/authentications/clientCertificate): its SHA-256 fingerprint, by
 * which it is revoked, and what else the service says of it. Nothing
 * secret. */

struct _HeraldIssuedCertificate
{
  GObject    parent_instance;

  char      *fingerprint;  /* lowercase hex, no separators */
  char      *serial;
  GDateTime *valid_to;
};

G_DEFINE_FINAL_TYPE (HeraldIssuedCertificate, herald_issued_certificate, G_TYPE_OBJECT)

static void
herald_issued_certificate_finalize (GObject *object)
{
  HeraldIssuedCertificate *self = (HeraldIssuedCertificate *) object;

  g_free (self->fingerprint);
  g_free (self->serial);
  g_clear_pointer (&self->valid_to, g_date_time_unref);

  G_OBJECT_CLASS (herald_issued_certificate_parent_class)->finalize (object);
}

static void
herald_issued_certificate_class_init (HeraldIssuedCertificateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_issued_certificate_finalize;
}

static void
herald_issued_certificate_init (HeraldIssuedCertificate *self)
{
}

/* Hex digits only, lowercase: "AB:CD" and "abcd" are the same fingerprint. */
static char *
normalize (const char *fingerprint)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = fingerprint; *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (hex, g_ascii_tolower (*p));
    else if (*p != ':' && *p != ' ')
      {
        g_string_free (hex, TRUE);
        return NULL;
      }
  return g_string_free (hex, FALSE);
}

/* milliseconds since 1970, or ISO 8601 text; NULL for neither */
static GDateTime *
read_time (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_date_time_new_from_unix_utc (json_node_get_int (node) / 1000);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
  return NULL;
}

/**
 * herald_issued_certificate_new_from_json:
 * @node: one entry of the list: an object with a `fingerprint` (hex)
 *
 * Returns: (transfer full) (nullable): the certificate; %NULL with
 *   %HERALD_API_ERROR_BAD_RESPONSE when the entry has no fingerprint
 */
HeraldIssuedCertificate *
herald_issued_certificate_new_from_json (JsonNode  *node,
                                         GError   **error)
{
  const char *what = C_("entity", "certificate");
  g_autoptr(HeraldIssuedCertificate) self = NULL;
  JsonObject *object;

  if (!herald_json_check_node (node, HERALD_JSON_OBJECT, what, error))
    return NULL;
  object = json_node_get_object (node);
  if (!herald_json_check_member (object, "fingerprint", HERALD_JSON_STRING, what, error))
    return NULL;

  self = g_object_new (HERALD_TYPE_ISSUED_CERTIFICATE, NULL);
  self->fingerprint = normalize (herald_json_get_string (object, "fingerprint"));
  if (self->fingerprint == NULL || *self->fingerprint == '\0')
    {
      g_set_error_literal (error, HERALD_API_ERROR, HERALD_API_ERROR_BAD_RESPONSE,
                           _("The service listed a certificate whose fingerprint is not hexadecimal. Check "
                             "that the API URL points to an IoT Service."));
      return NULL;
    }
  self->serial = g_strdup (herald_json_get_string (object, "serialNumber"));
  self->valid_to = read_time (object, "validTo");
  return g_steal_pointer (&self);
}

/* lowercase hex, as the service takes it back to revoke */
const char *
herald_issued_certificate_get_fingerprint (HeraldIssuedCertificate *self)
{
  g_return_val_if_fail (HERALD_IS_ISSUED_CERTIFICATE (self), NULL);

  return self->fingerprint;
}

/**
 * herald_issued_certificate_dup_short_fingerprint:
 *
 * Returns: (transfer full): the fingerprint's first four and last two
 *   bytes, as a person compares them ("AB:CD:EF:01…9F:3C")
 */
char *
herald_issued_certificate_dup_short_fingerprint (HeraldIssuedCertificate *self)
{
  gsize length;

  g_return_val_if_fail (HERALD_IS_ISSUED_CERTIFICATE (self), NULL);

  length = strlen (self->fingerprint);
  if (length < 12)
    return g_ascii_strup (self->fingerprint, -1);
  {
    g_autofree char *upper = g_ascii_strup (self->fingerprint, -1);

    return g_strdup_printf ("%.2s:%.2s:%.2s:%.2s…%.2s:%.2s", upper, upper + 2, upper + 4, upper + 6,
                            upper + length - 4, upper + length - 2);
  }
}

/* (nullable) */
const char *
herald_issued_certificate_get_serial (HeraldIssuedCertificate *self)
{
  g_return_val_if_fail (HERALD_IS_ISSUED_CERTIFICATE (self), NULL);

  return self->serial;
}

/* (nullable) (transfer none): the end of its validity, when the service says */
GDateTime *
herald_issued_certificate_get_valid_to (HeraldIssuedCertificate *self)
{
  g_return_val_if_fail (HERALD_IS_ISSUED_CERTIFICATE (self), NULL);

  return self->valid_to;
}

/**
 * herald_issued_certificate_matches:
 * @fingerprint: (nullable): a SHA-256 fingerprint in any case, with or
 *   without ':' (herald_keystore_get_fingerprint () gives "AB:CD:…")
 *
 * Returns: whether it is this certificate's
 */
gboolean
herald_issued_certificate_matches (HeraldIssuedCertificate *self,
                                   const char              *fingerprint)
{
  g_autofree char *other = NULL;

  g_return_val_if_fail (HERALD_IS_ISSUED_CERTIFICATE (self), FALSE);

  if (fingerprint == NULL)
    return FALSE;
  other = normalize (fingerprint);
  return other != NULL && g_strcmp0 (other, self->fingerprint) == 0;
}
