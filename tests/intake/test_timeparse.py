import datetime as dt

import pytest

from bot.intake.availability import UTC, Availability
from bot.intake.scheduling import nearest_free_slot
from bot.intake.timeparse import EARLIEST, DayPart, Requested, day_part_of, parse_requested_time
from tests.intake.conftest import NOW, local

D = dt.date
T = dt.time
MORNING, AFTERNOON, EVENING = DayPart.MORNING, DayPart.AFTERNOON, DayPart.EVENING
DAY_AND_NIGHT = Availability.from_spec("mon-sun 00:00-24:00")


def at(day, hour, minute=0):
    return Requested(date=day, time=T(hour, minute), day_part=day_part_of(T(hour, minute)))


def show(slot):
    return slot.strftime("%a %Y-%m-%d %H:%M %Z") if slot else None


# "now" is Wednesday 2026-03-04 10:15 in New York; the lead time (2 h) makes 12:30 the first slot.
PARSING = [
    ("tomorrow at 10", at(D(2026, 3, 5), 10), "Thu 2026-03-05 10:00 EST"),
    ("Tomorrow 10am", at(D(2026, 3, 5), 10), "Thu 2026-03-05 10:00 EST"),
    ("tmrw @ 2", at(D(2026, 3, 5), 14), "Thu 2026-03-05 14:00 EST"),
    (
        "friday afternoon",
        Requested(date=D(2026, 3, 6), day_part=AFTERNOON),
        "Fri 2026-03-06 12:00 EST",
    ),
    ("friday pm", Requested(date=D(2026, 3, 6), day_part=AFTERNOON), "Fri 2026-03-06 12:00 EST"),
    (
        "next monday morning",
        Requested(date=D(2026, 3, 9), day_part=MORNING),
        "Mon 2026-03-09 08:00 EDT",
    ),
    ("monday 3pm", at(D(2026, 3, 9), 15), "Mon 2026-03-09 15:00 EDT"),
    ("monday at 3", at(D(2026, 3, 9), 15), "Mon 2026-03-09 15:00 EDT"),
    ("Monday at 3 in the afternoon", at(D(2026, 3, 9), 15), "Mon 2026-03-09 15:00 EDT"),
    ("thursday 10:30", at(D(2026, 3, 5), 10, 30), "Thu 2026-03-05 10:30 EST"),
    ("I'd like friday at 10ish please", at(D(2026, 3, 6), 10), "Fri 2026-03-06 10:00 EST"),
    ("how about Tuesday?", Requested(date=D(2026, 3, 10)), "Tue 2026-03-10 08:00 EDT"),
    ("next thursday at ten", at(D(2026, 3, 5), 10), "Thu 2026-03-05 10:00 EST"),
    ("2pm tomorrow", at(D(2026, 3, 5), 14), "Thu 2026-03-05 14:00 EST"),
    ("tomorrow at noon", at(D(2026, 3, 5), 12), "Thu 2026-03-05 12:00 EST"),
    ("saturday at 11", at(D(2026, 3, 7), 11), "Sat 2026-03-07 11:00 EST"),
    ("as soon as possible", EARLIEST, "Wed 2026-03-04 12:30 EST"),
    ("ASAP!", EARLIEST, "Wed 2026-03-04 12:30 EST"),
    ("earliest", EARLIEST, "Wed 2026-03-04 12:30 EST"),
    ("whatever is first available", EARLIEST, "Wed 2026-03-04 12:30 EST"),
    ("first available on friday", Requested(date=D(2026, 3, 6)), "Fri 2026-03-06 08:00 EST"),
    ("in the morning", Requested(day_part=MORNING), "Thu 2026-03-05 08:00 EST"),
    ("afternoon", Requested(day_part=AFTERNOON), "Wed 2026-03-04 12:30 EST"),
    ("evenings", Requested(day_part=EVENING), "Wed 2026-03-04 17:00 EST"),
    ("tonight", Requested(date=D(2026, 3, 4), day_part=EVENING), "Wed 2026-03-04 17:00 EST"),
    (
        "this afternoon",
        Requested(date=D(2026, 3, 4), day_part=AFTERNOON),
        "Wed 2026-03-04 12:30 EST",
    ),
    ("this morning", Requested(date=D(2026, 3, 4), day_part=MORNING), "Wed 2026-03-04 12:30 EST"),
    ("at 10", Requested(time=T(10), day_part=MORNING), "Thu 2026-03-05 10:00 EST"),
    ("10:30", Requested(time=T(10, 30), day_part=MORNING), "Thu 2026-03-05 10:30 EST"),
    ("noon", Requested(time=T(12), day_part=AFTERNOON), "Wed 2026-03-04 12:30 EST"),
    ("at 5 in the evening", Requested(time=T(17), day_part=EVENING), "Wed 2026-03-04 17:00 EST"),
    ("today", Requested(date=D(2026, 3, 4)), "Wed 2026-03-04 12:30 EST"),
    ("wednesday", Requested(date=D(2026, 3, 4)), "Wed 2026-03-04 12:30 EST"),
    ("next wednesday", Requested(date=D(2026, 3, 11)), "Wed 2026-03-11 08:00 EDT"),
    ("day after tomorrow", Requested(date=D(2026, 3, 6)), "Fri 2026-03-06 08:00 EST"),
    ("in 2 days", Requested(date=D(2026, 3, 6)), "Fri 2026-03-06 08:00 EST"),
    ("next week", Requested(date=D(2026, 3, 9)), "Mon 2026-03-09 08:00 EDT"),
    ("the weekend", Requested(date=D(2026, 3, 7)), "Sat 2026-03-07 09:00 EST"),
    ("sunday", Requested(date=D(2026, 3, 8)), "Mon 2026-03-09 08:00 EDT"),  # closed: next open
    ("march 10", Requested(date=D(2026, 3, 10)), "Tue 2026-03-10 08:00 EDT"),
    ("March 10th at 2:30pm", at(D(2026, 3, 10), 14, 30), "Tue 2026-03-10 14:30 EDT"),
    ("3/9 at 9am", at(D(2026, 3, 9), 9), "Mon 2026-03-09 09:00 EDT"),
    ("2026-03-12", Requested(date=D(2026, 3, 12)), "Thu 2026-03-12 08:00 EDT"),
    ("the 12th", Requested(date=D(2026, 3, 12)), "Thu 2026-03-12 08:00 EDT"),
    ("in april", Requested(date=D(2026, 4, 1)), "Wed 2026-04-01 08:00 EDT"),
    ("Feb 30th", None, None),
    ("2026-02-30", None, None),
    ("the 32nd", None, None),
    ("yesterday", None, None),
    ("25:00", None, None),
    ("13pm", None, None),
    ("hello", None, None),
    ("12345", None, None),
    ("919 555 0123", None, None),
    ("", None, None),
    ("?!", None, None),
]


