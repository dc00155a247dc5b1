/* bench-env.h: what build-aux/bench hands its programs in the environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *bench_env (const char *name);

G_END_DECLS
