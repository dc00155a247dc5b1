#!/usr/bin/env bash
# The command lines: --version and --help of both programs, also in German.
set -euo pipefail
herald=$1
sandbox=$2
version=$(awk -F"'" '/^  version:/ { print $2; exit }' "$HERALD_SOURCE_ROOT/meson.build")
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$herald" --version) || fail "herald --version exited $?"
[ "$out" = "herald $version" ] || fail "herald --version printed '$out', expected 'herald $version'"

out=$("$herald" --help) || fail "herald --help exited $?"
grep -q -- '--version' <<<"$out" || fail "herald --help does not list --version"

out=$("$sandbox" --version) || fail "herald-sandbox --version exited $?"
[ "$out" = "herald-sandbox $version" ] || fail "herald-sandbox --version printed '$out'"

out=$("$sandbox" --help) || fail "herald-sandbox --help exited $?"
grep -q -- '--version' <<<"$out" || fail "herald-sandbox --help does not list --version"

# From the build tree, the build's own catalogues: German without an install.
out=$(LANGUAGE=de LANG=C.UTF-8 LC_ALL=C.UTF-8 "$sandbox" --help) || fail "herald-sandbox --help in German exited $?"
grep -q 'Ein lokaler IoT Service' <<<"$out" || fail "LANGUAGE=de herald-sandbox --help is not German from the build tree: $out"
out=$(LANGUAGE=de LANG=C.UTF-8 LC_ALL=C.UTF-8 "$herald" --help) || fail "herald --help in German exited $?"
grep -q 'IoT-Gerätebefehle über MQTT' <<<"$out" || fail "LANGUAGE=de herald --help is not German from the build tree: $out"

if "$sandbox" --no-such-option >/dev/null 2>&1; then
  fail "herald-sandbox accepted an unknown option"
fi
echo "ok"
