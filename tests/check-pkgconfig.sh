#!/usr/bin/env bash
# Builds tests/external/consumer.c the way a program outside the tree would:
# with `pkg-config --cflags --libs rdx-1` against the build folder's
# uninstalled .pc files, then runs it; with GTK, the same for
# tests/external/debugger-consumer.c and rdx-debugger-1. Prints TAP.
#
# usage: check-pkgconfig.sh CC BUILD_ROOT SOURCE_ROOT [SANITIZERS [GTK]]
set -u
cc=$1 build=$2 src=$3 sanitize=${4:-none} gtk=${5:-false}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export PKG_CONFIG_PATH="$build/meson-uninstalled"

if [ "$gtk" = true ]; then echo "1..5"; else echo "1..3"; fi
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

[ "$gtk" = true ] || exit 0
flags=$(pkg-config --cflags --libs rdx-debugger-1 2>&1)
[ "$sanitize" = none ] || flags="$flags -fsanitize=$sanitize"
# shellcheck disable=SC2086
if log=$("$cc" -Wall -Werror "$src/tests/external/debugger-consumer.c" -o "$out/debugger-consumer" \
           $flags 2>&1); then
  echo "ok 4 - an outside program compiles and links against rdx-debugger-1 (gtk4, rdx-devtools-1)"
else
  echo "not ok 4 - an outside program compiles and links against rdx-debugger-1"
  echo "$log" | sed 's/^/# /'
fi
libs="$build/devtools/debugger:$build/devtools:$build/middleware"
if log=$(LD_LIBRARY_PATH="$libs" "$out/debugger-consumer" 2>&1) && [ "$log" = "RdxDebuggerWindow ok" ]; then
  echo "ok 5 - it runs and finds the debugger window's type"
else
  echo "not ok 5 - it runs and finds the debugger window's type"; echo "# $log"
fi
