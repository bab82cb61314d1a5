import re

import pytest
from sqlalchemy.engine import make_url

from bot.settings import PROJECT_ROOT, Settings, SettingsError


def test_every_setting_has_a_default():
    settings = Settings.from_environ({})
    assert settings.hotline == "866-797-7962"
    assert settings.hotline_e164 == "+18667977962"
    assert settings.hotline_tel_uri == "tel:+18667977962"
    assert (settings.rasa_port, settings.action_port) == (5005, 5055)
    assert settings.action_host == "127.0.0.1"
    assert settings.tracker_db == PROJECT_ROOT / "var" / "tracker.db"
    assert settings.api_enabled is False
    assert (settings.max_message_chars, settings.rate_limit_per_minute) == (1000, 20)
    assert (settings.web_max_connections_per_ip, settings.turn_timeout_seconds) == (20, 10.0)


def test_api_is_enabled_only_with_a_token():
    assert Settings.from_environ({"RASA_API_TOKEN": "s3cret"}).api_enabled


def test_relative_paths_are_from_the_project_root_and_absolute_paths_are_kept(tmp_path):
    settings = Settings.from_environ(
        {"CCR_VAR_DIR": "elsewhere", "TRACKER_DB": str(tmp_path / "t.db")}
    )
    assert settings.var_dir == PROJECT_ROOT / "elsewhere"
    assert settings.tracker_db == tmp_path / "t.db"


def test_tracker_db_follows_the_var_dir_by_default(tmp_path):
    assert (
        Settings.from_environ({"CCR_VAR_DIR": str(tmp_path)}).tracker_db == tmp_path / "tracker.db"
    )


def test_hotline_in_any_us_format_is_normalised():
    assert Settings.from_environ({"CCR_HOTLINE": "(866) 797 7962"}).hotline_e164 == "+18667977962"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("RASA_PORT", "abc", "RASA_PORT must be a whole number"),
        ("RASA_PORT", "70000", "RASA_PORT must be a TCP port"),
        ("ACTION_SERVER_PORT", "-1", "ACTION_SERVER_PORT must be positive"),
        ("CCR_HOTLINE", "12345", "not a valid phone number"),
        ("CCR_HOTLINE", "call us", "is not a phone number"),
        ("LOG_LEVEL", "chatty", "LOG_LEVEL must be"),
        ("REDIS_DB", "-1", "REDIS_DB must be at least 0"),
        ("DB_PORT", "pg", "DB_PORT must be a whole number"),
        ("ACTION_SERVER_URL", "actions:5055", "ACTION_SERVER_URL must be a full http"),
        ("RASA_ENDPOINTS", "nowhere.yml", "RASA_ENDPOINTS: no such file"),
        ("RASA_ENDPOINTS", "endpoints.production.yml", "uses DB_HOST, which is not set"),
        ("RETENTION_DAYS", "0", "RETENTION_DAYS must be positive"),
        ("RETENTION_DAYS", "a month", "RETENTION_DAYS must be a whole number"),
        ("CONTENT_REVIEW_MONTHS", "0", "CONTENT_REVIEW_MONTHS must be positive"),
        ("CONTENT_REVIEW_MONTHS", "-12", "CONTENT_REVIEW_MONTHS must be positive"),
        ("CONTENT_REVIEW_MONTHS", "a year", "CONTENT_REVIEW_MONTHS must be a whole number"),
        ("CONTENT_REVIEW_MONTHS", "1.5", "CONTENT_REVIEW_MONTHS must be a whole number"),
        ("MAX_MESSAGE_CHARS", "0", "MAX_MESSAGE_CHARS must be positive"),
        ("RATE_LIMIT_PER_MINUTE", "lots", "RATE_LIMIT_PER_MINUTE must be a whole number"),
        ("WEB_MAX_CONNECTIONS_PER_IP", "-3", "WEB_MAX_CONNECTIONS_PER_IP must be positive"),
        ("TURN_TIMEOUT_SECONDS", "soon", "TURN_TIMEOUT_SECONDS must be a number of seconds"),
        ("TURN_TIMEOUT_SECONDS", "0", "TURN_TIMEOUT_SECONDS must be positive"),
        ("TURN_TIMEOUT_SECONDS", "inf", "TURN_TIMEOUT_SECONDS must be positive"),
    ],
)
def test_unusable_values_are_refused_with_the_setting_named(name, value, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_environ({name: value})


def test_settings_survive_the_trip_to_a_child_process(tmp_path):
    settings = Settings.from_environ(
        {
            "CCR_VAR_DIR": str(tmp_path),
            "RASA_PORT": "6001",
            "CCR_HOTLINE": "(919) 555-0123",
            "TURN_TIMEOUT_SECONDS": "2.5",
            "RATE_LIMIT_PER_MINUTE": "7",
            "CONTENT_REVIEW_MONTHS": "18",
        }
    )
    assert Settings.from_environ(settings.to_environ()) == settings


def test_embedded_stores_by_default():
    settings = Settings.from_environ({})
    assert settings.endpoints_file == PROJECT_ROOT / "endpoints.yml"
    assert settings.tracker_db_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'tracker.db'}"
    assert settings.action_server_url == "http://127.0.0.1:5055/webhook"


