#!/usr/bin/env bash
# Creates .venv with a Rasa-compatible Python and installs requirements.lock into it.
# Idempotent: does nothing when .venv already matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=.venv/.installed-lock
want=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi

# uv resolves and installs the lock in seconds; it lives in .tools/ so nothing global changes.
uv=.tools/uv/bin/uv
if [ ! -x "$uv" ]; then
  echo "setup: installing uv into .tools/" >&2
  python3 -m pip install --quiet --disable-pip-version-check --target .tools/uv uv
fi
export PYTHONPATH="$PWD/.tools/uv${PYTHONPATH:+:$PYTHONPATH}"

python=$(bash scripts/find-python.sh)
echo "setup: using $python ($("$python" -V 2>&1))" >&2
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info[:2] <= (3, 10) else 1)'; then
  rm -rf .venv
  "$uv" venv --quiet --python "$python" .venv
fi
"$uv" pip sync --quiet --python .venv/bin/python requirements.lock
echo "$want" > "$stamp"
echo "setup: .venv ready" >&2
