#!/usr/bin/python3
# test-signals.py: the real `herald` ended by a signal ends cleanly.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts a real herald-sandbox and the real herald binary (--sandbox-dir),
# goes through the tutorial's steps with the buttons a user presses, through
# the accessibility bus (the helpers of test-atspi.py), up to Connect: the
# MQTT session then holds the device's certificate and re-encrypted key in
# $XDG_RUNTIME_DIR/herald/keys-PID-*. SIGTERM must end Herald with status 0
# and that directory gone. Then SIGINT and SIGHUP on a fresh Herald: status
# 0 too (they quit the way the Quit action does). TAP output.
#
#   test-signals.py BUILD_ROOT SOURCE_ROOT
#
# Runs under a virtual display (xvfb-run) inside a session of its own
# (build-aux/test-session: its own bus, accessibility bus, keyring and
# XDG_RUNTIME_DIR).

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from herald_test import load_atspi_helpers, note, tap  # noqa: E402
import herald_test  # noqa: E402


def start_herald(a, build_root, sandbox_dir, home, log):
    return subprocess.Popen([os.path.join(build_root, 'src', 'ui', 'herald'),
                             '--sandbox-dir', sandbox_dir],
                            env=a.herald_env(home), stdout=log, stderr=log,
                            stdin=subprocess.DEVNULL, preexec_fn=a.die_with_parent)


def wait_window(a, herald):
    def app_with_frame():
        if herald.poll() is not None:
            raise RuntimeError('herald exited with %d' % herald.returncode)
        app = a.find_app(herald.pid)
        if app is None:
            return None
        frames = [c for c in a.children(app) if a.role_of(c) == 'frame']
        return (app, frames[0]) if frames else None
    return a.wait_for('herald on the accessibility bus', app_with_frame)


def wait_exit(process, timeout=15):
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        return None


def key_dirs(pid):
    runtime = os.environ.get('XDG_RUNTIME_DIR', '')
    return glob.glob(os.path.join(runtime, 'herald', 'keys-%d-*' % pid))


def connect(a, frame):
    """The tutorial's steps with their buttons, up to Connect."""
    steps = a.wait_for('the Steps list',
                       lambda: a.find(frame, lambda x: a.role_of(x) == 'list' and x.name == 'Steps'))
    rows = [r for r in a.children(steps) if a.role_of(r) == 'list item']

    def stack_page(title):
        return a.find(frame, lambda x: x.name == title and a.is_step_page(x))

    def press(index, label, tries=1):
        title = rows[index].name
        a.do_action(rows[index], 'step.open')
        page = a.wait_for('the %s page' % title, lambda: stack_page(title))
        for attempt in range(tries):
            button = a.wait_for('the %s button' % label,
                                lambda: a.find(page, lambda x: a.role_of(x) == 'push button' and
                                               label in (x.name or '') and a.is_sensitive(x)))
            a.do_action(button, 'click')
            try:
                a.wait_for('the %s step marked done' % title,
                           lambda: rows[index].description == 'Done',
                           timeout=10 if attempt + 1 < tries else 30)
                return page
            except TimeoutError:
                if attempt + 1 == tries:
                    raise
        return page

    press(0, 'Use Local Sandbox')
    press(1, 'Create Capability')
    press(2, 'Create Sensor Type')
    # The page looks for the MQTT gateway first: a press before it is
    # found only says so.
    press(3, 'Create Device', tries=3)
    press(4, 'Create Sensor')
    press(5, 'Get Certificate')
    connect_page = [i for i, r in enumerate(rows) if r.name == 'Connect']
    press(connect_page[0], 'Connect')


def run(build_root):
    a = load_atspi_helpers()
    tmp = tempfile.mkdtemp(prefix='herald-test-signals-')
    sandbox = herald = None
    log_path = os.path.join(tmp, 'log')
    log = open(log_path, 'w')
    try:
        sandbox_dir = os.path.join(tmp, 'sandbox')
        os.makedirs(sandbox_dir)
        sandbox, info = a.start_sandbox(build_root, sandbox_dir, log)
        note('herald-sandbox %d: %s' % (sandbox.pid, info.get('api_url')))

        # SIGTERM while connected: the key directory goes with Herald.
        herald = start_herald(a, build_root, sandbox_dir, os.path.join(tmp, 'home'), log)
        app, frame = wait_window(a, herald)
        try:
            connect(a, frame)
            dirs = a.wait_for('the key directory of the MQTT session', lambda: key_dirs(herald.pid))
        except (LookupError, TimeoutError, RuntimeError) as e:
            tap(False, 'herald connects as the device through its buttons', [str(e)])
            return
        files = sorted(os.listdir(dirs[0]))
        tap(files == ['certificate.pem', 'key.pem'],
            'connected, herald keeps the device key in %s' % os.path.basename(dirs[0]),
            ['files: %r' % files])

        herald.send_signal(signal.SIGTERM)
        status = wait_exit(herald)
        tap(status == 0, 'SIGTERM ends herald with status 0', ['status: %r' % status])
        left = [d for d in dirs if os.path.exists(d)]
        tap(not left, 'SIGTERM removes the key directory', ['left: %r' % left])
        a.stop(herald)

        # SIGINT and SIGHUP quit the same way.
        for signum in (signal.SIGINT, signal.SIGHUP):
            name = signal.Signals(signum).name
            herald = start_herald(a, build_root, sandbox_dir, os.path.join(tmp, 'home'), log)
            wait_window(a, herald)
            herald.send_signal(signum)
            status = wait_exit(herald)
            tap(status == 0, '%s ends herald with status 0' % name, ['status: %r' % status])
            a.stop(herald)
    finally:
        if herald is not None:
            a.stop(herald)
        a.stop(sandbox)
        log.close()
        if herald_test.tap_failed:
            with open(log_path) as f:
                for line in f.read().splitlines()[-40:]:
                    note('log: ' + line)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    return herald_test.main(__file__, lambda build_root, source_root: run(build_root),
                            'HERALD_SIGNALS_SESSION')


if __name__ == '__main__':
    sys.exit(main())
