"""One line confirming the triage answers a story pre-filled (bot/triage/prefill.py), in plain
words: "for your son, two years, relapsed after outpatient care"."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.language.for_whom import parse_for_whom
from bot.language.text import clean_text
from bot.triage.duration import duration_phrase, parse_duration
from bot.triage.history import (
    co_occurring_conditions,
    parse_co_occurring,
    parse_prior_treatment,
    treatment_phrase,
)
from bot.triage.prefill import PREFILLABLE
from bot.triage.recommend import join_words, months_phrase
from bot.triage.story import POSSESSIVE_ONE


def confirmation_parts(answers: Mapping[str, str]) -> list[str]:
    """Short plain phrases for one line confirming pre-filled answers, in the form's order:
    ["for your son", "two years", "relapsed after outpatient care", "anxiety"].

    `answers`: question -> the stored words (`story_answers`), or "self" / "loved_one" for
    `for_whom`. The words come from the triage readers' own phrase helpers; answers not
    understood, and questions that are never pre-filled, are left out. Never raises; returns
    [] on odd input.
    """
    try:
        if not isinstance(answers, Mapping):
            return []
        parts = []
        for question in PREFILLABLE:
            text = answers.get(question)
            if isinstance(text, str) and text.strip():
                part = _PART[question](text)
                if part:
                    parts.append(part)
        return parts
    except Exception:
        return []


def _for_whom_part(text: str) -> str | None:
    value = text if text in ("self", "loved_one") else parse_for_whom(text)
    if value == "self":
        return "for yourself"
    if value != "loved_one":
        return None
    mine = POSSESSIVE_ONE.search(clean_text(text))
    if mine:
        return "for " + re.sub(r"^(?:my|our) ", "your ", mine.group("one"))
    return "for a loved one"


def _duration_part(text: str) -> str | None:
    months = parse_duration(text)
    if months is None:
        return None
    return (duration_phrase(text) or months_phrase(months)).removeprefix("for ")


def _treatment_part(text: str) -> str | None:
    value = parse_prior_treatment(text)
    treatment = treatment_phrase(text)
    if value == "relapsed_after_lower":
        return f"relapsed after {treatment or 'earlier treatment'}"
    if value == "treated":
        return f"earlier {treatment}" if treatment else "earlier treatment"
    return "no earlier treatment" if value == "none" else None


def _co_occurring_part(text: str) -> str | None:
    value = parse_co_occurring(text)
    if value is False:
        return "no mental-health or medical needs"
    if value is not True:
        return None
    conditions = co_occurring_conditions(text) or ()
    return join_words(conditions[:3]) or "mental-health or medical needs"


_PART = {
    "for_whom": _for_whom_part,
    "duration_months": _duration_part,
    "prior_treatment": _treatment_part,
    "co_occurring": _co_occurring_part,
}
