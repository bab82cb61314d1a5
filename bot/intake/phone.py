"""Callback phone numbers: whatever the visitor typed in, E.164 out (or None).

>>> normalise_phone("my number is (919) 555-0123")
'+19195550123'
>>> display_phone("+19195550123")
'919-555-0123'
"""

from __future__ import annotations

import phonenumbers

# Longer messages are not "a phone number"; this also bounds the matcher's work.
MAX_INPUT_CHARS = 200


def normalise_phone(text: object, region: str = "US") -> str | None:
    """The first valid phone number in `text` as E.164, or None. Never raises."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_INPUT_CHARS:
        return None
    try:
        # The matcher finds a number inside a sentence ("call 919 555 0123 after 5").
        for match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        ):
            return _e164(match.number)
        number = phonenumbers.parse(text, region)
    except Exception:  # odd input must never reach the visitor as a crash
        return None
    return _e164(number) if phonenumbers.is_valid_number(number) else None


def display_phone(e164: str) -> str:
    """A number for people to read: "919-555-0123" in North America, international format elsewhere.

    Text that is not a phone number is returned unchanged.
    """
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 1:
        digits = f"{number.national_number:010d}"
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
