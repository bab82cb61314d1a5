#!/usr/bin/env bash
# Prints the path of a Python interpreter Rasa 3.6 supports (3.8–3.10), installing one if needed.
#
# Order of attempts, cheapest first:
#   1. an interpreter already on the machine (pyenv shims are tested by running them);
#   2. `uv python install` (works on an ordinary laptop; its downloads are blocked on our CI);
#   3. Debian: Python 3.9 from the bullseye archive, pinned low so nothing else comes from it,
#      plus bullseye's distutils/lib2to3 files, which uv and virtualenv need.
# All progress goes to stderr; stdout carries only the interpreter path.
set -euo pipefail

log() { printf 'find-python: %s\n' "$*" >&2; }

supported() {
  "$1" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' >/dev/null 2>&1
}

has_distutils() {
  "$1" -c 'import distutils.version, lib2to3' >/dev/null 2>&1
}

for candidate in python3.10 python3.9 python3.8 /usr/bin/python3.10 /usr/bin/python3.9 /usr/bin/python3.8; do
  if command -v "$candidate" >/dev/null 2>&1 && supported "$candidate" && has_distutils "$candidate"; then
    "$candidate" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done

if command -v uv >/dev/null 2>&1; then
  log "trying 'uv python install 3.10'"
  if timeout 60 uv python install 3.10 >&2 2>&1; then
    found=$(uv python find 3.10)
    if supported "$found"; then echo "$found"; exit 0; fi
  fi
  log "uv could not provide Python 3.10"
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "no Python 3.8-3.10 found and no apt-get to install one; install Python 3.10 and retry"
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  log "no Python 3.8-3.10 found; re-run as root (or with sudo) to install python3.9 from Debian bullseye"
  exit 1
fi

log "installing python3.9 from Debian bullseye (pinned, nothing else is taken from it)"
cat > /etc/apt/sources.list.d/bullseye-python39.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bullseye
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
cat > /etc/apt/preferences.d/bullseye-python39 <<'PIN'
Package: *
Pin: release n=bullseye
Pin-Priority: 100
PIN
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq -t bullseye python3.9 python3.9-dev >&2

if ! has_distutils /usr/bin/python3.9; then
  log "adding bullseye's distutils and lib2to3 to /usr/lib/python3.9"
  work=$(mktemp -d)
  chmod 755 "$work"
  (cd "$work" && apt-get download python3-distutils/bullseye python3-lib2to3/bullseye >&2)
  for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/root"; done
  cp -rn "$work/root/usr/lib/python3.9/." /usr/lib/python3.9/
  rm -rf "$work"
fi

supported /usr/bin/python3.9 && has_distutils /usr/bin/python3.9 || { log "python3.9 install failed"; exit 1; }
echo /usr/bin/python3.9
