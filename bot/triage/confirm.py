"""One line confirming the triage answers a story pre-filled (bot/triage/prefill.py), in plain
words: "for your son, two years, relapsed after outpatient care" (or, with the Spanish book's
phrases, "para su ser querido; desde hace unos 3 años; recaída después de rehabilitación")."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.language.for_whom import parse_for_whom
from bot.language.text import clean_text
from bot.triage.duration import parse_duration
from bot.triage.history import (
    co_occurring_conditions,
    parse_co_occurring,
    parse_prior_treatment,
    treatment_phrase,
)
from bot.triage.prefill import PREFILLABLE
from bot.triage.recommend import duration_in, join_names, months_phrase
from bot.triage.rules import Phrases, RuleBook, default_rules
from bot.triage.story import POSSESSIVE_ONE


def confirmation_parts(answers: Mapping[str, str], rules: RuleBook | None = None) -> list[str]:
    """Short plain phrases for one line confirming pre-filled answers, in the form's order:
    ["for your son", "two years", "relapsed after outpatient care", "anxiety"].

    `answers`: question -> the stored words (`story_answers`), or "self" / "loved_one" for
    `for_whom`. The words come from the triage readers' own phrase helpers, in the language of
    `rules` (English by default); answers not understood, and questions that are never
    pre-filled, are left out. Never raises; returns [] on odd input.
    """
    try:
        book = rules or default_rules()
        if not isinstance(answers, Mapping):
            return []
        parts = []
        for question in PREFILLABLE:
            text = answers.get(question)
            if isinstance(text, str) and text.strip():
                part = _PART[question](text, book)
                if part:
                    parts.append(part)
        return parts
    except Exception:
        return []


def _for_whom_part(text: str, book: RuleBook) -> str | None:
    value = text if text in ("self", "loved_one") else parse_for_whom(text)
    if value not in ("self", "loved_one"):
        return None
    mine = POSSESSIVE_ONE.search(clean_text(text)) if value == "loved_one" else None
    if mine and book.language == "en":  # "my son" -> "for your son" (English words only)
        return "for " + re.sub(r"^(?:my|our) ", "your ", mine.group("one"))
    return book.phrases.confirm[value]


def _duration_part(text: str, book: RuleBook) -> str | None:
    months = parse_duration(text)
    if months is None:
        return None
    words = duration_in(text, book.language) or months_phrase(months, book.phrases)
    return words.removeprefix(book.phrases.confirm["drop_before_duration"])


def _treatment_part(text: str, book: RuleBook) -> str | None:
    value = parse_prior_treatment(text)
    treatment = treatment_phrase(text)
    words: Phrases = book.phrases
    named = words.name(treatment) if treatment else None
    if value == "relapsed_after_lower":
        return words.confirm["relapsed_after"].format(treatment=named or words.earlier_treatment)
    if value == "treated":
        return (
            words.confirm["earlier"].format(treatment=named) if named else words.earlier_treatment
        )
    return words.confirm["no_treatment"] if value == "none" else None


def _co_occurring_part(text: str, book: RuleBook) -> str | None:
    value = parse_co_occurring(text)
    if value is False:
        return book.phrases.confirm["no_needs"]
    if value is not True:
        return None
    conditions = co_occurring_conditions(text) or ()
    return join_names(conditions[:3], book.phrases) or book.phrases.needs


_PART = {
    "for_whom": _for_whom_part,
    "duration_months": _duration_part,
    "prior_treatment": _treatment_part,
    "co_occurring": _co_occurring_part,
}
