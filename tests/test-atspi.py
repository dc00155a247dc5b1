#!/usr/bin/python3
# test-atspi.py: the real `herald` through the accessibility bus.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts a real herald-sandbox and the real herald binary (--sandbox-dir) on
# a private session bus with its own accessibility bus, uses the sandbox
# through the Service page's button, then opens every step through the
# sidebar rows' AT-SPI action and checks every control a user can operate:
# it has an accessible name, the name is no GTK type name, and a button that
# shows a text label is named exactly as that label. Offenders are reported
# by page, role and path. Then a dialog: it creates the tutorial's
# capability, picks it through the list's AT-SPI selection, asks to delete
# it, checks the confirmation's buttons and cancels. TAP output.
#
# GtkListView and GtkColumnView rows cannot be named in GTK 4.8 (the API came
# with 4.12): for those, the test asks for text inside the row, which a
# screen reader reads instead, and lists them as comments.
#
#   test-atspi.py BUILD_ROOT SOURCE_ROOT
#
# Runs under a virtual display (xvfb-run); it starts its own bus through
# build-aux/test-session, so that no other program on the suite's bus (or a
# second Herald, which GApplication would hand the command line to) is seen.

import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TIMEOUT = 20  # seconds, for each thing waited for

# Roles a user operates, by their AT-SPI role names.
CONTROL_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'switch',
    'text', 'password text', 'entry', 'spin button', 'combo box', 'slider',
    'menu item', 'check menu item', 'radio menu item', 'link',
}
# Rows are controls when they can be activated or focused.
ROW_ROLES = {'list item', 'tree item', 'table row', 'table cell'}
# Of those, the ones whose visible text label must be their name.
LABELLED_ROLES = {'push button', 'toggle button', 'check box', 'radio button'}

# What GTK 4.8 reports as the name of a widget that has none.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Herald|Gsk)[A-Z][A-Za-z]+$')

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


def die_with_parent():
    # Children go when the test goes, even after kill -9.
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def stop(process):
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for(what, condition, timeout=TIMEOUT):
    import pyatspi  # noqa: F401 (only inside the private bus)
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except RuntimeError:  # a process died: no use waiting
            raise
        except Exception:  # the tree changes under us: try again
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError('waited %d s for %s' % (timeout, what))
        time.sleep(0.05)


# The accessibility tree

def role_of(acc):
    return acc.getRoleName()


def children(acc):
    try:
        return [c for c in acc if c is not None]
    except Exception:
        return []


def text_of(acc):
    # A GTK 4.8 label's name is its text (its Text interface answers '').
    return acc.name or ''


def actions_of(acc):
    try:
        action = acc.queryAction()
    except NotImplementedError:
        return []
    return [action.getName(i) for i in range(action.nActions)]


def focusable(acc):
    import pyatspi
    try:
        return acc.getState().contains(pyatspi.STATE_FOCUSABLE)
    except Exception:
        return False


def do_action(acc, name):
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == name:
            return action.doAction(i)
    raise LookupError('%s %r has no action %r' % (role_of(acc), acc.name, name))


def find(acc, predicate, depth=0):
    if predicate(acc):
        return acc
    for c in children(acc):
        found = find(c, predicate, depth + 1)
        if found is not None:
            return found
    return None


def describe(acc):
    name = acc.name
    return "%s '%s'" % (role_of(acc), name) if name else role_of(acc)


def visible_labels(acc):
    """The text of the labels inside a button (its visible label)."""
    labels = []
    for c in children(acc):
        if role_of(c) == 'label':
            labels.append(text_of(c))
        else:
            labels.extend(visible_labels(c))
    return [t for t in labels if t]


def is_list_view(acc):
    """A GtkListView or GtkColumnView (as opposed to a GtkListBox)."""
    role = role_of(acc)
    return role in ('tree table', 'table') or (role == 'list' and 'list.select-all' in actions_of(acc))


def is_step_page(acc):
    """A page of the window's stack: a panel named as the step, holding the
    Herald*Page widget."""
    return role_of(acc) == 'panel' and bool(acc.name) and any(
        role_of(c) == 'filler' and re.match(r'^Herald\w+Page$', c.name or '')
        for c in children(acc))


