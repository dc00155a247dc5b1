#!/usr/bin/python3
# test-installed.py: Herald as users install it, not as it is built.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Two installed layouts, each run through the accessibility bus (the helpers
# of test-atspi.py) with the tutorial's whole flow: start the local sandbox
# from the window, create the model, get the certificate, connect, send the
# command and see it arrive in the History.
#
# 1. Like a Flatpak: the tree configured with --prefix=/app and installed
#    with DESTDIR, seen through bubblewrap at /app, with /usr/sbin hidden (a
#    GNOME runtime has no /usr/sbin/mosquitto), PATH=/app/bin:/usr/bin, the
#    system's mosquitto copied to /app/sbin (where the manifest's CMake
#    build installs it), the GSettings schemas compiled in the tree as
#    flatpak-builder does (meson skips that under DESTDIR) and XDG_DATA_DIRS
#    pointing at /app/share.
# 2. Like /usr/local: the build directory's own install (its prefix) with
#    DESTDIR, seen through bubblewrap at that prefix.
#
# In each: the desktop file, the metainfo, the schema, the icons and the
# German catalogue are where they must be and valid, and a Herald started
# with LANGUAGE=de speaks German. Nothing of the build tree is visible to
# the installed programs: HERALD_SANDBOX and GSETTINGS_SCHEMA_DIR are unset.
#
#   test-installed.py BUILD_ROOT SOURCE_ROOT
#
# The /app configuration is built in BUILD_ROOT/installed-app (kept, so a
# second run only rebuilds what changed). Runs under a virtual display
# (xvfb-run) inside a session of its own (build-aux/test-session). TAP.

import glob
import json
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


def run_quiet(argv, log, **kwargs):
    log.write('$ %s\n' % ' '.join(argv))
    log.flush()
    return subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, **kwargs).returncode == 0


# The installed trees

def build_flatpak_like(build_root, source_root, root, log):
    """Installs the tree with prefix /app into @root/app."""
    app_build = os.path.join(build_root, 'installed-app')
    if not os.path.exists(os.path.join(app_build, 'build.ninja')):
        if not run_quiet(['meson', 'setup', app_build, source_root, '--prefix=/app',
                          '-Dtests=false', '--buildtype=debugoptimized'], log):
            return False
    if not run_quiet(['meson', 'compile', '-C', app_build], log):
        return False
    if not run_quiet(['meson', 'install', '-C', app_build, '--destdir', root,
                      '--no-rebuild', '--quiet'], log):
        return False
    # Where the manifest's mosquitto module puts the broker.
    os.makedirs(os.path.join(root, 'app', 'sbin'), exist_ok=True)
    shutil.copy2(shutil.which('mosquitto') or '/usr/sbin/mosquitto',
                 os.path.join(root, 'app', 'sbin', 'mosquitto'))
    # flatpak-builder compiles the schemas; meson skips it under DESTDIR.
    return run_quiet(['glib-compile-schemas', os.path.join(root, 'app', 'share', 'glib-2.0', 'schemas')], log)


def build_prefix_like(build_root, root, log):
    """Installs the build directory (its own prefix) into @root; returns the prefix."""
    out = subprocess.run(['meson', 'introspect', '--buildoptions', build_root],
                         capture_output=True, text=True)
    prefix = next(o['value'] for o in json.loads(out.stdout) if o['name'] == 'prefix')
    if not run_quiet(['meson', 'install', '-C', build_root, '--destdir', root,
                      '--no-rebuild', '--quiet'], log):
        return None
    datadir = os.path.join(root + prefix, 'share')
    if not run_quiet(['glib-compile-schemas', os.path.join(datadir, 'glib-2.0', 'schemas')], log):
        return None
    return prefix


def check_tree(layout, share):
    app_id = 'io.github.heraldiot.Herald'
    files = {
        'desktop file': os.path.join(share, 'applications', app_id + '.desktop'),
        'metainfo': os.path.join(share, 'metainfo', app_id + '.metainfo.xml'),
        'schema': os.path.join(share, 'glib-2.0', 'schemas', app_id + '.gschema.xml'),
        'compiled schemas': os.path.join(share, 'glib-2.0', 'schemas', 'gschemas.compiled'),
        'icon': os.path.join(share, 'icons', 'hicolor', 'scalable', 'apps', app_id + '.svg'),
        'symbolic icon': os.path.join(share, 'icons', 'hicolor', 'symbolic', 'apps', app_id + '-symbolic.svg'),
        'German catalogue': os.path.join(share, 'locale', 'de', 'LC_MESSAGES', 'herald.mo'),
    }
    missing = [what for what, path in files.items() if not os.path.isfile(path)]
    tap(not missing, '%s: the installed tree has the desktop file, metainfo, schema, icons and '
        'the German catalogue' % layout, ['missing: %s' % ', '.join(missing)] if missing else ())
    for what, argv in (('desktop file', ['desktop-file-validate', files['desktop file']]),
                       ('metainfo', ['appstreamcli', 'validate', '--no-net', '--explain', files['metainfo']])):
        if shutil.which(argv[0]) is None or not os.path.isfile(argv[-1]):
            continue
        result = subprocess.run(argv, capture_output=True, text=True)
        tap(result.returncode == 0, '%s: the installed %s is valid' % (layout, what),
            (result.stdout + result.stderr).splitlines()[-10:] if result.returncode else ())


