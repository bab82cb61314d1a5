"""Plain answers: yes / no / hedged / not sure, in the words of `answer_words.py`.

`plain_answer` finds the first one in a cleaned text; `decide_answer` turns it into True / False
/ None with the caller's reading of a hedge and of "not sure" (each triage and intake question
decides its own: bot/triage/parsing.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.language.answer_words import ANSWER_PHRASES, HEDGE, NO, UNSURE, YES
from bot.language.text import clean_text, longest_first, never_raises, whole_words

_ANSWER_KIND = {phrase: kind for kind, phrases in ANSWER_PHRASES.items() for phrase in phrases}
_ANSWER = whole_words(longest_first(_ANSWER_KIND))
_SHORT_ANSWER = re.compile(
    r"\b(?:i|he|she|they|we|it)\s+(?:really\s+|definitely\s+|still\s+)?"
    r"(?:do|does|did|is|am|are|was|were|has|have|had|can|could|will|would)(?P<neg>\s+not)?\s*$"
)


def plain_answer(text: str) -> str | None:
    """The first plain answer in the text: "yes", "no", "hedge", "unsure" or None."""
    match = _ANSWER.search(text)
    if match:
        return _ANSWER_KIND[match.group(0)]
    short = _SHORT_ANSWER.search(text)  # "i think he does", "she has not"
    if short:
        return NO if short.group("neg") else YES
    return None


def decide_answer(text: str, *, hedge: bool | None, unsure: bool | None) -> bool | None:
    kind = plain_answer(text)
    return {YES: True, NO: False, HEDGE: hedge, UNSURE: unsure}.get(kind)  # type: ignore[arg-type]


# the first clause of a message: up to a punctuation mark or a joining word
_OPENING_CLAUSE = re.compile(r"^(.*?)(?:[,.;:!?]|\s+(?:but|and|so|though|just)\s+|$)")
# "ok" and "okay" open a question as often as they answer one ("ok and how long is it?")
_DISCOURSE_MARKERS = frozenset({"ok", "okay"})
_TRAILING_FILLER = re.compile(r"(?:\s+(?:tbh|honestly|lol|haha|thanks|thank you|thx))+$")


@never_raises
def opens_with_answer(text: str, entities: Iterable[dict] = ()) -> bool:
    """Whether the message starts with a plain answer and only then goes on ("no, but how long is
    IOP?", "nope. what is detox?", "not sure tbh, and does OP have evenings?"); not "ok and the
    intensive one is how many hours", where "ok" only opens the question."""
    t = clean_text(text)
    match = _OPENING_CLAUSE.match(t)
    first = _TRAILING_FILLER.sub("", match.group(1).strip()) if match else ""
    return first not in _DISCOURSE_MARKERS and bool(_ANSWER.fullmatch(first))


@never_raises
def parse_yes_no(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Generic yes/no: "yeah", "kind of" -> True; "nah", "not really", "never" -> False."""
    return decide_answer(clean_text(text), hedge=True, unsure=None)


@never_raises
def is_unsure(text: str, entities: Iterable[dict] = ()) -> bool:
    """Did the person answer "I don't know" / "not sure"?"""
    return plain_answer(clean_text(text)) == UNSURE