def check_controls(acc, path, offenders, seen, skip=None, notes=None, parent=None):
    """Adds to @offenders the controls under @acc without a proper name.
    The path names the named ancestors (unnamed panels are left out)."""
    if skip is not None and skip(acc):
        return
    role = role_of(acc)
    here = path + ([describe(acc)] if acc.name or role not in ('panel', 'filler') else [])
    in_combo = any(p.startswith('combo box') for p in path)
    is_row = role in ROW_ROLES and (actions_of(acc) or (focusable(acc) and not in_combo))
    if role in CONTROL_ROLES or is_row:
        name = acc.name or ''
        problem = None
        unnamed = not name.strip() or TYPE_NAME.match(name)
        if unnamed and is_row and parent is not None and is_list_view(parent):
            # GTK 4.8 cannot name a GtkListView/GtkColumnView row (the API,
            # GtkListItem:accessible-label, came with 4.12): its text must
            # be there for a screen reader to read instead.
            if not visible_labels(acc):
                problem = 'a list view row without a name or any text'
            elif notes is not None:
                notes.append('%s: unnamed list view row, read by its text %r'
                             % (' > '.join(here), visible_labels(acc)))
        elif not name.strip():
            problem = 'no accessible name'
        elif TYPE_NAME.match(name):
            problem = 'named after its type (no accessible name)'
        elif role in LABELLED_ROLES:
            labels = visible_labels(acc)
            if len(labels) == 1 and name != labels[0]:
                problem = 'named %r, but its visible label is %r' % (name, labels[0])
        if problem is not None and acc.path not in seen:
            seen.add(acc.path)
            offenders.append('%s: %s' % (' > '.join(here), problem))
    for c in children(acc):
        check_controls(c, here, offenders, seen, skip, notes, acc)


# The test

def start_sandbox(build_root, data_dir, log):
    binary = os.path.join(build_root, 'src', 'sandbox', 'herald-sandbox')
    process = subprocess.Popen([binary, '--data-dir', data_dir, '--http-port', '0',
                                '--mqtt-port', '0', '--flavor', 'classic'],
                               stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                               preexec_fn=die_with_parent)
    info_path = os.path.join(data_dir, 'sandbox.json')

    def ready():
        if process.poll() is not None:
            raise RuntimeError('herald-sandbox exited with %d' % process.returncode)
        try:
            with open(info_path) as f:
                info = json.load(f)
        except (OSError, ValueError):
            return None
        return info if info.get('pid') == process.pid else None

    deadline = time.monotonic() + 30
    while True:
        info = ready()
        if info:
            return process, info
        if time.monotonic() > deadline:
            stop(process)
            raise TimeoutError('herald-sandbox wrote no sandbox.json within 30 s')
        time.sleep(0.05)


def herald_env(home):
    env = dict(os.environ)
    # The suite turns accessibility off for the in-process tests.
    env.pop('GTK_A11Y', None)
    env.pop('NO_AT_BRIDGE', None)
    if os.environ.get('HERALD_ATSPI_G_DEBUG'):
        env['G_DEBUG'] = os.environ['HERALD_ATSPI_G_DEBUG']
    env['HOME'] = home
    for var, sub in (('XDG_CONFIG_HOME', 'config'), ('XDG_DATA_HOME', 'data'),
                     ('XDG_CACHE_HOME', 'cache'), ('XDG_STATE_HOME', 'state')):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var], exist_ok=True)
    env['LANGUAGE'] = 'en'
    env['LC_ALL'] = 'C.UTF-8'
    return env


def is_sensitive(acc):
    import pyatspi
    try:
        return acc.getState().contains(pyatspi.STATE_SENSITIVE)
    except Exception:
        return False


