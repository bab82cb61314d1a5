"""deploy/Dockerfile, read as text (no Docker engine here): what the image must do."""

from __future__ import annotations

import re

import pytest

from bot.settings import PROJECT_ROOT
from tests.deploy.deploy_files import DEPLOY, DOCKERFILE

IGNORE_FILE = DEPLOY / "Dockerfile.dockerignore"


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # one instruction per line: continuation lines joined
    return DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")


def instructions(dockerfile: str, keyword: str) -> list[str]:
    pattern = rf"^{keyword}\s+(.*)$"
    return [m.strip() for m in re.findall(pattern, dockerfile, flags=re.M | re.I)]


def test_the_base_python_is_one_rasa_3_6_supports(dockerfile):
    image = re.search(r"^ARG PYTHON_IMAGE=python:(3)\.(\d+)-slim", dockerfile, flags=re.M)
    assert image, "ARG PYTHON_IMAGE=python:3.x-slim... expected"
    assert 8 <= int(image.group(2)) <= 10


def test_the_servers_run_as_a_user_that_is_not_root(dockerfile):
    users = instructions(dockerfile, "USER")
    assert users and users[-1] not in ("root", "0")


def test_runtime_dependencies_come_from_the_lock_file(dockerfile):
    runs = " ".join(instructions(dockerfile, "RUN"))
    assert "-r pyproject.toml -c requirements.lock" in runs


def test_the_widget_client_comes_from_npm_ci_on_the_lock(dockerfile):
    runs = " ".join(instructions(dockerfile, "RUN"))
    assert "npm ci" in runs
    assert "COPY web/package.json web/package-lock.json ./" in dockerfile
    assert re.search(r"^COPY --from=web \S+node_modules web/node_modules$", dockerfile, re.M)


@pytest.mark.parametrize(
    ("command", "module"),
    [
        ("python -m bot.language.spacy_pipeline", "bot/language/spacy_pipeline.py"),
        ("python -m bot.launch.training --force", "bot/launch/training.py"),
        ("python -m bot.content", "bot/content/__main__.py"),
    ],
)
def test_the_build_makes_the_pipeline_and_the_model(dockerfile, command, module):
    assert command in " ".join(instructions(dockerfile, "RUN"))
    assert (PROJECT_ROOT / module).is_file()


def test_the_build_steps_run_before_the_switch_to_the_app_user(dockerfile):
    assert dockerfile.index("bot.launch.training --force") < dockerfile.rindex("\nUSER ")


@pytest.mark.parametrize(
    "pattern", [".env", ".env.*", ".venv", "var", "models", "deploy", "**/node_modules", ".git"]
)
def test_secrets_and_local_state_stay_out_of_the_build_context(pattern):
    lines = IGNORE_FILE.read_text(encoding="utf-8").splitlines()
    assert pattern in lines
