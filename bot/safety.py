"""Deterministic crisis check, run on every user message before anything else.

The vocabulary of danger lives in one file per language (`bot/crisis_patterns.yml` for English,
`bot/crisis_patterns_es.yml` for Spanish; every message is checked against both, whatever the
language of the conversation): spaCy `Matcher` token patterns over LOWER / LEMMA, grouped by
kind (`overdose`, `medical`, `self_harm`, `violence`), plus `not_crisis` patterns for figures of
speech ("this wait is killing me") that veto crisis matches (rule 1 below). This module only
normalises the text, runs the project's tokenizer + lookup lemmatizer and the matcher, and
resolves the matches:

1. a crisis match whose last token is covered by a `not_crisis` match is dropped (the veto
   explains how the phrase ends: "dying [to know]", "shoot [me an email]");
2. a match that lies strictly inside a longer match of another kind is dropped (the longer
   one has more context: "i'm going to overdose" is intent, not an overdose in progress);
3. each match left is read as happening now or not (bot/crisis_tiers.py: negation, tense,
   figures of speech, who it is about);
4. any match happening now makes the message DANGER_NOW; of those, the most urgent kind wins:
   overdose > medical > self_harm > violence (an overdose or a medical emergency such as
   dangerous withdrawal needs 911 first); within a kind, the earliest and then the longest
   match. The signal carries the language of the file the winning pattern came from, so the
   reply can be given in that language;
5. otherwise, risk words that are not happening now (matches read as past, negated or
   figurative, or vetoed in rule 1) make the message MENTIONED: the question is answered, and
   `own` says whether it is the person's own past (one calm closing line, bot/answers.py).

`detect()` gives danger-now signals only, `assess()` either tier. Neither raises: if the check
itself fails (a bug), it logs the error and fails closed with a SELF_HARM signal (whose reply
lists 988, 911 and the 24/7 line): a missed crisis is far worse than an extra safety message.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as SPANISH_STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from bot.crisis_entities import (  # noqa: F401 - re-exported: the component's entity names
    CRISIS_KIND_ENTITY,
    CRISIS_LANGUAGE_ENTITY,
    OWN_PAST,
    RISK_MENTIONED_ENTITY,
)
from bot.crisis_matcher import GatedMatcher
from bot.crisis_tiers import Reading, Tier, TierCues, TierReader

log = logging.getLogger(__name__)

PATTERNS_FILE = Path(__file__).with_name("crisis_patterns.yml")
# one patterns file per language; all of them are applied to every message
PATTERNS_FILES: tuple[Path, ...] = (
    PATTERNS_FILE,
    Path(__file__).with_name("crisis_patterns_es.yml"),
)
NOT_CRISIS = "not_crisis"
# Long messages are matched in overlapping windows, which bounds the cost of the Matcher's "*"
# operators on long runs of filler words. Any match up to OVERLAP tokens long lies wholly
# inside some window. Typical messages are one window.
WINDOW = 96
OVERLAP = 32


class CrisisKind(str, Enum):
    SELF_HARM = "self_harm"
    OVERDOSE = "overdose"
    MEDICAL = "medical"  # withdrawal emergencies, seizures, chest pain after using
    VIOLENCE = "violence"


# Most urgent first: an overdose or medical emergency needs 911 before anything else.
PRIORITY: tuple[CrisisKind, ...] = (
    CrisisKind.OVERDOSE,
    CrisisKind.MEDICAL,
    CrisisKind.SELF_HARM,
    CrisisKind.VIOLENCE,
)


@dataclass(frozen=True)
class CrisisSignal:
    kind: CrisisKind
    matched: str  # the matched span text (of the normalised message)
    language: str = "en"  # of the patterns file that matched: the language to reply in
    tier: Tier = Tier.DANGER_NOW
    own: bool = True  # about the person writing (a "not now" mention: their own past)


@dataclass(frozen=True)
class CrisisMatch:
    """One pattern match, for diagnostics (`CrisisDetector.matches`)."""

    kind: str  # a CrisisKind value or NOT_CRISIS
    rule: str
    start: int
    end: int
    text: str
    language: str = "en"
    reading: Reading | None = None  # now or not now (bot/crisis_tiers.py), for crisis kinds


class PatternError(ValueError):
    """crisis_patterns.yml cannot be used."""


# --- normalisation ---------------------------------------------------------------------------

# zero-width and formatting characters, bidi controls, variation selectors, lone surrogates
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufe00-\ufe0f\ufeff\ud800-\udfff]"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_APOSTROPHES = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u02bb\u02b9`\u00b4\u2032", "'")
)
_SPACES = re.compile(r"\s+")
_INVERTED = re.compile("[\u00bf\u00a1]")  # Spanish opening ¿ and ¡
_LONG_CHUNK = re.compile(r"\S{48}")  # no word is this long; spaCy's tokenizer is slow on such runs
_LONG_RUN = re.compile(r"([a-z])\1{2,}")
_DOTTED_OD = re.compile(r"\bo\.d\.?(?=\W|$)")
_HYPHENATED_SUFFIX = re.compile(r"\b([a-z]{1,3})-(ing|ed|d)\b")  # od-ing, od-ed
_HYPHEN = re.compile(r"(?<=[a-z])[-_/]+(?=[a-z])")
_WORD = re.compile(r"[a-z0-9@$*]+(?:'[a-z]+)*")
_LEET = str.maketrans("013457@$", "oieastas")
_NUMBERISH = re.compile(
    r"^\d+(?:st|nd|rd|th|s|am|pm|mg|mcg|ml|x|k|h|hr|hrs|min|mins|yo|yr|yrs|g|lb|lbs|oz|d|m)?$"
)
_ENDS_WITH_STOP = re.compile(r"[.!?]$")

# Contractions written without apostrophes and SMS spellings. Only words that are not
# themselves common English words ("ill", "id", "were", "well" are handled in context).
_CONTRACTIONS: dict[str, str] = {
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "hadnt": "hadn't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "shouldnt": "shouldn't",
    "mustnt": "mustn't",
    "aint": "ain't",
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "youve": "you've",
    "theyre": "they're",
    "theyve": "they've",
    "hes": "he's",
    "shes": "she's",
    "thats": "that's",
    "whats": "what's",
    "theres": "there's",
    "wouldve": "would've",
    "couldve": "could've",
    "shouldve": "should've",
    "dnt": "don't",
    "dont't": "don't",
    "cnt": "can't",
    "wnt": "want",
    "wat": "what",
    "wanna": "want to",
    "wana": "want to",
    "wannna": "want to",
    "gonna": "going to",
    "gona": "going to",
    "gunna": "going to",
    "finna": "going to",
    "tryna": "trying to",
    "gotta": "got to",
    "hafta": "have to",
    "imma": "i'm going to",
    "ima": "i'm going to",
    "i'ma": "i'm going to",
    "u": "you",
    "ur": "your",
    "r": "are",
    "ya": "you",
    "yall": "y'all",
    "ppl": "people",
    "sum1": "someone",
    "some1": "someone",
    "every1": "everyone",
    "evry1": "everyone",
    "no1": "no one",
    "noone": "no one",
    "any1": "anyone",
    "b4": "before",
    "2nite": "tonight",
    "2night": "tonight",
    "tonite": "tonight",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrrw": "tomorrow",
    "2morrow": "tomorrow",
    "bc": "because",
    "cuz": "because",
    "anymor": "anymore",
    "nomore": "no more",
}
_WORD_BEFORE_VERB = re.compile(
    r"(^|[.!?,;:]\s*|\band\s|\bso\s|\bthen\s|\bbut\s)(ill|id)\s+"
    r"(?=just|kill|be|die|end|do|never|take|go|hurt|jump|make|shoot|rather|love|like|want|"
    r"stab|cut|hang|overdose|od|better|really|probably|not)"
)


class Normaliser:
    """Lowercases and repairs the spelling of a message so that patterns can stay simple.

    Repairs: NFKC (fullwidth/math letters), invisible and control characters, curly
    apostrophes, contractions without apostrophes ("dont"), SMS spelling ("wanna"),
    leetspeak and censoring inside words ("k1ll", "s*icide"), letters repeated for emphasis
    ("diiiie"), and single-edit typos of the crisis vocabulary ("overdosd", "suicidle") for
    words that are not English words in their own right. Appends " ." so that patterns can
    recognise the end of the message as a clause boundary.
    """

    def __init__(
        self,
        crisis_vocabulary: Iterable[str],
        fuzzy_targets: Iterable[str],
        words: Mapping[str, str],
        phrases: Mapping[str, str],
        known_words: Any,
    ) -> None:
        self._vocabulary = frozenset(crisis_vocabulary)
        self._words = {**_CONTRACTIONS, **{k.lower(): v.lower() for k, v in words.items()}}
        self._known = known_words  # supports `in`
        self._phrases = [
            (re.compile(r"\b" + r"\s+".join(map(re.escape, key.lower().split())) + r"\b"), value)
            for key, value in sorted(phrases.items(), key=lambda kv: -len(kv[0]))
        ]
        self._fuzzy: dict[str, str] = {}
        self._fuzzy_deletes: dict[str, str] = {}
        for target in sorted(set(fuzzy_targets), key=lambda t: (len(t), t)):
            if len(target) < 5:
                continue
            self._fuzzy.setdefault(target, target)
            for variant in _deletions(target):
                self._fuzzy_deletes.setdefault(variant, target)
        self._censor_words = sorted(w for w in self._vocabulary | set(self._fuzzy) if w.isalpha())

    def is_known(self, word: str) -> bool:
        return word in self._vocabulary or word in self._words or word in self._known

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFKC", text)
        text = _INVISIBLE.sub("", text)
        text = _strip_accents(_INVERTED.sub(" ", text))
        if not text.isascii():  # emoji and other symbols carry nothing the patterns use
            text = "".join(c if c.isascii() or _is_text(c) else " " for c in text)
        text = _CONTROL.sub(" ", text).translate(_APOSTROPHES).lower()
        text = _DOTTED_OD.sub("od", text)
        text = _HYPHENATED_SUFFIX.sub(r"\1\2", text)
        text = _HYPHEN.sub(" ", text)
        text = _LONG_RUN.sub(r"\1\1", text)
        text = _WORD.sub(self._fix_word, text)
        text = _WORD_BEFORE_VERB.sub(_expand_ill_id, text)
        for pattern, value in self._phrases:
            text = pattern.sub(value, text)
        text = _LONG_CHUNK.sub(lambda m: m.group(0) + " ", text)
        text = _SPACES.sub(" ", text).strip()
        if not _ENDS_WITH_STOP.search(text):
            text += " ."
        return text

    def _fix_word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        if word in self._words:
            return self._words[word]
        if word in self._vocabulary:
            return word
        if word.isalpha() and len(word) < 5 and not _has_double(word):
            return word
        if not word.replace("'", "").isalpha():
            word = self._unmask(word)
            if word in self._words:
                return self._words[word]
        if "'" in word or not word.isalpha() or self.is_known(word):
            return word
        return self._respell(word)

    def _unmask(self, word: str) -> str:
        """k1ll -> kill, s*icide -> suicide; numbers (30, 2nd, 10mg) are left alone."""
        if _NUMBERISH.match(word):
            return word
        if "*" in word:
            regex = re.compile("^" + re.escape(word).replace(r"\*", "[a-z]") + "$")
            found = [w for w in self._censor_words if regex.match(w)]
            if len(found) == 1:
                return found[0]
            word = word.replace("*", "")
        if any(c.isalpha() for c in word):
            leet = word.translate(_LEET)
            if leet.replace("'", "").isalpha():
                return leet
        return word

    def _respell(self, word: str) -> str:
        """Undo a doubled letter ("diee", "kiill") and single-edit typos of crisis words."""
        if _has_double(word):
            for i in range(len(word) - 1):
                if word[i] == word[i + 1]:
                    candidate = word[:i] + word[i + 1 :]
                    if candidate in self._vocabulary or candidate in self._words:
                        return self._words.get(candidate, candidate)
        if len(word) < 5:
            return word
        if word in self._fuzzy_deletes:  # one letter missing: overdosd
            return self._fuzzy_deletes[word]
        deletions = _deletions(word)
        for variant in deletions:  # one letter too many: myselff
            if variant in self._fuzzy:
                return self._fuzzy[variant]
        if len(word) >= 6:  # one letter wrong or two swapped: suicidle, myslef
            for variant in deletions:
                if variant in self._fuzzy_deletes:
                    return self._fuzzy_deletes[variant]
        return word


def _strip_accents(text: str) -> str:
    """ "está", "día", "corazón" -> "esta", "dia", "corazon": people often type Spanish without
    accents, so the patterns are written without them and the text is matched the same way."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def _is_text(char: str) -> bool:
    """Letters, marks, digits, punctuation and spaces; not emoji or other symbols."""
    return unicodedata.category(char)[0] in "LMNPZ"


