"""The one place that reads configuration.

Values come from the process environment, with `.env` in the project root loaded first
(python-dotenv, never overriding variables that are already set). Every setting has a
default, so the assistant runs without any `.env`. `.env.example` documents each one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers
from dotenv import load_dotenv
from sqlalchemy.engine import URL

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Not a setting: config.yml names this path for Rasa's SpacyNLP.
SPACY_MODEL_DIR = "build/spacy/en_ccr"


# Settings field -> environment variable (WEB_ALLOWED_ORIGINS is a list, handled apart).
ENV_NAMES = {
    "center_name": "CCR_CENTER_NAME",
    "hotline": "CCR_HOTLINE",
    "rasa_interface": "RASA_INTERFACE",
    "rasa_port": "RASA_PORT",
    "action_host": "ACTION_SERVER_HOST",
    "action_port": "ACTION_SERVER_PORT",
    "action_server_url": "ACTION_SERVER_URL",
    "endpoints_file": "RASA_ENDPOINTS",
    "db_host": "DB_HOST",
    "db_port": "DB_PORT",
    "db_name": "DB_NAME",
    "db_user": "DB_USER",
    "db_password": "DB_PASSWORD",
    "redis_host": "REDIS_HOST",
    "redis_port": "REDIS_PORT",
    "redis_db": "REDIS_DB",
    "redis_password": "REDIS_PASSWORD",
    "api_token": "RASA_API_TOKEN",
    "log_level": "LOG_LEVEL",
    "var_dir": "CCR_VAR_DIR",
    "tracker_db": "TRACKER_DB",
    "content_dir": "CCR_CONTENT_DIR",
    "content_review_months": "CONTENT_REVIEW_MONTHS",
    "models_dir": "CCR_MODELS_DIR",
    "intake_db_url": "INTAKE_DB_URL",
    "intake_hours": "INTAKE_HOURS",
    "intake_slot_minutes": "INTAKE_SLOT_MINUTES",
    "intake_timezone": "INTAKE_TIMEZONE",
    "notify_webhook_url": "INTAKE_NOTIFY_URL",
    "sms_db_url": "SMS_DB_URL",
    "twilio_auth_token": "TWILIO_AUTH_TOKEN",
    "twilio_public_url": "TWILIO_PUBLIC_URL",
    "sms_sender_salt": "SMS_SENDER_SALT",
    "twilio_api_base_url": "TWILIO_API_BASE_URL",
    "retention_days": "RETENTION_DAYS",
    "max_message_chars": "MAX_MESSAGE_CHARS",
    "rate_limit_per_minute": "RATE_LIMIT_PER_MINUTE",
    "web_max_connections_per_ip": "WEB_MAX_CONNECTIONS_PER_IP",
    "turn_timeout_seconds": "TURN_TIMEOUT_SECONDS",
}


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    center_name: str
    hotline: str
    rasa_interface: str
    rasa_port: int
    action_host: str
    action_port: int
    api_token: str
    log_level: str
    var_dir: Path
    tracker_db: Path
    content_dir: Path
    spacy_model_dir: Path
    models_dir: Path
    intake_db_url: str
    intake_hours: str
    intake_slot_minutes: int
    intake_timezone: str
    notify_webhook_url: str
    sms_db_url: str = ""
    twilio_auth_token: str = field(default="", repr=False)
    twilio_public_url: str = ""
    sms_sender_salt: str = field(default="", repr=False)
    twilio_api_base_url: str = "https://api.twilio.com"
    # conversations, past intake bookings and SMS state older than this are deleted by
    # `python -m bot.retention` (run daily)
    retention_days: int = 30
    # a topic whose `verified` date is this many calendar months old or more is due for medical
    # review: `make content` lists it, the action server logs a warning; it is still served
    content_review_months: int = 12
    # Production stores (endpoints.production.yml): PostgreSQL tracker store when DB_HOST is
    # set, Redis lock store when REDIS_HOST is set; embedded defaults (SQLite, in-memory) else.
    action_server_url: str = ""
    endpoints_file: Path = PROJECT_ROOT / "endpoints.yml"
    db_host: str = ""
    db_port: int = 5432
    db_name: str = "ccr"
    db_user: str = "ccr"
    db_password: str = field(default="", repr=False)
    redis_host: str = ""
    redis_port: int = 6379
    redis_db: int = 1
    redis_password: str = field(default="", repr=False)
    # the inbound guard (bot/channels/inbound/), on every channel
    max_message_chars: int = 1000
    rate_limit_per_minute: int = 20
    web_max_connections_per_ip: int = 20
    turn_timeout_seconds: float = 10.0
    # origins (scheme://host[:port]) whose pages may open the web widget's socket.io connection
    web_allowed_origins: tuple[str, ...] = ()

    @property
    def hotline_e164(self) -> str:
        return _to_e164(self.hotline)

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
        started by bot/launch/serve.py (and the tests) get exactly the settings of their parent."""
        values = {name: getattr(self, field) for field, name in ENV_NAMES.items()}
        values["WEB_ALLOWED_ORIGINS"] = ",".join(self.web_allowed_origins)
        return {name: str(value) for name, value in values.items()}

    @classmethod
    def from_environ(cls, env: Mapping[str, str]) -> Settings:
        def get(name: str, default: str) -> str:
            value = env.get(name, "").strip()
            return value or default

        def path(name: str, default: str) -> Path:
            value = Path(get(name, default))
            return value if value.is_absolute() else PROJECT_ROOT / value

        var_dir = path("CCR_VAR_DIR", "var")
        action_host = get("ACTION_SERVER_HOST", "127.0.0.1")
        action_port = _port(get("ACTION_SERVER_PORT", "5055"), "ACTION_SERVER_PORT")
        local_action_host = "127.0.0.1" if action_host in ("0.0.0.0", "::") else action_host
        db_host = get("DB_HOST", "")
        settings = cls(
            center_name=get("CCR_CENTER_NAME", "Carolina Center for Recovery"),
            hotline=get("CCR_HOTLINE", "866-797-7962"),
            rasa_interface=get("RASA_INTERFACE", "0.0.0.0"),
            rasa_port=_port(get("RASA_PORT", "5005"), "RASA_PORT"),
            action_host=action_host,
            action_port=action_port,
            action_server_url=_http_url(
                get("ACTION_SERVER_URL", f"http://{local_action_host}:{action_port}/webhook"),
                "ACTION_SERVER_URL",
            ),
            endpoints_file=path(
                "RASA_ENDPOINTS", "endpoints.production.yml" if db_host else "endpoints.yml"
            ),
            db_host=db_host,
            db_port=_port(get("DB_PORT", "5432"), "DB_PORT"),
            db_name=get("DB_NAME", "ccr"),
            db_user=get("DB_USER", "ccr"),
            db_password=get("DB_PASSWORD", ""),
            redis_host=get("REDIS_HOST", ""),
            redis_port=_port(get("REDIS_PORT", "6379"), "REDIS_PORT"),
            redis_db=_non_negative_int(get("REDIS_DB", "1"), "REDIS_DB"),
            redis_password=get("REDIS_PASSWORD", ""),
            api_token=get("RASA_API_TOKEN", ""),
            log_level=get("LOG_LEVEL", "INFO").upper(),
            var_dir=var_dir,
            tracker_db=path("TRACKER_DB", str(var_dir / "tracker.db")),
            content_dir=path("CCR_CONTENT_DIR", "content"),
            content_review_months=_positive_int(
                get("CONTENT_REVIEW_MONTHS", "12"), "CONTENT_REVIEW_MONTHS"
            ),
            spacy_model_dir=PROJECT_ROOT / SPACY_MODEL_DIR,
            models_dir=path("CCR_MODELS_DIR", "models"),
            intake_db_url=get("INTAKE_DB_URL", f"sqlite:///{var_dir / 'intake.db'}"),
            intake_hours=get("INTAKE_HOURS", "mon-fri 08:00-18:00; sat 09:00-13:00"),
            intake_slot_minutes=_positive_int(
                get("INTAKE_SLOT_MINUTES", "30"), "INTAKE_SLOT_MINUTES"
            ),
            intake_timezone=get("INTAKE_TIMEZONE", "America/New_York"),
            notify_webhook_url=get("INTAKE_NOTIFY_URL", ""),
            sms_db_url=get("SMS_DB_URL", f"sqlite:///{var_dir / 'sms.db'}"),
            twilio_auth_token=get("TWILIO_AUTH_TOKEN", ""),
            twilio_public_url=_http_url(get("TWILIO_PUBLIC_URL", ""), "TWILIO_PUBLIC_URL"),
            sms_sender_salt=get("SMS_SENDER_SALT", ""),
            twilio_api_base_url=_http_url(
                get("TWILIO_API_BASE_URL", "https://api.twilio.com"), "TWILIO_API_BASE_URL"
            ).rstrip("/"),
            retention_days=_positive_int(get("RETENTION_DAYS", "30"), "RETENTION_DAYS"),
            max_message_chars=_positive_int(get("MAX_MESSAGE_CHARS", "1000"), "MAX_MESSAGE_CHARS"),
            rate_limit_per_minute=_positive_int(
                get("RATE_LIMIT_PER_MINUTE", "20"), "RATE_LIMIT_PER_MINUTE"
            ),
            web_max_connections_per_ip=_positive_int(
                get("WEB_MAX_CONNECTIONS_PER_IP", "20"), "WEB_MAX_CONNECTIONS_PER_IP"
            ),
            turn_timeout_seconds=_positive_float(
                get("TURN_TIMEOUT_SECONDS", "10"), "TURN_TIMEOUT_SECONDS"
            ),
            web_allowed_origins=_origins(
                get("WEB_ALLOWED_ORIGINS", ""),
                get("RASA_INTERFACE", "0.0.0.0"),
                _port(get("RASA_PORT", "5005"), "RASA_PORT"),
            ),
        )
        settings.hotline_e164  # noqa: B018 - validates the number at load time
        _check_endpoints(settings)
        if settings.log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError(
                f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {settings.log_level!r}"
            )
        if settings.db_host:
            _check_production(settings)
        return settings