def check_dialog(app, frame, rows, stack_page):
    """A dialog's controls: creates the tutorial's capability (the form
    holds it), picks it from the list of existing ones and asks to delete
    it, checks the confirmation's controls, and cancels."""
    title = rows[1].name
    do_action(rows[1], 'step.open')
    page = wait_for('the %s page' % title, lambda: stack_page(title))
    create = wait_for('the Create Capability button',
                      lambda: find(page, lambda a: role_of(a) == 'push button' and
                                   a.name == 'Create Capability'))
    do_action(create, 'click')
    try:
        wait_for('the Capability step marked done', lambda: rows[1].description == 'Done')
        existing = wait_for('the new capability in the list of existing ones',
                            lambda: find(page, lambda a: role_of(a) == 'list' and a.name == 'Existing'
                                         and a.childCount > 0))
    except TimeoutError as e:
        tap(False, '"Create Capability" through AT-SPI completes the Capability step', [str(e)])
        return
    tap(True, '"Create Capability" through AT-SPI completes the Capability step')

    # Picked through the list's AT-SPI selection, as a screen reader does.
    existing.querySelection().selectChild(0)
    delete = wait_for('the Delete… button enabled',
                      lambda: find(page, lambda a: role_of(a) == 'push button' and
                                   a.name == 'Delete…' and is_sensitive(a)))
    do_action(delete, 'click')
    try:
        dialog = wait_for('the confirmation dialog',
                          lambda: next((c for c in children(app) if c != frame and
                                        role_of(c) in ('dialog', 'frame', 'alert')), None))
    except TimeoutError as e:
        tap(False, '"Delete…" asks for a confirmation', [str(e)])
        return
    tap(True, '"Delete…" asks for a confirmation', ['%s' % describe(dialog)])

    offenders = []
    check_controls(dialog, [], offenders, set())
    buttons = []

    def collect(acc):
        if role_of(acc) == 'push button':
            buttons.append(acc)
        for c in children(acc):
            collect(c)
    collect(dialog)
    # AdwMessageDialog has its buttons twice: in a row and in a column.
    names = sorted(set(b.name for b in buttons))
    tap(not offenders and names == ['Cancel', 'Delete'],
        "the confirmation's buttons are named as labelled",
        ['buttons: %r' % names] + offenders)

    cancel = next((b for b in buttons if b.name == 'Cancel'), None)
    if cancel is not None:
        do_action(cancel, 'click')
    try:
        wait_for('the confirmation gone', lambda: all(c == frame for c in children(app)))
        # Nothing was deleted: give a deletion time to show, then look.
        time.sleep(0.5)
        kept = rows[1].description == 'Done' and existing.childCount > 0
        tap(kept, 'Cancel closes the confirmation and keeps the capability',
            ['step: %r, existing: %d' % (rows[1].description, existing.childCount)])
    except TimeoutError as e:
        tap(False, 'Cancel closes the confirmation and keeps the capability', [str(e)])


def be_patient():
    """libatspi gives up on an answer after 0.8 s ("Did not receive a
    reply"): herald under AddressSanitizer on a busy 2-core machine takes
    longer to walk its tree. Ten seconds a call, a minute to start."""
    from gi.repository import Atspi
    Atspi.set_timeout(10000, 60000)


def find_app(pid):
    import pyatspi
    be_patient()
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        try:
            if app.get_process_id() == pid and app.childCount > 0:
                return app
        except Exception:
            continue
    return None


