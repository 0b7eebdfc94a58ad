#!/usr/bin/env bash
# Set up Jevons on Debian/Ubuntu: the system libraries Qt needs, a Japanese
# font, and a virtual environment in .venv with the app (and, with --test,
# the test tools).  Safe to run again: it only installs what is missing.
#
#   bash scripts/setup.sh          # the app
#   bash scripts/setup.sh --test   # the app and its test tools
#   bash scripts/setup.sh --build  # the app and PyInstaller
set -euo pipefail
cd "$(dirname "$0")/.."

# Run a command silently; if it fails, show everything it printed and stop.
# (pip's editable-install notices and "Location … is ignored" lines are noise
# on success; on failure they may be the clue.)
quietly() {
  local log rc=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "setup failed: $*" >&2
    cat "$log" >&2
  fi
  rm -f "$log"
  return "$rc"
}

extras=""
for arg in "$@"; do
  case "$arg" in
    --test) extras="${extras:+$extras,}test" ;;
    --build) extras="${extras:+$extras,}build" ;;
    *) echo "usage: $0 [--test] [--build]" >&2; exit 2 ;;
  esac
done

# Qt's runtime libraries (offscreen and X11), Xvfb for headless checks,
# objdump for PyInstaller, a CJK font so Japanese renders, pdftoppm.
PKGS="libglib2.0-0 libgl1 libegl1 libfontconfig1 libdbus-1-3 libxkbcommon0 \
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-render-util0 libxcb-shape0 xvfb xauth binutils fonts-ipafont-gothic poppler-utils"
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  PKGS="$PKGS python3-venv"
fi
if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "Installing system packages:$missing"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    quietly $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    quietly $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
  fi
else
  echo "note: not a Debian/Ubuntu system; install Qt's runtime libraries yourself" >&2
fi

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Jevons needs Python 3.11 or newer")'
[ -x .venv/bin/python ] || quietly python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
quietly .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt \
  -e ".${extras:+[$extras]}"
.venv/bin/python -c "import engine, gui" || { echo "setup failed: the package does not import" >&2; exit 1; }
if [ -f scripts/build_translations.py ]; then
  .venv/bin/python scripts/build_translations.py --quiet
fi
echo "Jevons is set up in .venv"
