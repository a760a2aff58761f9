#!/usr/bin/env bash
# Redux side of the rdx side-by-side benchmarks.
# Prints one "name: value unit" line per figure (errors go to stderr).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "redux benchmarks skipped: node and npm are required"
    exit 0
fi

# (Re)install when node_modules is missing or older than the lock file.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    if ! npm ci --no-audit --no-fund --loglevel=error >/dev/null; then
        echo "redux benchmarks: npm ci failed" >&2
        exit 1
    fi
fi

export NODE_ENV=production
status=0
for prog in counter.mjs bank.mjs devtools.mjs; do
    node --expose-gc --max-old-space-size=4096 "$prog" || { echo "redux benchmarks: $prog failed" >&2; status=1; }
done
exit $status
