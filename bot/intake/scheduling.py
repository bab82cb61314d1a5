"""Offering and choosing intake slots: what the intake form shows and accepts.

`nearest_free_slot` proposes: for "asap" the first free slot; otherwise the free slot on the
requested day within the requested day part (the one nearest a requested time), and if there is
none, the first free slot after that window. Without a day ("in the morning", "at 3pm") the first
day whose window has a free slot. Slots inside the lead time are never proposed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from babel.dates import format_datetime

from bot.intake.availability import (
    DEFAULT_HORIZON,
    DEFAULT_LEAD_TIME,
    UTC,
    Availability,
    utc_set,
)
from bot.intake.store import IntakeStore
from bot.intake.timeparse import DayPart, Requested, parse_requested_time
from bot.language.conversation_language import ENGLISH, LOCALES, SPANISH

OFFERED_SLOTS = 3
_LABELS_MATCHED = 40  # offered labels stay valid while a few other people book
_LOOKAHEAD = dt.timedelta(days=60)


@dataclass(frozen=True)
class Proposal:
    slot: dt.datetime  # aware, the center's time zone
    exact: bool  # the visitor asked for exactly this time


# a slot as a button shows it, by conversation language (babel date patterns)
_LABEL_PATTERNS = {ENGLISH: "EEE MMM d, h:mm a", SPANISH: "EEE d MMM, h:mm a"}


def slot_label(slot: dt.datetime, zone: dt.tzinfo, language: str | None = ENGLISH) -> str:
    """ "Thu Mar 5, 9:00 AM" / "jue 5 mar, 9:00 a.m.": short enough for a button, and read back
    by `Scheduler.propose` (in every language, whatever the conversation's)."""
    language = language if language in _LABEL_PATTERNS else ENGLISH
    return format_datetime(
        slot.astimezone(zone), _LABEL_PATTERNS[language], tzinfo=zone, locale=LOCALES[language]
    )


class Scheduler:
    def __init__(self, availability: Availability, store: IntakeStore) -> None:
        self.availability = availability
        self.store = store

    def _taken(self, now: dt.datetime) -> set[dt.datetime]:
        return self.store.taken_slots(now, now + _LOOKAHEAD)

    def offers(self, now: dt.datetime, n: int = OFFERED_SLOTS) -> list[dt.datetime]:
        """The next `n` free slots."""
        return self.availability.next_free_slots(now, self._taken(now), n=n)

    def propose(self, text: str, now: dt.datetime) -> Proposal | None:
        """The free slot nearest to what the visitor asked for, or None if no time was read.

        An offered slot's label (a tapped button, or the same words typed) is taken as is, and
        so is a free slot in the stored form (ISO 8601, UTC), which is what the form sees again
        when the booking step offers the next slot after a race.
        """
        wanted = " ".join(str(text).split()).lower()
        stored = _stored_slot(wanted)
        for slot in self.offers(now, n=_LABELS_MATCHED):
            labels = {self.label(slot, language).lower() for language in _LABEL_PATTERNS}
            if wanted in labels or slot == stored:
                return Proposal(slot=slot, exact=True)
        requested = parse_requested_time(text, now, self.availability)
        if requested is None:
            return None
        slot = nearest_free_slot(requested, self.availability, self._taken(now), now)
        if slot is None:
            return None
        asked = _asked_moment(requested, self.availability)
        return Proposal(slot=slot, exact=asked is not None and asked == slot.astimezone(UTC))

    def label(self, slot: dt.datetime, language: str | None = ENGLISH) -> str:
        return slot_label(slot, self.availability.tz, language)


def _stored_slot(text: str) -> dt.datetime | None:
    try:
        slot = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return slot if slot.tzinfo is not None else None


def _asked_moment(requested, availability: Availability) -> dt.datetime | None:
    if requested.date is None or requested.time is None:
        return None
    local = dt.datetime.combine(requested.date, requested.time, tzinfo=availability.tz)
    return local.astimezone(UTC)


def nearest_free_slot(
    requested: Requested,
    availability: Availability,
    taken: Iterable[dt.datetime],
    now: dt.datetime,
    lead_time: dt.timedelta = DEFAULT_LEAD_TIME,
    horizon: dt.timedelta = DEFAULT_HORIZON,
) -> dt.datetime | None:
    """The free slot to propose for `requested` (aware, center time zone), or None if none is
    free within `horizon` of the requested day."""
    busy = utc_set(taken)
    earliest_utc = availability.local(now).astimezone(UTC) + lead_time
    if requested.earliest:
        free = availability.next_free_slots(now, busy, n=1, lead_time=lead_time, horizon=horizon)
        return free[0] if free else None

    def is_free(slot: dt.datetime) -> bool:
        start = slot.astimezone(UTC)
        return start >= earliest_utc and start not in busy

    zone = availability.tz
    window = requested.window
    today = availability.local(now).date()
    first_day = max(requested.date or today, today)
    days = [first_day] if requested.date else _days(first_day, horizon)
    for day in days:
        fitting = [
            slot
            for slot in availability.slots_on(day)
            if is_free(slot) and (window is None or window.contains(slot.time()))
        ]
        if not fitting:
            continue
        if requested.time is None:
            return fitting[0]
        target = dt.datetime.combine(day, requested.time).replace(tzinfo=zone).astimezone(UTC)
        return min(
            fitting, key=lambda slot: (abs(slot.astimezone(UTC) - target), slot.astimezone(UTC))
        )
    if requested.date is None:
        return None
    # Nothing free in the requested window: the first free slot after it.
    end_of_window = _window_end(first_day, window).replace(tzinfo=zone)
    for slot in availability.slots_between(end_of_window, end_of_window + horizon):
        if is_free(slot):
            return slot
    return None


def _days(first: dt.date, horizon: dt.timedelta) -> list[dt.date]:
    return [first + dt.timedelta(days=offset) for offset in range(horizon.days + 1)]


def _window_end(day: dt.date, window: DayPart | None) -> dt.datetime:
    end = window.end if window is not None else None
    if end is None:
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0))
    return dt.datetime.combine(day, end)
