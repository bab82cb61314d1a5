"""The center's intake hours and the appointment slots they make.

Hours are a compact spec, one clause per group of days, clauses separated by ";":

    mon-fri 08:00-18:00; sat 09:00-13:00
    mon,wed 08:00-12:00,13:00-17:00; thu 10:00-19:00

A slot is a local wall-clock start time in the center's time zone: slots start at opening time
and every `slot_minutes` after, and the last one ends by closing time. On the spring-forward day a
wall-clock time that does not exist (02:30 on 2026-03-08 in New York) is not a slot; on the
fall-back day a time that happens twice (01:30 on 2026-11-01) is one slot, its first occurrence.
Slot datetimes are aware (center time zone); compare them through UTC, never as naive values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.settings import Settings, SettingsError

DEFAULT_HOURS = "mon-fri 08:00-18:00; sat 09:00-13:00"
DEFAULT_SLOT_MINUTES = 30
DEFAULT_TIMEZONE = "America/New_York"
# Slots starting sooner than this are not offered: staff need time to see the booking and
# prepare, and someone who needs help right now is better served by the 24/7 line.
DEFAULT_LEAD_TIME = dt.timedelta(hours=2)
# How far ahead the scheduler looks for a free slot before giving up.
DEFAULT_HORIZON = dt.timedelta(days=60)

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UTC = dt.timezone.utc
MIDNIGHT = dt.time(0, 0)
_CLAUSE = re.compile(r"^(?P<days>[a-z,\-\s]+?)\s+(?P<times>\d[\d:,\-\s]*)$")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class AvailabilityError(ValueError):
    """The hours spec, slot length or time zone cannot be used; `setting` names which."""

    def __init__(self, message: str, setting: str = "INTAKE_HOURS") -> None:
        self.setting = setting
        super().__init__(message)


@dataclass(frozen=True)
class Window:
    """Opening hours on one day, as local wall-clock times; `closes` 00:00 means midnight."""

    opens: dt.time
    closes: dt.time

    def bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """Naive local opening and closing datetimes on `day`."""
        end_day = day + dt.timedelta(days=1) if self.closes == MIDNIGHT else day
        return dt.datetime.combine(day, self.opens), dt.datetime.combine(end_day, self.closes)


@dataclass(frozen=True)
class Availability:
    """Weekly intake hours: `weekly[0]` is Monday's windows ... `weekly[6]` Sunday's."""

    weekly: tuple[tuple[Window, ...], ...]
    slot_minutes: int = DEFAULT_SLOT_MINUTES
    timezone: str = DEFAULT_TIMEZONE

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise AvailabilityError("weekly hours need one entry per weekday (7)")
        if not 5 <= self.slot_minutes <= 8 * 60:
            raise AvailabilityError(
                f"slot length must be 5-480 minutes, not {self.slot_minutes}", "INTAKE_SLOT_MINUTES"
            )
        _zone(self.timezone)

    @classmethod
    def from_spec(
        cls,
        spec: str = DEFAULT_HOURS,
        slot_minutes: int = DEFAULT_SLOT_MINUTES,
        timezone: str = DEFAULT_TIMEZONE,
    ) -> Availability:
        weekly: list[list[Window]] = [[] for _ in DAYS]
        clauses = [clause.strip() for clause in spec.lower().split(";") if clause.strip()]
        if not clauses:
            raise AvailabilityError("intake hours are empty")
        for clause in clauses:
            match = _CLAUSE.match(clause)
            if not match:
                raise AvailabilityError(
                    f"cannot read {clause!r}: expected e.g. 'mon-fri 08:00-18:00'"
                )
            windows = [_window(part.strip(), clause) for part in match["times"].split(",")]
            for day in _days(match["days"], clause):
                weekly[day].extend(windows)
        for day, windows in enumerate(weekly):
            windows.sort(key=lambda window: window.opens)
            for before, after in zip(windows, windows[1:]):
                if before.closes == MIDNIGHT or after.opens < before.closes:
                    raise AvailabilityError(f"hours overlap on {DAYS[day]}")
        return cls(tuple(tuple(windows) for windows in weekly), slot_minutes, timezone)

    @classmethod
    def from_settings(cls, settings: Settings) -> Availability:
        return cls.from_spec(
            settings.intake_hours, settings.intake_slot_minutes, settings.intake_timezone
        )

    @classmethod
    def checked(cls, settings: Settings) -> Availability:
        """The center's hours from the settings, for start-up: a spec, slot length or time zone
        that cannot be used raises `SettingsError` naming the setting ("INTAKE_HOURS: cannot
        read ...")."""
        try:
            return cls.from_settings(settings)
        except AvailabilityError as error:
            raise SettingsError(f"{error.setting}: {error}") from None

    @property
    def tz(self) -> ZoneInfo:
        return _zone(self.timezone)

    @property
    def slot_length(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.slot_minutes)

    def windows_on(self, day: dt.date) -> tuple[Window, ...]:
        return self.weekly[day.weekday()]

    def local(self, moment: dt.datetime) -> dt.datetime:
        """`moment` in the center's time zone (it must be aware)."""
        return _aware(moment).astimezone(self.tz)

    def is_open(self, moment: dt.datetime) -> bool:
        """Whether `moment` (aware) falls in the intake hours: office hours, for the report."""
        local = self.local(moment).replace(tzinfo=None)
        days = (local.date() - dt.timedelta(days=1), local.date())  # a window may end at 00:00
        return any(
            opens <= local < closes
            for day in days
            for opens, closes in (window.bounds(day) for window in self.windows_on(day))
        )

    def slots_on(self, day: dt.date) -> list[dt.datetime]:
        """Every slot on a local calendar day, in order."""
        zone = self.tz
        step = self.slot_length
        slots = []
        for window in self.windows_on(day):
            start, end = window.bounds(day)
            while start + step <= end:
                slot = start.replace(tzinfo=zone)
                if _exists(slot):
                    slots.append(slot)
                start += step
        return slots

    def slots_between(self, start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
        """Slots starting at or after `start` and before `end` (both aware), in order."""
        start_utc, end_utc = _aware(start).astimezone(UTC), _aware(end).astimezone(UTC)
        day = start_utc.astimezone(self.tz).date()
        last_day = end_utc.astimezone(self.tz).date()
        while day <= last_day:
            for slot in self.slots_on(day):
                if start_utc <= slot.astimezone(UTC) < end_utc:
                    yield slot
            day += dt.timedelta(days=1)

    def is_slot(self, moment: dt.datetime) -> bool:
        """True if `moment` (aware) is the start of one of the center's slots."""
        local = self.local(moment)
        target = local.astimezone(UTC)
        return any(slot.astimezone(UTC) == target for slot in self.slots_on(local.date()))

    def next_free_slots(
        self,
        now: dt.datetime,
        taken: Iterable[dt.datetime] = (),
        n: int = 3,
        lead_time: dt.timedelta = DEFAULT_LEAD_TIME,
        horizon: dt.timedelta = DEFAULT_HORIZON,
    ) -> list[dt.datetime]:
        """The first `n` free slots starting at least `lead_time` after `now`, within `horizon`."""
        earliest = _aware(now) + lead_time
        busy = utc_set(taken)
        free = []
        for slot in self.slots_between(earliest, _aware(now) + horizon):
            if slot.astimezone(UTC) not in busy:
                free.append(slot)
                if len(free) >= n:
                    break
        return free


def utc_set(moments: Iterable[dt.datetime]) -> frozenset[dt.datetime]:
    """Aware datetimes as UTC, so that equal instants compare and hash equal."""
    return frozenset(_aware(moment).astimezone(UTC) for moment in moments)


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes given to the scheduler must be time-zone aware")
    return moment


def _exists(local: dt.datetime) -> bool:
    """False for wall-clock times skipped by a DST change."""
    round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise AvailabilityError(
            f"unknown time zone {name!r} (e.g. 'America/New_York')", "INTAKE_TIMEZONE"
        ) from None


def _days(text: str, clause: str) -> list[int]:
    days: list[int] = []
    for part in text.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise AvailabilityError(f"cannot read days {part!r} in {clause!r}: use mon ... sun")
        start = DAYS.index(first)
        stop = DAYS.index(last) if last else start
        # "fri-mon" wraps over the weekend.
        days.extend((start + offset) % 7 for offset in range((stop - start) % 7 + 1))
    return days


def _window(text: str, clause: str) -> Window:
    match = _RANGE.match(text.replace(" ", ""))
    if not match:
        raise AvailabilityError(f"cannot read hours {text!r} in {clause!r}: use HH:MM-HH:MM")
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    if (h2, m2) == (24, 0):
        h2 = 0  # "until midnight"
    try:
        opens, closes = dt.time(h1, m1), dt.time(h2, m2)
    except ValueError:
        raise AvailabilityError(f"{text!r} in {clause!r} is not a time of day") from None
    if closes <= opens and closes != MIDNIGHT:
        raise AvailabilityError(f"{text!r} in {clause!r} closes before it opens")
    return Window(opens, closes)
