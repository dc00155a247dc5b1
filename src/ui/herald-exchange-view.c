/* herald-exchange-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "herald-exchange-view.h"
#include "herald-source-style.h"

/* What a learner wants to see after each request: the JSON sent, the JSON
 * that came back, and the curl line that does the same. The exchange is
 * already redacted by the API client; in presentation mode the service's
 * host is masked too (see #HeraldRedactor), shown again with the view's
 * Show Host button. Copy copies the real curl line. */

struct _HeraldExchangeView
{
  AdwBin          parent_instance;

  HeraldExchange *exchange;
  char           *curl;
  HeraldRedactor *redactor;

  GtkLabel       *status_label;
  GtkLabel       *curl_label;
  GtkSourceView  *request_view;
  GtkSourceView  *answer_view;
  GtkStack       *body_stack;
  GtkToggleButton *reveal_button;

  gboolean        highlighting;
};

enum {
  PROP_0,
  PROP_EXCHANGE,
  PROP_REDACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HeraldExchangeView, herald_exchange_view, ADW_TYPE_BIN)

static void show_exchange (HeraldExchangeView *self);

static void
copy_curl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HeraldExchangeView *self = HERALD_EXCHANGE_VIEW (widget);

  if (self->curl != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->curl);
}

static void
herald_exchange_view_dispose (GObject *object)
{
  HeraldExchangeView *self = HERALD_EXCHANGE_VIEW (object);

  g_clear_object (&self->exchange);
  herald_exchange_view_set_redactor (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), HERALD_TYPE_EXCHANGE_VIEW);

  G_OBJECT_CLASS (herald_exchange_view_parent_class)->dispose (object);
}

static void
herald_exchange_view_finalize (GObject *object)
{
  HeraldExchangeView *self = HERALD_EXCHANGE_VIEW (object);

  g_free (self->curl);

  G_OBJECT_CLASS (herald_exchange_view_parent_class)->finalize (object);
}

static void
herald_exchange_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HeraldExchangeView *self = HERALD_EXCHANGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_EXCHANGE:
      g_value_set_object (value, self->exchange);
      break;
    case PROP_REDACTOR:
      g_value_set_object (value, self->redactor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_exchange_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HeraldExchangeView *self = HERALD_EXCHANGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_EXCHANGE:
      herald_exchange_view_set_exchange (self, g_value_get_object (value));
      break;
    case PROP_REDACTOR:
      herald_exchange_view_set_redactor (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_exchange_view_class_init (HeraldExchangeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_exchange_view_dispose;
  object_class->finalize = herald_exchange_view_finalize;
  object_class->get_property = herald_exchange_view_get_property;
  object_class->set_property = herald_exchange_view_set_property;

  properties[PROP_EXCHANGE] =
    g_param_spec_object ("exchange", NULL, NULL, HERALD_TYPE_EXCHANGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * HeraldExchangeView:redactor:
   *
   * What masks the service's host in presentation mode; without one,
   * nothing is masked.
   */
  properties[PROP_REDACTOR] =
    g_param_spec_object ("redactor", NULL, NULL, HERALD_TYPE_REDACTOR,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/herald-exchange-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldExchangeView, status_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldExchangeView, curl_label);
  gtk_widget_class_bind_template_child (widget_class, HeraldExchangeView, request_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldExchangeView, answer_view);
  gtk_widget_class_bind_template_child (widget_class, HeraldExchangeView, body_stack);
  gtk_widget_class_bind_template_child (widget_class, HeraldExchangeView, reveal_button);
  gtk_widget_class_bind_template_callback (widget_class, show_exchange);

  gtk_widget_class_install_action (widget_class, "exchange.copy-curl", NULL, copy_curl_action);
}

/* Loading GtkSourceView's language definitions and style schemes is most of
 * what building this view costs, and most views never show an exchange
 * (hidden pages, the first frame): done when the first exchange comes. */
static void
ensure_highlighting (HeraldExchangeView *self)
{
  GtkSourceLanguage *json;

  if (self->highlighting)
    return;

  self->highlighting = TRUE;
  json = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "json");
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->request_view))), json);
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->answer_view))), json);

  herald_source_style_follow (self->request_view);
  herald_source_style_follow (self->answer_view);
}

