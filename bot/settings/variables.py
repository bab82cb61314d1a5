"""Every setting, declared once: its environment variable, the `Settings` field it fills, how its
text is read, its default and what it means.

The `Settings` dataclass, `.env.example` and the README's "Settings" table are checked against
this table (tests/settings/test_variables.py fails when they disagree). A default may follow
settings above it in the table (`derive`): the tracker database lives in `CCR_VAR_DIR`, for one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import bot.settings.values as read


@dataclass(frozen=True)
class Variable:
    name: str  # the environment variable
    field: str  # the Settings attribute it fills
    parse: Callable[[str, str], Any]  # (text, name) -> value; raises SettingsError
    meaning: str  # the README's "meaning" column
    default: str = ""  # the text used when the variable is unset or empty
    # the default computed from the settings above it (their values, by field), instead
    derive: Callable[[Mapping[str, Any]], str] | None = None
    shown_default: str = ""  # the README's "default" column when it is not `default` itself
    secret: bool = False  # never shown in a repr or a log
    to_text: Callable[[Any], str] = str  # value -> text that `parse` reads back

    @property
    def readme_default(self) -> str:
        return self.shown_default or self.default or "(empty)"


def _local_action_url(values: Mapping[str, Any]) -> str:
    host = values["action_host"]
    host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return f"http://{host}:{values['action_port']}/webhook"


def _own_origins(values: Mapping[str, Any]) -> str:
    """The Rasa server's own origin(s), which serve the demo page."""
    hosts = ["localhost", "127.0.0.1"]
    interface = values["rasa_interface"]
    if interface not in ("0.0.0.0", "::", *hosts):
        hosts.append(f"[{interface}]" if ":" in interface else interface)
    return ",".join(f"http://{host}:{values['rasa_port']}" for host in hosts)


def _in_var_dir(file: str, sqlite_url: bool = False) -> Callable[[Mapping[str, Any]], str]:
    def default(values: Mapping[str, Any]) -> str:
        where = values["var_dir"] / file
        return f"sqlite:///{where}" if sqlite_url else str(where)

    return default