def _expand_ill_id(match: re.Match[str]) -> str:
    """ "ill just do it" -> "i'll just do it", "id rather die" -> "i'd rather die"."""
    return match.group(1) + ("i'll " if match.group(2) == "ill" else "i'd ")


def _has_double(word: str) -> bool:
    return any(a == b for a, b in zip(word, word[1:]))


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


# --- patterns --------------------------------------------------------------------------------


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


def _known_words(nlp: Language) -> Any:
    """English words (lemma lookup forms and lemmas, plus WordNet-style base forms).

    Guards the typo repair: a word found here is never "corrected" ("violet" stays violet).
    """
    known: set[str] = set()
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
        known.update(str(v) for v in table.values())
    except (KeyError, AttributeError, ValueError):
        table = {}
    try:
        import gzip
        import json

        from spacy_lookups_data import get_file  # type: ignore[import-not-found]

        with gzip.open(get_file("en_lemma_index.json.gz")) as handle:
            for words in json.load(handle).values():
                known.update(w for w in words if isinstance(w, str))
    except Exception:  # optional extra lexicon
        log.debug("spacy-lookups-data lemma index unavailable", exc_info=True)

    class _Known:
        def __contains__(self, word: object) -> bool:
            return word in known or (isinstance(word, str) and word in table)

    return _Known()


