#!/usr/bin/env bash
# Installs headless Chromium and chromedriver for the browser test (tests/browser.rs).
# Idempotent: does nothing when /usr/bin/chromedriver is already there.
set -euo pipefail
if [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
else
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y chromium chromium-driver