# Running the installed herald

def bwrap_argv(mounts, hide_sbin, path):
    """A view of this system with the installed tree mounted where it was
    installed for, and nothing of the build tree on PATH."""
    argv = ['bwrap', '--die-with-parent',
            '--tmpfs', '/',
            '--ro-bind', '/usr', '/usr', '--ro-bind', '/etc', '/etc',
            '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
            '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin',
            '--ro-bind', '/var', '/var', '--ro-bind', '/sys', '/sys',
            '--proc', '/proc', '--dev', '/dev',
            # The session bus, the keyring, XDG_RUNTIME_DIR, the X socket
            # and the test's home all live under /tmp.
            '--bind', '/tmp', '/tmp']
    if hide_sbin:
        argv += ['--tmpfs', '/usr/sbin']
    for source, target in mounts:
        argv += ['--bind', source, target]
    argv += ['--setenv', 'PATH', path]
    return argv


def descendants_named(pid, name):
    """The processes under @pid (bwrap's child) whose command is @name."""
    found = []
    parents = {pid}
    for _ in range(4):
        for stat in glob.glob('/proc/[0-9]*/stat'):
            try:
                with open(stat) as f:
                    text = f.read()
            except OSError:
                continue
            comm = text[text.index('(') + 1:text.rindex(')')]
            fields = text[text.rindex(')') + 2:].split()
            child, ppid = int(stat.split('/')[2]), int(fields[1])
            if ppid in parents and child not in parents:
                parents.add(child)
                if comm == name:
                    found.append(child)
    return found


class Installed:
    def __init__(self, a, layout, argv, bindir, share, home, log, env_extra=None):
        self.a = a
        self.layout = layout
        self.log = log
        env = a.herald_env(home)
        for var in ('HERALD_SANDBOX', 'GSETTINGS_SCHEMA_DIR', 'HERALD_BUILD_ROOT', 'HERALD_SOURCE_ROOT',
                    'G_TEST_SRCDIR', 'G_TEST_BUILDDIR'):
            env.pop(var, None)
        env['XDG_DATA_DIRS'] = share + ':/usr/share'
        env.update(env_extra or {})
        self.process = subprocess.Popen(argv + [os.path.join(bindir, 'herald')],
                                        env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                        preexec_fn=a.die_with_parent)
        self.pid = None

    def window(self):
        a = self.a

        def app_with_frame():
            if self.process.poll() is not None:
                raise RuntimeError('herald exited with %d' % self.process.returncode)
            if self.pid is None:
                pids = descendants_named(self.process.pid, 'herald')
                if not pids:
                    return None
                self.pid = pids[0]
            app = a.find_app(self.pid)
            if app is None:
                return None
            frames = [c for c in a.children(app) if a.role_of(c) == 'frame']
            return (app, frames[0]) if frames else None
        return a.wait_for('the installed herald on the accessibility bus', app_with_frame, timeout=40)

    def stop(self):
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def journey(a, frame, layout):
    """The tutorial through the window: every step by its button."""
    steps = a.wait_for('the Steps list',
                       lambda: a.find(frame, lambda x: a.role_of(x) == 'list' and x.name == 'Steps'))
    rows = [r for r in a.children(steps) if a.role_of(r) == 'list item']
    by_name = {r.name: i for i, r in enumerate(rows)}

    def stack_page(title):
        return a.find(frame, lambda x: x.name == title and a.is_step_page(x))

    def open_step(index):
        title = rows[index].name
        a.do_action(rows[index], 'step.open')
        return a.wait_for('the %s page' % title, lambda: stack_page(title))

    def click(page, label, timeout=a.TIMEOUT):
        button = a.wait_for('the %s button' % label,
                            lambda: a.find(page, lambda x: a.role_of(x) == 'push button' and
                                           x.name == label and a.is_sensitive(x)),
                            timeout=timeout)
        a.do_action(button, 'click')

    def press(index, label, tries=1):
        title = rows[index].name
        page = open_step(index)
        for attempt in range(tries):
            click(page, label)
            try:
                a.wait_for('the %s step marked done' % title,
                           lambda: rows[index].description == 'Done',
                           timeout=10 if attempt + 1 < tries else 30)
                return page
            except TimeoutError:
                if attempt + 1 == tries:
                    raise
        return page

    # The sandbox is started from the window: it must find herald-sandbox,
    # and herald-sandbox must find mosquitto, in the installed tree.
    # No sandbox runs yet: Use Local Sandbox says so and offers to start one.
    service = open_step(0)
    click(service, 'Use Local Sandbox')
    click(service, 'Start Sandbox')
    tap(True, '%s: no sandbox runs, and the window offers Start Sandbox' % layout)
    a.wait_for('the Service step marked done', lambda: rows[0].description == 'Done', timeout=40)
    tap(True, '%s: the sandbox started from the window runs and is in use' % layout)
    press(1, 'Create Capability')
    press(2, 'Create Sensor Type')
    press(3, 'Create Device', tries=3)
    press(4, 'Create Sensor')
    press(5, 'Get Certificate')
    press(by_name['Connect'], 'Connect')
    tap(True, '%s: the model is created and the device connected, each step done' % layout)

    composer = open_step(len(rows) - 1)
    click(composer, 'Send Command', timeout=30)
    def command_row():
        # History rows are recycled as they scroll: a row read while GTK
        # drops it answers with an AT-SPI error (a RuntimeError, which
        # wait_for would not retry): look again.
        try:
            return a.find(frame, lambda x: a.role_of(x) == 'label' and
                          '"command":{"LED":' in (x.name or '') and '"Speed":' in (x.name or ''))
        except RuntimeError:
            return None
    try:
        arrived = a.wait_for('the command in the History', command_row, timeout=30)
    except TimeoutError:
        seen = []

        def collect(acc, depth=0):
            try:
                if a.role_of(acc) == 'label' and acc.name:
                    seen.append(acc.name)
            except RuntimeError:
                return
            for c in a.children(acc):
                collect(c, depth + 1)
        collect(frame)
        if os.environ.get('HERALD_INSTALLED_SHOT'):
            subprocess.run(['import', '-window', 'root', os.environ['HERALD_INSTALLED_SHOT']])
        raise TimeoutError('no History row shows the command; labels: %r' % seen[-40:])
    tap(arrived is not None, '%s: the command arrives on the device side, in the History' % layout,
        ['row: %s' % arrived.name])


