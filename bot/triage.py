"""Triage: which level of care to suggest as a starting point, and why. Never a diagnosis.

The rules live in one reviewed file, `bot/triage_rules.yml` (how they are read is written at
its top). It is loaded and validated once; a broken edit raises `TriageRulesError` naming the
rule and the problem, so it never reaches a visitor. Run `python -m bot.triage` to check it.

    answers = TriageAnswers.from_texts({"for_whom": "my son", "danger": "no", ...})
    rec = recommend(answers)       # level "op" | "iop" | "higher", exact label, plain reasons
    explanation(rec)               # one short Markdown reply
    summary(answers)               # plain text for an intake request, if the person asks
"""

from __future__ import annotations

import math
import re
import string
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml

from bot import triage_parsing as parsing

RULES_FILE = Path(__file__).with_name("triage_rules.yml")

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
RANGE_KEYS = ("at_least", "below")
REASON_PLACEHOLDERS = frozenset(
    {"they", "their", "duration", "symptoms", "conditions", "treatment"}
)
NOTE_PLACEHOLDERS = frozenset({"they", "their"})
OPENING_PLACEHOLDERS = frozenset({"level", "reasons", "they", "their"})
MENTIONED = "you mentioned "
_FOR_WHOM = {"self": "the person writing", "loved_one": "a loved one", None: "not answered"}
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = ("version", "levels", "dimensions", "required", "rules", "notes", "explanation")


# --- answers and recommendation --------------------------------------------------------------


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


# --- the rules file --------------------------------------------------------------------------


class TriageRulesError(ValueError):
    """The rules file is missing, malformed or would make an unsafe decision."""

    def __init__(self, source: str, where: str | None, problem: str) -> None:
        self.source = source
        self.where = where
        super().__init__(f"{source}: {where}: {problem}" if where else f"{source}: {problem}")


@dataclass(frozen=True)
class Condition:
    question: str
    any_of: tuple[Any, ...] = ()
    at_least: float | None = None
    below: float | None = None

    def holds(self, value: Any) -> bool:
        if value is None:
            return False
        if self.any_of:
            return any(value is v if isinstance(v, bool) else value == v for v in self.any_of)
        if self.at_least is not None and value < self.at_least:
            return False
        return not (self.below is not None and value >= self.below)


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    when: tuple[Condition, ...]
    text: str  # the reason (rules) or the sentence (notes)
    text_if_unsure: str | None = None

    def holds(self, values: Mapping[str, Any]) -> bool:
        return all(c.holds(values.get(c.question)) for c in self.when)

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(c.question for c in self.when)


@dataclass(frozen=True)
class RuleBook:
    source: str
    labels: Mapping[str, str]
    articles: Mapping[str, str]
    dimensions: Mapping[str, tuple[int, ...]]
    required: tuple[str, ...]
    rules: tuple[Rule, ...]
    notes: tuple[Rule, ...]
    max_reasons: int
    opening: Mapping[str, str]
    disclaimer: str


def load_rules(path: Path | str = RULES_FILE) -> RuleBook:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TriageRulesError(str(path), None, "is missing") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise TriageRulesError(str(path), None, f"not valid YAML: {error}") from None
    return rules_from_dict(raw, source=str(path))


@lru_cache(maxsize=1)
def default_rules() -> RuleBook:
    """The reviewed rules, loaded and validated once."""
    return load_rules(RULES_FILE)


