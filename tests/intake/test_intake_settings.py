import pytest

from bot.intake.availability import Availability
from bot.settings import PROJECT_ROOT, Settings, SettingsError


def test_intake_settings_have_defaults():
    settings = Settings.from_environ({})
    assert settings.intake_db_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'intake.db'}"
    assert settings.intake_hours == "mon-fri 08:00-18:00; sat 09:00-13:00"
    assert (settings.intake_slot_minutes, settings.intake_timezone) == (30, "America/New_York")
    assert settings.notify_webhook_url == ""
    assert Availability.from_settings(settings) == Availability.from_spec()


def test_intake_settings_from_the_environment(tmp_path):
    settings = Settings.from_environ(
        {
            "CCR_VAR_DIR": str(tmp_path),
            "INTAKE_HOURS": "mon-thu 09:00-17:00",
            "INTAKE_SLOT_MINUTES": "45",
            "INTAKE_TIMEZONE": "America/Chicago",
            "INTAKE_NOTIFY_URL": "https://hooks.example.org/intake",
        }
    )
    assert settings.intake_db_url == f"sqlite:///{tmp_path / 'intake.db'}"
    availability = Availability.from_settings(settings)
    assert (availability.slot_minutes, availability.timezone) == (45, "America/Chicago")
    assert availability.weekly[4] == ()
    assert settings.notify_webhook_url == "https://hooks.example.org/intake"
    url = "postgresql://intake@db/ccr"
    assert Settings.from_environ({"INTAKE_DB_URL": url}).intake_db_url == url


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("INTAKE_HOURS", "weekdays 9 to 5", "INTAKE_HOURS: cannot read"),
        ("INTAKE_SLOT_MINUTES", "half an hour", "INTAKE_SLOT_MINUTES must be a whole number"),
        ("INTAKE_SLOT_MINUTES", "1", "INTAKE_SLOT_MINUTES: slot length"),
        ("INTAKE_TIMEZONE", "Eastern", "INTAKE_TIMEZONE: unknown time zone"),
    ],
)
def test_unusable_intake_settings_are_refused_at_start_up_with_the_setting_named(
    name, value, message
):
    """The intake validates its own settings as the servers start (bot/launch/serve.py,
    actions/runtime.py): the settings module reaches into no feature."""
    with pytest.raises(SettingsError, match=message):
        Availability.checked(Settings.from_environ({name: value}))
