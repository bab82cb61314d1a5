"""deploy/.env.production.example: every setting documented, and the names agree with compose.

The example is what the operator copies to deploy/.env.production; compose reads it twice
(`--env-file` for the ${...} in the compose file, `env_file:` for the app services).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from bot.settings.variables import VARIABLES
from tests.deploy.deploy_files import (
    COMPOSE_FILE,
    env_documented,
    env_example,
    interpolated_names,
    load_compose,
    services_running,
)

# Read by the production endpoints file and bot/launch/processes.py (RASA_ENDPOINTS and
# ACTION_SERVER_URL).
PRODUCTION_NAMES = {
    "RASA_ENDPOINTS",
    "ACTION_SERVER_URL",
    "DB_HOST",
    "DB_PORT",
    "DB_NAME",
    "DB_USER",
    "DB_PASSWORD",
    "REDIS_HOST",
    "REDIS_PORT",
    "REDIS_DB",
    "REDIS_PASSWORD",
}
SETTINGS_NAMES = {variable.name for variable in VARIABLES}
SECRETS = ("DB_PASSWORD", "REDIS_PASSWORD", "TWILIO_AUTH_TOKEN", "SMS_SENDER_SALT")


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    return env_example()


def test_every_setting_and_production_variable_is_documented():
    assert env_documented() >= SETTINGS_NAMES | PRODUCTION_NAMES


def test_it_names_nothing_the_project_does_not_read():
    assert env_documented() <= SETTINGS_NAMES | PRODUCTION_NAMES


def test_every_variable_compose_fills_in_is_set(env):
    assert interpolated_names(COMPOSE_FILE.read_text(encoding="utf-8")) <= set(env)


@pytest.mark.parametrize("name", SECRETS)
def test_secrets_are_placeholders(env, name):
    assert env[name] == "change-me"


def test_the_http_api_stays_off(env):
    assert env["RASA_API_TOKEN"] == ""


def test_the_rasa_servers_use_the_production_endpoints_file(env):
    assert env["RASA_ENDPOINTS"] == "endpoints.production.yml"


def test_host_names_are_compose_services():
    env, compose = env_example(), load_compose()
    services = compose["services"]
    assert env["DB_HOST"] == "postgres" and "postgres" in services
    assert env["REDIS_HOST"] == "redis" and "redis" in services
    action_url = urlsplit(env["ACTION_SERVER_URL"])
    assert action_url.hostname in services_running(compose, "actions")
    assert action_url.port == int(env["ACTION_SERVER_PORT"])
    assert action_url.path == "/webhook"


def test_servers_listen_on_the_container_network(env):
    assert env["RASA_INTERFACE"] == "0.0.0.0"
    assert env["ACTION_SERVER_HOST"] == "0.0.0.0"


@pytest.mark.parametrize("name", ["INTAKE_DB_URL", "SMS_DB_URL"])
def test_database_urls_point_at_the_compose_postgres(env, name):
    url = urlsplit(env[name])
    assert url.scheme == "postgresql"
    assert (url.hostname, url.port) == (env["DB_HOST"], int(env["DB_PORT"]))
    assert (url.username, url.password) == (env["DB_USER"], env["DB_PASSWORD"])
    assert url.path == f"/{env['DB_NAME']}"


def test_twilio_signs_the_public_https_url_of_the_sms_webhook(env):
    url = urlsplit(env["TWILIO_PUBLIC_URL"])
    assert url.scheme == "https"
    assert url.path == "/webhooks/twilio_sms/webhook"


def test_widget_origins_are_https(env):
    origins = env["WEB_ALLOWED_ORIGINS"].split(",")
    assert origins and all(origin.startswith("https://") for origin in origins)
