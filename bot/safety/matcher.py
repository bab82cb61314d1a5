"""A spaCy `Matcher` that skips the patterns a message cannot match: the crisis check's speed.

Every pattern needs some words: a token it must match (no `?`, `*` or `!` operator) that
lists its words (LOWER / TEXT / ORTH / LEMMA / NORM, one word or an IN list). The rarest such
token (fewest common words, then fewest words) is the pattern's gate. Patterns are packed into
small matchers whose gates share words, at most GROUP_WORDS gate words per matcher; a message
runs only the matchers whose gate words it contains (as a token's lower, text, lemma or norm
form). A pattern without such a token is always run.

The matches are exactly the plain Matcher's (tests/safety/test_matcher.py compares them on every
committed message); the plain Matcher evaluates every pattern's first token on every token,
which made the check take about 2 ms a message, most of it on patterns that could not match.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as SPANISH_STOP_WORDS
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

WORD_ATTRS = ("LOWER", "TEXT", "ORTH", "LEMMA", "NORM")
OPTIONAL = frozenset({"?", "*", "!"})
COMMON = frozenset(ENGLISH_STOP_WORDS | SPANISH_STOP_WORDS) | {".", ",", "!", "?", "'s", "n't"}
GROUP_WORDS = 30

Pattern = list[dict[str, Any]]


def words_of(token: Mapping[str, Any]) -> frozenset[str] | None:
    """The words a token pattern accepts (any attribute), or None if it does not list them."""
    words: set[str] = set()
    listed = False
    for attr in WORD_ATTRS:
        value = token.get(attr)
        if isinstance(value, str):
            words.add(value.lower())
            listed = True
        elif isinstance(value, Mapping) and "IN" in value:
            words.update(str(w).lower() for w in value["IN"])
            listed = True
    return frozenset(words) if listed else None


def gate_of(pattern: Pattern) -> frozenset[str] | None:
    """The words of which a message must hold one for `pattern` to match; None: no such set."""
    candidates = [
        words
        for token in pattern
        if token.get("OP") not in OPTIONAL and (words := words_of(token)) is not None
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda words: (len(words & COMMON), len(words)))


def doc_words(doc: Doc | Span) -> set[str]:
    words: set[str] = set()
    for token in doc:
        words.update((token.lower_, token.text.lower(), token.lemma_.lower(), token.norm_.lower()))
    return words


class GatedMatcher:
    """`add(key, patterns)` as for a Matcher (validated at once), `build()`, then call it on a
    Doc or Span: (match_id, start, end) triples, as Matcher gives them."""

    def __init__(self, vocab: Vocab, group_words: int = GROUP_WORDS) -> None:
        self.vocab = vocab
        self.group_words = group_words
        self._pending: list[tuple[str, Pattern, frozenset[str] | None]] = []
        self._groups: list[tuple[frozenset[str], Matcher]] | None = None
        self._always: Matcher | None = None

    def add(self, key: str, patterns: Iterable[Pattern]) -> None:
        patterns = list(patterns)
        Matcher(self.vocab, validate=True).add(key, patterns)  # a bad pattern raises here
        self._pending += [(key, pattern, gate_of(pattern)) for pattern in patterns]
        self._groups = None

    @property
    def group_count(self) -> int:
        self.build()
        return len(self._groups or ())

    def __call__(self, doc: Doc | Span) -> list[tuple[int, int, int]]:
        self.build()
        assert self._groups is not None and self._always is not None
        present = doc_words(doc)
        found = set(self._always(doc))
        for gate, matcher in self._groups:
            if not gate.isdisjoint(present):
                found.update(matcher(doc))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    def build(self) -> None:
        """Packs the patterns into matchers (done once, on the first call if not before)."""
        if self._groups is not None:
            return
        packed: list[tuple[set[str], list[tuple[str, Pattern]]]] = []
        always = [(key, pattern) for key, pattern, gate in self._pending if gate is None]
        gated = [(key, pattern, gate) for key, pattern, gate in self._pending if gate is not None]
        for key, pattern, gate in sorted(gated, key=lambda item: (min(item[2]), len(item[2]))):
            best: tuple[int, tuple[set[str], list[tuple[str, Pattern]]]] | None = None
            for group in packed:
                overlap = len(group[0] & gate)
                fits = len(group[0] | gate) <= self.group_words
                if overlap and fits and (best is None or overlap > best[0]):
                    best = (overlap, group)
            if best is None:
                packed.append((set(gate), [(key, pattern)]))
            else:
                best[1][0].update(gate)
                best[1][1].append((key, pattern))
        self._groups = [(frozenset(words), self._matcher(members)) for words, members in packed]
        self._always = self._matcher(always)

    def _matcher(self, members: Iterable[tuple[str, Pattern]]) -> Matcher:
        matcher = Matcher(self.vocab)
        by_key: dict[str, list[Pattern]] = {}
        for key, pattern in members:
            by_key.setdefault(key, []).append(pattern)
        for key, patterns in by_key.items():
            matcher.add(key, patterns)
        return matcher
