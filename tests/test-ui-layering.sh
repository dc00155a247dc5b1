#!/usr/bin/env bash
# The layers: the pages (src/ui) are views of the workspace and leave the
# service's rules to src/core. No file in src/ui includes libsoup, json-glib,
# OpenSSL or Paho itself, builds a topic from a literal "commands/",
# "measures/" or "ack/" (herald-topic.h names them), or builds a file path
# with g_build_filename() or g_build_path() (herald-paths.h knows where the
# files are). And no C file under src/ grows past MAX_LINES lines.
#
#   tests/test-ui-layering.sh SOURCE_ROOT
set -euo pipefail
top=$1
cd "$top"
MAX_LINES=1200
status=0

# Prints each line of src/ui's C sources that matches the extended regular
# expression $2 as "file:line: text", under the heading $1; comment lines
# (starting with "/*", "*" or "//") do not count.
offenders() {
  local heading=$1 pattern=$2 found
  found=$(grep -rnE --include='*.c' --include='*.h' "$pattern" src/ui |
          grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*|//)' || true)
  if [ -n "$found" ]; then
    echo "FAIL: $heading:" >&2
    echo "$found" >&2
    status=1
  fi
}

offenders "src/ui includes a header of libsoup, json-glib, OpenSSL or Paho (use the parts of src/core)" \
  '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]((libsoup|json-glib|openssl)[^/>"]*/|MQTT[A-Za-z0-9_]*\.h)'
offenders "src/ui builds a topic itself (use herald_topic_commands(), herald_topic_measures(), herald_topic_ack(), herald_topic_device_of())" \
  '"(commands|measures|ack)/'
offenders "src/ui builds a file path itself (use the functions of herald-paths.h)" \
  '(^|[^A-Za-z0-9_])g_build_(filename|path)v?[[:space:]]*\('

while IFS= read -r -d '' file; do
  lines=$(wc -l <"$file")
  if [ "$lines" -gt "$MAX_LINES" ]; then
    echo "FAIL: $file has $lines lines, more than $MAX_LINES: split it" >&2
    status=1
  fi
done < <(find src -name '*.c' -print0 | sort -z)

[ $status = 0 ] && echo "ok"
exit $status
