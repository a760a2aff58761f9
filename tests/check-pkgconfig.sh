#!/usr/bin/env bash
# Builds tests/external/consumer.c and docs/examples/metrics.c (the
# middleware of docs/middleware.md's "Writing your own middleware") the way
# a program outside the tree would: with `pkg-config --cflags --libs
# rdx-1` against the build folder's uninstalled .pc files, then runs them;
# a reducer-set module against rdx-devtools-1; with GTK, the same for
# tests/external/debugger-consumer.c and rdx-debugger-1; and the README's
# recipe for "Using the library from another program", as it is written
# there, which must give a program that runs. Prints TAP.
#
# usage: check-pkgconfig.sh CC BUILD_ROOT SOURCE_ROOT [SANITIZERS [GTK]]
set -u
cc=$1 build=$2 src=$3 sanitize=${4:-none} gtk=${5:-false}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export PKG_CONFIG_PATH="$build/meson-uninstalled"

if [ "$gtk" = true ]; then echo "1..10"; else echo "1..8"; fi
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

# A reducer-set module of the to-do example's reducer, built as
# docs/time-travel.md shows an application building one, loaded by
# rdx-replay.
module_flags=$(pkg-config --cflags --libs rdx-devtools-1 2>&1)
[ "$sanitize" = none ] || module_flags="$module_flags -fsanitize=$sanitize"
# shellcheck disable=SC2086
if log=$("$cc" -Wall -Werror -shared -fPIC -I"$src/docs/examples/todo" "$src/tests/debugger/todo-module.c" \
           "$src/docs/examples/todo/todo-reducer.c" -o "$out/todo-reducers.so" $module_flags 2>&1); then
  echo "ok 6 - an outside reducer-set module builds against rdx-devtools-1"
else
  echo "not ok 6 - an outside reducer-set module builds against rdx-devtools-1"
  echo "$log" | sed 's/^/# /'
fi
if log=$("$build/devtools/rdx-replay" --module "$out/todo-reducers.so" --list 2>&1) &&
   [[ $log == *org.rdx.Todo* ]]; then
  echo "ok 7 - rdx-replay --module loads it"
else
  echo "not ok 7 - rdx-replay --module loads it"; echo "$log" | sed 's/^/# /'
fi

# The README's recipe, word for word: the sh block after the line
# "<!-- recipe: ... -->", run from a folder whose _build is the build
# folder, with tests/external/consumer.c as my-app.c. It must build a
# program and run it (no LD_LIBRARY_PATH: the program finds its libraries).
recipe=$(awk '/^<!-- recipe: /{found=1; next} found && /^```sh$/{inside=1; next}
              inside && /^```$/{exit} inside{print}' "$src/README.md")
if [ "$sanitize" != none ]; then
  echo "ok 8 # SKIP the README's recipe builds an unsanitized program"
elif [ -z "$recipe" ]; then
  echo "not ok 8 - the README has a recipe for using the library from another program"
else
  mkdir "$out/app" && ln -s "$build" "$out/app/_build" && cp "$src/tests/external/consumer.c" "$out/app/my-app.c"
  if log=$(cd "$out/app" && env -u LD_LIBRARY_PATH CC="$cc" bash -euc "$recipe" 2>&1) &&
     [[ $log == *"rdx "[0-9]* ]]; then
    echo "ok 8 - the README's recipe builds a program that runs"
  else
    echo "not ok 8 - the README's recipe builds a program that runs"; echo "$log" | sed 's/^/# /'
  fi
fi

[ "$gtk" = true ] || exit 0
flags=$(pkg-config --cflags --libs rdx-debugger-1 2>&1)
[ "$sanitize" = none ] || flags="$flags -fsanitize=$sanitize"
# shellcheck disable=SC2086
if log=$("$cc" -Wall -Werror "$src/tests/external/debugger-consumer.c" -o "$out/debugger-consumer" \
           $flags 2>&1); then
  echo "ok 9 - an outside program compiles and links against rdx-debugger-1 (gtk4, rdx-devtools-1)"
else
  echo "not ok 9 - an outside program compiles and links against rdx-debugger-1"
  echo "$log" | sed 's/^/# /'
fi
libs="$build/devtools/debugger:$build/devtools:$build/middleware"
if log=$(LD_LIBRARY_PATH="$libs" "$out/debugger-consumer" 2>&1) && [ "$log" = "RdxDebuggerWindow ok" ]; then
  echo "ok 10 - it runs and finds the debugger window's type"
else
  echo "not ok 10 - it runs and finds the debugger window's type"; echo "# $log"
fi
