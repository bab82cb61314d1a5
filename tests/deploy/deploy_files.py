"""Reads deploy/: the compose file, the production settings example and nginx's upstreams."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.settings import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
COMPOSE_FILE = DEPLOY / "docker-compose.yml"
ENV_EXAMPLE = DEPLOY / ".env.production.example"
NGINX_CONF = DEPLOY / "nginx" / "nginx.conf"
DOCKERFILE = DEPLOY / "Dockerfile"

# Files the compose file names that the operator creates (README.md, "Deploying"); never in git.
OPERATOR_CREATED = {
    DEPLOY / ".env.production": "copied from deploy/.env.production.example",
    DEPLOY / "certs": "the TLS certificate and key",
}

_ASSIGNMENT = re.compile(r"^\s*(?:#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")
_INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")
_UPSTREAM = re.compile(r"upstream\s+(\w+)\s*\{(.*?)\}", re.S)
_SERVER = re.compile(r"^\s*server\s+([\w.-]+):(\d+)", re.M)


def load_compose(path: Path = COMPOSE_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def env_example(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """The variables the example sets (NAME=value lines; commented ones are left out)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _ASSIGNMENT.match(line)
        if match and not line.lstrip().startswith("#"):
            values[match.group(1)] = match.group(2).strip()
    return values


def env_documented(path: Path = ENV_EXAMPLE) -> set[str]:
    """The variables the example names, set or shown commented out with their default."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {match.group(1) for line in lines if (match := _ASSIGNMENT.match(line))}


def interpolated_names(text: str) -> set[str]:
    """The ${NAME...} variables compose fills in (`$${NAME}` is a literal for the container)."""
    return set(_INTERPOLATION.findall(text))


def upstreams(conf: str) -> dict[str, list[tuple[str, int]]]:
    """nginx `upstream` blocks: name -> [(host, port), ...] of their `server` lines."""
    return {
        name: [(host, int(port)) for host, port in _SERVER.findall(body)]
        for name, body in _UPSTREAM.findall(conf)
    }


def services_running(compose: dict[str, Any], role: str) -> list[str]:
    """The services whose command is `python -m bot.launch.serve --only <role>`."""
    found = []
    for name, service in compose["services"].items():
        command = service.get("command") or []
        if isinstance(command, str):
            command = command.split()
        if "bot.launch.serve" in command and command[-2:] == ["--only", role]:
            found.append(name)
    return found


def as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
