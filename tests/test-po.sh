#!/usr/bin/env bash
# Translations: every file that marks strings is in POTFILES.in, de.po compiles,
# and de.po is current with the sources: every message translated, none fuzzy,
# none that the sources no longer have.
set -euo pipefail
top=$1
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)
marking=$( (grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)[[:space:]]*\(' src --include='*.c' --include='*.h' || true;
            grep -rl 'translatable="yes"' src --include='*.ui' || true;
            ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml) | sort -u)
missing=$(comm -13 <(echo "$listed") <(echo "$marking"))
if [ -n "$missing" ]; then
  echo "FAIL: these files mark strings but are not in po/POTFILES.in:" >&2
  echo "$missing" >&2
  status=1
fi
for f in $listed; do
  [ -f "$f" ] || { echo "FAIL: po/POTFILES.in lists $f, which does not exist" >&2; status=1; }
done

for lang in $(grep -v '^#' po/LINGUAS); do
  msgfmt --check --output-file=/dev/null "po/$lang.po" || { echo "FAIL: po/$lang.po does not compile" >&2; status=1; }
done

# The same extraction as i18n.gettext (preset: 'glib').
xgettext --package-name=herald --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  --files-from=po/POTFILES.in --output="$tmp/herald.pot"

for lang in $(grep -v '^#' po/LINGUAS); do
  # Every message of the sources has a finished translation...
  if ! msgcmp "po/$lang.po" "$tmp/herald.pot" 2>"$tmp/cmp"; then
    echo "FAIL: po/$lang.po lacks a translation (or has a fuzzy one) for:" >&2
    cat "$tmp/cmp" >&2
    status=1
  fi
  # ...and every translation is of a message the sources still have.
  if ! msgcmp --use-untranslated --use-fuzzy "$tmp/herald.pot" "po/$lang.po" 2>"$tmp/cmp"; then
    echo "FAIL: po/$lang.po has messages the sources no longer have:" >&2
    cat "$tmp/cmp" >&2
    status=1
  fi
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "po/$lang.po" | grep -c '^msgid' || true)
  untranslated=$(msgattrib --untranslated --no-obsolete "po/$lang.po" | grep -c '^msgid' || true)
  if [ "$fuzzy" != 0 ] || [ "$untranslated" != 0 ]; then
    echo "FAIL: po/$lang.po has $fuzzy fuzzy and $untranslated untranslated messages (besides the header)" >&2
    status=1
  fi
done

[ $status = 0 ] && echo "ok"
exit $status
