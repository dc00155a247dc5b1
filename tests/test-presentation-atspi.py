#!/usr/bin/python3
# test-presentation-atspi.py: in presentation mode, a tenant's host is on
# no accessible name, description or text of Herald's.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the real herald binary with its own accessibility bus, types a
# tenant's API root (a host that does not resolve), user and password into
# the Service page as a user does (xdotool), uses the service (it fails,
# naming the host), presses F5, and reads the whole tree through AT-SPI as
# any program on the bus can: names, descriptions, and the Text interface of
# whatever has one. The host is there before F5 (the test can see it), gone
# after it, and back after F5 again. TAP output.
#
#   test-presentation-atspi.py BUILD_ROOT SOURCE_ROOT
#
# Runs under a virtual display (xvfb-run) inside a session of its own
# (build-aux/test-session).

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from herald_test import load_atspi_helpers, tap  # noqa: E402
import herald_test  # noqa: E402

TENANT = 'iot.tenant.example.invalid'
URL = 'https://%s/iot/core/api/v1' % TENANT
PASSWORD = 'Presenter-pw-7'


def texts(acc):
    """Everything the bus gives about @acc as text; nothing for an object
    gone while the tree is read (a toast that timed out)."""
    found = []
    for where, get in (('name', lambda: acc.name), ('description', lambda: acc.description)):
        try:
            found.append((where, get() or ''))
        except Exception:
            pass
    try:
        text = acc.queryText()
        found.append(('text', text.getText(0, text.characterCount)))
    except Exception:
        pass
    return found


def leaks(a, acc, secret, path='', out=None, first=False):
    """Where @secret is on the bus under @acc: all of them, or the first."""
    out = [] if out is None else out
    try:
        here = '%s/%s' % (path, a.role_of(acc))
    except Exception:
        return out
    for where, value in texts(acc):
        if secret in value.lower():
            out.append('%s %s: %r' % (here, where, value))
    for c in a.children(acc):
        if first and out:
            break
        leaks(a, c, secret, here, out, first)
    return out


def find(a, acc, predicate):
    """a.find(), past objects gone while the tree is read (AT-SPI says
    their application no longer exists)."""
    try:
        if predicate(acc):
            return acc
    except Exception:
        return None
    for c in a.children(acc):
        found = find(a, c, predicate)
        if found is not None:
            return found
    return None


def presentation_button(acc):
    import pyatspi
    # A GTK 4.8 toggle button is a push button that can be pressed.
    return (acc.name == 'Presentation Mode' and acc.getRoleName() in ('push button', 'toggle button')
            and acc.getState().contains(pyatspi.STATE_VISIBLE))


def row_named(a, frame, name):
    return a.wait_for('the %s row' % name,
                      lambda: find(a, frame, lambda x: a.role_of(x) in ('text', 'password text', 'entry')
                                     and x.name == name))


def run(build_root, source_root):
    a = load_atspi_helpers()

    tmp = tempfile.mkdtemp(prefix='herald-test-presentation-')
    herald = None
    log = open(os.path.join(tmp, 'log'), 'w')
    try:
        herald = herald_test.start_herald(a, build_root, tmp, log)

        try:
            app, frame = herald_test.wait_for_window(a, herald, timeout=60)
        except (RuntimeError, TimeoutError) as e:
            tap(False, 'herald shows its window on the accessibility bus', [str(e)])
            return

        herald_test.type_into(row_named(a, frame, 'API Root URL'), URL)
        herald_test.type_into(row_named(a, frame, 'User'), 'learner')
        herald_test.type_into(row_named(a, frame, 'Password'), PASSWORD)
        use = a.wait_for('Use This Service', lambda: find(
            a, frame, lambda x: a.role_of(x) == 'push button' and x.name == 'Use This Service'))
        a.do_action(use, 'click')
        a.wait_for('the error naming the host', lambda: find(
            a, frame, lambda x: 'Could not reach' in (x.name or '') and TENANT in x.name))

        tap(find(a, frame, presentation_button) is None, 'the header bar has no Presentation Mode button yet')
        before = leaks(a, app, TENANT, first=True)
        tap(bool(before), 'before presentation mode, the host is on the bus', before[:5])

        subprocess.run(['xdotool', 'key', 'F5'], check=True)
        button = a.wait_for('the header bar\'s Presentation Mode button', lambda: find(
            a, frame, presentation_button))
        tap(button is not None, 'F5 switches presentation mode on')
        time.sleep(0.5)

        during = leaks(a, app, TENANT) + leaks(a, app, PASSWORD.lower())
        tap(not during, 'in presentation mode, neither the host nor the password is on the bus', during[:10])
        masked = find(a, frame, lambda x: 'Could not reach \u2022\u2022\u2022\u2022\u2022' in (x.name or ''))
        tap(masked is not None, 'the error is there, its host masked')

        subprocess.run(['xdotool', 'key', 'F5'], check=True)
        a.wait_for('the host back', lambda: leaks(a, app, TENANT, first=True))
        tap(True, 'F5 again shows the host again')
    finally:
        if herald is not None:
            if herald.poll() is not None:
                log.flush()
                with open(os.path.join(tmp, 'log'), errors='replace') as f:
                    for line in f.read().splitlines()[-20:]:
                        print('# herald (exit %d): %s' % (herald.returncode, line))
            a.stop(herald)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(herald_test.main(__file__, run, 'HERALD_TEST_PRESENTATION_SESSION', programs=('xdotool',)))
