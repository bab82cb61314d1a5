"""What an intake booking is: the request the form submits, the stored booking, what booking
returns, and the errors of the intake store (bot/intake/store.py, which owns the behaviour)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Union

from bot.language.conversation_language import ENGLISH, LANGUAGE_NAMES, LANGUAGES

UTC = dt.timezone.utc

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone


REFERENCE_LENGTH = 6


STATUS_BOOKED = "booked"


STATUS_CANCELLED = "cancelled"


class IntakeUnavailable(RuntimeError):
    """The intake database cannot be used right now (down, unreachable, unwritable...)."""


class IntakeConfigError(ValueError):
    """INTAKE_DB_URL is not a usable SQLAlchemy URL (or its driver is not installed)."""


class UnknownReference(LookupError):
    """No intake request has this reference code."""

    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(f"no intake request with reference {reference!r}")


@dataclass(frozen=True)
class IntakeRequest:
    """What the intake form submits. Times must be aware; `phone_e164` comes from
    `normalise_phone`; `consent_text` is the exact wording the visitor agreed to."""

    conversation_id: str
    for_whom: str
    first_name: str
    phone_e164: str
    slot_start: dt.datetime
    consent_text: str
    consented_at: dt.datetime
    triage_summary: str | None = None
    language: str = ENGLISH  # the conversation's, which `consent_text` was shown in


@dataclass(frozen=True)
class Booking:
    """One stored intake request (times in UTC)."""

    reference: str
    conversation_id: str
    for_whom: str
    first_name: str
    phone_e164: str
    slot_start: dt.datetime
    status: str
    consent_text: str
    consented_at: dt.datetime
    triage_summary: str | None
    created_at: dt.datetime
    notified_at: dt.datetime | None
    notify_attempts: int
    language: str = ENGLISH  # bookings stored before languages were English

    @property
    def language_name(self) -> str:
        """ "English" / "Spanish", as staff read it."""
        return LANGUAGE_NAMES.get(self.language, self.language)

    @property
    def booked(self) -> bool:
        return self.status == STATUS_BOOKED


@dataclass(frozen=True)
class Booked:
    """Committed: the slot is this visitor's. Say "booked" and show `booking.reference`."""

    booking: Booking


@dataclass(frozen=True)
class AlreadyBooked:
    """This conversation already has a booking (a resubmitted form); nothing new was stored."""

    booking: Booking


@dataclass(frozen=True)
class SlotTaken:
    """Someone else has this slot; offer the next free one."""

    slot_start: dt.datetime


BookingResult = Union[Booked, AlreadyBooked, SlotTaken]


def normalise_reference(reference: str) -> str:
    """References as typed by staff or visitors: case and spaces do not matter."""
    return "".join(reference.split()).upper()


def check_request(request: IntakeRequest) -> None:
    """Refuse what the database would refuse (or store badly), without quoting personal data."""
    limits = {"conversation_id": 255, "for_whom": 64, "first_name": 100, "phone_e164": 16}
    for field, limit in limits.items():
        value = getattr(request, field)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise ValueError(f"intake request field {field} must be 1-{limit} characters")
    if not request.phone_e164.startswith("+"):
        raise ValueError("intake request phone must be E.164 (use normalise_phone)")
    if not request.consent_text.strip():
        raise ValueError("intake request needs the consent wording")
    if request.language not in LANGUAGES:
        raise ValueError(f"intake request language must be one of {', '.join(LANGUAGES)}")
    for field in ("slot_start", "consented_at"):
        try:
            require_aware(getattr(request, field))
        except ValueError:
            raise ValueError(f"intake request field {field} must be time-zone aware") from None


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def require_aware(*moments: dt.datetime | None) -> None:
    for moment in moments:
        if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
            raise ValueError("intake times must be time-zone aware")


def iso_utc(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
