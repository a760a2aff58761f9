#!/usr/bin/env bash
# Compiles tests/external/wrong-middleware.c the way a program outside the
# tree would (pkg-config against the build folder's uninstalled rdx-1),
# with the warning rdx makes an error: passing an RdxJournal * where an
# RdxMiddleware * belongs to rdx_store_new_with_middleware() must not
# compile, and the same file passing the journal's middleware must.
# Prints TAP.
#
# usage: check-compile-fail.sh CC BUILD_ROOT SOURCE_ROOT
set -u
cc=$1 build=$2 src=$3
export PKG_CONFIG_PATH="$build/meson-uninstalled"
file="$src/tests/external/wrong-middleware.c"

echo "1..3"
if ! flags=$(pkg-config --cflags rdx-1 2>&1); then
  echo "not ok 1 - pkg-config finds rdx-1 in the build folder"; echo "# $flags"
  flags=""
else
  echo "ok 1 - pkg-config finds rdx-1 in the build folder"
fi
# shellcheck disable=SC2086
if log=$("$cc" -Wall -Werror=incompatible-pointer-types -DRDX_RIGHT -c "$file" -o /dev/null $flags 2>&1); then
  echo "ok 2 - passing the tools' middleware compiles"
else
  echo "not ok 2 - passing the tools' middleware compiles"; echo "$log" | sed 's/^/# /'
fi
# shellcheck disable=SC2086
if log=$("$cc" -Wall -Werror=incompatible-pointer-types -c "$file" -o /dev/null $flags 2>&1); then
  echo "not ok 3 - passing an RdxJournal * as a middleware does not compile"
elif grep -q "incompatible pointer type.*RdxJournal" <<<"$log"; then
  echo "ok 3 - passing an RdxJournal * as a middleware does not compile"
else
  echo "not ok 3 - passing an RdxJournal * as a middleware fails for the type"; echo "$log" | sed 's/^/# /'
fi
