"""How long it has been a problem, in months, from the person's words ("about 6 years", "since
last spring", "a couple of months", "2 yrs maybe"), and the words to quote back to them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import NamedTuple

from bot.language.text import (
    clean_text,
    longest_first,
    never_raises,
    whole_words,
)

SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_QUANTITY_WORDS = {
    "a": 1, "an": 1, "a single": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2,
    "a few": 3, "few": 3, "several": 5, "many": 10, "a dozen": 12, "dozen": 12, "a handful of": 4,
    "half a": 0.5, "half an": 0.5, "a half": 0.5,
}  # fmt: skip
_NUMBER = "|".join(
    (
        r"\d+(?:\.\d+)?\+?",
        rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(list(SMALL_NUMBERS)[:9])}))?",
        longest_first(SMALL_NUMBERS),
        longest_first(_QUANTITY_WORDS),
    )
)
_UNIT_MONTHS = {"day": 1 / 30, "week": 12 / 52, "month": 1.0, "year": 12.0, "decade": 120.0}
_UNIT = r"days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?|y|decades?"
_MODIFIER_FACTOR = {
    "less than": 0.5, "under": 0.5, "not even": 0.5, "almost": 0.9, "nearly": 0.9,
    "close to": 0.9, "not quite": 0.9, "just under": 0.9, "a little less than": 0.9,
}  # fmt: skip
_MODIFIERS = (
    "about", "around", "roughly", "approximately", "approx", "like", "maybe", "probably",
    "over", "more than", "at least", "upwards of", "just over", "a little over",
    "a little more than", "past", "the past", "the last", "for the past", "for the last",
    "for", "for about", "for over", "for like", "going on", *_MODIFIER_FACTOR,
)  # fmt: skip
QUANTITY = re.compile(
    rf"(?<![\w'])(?:(?P<mod>{longest_first(_MODIFIERS)})\s+)?(?P<n>{_NUMBER})"
    rf"(?:\s*(?:-|to|or)\s*(?P<n2>{_NUMBER}))?\s*(?P<unit>{_UNIT})"
    r"(?P<half>\s+and\s+a\s+half)?(?P<or_two>\s+or\s+two)?(?![\w'])"
    r"(?!\s+old|\s*[/.]\s*o(?![\w']))"  # "19 years old", "19 y/o": an age
)
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_YEAR = r"(?:19|20)\d\d"
_DATE = rf"(?P<date>(?:last )?(?:{'|'.join(_MONTH_NAMES)})(?: (?:of )?{_YEAR})?|{_YEAR})"
_VAGUE_DURATIONS: tuple[tuple[str, float | None], ...] = (
    (r"just (?:started|began|beginning)|only (?:just )?started|(?:only |just )?recently"
     r"|brand new|since last (?:week|month)|last (?:week|month)", 1.0),
    (r"not (?:very |that |too )?long|a short (?:time|while)|not a long time", 2.0),
    (r"decades", 240.0),
    (r"(?:a )?(?:really |very |pretty )?long (?:time|while)|forever|ages|for years|years and years"
     r"|(?:many |several |a few )?years(?! old)(?: now)?|a lifetime"
     r"|(?:all|most) (?:of )?(?:his|her|my|their|your) (?:adult )?life"
     r"|(?:his|her|my|their|your) (?:whole|entire) (?:adult )?life"
     r"|as long as (?:i|he|she|they|we) can remember"
     r"|since (?:(?:he|she|i|they) (?:was|were) in )?(?:high school|middle school|junior high"
     r"|college|grade school|(?:\d+th|\w+th) grade|(?:he|she|i|they)"
     r" (?:was|were) (?:a )?(?:kid|child|teen|teenager|young|little|\d+|\w+teen)"
     r"|(?:his|her|my|their) (?:early |mid |late )?(?:teens|twenties|20s))"
     r"|(?:in|during) (?:high school|middle school|junior high|college)", 24.0),
    (r"since last year|(?:the )?(?:past|last) year", 12.0),
    (r"(?:for )?months(?: and months)?(?: now)?(?! old)", 6.0),  # clearly under a year
    (r"since (?:covid|the pandemic|lockdown)", None),
    (r"since (?:(?:19|20)\d\d)", None),
    (rf"since (?:last )?(?:{'|'.join(_MONTH_NAMES)})", None),
    # "since he lost his job in march", "since the divorce in 2019": months until that date
    (rf"since (?:[a-z']+ ){{1,6}}?(?:(?:back )?in |during |(?=last )){_DATE}(?![\w'])", None),
)  # fmt: skip
_VAGUE = tuple((whole_words(pattern), months) for pattern, months in _VAGUE_DURATIONS)
# Understood, but could be either side of the threshold: not sure, so the form asks again
# ("a while"; "since his divorce": when was that?).
UNDATED = whole_words(r"a while|some time|since [a-z'][\w' ]*")
_ABBREVIATED_UNITS = whole_words(r"yrs?|y|mos?|mths?|wks?")
_UNIT_NAMES = {"yr": "year", "yrs": "years", "y": "years", "mo": "month", "mos": "months",
               "mth": "month", "mths": "months", "wk": "week", "wks": "weeks"}  # fmt: skip


def _number(word: str) -> float | None:
    word = word.rstrip("+").replace("-", " ")
    if word in _QUANTITY_WORDS:
        return float(_QUANTITY_WORDS[word])
    if word in SMALL_NUMBERS:
        return float(SMALL_NUMBERS[word])
    tens, _, ones = word.partition(" ")
    if tens in _TENS:
        return float(_TENS[tens] + SMALL_NUMBERS.get(ones, 0))
    try:
        return float(word)
    except ValueError:
        return None


def _unit_months(unit: str) -> float:
    unit = _UNIT_NAMES.get(unit, unit).rstrip("s")
    return _UNIT_MONTHS.get(unit, 0.0)


def _today() -> dt.date:
    return dt.date.today()


def _months_since(text: str) -> float | None:
    """ "since 2019", "since march", "since covid" -> months until today."""
    today = _today()
    year = re.search(r"\b((?:19|20)\d\d)\b", text)
    if year:
        start = dt.date(int(year.group(1)), 1, 1)
    elif re.search(r"covid|pandemic|lockdown", text):
        start = dt.date(2020, 3, 1)
    else:
        month = next((i for i, m in enumerate(_MONTH_NAMES, 1) if m in text), None)
        if month is None:
            return None
        behind = month > today.month or "last" in text
        start = dt.date(today.year - (1 if behind else 0), month, 1)
    months = (today.year - start.year) * 12 + today.month - start.month
    return float(months) if months >= 0 else None


class Duration(NamedTuple):
    months: float
    phrase: str  # what the person said, ready to follow "using": "for about 6 years"


def read_duration(text: str) -> Duration | None:
    groups: list[tuple[float, int, int]] = []  # months, start, end
    last_end = -1
    for match in QUANTITY.finditer(text):
        months = _quantity_months(match)
        if months is None:
            continue
        joined = last_end >= 0 and re.fullmatch(
            r"\s*(?:,|and|, and)?\s*", text[last_end : match.start()]
        )
        if joined and groups:
            total, start, _ = groups[-1]
            groups[-1] = (total + months, start, match.end())
        else:
            groups.append((months, match.start(), match.end()))
        last_end = match.end()
    if groups:
        months, start, end = max(groups, key=lambda g: g[0])
        return Duration(round(months, 2), _phrase(text[start:end]))
    for pattern, fixed in _VAGUE:
        match = pattern.search(text)
        if not match:
            continue
        since = match.groupdict().get("date") or match.group(0)
        months = fixed if fixed is not None else _months_since(since)
        if months is None:
            return None
        return Duration(months, _phrase(match.group(0)))
    return None


def _quantity_months(match: re.Match[str]) -> float | None:
    numbers = [_number(match.group(g)) for g in ("n", "n2") if match.group(g)]
    if not numbers or any(n is None for n in numbers):
        return None
    count = max(numbers)  # "6-12 months", "2 or 3 years": the longer end
    if match.group("half"):
        count += 0.5
    if match.group("or_two"):
        count = max(count, 2)
    months = count * _unit_months(match.group("unit"))
    factor = _MODIFIER_FACTOR.get(match.group("mod") or "", 1.0)
    return months * factor if months > 0 else None


_SHORT_PHRASES = (
    "just",
    "only",
    "recently",
    "brand new",
    "not long",
    "not very",
    "not that",
    "not too",
    "a short",
)
_FIRST_TO_SECOND = {
    "i was": "you were", "i am": "you are", "i": "you", "my": "your", "me": "you",
    "myself": "yourself", "we were": "you were", "we": "you", "our": "your",
}  # fmt: skip
_FIRST_PERSON_WORDS = whole_words(longest_first(_FIRST_TO_SECOND))
_FILLER_WORDS = {
    "like": "about", "maybe": "about", "probably": "about", "roughly": "about",
    "approximately": "about", "approx": "about", "not quite": "almost", "not even": "less than",
}  # fmt: skip
_FILLER = re.compile(
    rf"(?<=^for )(?:{longest_first(_FILLER_WORDS)})(?![\w'])"
    rf"|^(?:{longest_first(_FILLER_WORDS)})(?![\w'])"
)


def _phrase(span: str) -> str:
    """A duration span as the bot repeats it: "for 2 years", "since you were a teen"."""
    span = re.sub(rf"(\d)(?=(?:{_UNIT})(?![\w']))", r"\1 ", span)  # "6yrs", not "20s"
    span = _ABBREVIATED_UNITS.sub(lambda m: _UNIT_NAMES[m.group(0)], span)
    span = _FIRST_PERSON_WORDS.sub(lambda m: _FIRST_TO_SECOND[m.group(0)], span)
    span = _FILLER.sub(lambda m: _FILLER_WORDS[m.group(0)], " ".join(span.split()))
    if span.startswith(("in ", "during ")):  # "in college" -> "since college"
        return f"since {span.split(' ', 1)[1]}"
    if span.startswith(("for ", "since ")):
        return span
    if span.startswith(_SHORT_PHRASES):
        return "for only a short time"
    if span.startswith("last "):
        return f"since {span}"
    if span.startswith("past "):
        return f"for the {span}"
    if span in ("forever", "ages"):
        return "for a very long time"
    return f"for {span}"


@never_raises
def parse_duration(text: str, entities: Iterable[dict] = ()) -> float | None:
    """How long use has been a problem, in months.

    Numbers and units ("2 yrs" -> 24, "six months" -> 6, "a couple weeks" -> 0.46,
    "a year and a half" -> 18, "over a decade" -> 120, "6-12 months" -> 12: ranges take the
    longer end). "Less than"/"under" halve the figure, "almost" takes 90 %. Vague answers:
    "just started"/"recently" -> 1, "not long" -> 2, "a long time", "years", "since high school",
    "since he was a teen", "forever" -> 24 (clearly long-lasting; the reply quotes their words,
    not the number), "months" -> 6 (clearly under a year), "decades" -> 240, "since 2019",
    "since march", "since he lost his job in march" -> months until today. "A while", "since
    his divorce", "I don't know" -> None: could be either side of the 12-month line, so the
    form asks again (and `answered_unsure` says so). Ages ("19 years old", "19 y/o") are not
    durations.
    """
    found = read_duration(clean_text(text))
    return found.months if found else None


@never_raises
def duration_phrase(text: str, entities: Iterable[dict] = ()) -> str | None:
    """The duration as the person said it, ready to follow "using": "for about 6 years"."""
    found = read_duration(clean_text(text))
    return found.phrase if found else None
