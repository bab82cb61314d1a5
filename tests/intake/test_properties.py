"""Whatever a visitor types, the phone and time parsers answer (maybe None) and never raise."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.intake.availability import Availability
from bot.intake.names import MAX_NAME_CHARS, parse_first_name
from bot.intake.phone import normalise_phone
from bot.intake.scheduling import nearest_free_slot
from bot.intake.timeparse import Requested, parse_requested_time
from tests.intake.conftest import NOW

HOURS = Availability.from_spec()
WORDS = [
    "tomorrow", "today", "tonight", "next", "this", "monday", "fri", "sat", "sunday", "week",
    "weekend", "morning", "afternoon", "evening", "at", "@", "around", "in", "the", "of", "asap",
    "earliest", "noon", "midnight", "am", "pm", "a.m.", "o'clock", "ish", "feb", "march", "may",
    "december", "30th", "31st", "1st", "12", "3", "10:30", "25:99", "13pm", "0", "2026-02-30",
    "3/9", "99/99", "in 2 days", "a", "an", "days", "ten", "twelve", "(919)", "555-0123", "+1",
    "day after", "first available", "yesterday", "-", ":", "/", ".", "?",
]  # fmt: skip
date_like = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
anything = st.one_of(st.text(max_size=300), date_like)
moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1),
    max_value=dt.datetime(2030, 12, 31),
    timezones=st.just(HOURS.tz),
)


@settings(max_examples=300, deadline=None)
@given(anything)
def test_normalise_phone_never_raises(text):
    result = normalise_phone(text)
    assert result is None or (result.startswith("+") and result[1:].isdigit())


@settings(max_examples=300, deadline=None)
@given(anything)
def test_parse_requested_time_never_raises(text):
    result = parse_requested_time(text, NOW, HOURS)
    assert result is None or isinstance(result, Requested)
    if result is not None:
        slot = nearest_free_slot(result, HOURS, set(), NOW)
        assert slot is None or (HOURS.is_slot(slot) and slot >= NOW + dt.timedelta(hours=2))


@settings(max_examples=100, deadline=None)
@given(date_like, moments)
def test_any_now_any_text(text, now):
    result = parse_requested_time(text, now, HOURS)
    if result is not None and result.date is not None:
        assert now.date() <= result.date <= now.date() + dt.timedelta(days=365)


@settings(max_examples=300, deadline=None)
@given(st.one_of(anything, st.none(), st.integers(), st.booleans()))
def test_parse_first_name_never_raises(value):
    name = parse_first_name(value)
    assert name is None or (0 < len(name) <= MAX_NAME_CHARS and not any(c.isdigit() for c in name))
