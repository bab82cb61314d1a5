#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (tests/web/, Playwright drives it headless).
# Playwright's own browser download does not work here, so the tests launch /usr/bin/chromium.
# Idempotent and instant when it is already installed; needs root and apt (as in CI).
set -euo pipefail

chromium=${CCR_CHROMIUM:-/usr/bin/chromium}
if [ -x "$chromium" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "setup: $chromium is missing; install Debian's chromium package (apt-get install chromium)" >&2
  exit 1
fi
echo "setup: installing Debian's chromium (1-2 min, once)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
"$chromium" --version >&2
