import pytest

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
        }
    )
    assert Settings.from_environ(settings.to_environ()) == settings
