#!/usr/bin/env bash
# Builds tests/external/consumer.c and docs/examples/metrics.c (the
# middleware of docs/middleware.md's "Writing your own middleware") the way
# a program outside the tree would: with `pkg-config --cflags --libs
# rdx-1` against the build folder's uninstalled .pc files, then runs them.
# Prints TAP.
#
# usage: check-pkgconfig.sh CC BUILD_ROOT SOURCE_ROOT [SANITIZERS]
set -u
cc=$1 build=$2 src=$3 sanitize=${4:-none}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export PKG_CONFIG_PATH="$build/meson-uninstalled"

echo "1..5"
if flags=$(pkg-config --cflags --libs rdx-1 2>&1); then
  echo "ok 1 - pkg-config finds rdx-1 in the build folder"
else
  echo "not ok 1 - pkg-config finds rdx-1 in the build folder"; echo "# $flags"
fi
# A sanitized library needs a sanitized program.
[ "$sanitize" = none ] || flags="$flags -fsanitize=$sanitize"
# shellcheck disable=SC2086
if log=$("$cc" -Wall -Werror "$src/tests/external/consumer.c" -o "$out/consumer" $flags 2>&1); then
  echo "ok 2 - an outside program compiles and links against rdx-1"
else
  echo "not ok 2 - an outside program compiles and links against rdx-1"; echo "$log" | sed 's/^/# /'
fi
if log=$(LD_LIBRARY_PATH="$build/middleware" "$out/consumer" 2>&1) && [[ $log == rdx\ * ]]; then
  echo "ok 3 - the outside program runs and reports the library version ($log)"
else
  echo "not ok 3 - the outside program runs and reports the library version"; echo "# $log"
fi
# shellcheck disable=SC2086
if log=$("$cc" -Wall -Werror "$src/docs/examples/metrics.c" -o "$out/metrics" $flags 2>&1); then
  echo "ok 4 - the metrics middleware of docs/middleware.md compiles against rdx-1"
else
  echo "not ok 4 - the metrics middleware of docs/middleware.md compiles against rdx-1"
  echo "$log" | sed 's/^/# /'
fi
if log=$(LD_LIBRARY_PATH="$build/middleware" "$out/metrics" 2>&1) &&
   grep -qx "counter.increment: 3" <<<"$log" && grep -qx "counter.reset: 1" <<<"$log" &&
   grep -qx "counter.add: 1" <<<"$log" && grep -qx "refused: 1" <<<"$log" &&
   grep -qE "^reducer time: [0-9]+ µs in all; slowest: counter\.(increment|reset|add) \([0-9]+ µs\)$" <<<"$log"; then
  echo "ok 5 - the metrics middleware counts each reducer run once and reports the slowest"
else
  echo "not ok 5 - the metrics middleware counts each reducer run once and reports the slowest"
  echo "$log" | sed 's/^/# /'
fi
