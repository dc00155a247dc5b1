#!/usr/bin/env bash
# The command lines: --version and --help of both programs.
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

if "$sandbox" --no-such-option >/dev/null 2>&1; then
  fail "herald-sandbox accepted an unknown option"
fi
echo "ok"
