"""The triage rules file, `rules.yml` next to this module (how it is read is written at its
top): loaded and validated once; a broken edit raises `TriageRulesError` naming the rule and the
problem, so it never reaches a visitor. `python -m bot.triage` checks it (__main__.py).

Translations (`rules.es.yml`) hold only words: the same rule ids with their texts, the levels'
labels, the opening, the disclaimer and the phrases. `default_rules("es")` is the same book
speaking Spanish, so the decision can never differ between languages."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from bot.triage.models import BOOL_QUESTIONS, CHOICES, LEVELS, PERSONS, QUESTIONS, Level

RULES_FILE = Path(__file__).with_name("rules.yml")
DEFAULT_LANGUAGE = "en"  # the language of rules.yml
RANGE_KEYS = ("at_least", "below")
REASON_PLACEHOLDERS = frozenset(
    {"they", "their", "duration", "symptoms", "conditions", "treatment"}
)
NOTE_PLACEHOLDERS = frozenset({"they", "their"})
_PRONOUNS = NOTE_PLACEHOLDERS
OPENING_PLACEHOLDERS = frozenset({"level", "reasons", "they", "their"})
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = (
    "version", "levels", "dimensions", "required", "rules", "notes", "explanation", "phrases",
)  # fmt: skip
_TRANSLATION_KEYS = (
    "version", "language", "translated_by", "translation_reviewed", "levels", "reasons", "notes",
    "explanation", "phrases",
)  # fmt: skip
# phrases: key -> its placeholders (a mapping of keys when the phrase has parts)
_PHRASES: dict[str, Any] = {
    "they": {"self": (), "loved_one": ()},
    "their": {"self": (), "loved_one": ()},
    "mentioned": (),
    "and": (),
    "symptoms": ("names",),
    "some_time": (),
    "needs": (),
    "earlier_treatment": (),
    "duration": {"week": (), "weeks": ("n",), "month": (), "months": ("n",), "year": (),
                 "years": ("n",)},
    "confirm": {"self": (), "loved_one": (), "relapsed_after": ("treatment",),
                "earlier": ("treatment",), "no_treatment": (), "no_needs": (),
                "drop_before_duration": ()},
}  # fmt: skip


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
class Phrases:
    """The small words around the reasons, in the book's language (rules.yml `phrases`)."""

    they: Mapping[str, str]  # person -> "you" / "they"
    their: Mapping[str, str]
    mentioned: str  # "you mentioned "
    and_: str
    symptoms: str  # " like {names}"
    some_time: str
    needs: str
    earlier_treatment: str
    duration: Mapping[str, str]  # "weeks" -> "for about {n} weeks"
    confirm: Mapping[str, str]
    names: Mapping[str, str]  # a reader's name -> the words shown ("the shakes" -> "temblores")

    def name(self, name: str) -> str:
        return self.names.get(name, name)


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
    phrases: Phrases
    language: str = DEFAULT_LANGUAGE
    translated_by: str | None = None
    translation_reviewed: str | None = None


def load_rules(path: Path | str = RULES_FILE) -> RuleBook:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TriageRulesError(str(path), None, "is missing") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise TriageRulesError(str(path), None, f"not valid YAML: {error}") from None
    return rules_from_dict(raw, source=str(path))


def translation_file(language: str) -> Path:
    return RULES_FILE.with_name(f"rules.{language}.yml")


def default_rules(language: str | None = DEFAULT_LANGUAGE) -> RuleBook:
    """The reviewed rules, loaded and validated once, in `language` (English for None or a
    language without a translation file)."""
    known = language and re.fullmatch(r"[a-z]{2}", language) and translation_file(language).exists()
    return _book(language if known and language != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE)


@cache
def _book(language: str) -> RuleBook:
    if language == DEFAULT_LANGUAGE:
        return load_rules(RULES_FILE)
    return load_translation(_book(DEFAULT_LANGUAGE), translation_file(language))


def load_translation(book: RuleBook, path: Path | str) -> RuleBook:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TriageRulesError(str(path), None, "is missing") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise TriageRulesError(str(path), None, f"not valid YAML: {error}") from None
    return translated(book, raw, source=str(path))


