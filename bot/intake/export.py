"""Intake bookings as CSV for staff (`python -m bot.intake export`)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import IO

from bot.intake.models import UTC, Booking, iso_utc

CSV_COLUMNS = (
    "reference",
    "status",
    "slot_start_local",
    "slot_start_utc",
    "for_whom",
    "language",
    "first_name",
    "phone_e164",
    "triage_summary",
    "consent_text",
    "consented_at_utc",
    "created_at_utc",
    "notified_at_utc",
    "notify_attempts",
    "conversation_id",
)


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csv(bookings: Iterable[Booking], out: IO[str], zone: dt.tzinfo = UTC) -> int:
    """Writes the bookings as CSV (the slot also in `zone`); returns the count.

    Free-text cells that a spreadsheet would run as a formula are prefixed with "'".
    """
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for booking in bookings:
        writer.writerow(
            [
                booking.reference,
                booking.status,
                booking.slot_start.astimezone(zone).isoformat(),
                iso_utc(booking.slot_start),
                _cell(booking.for_whom),
                booking.language_name,
                _cell(booking.first_name),
                booking.phone_e164,
                _cell(booking.triage_summary or ""),
                _cell(booking.consent_text),
                iso_utc(booking.consented_at),
                iso_utc(booking.created_at),
                iso_utc(booking.notified_at) if booking.notified_at else "",
                booking.notify_attempts,
                _cell(booking.conversation_id),
            ]
        )
        count += 1
    return count
