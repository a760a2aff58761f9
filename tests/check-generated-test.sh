#!/usr/bin/env bash
# Compiles and runs a test the debugger window generated (Export Selection
# as Test), the way an application would: with `pkg-config --cflags --libs
# rdx-1 cmocka` against the build folder's uninstalled .pc files, and the
# application's reducers (one or more C files, each folder on the include
# path). Prints the generated test's TAP; exits with its
# status (3 when it does not compile).
#
# usage: check-generated-test.sh CC BUILD_ROOT TEST.c REDUCERS.c...
set -u
cc=$1 build=$2 test_c=$3
shift 3
reducers=("$@")
includes=()
for r in "${reducers[@]}"; do includes+=("-I$(dirname "$r")"); done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export PKG_CONFIG_PATH="$build/meson-uninstalled"

if ! flags=$(pkg-config --cflags --libs rdx-1 cmocka 2>&1); then
  echo "# pkg-config: $flags"; exit 3
fi
# shellcheck disable=SC2086
if ! log=$("$cc" -Wall -Werror "${includes[@]}" "$test_c" "${reducers[@]}" \
             -o "$out/generated" $flags 2>&1); then
  echo "$log" | sed 's/^/# /'; exit 3
fi
LD_LIBRARY_PATH="$build/middleware" CMOCKA_MESSAGE_OUTPUT=TAP "$out/generated"