def run(build_root):
    import pyatspi

    tmp = tempfile.mkdtemp(prefix='herald-test-atspi-')
    sandbox = herald = None
    log_path = os.path.join(tmp, 'log')
    log = open(log_path, 'w')
    try:
        sandbox_dir = os.path.join(tmp, 'sandbox')
        os.makedirs(sandbox_dir)
        sandbox, info = start_sandbox(build_root, sandbox_dir, log)
        note('herald-sandbox %d: %s' % (sandbox.pid, info.get('api_url')))

        herald = subprocess.Popen([os.path.join(build_root, 'src', 'ui', 'herald'),
                                   '--sandbox-dir', sandbox_dir],
                                  env=herald_env(os.path.join(tmp, 'home')),
                                  stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                  preexec_fn=die_with_parent)

        def app_with_frame():
            if herald.poll() is not None:
                raise RuntimeError('herald exited with %d' % herald.returncode)
            app = find_app(herald.pid)
            if app is None:
                return None
            frames = [c for c in children(app) if role_of(c) == 'frame']
            return (app, frames[0]) if frames else None

        try:
            app, frame = wait_for('herald on the accessibility bus', app_with_frame)
        except RuntimeError as e:
            tap(False, 'herald shows its window on the accessibility bus', [str(e)])
            return
        tap(True, 'herald shows its window on the accessibility bus')

        steps = wait_for('the Steps list',
                         lambda: find(frame, lambda a: role_of(a) == 'list' and a.name == 'Steps'))
        rows = [r for r in children(steps) if role_of(r) == 'list item']
        names = [r.name for r in rows]
        tap(len(rows) == 8 and all(names), 'the sidebar lists the eight steps by name',
            ['rows: %r' % names])

        # The window's subtitle tells which step is open.
        def subtitle():
            label = find(frame, lambda a: role_of(a) == 'label' and
                         re.match(r'^Step \d+ of \d+$', text_of(a) or ''))
            return text_of(label) if label is not None else None

        def stack_page(title):
            return find(frame, lambda a: a.name == title and is_step_page(a))

        # Use the sandbox, as a new user does first.
        service = wait_for('the Service page', lambda: stack_page(names[0]))
        use = wait_for('the Use Local Sandbox button',
                       lambda: find(service, lambda a: role_of(a) == 'push button' and
                                    'Use Local Sandbox' in (a.name or '')))
        do_action(use, 'click')
        try:
            wait_for('the Service step marked done',
                     lambda: 'Done' == (rows[0].description or ''))
            tap(True, '"Use Local Sandbox" through AT-SPI completes the Service step')
        except TimeoutError as e:
            tap(False, '"Use Local Sandbox" through AT-SPI completes the Service step',
                [str(e), 'description: %r' % rows[0].description])

        offenders = []
        seen = set()
        # The window's own controls: header bar, sidebar, history.
        notes = []
        check_controls(frame, [], offenders, seen, skip=is_step_page, notes=notes)

        for i, row in enumerate(rows):
            title = row.name
            try:
                do_action(row, 'step.open')
                wait_for('step %d open' % (i + 1),
                         lambda: subtitle() == 'Step %d of %d' % (i + 1, len(rows)))
                page = wait_for('the %s page' % title, lambda: stack_page(title))
            except (LookupError, TimeoutError) as e:
                tap(False, 'the sidebar row %r opens its page' % title, [str(e)])
                continue
            tap(True, 'the sidebar row %r opens its page' % title)
            page_offenders = []
            check_controls(page, ['page %r' % title], page_offenders, seen, notes=notes)
            offenders.extend(page_offenders)

        for line in notes:
            note(line)
        tap(not offenders, 'every control has an accessible name, a labelled button its label',
            ['%d offenders:' % len(offenders)] + offenders)

        check_dialog(app, frame, rows, stack_page)
    finally:
        stop(herald)
        stop(sandbox)
        log.close()
        if tap_failed:
            with open(log_path) as f:
                for line in f.read().splitlines()[-40:]:
                    note('log: ' + line)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    build_root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('HERALD_BUILD_ROOT')
    source_root = sys.argv[2] if len(sys.argv) > 2 else os.environ.get('HERALD_SOURCE_ROOT')
    if not build_root or not source_root:
        print('usage: test-atspi.py BUILD_ROOT SOURCE_ROOT', file=sys.stderr)
        return 2

    if not os.environ.get('DISPLAY'):
        print('1..0 # SKIP no display: run under xvfb-run')
        return 0
    import importlib.util
    if importlib.util.find_spec('pyatspi') is None:
        print('1..0 # SKIP pyatspi is missing (Debian package python3-pyatspi)')
        return 0

    if os.environ.get('HERALD_ATSPI_BUS') != '1':
        # A bus of its own (see the header).
        env = dict(os.environ)
        for var in ('HERALD_TEST_SESSION', 'DBUS_SESSION_BUS_ADDRESS', 'GNOME_KEYRING_PID',
                    'GNOME_KEYRING_CONTROL', 'AT_SPI_BUS_ADDRESS'):
            env.pop(var, None)
        env['HERALD_TEST_KEYRING'] = '1'  # no keyring: not needed here
        # pyatspi's own warnings (e.g. GTK 4.8 has no AT-SPI cache object)
        # must not abort this script; Herald keeps the suite's G_DEBUG.
        env['HERALD_ATSPI_G_DEBUG'] = env.pop('G_DEBUG', '')
        env['HERALD_ATSPI_BUS'] = '1'
        # The buses' daemons print to the stdout they inherit: only TAP goes
        # through as it is, anything else as a TAP comment.
        process = subprocess.Popen([os.path.join(source_root, 'build-aux', 'test-session'),
                                    sys.executable, os.path.abspath(__file__), build_root, source_root],
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
        run(build_root)
    except Exception as e:  # report, do not hide, what broke
        tap(False, 'the test ran to its end', ['%s: %s' % (type(e).__name__, e)])
    note('took %.1f s' % (time.monotonic() - started))
    print('1..%d' % tap_count)
    return 1 if tap_failed else 0


if __name__ == '__main__':
    sys.exit(main())
