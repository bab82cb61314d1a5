"""`Settings`: the values of every variable in `variables.py`, read and checked together
(with the production stores, start-up refuses what would be unsafe on the internet)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dotenv import load_dotenv
from sqlalchemy.engine import URL

from bot.settings.values import PROJECT_ROOT, SettingsError, to_e164
from bot.settings.variables import VARIABLES

# Not a setting: config.yml names this path for Rasa's SpacyNLP.
SPACY_MODEL_DIR = "build/spacy/en_ccr"
PLACEHOLDER = "change-me"  # what deploy/.env.production.example puts in every secret
MIN_API_TOKEN_CHARS = 32
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


@dataclass(frozen=True)
class Settings:
    """One field per variable of `VARIABLES` (what each means is there), plus the spaCy build."""

    center_name: str
    hotline: str
    rasa_interface: str
    rasa_port: int
    action_host: str
    action_port: int
    web_allowed_origins: tuple[str, ...]
    api_token: str = field(repr=False)
    log_level: str
    retention_days: int
    content_review_months: int
    var_dir: Path
    tracker_db: Path
    content_dir: Path
    models_dir: Path
    intake_db_url: str
    intake_hours: str
    intake_slot_minutes: int
    intake_timezone: str
    notify_webhook_url: str
    twilio_auth_token: str = field(repr=False)
    twilio_public_url: str
    sms_db_url: str
    sms_sender_salt: str = field(repr=False)
    twilio_api_base_url: str
    max_message_chars: int
    rate_limit_per_minute: int
    web_max_connections_per_ip: int
    turn_timeout_seconds: float
    db_host: str
    db_port: int
    db_name: str
    db_user: str
    db_password: str = field(repr=False)
    redis_host: str
    redis_port: int
    redis_db: int
    redis_password: str = field(repr=False)
    action_server_url: str
    endpoints_file: Path
    spacy_model_dir: Path = PROJECT_ROOT / SPACY_MODEL_DIR

    @property
    def hotline_e164(self) -> str:
        return to_e164(self.hotline, "CCR_HOTLINE")

    @property
    def hotline_tel_uri(self) -> str:
        return f"tel:{self.hotline_e164}"

    @property
    def api_enabled(self) -> bool:
        return bool(self.api_token)

    @property
    def tracker_db_url(self) -> str:
        """The tracker store as a SQLAlchemy URL (what Rasa's SQLTrackerStore connects to)."""
        if not self.db_host:
            return f"sqlite:///{self.tracker_db}"
        return URL.create(
            "postgresql",
            username=self.db_user,
            password=self.db_password or None,
            host=self.db_host,
            port=self.db_port,
            database=self.db_name,
        ).render_as_string(hide_password=False)

    def to_environ(self) -> dict[str, str]:
        """The variables that make `from_environ` give these settings again: how the servers
        started by bot/launch/processes.py (and the tests) get exactly their parent's settings."""
        return {v.name: v.to_text(getattr(self, v.field)) for v in VARIABLES}

    @classmethod
    def from_environ(cls, env: Mapping[str, str]) -> Settings:
        """Reads every variable in table order (an empty one takes its default), then checks
        the settings as a whole (`check`)."""
        values: dict[str, Any] = {}
        for variable in VARIABLES:
            given = env.get(variable.name, "").strip()
            default = variable.derive(values) if variable.derive else variable.default
            values[variable.field] = variable.parse(given or default, variable.name)
        settings = cls(**values)
        check(settings)
        return settings


def check(settings: Settings) -> None:
    check_endpoints(settings)
    if settings.db_host:
        check_production(settings)


def check_endpoints(settings: Settings) -> None:
    """The endpoints file exists, and the stores it names are configured."""
    if not settings.endpoints_file.is_file():
        raise SettingsError(f"RASA_ENDPOINTS: no such file {settings.endpoints_file}")
    text = settings.endpoints_file.read_text()
    for variable, setting in (("${DB_HOST}", "DB_HOST"), ("${REDIS_HOST}", "REDIS_HOST")):
        if variable in text and not getattr(settings, setting.lower()):
            raise SettingsError(
                f"RASA_ENDPOINTS {settings.endpoints_file.name} uses {setting}, which is not set"
            )


def check_production(settings: Settings) -> None:
    """With the production stores (DB_HOST set), refuse what would be unsafe on the internet."""
    if settings.log_level == "DEBUG":
        # Rasa's DEBUG lines carry message texts and slot values (names, health answers).
        raise SettingsError(
            "LOG_LEVEL=DEBUG is refused with the production stores (DB_HOST is set): "
            "Rasa's debug lines contain what visitors typed and their slot values"
        )
    for name, value in (
        ("DB_PASSWORD", settings.db_password),
        ("REDIS_PASSWORD", settings.redis_password),
        ("RASA_API_TOKEN", settings.api_token),
        ("TWILIO_AUTH_TOKEN", settings.twilio_auth_token),
        ("SMS_SENDER_SALT", settings.sms_sender_salt),
    ):
        if value == PLACEHOLDER:
            raise SettingsError(f"{name} is still {PLACEHOLDER!r}: set a real secret")
    if settings.api_enabled and len(settings.api_token) < MIN_API_TOKEN_CHARS:
        raise SettingsError(
            f"RASA_API_TOKEN must be at least {MIN_API_TOKEN_CHARS} characters in production "
            "(`openssl rand -hex 32`), or empty to keep Rasa's HTTP API off"
        )
    for origin in settings.web_allowed_origins:
        scheme, _, host = origin.partition("://")
        if scheme == "http" and host.rsplit(":", 1)[0] not in LOCAL_HOSTS:
            raise SettingsError(
                f"WEB_ALLOWED_ORIGINS: {origin} is plain http; in production the widget's "
                "pages must be https (conversations are health information)"
            )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process: `.env` (if any) under the real environment."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    return Settings.from_environ(os.environ)
