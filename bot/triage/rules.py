"""The triage rules file, `rules.yml` next to this module (how it is read is written at its
top): loaded and validated once; a broken edit raises `TriageRulesError` naming the rule and the
problem, so it never reaches a visitor. `python -m bot.triage` checks it (__main__.py)."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from bot.triage.models import BOOL_QUESTIONS, CHOICES, LEVELS, PERSONS, QUESTIONS, Level

RULES_FILE = Path(__file__).with_name("rules.yml")
RANGE_KEYS = ("at_least", "below")
REASON_PLACEHOLDERS = frozenset(
    {"they", "their", "duration", "symptoms", "conditions", "treatment"}
)
NOTE_PLACEHOLDERS = frozenset({"they", "their"})
OPENING_PLACEHOLDERS = frozenset({"level", "reasons", "they", "their"})
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = ("version", "levels", "dimensions", "required", "rules", "notes", "explanation")


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
