import datetime as dt

import pytest

from bot.intake.availability import UTC, Availability, AvailabilityError, Window
from tests.intake.conftest import NOW, local

T = dt.time
DAY_AND_NIGHT = Availability.from_spec("mon-sun 00:00-24:00")


def hhmm(slots):
    return [slot.strftime("%a %d %H:%M %Z") for slot in slots]


@pytest.mark.parametrize(
    ("spec", "monday", "saturday", "sunday"),
    [
        ("mon-fri 08:00-18:00; sat 09:00-13:00", [(T(8), T(18))], [(T(9), T(13))], []),
        ("MON-FRI 8:00-18:00;sat 09:00-13:00;", [(T(8), T(18))], [(T(9), T(13))], []),
        (
            "mon,sat 08:00-12:00, 13:00-17:00",
            [(T(8), T(12)), (T(13), T(17))],
            [(T(8), T(12)), (T(13), T(17))],
            [],
        ),
        ("fri-mon 10:00-14:00", [(T(10), T(14))], [(T(10), T(14))], [(T(10), T(14))]),
        ("sun 20:00-24:00", [], [], [(T(20), T(0))]),
    ],
)
def test_hours_spec(spec, monday, saturday, sunday):
    availability = Availability.from_spec(spec)
    assert availability.weekly[0] == tuple(Window(*hours) for hours in monday)
    assert availability.weekly[5] == tuple(Window(*hours) for hours in saturday)
    assert availability.weekly[6] == tuple(Window(*hours) for hours in sunday)


@pytest.mark.parametrize(
    ("spec", "slot_minutes", "timezone", "message"),
    [
        ("", 30, "America/New_York", "empty"),
        ("weekdays 08:00-18:00", 30, "America/New_York", "cannot read days"),
        ("mon 9-5", 30, "America/New_York", "use HH:MM-HH:MM"),
        ("mon 18:00-08:00", 30, "America/New_York", "closes before it opens"),
        ("mon 25:00-26:00", 30, "America/New_York", "not a time of day"),
        ("mon 08:00-12:00; mon 11:00-13:00", 30, "America/New_York", "overlap on mon"),
        ("mon 08:00-18:00", 0, "America/New_York", "slot length"),
        ("mon 08:00-18:00", 30, "Mars/Olympus_Mons", "unknown time zone"),
    ],
)
def test_unusable_hours_are_refused(spec, slot_minutes, timezone, message):
    with pytest.raises(AvailabilityError, match=message):
        Availability.from_spec(spec, slot_minutes, timezone)


def test_a_weekday_has_20_slots_saturday_8_and_sunday_none(availability):
    assert len(availability.slots_on(dt.date(2026, 3, 4))) == 20
    assert hhmm(availability.slots_on(dt.date(2026, 3, 7)))[::7] == [
        "Sat 07 09:00 EST",
        "Sat 07 12:30 EST",
    ]
    assert availability.slots_on(dt.date(2026, 3, 8)) == []


def test_the_last_slot_ends_by_closing_time():
    availability = Availability.from_spec("mon 08:00-09:45", slot_minutes=30)
    assert hhmm(availability.slots_on(dt.date(2026, 3, 9))) == [
        "Mon 09 08:00 EDT", "Mon 09 08:30 EDT", "Mon 09 09:00 EDT",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (  # Friday evening to Monday morning: Saturday's hours, no Sunday
            local(2026, 3, 6, 17, 0),
            local(2026, 3, 9, 9, 0),
            ["Fri 06 17:00 EST", "Fri 06 17:30 EST"]
            + [f"Sat 07 {h:02d}:{m:02d} EST" for h in range(9, 13) for m in (0, 30)]
            + ["Mon 09 08:00 EDT", "Mon 09 08:30 EDT"],
        ),
        (  # a start between slots rounds up; the end is exclusive
            local(2026, 3, 4, 10, 10),
            local(2026, 3, 4, 11, 30),
            ["Wed 04 10:30 EST", "Wed 04 11:00 EST"],
        ),
        (  # bounds in another time zone are the same instants
            dt.datetime(2026, 3, 7, 17, 0, tzinfo=UTC),
            dt.datetime(2026, 3, 9, 13, 0, tzinfo=UTC),
            ["Sat 07 12:00 EST", "Sat 07 12:30 EST", "Mon 09 08:00 EDT", "Mon 09 08:30 EDT"],
        ),
        (local(2026, 3, 8, 0, 0), local(2026, 3, 9, 0, 0), []),
    ],
)
def test_slots_between_cross_weekends(availability, start, end, expected):
    assert hhmm(availability.slots_between(start, end)) == expected