static void
herald_exchange_view_init (HeraldExchangeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  herald_source_style_no_hyphens (GTK_TEXT_VIEW (self->request_view));
  herald_source_style_no_hyphens (GTK_TEXT_VIEW (self->answer_view));
  herald_label_no_hyphens (self->status_label);
  herald_label_no_hyphens (self->curl_label);
}

HeraldExchange *
herald_exchange_view_get_exchange (HeraldExchangeView *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE_VIEW (self), NULL);
  return self->exchange;
}

/**
 * herald_exchange_view_get_curl:
 *
 * Returns: (nullable): the curl line that the copy button copies
 */
const char *
herald_exchange_view_get_curl (HeraldExchangeView *self)
{
  g_return_val_if_fail (HERALD_IS_EXCHANGE_VIEW (self), NULL);
  return self->curl;
}

/* Masked while presenting, unless the user shows it. */
static void
set_masked (HeraldExchangeView *self,
            GtkWidget          *widget,
            const char         *text)
{
  g_autofree char *masked = NULL;

  if (self->redactor != NULL && !gtk_toggle_button_get_active (self->reveal_button))
    text = masked = herald_redactor_mask (self->redactor, text);

  if (GTK_IS_LABEL (widget))
    gtk_label_set_label (GTK_LABEL (widget), text);
  else
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text ? text : "", -1);
}

static void
show_exchange (HeraldExchangeView *self)
{
  HeraldExchange *exchange = self->exchange;
  g_autofree char *status = NULL;
  guint code;

  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button),
                          self->redactor != NULL && herald_redactor_get_active (self->redactor));
  if (exchange == NULL)
    return;

  code = herald_exchange_get_status (exchange);
  if (code != 0)
    /* Translators: method, URL, HTTP status, reason, duration in ms */
    status = g_strdup_printf (_("%s %s — %u %s (%d ms)"),
                              herald_exchange_get_method (exchange),
                              herald_exchange_get_url (exchange),
                              code,
                              herald_exchange_get_reason (exchange) ? herald_exchange_get_reason (exchange) : "",
                              (int) (herald_exchange_get_duration (exchange) / 1000));
  else
    /* Translators: method, URL, then why no answer came */
    status = g_strdup_printf (_("%s %s — no answer: %s"),
                              herald_exchange_get_method (exchange),
                              herald_exchange_get_url (exchange),
                              herald_exchange_get_error_message (exchange) ? herald_exchange_get_error_message (exchange) : "");

  set_masked (self, GTK_WIDGET (self->status_label), status);
  set_masked (self, GTK_WIDGET (self->curl_label), self->curl);
  set_masked (self, GTK_WIDGET (self->request_view), herald_exchange_get_request_body (exchange));
  set_masked (self, GTK_WIDGET (self->answer_view), herald_exchange_get_response_body (exchange));
}

/* Presentation mode switched on or off: hidden again until shown. */
static void
redactor_changed_cb (HeraldExchangeView *self)
{
  gtk_toggle_button_set_active (self->reveal_button, FALSE);
  show_exchange (self);
}

void
herald_exchange_view_set_exchange (HeraldExchangeView *self,
                                   HeraldExchange     *exchange)
{
  g_return_if_fail (HERALD_IS_EXCHANGE_VIEW (self));

  if (!g_set_object (&self->exchange, exchange))
    return;

  g_clear_pointer (&self->curl, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self), exchange != NULL);

  if (exchange != NULL)
    {
      ensure_highlighting (self);
      self->curl = herald_exchange_to_curl (exchange);
      show_exchange (self);
      gtk_stack_set_visible_child_name (self->body_stack, "answer");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXCHANGE]);
}

/**
 * herald_exchange_view_set_redactor:
 * @redactor: (nullable): what masks hosts in presentation mode
 */
void
herald_exchange_view_set_redactor (HeraldExchangeView *self,
                                   HeraldRedactor     *redactor)
{
  g_return_if_fail (HERALD_IS_EXCHANGE_VIEW (self));
  g_return_if_fail (!redactor || HERALD_IS_REDACTOR (redactor));

  if (self->redactor == redactor)
    return;

  if (self->redactor != NULL)
    g_signal_handlers_disconnect_by_func (self->redactor, redactor_changed_cb, self);
  g_set_object (&self->redactor, redactor);
  if (redactor != NULL)
    g_signal_connect_swapped (redactor, "changed", G_CALLBACK (redactor_changed_cb), self);
  redactor_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDACTOR]);
}
