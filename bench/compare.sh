#!/usr/bin/env bash
# Runs rdx's dispatch benchmark and the Redux peers in the same run and
# prints their figures side by side.
#
#   bench/compare.sh [BUILD_DIR]     (default: _build)
#
# Builds nothing: build BUILD_DIR first (a debugoptimized build, the
# default). The two run one after the other, not at once, so they do not
# compete for the cores. "redux/rdx" is how many times faster rdx is.
set -u

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-_build}"
case "$build" in
    /*) ;;
    *) build="$PWD/$build" ;;
esac

dispatch="$build/bench/dispatch"
if [ ! -x "$dispatch" ]; then
    echo "compare.sh: $dispatch not found; build it first (meson compile -C ${1:-_build})" >&2
    exit 1
fi

rdx_out="$(mktemp)"
redux_out="$(mktemp)"
trap 'rm -f "$rdx_out" "$redux_out"' EXIT

status=0
echo "running $dispatch ..." >&2
"$dispatch" >"$rdx_out" || { echo "compare.sh: $dispatch failed" >&2; status=1; }
echo "running bench/peers/run.sh ..." >&2
"$root/bench/peers/run.sh" >"$redux_out" || { echo "compare.sh: bench/peers/run.sh failed" >&2; status=1; }

# The value of the line "NAME: X ns/op" in FILE, or nothing.
figure() {
    awk -v name="$2" '
        index($0, name ": ") == 1 && $NF == "ns/op" { print $(NF - 1); exit }
    ' "$1"
}

row() {
    local label="$1" rdx redux
    rdx="$(figure "$rdx_out" "$2")"
    redux="$(figure "$redux_out" "$3")"
    awk -v label="$label" -v rdx="$rdx" -v redux="$redux" 'BEGIN {
        ratio = (rdx != "" && redux != "" && rdx > 0) ? sprintf("%.1fx", redux / rdx) : "-"
        printf "%-44s %14s %14s %10s\n", label, (rdx == "" ? "-" : rdx),
               (redux == "" ? "-" : redux), ratio
    }'
}

printf "%-44s %14s %14s %10s\n" "figure (ns/op)" "rdx" "redux 5.0.1" "redux/rdx"
row "counter (new action per dispatch)" "rdx counter" "redux counter"
row "counter (one action reused)" "rdx counter reused action" "redux counter"
row "counter, 3 middleware (new action)" "rdx counter 3 middleware" "redux counter 3 middleware"
row "counter, 3 middleware (one action reused)" "rdx counter 3 middleware reused action" \
    "redux counter 3 middleware"
row "bank transfer: rdx string ids, redux int ids" "rdx bank transfer string ids" \
    "redux bank transfer int ids"
row "bank transfer: string ids, 1,000 ops" "rdx bank transfer string ids 1000 ops" \
    "redux bank transfer string ids"

exit $status
