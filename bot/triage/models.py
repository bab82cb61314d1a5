"""The triage's values: the questions and their answers (`TriageAnswers`, read from the person's
words by parsing.py), the levels of care, and a `Recommendation`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from bot.triage import parsing

Level = Literal["op", "iop", "higher"]
Person = Literal["self", "loved_one"]
PriorTreatment = Literal["none", "treated", "relapsed_after_lower"]

LEVELS: tuple[Level, ...] = ("higher", "iop", "op")  # most to least intensive
PERSONS: tuple[Person, ...] = ("self", "loved_one")
PRIOR_TREATMENTS: tuple[PriorTreatment, ...] = ("none", "treated", "relapsed_after_lower")
QUESTIONS = (
    "for_whom",
    "danger",
    "withdrawal",
    "duration_months",
    "prior_treatment",
    "co_occurring",
    "home_safe",
    "time_available",
)
BOOL_QUESTIONS = frozenset({"danger", "withdrawal", "co_occurring", "home_safe", "time_available"})
CHOICES: Mapping[str, tuple[str, ...]] = {"for_whom": PERSONS, "prior_treatment": PRIOR_TREATMENTS}


@dataclass(frozen=True)
class TriageAnswers:
    """The form's answers. None = not asked or not understood (matches no rule).

    `said` holds the person's own words by question, used only to quote them back; it is
    sensitive health information and stays in the conversation's slots.
    """

    for_whom: Person | None = None
    danger: bool | None = None
    withdrawal: bool | None = None
    duration_months: float | None = None
    prior_treatment: PriorTreatment | None = None
    co_occurring: bool | None = None
    home_safe: bool | None = None
    time_available: bool | None = None
    said: Mapping[str, str] = field(default_factory=dict)
    substances: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for question in BOOL_QUESTIONS:
            value = getattr(self, question)
            if value is not None and not isinstance(value, bool):
                raise TypeError(
                    f"triage answer '{question}' must be true, false or None, not {value!r}"
                )
        for question, choices in CHOICES.items():
            value = getattr(self, question)
            if value is not None and value not in choices:
                raise ValueError(
                    f"triage answer '{question}' must be one of {', '.join(choices)}, not {value!r}"
                )
        months = self.duration_months
        if months is not None and (
            isinstance(months, bool)
            or not isinstance(months, (int, float))
            or not math.isfinite(months)
            or months < 0
        ):
            raise ValueError(
                f"triage answer 'duration_months' must be a number of months >= 0, not {months!r}"
            )
        said = dict(self.said or {})
        unknown = sorted(set(said) - set(QUESTIONS))
        if unknown or not all(isinstance(text, str) for text in said.values()):
            raise ValueError(f"triage 'said' must map questions to text (unknown: {unknown})")
        object.__setattr__(self, "said", MappingProxyType(said))
        object.__setattr__(self, "substances", tuple(self.substances))

    @classmethod
    def from_texts(cls, texts: Mapping[str, str], entities: Iterable[dict] = ()) -> TriageAnswers:
        """Parse free-text answers by question; keeps the texts to quote, finds substances."""
        entities = list(entities)
        values = {
            q: parsing.PARSERS[q](text, entities) for q, text in texts.items() if q in QUESTIONS
        }
        words = " ".join(texts.values())
        return cls(**values, said={q: t for q, t in texts.items() if q in QUESTIONS},
                   substances=parsing.parse_substances(words, entities))  # fmt: skip

    def values(self) -> dict[str, Any]:
        return {question: getattr(self, question) for question in QUESTIONS}

    @property
    def person(self) -> Person:
        return self.for_whom or "self"


@dataclass(frozen=True)
class Recommendation:
    level: Level
    label: str
    reasons: tuple[str, ...]
    person: Person
    rules: tuple[str, ...] = ()  # ids of the rules behind it, the deciding one first
    note: str | None = None
