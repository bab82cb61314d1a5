#!/usr/bin/env bash
# Fetches the Compose Specification's JSON schema for tests/deploy/ (the build machines have no
# Docker engine, so `docker compose config` cannot check deploy/docker-compose.yml).
#
# The schema is compose-spec/compose-spec's schema/compose-spec.json (Apache-2.0). It comes
# from the npm registry, inside the pinned `dclint` package (docker-compose-linter, MIT), whose
# schemas/compose.schema.json is that file as its update script downloads it. Only the
# package's tarball is fetched (`npm pack`: no dependencies, no install scripts) and its
# checksum pinned below, so a changed file fails loudly. Cached in build/compose-spec/;
# instant when present. Prints the schema's path.
set -euo pipefail
cd "$(dirname "$0")/.."

package=dclint@3.1.0
member=package/schemas/compose.schema.json
sha256=46b7d35f19dd93a05f8fea530291bf84d881c1791ec167ecf0e6fb94e639d496
out=build/compose-spec/compose-spec.json

if [ -f "$out" ] && echo "$sha256  $out" | sha256sum --check --status; then
  echo "$out"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "setup: npm is needed to fetch the Compose Specification schema ($package)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tarball=$(cd "$tmp" && npm pack "$package" --silent --no-audit --no-fund)
tar -xzf "$tmp/$tarball" -C "$tmp" "$member"
if ! echo "$sha256  $tmp/$member" | sha256sum --check --status; then
  echo "setup: $member in $package does not have the pinned checksum" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
mv "$tmp/$member" "$out"
echo "$out"