def test_spring_forward_skips_the_wall_clock_times_that_do_not_exist():
    slots = DAY_AND_NIGHT.slots_on(dt.date(2026, 3, 8))
    assert hhmm(slots[2:6]) == [
        "Sun 08 01:00 EST",
        "Sun 08 01:30 EST",
        "Sun 08 03:00 EDT",
        "Sun 08 03:30 EDT",
    ]
    assert len(slots) == 48 - 2
    utc = [slot.astimezone(UTC) for slot in slots]
    assert utc == sorted(set(utc))
    assert utc[4] - utc[3] == dt.timedelta(minutes=30)  # 01:30 EST → 03:00 EDT is half an hour


def test_fall_back_has_each_wall_clock_slot_once():
    slots = DAY_AND_NIGHT.slots_on(dt.date(2026, 11, 1))
    assert len(slots) == 48
    assert hhmm(slots[2:5]) == ["Sun 01 01:00 EDT", "Sun 01 01:30 EDT", "Sun 01 02:00 EST"]
    utc = [slot.astimezone(UTC) for slot in slots]
    assert utc == sorted(set(utc))
    assert [moment.strftime("%H:%M") for moment in utc[2:5]] == ["05:00", "05:30", "07:00"]


def test_wall_clock_slots_keep_their_local_time_across_the_change(availability):
    before, after = (
        availability.slots_on(dt.date(2026, 3, 6))[0],
        availability.slots_on(dt.date(2026, 3, 9))[0],
    )
    assert before.time() == after.time() == dt.time(8, 0)
    assert (before.astimezone(UTC).hour, after.astimezone(UTC).hour) == (13, 12)


@pytest.mark.parametrize(
    ("now", "taken", "expected"),
    [
        # 10:15 + 2 h lead time: the first slot offered is 12:30
        (NOW, [], ["Wed 04 12:30 EST", "Wed 04 13:00 EST", "Wed 04 13:30 EST"]),
        # taken slots are skipped, whatever time zone they come in
        (
            NOW,
            [local(2026, 3, 4, 12, 30), dt.datetime(2026, 3, 4, 18, 0, tzinfo=UTC)],
            ["Wed 04 13:30 EST", "Wed 04 14:00 EST", "Wed 04 14:30 EST"],
        ),
        # late Friday: Saturday morning
        (
            local(2026, 3, 6, 16, 30),
            [],
            ["Sat 07 09:00 EST", "Sat 07 09:30 EST", "Sat 07 10:00 EST"],
        ),
        # Saturday noon, across Sunday and the spring-forward change, to Monday in EDT
        (
            local(2026, 3, 7, 12, 0),
            [],
            ["Mon 09 08:00 EDT", "Mon 09 08:30 EDT", "Mon 09 09:00 EDT"],
        ),
        # Saturday before the fall-back change
        (
            local(2026, 10, 31, 11, 0),
            [],
            ["Mon 02 08:00 EST", "Mon 02 08:30 EST", "Mon 02 09:00 EST"],
        ),
    ],
)
def test_next_free_slots(availability, now, taken, expected):
    assert hhmm(availability.next_free_slots(now, set(taken))) == expected


def test_next_free_slots_lead_time_and_count_are_parameters(availability):
    slots = availability.next_free_slots(NOW, n=1, lead_time=dt.timedelta(0))
    assert hhmm(slots) == ["Wed 04 10:30 EST"]


def test_next_free_slots_is_empty_when_everything_is_taken(availability):
    horizon = dt.timedelta(days=3)
    taken = set(availability.slots_between(NOW, NOW + horizon))
    assert availability.next_free_slots(NOW, taken, horizon=horizon) == []


def test_is_slot(availability):
    assert availability.is_slot(local(2026, 3, 5, 10, 0))
    assert availability.is_slot(dt.datetime(2026, 3, 5, 15, 0, tzinfo=UTC))
    assert not availability.is_slot(local(2026, 3, 5, 10, 15))
    assert not availability.is_slot(local(2026, 3, 8, 10, 0))
    assert not availability.is_slot(local(2026, 3, 5, 18, 0))


def test_naive_datetimes_are_refused(availability):
    with pytest.raises(ValueError, match="aware"):
        availability.next_free_slots(dt.datetime(2026, 3, 4, 10, 15))
