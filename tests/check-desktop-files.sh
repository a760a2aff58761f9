#!/usr/bin/env bash
# Checks what rdx-debugger and rdx-bank install for the desktop, printing
# TAP: the debugger's .desktop file is valid, and its MIME type compiles
# with update-mime-database and makes *.rdx-history.json
# application/x-rdx-history; rdx-bank's is valid, named after its
# application id and starts rdx-bank.
#
# usage: check-desktop-files.sh DESKTOP_FILE MIME_XML BANK_DESKTOP_FILE
set -u
desktop=$1 mime=$2 bank=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "1..5"
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
if log=$(desktop-file-validate "$bank" 2>&1); then
  echo "ok 4 - $(basename "$bank") is valid"
else
  echo "not ok 4 - $(basename "$bank") is valid"; echo "$log" | sed 's/^/# /'
fi
# GApplication's id names the file, so the shell matches the window to it.
id=$(sed -n 's/^#define BANK_APP_ID "\(.*\)"$/\1/p' "$(dirname "$0")/../reducers/bank.h")
if [ "$(basename "$bank")" = "$id.desktop" ] && grep -q '^Exec=rdx-bank$' "$bank"; then
  echo "ok 5 - it is named after the app id ($id) and starts rdx-bank"
else
  echo "not ok 5 - it is named after the app id (${id:-none found}) and starts rdx-bank"
fi
