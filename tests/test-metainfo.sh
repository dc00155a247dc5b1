#!/usr/bin/env bash
# The metainfo's screenshots: each image URL points into this repository at
# the tag of a release the metainfo lists (vVERSION), never at a branch that
# moves, and its path exists in the tree (and at that tag, when the tag is
# in the local repository). The newest release is the project's version.
#
#   tests/test-metainfo.sh METAINFO SOURCE_ROOT PROJECT_VERSION
set -euo pipefail
metainfo=$1
top=$2
version=$3
fail() { echo "FAIL: $*" >&2; status=1; }
status=0
base='https://raw.githubusercontent.com/heraldiot/herald/'

releases=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$metainfo")
newest=$(head -n 1 <<<"$releases")
[ "$newest" = "$version" ] || fail "the newest release in the metainfo is $newest, the project is $version"
grep -q '<content_attribute id="social-info">none</content_attribute>' "$metainfo" ||
  fail "the content rating does not state social-info"

images=$(sed -n 's|.*<image[^>]*>\(.*\)</image>.*|\1|p' "$metainfo")
[ -n "$images" ] || fail "the metainfo has no screenshot"
for url in $images; do
  case "$url" in
    "$base"v*/*) ;;
    *) fail "$url does not point into the repository at a release tag"; continue ;;
  esac
  rest=${url#"$base"}
  tag=${rest%%/*}
  path=${rest#*/}
  grep -qx "${tag#v}" <<<"$releases" || fail "$url: $tag is not a release in the metainfo"
  [ -f "$top/$path" ] || fail "$url: $path is not in the tree"
  if git -C "$top" rev-parse -q --verify "refs/tags/$tag" >/dev/null 2>&1; then
    git -C "$top" cat-file -e "$tag:$path" 2>/dev/null || fail "$url: $path is not in the tree at $tag"
  fi
  echo "# $path (at $tag)"
done
[ $status = 0 ] && echo "ok"
exit $status
