"""The text the crisis patterns are matched on: spelling repaired so that the patterns can stay
simple (`Normaliser`), and the language of a message no pattern matched (`likely_language`)."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as SPANISH_STOP_WORDS
from spacy.language import Language

log = logging.getLogger(__name__)

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


def known_words(nlp: Language) -> Any:
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
