#!/usr/bin/env bash
# The Flatpak manifest parses, and its extra modules match what meson links:
# Paho MQTT C (found by cc.find_library) and mosquitto (run by the sandbox).
set -euo pipefail
flatpak_builder=$1
manifest=$2
top=$3
out=$("$flatpak_builder" --show-manifest "$manifest")
fail() { echo "FAIL: $*" >&2; exit 1; }
grep -q '"id" : "io.github.heraldiot.Herald"' <<<"$out" || fail "the manifest has no app id"
grep -q '"name" : "paho-mqtt-c"' <<<"$out" || fail "the manifest does not build Paho MQTT C"
grep -q '"name" : "mosquitto"' <<<"$out" || fail "the manifest does not build mosquitto"
grep -q "find_library('paho-mqtt3as'" "$top/meson.build" || fail "meson no longer links Paho MQTT C: update the manifest"
for arg in --share=network --socket=wayland --socket=fallback-x11 --talk-name=org.freedesktop.secrets; do
  grep -q -- "\"$arg\"" <<<"$out" || fail "the manifest lacks the finish-arg $arg"
done
echo "ok"
