#!/usr/bin/env bash
# Install Debian's Chromium when no Chromium is found: `ronr render --pdf` prints with it and
# tests/test_browser.py opens the reports in it. Run by `make chromium` (and so `make test`).
# Finds a browser as ronr.report.pdf does: $RONR_CHROMIUM, else chromium, chromium-browser or
# google-chrome on PATH.
set -euo pipefail

found() {
    if [ -n "${RONR_CHROMIUM:-}" ]; then
        [ -x "$RONR_CHROMIUM" ] && echo "$RONR_CHROMIUM"
        return
    fi
    command -v chromium || command -v chromium-browser || command -v google-chrome
}

if browser=$(found); then
    echo "Chromium: $browser"
    exit 0
fi
if [ -n "${RONR_CHROMIUM:-}" ]; then
    echo "RONR_CHROMIUM=$RONR_CHROMIUM is not an executable file; unset it or point it at Chromium" >&2
    exit 1
fi

# fonts-liberation: metric-compatible Arial/Helvetica, so printed pages look the same everywhere;
# no recommends: the rest (GL drivers, notification daemon, printing dialogs) is for a desktop.
packages=(chromium fonts-liberation)
command="apt-get update -q && apt-get install -y -q --no-install-recommends ${packages[*]}"
if ! command -v apt-get >/dev/null; then
    echo "Chromium not found and this is not a Debian-like system: install Chromium and put it" \
        "on PATH, or set RONR_CHROMIUM to its executable" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    run=(env DEBIAN_FRONTEND=noninteractive bash -c)
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    run=(sudo env DEBIAN_FRONTEND=noninteractive bash -c)
else
    echo "Chromium not found; install it as root with: sudo bash -c '$command'" >&2
    exit 1
fi
echo "Installing Debian's Chromium: $command"
"${run[@]}" "$command"