def translated(book: RuleBook, raw: Any, source: str = "triage translation") -> RuleBook:
    """`book` with the words of a translation file: every rule and note of `book` needs its
    text, with the same placeholders; nothing that decides a level can be changed here."""

    def fail(where: str | None, problem: str) -> TriageRulesError:
        return TriageRulesError(source, where, problem)

    _check_sections(raw, _TRANSLATION_KEYS, fail)
    language = raw.get("language")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}", language):
        raise fail("language", "must be a two-letter language code like 'es'")
    if not isinstance(raw.get("translated_by"), str) or not raw["translated_by"].strip():
        raise fail("translated_by", "must say who translated the rules")
    reviewed = raw.get("translation_reviewed")
    reviewed = str(reviewed) if reviewed else None

    levels = _mapping(raw.get("levels"), fail, "levels")
    if set(levels) != set(LEVELS):
        raise fail("levels", f"must define exactly {', '.join(LEVELS)}")
    labels = {}
    articles = {}
    for level in LEVELS:
        entry = _mapping(levels[level], fail, f"level '{level}'")
        _check_template(entry.get("label"), frozenset(), fail, f"level '{level}' label")
        labels[level] = entry["label"].strip()
        articles[level] = str(entry.get("article") or "").strip()

    reasons = _mapping(raw.get("reasons"), fail, "reasons")
    rules = []
    for rule in book.rules:
        where = f"reason '{rule.id}'"
        entry = _mapping(reasons.get(rule.id), fail, where)
        _check_same_template(entry.get("reason"), rule.text, fail, f"{where} reason")
        unsure = entry.get("reason_if_unsure")
        if (unsure is None) != (rule.text_if_unsure is None):
            raise fail(where, "needs reason_if_unsure exactly when rules.yml has one")
        if unsure is not None:
            _check_same_template(unsure, rule.text_if_unsure, fail, f"{where} reason_if_unsure")
        rules.append(_replaced(rule, entry["reason"], unsure))
    extra = sorted(set(reasons) - {rule.id for rule in book.rules})
    if extra:
        raise fail(f"reason '{extra[0]}'", "is not a rule of rules.yml")
    note_texts = _mapping(raw.get("notes") or {}, fail, "notes")
    notes = []
    for note in book.notes:
        _check_same_template(note_texts.get(note.id), note.text, fail, f"note '{note.id}'")
        notes.append(_replaced(note, note_texts[note.id], None))
    extra = sorted(set(note_texts) - {note.id for note in book.notes})
    if extra:
        raise fail(f"note '{extra[0]}'", "is not a note of rules.yml")

    explanation = _mapping(raw.get("explanation"), fail, "explanation")
    opening = _mapping(explanation.get("opening"), fail, "explanation.opening")
    if set(opening) != set(PERSONS):
        raise fail("explanation.opening", f"must have exactly {', '.join(PERSONS)}")
    for person in PERSONS:
        _check_same_template(
            opening[person], book.opening[person], fail, f"explanation.opening.{person}"
        )
    disclaimer = explanation.get("disclaimer")
    _check_template(disclaimer, frozenset(), fail, "explanation.disclaimer")
    return replace(
        book,
        source=source,
        labels=MappingProxyType(labels),
        articles=MappingProxyType(articles),
        rules=tuple(rules),
        notes=tuple(notes),
        opening=MappingProxyType({p: opening[p].strip() for p in PERSONS}),
        disclaimer=disclaimer.strip(),
        phrases=_phrases(raw.get("phrases"), fail),
        language=language,
        translated_by=raw["translated_by"].strip(),
        translation_reviewed=reviewed,
    )


def _replaced(rule: Rule, text: str, unsure: str | None) -> Rule:
    return replace(rule, text=text.strip(), text_if_unsure=unsure.strip() if unsure else None)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _check_same_template(text: Any, original: str, fail: Any, where: str) -> None:
    """A translated text: present, with the placeholders of the original and no others;
    {they} / {their} may be left out (a Spanish verb needs no subject)."""
    expected = frozenset(_placeholders(original))
    _check_template(text, expected, fail, where)
    missing = sorted(expected - _placeholders(text) - _PRONOUNS)
    if missing:
        raise fail(where, f"misses the placeholder {{{missing[0]}}} of rules.yml")


def _phrases(raw: Any, fail: Any) -> Phrases:
    section = _mapping(raw, fail, "phrases")
    values: dict[str, Any] = {}
    for key, spec in _PHRASES.items():
        where = f"phrases.{key}"
        if isinstance(spec, dict):
            parts = _mapping(section.get(key), fail, where)
            if set(parts) != set(spec):
                raise fail(where, f"must have exactly {', '.join(spec)}")
            for part, names in spec.items():
                _check_phrase(parts[part], frozenset(names), fail, f"{where}.{part}")
            values[key] = MappingProxyType({part: str(parts[part]) for part in spec})
        else:
            _check_phrase(section.get(key), frozenset(spec), fail, where)
            values[key] = str(section[key])
    names = section.get("names") or {}
    if not isinstance(names, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in names.items()
    ):
        raise fail("phrases.names", "must map each name to its words")
    values["and_"] = values.pop("and")
    return Phrases(**values, names=MappingProxyType(dict(names)))


def _check_phrase(text: Any, allowed: frozenset[str], fail: Any, where: str) -> None:
    """Like `_check_template`, but a phrase may be empty ("" drops nothing) or padded."""
    if not isinstance(text, str):
        raise fail(where, "is missing or not text")
    if text.strip():
        _check_template(text, allowed, fail, where)


def rules_from_dict(raw: Any, source: str = "triage rules") -> RuleBook:
    def fail(where: str | None, problem: str) -> TriageRulesError:
        return TriageRulesError(source, where, problem)

    _check_sections(raw, _TOP_KEYS, fail)

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
    phrases = _phrases(raw.get("phrases"), fail)

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
        phrases=phrases,
    )


def _check_sections(raw: Any, known: tuple[str, ...], fail: Any) -> None:
    """A rules file's top: a mapping of known sections, version 1."""
    if not isinstance(raw, dict):
        raise fail(None, "must be a mapping")
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise fail(None, f"unknown section '{unknown[0]}' (known: {', '.join(known)})")
    if raw.get("version") != 1:
        raise fail("version", "must be 1")


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