def rules_from_dict(raw: Any, source: str = "triage rules") -> RuleBook:
    def fail(where: str | None, problem: str) -> TriageRulesError:
        return TriageRulesError(source, where, problem)

    if not isinstance(raw, dict):
        raise fail(None, "must be a mapping")
    unknown = sorted(set(raw) - set(_TOP_KEYS))
    if unknown:
        raise fail(None, f"unknown section '{unknown[0]}' (known: {', '.join(_TOP_KEYS)})")
    if raw.get("version") != 1:
        raise fail("version", "must be 1")

    levels = _mapping(raw.get("levels"), fail, "levels")
    if set(levels) != set(LEVELS):
        raise fail("levels", f"must define exactly {', '.join(LEVELS)}")
    labels, articles = {}, {}
    for level in LEVELS:
        entry = _mapping(levels[level], fail, f"level '{level}'")
        if not isinstance(entry.get("label"), str) or not entry["label"].strip():
            raise fail(f"level '{level}'", "needs a label")
        if not isinstance(entry.get("article", ""), str):
            raise fail(f"level '{level}'", "article must be text")
        labels[level] = entry["label"].strip()
        articles[level] = (entry.get("article") or "").strip()

    dimensions = _mapping(raw.get("dimensions"), fail, "dimensions")
    if set(dimensions) != set(QUESTIONS):
        missing = sorted(set(QUESTIONS) - set(dimensions)) or sorted(
            set(dimensions) - set(QUESTIONS)
        )
        raise fail(
            "dimensions", f"must map each question to ASAM dimensions (check '{missing[0]}')"
        )
    asam: dict[str, tuple[int, ...]] = {}
    for question in QUESTIONS:
        entry = _mapping(dimensions[question], fail, f"dimension of '{question}'")
        numbers = entry.get("asam")
        if not isinstance(numbers, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 6 for n in numbers
        ):
            raise fail(f"dimension of '{question}'", "asam must be a list of dimensions 1-6")
        if not isinstance(entry.get("why"), str) or not entry["why"].strip():
            raise fail(f"dimension of '{question}'", "needs a 'why'")
        asam[question] = tuple(numbers)

    required = raw.get("required") or []
    if not isinstance(required, list) or not set(required) <= set(QUESTIONS):
        raise fail("required", f"must list questions from: {', '.join(QUESTIONS)}")

    rules = _rules(raw.get("rules"), fail, "rule", "reason", REASON_PLACEHOLDERS)
    if not rules:
        raise fail("rules", "must list at least one rule")
    for before, after in zip(rules, rules[1:]):
        if LEVELS.index(after.level) < LEVELS.index(before.level):
            raise fail(
                f"rule '{after.id}'",
                f"level '{after.level}' comes after a '{before.level}' rule: order rules from "
                "most to least intensive (higher, iop, op), or first-match would under-treat",
            )
    for rule in rules[:-1]:
        if not rule.when:
            raise fail(
                f"rule '{rule.id}'", "has `when: {}` (always holds) but is not the last rule"
            )
    if rules[-1].when:
        raise fail(
            f"rule '{rules[-1].id}'", "the last rule must be `when: {}` so every case gets a level"
        )
    notes = _rules(raw.get("notes") or [], fail, "note", "text", NOTE_PLACEHOLDERS)
    ids = [r.id for r in rules + notes]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise fail(f"rule '{duplicate}'", "id is used twice")

    explanation = _mapping(raw.get("explanation"), fail, "explanation")
    max_reasons = explanation.get("max_reasons")
    if not isinstance(max_reasons, int) or isinstance(max_reasons, bool) or max_reasons < 1:
        raise fail("explanation", "max_reasons must be a whole number >= 1")
    opening = _mapping(explanation.get("opening"), fail, "explanation.opening")
    if set(opening) != set(PERSONS):
        raise fail("explanation.opening", f"must have exactly {', '.join(PERSONS)}")
    for person, text in opening.items():
        _check_template(text, OPENING_PLACEHOLDERS, fail, f"explanation.opening.{person}")
        if "{level}" not in text or "{reasons}" not in text:
            raise fail(f"explanation.opening.{person}", "must contain {level} and {reasons}")
    disclaimer = explanation.get("disclaimer")
    _check_template(disclaimer, frozenset(), fail, "explanation.disclaimer")

    return RuleBook(
        source=source,
        labels=MappingProxyType(labels),
        articles=MappingProxyType(articles),
        dimensions=MappingProxyType(asam),
        required=tuple(required),
        rules=tuple(rules),
        notes=tuple(notes),
        max_reasons=max_reasons,
        opening=MappingProxyType(dict(opening)),
        disclaimer=disclaimer.strip(),
    )