def german(a, installed, layout):
    app, frame = installed.window()
    steps = a.wait_for('the Steps list in German',
                       lambda: a.find(frame, lambda x: a.role_of(x) == 'list' and x.name == 'Schritte'),
                       timeout=20)
    names = [r.name for r in a.children(steps) if a.role_of(r) == 'list item']
    tap('Dienst' in names, '%s: with LANGUAGE=de the installed herald speaks German' % layout,
        ['steps: %r' % names])


def run(build_root, source_root):
    a = load_atspi_helpers()
    tmp = tempfile.mkdtemp(prefix='herald-test-installed-')
    log_path = os.path.join(tmp, 'log')
    log = open(log_path, 'w')
    installed = None
    try:
        # 1. Like a Flatpak.
        root = os.path.join(tmp, 'flatpak-root')
        ok = build_flatpak_like(build_root, source_root, root, log)
        tap(ok, 'flatpak-like: the tree builds and installs with prefix /app')
        layouts = []
        if ok:
            layouts.append(('flatpak-like', bwrap_argv([(os.path.join(root, 'app'), '/app')], True,
                                                       '/app/bin:/usr/bin'),
                            '/app/bin', '/app/share', os.path.join(root, 'app', 'share')))
        # 2. Like /usr/local.
        root = os.path.join(tmp, 'prefix-root')
        prefix = build_prefix_like(build_root, root, log)
        tap(prefix is not None, 'prefix-like: the build directory installs (prefix %s)' % prefix)
        if prefix is not None:
            layouts.append(('prefix-like', bwrap_argv([(root + prefix, prefix)], False,
                                                      '%s/bin:/usr/bin:/bin' % prefix),
                            prefix + '/bin', prefix + '/share', os.path.join(root + prefix, 'share')))

        for layout, argv, bindir, share, host_share in layouts:
            check_tree(layout, host_share)
            home = os.path.join(tmp, layout + '-home')
            try:
                installed = Installed(a, layout, argv, bindir, share, home, log)
                app, frame = installed.window()
                journey(a, frame, layout)
            except Exception as e:
                import traceback
                status = installed.process.poll() if installed is not None else None
                tap(False, '%s: the tutorial runs through the installed herald' % layout,
                    ['%s: %s' % (type(e).__name__, e), 'bwrap status: %r' % status] +
                    traceback.format_exc().splitlines()[-6:])
            finally:
                if installed is not None:
                    installed.stop()
                    installed = None
            try:
                installed = Installed(a, layout, argv, bindir, share, home + '-de', log,
                                      {'LANGUAGE': 'de', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'})
                german(a, installed, layout)
            except (LookupError, TimeoutError, RuntimeError) as e:
                tap(False, '%s: with LANGUAGE=de the installed herald speaks German' % layout,
                    ['%s: %s' % (type(e).__name__, e)])
            finally:
                if installed is not None:
                    installed.stop()
                    installed = None
    finally:
        if installed is not None:
            installed.stop()
        log.close()
        if herald_test.tap_failed:
            with open(log_path, errors='replace') as f:
                for line in f.read().splitlines()[-60:]:
                    note('log: ' + line)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    return herald_test.main(__file__, run, 'HERALD_INSTALLED_SESSION',
                            programs=('bwrap', 'meson', 'glib-compile-schemas'))


if __name__ == '__main__':
    sys.exit(main())
