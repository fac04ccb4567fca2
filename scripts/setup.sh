#!/usr/bin/env bash
# Set up a fresh machine for the kiosk: a virtual environment in .venv with the project and its
# development tools. Idempotent: run it again after pulling.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's offscreen platform needs a few system libraries that a bare Debian may lack, and its xcb
# platform (a real window on an X display) the xcb ones after them: without those `kiosk demo`
# aborts on a desktop ("could not load the Qt platform plugin xcb"). tests/hub run the hub on a
# real PostgreSQL and its dashboard in Debian's Chromium.
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for pkg in libegl1 libxkbcommon0 libfontconfig1 libgl1 libdbus-1-3 \
    libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 \
    libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0 libxcb-xinerama0 \
    libxcb-xfixes0 libxcb-shm0 libxcb-sync1 libxcb-render0 libx11-xcb1 \
    postgresql chromium chromium-driver; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e '.[dev,hub]'
