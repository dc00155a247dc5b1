#!/usr/bin/python3
# test-password-atspi.py: a password typed into Herald stays off the
# accessibility bus.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the real herald binary with its own accessibility bus, types a
# password into the Service page's Password row with key events (a click in
# it and the keys, through xdotool, as a user does), and reads the row through AT-SPI as any
# program on the bus can: its name, description and Text interface
# (GetText, CharacterCount, GetCharacterAtOffset) never give the password;
# the text is one bullet a character. TAP output.
#
#   test-password-atspi.py BUILD_ROOT SOURCE_ROOT
#
# Runs under a virtual display (xvfb-run) inside a session of its own
# (build-aux/test-session).

import os
import shutil
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from herald_test import load_atspi_helpers, tap  # noqa: E402
import herald_test  # noqa: E402

PASSWORD = 'Hunter2-secret'


def run(build_root, source_root):
    a = load_atspi_helpers()

    tmp = tempfile.mkdtemp(prefix='herald-test-password-')
    herald = None
    log = open(os.path.join(tmp, 'log'), 'w')
    try:
        herald = herald_test.start_herald(a, build_root, tmp, log)

        try:
            app, frame = herald_test.wait_for_window(a, herald, timeout=60)
        except (RuntimeError, TimeoutError) as e:
            tap(False, 'herald shows its window on the accessibility bus', [str(e)])
            return

        row = a.wait_for('the Password row',
                         lambda: a.find(frame, lambda x: a.role_of(x) in ('text', 'password text', 'entry')
                                        and x.name == 'Password'))
        herald_test.type_into(row, PASSWORD)
        time.sleep(0.3)

        text = row.queryText()
        count = a.wait_for('the typed characters', lambda: text.characterCount == len(PASSWORD) and text.characterCount)
        tap(count == len(PASSWORD), 'the row has as many characters as were typed', ['count: %d' % count])

        shown = text.getText(0, text.characterCount)
        chars = ''.join(chr(text.getCharacterAtOffset(i)) for i in range(text.characterCount))
        seen = {'GetText': shown, 'GetCharacterAtOffset': chars, 'name': row.name, 'description': row.description}
        leaked = [where for where, value in seen.items() if PASSWORD in (value or '')]
        tap(not leaked, 'the password is in no AT-SPI answer about the row',
            ['%s: %r' % (where, value) for where, value in seen.items()])
        tap(len(set(shown)) == 1 and shown[0] not in PASSWORD, 'its text is one bullet a character',
            ['text: %r' % shown])
    finally:
        if herald is not None:
            a.stop(herald)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(herald_test.main(__file__, run, 'HERALD_TEST_PASSWORD_SESSION', programs=('xdotool',)))
