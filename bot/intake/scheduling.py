"""Offering and choosing intake slots: what the intake form shows and accepts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.intake.availability import UTC, Availability
from bot.intake.store import IntakeStore
from bot.intake.timeparse import nearest_free_slot, parse_requested_time

OFFERED_SLOTS = 3
_LABELS_MATCHED = 40  # offered labels stay valid while a few other people book
_LOOKAHEAD = dt.timedelta(days=60)


@dataclass(frozen=True)
class Proposal:
    slot: dt.datetime  # aware, the center's time zone
    exact: bool  # the visitor asked for exactly this time


def slot_label(slot: dt.datetime, zone: dt.tzinfo) -> str:
    """ "Thu Mar 5, 9:00 AM": short enough for a button, and read back by the time parser."""
    local = slot.astimezone(zone)
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%a %b} {local.day}, {hour}:{local:%M %p}"


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
            if self.label(slot).lower() == wanted or slot == stored:
                return Proposal(slot=slot, exact=True)
        requested = parse_requested_time(text, now, self.availability)
        if requested is None:
            return None
        slot = nearest_free_slot(requested, self.availability, self._taken(now), now)
        if slot is None:
            return None
        asked = _asked_moment(requested, self.availability)
        return Proposal(slot=slot, exact=asked is not None and asked == slot.astimezone(UTC))

    def label(self, slot: dt.datetime) -> str:
        return slot_label(slot, self.availability.tz)


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
