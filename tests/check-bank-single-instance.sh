#!/usr/bin/env bash
# Checks that a second rdx-bank hands over to the first (single instance),
# printing TAP. Needs a display (xvfb-run) and dbus-run-session, which
# gives the two a session bus of their own.
#
# usage: check-bank-single-instance.sh RDX_BANK
set -u
bank=$1
if [ -z "${DISPLAY:-}" ] || ! command -v dbus-run-session > /dev/null; then
  echo "1..0 # SKIP needs a display and dbus-run-session"
  exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat > "$dir/run.sh" << 'SCRIPT'
#!/usr/bin/env bash
bank=$1 dir=$2
export XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
"$bank" --journal "$dir/first.sqlite" > "$dir/first.out" 2>&1 &
first=$!
for _ in $(seq 100); do [ -e "$dir/first.sqlite-wal" ] && break; sleep 0.1; done
timeout 20 "$bank" --journal "$dir/second.sqlite" > "$dir/second.out" 2>&1
echo $? > "$dir/second.status"
sleep 0.5
if kill -0 "$first" 2> /dev/null; then echo yes > "$dir/first.running"; fi
kill "$first"
wait "$first" 2> /dev/null
SCRIPT
chmod +x "$dir/run.sh"
dbus-run-session -- "$dir/run.sh" "$bank" "$dir" 2> /dev/null

echo "1..4"
if [ "$(cat "$dir/second.status" 2> /dev/null)" = 0 ]; then
  echo "ok 1 - the second instance exits at once, with status 0"
else
  echo "not ok 1 - the second instance exits at once, with status 0"
  sed 's/^/# /' "$dir/second.out"
fi
if [ -e "$dir/first.running" ]; then
  echo "ok 2 - the first instance goes on"
else
  echo "not ok 2 - the first instance goes on"
  sed 's/^/# /' "$dir/first.out"
fi
if [ ! -e "$dir/second.sqlite" ]; then
  echo "ok 3 - the second never opens a journal"
else
  echo "not ok 3 - the second never opens a journal"
fi
if grep -q "already running with the journal" "$dir/second.out"; then
  echo "ok 4 - the second says which journal the first has open"
else
  echo "not ok 4 - the second says which journal the first has open"
  sed 's/^/# /' "$dir/second.out"
fi