V = Variable
VARIABLES: tuple[Variable, ...] = (
    V("CCR_CENTER_NAME", "center_name", read.text, "the center's name",
      default="Carolina Center for Recovery"),
    V("CCR_HOTLINE", "hotline", read.phone_number,
      "the 24/7 line, any US format (linked as E.164)", default="866-797-7962"),
    V("RASA_INTERFACE", "rasa_interface", read.text, "interface of the Rasa server",
      default="0.0.0.0"),
    V("RASA_PORT", "rasa_port", read.port, "port of the Rasa server (REST, socket.io)",
      default="5005"),
    V("ACTION_SERVER_HOST", "action_host", read.text, "interface of the action server",
      default="127.0.0.1"),
    V("ACTION_SERVER_PORT", "action_port", read.port, "port of the action server",
      default="5055"),
    V("WEB_ALLOWED_ORIGINS", "web_allowed_origins", read.origins,
      "origins of the pages that may embed the web chat, comma-separated; `*` is refused",
      derive=_own_origins, to_text=read.origins_text,
      shown_default="http://localhost:5005,http://127.0.0.1:5005 (follows `RASA_PORT`)"),
    V("RASA_API_TOKEN", "api_token", read.text, "enables Rasa's HTTP API, with this token",
      shown_default="(empty: API off)", secret=True),
    V("LOG_LEVEL", "log_level", read.log_level,
      "DEBUG, INFO, WARNING or ERROR; DEBUG is refused when `DB_HOST` is set (Rasa's debug "
      "lines carry message texts and slot values)", default="INFO"),
    V("RETENTION_DAYS", "retention_days", read.positive_int,
      "`python -m bot.retention` deletes conversations, past intake requests and idle SMS "
      "state older than this many days", default="30"),
    V("CONTENT_REVIEW_MONTHS", "content_review_months", read.positive_int,
      "a topic whose `verified` date is this many calendar months old or more is due for "
      "medical review: `make content` lists it, start-up logs a warning; it is still served",
      default="12"),
    V("CCR_VAR_DIR", "var_dir", read.path, "runtime data (relative paths are from the "
      "project root)", default="var"),
    V("TRACKER_DB", "tracker_db", read.path, "SQLite tracker store",
      derive=_in_var_dir("tracker.db"), shown_default="var/tracker.db"),
    V("CCR_CONTENT_DIR", "content_dir", read.path, "the content store", default="content"),
    V("CCR_MODELS_DIR", "models_dir", read.path, "trained models", default="models"),
    V("INTAKE_DB_URL", "intake_db_url", read.text,
      "intake bookings (any SQLAlchemy URL; PostgreSQL in production)",
      derive=_in_var_dir("intake.db", sqlite_url=True), shown_default="sqlite:///var/intake.db"),
    V("INTAKE_HOURS", "intake_hours", read.text,
      "when intake calls can be booked (checked by bot/intake/availability.py at start-up)",
      default="mon-fri 08:00-18:00; sat 09:00-13:00"),
    V("INTAKE_SLOT_MINUTES", "intake_slot_minutes", read.positive_int,
      "length of one intake slot", default="30"),
    V("INTAKE_TIMEZONE", "intake_timezone", read.text,
      "the center's time zone (slots, free-text times)", default="America/New_York"),
    V("INTAKE_NOTIFY_URL", "notify_webhook_url", read.text,
      "staff webhook, one JSON POST per new booking", shown_default="(empty: off)"),
    V("TWILIO_AUTH_TOKEN", "twilio_auth_token", read.text,
      "Twilio auth token; checks every webhook signature", shown_default="(empty: SMS refused)",
      secret=True),
    V("TWILIO_PUBLIC_URL", "twilio_public_url", read.http_url,
      "the SMS webhook URL exactly as configured in Twilio (what it signs)",
      shown_default="(empty: SMS refused)"),
    V("SMS_DB_URL", "sms_db_url", read.text,
      "SMS opt-outs, last options, notice sent (any SQLAlchemy URL; share it between servers)",
      derive=_in_var_dir("sms.db", sqlite_url=True), shown_default="sqlite:///var/sms.db"),
    V("SMS_SENDER_SALT", "sms_sender_salt", read.text,
      "key of the hash that replaces phone numbers; never change it once used",
      shown_default="(generated, kept in the SMS database)", secret=True),
    V("TWILIO_API_BASE_URL", "twilio_api_base_url", read.base_url,
      "Twilio REST API, for messages sent later (configurable for a local fake in tests; "
      "nothing sends outbound SMS yet)", default="https://api.twilio.com"),
    V("MAX_MESSAGE_CHARS", "max_message_chars", read.positive_int,
      "longer messages are cut at a word (crisis words kept) and answered, with a note",
      default="1000"),
    V("RATE_LIMIT_PER_MINUTE", "rate_limit_per_minute", read.positive_int,
      "messages per sender per minute (sliding window; shared through Redis when "
      "`REDIS_HOST` is set); crisis messages are never limited", default="20"),
    V("WEB_MAX_CONNECTIONS_PER_IP", "web_max_connections_per_ip", read.positive_int,
      "open web-widget sockets per client IP", default="20"),
    V("TURN_TIMEOUT_SECONDS", "turn_timeout_seconds", read.seconds,
      "after this, a turn without a reply gets an apology and the 24/7 number (keep it under "
      "Twilio's 15 s)", default="10"),
    V("DB_HOST", "db_host", read.text,
      "PostgreSQL tracker store of the production topology; set, it selects the production "
      "stores", shown_default="(empty: SQLite)"),
    V("DB_PORT", "db_port", read.port, "its port", default="5432"),
    V("DB_NAME", "db_name", read.text, "its database", default="ccr"),
    V("DB_USER", "db_user", read.text, "its user", default="ccr"),
    V("DB_PASSWORD", "db_password", read.text, "its password", secret=True),
    V("REDIS_HOST", "redis_host", read.text, "Redis lock store of the production topology"),
    V("REDIS_PORT", "redis_port", read.port, "its port", default="6379"),
    V("REDIS_DB", "redis_db", read.non_negative_int, "its database number", default="1"),
    V("REDIS_PASSWORD", "redis_password", read.text, "its password", secret=True),
    V("ACTION_SERVER_URL", "action_server_url", read.http_url,
      "where the Rasa server reaches the action server (another host in production)",
      derive=_local_action_url,
      shown_default="http://127.0.0.1:`ACTION_SERVER_PORT`/webhook"),
    V("RASA_ENDPOINTS", "endpoints_file", read.path,
      "Rasa's endpoints file (stores, action server)",
      derive=lambda values: "endpoints.production.yml" if values["db_host"] else "endpoints.yml",
      shown_default="endpoints.yml, or endpoints.production.yml when `DB_HOST` is set"),
)  # fmt: skip
