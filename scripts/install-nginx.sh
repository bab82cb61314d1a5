#!/usr/bin/env bash
# Installs Debian's nginx for the deploy tests (tests/deploy/: `nginx -t` on deploy/nginx/ and a
# real nginx in front of stand-in upstreams). Idempotent and instant when it is already installed;
# needs root and apt (as in CI). The package's own service is never started: a policy-rc.d
# refuses it for the duration of the install (nothing is left listening on port 80).
set -euo pipefail

if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "setup: nginx is missing; install Debian's nginx package (apt-get install nginx)" >&2
  exit 1
fi
echo "setup: installing Debian's nginx (under a minute, once)" >&2
policy=/usr/sbin/policy-rc.d
made_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  made_policy=true
fi
cleanup() { if $made_policy; then rm -f "$policy"; fi; }
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends nginx >/dev/null
/usr/sbin/nginx -v
