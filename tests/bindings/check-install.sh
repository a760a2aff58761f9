#!/usr/bin/env bash
# Installs the build into a temporary folder (meson install --destdir) and
# runs docs/examples/counter.py and counter.js against that install alone:
# a clean environment whose variables point only into it (no build folder,
# no source folder), the way docs/python-and-javascript.md tells a user
# with a prefix other than /usr to run them. Prints TAP.
#
# usage: check-install.sh BUILD_ROOT SOURCE_ROOT PYTHON GJS EXPECTED GTK MANUALS...
#   GTK is true when the build has the debugger window (RdxDebugger-1).
set -u
build=$1 src=$2 python=$3 gjs=$4 expected=$5 gtk=$6
shift 6
manuals=("$@")
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

n=0
check () { # check DESCRIPTION STATUS [DETAILS]
  n=$((n + 1))
  if [ "$2" -eq 0 ]; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
  fi
}

echo "1..8"
log=$(meson install -C "$build" --destdir "$dest" --no-rebuild --quiet 2>&1)
check "meson install --destdir installs the build" $? "$log"

only () { find "$dest" -path "$1" -print -quit; }
typelib=$(only '*/girepository-1.0/Rdx-1.typelib')
lib=$(only '*/librdx-1.so.0')
override_py=$(only '*/gi/overrides/Rdx.py')
override_js=$(only '*/gjs-1.0/overrides/Rdx.js')
typelibs=$(dirname "$typelib")
missing=""
namespaces=(Rdx RdxDevtools)
[ "$gtk" = true ] && namespaces+=(RdxDebugger)
files=("$lib" "$override_py" "$override_js")
for ns in "${namespaces[@]}"; do
  files+=("$typelibs/$ns-1.typelib" "$(only "*/gir-1.0/$ns-1.gir")")
done
for f in "${files[@]}"; do
  [ -f "$f" ] || missing="$missing ${f:-(not found)}"
done
check "the typelibs and .gir files of ${namespaces[*]}, the libraries and both overrides are installed" \
  "$([ -z "$missing" ]; echo $?)" "missing:$missing"

missing=""
for manual in "${manuals[@]}"; do
  [ -f "$(only "*/doc/$manual/index.html")" ] || missing="$missing $manual"
done
check "the reference manuals are installed under share/doc (${manuals[*]:-none built})" \
  "$([ -z "$missing" ]; echo $?)" "missing:$missing"

# The install alone: a clean environment pointing into it.
datadir=$(dirname "$(dirname "$(dirname "$override_js")")")
pythonpath=$(dirname "$(dirname "$(dirname "$override_py")")")
installed () {
  env -i PATH=/usr/bin:/bin HOME="$dest" LANG=C.UTF-8 \
    GI_TYPELIB_PATH="$typelibs" LD_LIBRARY_PATH="$(dirname "$lib")" \
    PYTHONPATH="$pythonpath" XDG_DATA_DIRS="$datadir:/usr/share" "$@"
}

out=$(cd / && installed "$python" "$src/docs/examples/counter.py" 2>&1)
check "python3 docs/examples/counter.py runs against the install" \
  "$([ "$out" = "$(cat "$expected")" ]; echo $?)" "$(diff <(echo "$out") "$expected")"
out=$(cd / && installed "$gjs" "$src/docs/examples/counter.js" 2>&1)
check "gjs docs/examples/counter.js runs against the install" \
  "$([ "$out" = "$(cat "$expected")" ]; echo $?)" "$(diff <(echo "$out") "$expected")"

# And it is the install that ran: the library mapped and the overrides
# loaded come from the temporary folder.
out=$(cd / && installed "$python" -c '
import gi
gi.require_version("Rdx", "1")
from gi.repository import Rdx
import gi.overrides.Rdx as override
Rdx.Value.pack(1)
print(override.__file__)
print([l.split()[-1] for l in open("/proc/self/maps") if "librdx-1.so" in l][0])' 2>&1)
check "Python used the installed library and override" \
  "$([ "$(grep -c "^$dest/" <<<"$out")" -eq 2 ]; echo $?)" "$out"
out=$(cd / && installed "$gjs" -c '
imports.gi.versions.Rdx = "1";
const {GLib, Rdx} = imports.gi;
Rdx.Value.pack(1);
const maps = new TextDecoder().decode(GLib.file_get_contents("/proc/self/maps")[1]);
print(maps.split("\n").find(l => l.includes("librdx-1.so")).split(" ").pop());' 2>&1)
check "GJS used the installed library" "$([[ $out == "$dest/"* ]]; echo $?)" "$out"
out=$(cd / && installed "$gjs" -c '
imports.gi.versions.Rdx = "1";
print(typeof imports.gi.Rdx.Value.pack, imports.overrides.Rdx ? "override" : "");' 2>&1)
check "GJS found the installed override through XDG_DATA_DIRS" \
  "$([ "$out" = "function override" ]; echo $?)" "$out"
