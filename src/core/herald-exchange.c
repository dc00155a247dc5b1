/* herald-exchange.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "herald-exchange-private.h"
#include "herald-json-private.h"

/**
 * HeraldExchange:
 *
 * One HTTP exchange of a #HeraldApiClient, as the client's
 * #HeraldApiClient::exchange signal hands it out once the call has ended:
 * method, URL, request headers and body, status, answer body, duration,
 * and the transport error if there was no answer. Secrets are already
 * redacted when a listener sees it: the `Authorization` header, the values
 * of members named like a secret (`password`, `clientSecret`, `secret`,
 * `p12`, … in any case), every private-key block (also inside a `pem`), and
 * the user information of the URL. herald_exchange_to_curl() renders the
 * equivalent `curl` command, with `-u USER` so that curl asks for the
 * password.
 */
struct _HeraldExchange
{
  GObject   parent_instance;

  char     *method;
  char     *url;
  char     *user;
  char     *ca_file;
  char     *request_headers;
  char     *request_body;
  char     *reason;
  char     *response_body;
  char     *error_message;
  gint64    started;
  gint64    duration;
  guint     status;
  gboolean  insecure;
};

G_DEFINE_FINAL_TYPE (HeraldExchange, herald_exchange, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_METHOD,
  PROP_URL,
  PROP_REQUEST_HEADERS,
  PROP_REQUEST_BODY,
  PROP_STATUS,
  PROP_REASON,
  PROP_RESPONSE_BODY,
  PROP_ERROR_MESSAGE,
  PROP_STARTED,
  PROP_DURATION,
  PROP_USER,
  PROP_CURL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define REDACTED "<redacted>"

/* Member names are compared in lower case, without "_", "-" or blanks:
 * "clientSecret", "client_secret" and "CLIENT-SECRET" are one name. A name
 * holding one of the first words is a secret's; the others only as a
 * whole. */
static const char * const secret_words[] = {
  "password", "passwd", "passphrase", "secret", "privatekey", NULL
};
static const char * const secret_names[] = {
  "p12", "pkcs12", "pfx", "token", "accesstoken", "refreshtoken", "idtoken", "apikey", NULL
};

static gboolean
is_secret_member (const char *name,
                  gsize       len)
{
  char folded[64];
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (name[i] == '_' || name[i] == '-' || name[i] == ' ')
        continue;
      if (n == sizeof folded - 1)
        break;
      folded[n++] = g_ascii_tolower (name[i]);
    }
  folded[n] = '\0';

  for (guint i = 0; secret_words[i] != NULL; i++)
    if (strstr (folded, secret_words[i]) != NULL)
      return TRUE;

  return g_strv_contains (secret_names, folded);
}

static void
herald_exchange_finalize (GObject *object)
{
  HeraldExchange *self = (HeraldExchange *)object;

  g_free (self->method);
  g_free (self->url);
  g_free (self->user);
  g_free (self->ca_file);
  g_free (self->request_headers);
  g_free (self->request_body);
  g_free (self->reason);
  g_free (self->response_body);
  g_free (self->error_message);

  G_OBJECT_CLASS (herald_exchange_parent_class)->finalize (object);
}

static void
herald_exchange_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HeraldExchange *self = HERALD_EXCHANGE (object);

  switch (prop_id)
    {
    case PROP_METHOD: g_value_set_string (value, self->method); break;
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_REQUEST_HEADERS: g_value_set_string (value, self->request_headers); break;
    case PROP_REQUEST_BODY: g_value_set_string (value, self->request_body); break;
    case PROP_STATUS: g_value_set_uint (value, self->status); break;
    case PROP_REASON: g_value_set_string (value, self->reason); break;
    case PROP_RESPONSE_BODY: g_value_set_string (value, self->response_body); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_STARTED: g_value_set_int64 (value, self->started); break;
    case PROP_DURATION: g_value_set_int64 (value, self->duration); break;
    case PROP_USER: g_value_set_string (value, self->user); break;
    case PROP_CURL: g_value_take_string (value, herald_exchange_to_curl (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_exchange_class_init (HeraldExchangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = herald_exchange_finalize;
  object_class->get_property = herald_exchange_get_property;

  properties[PROP_METHOD] = g_param_spec_string ("method", NULL, NULL, NULL, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  /* "Name: value" lines, the Authorization header redacted. */
  properties[PROP_REQUEST_HEADERS] = g_param_spec_string ("request-headers", NULL, NULL, NULL, flags);
  properties[PROP_REQUEST_BODY] = g_param_spec_string ("request-body", NULL, NULL, NULL, flags);
  /* The HTTP status, 0 when no answer came (see "error-message"). */
  properties[PROP_STATUS] = g_param_spec_uint ("status", NULL, NULL, 0, 999, 0, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_RESPONSE_BODY] = g_param_spec_string ("response-body", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  /* Wall-clock start, microseconds since the epoch. */
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* Microseconds from sending to the end of the answer (or the failure). */
  properties[PROP_DURATION] = g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_CURL] = g_param_spec_string ("curl", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_exchange_init (HeraldExchange *self)
{
}

/* Bodies and headers are redacted here, so the object never holds a secret. */
HeraldExchange *
herald_exchange_new (const char *method,
                     const char *url,
                     const char *user,
                     const char *ca_file,
                     gboolean    insecure,
                     const char *request_headers,
                     const char *request_body,
                     gint64      started)
{
  HeraldExchange *self = g_object_new (HERALD_TYPE_EXCHANGE, NULL);

  self->method = g_strdup (method);
  self->url = herald_exchange_redact_url (url);
  self->user = g_strdup (user);
  self->ca_file = g_strdup (ca_file);
  self->insecure = insecure;
  self->request_headers = herald_exchange_redact (request_headers);
  self->request_body = herald_exchange_redact (request_body);
  self->started = started;

  return self;
}

void
herald_exchange_complete (HeraldExchange *self,
                          guint           status,
                          const char     *reason,
                          const char     *response_body,
                          const char     *error_message,
                          gint64          duration)
{
  self->status = status;
  self->reason = g_strdup (reason);
  self->response_body = herald_exchange_redact (response_body);
  self->error_message = g_strdup (error_message);
  self->duration = duration;
}

/* A line of Herald's own after the (redacted) answer, e.g. where it was
 * cut off. */
void
herald_exchange_append_to_answer (HeraldExchange *self,
                                  const char     *note)
{
  char *body;

  g_return_if_fail (HERALD_IS_EXCHANGE (self));
  g_return_if_fail (note != NULL);

  body = g_strconcat (self->response_body ? self->response_body : "",
                      self->response_body ? "\n" : "", note, NULL);
  g_free (self->response_body);
  self->response_body = body;
}

const char *
herald_exchange_get_method (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), NULL);
  return self->method;
}

const char *
herald_exchange_get_url (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), NULL);
  return self->url;
}

const char *
herald_exchange_get_request_headers (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), NULL);
  return self->request_headers;
}

