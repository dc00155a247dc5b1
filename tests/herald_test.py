# herald_test.py: what the Python tests that drive the real herald share:
# TAP output, the test-atspi.py helpers, and running the test again inside a
# session of its own (build-aux/test-session: its own bus, accessibility
# bus, keyring and XDG_RUNTIME_DIR).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import re
import subprocess
import sys
import time
import traceback

tap_count = 0
tap_failed = 0


def tap(ok, description, diagnostics=()):
    global tap_count, tap_failed
    tap_count += 1
    if not ok:
        tap_failed += 1
    print('%s %d - %s' % ('ok' if ok else 'not ok', tap_count, description))
    for line in diagnostics:
        print('# ' + line)
    sys.stdout.flush()


def note(message):
    print('# ' + message)
    sys.stdout.flush()


def load_atspi_helpers():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-atspi.py')
    spec = importlib.util.spec_from_file_location('herald_test_atspi', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def start_herald(a, build_root, tmp, log):
    """The real herald of @build_root with its sandbox and home in @tmp and
    its output in @log, on the session's accessibility bus."""
    return subprocess.Popen([os.path.join(build_root, 'src', 'ui', 'herald'),
                             '--sandbox-dir', os.path.join(tmp, 'sandbox')],
                            env=a.herald_env(os.path.join(tmp, 'home')),
                            stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                            preexec_fn=a.die_with_parent)


def type_into(row, text):
    """@text typed into @row with key events, instead of what it held, as
    a user does: GTK 4.8 has no AT-SPI GrabFocus, so a click in it first
    (no window manager: the window is at the screen's corner)."""
    import pyatspi
    x, y, width, height = row.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    subprocess.run(['xdotool', 'mousemove', '--sync', str(x + width // 2), str(y + height // 2),
                    'click', '1', 'key', 'ctrl+a', 'BackSpace'], check=True)
    subprocess.run(['xdotool', 'type', '--delay', '20', text], check=True)


def wait_for_window(a, herald, timeout=None):
    """herald's application and its window (frame) on the accessibility
    bus, once they are there; RuntimeError if herald exits first."""
    def app_with_frame():
        if herald.poll() is not None:
            raise RuntimeError('herald exited with %d' % herald.returncode)
        app = a.find_app(herald.pid)
        if app is None:
            return None
        frames = [c for c in a.children(app) if a.role_of(c) == 'frame']
        return (app, frames[0]) if frames else None

    if timeout is None:
        return a.wait_for('herald on the accessibility bus', app_with_frame)
    return a.wait_for('herald on the accessibility bus', app_with_frame, timeout=timeout)


def main(script, run, marker, programs=()):
    """The whole of a test's main(): arguments, skips, the session of its
    own (the environment variable @marker tells that it is inside), then
    run(build_root, source_root) and the TAP plan."""
    name = os.path.basename(script)
    build_root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('HERALD_BUILD_ROOT')
    source_root = sys.argv[2] if len(sys.argv) > 2 else os.environ.get('HERALD_SOURCE_ROOT')
    if not build_root or not source_root:
        print('usage: %s BUILD_ROOT SOURCE_ROOT' % name, file=sys.stderr)
        return 2

    if not os.environ.get('DISPLAY'):
        print('1..0 # SKIP no display: run under xvfb-run')
        return 0
    for program in programs:
        if subprocess.run(['sh', '-c', 'command -v "$0"', program], capture_output=True).returncode:
            print('1..0 # SKIP %s is missing (build-aux/packages.txt)' % program)
            return 0
    if importlib.util.find_spec('pyatspi') is None:
        print('1..0 # SKIP pyatspi is missing (Debian package python3-pyatspi)')
        return 0

    if os.environ.get(marker) != '1':
        # A session of its own, with a keyring for the device's secret.
        env = dict(os.environ)
        for var in ('HERALD_TEST_SESSION', 'HERALD_TEST_KEYRING', 'DBUS_SESSION_BUS_ADDRESS',
                    'GNOME_KEYRING_PID', 'GNOME_KEYRING_CONTROL', 'AT_SPI_BUS_ADDRESS'):
            env.pop(var, None)
        # pyatspi's own warnings must not abort the script; Herald keeps
        # the suite's G_DEBUG (test-atspi.py's herald_env passes it on).
        env['HERALD_ATSPI_G_DEBUG'] = env.pop('G_DEBUG', '')
        env[marker] = '1'
        # The daemons print to the stdout they inherit: only TAP goes
        # through as it is, anything else as a TAP comment.
        process = subprocess.Popen([os.path.join(source_root, 'build-aux', 'test-session'),
                                    sys.executable, os.path.abspath(script), build_root, source_root],
                                   env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   text=True, errors='replace')
        for line in process.stdout:
            line = line.rstrip('\n')
            if re.match(r'^(ok |not ok |1\.\.|#|Bail out!)', line):
                print(line)
            elif line.strip():
                print('# ' + line)
            sys.stdout.flush()
        return process.wait()

    started = time.monotonic()
    try:
        run(build_root, source_root)
    except Exception as e:  # report, do not hide, what broke
        tap(False, 'the test ran to its end',
            ['%s: %s' % (type(e).__name__, e)] + traceback.format_exc().splitlines())
    note('took %.1f s' % (time.monotonic() - started))
    print('1..%d' % tap_count)
    return 1 if tap_failed else 0
