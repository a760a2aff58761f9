#!/usr/bin/env bash
# Checks what rdx-debugger installs for the desktop, printing TAP: its
# .desktop file is valid, and its MIME type compiles with
# update-mime-database and makes *.rdx-history.json application/x-rdx-history.
#
# usage: check-desktop-files.sh DESKTOP_FILE MIME_XML
set -u
desktop=$1 mime=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "1..3"
if log=$(desktop-file-validate "$desktop" 2>&1); then
  echo "ok 1 - $(basename "$desktop") is valid"
else
  echo "not ok 1 - $(basename "$desktop") is valid"; echo "$log" | sed 's/^/# /'
fi
if grep -q '^MimeType=application/x-rdx-history;$' "$desktop"; then
  echo "ok 2 - it opens application/x-rdx-history"
else
  echo "not ok 2 - it opens application/x-rdx-history"
fi
mkdir -p "$out/mime/packages"
cp "$mime" "$out/mime/packages/org.rdx.Debugger.xml"
if log=$(update-mime-database "$out/mime" 2>&1) &&
   grep -q '^60:application/x-rdx-history:\*\.rdx-history\.json' "$out/mime/globs2"; then
  echo "ok 3 - the MIME type compiles and globs *.rdx-history.json"
else
  echo "not ok 3 - the MIME type compiles and globs *.rdx-history.json"; echo "$log" | sed 's/^/# /'
fi
