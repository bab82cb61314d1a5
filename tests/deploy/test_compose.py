"""deploy/docker-compose.yml: valid Compose, and the facts a schema cannot see.

No Docker engine runs on the build machines, so the file is checked against the Compose
Specification's JSON schema and then cross-checked with the repository: the files it names,
the nginx upstreams, the published ports and the networks.
"""

from __future__ import annotations

import copy
import subprocess
from typing import Any

import jsonschema
import pytest

from bot.settings import PROJECT_ROOT
from tests.deploy.deploy_files import (
    COMPOSE_FILE,
    DEPLOY,
    NGINX_CONF,
    OPERATOR_CREATED,
    as_list,
    load_compose,
    services_running,
    upstreams,
)

DATA_SERVICES = ("postgres", "redis")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.fixture(scope="module")
def validator(compose_schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(compose_schema)


def test_the_compose_file_follows_the_compose_specification(validator, compose):
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        ("rasa1", "ports", "80:80"),  # ports is a list
        ("postgres", "healthcheck", {"test": "pg_isready", "intervall": "10s"}),
        ("nginx", "restart_policy", "always"),
    ],
)
def test_the_schema_check_catches_a_broken_service(validator, compose, where, key, value):
    broken = copy.deepcopy(compose)
    broken["services"][where][key] = value
    assert not validator.is_valid(broken)


def test_several_rasa_servers_and_one_action_server(compose):
    assert len(services_running(compose, "rasa")) >= 2
    assert services_running(compose, "actions") == ["actions"]


def test_app_services_share_one_image_built_from_deploy_dockerfile(compose):
    app = services_running(compose, "rasa") + services_running(compose, "actions")
    for name in app:
        build = compose["services"][name]["build"]
        assert (COMPOSE_FILE.parent / build["context"] / build["dockerfile"]).is_file()
    assert len({compose["services"][name]["image"] for name in app}) == 1


def test_only_nginx_publishes_ports_and_only_80_and_443(compose):
    published = {name: s["ports"] for name, s in compose["services"].items() if s.get("ports")}
    assert published == {"nginx": ["80:80", "443:443"]}


def test_postgres_15_keeps_its_data_in_a_volume_and_has_a_healthcheck(compose):
    postgres = compose["services"]["postgres"]
    assert postgres["image"].startswith("postgres:15")
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])
    assert "pg_isready" in " ".join(as_list(postgres["healthcheck"]["test"]))


def test_redis_7_has_a_password_and_a_healthcheck(compose):
    redis = compose["services"]["redis"]
    assert redis["image"].startswith("redis:7")
    assert "requirepass" in " ".join(as_list(redis["command"]))
    assert "ping" in " ".join(as_list(redis["healthcheck"]["test"]))


@pytest.mark.parametrize("name", DATA_SERVICES)
def test_databases_live_only_on_the_internal_network(compose, name):
    networks = compose["services"][name]["networks"]
    assert networks, name
    for network in networks:
        assert compose["networks"][network].get("internal") is True, network


def test_the_app_services_wait_for_healthy_databases(compose):
    for name in services_running(compose, "rasa"):
        depends = compose["services"][name]["depends_on"]
        for needed in (*DATA_SERVICES, "actions"):
            assert depends[needed]["condition"] == "service_healthy", (name, needed)


def test_every_named_service_network_and_volume_is_defined(compose):
    services = compose["services"]
    for name, service in services.items():
        depends = service.get("depends_on") or []
        assert set(depends) <= set(services), name
        assert set(service.get("networks") or []) <= set(compose["networks"]), name
        for volume in service.get("volumes") or []:
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in compose["volumes"], (name, source)


def _files_named(compose: dict[str, Any]) -> list[str]:
    named = []
    for service in compose["services"].values():
        named += as_list(service.get("env_file"))
        named += [v.split(":")[0] for v in service.get("volumes") or [] if v.startswith(".")]
    return named


def test_files_the_services_read_exist_or_are_created_by_the_operator(compose):
    for relative in _files_named(compose):
        path = (COMPOSE_FILE.parent / relative).resolve()
        assert path.exists() or path in OPERATOR_CREATED, relative


@pytest.mark.parametrize(
    "path", ["deploy/.env.production", "deploy/certs/fullchain.pem", "deploy/certs/privkey.pem"]
)
def test_secrets_the_operator_creates_are_never_committed(path):
    ignored = subprocess.run(
        ["git", "check-ignore", "--quiet", "--no-index", path], cwd=PROJECT_ROOT, check=False
    )
    assert ignored.returncode == 0, f"{path} is not in .gitignore"


def test_the_env_file_has_a_committed_example_beside_it():
    assert (DEPLOY / ".env.production.example").is_file()


def test_nginx_upstreams_are_exactly_the_rasa_services(compose):
    rasa = sorted(services_running(compose, "rasa"))
    found = upstreams(NGINX_CONF.read_text(encoding="utf-8"))
    assert set(found) == {"rasa_webhooks", "rasa_socketio"}
    for name, servers in found.items():
        assert sorted(host for host, _ in servers) == rasa, name
        for host, port in servers:
            assert str(port) in compose["services"][host]["expose"], (name, host)


def test_nginx_and_the_rasa_servers_share_a_network(compose):
    nginx = set(compose["services"]["nginx"]["networks"])
    for name in services_running(compose, "rasa"):
        assert nginx & set(compose["services"][name]["networks"]), name


def test_nginx_mounts_its_config_and_the_certificates_read_only(compose):
    volumes = compose["services"]["nginx"]["volumes"]
    assert "./nginx/nginx.conf:/etc/nginx/nginx.conf:ro" in volumes
    assert "./certs:/etc/nginx/certs:ro" in volumes