/* Returns: (nullable): the redacted request body */
const char *
herald_exchange_get_request_body (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), NULL);
  return self->request_body;
}

guint
herald_exchange_get_status (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), 0);
  return self->status;
}

const char *
herald_exchange_get_reason (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), NULL);
  return self->reason;
}

/* Returns: (nullable): the redacted answer body */
const char *
herald_exchange_get_response_body (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), NULL);
  return self->response_body;
}

/* Returns: (nullable): why no answer came (network, TLS, time-out, cancelled) */
const char *
herald_exchange_get_error_message (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), NULL);
  return self->error_message;
}

gint64
herald_exchange_get_started (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), 0);
  return self->started;
}

gint64
herald_exchange_get_duration (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), 0);
  return self->duration;
}

const char *
herald_exchange_get_user (HeraldExchange *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), NULL);
  return self->user;
}

/* Quotes only where a shell needs it, so the line reads like a tutorial's. */
static char *
shell_quote (const char *text)
{
  if (*text == '\0')
    return g_strdup ("''");

  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("_./:@%+=,-", *p) == NULL)
        return g_shell_quote (text);
    }

  return g_strdup (text);
}

/**
 * herald_exchange_to_curl:
 *
 * Renders the request as a `curl` command line a learner can paste into a
 * shell. The user goes in `-u USER`, so curl prompts for the password; the
 * body is the redacted one.
 *
 * Returns: (transfer full): the command line
 */
char *
herald_exchange_to_curl (HeraldExchange *self)
{
  GString *line;

  g_return_val_if_fail (HERALD_IS_EXCHANGE (self), NULL);

  line = g_string_new ("curl");

  if (self->user != NULL)
    {
      g_autofree char *quoted = shell_quote (self->user);
      g_string_append_printf (line, " -u %s", quoted);
    }

  if (self->insecure)
    g_string_append (line, " --insecure");
  else if (self->ca_file != NULL)
    {
      g_autofree char *quoted = shell_quote (self->ca_file);
      g_string_append_printf (line, " --cacert %s", quoted);
    }

  if (g_strcmp0 (self->method, "GET") != 0)
    g_string_append_printf (line, " -X %s", self->method);

  g_string_append (line, " -H 'Accept: application/json'");

  if (self->request_body != NULL)
    {
      g_autofree char *quoted = shell_quote (self->request_body);
      g_string_append_printf (line, " -H 'Content-Type: application/json' --data-raw %s", quoted);
    }

  if (self->url != NULL)
    {
      g_autofree char *quoted = shell_quote (self->url);
      g_string_append_printf (line, " %s", quoted);
    }

  return g_string_free (line, FALSE);
}

/* Redaction */

static GRegex *
key_block_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      /* Up to the matching END line, or to the end of a cut-off text. The
       * block may be raw or JSON-escaped (\n). */
      GRegex *r = g_regex_new ("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----"
                               "(?:.*?-----END \\1PRIVATE KEY-----|.*$)",
                               G_REGEX_DOTALL | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regex, r);
    }

  return regex;
}

static GRegex *
authorization_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new ("^((?:Proxy-)?Authorization:\\s*)(Basic|Bearer|Digest|Negotiate)?.*$",
                               G_REGEX_CASELESS | G_REGEX_MULTILINE | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regex, r);
    }

  return regex;
}

