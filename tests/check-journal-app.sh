#!/usr/bin/env bash
# Runs docs/examples/journal-app.c as a user would, twice at once, on a
# session bus of its own: the second instance hands its command line over
# to the first, which opened the journal in startup, instead of failing
# with "in use by another process" (docs/journal.md). Prints TAP.
#
# usage: check-journal-app.sh JOURNAL-APP
set -u
app=$1

if [ "${RDX_INSIDE_BUS:-}" != 1 ]; then
  if ! command -v dbus-run-session >/dev/null 2>&1; then
    echo "1..0 # SKIP dbus-run-session is not installed"
    exit 0
  fi
  data=$(mktemp -d)
  trap 'rm -rf "$data"' EXIT
  XDG_DATA_HOME=$data RDX_INSIDE_BUS=1 dbus-run-session -- bash "$0" "$app"
  exit
fi

echo "1..4"
out=$(mktemp)
"$app" add 1 >"$out" 2>&1 &
primary=$!
for _ in $(seq 100); do
  grep -q "count: 1" "$out" && break
  sleep 0.1
done
if grep -qx "count: 1" "$out"; then
  echo "ok 1 - the first instance opens the journal in startup and counts"
else
  echo "not ok 1 - the first instance opens the journal in startup and counts"
  sed 's/^/# /' "$out"
fi

if log=$("$app" add 2 2>&1) && [ "$log" = "count: 3" ]; then
  echo "ok 2 - a second instance hands its command line over to the first"
else
  echo "not ok 2 - a second instance hands its command line over to the first"
  echo "$log" | sed 's/^/# /'
fi

"$app" quit >/dev/null 2>&1
if wait "$primary"; then
  echo "ok 3 - the first instance closes its journal and exits"
else
  echo "not ok 3 - the first instance closes its journal and exits"
  sed 's/^/# /' "$out"
fi
rm -f "$out"

if log=$("$app" add 0 quit 2>&1) && [ "$log" = "count: 3" ]; then
  echo "ok 4 - the journal kept what both instances asked for"
else
  echo "not ok 4 - the journal kept what both instances asked for"
  echo "$log" | sed 's/^/# /'
fi
