"""Deterministic crisis check, run on every user message before anything else.

The vocabulary of danger lives in one file per language (`crisis_patterns.yml` for English,
`crisis_patterns_es.yml` for Spanish, next to this module; every message is checked against
both, whatever the language of the conversation): spaCy `Matcher` token patterns over LOWER /
LEMMA, grouped by kind (`overdose`, `medical`, `self_harm`, `violence`), plus `not_crisis`
patterns for figures of speech ("this wait is killing me") that veto crisis matches (rule 1
below). This module only normalises the text (normalise.py), runs the project's tokenizer +
lookup lemmatizer and the matcher (matcher.py), and resolves the matches:

1. a crisis match whose last token is covered by a `not_crisis` match is dropped (the veto
   explains how the phrase ends: "dying [to know]", "shoot [me an email]");
2. a match that lies strictly inside a longer match of another kind is dropped (the longer
   one has more context: "i'm going to overdose" is intent, not an overdose in progress);
3. each match left is read as happening now or not (tiers.py: negation, tense, figures of
   speech, who it is about);
4. any match happening now makes the message DANGER_NOW; of those, the most urgent kind wins:
   overdose > medical > self_harm > violence (an overdose or a medical emergency such as
   dangerous withdrawal needs 911 first); within a kind, the earliest and then the longest
   match. The signal carries the language of the file the winning pattern came from, so the
   reply can be given in that language;
5. otherwise, risk words that are not happening now (matches read as past, negated or
   figurative, or vetoed in rule 1) make the message MENTIONED: the question is answered, and
   `own` says whether it is the person's own past (one calm closing line, bot/content/answers.py);
6. when the patterns find nothing at all (no risk words, no figure of speech), the learned
   back-up (backstop.py) reads the message: if it fires, the message is DANGER_NOW with no kind
   (the reply gives 911 and 988 together) in the message's likely language. It never overrides
   rules 1-5: a message the rules read as not now stays not now.

`detect()` gives danger-now signals only, `assess()` either tier. Neither raises: if the check
itself fails (a bug), it logs the error and fails closed with a SELF_HARM signal (whose reply
lists 988, 911 and the 24/7 line): a missed crisis is far worse than an extra safety message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from enum import Enum
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bot.safety.backstop import Backstop, load_backstop
from bot.safety.matcher import GatedMatcher
from bot.safety.models import (
    NOT_CRISIS,
    PRIORITY,
    CrisisKind,
    CrisisMatch,
    CrisisSignal,
    PatternError,
    Tier,
)
from bot.safety.normalise import Normaliser, known_words, likely_language
from bot.safety.patterns import PATTERNS_FILES, load_pattern_files
from bot.safety.tiers import TierReader

log = logging.getLogger(__name__)

# Long messages are matched in overlapping windows, which bounds the cost of the Matcher's "*"
# operators on long runs of filler words. Any match up to OVERLAP tokens long lies wholly
# inside some window. Typical messages are one window.
WINDOW = 96
OVERLAP = 32


class Default(Enum):
    BACKSTOP = "the trained back-up of build/safety/ (backstop.load_backstop)"


class CrisisDetector:
    """Finds signs of danger in a user message. Pure and thread-compatible after construction."""

    def __init__(
        self,
        nlp: Language,
        patterns_files: Path | Iterable[Path] = PATTERNS_FILES,
        backstop: Backstop | Default | None = Default.BACKSTOP,
    ) -> None:
        """`backstop`: the learned back-up of rule 6; None checks with the rules only."""
        if "lemmatizer" not in nlp.pipe_names:
            raise PatternError("the crisis check needs a pipeline with a lookup lemmatizer")
        self._nlp = nlp
        self.backstop = load_backstop() if backstop is Default.BACKSTOP else backstop
        self._lemmatizer = nlp.get_pipe("lemmatizer")
        files = [patterns_files] if isinstance(patterns_files, Path) else list(patterns_files)
        self.patterns = load_pattern_files(files)
        self._matcher = GatedMatcher(nlp.vocab)
        self._tiers = TierReader(nlp.vocab, self.patterns.tiers)
        self._rule_of: dict[int, tuple[str, str]] = {}
        for kind, rules in self.patterns.rules.items():
            for rule, patterns in rules.items():
                key = f"crisis:{kind}:{rule}"
                try:
                    self._matcher.add(key, patterns)
                except Exception as error:  # re-raised with the rule name
                    raise PatternError(f"{kind}.{rule}: {error}") from error
                self._rule_of[nlp.vocab.strings[key]] = (kind, rule)
        self._matcher.build()
        crisis_kinds = [k.value for k in CrisisKind]
        vocabulary = self.patterns.vocabulary(crisis_kinds)
        self.normalise = Normaliser(
            crisis_vocabulary=vocabulary,
            fuzzy_targets=[w for w in vocabulary if w.isalpha() and len(w) >= 6]
            + self.patterns.fuzzy,
            words=self.patterns.words,
            phrases=self.patterns.phrases,
            known_words=known_words(nlp),
        )

    @classmethod
    def from_model_dir(
        cls, path: str | Path, patterns_files: Path | Iterable[Path] = PATTERNS_FILES
    ) -> CrisisDetector:
        return cls(spacy.load(Path(path)), patterns_files)

    # public API -------------------------------------------------------------------------------

    def detect(self, text: str) -> CrisisSignal | None:
        """The most urgent sign of danger now in `text`, or None. Never raises."""
        signal = self.assess(text)
        return signal if signal is not None and signal.tier is Tier.DANGER_NOW else None

    def assess(self, text: str) -> CrisisSignal | None:
        """The tier of `text`: a danger-now signal, a "risk mentioned, not now" signal
        (`tier` MENTIONED, `own`: the person's own past), or None. Never raises."""
        try:
            matches = self._matches(text)
            signal = self._resolve(matches)
            if signal is None and not matches and self.backstop is not None:
                signal = self._learned(text)
            return signal
        except Exception:  # the safety net must not take the turn down
            log.exception("crisis check failed; failing closed with the safety message")
            return CrisisSignal(CrisisKind.SELF_HARM, "")

    def detect_doc(self, doc: Doc) -> CrisisSignal | None:
        """Same as `detect` for a Doc the pipeline already processed (e.g. Rasa's).

        The text is normalised and re-tokenised, because normalisation changes tokens
        ("dont" -> "don't", "overdosd" -> "overdosed"); that costs well under a millisecond.
        """
        try:
            text = doc.text
        except Exception:
            log.exception("crisis check got something that is not a Doc")
            return CrisisSignal(CrisisKind.SELF_HARM, "")
        return self.detect(text)

    def matches(self, text: str) -> list[CrisisMatch]:
        """All raw matches (crisis and not_crisis) before resolution, for reports and tests."""
        return self._matches(text)

    # internals --------------------------------------------------------------------------------

    def _doc(self, text: str) -> Doc:
        doc = self._nlp.make_doc(self.normalise(text if isinstance(text, str) else str(text)))
        return self._lemmatizer(doc)

    def _matches(self, text: str) -> list[CrisisMatch]:
        if not text or not str(text).strip():
            return []
        doc = self._doc(text)
        raw: set[tuple[int, int, int]] = set()
        for offset in range(0, max(len(doc) - OVERLAP, 1), WINDOW - OVERLAP):
            window = doc[offset : offset + WINDOW]
            raw.update((m, offset + s, offset + e) for m, s, e in self._matcher(window))
        found = []
        for match_id, start, end in sorted(raw, key=lambda r: (r[1], r[2], r[0])):
            kind, rule = self._rule_of[match_id]
            span = doc[start:end]
            while len(span) > 1 and span[-1].is_punct:  # the " ." sentinel, a comma ...
                span = span[:-1]
            language = self.patterns.language.get(rule, "en")
            found.append(CrisisMatch(kind, rule, start, end, span.text, language))
        crisis = [i for i, m in enumerate(found) if m.kind != NOT_CRISIS]
        readings = self._tiers.read(
            doc,
            [(m.kind, m.rule, m.start, m.end, m.language) for m in (found[i] for i in crisis)],
            message_language=likely_language(text) if crisis else None,
        )
        for i, reading in zip(crisis, readings):
            found[i] = replace(found[i], reading=reading)
        return found

    def _learned(self, text: str) -> CrisisSignal | None:
        if self.backstop is None or not isinstance(text, str) or not self.backstop.fires(text):
            return None
        return CrisisSignal(None, self.backstop.strongest_sentence(text), likely_language(text))

    @staticmethod
    def _resolve(matches: list[CrisisMatch]) -> CrisisSignal | None:
        vetoes = [m for m in matches if m.kind == NOT_CRISIS]
        crisis = [
            m
            for m in matches
            if m.kind != NOT_CRISIS and not any(v.start < m.end <= v.end for v in vetoes)
        ]
        kept = [
            m
            for m in crisis
            if not any(
                o.kind != m.kind
                and o.start <= m.start
                and m.end <= o.end
                and (o.end - o.start) > (m.end - m.start)
                for o in crisis
            )
        ]
        now = [m for m in kept if m.reading is None or m.reading.now]
        chosen, tier = (now, Tier.DANGER_NOW) if now else (kept, Tier.MENTIONED)
        own = any(m.reading is None or m.reading.own for m in chosen)
        if not chosen:  # only vetoed: figures of speech ("dying to know"), long-ago overdoses
            chosen = [m for m in matches if m.kind != NOT_CRISIS]
            # the person's own past only if every reading of it as past says so: a Spanish
            # sentence also read by the English cues ("mi hermano se suicidó en 2019") is
            # someone else's when the Spanish reading knows "mi hermano"
            past = [m.reading for m in chosen if m.reading is not None and m.reading.why == "past"]
            own = bool(past) and all(reading.own for reading in past)
        for kind in PRIORITY:
            of_kind = [m for m in chosen if m.kind == kind.value]
            if of_kind:
                best = min(of_kind, key=lambda m: (m.start, -(m.end - m.start)))
                return CrisisSignal(kind, best.text, best.language, tier, own)
        return None