@pytest.mark.parametrize(("text", "expected", "proposal"), PARSING)
def test_parse_and_propose(availability, text, expected, proposal):
    requested = parse_requested_time(text, NOW, availability)
    assert requested == expected
    if requested is not None:
        assert show(nearest_free_slot(requested, availability, set(), NOW)) == proposal


# Across the daylight-saving changes: the wall-clock time asked for is the one proposed.
DST = [
    # Friday before spring-forward: Monday 9:00 is EDT, 13:00 UTC (not 14:00)
    (local(2026, 3, 6, 15, 0), "monday 9am", None, "2026-03-09T13:00:00Z"),
    # Saturday noon before spring-forward: "asap" skips Sunday, Monday 08:00 EDT
    (local(2026, 3, 7, 12, 0), "asap", None, "2026-03-09T12:00:00Z"),
    # Saturday before fall-back: Sunday is closed, so Monday 08:00 EST (13:00 UTC)
    (local(2026, 10, 31, 9, 0), "tomorrow at 10", None, "2026-11-02T13:00:00Z"),
    (local(2026, 10, 30, 9, 0), "monday 10am", None, "2026-11-02T15:00:00Z"),
    # Always-open hours: the repeated 01:30 on fall-back day is its first occurrence (EDT)
    (local(2026, 10, 31, 9, 0), "sunday 1:30am", DAY_AND_NIGHT, "2026-11-01T05:30:00Z"),
    (local(2026, 10, 31, 9, 0), "sunday 2:30am", DAY_AND_NIGHT, "2026-11-01T07:30:00Z"),
    # ... and on spring-forward day 03:00 is EDT; 02:30 does not exist and reads as 03:30 EDT
    (local(2026, 3, 7, 9, 0), "sunday 3am", DAY_AND_NIGHT, "2026-03-08T07:00:00Z"),
    (local(2026, 3, 7, 9, 0), "sunday 2:30am", DAY_AND_NIGHT, "2026-03-08T07:30:00Z"),
    (local(2026, 3, 7, 9, 0), "sunday 1:30am", DAY_AND_NIGHT, "2026-03-08T06:30:00Z"),
]


