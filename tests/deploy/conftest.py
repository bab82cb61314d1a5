"""Fixtures for the deploy/ checks: the Compose Specification schema and an nginx binary.

Neither needs Docker. Both come from package registries through the project's own scripts,
once per machine: the schema with `npm pack` (scripts/fetch-compose-schema.sh), nginx with apt
(scripts/install-nginx.sh, root; instant when installed).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from bot.settings import PROJECT_ROOT


def _run_setup_script(name: str) -> str:
    result = subprocess.run(
        ["bash", str(PROJECT_ROOT / "scripts" / name)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"scripts/{name} failed:\n{result.stderr}", pytrace=False)
    return result.stdout.strip()


@pytest.fixture(scope="session")
def compose_schema() -> dict[str, Any]:
    path = PROJECT_ROOT / _run_setup_script("fetch-compose-schema.sh").splitlines()[-1]
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nginx_binary() -> str:
    _run_setup_script("install-nginx.sh")
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        pytest.fail("nginx is not on PATH after scripts/install-nginx.sh", pytrace=False)
    return found
