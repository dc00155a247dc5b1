#!/usr/bin/python3
# test-translations.py: Herald run from the build tree speaks German.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the real herald of the build tree the way build-aux/run does (its
# schema and data directories) with LANG=C.UTF-8 LANGUAGE=de and no LC_ALL:
# the machines Herald is built on often have only the C and C.UTF-8 locales,
# and glibc 2.36 takes LANGUAGE in C.UTF-8. Then with LANG=C, where glibc
# ignores LANGUAGE, and Herald runs in C.UTF-8 for it. Herald must find the
# catalogues meson compiles into the build tree (po/de/LC_MESSAGES) and
# show the Service page's title as po/de.po translates it, read here from
# po/de.po, through the accessibility bus. TAP output.
#
#   test-translations.py BUILD_ROOT SOURCE_ROOT
#
# Runs under a virtual display (xvfb-run) inside a session of its own
# (build-aux/test-session).

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from herald_test import load_atspi_helpers, note, tap  # noqa: E402
import herald_test  # noqa: E402


def po_string(text):
    """The value of a run of quoted PO strings."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', text)
    escapes = {'n': '\n', 't': '\t', '"': '"', '\\': '\\'}
    return re.sub(r'\\(.)', lambda m: escapes.get(m.group(1), m.group(1)), ''.join(parts))


def translation(po_path, msgid):
    """The msgstr of @msgid (no context, not fuzzy) in @po_path, or None."""
    with open(po_path, encoding='utf-8') as f:
        entries = f.read().split('\n\n')
    for entry in entries:
        if re.search(r'^#,.*\bfuzzy\b', entry, re.M) or re.search(r'^msgctxt ', entry, re.M):
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)^msgstr ((?:".*"\n?)+)', entry, re.M)
        if match and po_string(match.group(1)) == msgid:
            return po_string(match.group(2)) or None
    return None


def run(build_root, source_root):
    a = load_atspi_helpers()

    german = translation(os.path.join(source_root, 'po', 'de.po'), 'Service')
    tap(bool(german) and german != 'Service', 'po/de.po translates the Service page\'s title',
        ['msgstr: %r' % german])
    if not german:
        return

    for lang in ('C.UTF-8', 'C'):
        run_herald(a, build_root, source_root, german, lang)


def run_herald(a, build_root, source_root, german, lang):
    tmp = tempfile.mkdtemp(prefix='herald-test-translations-')
    herald = None
    log = open(os.path.join(tmp, 'log'), 'w')
    try:
        env = a.herald_env(os.path.join(tmp, 'home'))
        # build-aux/run's environment: the build's schema, the source's data.
        env['GSETTINGS_SCHEMA_DIR'] = os.path.join(build_root, 'data')
        env['XDG_DATA_DIRS'] = '%s:%s' % (os.path.join(source_root, 'data'),
                                          os.environ.get('XDG_DATA_DIRS') or '/usr/local/share:/usr/share')
        for var in ('LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE'):
            env.pop(var, None)
        env['LANG'] = lang
        env['LANGUAGE'] = 'de'

        herald = subprocess.Popen([os.path.join(build_root, 'src', 'ui', 'herald'),
                                   '--sandbox-dir', os.path.join(tmp, 'sandbox')],
                                  env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                  preexec_fn=a.die_with_parent)

        try:
            app, frame = herald_test.wait_for_window(a, herald)
        except (RuntimeError, TimeoutError) as e:
            tap(False, 'herald shows its window on the accessibility bus', [str(e)])
            return

        def service_page():
            return a.find(frame, lambda x: a.is_step_page(x) and
                          a.children(x)[0].name == 'HeraldServicePage')

        try:
            page = a.wait_for('the Service page', service_page)
            shown = page.name
        except TimeoutError as e:
            shown = None
            note(str(e))
        tap(shown == german, 'the Service page is titled %r (po/de.po) with LANG=%s LANGUAGE=de' % (german, lang),
            ['its title: %r' % shown])

        title = a.find(frame, lambda x: a.role_of(x) == 'label' and a.text_of(x) == german)
        tap(title is not None, 'the window\'s title says %r with LANG=%s' % (german, lang))
    finally:
        if herald is not None:
            a.stop(herald)
        log.close()
        with open(os.path.join(tmp, 'log'), errors='replace') as f:
            for line in f.read().splitlines()[-20:]:
                note('herald: ' + line)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(herald_test.main(__file__, run, 'HERALD_TEST_TRANSLATIONS_SESSION'))
