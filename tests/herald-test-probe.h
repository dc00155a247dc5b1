/* herald-test-probe.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test utilities: a HeraldMqttSession that records what it says (messages,
 * connects, losses, subscriptions, publishes, errors), and waiting for it
 * on the main context.
 */

#pragma once

#include "herald-keystore.h"
#include "herald-message.h"
#include "herald-mqtt-session.h"

G_BEGIN_DECLS

typedef struct
{
  HeraldMqttSession *session;
  GPtrArray *messages;
  guint n_batches;
  guint n_connected;
  guint n_lost;
  guint n_subscribed;
  guint n_unsubscribed;
  guint n_published;
  GPtrArray *errors;
  GThread *thread;
  gboolean session_present;  /* of the last "connected" */
  char *last_loss;           /* the last connection-lost's message */
  guint n_unexplained;       /* FAILED or RECONNECTING told before its error */
} Probe;

Probe         *probe_new_for      (const char     *uri,
                                   const char     *client_id,
                                   HeraldKeystore *keystore,
                                   const char     *ca_file);
void           probe_free         (Probe          *p);

gboolean       probe_timeout_cb   (gpointer        data);
void           spin               (guint           ms);
void           connect_and_wait   (Probe          *p);
void           subscribe_and_wait (Probe          *p,
                                   const char     *topic,
                                   guint           qos);
void           publish            (Probe          *p,
                                   const char     *topic,
                                   const char     *text,
                                   guint           qos);
gboolean       has_payload        (Probe          *p,
                                   const char     *topic,
                                   const char     *text);
const GError  *last_error         (Probe          *p);

GPid           probe_start_will_client (const char *uri,
                                        const char *ca_file,
                                        const char *answer,
                                        const char *secret,
                                        const char *client_id,
                                        const char *will_topic,
                                        const char *will_payload,
                                        guint       keep_alive,
                                        const char *ending);

/* Iterates the main context until @cond holds; g_error() after @seconds. */
#define WAIT_UNTIL(cond, seconds) G_STMT_START {                                 \
    gboolean timed_out_ = FALSE;                                                  \
    guint id_ = g_timeout_add_seconds (seconds, probe_timeout_cb, &timed_out_);         \
    while (!(cond) && !timed_out_)                                                \
      g_main_context_iteration (NULL, TRUE);                                      \
    if (!timed_out_)                                                              \
      g_source_remove (id_);                                                      \
    if (!(cond))                                                                  \
      g_error ("Timed out waiting for %s", #cond);                                \
  } G_STMT_END

G_END_DECLS