# --- the language of a message no pattern matched ------------------------------------------

_ONLY_SPANISH = (
    frozenset(_strip_accents(w) for w in SPANISH_STOP_WORDS)
    | {"hola", "ayuda", "necesito", "q", "xq", "pq", "porfa", "favor", "gracias", "ahorita"}
) - ENGLISH_STOP_WORDS
_ONLY_ENGLISH = frozenset(ENGLISH_STOP_WORDS) - {_strip_accents(w) for w in SPANISH_STOP_WORDS}
_LETTERS = re.compile(r"[a-z\u00f1]+")


def likely_language(text: str) -> str:
    """ "es" when the message has more Spanish-only than English-only function words, else "en":
    the language of the crisis reply when only the classifier's `crisis` intent fired."""
    words = _LETTERS.findall(_strip_accents(text.lower()))
    spanish = sum(w in _ONLY_SPANISH for w in words)
    english = sum(w in _ONLY_ENGLISH for w in words)
    return "es" if spanish > english else "en"


# --- detector --------------------------------------------------------------------------------


class CrisisDetector:
    """Finds signs of danger in a user message. Pure and thread-compatible after construction."""

    def __init__(
        self, nlp: Language, patterns_files: Path | Iterable[Path] = PATTERNS_FILES
    ) -> None:
        if "lemmatizer" not in nlp.pipe_names:
            raise PatternError("the crisis check needs a pipeline with a lookup lemmatizer")
        self._nlp = nlp
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
            known_words=_known_words(nlp),
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
            return self._resolve(self._matches(text))
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
            doc, [(m.kind, m.rule, m.start, m.end, m.language) for m in (found[i] for i in crisis)]
        )
        for i, reading in zip(crisis, readings):
            found[i] = replace(found[i], reading=reading)
        return found

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
