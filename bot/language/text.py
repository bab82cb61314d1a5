"""Text clean-up and the small helpers every free-text reader uses: `clean_text` (lower case,
"doesn't" -> "does not", chat shorthand spelled out), `whole_words` and `longest_first` for
patterns, `never_raises` for readers, `entity_values` for the NLU entities of a message."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from bot.language.answer_words import SHORTHAND

MAX_CHARS = 1000  # answers are short; longer input is cut, never refused
# the entity vocabulary of the project's spaCy pipeline (bot/language/spacy_pipeline.py)
PATTERNS_FILE = Path(__file__).with_name("spacy_patterns.yml")
T = TypeVar("T")

_CHAR_MAP = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-"}
)
_NT = re.compile(
    r"\b(ca|wo|ai|do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)n'?t\b"
)
_NT_BASE = {"ca": "can", "wo": "will", "ai": "is"}
_HAS = re.compile(  # "he's been", "she's never had", "he's used for years": has ("used to": is)
    r"\b(he|she|it|that|there|everyone|everybody|nobody|someone)'s (?=(?:(?:never|not|always"
    r"|just|already|ever|also|really|finally) )?(?:been|got|gotten|had|done|gone|tried"
    r"|used(?! to\b)|relapsed|taken|drunk|smoked|struggled|quit|stopped|started)\b)"
)
_IS = re.compile(r"\b(he|she|it|that|there|everyone|everybody|nobody|someone|home)'s\b")
_ARE = re.compile(r"\b(we|they|you)'re\b")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "nooo", "yesss" -> "noo", "yess"
_SHORTHAND = re.compile(rf"(?<![\w'])(?:{'|'.join(map(re.escape, SHORTHAND))})(?![\w'])")


def clean_text(text: object) -> str:
    """Lower case, plain quotes and dashes, "doesn't" -> "does not", chat shorthand ("rly",
    "prob") spelled out, "nooo" -> "noo", one space between words."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text[: MAX_CHARS * 2])[:MAX_CHARS]
    text = text.translate(_CHAR_MAP).lower()
    text = _SHORTHAND.sub(lambda m: SHORTHAND[m.group(0)], _REPEATS.sub(r"\1\1", text))
    text = _NT.sub(lambda m: f"{_NT_BASE.get(m.group(1), m.group(1))} not", text)
    text = re.sub(r"\bcannot\b", "can not", text)
    text = re.sub(r"\bi'?m\b", "i am", text)
    text = _IS.sub(r"\1 is", _HAS.sub(r"\1 has ", text))
    text = _ARE.sub(r"\1 are", text)
    text = re.sub(r"^\s*/", "", text)  # a button payload like "/affirm"
    return " ".join(text.split())


def whole_words(pattern: str) -> re.Pattern[str]:
    """A pattern matched on whole words only."""
    return re.compile(rf"(?<![\w'])(?:{pattern})(?![\w'])")


def longest_first(phrases: Iterable[str]) -> str:
    """Phrases as one alternation, longest first, so "not sure" wins over "sure"."""
    return "|".join(sorted((re.escape(p) for p in phrases), key=len, reverse=True))


def never_raises(parser: Callable[..., T]) -> Callable[..., T | None]:
    """Last-resort guard: an answer the parser trips over is treated as not understood."""

    @functools.wraps(parser)
    def guarded(text: object = "", entities: object = ()) -> T | None:
        try:
            return parser(text, entities)
        except Exception:
            return None

    return guarded


def entity_values(entities: object, name: str) -> list[str]:
    if not isinstance(entities, (list, tuple)):
        return []
    return [
        e["value"]
        for e in entities
        if isinstance(e, dict) and e.get("entity") == name and isinstance(e.get("value"), str)
    ]
