/* herald-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-page.h"

/* The base of the step pages: each holds the window's HeraldContext and can
 * show a toast in the window's toast overlay. */

typedef struct
{
  HeraldContext *context;
} HeraldPagePrivate;

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE (HeraldPage, herald_page, ADW_TYPE_BIN)

static void
herald_page_dispose (GObject *object)
{
  HeraldPage *self = HERALD_PAGE (object);

  herald_page_set_context (self, NULL);

  G_OBJECT_CLASS (herald_page_parent_class)->dispose (object);
}

static void
herald_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HeraldPage *self = HERALD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, herald_page_get_context (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HeraldPage *self = HERALD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      herald_page_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
herald_page_class_init (HeraldPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_page_dispose;
  object_class->get_property = herald_page_get_property;
  object_class->set_property = herald_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, HERALD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
herald_page_init (HeraldPage *self)
{
}

/**
 * herald_page_get_context:
 *
 * Returns: (transfer none) (nullable): the window's context
 */
HeraldContext *
herald_page_get_context (HeraldPage *self)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  g_return_val_if_fail (HERALD_IS_PAGE (self), NULL);

  return priv->context;
}

void
herald_page_set_context (HeraldPage    *self,
                         HeraldContext *context)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);
  g_autoptr(HeraldContext) old = NULL;

  g_return_if_fail (HERALD_IS_PAGE (self));
  g_return_if_fail (!context || HERALD_IS_CONTEXT (context));

  if (priv->context == context)
    return;

  old = g_steal_pointer (&priv->context);
  priv->context = context ? g_object_ref (context) : NULL;

  if (HERALD_PAGE_GET_CLASS (self)->context_changed)
    HERALD_PAGE_GET_CLASS (self)->context_changed (self, old);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/**
 * herald_page_show_toast:
 *
 * Shows @message in the toast overlay around the page, if there is one.
 */
void
herald_page_show_toast (HeraldPage *self,
                        const char *message)
{
  GtkWidget *overlay;

  g_return_if_fail (HERALD_IS_PAGE (self));
  g_return_if_fail (message != NULL);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      /* A toast's title is markup; service messages are not. */
      g_autofree char *escaped = g_markup_escape_text (message, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
}
