#!/usr/bin/env bash
# Runs a test on a virtual display of its own with a window manager, for
# what only a window manager grants: full screen, maximized, focus. Without
# one (the suite's display), GTK 4.8 on X11 asks for full screen and nothing
# answers, so gtk_window_is_fullscreen() never turns true.
#
#   tests/with-window-manager.sh TEST [ARGS...]
#
# Xvfb picks a free display itself (-displayfd), 1280×1024 unless
# HERALD_TEST_SCREEN says otherwise (WIDTHxHEIGHTxDEPTH); evilwm (Debian package
# evilwm, 120 KB) is the window manager: it supports _NET_WM_STATE_FULLSCREEN.
# Both are stopped when the test ends. Prints a TAP skip when either is
# missing.
set -uo pipefail

for program in Xvfb evilwm xprop; do
  if ! command -v "$program" >/dev/null; then
    echo "1..0 # SKIP $program is missing (build-aux/packages.txt)"
    exit 0
  fi
done

tmp=$(mktemp -d)
xvfb_pid=
wm_pid=
cleanup() {
  [ -n "$wm_pid" ] && kill "$wm_pid" 2>/dev/null && wait "$wm_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap "exit 143" TERM INT

Xvfb -displayfd 5 -screen 0 "${HERALD_TEST_SCREEN:-1280x1024x24}" -nolisten tcp -noreset 5>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 200); do
  [ -s "$tmp/display" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || break
  sleep 0.05
done
if [ ! -s "$tmp/display" ]; then
  echo "Bail out! Xvfb did not start: $(cat "$tmp/xvfb.log")"
  exit 1
fi
export DISPLAY=":$(head -n 1 "$tmp/display")"
unset WAYLAND_DISPLAY XAUTHORITY

evilwm >"$tmp/wm.log" 2>&1 &
wm_pid=$!
# GTK looks for the window manager once and then not again for 15 s: it
# must be there before the test starts.
for _ in $(seq 200); do
  xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q "window id" && break
  sleep 0.05
done
if ! xprop -root _NET_SUPPORTED 2>/dev/null | grep -q _NET_WM_STATE_FULLSCREEN; then
  echo "Bail out! evilwm did not start on $DISPLAY: $(cat "$tmp/wm.log")"
  exit 1
fi

status=0
"$@" || status=$?
exit $status