static char *
redact_key_blocks (const char *text)
{
  return g_regex_replace (key_block_regex (), text, -1, 0,
                          "-----BEGIN \\1PRIVATE KEY-----\\n" REDACTED "\\n-----END \\1PRIVATE KEY-----",
                          0, NULL);
}

static gboolean
redact_node (JsonNode *node)
{
  gboolean changed = FALSE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonNode *member = json_object_get_member (object, name);

          if (is_secret_member (name, strlen (name)) && !JSON_NODE_HOLDS_NULL (member))
            {
              json_object_set_string_member (object, name, REDACTED);
              changed = TRUE;
            }
          else if (redact_node (member))
            changed = TRUE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        changed |= redact_node (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (strstr (text, "PRIVATE KEY-----") != NULL)
        {
          g_autofree char *redacted = redact_key_blocks (text);
          json_node_set_string (node, redacted);
          changed = TRUE;
        }
    }

  return changed;
}

/* The end of the JSON string whose opening quote is at @p: after its
 * closing quote, or the end of a cut-off text. */
static const char *
skip_string (const char *p)
{
  for (p++; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '"')
        return p + 1;
    }

  return p;
}

/* The end of the value at @p: a string, an object or array up to its
 * matching bracket, anything else up to the next , } ] or line end; or
 * the end of a cut-off text. */
static const char *
skip_value (const char *p)
{
  guint depth = 0;

  if (*p == '"')
    return skip_string (p);

  while (*p != '\0')
    {
      if (*p == '"')
        {
          p = skip_string (p);
          continue;
        }
      if (*p == '{' || *p == '[')
        depth++;
      else if (*p == '}' || *p == ']')
        {
          if (depth == 0)
            return p;
          if (--depth == 0)
            return p + 1;
        }
      else if (depth == 0 && (*p == ',' || *p == '\n'))
        return p;
      p++;
    }

  return p;
}

/* For text that is not JSON (often JSON cut off): the value of each member
 * named like a secret goes, also a string that never closes. One pass. */
static char *
redact_members_as_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;

  while (*p != '\0')
    {
      const char *quote = strchr (p, '"');
      const char *end;
      const char *after;

      if (quote == NULL)
        {
          g_string_append (out, p);
          break;
        }

      g_string_append_len (out, p, quote - p);
      end = skip_string (quote);
      g_string_append_len (out, quote, end - quote);
      p = end;

      /* A member name: a closed string, then a colon. */
      if (end[-1] != '"' || end - quote < 2)
        continue;
      after = end;
      while (g_ascii_isspace (*after))
        after++;
      if (*after != ':' || !is_secret_member (quote + 1, end - quote - 2))
        continue;

      after++;
      while (*after == ' ' || *after == '\t')
        after++;
      g_string_append_len (out, end, after - end);
      p = skip_value (after);
      g_string_append (out, "\"" REDACTED "\"");
    }

  return g_string_free (out, FALSE);
}

/**
 * herald_exchange_redact_url:
 * @url: (nullable): a URL
 *
 * Removes the credentials of `https://user:password@host/…`: the whole
 * user information, as a token may stand in for the user.
 *
 * Returns: (transfer full) (nullable): the URL without them
 */
char *
herald_exchange_redact_url (const char *url)
{
  const char *authority;
  const char *at;
  gsize authority_len;

  if (url == NULL)
    return NULL;

  authority = strstr (url, "://");
  if (authority == NULL)
    return g_strdup (url);

  authority += 3;
  authority_len = strcspn (authority, "/?#");
  at = g_strrstr_len (authority, authority_len, "@");
  if (at == NULL)
    return g_strdup (url);

  return g_strdup_printf ("%.*s" REDACTED "%s", (int)(authority - url), url, at);
}

/**
 * herald_exchange_redact:
 * @text: (nullable): a body or header block
 *
 * Removes what must never be shown or logged: the values of members named
 * like a secret, in any case and spelling (`password`, `clientSecret`,
 * `client_secret`, `Secret`, `p12`, `privateKey`, tokens…), every private-key block
 * (also inside a `pem` string), and the credentials of `Authorization`
 * headers. JSON with something to redact is written again (indented);
 * anything else is redacted as text, so a malformed or cut-off body cannot
 * slip through: a secret's string that never closes goes to the end.
 *
 * Returns: (transfer full) (nullable): the redacted text
 */
char *
herald_exchange_redact (const char *text)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *step1 = NULL;
  g_autofree char *step2 = NULL;

  if (text == NULL)
    return NULL;

  /* Anything herald_json_parse() refuses, a body nested too deep among
   * them, goes the text way. */
  root = herald_json_parse (text, -1, NULL);
  if (root != NULL)
    {
      if (!redact_node (root))
        return g_strdup (text);

      return herald_json_to_string (root, TRUE);
    }

  step1 = redact_members_as_text (text);
  step2 = redact_key_blocks (step1 ? step1 : "");
  return g_regex_replace (authorization_regex (), step2 ? step2 : "", -1, 0,
                          "\\1\\2 " REDACTED, 0, NULL);
}
