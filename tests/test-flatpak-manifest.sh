#!/usr/bin/env bash
# The Flatpak manifest parses, and its extra modules match what meson links:
# Paho MQTT C (found by cc.find_library), mosquitto (run by the sandbox),
# libcbor and msgpack-c (the payload decoders).
set -euo pipefail
flatpak_builder=$1
manifest=$2
top=$3
out=$("$flatpak_builder" --show-manifest "$manifest")
fail() { echo "FAIL: $*" >&2; exit 1; }
grep -q '"id" : "io.github.heraldiot.Herald"' <<<"$out" || fail "the manifest has no app id"
grep -q '"name" : "paho-mqtt-c"' <<<"$out" || fail "the manifest does not build Paho MQTT C"
grep -q '"name" : "mosquitto"' <<<"$out" || fail "the manifest does not build mosquitto"
# The payload decoders' libraries, which the GNOME runtime lacks.
for dep in libcbor msgpack; do
  grep -q "dependency('$dep'" "$top/meson.build" || fail "meson no longer uses $dep: update the manifest"
done
grep -q '"name" : "libcbor"' <<<"$out" || fail "the manifest does not build libcbor (CBOR payloads)"
grep -q '"name" : "msgpack-c"' <<<"$out" || fail "the manifest does not build msgpack-c (MessagePack payloads)"
grep -q "find_library('paho-mqtt3as'" "$top/meson.build" || fail "meson no longer links Paho MQTT C: update the manifest"
for arg in --share=network --socket=wayland --socket=fallback-x11 --talk-name=org.freedesktop.secrets; do
  grep -q -- "\"$arg\"" <<<"$out" || fail "the manifest lacks the finish-arg $arg"
done
# herald-sandbox looks for mosquitto in the install's sbindir (/app/sbin):
# the broker must be installed there, not only somewhere on a PATH the
# Flatpak does not have.
grep -q '"-DCMAKE_INSTALL_SBINDIR=sbin"' <<<"$out" || fail "mosquitto is not installed to /app/sbin, where herald-sandbox looks"
grep -q "'SBINDIR'" "$top/meson.build" || fail "meson no longer tells herald-sandbox its sbindir"
# Swagger UI for herald-sandbox's docs page: the archive and sha256 that
# build-aux/swagger-ui-dist.pin pins (build-aux/setup fetches the same), given
# to meson.
pin="$top/build-aux/swagger-ui-dist.pin"
grep -q '"name" : "swagger-ui-dist"' <<<"$out" || fail "the manifest does not bring Swagger UI (swagger-ui-dist)"
grep -q "\"url\" : \"$(sed -n 's/^url=//p' "$pin")\"" <<<"$out" ||
  fail "the manifest's swagger-ui-dist archive is not the one build-aux/swagger-ui-dist.pin pins"
grep -q "\"sha256\" : \"$(sed -n 's/^sha256=//p' "$pin")\"" <<<"$out" ||
  fail "the manifest's swagger-ui-dist sha256 is not the one build-aux/swagger-ui-dist.pin pins"
grep -q '"-Dswagger_ui_dist=/app/share/swagger-ui-dist"' <<<"$out" || fail "meson is not told where the Flatpak's Swagger UI is"
for f in $(sed -n 's/^files=//p' "$pin"); do
  grep -q "'$f'" "$top/meson.build" || fail "meson does not compile in $f of Swagger UI"
done

# Only what the app needs: no home directory, no host file system.
for arg in --filesystem=home --filesystem=host --socket=x11 --device=all; do
  if grep -q -- "\"$arg\"" <<<"$out"; then fail "the manifest grants $arg, which Herald does not need"; fi
done
echo "ok"
