/* herald-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-api-error.h"
#include "herald-page.h"

/* The base of the step pages: each is made with the window's HeraldWorkspace
 * (construct-only, never NULL: a page is a view of it) and can show a toast
 * in the window's toast overlay. A page wires itself to the workspace in its
 * constructed, after chaining up, and never needs to wire itself again.
 *
 * What went wrong with the page's last action is its error: the window
 * shows it above the page, whole and selectable, until the next attempt,
 * a success, or a change of the flow's steps (its cause may be fixed).
 *
 * Text that may name the service's host (an error from the network, say)
 * is shown with herald_page_set_masked(), and shown again, masked or not,
 * when presentation mode is switched. */

typedef struct
{
  GWeakRef    object;
  const char *property;   /* interned */
  char       *text;
} Masked;

typedef struct
{
  HeraldWorkspace *workspace;
  GCancellable  *cancellable;
  char          *error;
  GPtrArray     *masked;     /* of Masked */
} HeraldPagePrivate;

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE (HeraldPage, herald_page, ADW_TYPE_BIN)

static void
masked_free (gpointer data)
{
  Masked *masked = data;

  g_weak_ref_clear (&masked->object);
  g_free (masked->text);
  g_free (masked);
}

static void
show_masked (HeraldPage *self,
             Masked     *masked)
{
  g_autoptr(GObject) object = g_weak_ref_get (&masked->object);
  g_autofree char *shown = NULL;

  if (object == NULL)
    return;

  shown = herald_page_mask (self, masked->text);
  g_object_set (object, masked->property, shown, NULL);
}

static void
redactor_changed_cb (HeraldPage *self)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  for (guint i = 0; i < priv->masked->len; i++)
    show_masked (self, g_ptr_array_index (priv->masked, i));
}

static void
herald_page_dispose (GObject *object)
{
  HeraldPage *self = HERALD_PAGE (object);

  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  /* The workspace stays until finalize: a page that lingers after dispose
   * (a callback still holds it) still has it. Handlers connected with
   * g_signal_connect_object() go with dispose; signal groups are the
   * subclasses' to drop there. */

  G_OBJECT_CLASS (herald_page_parent_class)->dispose (object);
}

static void
herald_page_finalize (GObject *object)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (HERALD_PAGE (object));

  g_clear_object (&priv->workspace);
  g_clear_pointer (&priv->error, g_free);
  g_clear_pointer (&priv->masked, g_ptr_array_unref);

  G_OBJECT_CLASS (herald_page_parent_class)->finalize (object);
}

