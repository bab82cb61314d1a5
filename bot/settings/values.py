"""Readers of one setting's text: each takes (text, variable name) and returns the value, or
raises `SettingsError` with a message that names the variable."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


def text(value: str, name: str) -> str:
    return value


def path(value: str, name: str) -> Path:
    """A path; a relative one is from the project root."""
    result = Path(value)
    return result if result.is_absolute() else PROJECT_ROOT / result


def port(value: str, name: str) -> int:
    number = positive_int(value, name)
    if number > 65535:
        raise SettingsError(f"{name} must be a TCP port (1-65535), not {value!r}")
    return number


def positive_int(value: str, name: str) -> int:
    return _whole_number(value, name, minimum=1)


def non_negative_int(value: str, name: str) -> int:
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


def seconds(value: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, not {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise SettingsError(f"{name} must be positive, not {value!r}")
    return number


def http_url(value: str, name: str) -> str:
    """A full http(s) URL, or empty."""
    if value and not value.lower().startswith(("http://", "https://")):
        raise SettingsError(f"{name} must be a full http(s):// URL, not {value!r}")
    return value


def base_url(value: str, name: str) -> str:
    """A full http(s) URL that paths are appended to (no trailing slash)."""
    return http_url(value, name).rstrip("/")


def log_level(value: str, name: str) -> str:
    level = value.upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"{name} must be DEBUG, INFO, WARNING or ERROR, not {level!r}")
    return level


def phone_number(value: str, name: str) -> str:
    """A US phone number in any format, kept as written (`to_e164` gives the E.164 form)."""
    to_e164(value, name)
    return value


def to_e164(number: str, name: str) -> str:
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException as error:
        raise SettingsError(f"{name} {number!r} is not a phone number: {error}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise SettingsError(f"{name} {number!r} is not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def origins(value: str, name: str) -> tuple[str, ...]:
    """Origins (scheme://host[:port]), comma-separated; never empty, because python-engineio
    turns origin checks off for an empty list."""
    found = []
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
                f"{name} must list origins like https://www.example.org or "
                f"http://localhost:8080 (scheme, host, port; no path, no '*'), not {item!r}"
            )
        found.append(f"{parts.scheme.lower()}://{parts.netloc.lower()}")
    if not found:
        raise SettingsError(f"{name} lists no origin: {value!r}")
    return tuple(dict.fromkeys(found))


def origins_text(value: tuple[str, ...]) -> str:
    return ",".join(value)