@pytest.mark.parametrize(("now", "text", "hours", "proposal_utc"), DST)
def test_proposals_across_dst_changes(availability, now, text, hours, proposal_utc):
    hours = hours or availability
    requested = parse_requested_time(text, now, hours)
    slot = nearest_free_slot(requested, hours, set(), now)
    assert slot.astimezone(UTC).isoformat().replace("+00:00", "Z") == proposal_utc
    assert hours.is_slot(slot)


TAKEN = {
    local(2026, 3, 5, 10, 0),
    local(2026, 3, 5, 10, 30),
    local(2026, 3, 6, 12, 0),
} | {local(2026, 3, 9, h, m) for h in range(8, 12) for m in (0, 30)}


@pytest.mark.parametrize(
    ("requested", "proposal"),
    [
        # nearest to the asked time, earlier wins a tie
        (at(D(2026, 3, 5), 10), "Thu 2026-03-05 09:30 EST"),
        (at(D(2026, 3, 5), 10, 30), "Thu 2026-03-05 11:00 EST"),
        # a day part: its first free slot
        (Requested(date=D(2026, 3, 6), day_part=AFTERNOON), "Fri 2026-03-06 12:30 EST"),
        # the whole morning taken: the first free slot after it, same day
        (Requested(date=D(2026, 3, 9), day_part=MORNING), "Mon 2026-03-09 12:00 EDT"),
        (at(D(2026, 3, 9), 9), "Mon 2026-03-09 12:00 EDT"),
        # no evening on Saturdays: the next slot after Saturday evening
        (Requested(date=D(2026, 3, 7), day_part=EVENING), "Mon 2026-03-09 12:00 EDT"),
        # a day part without a day: the first day with a free slot in it
        (Requested(day_part=MORNING), "Thu 2026-03-05 08:00 EST"),
        # a time without a day: the next day where that time (or its nearest) is free
        (Requested(time=T(10), day_part=MORNING), "Thu 2026-03-05 09:30 EST"),
        # asked-for time inside the lead time: the nearest slot after it
        (at(D(2026, 3, 4), 11), "Wed 2026-03-04 12:30 EST"),
        (EARLIEST, "Wed 2026-03-04 12:30 EST"),
    ],
)
def test_nearest_free_slot(availability, requested, proposal):
    assert show(nearest_free_slot(requested, availability, TAKEN, NOW)) == proposal


def test_no_slot_when_everything_is_taken(availability):
    horizon = dt.timedelta(days=5)
    taken = set(availability.slots_between(NOW, NOW + dt.timedelta(days=20)))
    for requested in (EARLIEST, Requested(day_part=MORNING), Requested(date=D(2026, 3, 9))):
        assert nearest_free_slot(requested, availability, taken, NOW, horizon=horizon) is None


@pytest.mark.parametrize(
    ("local_time", "part"),
    [
        (T(8), MORNING),
        (T(11, 59), MORNING),
        (T(12), AFTERNOON),
        (T(16, 30), AFTERNOON),
        (T(17), EVENING),
    ],
)
def test_day_parts(local_time, part):
    assert day_part_of(local_time) is part
