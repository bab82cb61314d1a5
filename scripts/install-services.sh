#!/usr/bin/env bash
# Installs Debian's PostgreSQL and Redis servers for the production-topology tests and the
# benchmark (tests/scale/, `make bench`). The tests start their own throwaway instances on
# loopback (ops/services.py); the packages' own system services are not used.
# Idempotent and instant when both are installed; needs root and apt (as in CI).
set -euo pipefail

have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; }
have_redis() { command -v redis-server >/dev/null; }

if have_postgres && have_redis; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "setup: PostgreSQL and Redis servers are needed; apt-get install postgresql redis-server" >&2
  exit 1
fi
echo "setup: installing Debian's postgresql and redis-server (about 1 min, once)" >&2
export DEBIAN_FRONTEND=noninteractive
# The packages' own services are not wanted here: keep their post-install scripts from starting them.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql redis-server >/dev/null
have_postgres && have_redis