def test_a_database_host_selects_the_production_stores():
    settings = Settings.from_environ(
        {"DB_HOST": "db.internal", "DB_PASSWORD": "p@ss word", "REDIS_HOST": "cache"}
    )
    assert settings.endpoints_file == PROJECT_ROOT / "endpoints.production.yml"
    url = make_url(settings.tracker_db_url)
    assert (url.drivername, url.host, url.port, url.database) == (
        "postgresql", "db.internal", 5432, "ccr"
    )  # fmt: skip
    assert (url.username, url.password) == ("ccr", "p@ss word")
    assert "p@ss" not in repr(settings)


def test_the_action_server_url_can_name_another_host():
    settings = Settings.from_environ(
        {"ACTION_SERVER_HOST": "0.0.0.0", "ACTION_SERVER_URL": "http://actions:5055/webhook"}
    )
    assert settings.action_server_url == "http://actions:5055/webhook"
    assert Settings.from_environ({"ACTION_SERVER_HOST": "0.0.0.0"}).action_server_url == (
        "http://127.0.0.1:5055/webhook"
    )


def test_conversations_are_kept_30_days_unless_set():
    assert Settings.from_environ({}).retention_days == 30
    assert Settings.from_environ({"RETENTION_DAYS": "7"}).retention_days == 7


@pytest.mark.parametrize(("value", "months"), [(None, 12), ("", 12), ("1", 1), (" 24 ", 24)])
def test_content_is_due_for_review_after_12_months_unless_set(value, months):
    env = {} if value is None else {"CONTENT_REVIEW_MONTHS": value}
    assert Settings.from_environ(env).content_review_months == months


def test_debug_logging_is_refused_with_the_production_stores():
    production = {"DB_HOST": "db.internal", "REDIS_HOST": "cache"}
    with pytest.raises(SettingsError, match="LOG_LEVEL=DEBUG is refused"):
        Settings.from_environ({**production, "LOG_LEVEL": "debug"})
    assert Settings.from_environ({**production, "LOG_LEVEL": "INFO"}).log_level == "INFO"
    assert Settings.from_environ({"LOG_LEVEL": "DEBUG"}).log_level == "DEBUG"  # development


PRODUCTION = {"DB_HOST": "db.internal", "REDIS_HOST": "cache"}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DB_PASSWORD", "change-me", "DB_PASSWORD is still 'change-me'"),
        ("REDIS_PASSWORD", "change-me", "REDIS_PASSWORD is still 'change-me'"),
        ("TWILIO_AUTH_TOKEN", "change-me", "TWILIO_AUTH_TOKEN is still 'change-me'"),
        ("SMS_SENDER_SALT", "change-me", "SMS_SENDER_SALT is still 'change-me'"),
        ("RASA_API_TOKEN", "change-me", "RASA_API_TOKEN is still 'change-me'"),
        ("RASA_API_TOKEN", "secret", "RASA_API_TOKEN must be at least 32 characters"),
        ("WEB_ALLOWED_ORIGINS", "http://www.example.org", "http://www.example.org is plain http"),
    ],
)
def test_an_unsafe_production_configuration_is_refused_at_start(name, value, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        Settings.from_environ({**PRODUCTION, name: value})
    Settings.from_environ({name: value})  # development (embedded stores) accepts it


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RASA_API_TOKEN", ""),  # the HTTP API stays off
        ("RASA_API_TOKEN", "0123456789abcdef" * 4),
        ("WEB_ALLOWED_ORIGINS", "https://www.example.org,http://localhost:8080"),
        ("DB_PASSWORD", "a real one"),
    ],
)
def test_a_safe_production_configuration_starts(name, value):
    Settings.from_environ({**PRODUCTION, name: value})
