"""The question inside a message: worried families write the story first and the question last
("She finished the intensive program and her counselor says OP now. What does OP mean?").

Plain rules over sentences, no model: a sentence is a question if it ends with "?", starts with
a question word ("what", "how", "can", "does"...), also after a comma ("she plays two sports,
would she have to give that up"), or holds "how many / much / long / often" anywhere and does
not end with a full stop ("ok and the intensive one is how many hours a week realistically";
not "i worry about how much he drinks."). Used to tell which program a message asks about (the
one named in the question wins over the one in the story) and whether a statement also asks
something.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import NamedTuple

import yaml

from bot.language.text import PATTERNS_FILE

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_QUESTION_START = re.compile(
    r"(?:^|,\s*|\b(?:so|and|but|ok|okay|also|just|like|well)\s+)"
    r"(?:what|whats|what's|how|when|where|who|whos|who's|why|which|wat|is|isn't|are|aren't|do|"
    r"does|doesn't|did|can|could|will|would|should|has|have|any|u know|anyone|tell me|explain)\b",
    re.IGNORECASE,
)
# a question phrase anywhere in a sentence: "ok and the intensive one is how many hours a week"
_QUESTION_PHRASE = re.compile(r"\b(?:how (?:many|much|long|often|soon)|what time)\b", re.IGNORECASE)


@functools.cache
def _entity_ids(label: str) -> dict[str, str]:
    raw = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))[label]
    ids = {value: value for value in raw}
    for value, phrases in raw.items():
        ids.update({" ".join(_words(str(phrase))): value for phrase in phrases})
    return ids


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+|[^\w\s]", text.lower())


def normalised_value(label: str, value: object) -> str | None:
    """The id of an entity value: Rasa's SpacyEntityExtractor reports the matched text ("the
    less intensive one", "non-intensive"), the bot needs the pattern's id ("op") from
    bot/language/spacy_patterns.yml. None if it is no pattern of that label."""
    return _entity_ids(label).get(" ".join(_words(str(value or ""))))


class Span(NamedTuple):
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), m.group(0))
        for m in _SENTENCE.finditer(text or "")
        if m.group(0).strip()
    ]


def is_question(sentence: str) -> bool:
    stripped = sentence.strip()
    return (
        stripped.endswith("?")
        or bool(_QUESTION_START.search(stripped))
        or (bool(_QUESTION_PHRASE.search(stripped)) and not stripped.endswith("."))
    )


def question_spans(text: str) -> list[Span]:
    """The sentences of `text` that ask something, in order."""
    return [span for span in sentences(text) if is_question(span.text)]


def asks_something(text: str) -> bool:
    return bool(question_spans(text))


def programs_asked_about(text: str, entities: Iterable[dict]) -> list[str]:
    """The programs (ids: "iop", "op", ...) named in the message's questions; if its questions
    name none (or it has no question), every program it names."""
    named = [
        (e, program)
        for e in entities
        if e.get("entity") == "program" and (program := normalised_value("program", e.get("value")))
    ]
    spans = question_spans(text)
    in_questions = [
        (e, program)
        for e, program in named
        if any(s.start <= int(e.get("start", -1)) < s.end for s in spans)
    ]
    return [program for _, program in (in_questions or named)]


# "what's the intensive version of it?", "and the other one, what is that": what a program is
_WHAT_IT_IS = re.compile(
    r"\b(?:what|wat|wht)(?:'s|s|\s+is|\s+exactly\s+is)\s+(?:that|it|this|the\s+(?:\w+\s+){0,2}"
    r"(?:one|version|program|kind|option)(?:\s+of\s+it)?)\s*(?:exactly|again|then|actually|really)?"
    r"\s*[?.!]*$"
    r"|,\s*(?:what|wat)(?:'s|s|\s+is)\s+(?:that|it)\s*[?.!]*$"
    r"|\b(?:one|1|version|program|option)\s+(?:is|=)\s+(?:what|wat|wht)\s*[?.!]*$",
    re.IGNORECASE,
)


def asks_what_it_is(text: str) -> bool:
    """The message asks what a program is, and nothing else about it ("ok and whats the
    intensive version of it", "and the lighter one, what is that?", "n the other 1 is wat"; not
    "what's the schedule of the other one")."""
    return bool(_WHAT_IT_IS.search((text or "").strip()))