def _mapping(value: Any, fail: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise fail(where, "must be a mapping")
    return value


def _rules(
    raw: Any, fail: Any, kind: str, text_key: str, placeholders: frozenset[str]
) -> list[Rule]:
    if not isinstance(raw, list):
        raise fail(f"{kind}s", "must be a list")
    rules = []
    for number, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise fail(f"{kind} #{number}", "must be a mapping")
        rule_id = entry.get("id")
        if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
            raise fail(f"{kind} #{number}", "needs an id in snake_case")
        where = f"{kind} '{rule_id}'"
        known = {"id", "level", "when", text_key} | (
            {"reason_if_unsure"} if kind == "rule" else set()
        )
        unknown = sorted(set(entry) - known)
        if unknown:
            raise fail(where, f"unknown key '{unknown[0]}' (known: {', '.join(sorted(known))})")
        level = entry.get("level")
        if level not in LEVELS:
            raise fail(where, f"unknown level '{level}' (known: {', '.join(LEVELS)})")
        when = entry.get("when")
        if not isinstance(when, dict):
            raise fail(where, "`when` must be a mapping of question: expected answer ({} = always)")
        conditions = tuple(_condition(q, v, fail, where) for q, v in when.items())
        text = entry.get(text_key)
        _check_template(text, placeholders, fail, f"{where} {text_key}")
        unsure = entry.get("reason_if_unsure")
        if unsure is not None:
            _check_template(unsure, placeholders, fail, f"{where} reason_if_unsure")
        rules.append(
            Rule(rule_id, level, conditions, text.strip(), unsure.strip() if unsure else None)
        )
    return rules


def _condition(question: Any, expected: Any, fail: Any, where: str) -> Condition:
    if question not in QUESTIONS:
        raise fail(where, f"unknown condition '{question}' (known: {', '.join(QUESTIONS)})")
    if question in BOOL_QUESTIONS:
        if not isinstance(expected, bool):
            raise fail(where, f"condition '{question}' must be true or false, not {expected!r}")
        return Condition(question, any_of=(expected,))
    if question in CHOICES:
        values = expected if isinstance(expected, list) else [expected]
        bad = [v for v in values if v not in CHOICES[question]]
        if bad or not values:
            raise fail(
                where,
                f"condition '{question}' must be one of {', '.join(CHOICES[question])}, "
                f"not {bad[0] if bad else values!r}",
            )
        return Condition(question, any_of=tuple(values))
    # duration_months: a range
    if not isinstance(expected, dict) or not expected or set(expected) - set(RANGE_KEYS):
        raise fail(
            where, f"condition '{question}' must be a range like {{at_least: 12}} or {{below: 12}}"
        )
    for key, number in expected.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0:
            raise fail(where, f"condition '{question}' {key} must be a number of months >= 0")
    return Condition(question, at_least=expected.get("at_least"), below=expected.get("below"))


def _check_template(text: Any, allowed: frozenset[str], fail: Any, where: str) -> None:
    if not isinstance(text, str) or not text.strip():
        raise fail(where, "is missing or not text")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise fail(where, f"has a broken {{placeholder}}: {error}") from None
    unknown = sorted(names - allowed)
    if unknown:
        known = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
        raise fail(where, f"unknown placeholder {{{unknown[0]}}} (allowed: {known})")


# --- deciding --------------------------------------------------------------------------------


def recommend(answers: TriageAnswers, rules: RuleBook | None = None) -> Recommendation:
    """The level of the first rule that holds, with the reasons of every rule of that level."""
    book = rules or default_rules()
    missing = [q for q in book.required if getattr(answers, q) is None]
    if missing:
        raise ValueError(f"triage needs an answer to {', '.join(missing)} before recommending")
    values = answers.values()
    holding = [rule for rule in book.rules if rule.holds(values)]
    level = holding[0].level  # the last rule always holds
    chosen = [rule for rule in holding if rule.level == level][: book.max_reasons]
    words = _placeholder_values(answers)
    reasons = tuple(_reason(rule, answers, words) for rule in chosen)
    notes = [n.text.format_map(words) for n in book.notes if n.level == level and n.holds(values)]
    return Recommendation(
        level=level,
        label=book.labels[level],
        reasons=reasons,
        person=answers.person,
        rules=tuple(rule.id for rule in chosen),
        note=" ".join(notes) or None,
    )


def _reason(rule: Rule, answers: TriageAnswers, words: Mapping[str, str]) -> str:
    unsure = rule.text_if_unsure and any(
        parsing.answered_unsure(q, answers.said.get(q, "")) for q in rule.questions
    )
    return (rule.text_if_unsure if unsure else rule.text).format_map(words)  # type: ignore[union-attr]


def _placeholder_values(answers: TriageAnswers) -> dict[str, str]:
    """Words for the reasons: the person's own where the parsers can quote them consistently."""
    said = answers.said
    self_ = answers.person == "self"

    def quoted(question: str) -> str:
        text = said.get(question, "")
        return text if parsing.PARSERS[question](text) == getattr(answers, question) else ""

    symptoms = parsing.withdrawal_symptoms(quoted("withdrawal")) or ()
    conditions = parsing.co_occurring_conditions(quoted("co_occurring")) or ()
    months = answers.duration_months
    return {
        "they": "you" if self_ else "they",
        "their": "your" if self_ else "their",
        "duration": parsing.duration_phrase(quoted("duration_months"))
        or (months_phrase(months) if months is not None else "for some time"),
        "symptoms": f" like {join_words(symptoms[:3])}" if symptoms else "",
        "conditions": join_words(conditions[:3]) or "mental-health or medical needs",
        "treatment": parsing.treatment_phrase(quoted("prior_treatment")) or "earlier treatment",
    }


def months_phrase(months: float) -> str:
    """72 -> "for about 6 years"; 3 -> "for about 3 months"; 0.5 -> "for about 2 weeks"."""
    if months < 1:
        weeks = max(1, round(months * 52 / 12))
        return f"for about {weeks} week{'s' if weeks != 1 else ''}"
    if months < 24:
        count = round(months)
        if count == 12:
            return "for about a year"
        return f"for about {count} month{'s' if count != 1 else ''}"
    return f"for about {round(months / 12)} years"


def join_words(words: Iterable[str]) -> str:
    """("a",) -> "a"; ("a", "b") -> "a and b"; ("a", "b", "c") -> "a, b and c"."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def join_reasons(reasons: Iterable[str]) -> str:
    """Merge "you mentioned" reasons into one, then join: "you mentioned A and B, and C"."""
    mentioned = [r[len(MENTIONED) :] for r in reasons if r.startswith(MENTIONED)]
    parts: list[str] = []
    for reason in reasons:
        if not reason.startswith(MENTIONED):
            parts.append(reason)
        elif mentioned:
            parts.append(MENTIONED + join_words(mentioned))
            mentioned = []
    if len(parts) <= 1:
        return "".join(parts)
    glue = ", and " if any(" and " in p for p in parts) or len(parts) > 2 else " and "
    return f"{', '.join(parts[:-1])}{glue}{parts[-1]}"


# --- replies ---------------------------------------------------------------------------------


def explanation(rec: Recommendation, rules: RuleBook | None = None) -> str:
    """One short reply: the level in bold, why in plain words, and that it is not a diagnosis."""
    return " ".join(part for part in explanation_parts(rec, rules) if part)


def explanation_parts(rec: Recommendation, rules: RuleBook | None = None) -> tuple[str, str]:
    """(the level and why, that it is not a diagnosis): sent as two messages, so that a short
    channel (SMS) that keeps each message's first sentence never drops the disclaimer."""
    book = rules or default_rules()
    lead = f"{book.articles[rec.level]} **{rec.label}**".strip()
    words = {
        "they": "you" if rec.person == "self" else "they",
        "their": "your" if rec.person == "self" else "their",
    }
    opening = book.opening[rec.person].format(
        level=lead, reasons=join_reasons(list(rec.reasons)), **words
    )
    return " ".join(part for part in (opening, rec.note) if part), book.disclaimer


def summary(answers: TriageAnswers, rules: RuleBook | None = None) -> str:
    """Plain text for an intake request: the answers as words, never the raw free text."""
    book = rules or default_rules()
    said = answers.said

    def yes_no(question: str, details: Iterable[str] = ()) -> str:
        value = getattr(answers, question)
        if value is None:
            return "not answered"
        words = "yes" if value else "no"
        if parsing.answered_unsure(question, said.get(question, "")):
            return (
                f"{words} (not sure; counted as {words} to be safe)"
                if value
                else f"{words} (not sure)"
            )
        details = list(details)
        return f"{words} ({', '.join(details)})" if details and value else words

    months = answers.duration_months
    duration = "not answered"
    if months is not None:
        quoted = parsing.duration_phrase(said.get("duration_months", ""))
        duration = (quoted or months_phrase(months)).removeprefix("for ")
    prior = {
        None: "not answered",
        "none": "none",
        "treated": "yes, no relapse mentioned",
        "relapsed_after_lower": "yes, then relapsed",
    }[answers.prior_treatment]
    treatment = parsing.treatment_phrase(said.get("prior_treatment", ""))
    if treatment and answers.prior_treatment in ("treated", "relapsed_after_lower"):
        prior += f" ({treatment})"
    symptoms = parsing.withdrawal_symptoms(said.get("withdrawal", "")) or ()
    conditions = parsing.co_occurring_conditions(said.get("co_occurring", "")) or ()
    try:
        suggested = recommend(answers, book).label
    except ValueError:
        suggested = "not enough answers yet"
    lines = [
        "Triage summary (screening only, not a diagnosis)",
        f"For: {_FOR_WHOM[answers.for_whom]}",
        f"In danger right now: {yes_no('danger')}",
        f"Withdrawal symptoms: {yes_no('withdrawal', symptoms)}",
        f"Substance use a problem for: {duration}",
        f"Previous treatment: {prior}",
        f"Mental-health or medical needs: {yes_no('co_occurring', conditions)}",
        f"Home safe and supportive: {yes_no('home_safe')}",
        f"Can give 9 to 20 hours a week: {yes_no('time_available')}",
        f"Substances mentioned: {', '.join(answers.substances) or 'none named'}",
        f"Suggested starting point: {suggested}",
    ]
    return "\n".join(lines)


def main() -> int:
    try:
        book = load_rules(RULES_FILE)
    except TriageRulesError as error:
        print(f"triage rules error: {error}", file=sys.stderr)
        return 1
    print(f"triage rules OK: {len(book.rules)} rules, {len(book.notes)} notes in {book.source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
