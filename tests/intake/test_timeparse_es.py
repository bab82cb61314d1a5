"""Spanish requested times: the same rules as English, from the same tables in timeparse.py."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.intake.availability import Availability
from bot.intake.timeparse import EARLIEST, DayPart, Requested, day_part_of, parse_requested_time
from tests.intake.conftest import NOW

D = dt.date
T = dt.time
MORNING, AFTERNOON, EVENING = DayPart.MORNING, DayPart.AFTERNOON, DayPart.EVENING


def at(day, hour, minute=0):
    return Requested(date=day, time=T(hour, minute), day_part=day_part_of(T(hour, minute)))


def clock(hour, minute=0):
    return Requested(time=T(hour, minute), day_part=day_part_of(T(hour, minute)))


# "now" is Wednesday 2026-03-04 10:15 in New York (tests/intake/conftest.py).
# (Spanish, the English that reads the same or None, expected)
SPANISH = [
    # the earliest slot
    ("lo antes posible", "as soon as possible", EARLIEST),
    ("Lo más pronto posible", "ASAP", EARLIEST),
    ("lo mas pronto q se pueda", "as soon as you can", EARLIEST),
    ("lo + pronto posible", "asap", EARLIEST),
    ("cuanto antes", "asap", EARLIEST),
    ("Cuánto antes!", "asap", EARLIEST),
    ("ya", "now", EARLIEST),
    ("¡Ya mismo!", "right now", EARLIEST),
    ("ahorita", "now", EARLIEST),
    ("cuando sea", "whenever", EARLIEST),
    ("a cualquier hora", "any time", EARLIEST),
    ("el primero disponible", "first available", EARLIEST),
    ("la primera cita disponible", "first available", EARLIEST),
    ("de inmediato", "immediately", EARLIEST),
    # ... unless a day is named
    (
        "el primero disponible el viernes",
        "first available on friday",
        Requested(date=D(2026, 3, 6)),
    ),
    # days
    ("hoy", "today", Requested(date=D(2026, 3, 4))),
    ("mañana", "tomorrow", Requested(date=D(2026, 3, 5))),
    ("manana", "tmrw", Requested(date=D(2026, 3, 5))),
    ("mñn", "tmrw", Requested(date=D(2026, 3, 5))),
    ("pasado mañana", "day after tomorrow", Requested(date=D(2026, 3, 6))),
    ("pasado manana", "day after tomorrow", Requested(date=D(2026, 3, 6))),
    # "mañana" with an article is the morning
    ("mañana por la mañana", "tomorrow morning", Requested(date=D(2026, 3, 5), day_part=MORNING)),
    ("manana en la manana", "tomorrow morning", Requested(date=D(2026, 3, 5), day_part=MORNING)),
    ("mañana a la mañana", "tomorrow morning", Requested(date=D(2026, 3, 5), day_part=MORNING)),
    ("por las mañanas", "mornings", Requested(day_part=MORNING)),
    ("en la mañana", "in the morning", Requested(day_part=MORNING)),
    # day parts
    ("en la tarde", "in the afternoon", Requested(day_part=AFTERNOON)),
    ("por la tarde", "afternoon", Requested(day_part=AFTERNOON)),
    ("x la tarde", "afternoon", Requested(day_part=AFTERNOON)),
    ("tardes", "afternoons", Requested(day_part=AFTERNOON)),
    ("en la noche", "evening", Requested(day_part=EVENING)),
    ("de noche", "at night", Requested(day_part=EVENING)),
    ("esta noche", "tonight", Requested(date=D(2026, 3, 4), day_part=EVENING)),
    ("hoy en la noche", "tonight", Requested(date=D(2026, 3, 4), day_part=EVENING)),
    ("esta tarde", "this afternoon", Requested(date=D(2026, 3, 4), day_part=AFTERNOON)),
    ("esta mañana", "this morning", Requested(date=D(2026, 3, 4), day_part=MORNING)),
    (
        "el viernes por la tarde",
        "friday afternoon",
        Requested(date=D(2026, 3, 6), day_part=AFTERNOON),
    ),
    ("viernes tarde", "friday afternoon", Requested(date=D(2026, 3, 6), day_part=AFTERNOON)),
    ("el viernes pm", "friday pm", Requested(date=D(2026, 3, 6), day_part=AFTERNOON)),
    # times: a bare hour 1-7 is afternoon, as in English
    ("el lunes a las 3", "monday at 3", at(D(2026, 3, 9), 15)),
    ("mañana a las 10", "tomorrow at 10", at(D(2026, 3, 5), 10)),
    ("lunes 3", "monday 3", at(D(2026, 3, 9), 15)),
    ("a las 10:30", "10:30", clock(10, 30)),
    ("a las 3 pm", "at 3 pm", clock(15)),
    ("a las 3 de la tarde", "at 3 in the afternoon", clock(15)),
    ("3 de la tarde", "at 3 in the afternoon", clock(15)),
    ("a las 9 de la mañana", "at 9 in the morning", clock(9)),
    ("a las 10 de la noche", "at 10 at night", clock(22)),
    ("a las 5 de la madrugada", "at 5am", clock(5)),
    ("al mediodía", "noon", clock(12)),
    ("a mediodia", "midday", clock(12)),
    ("a la una", "at one", clock(13)),
    ("a la una y media", "1:30", clock(13, 30)),
    ("a las diez y cuarto", "10:15", clock(10, 15)),
    ("alas 3", "at 3", clock(15)),
    ("a las 15 hrs", "3pm", clock(15)),
    ("como a las 4", "around 4", clock(16)),
    ("10 en punto", "10 o'clock", clock(10)),
    ("mañana 3 de la tarde", "tomorrow at 3 in the afternoon", at(D(2026, 3, 5), 15)),
    ("mañana a las 3 y media de la tarde", "tomorrow at 3:30pm", at(D(2026, 3, 5), 15, 30)),
    ("buenas tardes, mañana a las 10", "tomorrow at 10", at(D(2026, 3, 5), 10)),
    ("¿puede ser el jueves a las 11?", "thursday at 11", at(D(2026, 3, 5), 11)),
    # weeks, weekends, days of the month
    ("la próxima semana", "next week", Requested(date=D(2026, 3, 9))),
    ("la proxima semana", "next week", Requested(date=D(2026, 3, 9))),
    ("la semana que viene", "next week", Requested(date=D(2026, 3, 9))),
    ("el fin de semana", "the weekend", Requested(date=D(2026, 3, 7))),
    ("el finde", "the weekend", Requested(date=D(2026, 3, 7))),
    ("el fin de semana que viene", "next weekend", Requested(date=D(2026, 3, 7))),
    ("el 12", "the 12th", Requested(date=D(2026, 3, 12))),
    ("el día 12 a las 10", "the 12th at 10", at(D(2026, 3, 12), 10)),
    # weekdays: the coming one, today included; "próximo"/"que viene" never today
    ("lunes", "monday", Requested(date=D(2026, 3, 9))),
    ("martes", "tuesday", Requested(date=D(2026, 3, 10))),
    ("miércoles", "wednesday", Requested(date=D(2026, 3, 4))),
    ("miercoles", "wednesday", Requested(date=D(2026, 3, 4))),
    ("jueves", "thursday", Requested(date=D(2026, 3, 5))),
    ("viernes", "friday", Requested(date=D(2026, 3, 6))),
    ("sábado", "saturday", Requested(date=D(2026, 3, 7))),
    ("sabado", "sat", Requested(date=D(2026, 3, 7))),
    ("domingo", "sunday", Requested(date=D(2026, 3, 8))),
    ("este miércoles", "this wednesday", Requested(date=D(2026, 3, 4))),
    ("el próximo lunes", "next monday", Requested(date=D(2026, 3, 9))),
    ("el próximo miércoles", "next wednesday", Requested(date=D(2026, 3, 11))),
    ("el miércoles que viene", "next wednesday", Requested(date=D(2026, 3, 11))),
    ("prox miercoles", "next wednesday", Requested(date=D(2026, 3, 11))),
    # calendar dates (dateparser, in Spanish)
    ("el 12 de diciembre", "december 12", Requested(date=D(2026, 12, 12))),
    ("12 de dic. a las 3 de la tarde", "dec 12 at 3pm", at(D(2026, 12, 12), 15)),
    ("el viernes 13 de marzo", "march 13", Requested(date=D(2026, 3, 13))),
    ("el martes 10 de marzo a las 2:30 pm", "March 10th at 2:30pm", at(D(2026, 3, 10), 14, 30)),
    ("el primero de abril", "april 1st", Requested(date=D(2026, 4, 1))),
    ("el 5 de enero", "jan 5", Requested(date=D(2027, 1, 5))),
    ("en abril", "in april", Requested(date=D(2026, 4, 1))),
    ("en 2 días", "in 2 days", Requested(date=D(2026, 3, 6))),
    ("en dos semanas", "in two weeks", Requested(date=D(2026, 3, 18))),
    ("dentro de una semana", "in a week", Requested(date=D(2026, 3, 11))),
    # numeric dates keep the English month/day reading
    ("12/12", "12/12", Requested(date=D(2026, 12, 12))),
    ("el 3/12", "3/12", Requested(date=D(2026, 3, 12))),
    # nothing, or a day that has passed or does not exist
    ("ayer", "yesterday", None),
    ("anoche", None, None),
    ("el 30 de febrero", "Feb 30th", None),
    ("30 de febrero a las 3", None, None),
    ("el 32", "the 32nd", None),
    ("a las 25", "25:00", None),
    ("hola", "hello", None),
    ("no sé", None, None),
    ("buenas tardes", None, None),
    ("buenas noches", None, None),
    ("más tarde", None, None),
    ("ya te dije", None, None),
]


@pytest.mark.parametrize(("text", "english", "expected"), SPANISH)
def test_spanish_reads_as_english(availability, text, english, expected):
    assert parse_requested_time(text, NOW, availability) == expected
    if english is not None:
        assert parse_requested_time(english, NOW, availability) == expected


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        # on a Monday: "lunes" is today, "el próximo lunes"/"el lunes que viene" a week on
        (dt.datetime(2026, 3, 9, 9, 0, tzinfo=NOW.tzinfo), "lunes", D(2026, 3, 9)),
        (dt.datetime(2026, 3, 9, 9, 0, tzinfo=NOW.tzinfo), "el próximo lunes", D(2026, 3, 16)),
        (dt.datetime(2026, 3, 9, 9, 0, tzinfo=NOW.tzinfo), "el lunes que viene", D(2026, 3, 16)),
        # late December: "el 5 de enero" is next year's, "el 12" next month's
        (dt.datetime(2026, 12, 30, 16, 0, tzinfo=NOW.tzinfo), "el 5 de enero", D(2027, 1, 5)),
        (dt.datetime(2026, 12, 30, 16, 0, tzinfo=NOW.tzinfo), "el 12", D(2027, 1, 12)),
    ],
)
def test_spanish_days_relative_to_now(availability, now, text, expected):
    assert parse_requested_time(text, now, availability).date == expected


# English words that Spanish tables or a Spanish dateparser could misread.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do", None),  # dateparser with languages=["en", "es"] reads it as "domingo"
        ("I can do it", None),
        ("at once", None),  # "once" is 11 only after "a las"
        ("LA 5", None),  # "la" is an hour's article only before "una"
        ("dom", None),
        ("3 in the afternoon", Requested(day_part=AFTERNOON)),
        ("march 5 in the afternoon", Requested(date=D(2026, 3, 5), day_part=AFTERNOON)),
    ],
)
def test_english_keeps_its_reading(availability, text, expected):
    assert parse_requested_time(text, NOW, availability) == expected


SPANISH_WORDS = [
    "mañana", "manana", "mñn", "pasado", "hoy", "ayer", "esta", "este", "el", "la", "las", "a",
    "de", "d", "del", "en", "por", "x", "tarde", "tardes", "noche", "madrugada", "buenas", "más",
    "lunes", "miércoles", "sábado", "próximo", "que viene", "semana", "fin de semana", "finde",
    "una", "doce", "once", "y media", "y cuarto", "hrs", "mediodía", "12", "3", "30", "32", "0",
    "10:30", "pm", "diciembre", "febrero", "dic.", "primero", "1ro", "dos", "semanas", "días",
    "lo antes posible", "ya", "cuando sea", "disponible", "~", "¿", "!", "/", "3/12",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SPANISH_WORDS), max_size=8).map(" ".join))
def test_spanish_words_never_raise(text):
    result = parse_requested_time(text, NOW, Availability.from_spec())
    assert result is None or isinstance(result, Requested)
    if result is not None and result.date is not None:
        assert NOW.date() <= result.date <= NOW.date() + dt.timedelta(days=365)


def test_spanish_without_a_calendar_date_does_not_load_dateparser():
    code = (
        "import sys\n"
        "from bot.intake.availability import Availability\n"
        "from bot.intake.timeparse import parse_requested_time\n"
        "from tests.intake.conftest import NOW\n"
        "for text in ('mañana a las 10', 'el viernes por la tarde', 'lo antes posible',"
        " 'la semana que viene', 'el 12', 'tomorrow at 10'):\n"
        "    assert parse_requested_time(text, NOW, Availability.from_spec()) is not None\n"
        "assert 'dateparser' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