static void
herald_page_constructed (GObject *object)
{
  HeraldPage *self = HERALD_PAGE (object);
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  G_OBJECT_CLASS (herald_page_parent_class)->constructed (object);

  /* A page without its workspace is a programming error. Each page wires
   * itself to it in its own constructed, after chaining up. */
  g_return_if_fail (HERALD_IS_WORKSPACE (priv->workspace));

  g_signal_connect_object (priv->workspace, "step-changed",
                           G_CALLBACK (herald_page_clear_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (herald_workspace_get_redactor (priv->workspace), "changed",
                           G_CALLBACK (redactor_changed_cb), self, G_CONNECT_SWAPPED);
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
    case PROP_WORKSPACE:
      g_value_set_object (value, herald_page_get_workspace (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, herald_page_get_busy (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, herald_page_get_error (self));
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
  HeraldPagePrivate *priv = herald_page_get_instance_private (HERALD_PAGE (object));

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      /* Construct-only: set once, before constructed. */
      priv->workspace = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (HERALD_PAGE (widget));

  if (priv->cancellable != NULL)
    {
      g_cancellable_cancel (priv->cancellable);
      g_clear_object (&priv->cancellable);
      gtk_widget_action_set_enabled (widget, "page.cancel", FALSE);
      g_object_notify_by_pspec (G_OBJECT (widget), properties[PROP_BUSY]);
    }
}

static void
herald_page_class_init (HeraldPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = herald_page_constructed;
  object_class->dispose = herald_page_dispose;
  object_class->finalize = herald_page_finalize;
  object_class->get_property = herald_page_get_property;
  object_class->set_property = herald_page_set_property;

  /**
   * HeraldPage:workspace:
   *
   * What the page is a view of: the window's workspace. Required, and never
   * replaced.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, HERALD_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * HeraldPage:busy:
   *
   * Whether a request of the page runs; `page.cancel` stops it.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * HeraldPage:error:
   *
   * What went wrong with the page's last action, a sentence that says what
   * to do next; %NULL when nothing did, or its cause may be gone.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "page.cancel", NULL, cancel_action);
}

static void
herald_page_init (HeraldPage *self)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  priv->masked = g_ptr_array_new_with_free_func (masked_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.cancel", FALSE);
}

gboolean
herald_page_get_busy (HeraldPage *self)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  g_return_val_if_fail (HERALD_IS_PAGE (self), FALSE);

  return priv->cancellable != NULL;
}

/**
 * herald_page_begin:
 *
 * Starts a request of the page: the page is busy until herald_page_end().
 * A request still running is cancelled first.
 *
 * Returns: (transfer none): the request's cancellable
 */
GCancellable *
herald_page_begin (HeraldPage *self)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);
  gboolean was_busy;

  g_return_val_if_fail (HERALD_IS_PAGE (self), NULL);

  was_busy = priv->cancellable != NULL;
  if (was_busy)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();

  herald_page_clear_error (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.cancel", TRUE);
  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  return priv->cancellable;
}

/**
 * herald_page_end:
 * @error: (nullable): how the request failed
 *
 * Ends the request begun last. A failure other than a cancellation is the
 * page's error (herald_page_show_error()); a success clears it.
 *
 * Returns: %TRUE when the request was cancelled, so the caller should not
 *   touch the page's widgets any more
 */
gboolean
herald_page_end (HeraldPage   *self,
                 const GError *error)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);
  gboolean cancelled = herald_api_error_is_cancelled (error);

  g_return_val_if_fail (HERALD_IS_PAGE (self), TRUE);

  /* A cancelled request was ended by whoever cancelled it: the cancel
   * action, a newer request, or the page going away. */
  if (cancelled)
    return TRUE;

  if (priv->cancellable != NULL)
    {
      g_clear_object (&priv->cancellable);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.cancel", FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }

  if (error != NULL)
    herald_page_show_error (self, error->message);
  else
    herald_page_clear_error (self);

  return cancelled;
}

/**
 * herald_page_get_workspace:
 *
 * Returns: (transfer none): the workspace the page was made with
 */
HeraldWorkspace *
herald_page_get_workspace (HeraldPage *self)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  g_return_val_if_fail (HERALD_IS_PAGE (self), NULL);

  return priv->workspace;
}

/**
 * herald_page_mask:
 * @text: (nullable): text about to be shown
 *
 * Returns: (transfer full) (nullable): @text with the service's and the
 *   broker's hosts masked in presentation mode (see #HeraldRedactor)
 */
char *
herald_page_mask (HeraldPage *self,
                  const char *text)
{
  g_return_val_if_fail (HERALD_IS_PAGE (self), NULL);

  return herald_redactor_mask (herald_workspace_get_redactor (herald_page_get_workspace (self)), text);
}

/**
 * herald_page_set_masked:
 * @object: a widget of the page
 * @property: its string property that shows @text ("label", "subtitle")
 * @text: (nullable): what to show, which may name the service's host
 *
 * Sets @property to @text, masked in presentation mode, and again each time
 * presentation mode is switched on or off.
 */
void
herald_page_set_masked (HeraldPage *self,
                        gpointer    object,
                        const char *property,
                        const char *text)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);
  const char *interned = g_intern_string (property);
  Masked *masked = NULL;

  g_return_if_fail (HERALD_IS_PAGE (self));
  g_return_if_fail (G_IS_OBJECT (object));

  for (guint i = 0; i < priv->masked->len && masked == NULL; i++)
    {
      Masked *each = g_ptr_array_index (priv->masked, i);
      g_autoptr(GObject) target = g_weak_ref_get (&each->object);

      if (target == object && each->property == interned)
        masked = each;
    }

  if (masked == NULL)
    {
      masked = g_new0 (Masked, 1);
      g_weak_ref_init (&masked->object, object);
      masked->property = interned;
      g_ptr_array_add (priv->masked, masked);
    }

  g_free (masked->text);
  masked->text = g_strdup (text);
  show_masked (self, masked);
}

/**
 * herald_page_show_toast:
 *
 * Shows @message in the toast overlay around the page, if there is one,
 * masked in presentation mode.
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
      g_autofree char *masked = herald_page_mask (self, message);
      g_autofree char *escaped = g_markup_escape_text (masked, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
}

/**
 * herald_page_show_error:
 * @message: what went wrong and what to do next
 *
 * Makes @message the page's error, shown above the page until it is
 * cleared.
 */
void
herald_page_show_error (HeraldPage *self,
                        const char *message)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  g_return_if_fail (HERALD_IS_PAGE (self));
  g_return_if_fail (message != NULL);

  if (g_strcmp0 (priv->error, message) == 0)
    return;
  g_free (priv->error);
  priv->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/**
 * herald_page_clear_error:
 *
 * The page's error is gone: fixed, retried, or dismissed.
 */
void
herald_page_clear_error (HeraldPage *self)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  g_return_if_fail (HERALD_IS_PAGE (self));

  if (priv->error == NULL)
    return;
  g_clear_pointer (&priv->error, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/**
 * herald_page_get_error:
 *
 * Returns: (nullable): what went wrong with the page's last action
 */
const char *
herald_page_get_error (HeraldPage *self)
{
  HeraldPagePrivate *priv = herald_page_get_instance_private (self);

  g_return_val_if_fail (HERALD_IS_PAGE (self), NULL);

  return priv->error;
}
