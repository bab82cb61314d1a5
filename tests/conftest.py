"""Session-wide fixtures: the model is trained once and the servers are started once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.content.store import ContentStore, load_content
from bot.launch.processes import Assistant
from bot.launch.training import ensure_model
from bot.settings import Settings, get_settings
from ops.services import (
    PostgresServer,
    RedisServer,
    free_port,
    install_services,
    start_postgres,
    start_redis,
)
from tests.support.logs import log_shown_on_failure
from tests.support.sms import E2E_SMS_SENDER_SALT, E2E_TWILIO_AUTH_TOKEN, E2E_TWILIO_PUBLIC_URL


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def store(settings: Settings) -> ContentStore:
    return load_content(settings.content_dir)


@pytest.fixture(scope="session")
def trained_model(settings: Settings) -> Path:
    """Trains only if config, domain or data changed since the last training."""
    return ensure_model(settings)


@pytest.fixture(scope="session")
def e2e_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for servers on free ports with their own, empty tracker store."""
    var_dir = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "RASA_INTERFACE": "127.0.0.1",
        "RASA_PORT": str(free_port()),
        "ACTION_SERVER_PORT": str(free_port()),
        "CCR_VAR_DIR": str(var_dir),
        "TRACKER_DB": str(var_dir / "tracker.db"),
        "RASA_API_TOKEN": "",
        # the SMS channel, with secrets the tests know so they can sign requests like Twilio
        "TWILIO_AUTH_TOKEN": E2E_TWILIO_AUTH_TOKEN,
        "TWILIO_PUBLIC_URL": E2E_TWILIO_PUBLIC_URL,
        "SMS_SENDER_SALT": E2E_SMS_SENDER_SALT,
        "SMS_DB_URL": f"sqlite:///{var_dir / 'sms.db'}",
    }
    return Settings.from_environ(env)


@pytest.fixture(scope="session")
def assistant(
    e2e_settings: Settings, trained_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Assistant]:
    log_path = tmp_path_factory.mktemp("logs") / "servers.log"
    with log_shown_on_failure(log_path) as log:
        running = Assistant(e2e_settings, trained_model, log=log)
        running.start()
        yield running
        running.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL on loopback (installed from Debian's packages if missing)."""
    install_services()
    server = start_postgres()
    yield server
    server.stop(remove=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    install_services()
    server = start_redis()
    yield server
    server.stop(remove=True)
