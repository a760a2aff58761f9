# tools/lib.sh: shared by tools/run and tools/test (sourced, not run).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

RDX_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian 12 packages needed to build, run and test rdx.
RDX_BUILD_PACKAGES=(
  gcc libc6-dev meson ninja-build pkg-config python3
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev libsqlite3-dev
  gobject-introspection libgirepository1.0-dev
)
RDX_RUN_PACKAGES=(
  libglib2.0-bin adwaita-icon-theme fonts-cantarell
)
RDX_TEST_PACKAGES=(
  libcmocka-dev xvfb xauth valgrind clang libclang-rt-14-dev sqlite3
  desktop-file-utils shared-mime-info dbus-daemon
  python3-gi gjs gir1.2-gtk-4.0 gi-docgen
  python3-pyatspi at-spi2-core
  xdotool
)

rdx_say () {
  printf '==> %s\n' "$*" >&2
}

# Runs a command as root: directly when we are root, through sudo otherwise.
rdx_as_root () {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    rdx_say "installing packages needs root: run this as root or install sudo"
    return 1
  fi
}

# Installs the Debian packages given that are not installed yet.
rdx_install_packages () {
  local missing=() p status start
  for p in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    rdx_say "all ${#@} Debian packages are installed"
    return 0
  fi
  start=$(date +%s)
  rdx_say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  local log
  log=$(mktemp)
  if ! { rdx_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         rdx_as_root env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    rdx_say "apt-get could not install the packages above"
    return 1
  fi
  rm -f "$log"
  rdx_say "apt step took $(( $(date +%s) - start )) s"
}

# Configures (once) and builds the build folder $1 with the meson options
# that follow.
rdx_build () {
  local dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$RDX_TOP" "$@" >/dev/null || return 1
  else
    meson setup "$dir" "$RDX_TOP" "$@" >/dev/null || return 1
  fi
  rdx_say "building $dir"
  ninja -C "$dir" >/dev/null || ninja -C "$dir"
}

# Reads a meson testlog.json and prints "PASSED FAILED SKIPPED": test cases
# counted from each test's TAP output, a test that failed without a TAP
# failure (a crash, a timeout) counted as one failed case.
rdx_count_tests () {
  python3 - "$1" <<'PY'
import json, re, sys
passed = failed = skipped = 0
with open(sys.argv[1], encoding='utf-8') as f:
    for line in f:
        if not line.strip():
            continue
        t = json.loads(line)
        out = t.get('stdout') or ''
        ok = len(re.findall(r'^ok \d+(?! .*# SKIP)', out, re.M))
        sk = len(re.findall(r'^ok \d+ .*# SKIP', out, re.M))
        nok = len(re.findall(r'^not ok \d+', out, re.M))
        result = t.get('result')
        if result == 'SKIP' and not (ok or nok):
            skipped += 1
            continue
        if result not in ('OK', 'SKIP', 'EXPECTEDFAIL') and nok == 0:
            nok = 1
        if result == 'OK' and ok + nok + sk == 0:
            ok = 1
        passed += ok
        failed += nok
        skipped += sk
print(passed, failed, skipped)
PY
}
