"""Free-text appointment times ("tomorrow at 10", "friday afternoon", "asap"), read as a
`Requested` time; bot/intake/scheduling.py finds the nearest free slot to it.

`parse_requested_time` never raises on text: anything it cannot read, or a date that does not
exist or has passed ("Feb 30th", "yesterday"), is None, and the form asks again with examples.

How text is read (all in the center's time zone, relative to `now`):
- "asap", "as soon as possible", "earliest", "first available", "whenever"... → the earliest slot;
- day parts: morning is before 12:00, afternoon 12:00-17:00, evening 17:00 to closing
  ("tonight" is this evening); with default hours morning is 08:00-12:00;
- times: "10am", "3 pm", "10:30", "noon", "at 10", "friday 2". A bare hour without am/pm is read
  as the center's working day reads it: 1-7 is afternoon/evening ("at 3" → 15:00), 8-12 as is;
  with a day part, "at 5 in the evening" → 17:00;
- days: "today", "tomorrow", weekdays ("friday" is the coming Friday, today included; "next
  monday" is the coming Monday, never today), "next week" (its Monday), "the weekend", "the
  12th"; calendar dates ("march 10", "3/9", "2026-03-10", "in 2 days", "in april") are read by
  `dateparser` with PREFER_DATES_FROM="future" and RELATIVE_BASE=now.

Spanish is read by the same rules, from Spanish words in the same tables (accents and "ñ" are
folded first, so "mañana" and "manana" are one word; SMS spellings such as "mñn", "alas 3",
"x la tarde", "prox" are in the tables):
- "lo antes posible", "lo más pronto posible", "cuanto antes", "cuando sea", "el primero
  disponible", a lone "ya"/"ahora" → the earliest slot;
- "mañana" is tomorrow, but with an article it is the morning: "mañana por la mañana" is
  tomorrow morning; "en/por/a la tarde", "la noche", "esta noche" (tonight), "de la madrugada"
  (morning); "tarde"/"noche" alone are day parts except in "buenas tardes", "más tarde";
- "a las 3", "a la una y media", "a las 15 hrs", "al mediodía", "a las 3 de la tarde" (15:00),
  "3 de la tarde": an hour followed by "de la <day part>" is a clock time;
- "hoy", "pasado mañana", weekdays ("el próximo lunes", "el lunes que viene": never today),
  "la semana que viene", "el fin de semana", "el 12"; "12 de diciembre", "en abril", "en 2 días"
  are read by `dateparser` in Spanish only (English fragments and the fallback stay English-only:
  with both languages dateparser reads English "do" as domingo). Numeric dates keep the English
  month/day reading: "3/12" is March 12 in both languages.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from bot.intake.availability import (
    Availability,
)

logger = logging.getLogger(__name__)

MAX_INPUT_CHARS = 200
MAX_DAYS_AHEAD = 365


class DayPart(str, Enum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"

    def contains(self, local_time: dt.time) -> bool:
        start, end = _DAY_PARTS[self]
        return start <= local_time and (end is None or local_time < end)

    @property
    def end(self) -> dt.time | None:
        """When this part of the day ends (None: at midnight)."""
        return _DAY_PARTS[self][1]


_DAY_PARTS: dict[DayPart, tuple[dt.time, dt.time | None]] = {
    DayPart.MORNING: (dt.time(0, 0), dt.time(12, 0)),
    DayPart.AFTERNOON: (dt.time(12, 0), dt.time(17, 0)),
    DayPart.EVENING: (dt.time(17, 0), None),
}


_DAY_PART_NAMES = {
    "morning": DayPart.MORNING, "afternoon": DayPart.AFTERNOON,
    "evening": DayPart.EVENING, "night": DayPart.EVENING,
    "manana": DayPart.MORNING, "madrugada": DayPart.MORNING,
    "tarde": DayPart.AFTERNOON, "noche": DayPart.EVENING,
}  # fmt: skip


def day_part_of(local_time: dt.time) -> DayPart:
    return next(part for part in DayPart if part.contains(local_time))


@dataclass(frozen=True)
class Requested:
    """What the visitor asked for, as local (center time zone) calendar values.

    `earliest` alone means "as soon as possible". Otherwise any of: a `date` (None: the first
    day that fits), a `time` of day, a `day_part` (set from `time` when a time is given).
    """

    earliest: bool = False
    date: dt.date | None = None
    time: dt.time | None = None
    day_part: DayPart | None = None

    @property
    def window(self) -> DayPart | None:
        if self.day_part is not None:
            return self.day_part
        return day_part_of(self.time) if self.time is not None else None


EARLIEST = Requested(earliest=True)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Spanish number words are read only after "a las"/"la" ("at once" is not 11:00).
_SPANISH_NUMBER_WORDS = {
    "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
}  # fmt: skip
_MINUTE_WORDS = {"media": 30, "cuarto": 15}
_HOUR = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_HORA = r"(\d{1,2}|" + "|".join(_SPANISH_NUMBER_WORDS) + r")"
_Y_MINUTES = r"(?:\s+y\s+(media|cuarto|\d{2}))?"  # "a las 3 y media"
_AMPM = r"(a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
_NOT_A_DATE = (
    r"(?!\s*(?:st|nd|rd|th|/|-|\.\d|:|\d|days?|weeks?|months?|years?|of\b|de\b|people|hours?))"
)
_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
    # Spanish, accents folded ("mar" is March, "dom" a name: not abbreviations here)
    "lun": 0, "lunes": 0, "martes": 1, "mie": 2, "mier": 2, "miercoles": 2,
    "jue": 3, "jueves": 3, "vie": 4, "viernes": 4, "sab": 5, "sabado": 5, "domingo": 6,
}  # fmt: skip
_WEEKDAY = r"(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")"
# "this friday" may be today, "next friday" never is.
_THIS = r"this|este"
_NEXT = r"next|coming|proximo|prox\.?|siguiente"
_NEXT_AFTER = r"proximo|que viene|siguiente|entrante"  # "el lunes que viene"
_TODAY = r"(?:today|hoy)"
_TOMORROW = r"(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tmrow|manana|maniana|mnn)"
_DAY_WORD = r"(?:" + _TODAY + "|" + _TOMORROW + "|" + _WEEKDAY + r")"  # the weekday: group 1
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_FULL_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_MES = (
    r"(?:ene(?:ro)?|feb(?:rero)?|mar(?:zo)?|abr(?:il)?|may(?:o)?|jun(?:io)?|jul(?:io)?"
    r"|ago(?:sto)?|sep(?:t(?:iembre)?)?|set(?:iembre)?|oct(?:ubre)?|nov(?:iembre)?"
    r"|dic(?:iembre)?)\.?"
)
_FULL_MES = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre)"
)

_EARLIEST = re.compile(
    r"\b(?:asap|a\.s\.a\.p\.?|as soon as (?:possible|you can|i can)|as early as possible"
    r"|earliest|soonest|(?:first|next) (?:available|open|free)|right away|immediately"
    r"|any ?time|whenever"
    r"|lo (?:antes|mas pronto|\+ pronto|mas rapido|mas temprano)|cuanto antes"
    r"|cuando (?:sea|puedan?|quieran?)|cualquier (?:hora|dia|momento|horario)"
    r"|primer[oa]?(?: \w+)? (?:disponible|libre)|lo primero que (?:haya|tengan?)"
    r"|de inmediato|inmediatamente|en ?seguida)\b"
    r"|^(?:right )?now$|^(?:ya|ahora|ahorita)(?: mismo)?$"
)
_DAY_PART_WORDS = [
    # (pattern with the day part's word as `part`, or a fixed part; whether it means today)
    (re.compile(r"\btonight\b"), DayPart.EVENING, True),
    (
        re.compile(r"\b(?:this|esta) (?P<part>morning|afternoon|evening|manana|tarde|noche)\b"),
        None,
        True,
    ),
    (
        re.compile(r"\b(?:in the |during the )?(?P<part>morning|afternoon|evening|night)s?\b"),
        None,
        False,
    ),
    # "mañana" with an article is the morning ("por la mañana"), without one tomorrow. After
    # "de" the hour before it is a clock time ("3 de la tarde"): the cut leaves a "~" mark.
    (
        re.compile(
            r"(?:\b(?P<of>de|d)\s|\b(?:en|por|x|a|durante|todas)\s)?"
            r"\blas?\s(?P<part>manana|tarde|noche|madrugada)s?\b"
        ),
        None,
        False,
    ),
    # alone: "viernes tarde", "noches", "mañanas" (plural only), not "buenas tardes", "más tarde"
    (
        re.compile(r"(?<!buenas )(?<!mas )(?<!muy )\b(?P<part>tarde|noche|(?=mananas)manana)s?\b"),
        None,
        False,
    ),
]
_OF_DAY_PART = "~"  # cannot come from the visitor: _normalise drops "~"
_TIME_PATTERNS = [
    # (pattern, group with the hour, group with minutes, group with am/pm)
    (
        re.compile(r"\b(noon|midday|midnight|mediodia|medio dia|medianoche)(?:\s*ish)?\b"),
        None,
        None,
        None,
    ),
    (re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(?:" + _AMPM + ")?"), 1, 2, 3),
    (re.compile(r"\b" + _HOUR + r"\s*(?:ish\s*)?" + _AMPM), 1, None, 2),
    (re.compile(r"\b" + _HOUR + r"\s*o'?\s?clock\b"), 1, None, None),
    (re.compile(r"\b" + _HORA + r"\s+en punto\b"), 1, None, None),
    (
        re.compile(
            r"(?:\b(?:at|around|about|by|after|before)\s+|@\s*)"
            + _HOUR
            + r"(?:\s*ish\b|\b)"
            + _NOT_A_DATE
        ),
        1,
        None,
        None,
    ),
    (
        re.compile(
            r"\b(?:(?:a\s?)?l(?:as|s|a(?=\s+(?:una|1)\b))|tipo)\s+"  # "la" only before "una"
            + _HORA
            + _Y_MINUTES
            + r"(?:\s*(?:hrs?|horas?)\b|\b)"
            + _NOT_A_DATE
        ),
        1,
        2,
        None,
    ),
    (re.compile(r"\b" + _HORA + _Y_MINUTES + r"\s*" + _OF_DAY_PART), 1, 2, None),
    (
        re.compile(r"\b" + _DAY_WORD + r"\s+" + _HOUR + r"\b" + _NOT_A_DATE),
        2,
        None,
        None,
    ),
]
_DATE_FRAGMENT = re.compile(
    r"\b(?:" + _MONTH + r"\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+\d{4})?"
    r"|\d{1,2}/\d{1,2}(?:/\d{2}(?:\d{2})?)?"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|in\s+(?:\d{1,2}|a|an|one|two|three|four|five|six)\s+(?:days?|weeks?)"
    r"|(?:in|early|during)\s+" + _FULL_MONTH + r")(?![a-z0-9/])"
)
_DIA_DE_MES = (  # "12 de diciembre (de 2026)", "el primero de abril", "12 diciembre", "abril 1"
    r"(?:(?:\d{1,2}(?:ro|o)?|primero)\s+de\s+" + _MES
    + r"|\d{1,2}\s+" + _FULL_MES + r"|" + _FULL_MES + r"\s+\d{1,2})(?:\s+del?\s+\d{4})?"
)  # fmt: skip
_FECHA = re.compile(  # Spanish dates, read by dateparser in Spanish
    r"\b(?:" + _DIA_DE_MES
    + r"|(?:en|dentro de)\s+(?:\d{1,2}|un|una|dos|tres|cuatro|cinco|seis)\s+(?:dias?|semanas?)"
    r"|(?:en|para|durante|a principios de)\s+" + _FULL_MES + r")(?![a-z0-9/])"
)  # fmt: skip
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b|\b(?:el|dia)\s+(?:dia\s+)?(\d{1,2})(?:ro|o)?\b"
)
_DAY_AFTER_TOMORROW = re.compile(
    r"\b(?:the\s+)?day after " + _TOMORROW + r"\b|\bpasado\s+" + _TOMORROW + r"\b"
)
_RELATIVE_DAY = re.compile(r"\b(" + _TODAY + "|" + _TOMORROW + r")\b")
_WEEKDAY_WORD = re.compile(
    r"\b(?:(" + _THIS + "|" + _NEXT + r")\s+)?" + _WEEKDAY + r"(?:\s+(" + _NEXT_AFTER + r"))?\b"
)
_NEXT_WEEK = re.compile(
    r"\bnext week\b|\b(?:proxima|prox\.?|siguiente) semana\b"
    r"|(?<!fin de )(?<!fin d )\bsemana (?:que viene|proxima|siguiente|entrante)\b"
)
_WEEKEND = re.compile(r"\b(?:this |the )?weekend\b|\b(?:fin de semana|fin d semana|finde)\b")
# "friday pm": am/pm right after a day, not the "am" in "I am free".
_LONE_AMPM = re.compile(r"\b" + _DAY_WORD + r"\s+(?P<ampm>am|pm)\b")


class _Unreadable(Exception):
    """The text names a date or time that does not exist."""


def parse_requested_time(
    text: object, now: dt.datetime, availability: Availability
) -> Requested | None:
    """What time the visitor asked for, or None if the text names none (or an impossible one).

    `now` must be aware (a naive `now` is a programming error and raises ValueError).
    """
    local_now = availability.local(now)
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        return None
    try:
        return _parse(_normalise(text), local_now, availability.timezone)
    except _Unreadable:
        return None
    except Exception as error:  # odd text must never crash the conversation
        # Only the error type: the text (and a traceback quoting it) may hold personal data.
        logger.warning(
            "could not read a requested time (%s); treated as unreadable", type(error).__name__
        )
        return None


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    # "mañana", "miércoles" → "manana", "miercoles": people type them either way
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = re.sub(r"[!?¡¿,;()\[\]\"*_~]+", " ", text)
    return " ".join(text.split())


def _parse(text: str, now: dt.datetime, timezone: str) -> Requested | None:
    if not text:
        return None
    today = now.date()
    asks_earliest = bool(_EARLIEST.search(text))
    text, day_part, means_today = _take_day_part(text)
    text, time = _take_time(text, day_part)
    text = text.replace(_OF_DAY_PART, " ")
    if day_part is None and time is None:
        text, day_part = _take_lone_ampm(text)
    date = _take_date(text, now, timezone)
    if date is None and means_today:
        date = today
    if date is None and time is None and day_part is None:
        if asks_earliest:
            return EARLIEST
        date, time = _dateparser_fallback(text, now, timezone)
        if date is None:
            return None
    if date is not None and not today <= date <= today + dt.timedelta(days=MAX_DAYS_AHEAD):
        return None
    if time is not None:
        day_part = day_part_of(time)
    return Requested(date=date, time=time, day_part=day_part)


def _take_day_part(text: str) -> tuple[str, DayPart | None, bool]:
    for pattern, fixed_part, means_today in _DAY_PART_WORDS:
        match = pattern.search(text)
        if match:
            part = fixed_part or _DAY_PART_NAMES[match.group("part")]
            mark = _OF_DAY_PART if match.groupdict().get("of") else " "
            return _cut(text, match, mark), part, means_today
    return text, None, False


def _take_lone_ampm(text: str) -> tuple[str, DayPart | None]:
    match = _LONE_AMPM.search(text)
    if not match:
        return text, None
    start, end = match.span("ampm")
    part = DayPart.MORNING if match.group("ampm") == "am" else DayPart.AFTERNOON
    return text[:start] + " " + text[end:], part


def _take_time(text: str, day_part: DayPart | None) -> tuple[str, dt.time | None]:
    for pattern, hour_group, minute_group, ampm_group in _TIME_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        span = match.span(hour_group) if hour_group == 2 else match.span()
        rest = text[: span[0]] + " " + text[span[1] :]
        if hour_group is None:
            word = match.group(1)
            return rest, dt.time(0, 0) if word == "midnight" else dt.time(12, 0)
        hour = _hour(match.group(hour_group))
        minute = _minute(match.group(minute_group)) if minute_group else 0
        ampm = match.group(ampm_group) if ampm_group else None
        return rest, _clock(hour, minute, ampm, day_part)
    return text, None


def _hour(word: str) -> int:
    return _NUMBER_WORDS.get(word) or _SPANISH_NUMBER_WORDS.get(word) or int(word)


def _minute(word: str | None) -> int:
    return 0 if word is None else _MINUTE_WORDS.get(word) or int(word)


def _clock(hour: int, minute: int, ampm: str | None, day_part: DayPart | None) -> dt.time:
    if minute > 59 or hour > 23:
        raise _Unreadable
    if ampm:
        if not 1 <= hour <= 12:
            raise _Unreadable
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif 1 <= hour <= 11:
        if day_part in (DayPart.AFTERNOON, DayPart.EVENING):
            hour += 12
        elif day_part is None and hour <= 7:
            hour += 12  # "at 3": nobody means 3 in the morning for an intake call
    return dt.time(hour, minute)


def _take_date(text: str, now: dt.datetime, timezone: str) -> dt.date | None:
    today = now.date()
    fragment = _DATE_FRAGMENT.search(text)
    if fragment:
        phrase = re.sub(r"\b(?:the|early|during)\s+", "", fragment.group(0))
        return _read_date(phrase, now, timezone, "en")
    fecha = _FECHA.search(text)
    if fecha:
        phrase = re.sub(r"\b(?:para|durante|a principios de)\s+", "", fecha.group(0))
        phrase = re.sub(r"\b(\d{1,2})(?:ro|o)\b", r"\1", phrase).replace("primero", "1")
        phrase = re.sub(
            r"\b(?:" + "|".join(_SPANISH_NUMBER_WORDS) + r")\b",
            lambda word: str(_SPANISH_NUMBER_WORDS[word.group(0)]),
            phrase,
        )  # dateparser reads "en 2 semanas", not "en dos semanas"
        return _read_date(phrase, now, timezone, "es")
    if _DAY_AFTER_TOMORROW.search(text):
        return today + dt.timedelta(days=2)
    weekday = _WEEKDAY_WORD.search(text)
    if weekday:
        wanted = _WEEKDAYS[weekday.group(2)]
        ahead = (wanted - today.weekday()) % 7
        if (weekday.group(3) or re.fullmatch(_NEXT, weekday.group(1) or "")) and ahead == 0:
            ahead = 7
        return today + dt.timedelta(days=ahead)
    relative = _RELATIVE_DAY.search(text)
    if relative:
        return today if re.fullmatch(_TODAY, relative.group(1)) else today + dt.timedelta(days=1)
    if _NEXT_WEEK.search(text):
        return today + dt.timedelta(days=7 - today.weekday())
    if _WEEKEND.search(text):
        return today + dt.timedelta(days=(5 - today.weekday()) % 7)
    ordinal = _ORDINAL.search(text)
    if ordinal:
        return _next_day_of_month(int(ordinal.group(1) or ordinal.group(2)), today)
    return None


def _read_date(phrase: str, now: dt.datetime, timezone: str, language: str) -> dt.date:
    found, _ = _dateparse(phrase, now, timezone, language)
    if found is None:
        raise _Unreadable  # "feb 30th", "2026-02-30", "30 de febrero"
    return found


def _next_day_of_month(day: int, today: dt.date) -> dt.date:
    year, month = today.year, today.month
    for _ in range(3):
        if 1 <= day <= calendar.monthrange(year, month)[1]:
            candidate = dt.date(year, month, day)
            if candidate >= today:
                return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise _Unreadable


def _dateparser_fallback(
    text: str, now: dt.datetime, timezone: str
) -> tuple[dt.date | None, dt.time | None]:
    if not re.search(r"[a-z0-9]", text):
        return None, None
    return _dateparse(text, now, timezone)


def _dateparse(
    text: str, now: dt.datetime, timezone: str, language: str = "en"
) -> tuple[dt.date | None, dt.time | None]:
    from dateparser.date import DateDataParser  # slow import: only when a date needs reading

    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "TIMEZONE": timezone,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "MDY",
    }
    data = DateDataParser(languages=[language], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None or data.period not in ("day", "week", "month", "time"):
        return None, None
    if data.period == "month" and not re.search(_FULL_MONTH + "|" + _FULL_MES, text):
        return None, None  # "the 12th", "a": dateparser guesses a month; nobody asked for one
    found = data.date_obj
    return found.date(), found.time() if data.period == "time" else None


def _cut(text: str, match: re.Match[str], mark: str = " ") -> str:
    return " ".join((text[: match.start()] + f" {mark} " + text[match.end() :]).split())
