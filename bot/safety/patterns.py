"""The crisis patterns files (`crisis_patterns.yml`, English; `crisis_patterns_es.yml`,
Spanish; next to this module): loaded, checked and merged into one `PatternSet`. What the
files hold is described at the top of each file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.safety.models import NOT_CRISIS, CrisisKind, PatternError
from bot.safety.tiers import TierCues

PATTERNS_FILE = Path(__file__).with_name("crisis_patterns.yml")
# one patterns file per language; all of them are applied to every message
PATTERNS_FILES: tuple[Path, ...] = (
    PATTERNS_FILE,
    Path(__file__).with_name("crisis_patterns_es.yml"),
)


@dataclass(frozen=True)
class PatternSet:
    rules: dict[str, dict[str, list[list[dict[str, Any]]]]]  # kind -> rule -> patterns
    words: dict[str, str]
    phrases: dict[str, str]
    fuzzy: list[str]
    language: dict[str, str] = field(default_factory=dict)  # rule -> language ("en" if absent)
    tiers: dict[str, TierCues] = field(default_factory=dict)  # language -> cue words

    def vocabulary(self, kinds: Iterable[str]) -> set[str]:
        """Every literal word the patterns of these kinds look for (LOWER/LEMMA/ORTH/NORM)."""
        found: set[str] = set()
        for kind in kinds:
            for patterns in self.rules.get(kind, {}).values():
                for pattern in patterns:
                    for token in pattern:
                        found.update(_literals(token))
        return found


def _literals(token: Mapping[str, Any]) -> Iterator[str]:
    for attr in ("LOWER", "LEMMA", "ORTH", "NORM"):
        value = token.get(attr)
        if isinstance(value, str):
            yield value.lower()
        elif isinstance(value, Mapping):
            for item in value.get("IN", []) or []:
                if isinstance(item, str):
                    yield item.lower()


def _check_literals(token: Mapping[str, Any], where: str) -> None:
    """Every word must be a string: YAML 1.1 reads on/off/no/yes as booleans and 2 as an int."""
    for attr, value in token.items():
        if attr == "OP" or attr.startswith("IS_"):
            continue
        if isinstance(value, Mapping):
            items = [*value.get("IN", []), *value.get("NOT_IN", [])]
            items += [value["REGEX"]] if "REGEX" in value else []
        else:
            items = [value]
        for item in items:
            if not isinstance(item, str):
                raise PatternError(f"{where}: {attr} value {item!r} is not a string (quote it)")


def load_patterns(path: Path = PATTERNS_FILE, complete: bool = True) -> PatternSet:
    """One patterns file. `complete`: every kind must have rules (the English file); a file for
    another language (`language: es` at the top) may cover only some kinds."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise PatternError(f"{path}: expected a mapping at the top level")
    kinds = [k.value for k in CrisisKind] + [NOT_CRISIS]
    unknown = set(raw) - set(kinds) - {"spelling", "tokens", "language", "tiers"}
    if unknown:
        raise PatternError(f"{path}: unknown sections {sorted(unknown)}")
    language = str(raw.get("language") or "en")
    rules: dict[str, dict[str, list[list[dict[str, Any]]]]] = {}
    for kind in kinds:
        section = raw.get(kind) or {}
        if complete and kind != NOT_CRISIS and not section:
            raise PatternError(f"{path}: section {kind!r} has no rules")
        rules[kind] = {}
        for rule, patterns in section.items():
            if not isinstance(patterns, list) or not all(
                isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns
            ):
                raise PatternError(f"{path}: {kind}.{rule} must be a list of token patterns")
            for pattern in patterns:
                for token in pattern:
                    _check_literals(token, f"{path}: {kind}.{rule}")
            rules[kind][str(rule)] = patterns
    spelling = raw.get("spelling") or {}
    tiers: dict[str, TierCues] = {}
    if "tiers" in raw:  # without cue words, every match of this language is danger now
        try:
            tiers[language] = TierCues.from_yaml(raw["tiers"] or {}, "tiers")
        except ValueError as error:
            raise PatternError(f"{path}: {error}") from error
    return PatternSet(
        rules=rules,
        words={str(k): str(v) for k, v in (spelling.get("words") or {}).items()},
        phrases={str(k): str(v) for k, v in (spelling.get("phrases") or {}).items()},
        fuzzy=[str(w).lower() for w in spelling.get("fuzzy") or []],
        language={rule: language for section in rules.values() for rule in section},
        tiers=tiers,
    )


def load_pattern_files(paths: Iterable[Path] = PATTERNS_FILES) -> PatternSet:
    """The first file (English) complete, then one file per other language, merged; a rule name
    may appear in one file only (its language is the file's)."""
    sets = [load_patterns(Path(path), complete=i == 0) for i, path in enumerate(paths)]
    merged = PatternSet({}, {}, {}, [], {}, {})
    for one, path in zip(sets, paths):
        for kind, section in one.rules.items():
            clash = set(section) & set(merged.rules.get(kind, {}))
            if clash:
                raise PatternError(f"{path}: rule names already used: {sorted(clash)}")
            merged.rules.setdefault(kind, {}).update(section)
        merged.words.update(one.words)
        merged.phrases.update(one.phrases)
        merged.fuzzy.extend(one.fuzzy)
        merged.language.update(one.language)
        clash = set(one.tiers) & set(merged.tiers)
        if clash:
            raise PatternError(f"{path}: a second patterns file for language {sorted(clash)}")
        merged.tiers.update(one.tiers)
    return merged