PLACEHOLDER = "change-me"  # what deploy/.env.production.example puts in every secret
MIN_API_TOKEN_CHARS = 32
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def _check_production(settings: Settings) -> None:
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


def _to_e164(number: str) -> str:
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException as error:
        raise SettingsError(f"CCR_HOTLINE {number!r} is not a phone number: {error}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise SettingsError(f"CCR_HOTLINE {number!r} is not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _check_endpoints(settings: Settings) -> None:
    if not settings.endpoints_file.is_file():
        raise SettingsError(f"RASA_ENDPOINTS: no such file {settings.endpoints_file}")
    text = settings.endpoints_file.read_text()
    for variable, setting in (("${DB_HOST}", "DB_HOST"), ("${REDIS_HOST}", "REDIS_HOST")):
        if variable in text and not getattr(settings, setting.lower()):
            raise SettingsError(
                f"RASA_ENDPOINTS {settings.endpoints_file.name} uses {setting}, which is not set"
            )


def _http_url(value: str, name: str) -> str:
    if value and not value.lower().startswith(("http://", "https://")):
        raise SettingsError(f"{name} must be a full http(s):// URL, not {value!r}")
    return value


def _origins(value: str, interface: str, port: int) -> tuple[str, ...]:
    """WEB_ALLOWED_ORIGINS, comma-separated; empty = the Rasa server's own origin(s), which serve
    the demo page. Never empty: python-engineio turns origin checks off for an empty list."""
    if not value.strip():
        hosts = ["localhost", "127.0.0.1"]
        if interface not in ("0.0.0.0", "::", *hosts):
            hosts.append(f"[{interface}]" if ":" in interface else interface)
        return tuple(f"http://{host}:{port}" for host in hosts)
    origins = []
    for item in value.split(","):
        origin = item.strip().rstrip("/")
        if not origin:
            continue
        parts = urlsplit(origin)
        try:
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            parts = parts._replace(scheme="")
        if (
            parts.scheme.lower() not in ("http", "https")
            or not parts.hostname
            or parts.path
            or parts.query
            or parts.fragment
            or "@" in parts.netloc
        ):
            raise SettingsError(
                "WEB_ALLOWED_ORIGINS must list origins like https://www.example.org or "
                f"http://localhost:8080 (scheme, host, port; no path, no '*'), not {item!r}"
            )
        origins.append(f"{parts.scheme.lower()}://{parts.netloc.lower()}")
    if not origins:
        raise SettingsError(f"WEB_ALLOWED_ORIGINS lists no origin: {value!r}")
    return tuple(dict.fromkeys(origins))


def _port(value: str, name: str) -> int:
    port = _positive_int(value, name)
    if port > 65535:
        raise SettingsError(f"{name} must be a TCP port (1-65535), not {value!r}")
    return port


def _positive_int(value: str, name: str) -> int:
    return _whole_number(value, name, minimum=1)


def _non_negative_int(value: str, name: str) -> int:
    return _whole_number(value, name, minimum=0)


def _whole_number(value: str, name: str, minimum: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        adjective = "positive" if minimum == 1 else f"at least {minimum}"
        raise SettingsError(f"{name} must be {adjective}, not {value!r}")
    return number


def _positive_float(value: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, not {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise SettingsError(f"{name} must be positive, not {value!r}")
    return number


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process: `.env` (if any) under the real environment."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    return Settings.from_environ(os.environ)
