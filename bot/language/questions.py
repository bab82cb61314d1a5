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


_DETERMINER = re.compile(r"^(?:the|that|this|a|an)\s+")


def normalised_value(label: str, value: object) -> str | None:
    """The id of an entity value: Rasa's SpacyEntityExtractor reports the matched text ("the
    regular one", "non-intensive"), the bot needs the pattern's id ("op") from
    bot/language/spacy_patterns.yml; a leading "the" / "that" is not part of the name. None if
    it is no pattern of that label."""
    words = " ".join(_words(str(value or "")))
    ids = _entity_ids(label)
    return ids.get(words) or ids.get(_DETERMINER.sub("", words))


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
    r"|\b(?:one|1|version|program|option)\s+(?:is|=)\s+(?:what|wat|wht)\s*[?.!]*$"
    # "whats the 'intensive' part mean then", "what does outpatient mean", "why's it called
    # intensive": what a name means (the caller checks that the message names a program)
    r"|^(?:(?:ok(?:ay)?|so|and|but)[\s,]+)*(?:what|wat)(?:'s|s|\s+does|\s+do|\s+is)\b(?!\s+(?:you|u|ya)\b)[^?.!]*"
    r"\bmeans?\b\s*(?:then|again|exactly|here)?\s*[?.!]*$"
    r"|\bwhy(?:'s|s|\s+is)\s+(?:it|that|this|one)\s+called\b",
    re.IGNORECASE,
)


def asks_what_it_is(text: str) -> bool:
    """The message asks what a program is, and nothing else about it ("ok and whats the
    intensive version of it", "and the lighter one, what is that?", "n the other 1 is wat"; not
    "what's the schedule of the other one")."""
    return bool(_WHAT_IT_IS.search((text or "").strip()))


# "which of those is IOP?", "so which is op": which of the things just named a program is
_WHICH_ONE_IS = re.compile(
    r"^(?:(?:ok(?:ay)?|so|and|but|n)[\s,]+)*(?:which|wich)\s+"
    r"(?:one\s+|1\s+|of\s+(?:those|these|them|the\s+two)\s+)?(?:is|would\s+be|=)\s+"
    r"(?:\w+\s*){1,3}[?.!]*$",
    re.IGNORECASE,
)


def asks_which_one_is(text: str) -> bool:
    """The message asks which of what was just said a name stands for ("which of those is
    IOP?", "so which is op"); the caller checks that it names a program."""
    return bool(_WHICH_ONE_IS.search((text or "").strip()))


# "and then?", "what's next", "and after that?": the whole message asks for the next step
_WHAT_COMES_NEXT = re.compile(
    r"^(?:(?:ok(?:ay)?|so|and|n|&|alright)[\s,]+)*"
    r"(?:then(?:\s+what)?|what\s+then|after\s+(?:that|this|it)|afterwards?|and\s+after"
    r"|(?:what|wat|whats|what's)(?:\s+(?:is|comes|happens))?\s+(?:next|after(?:\s+(?:that|this))?)"
    r"|next(?:\s+step)?|the\s+next\s+step|then\s+what\s+happens)"
    r"\s*[?.!]*$",
    re.IGNORECASE,
)
# "is this info from an actual doctor?", "who reviewed these answers", "how up to date is this?":
# a question about the text the bot answers from, not about the topic just answered
_ABOUT_THE_TEXT = re.compile(
    r"\b(?:this|these|your|ur|the\s+bot'?s?)\s+(?:info|information|stuff|content|answers?|text"
    r"|article|advice)\b[^.!?]*\b(?:doctors?|physicians?|medical(?:ly)?|reviewed|reviewer|written"
    r"|wrote|sources?|up\s+to\s+date|updated|accurate|legit|credentials|nurses?|professionals?)\b"
    r"|\bis\s+(?:this|all\s+this|any\s+of\s+this)\s+(?:(?:info|information|stuff)\s+)?(?:from|by"
    r"|written\s+by|reviewed\s+by|checked\s+by|approved\s+by)\s+(?:an?\s+)?(?:actual\s+|real\s+)?"
    r"(?:doctors?|physicians?|medical|professionals?|experts?|specialists?|nurses?|md)\b"
    r"|\bhow\s+(?:up\s+to\s+date|old|current|recent|accurate)\s+is\s+(?:this|that|the|your)\b"
    r"(?:\s+(?:info|information|stuff|content|article|text))?\s*[?.!]*$",
    re.IGNORECASE,
)
# "after 5", "after dark", "after work": "after" as a time of day, not what comes after
_AFTER_A_TIME = re.compile(
    r"\bafter\s+(?:\d{1,2}(?::\d\d)?\s*(?:am|pm|p|a)?\b|dark|work|school|hours|dinner|supper"
    r"|my\s+shift|(?:his|her|their|my)\s+(?:job|work|shift|classes))",
    re.IGNORECASE,
)


def asks_what_comes_next(text: str) -> bool:
    """The message asks only what comes next ("and then?", "ok whats next", "and after
    that?"; not "what comes after iop", which names its topic, nor "after 5 ok?")."""
    return bool(_WHAT_COMES_NEXT.search((text or "").strip()))


# "how many hours a week", "cuantas horas a la semana", "hrs per wk", "horas semanales": the hours
# per week a program takes, not its days, its time of day or how many weeks it lasts
_HOURS_A_WEEK = re.compile(
    r"\b(?:how\s+many|how\s+much|cuantas|cuantos|cuanto|how\s+manyy?)\s+(?:\w+\s+){0,2}"
    r"(?:hours|hrs|hr|horas|hrs\.)\b[^.!?]*?(?:\b(?:a|per|each|every|por|a\s+la|cada|x)\s+"
    r"(?:week|wk|semana|sem)\b|\bweekly\b|\bsemanales\b)",
    re.IGNORECASE,
)


def asks_hours_a_week(text: str) -> bool:
    """The message asks how many hours a week ("how many hours a week is IOP?", "cuantas horas a
    la semana es el iop?"; not "how many weeks", "what hours are the groups")."""
    return bool(_HOURS_A_WEEK.search(text or ""))


def asks_about_the_text(text: str) -> bool:
    """The message asks who wrote or reviewed the bot's information, or how current it is ("is
    this info from an actual doctor?", "how up to date is this?"; not "is that done by a
    doctor?", which asks about the topic just answered)."""
    return bool(_ABOUT_THE_TEXT.search(text or ""))


def speaks_of_a_time_of_day(text: str) -> bool:
    """ "After" is a time of day here ("after 5 ok?", "after dark also?", "after work"), not the
    next step of a treatment."""
    return bool(_AFTER_A_TIME.search(text or ""))


# what may stand around a program's name in a message that asks the last question again for it:
# "and op?", "op similar?", "same for the intensive one?", "what about iop", "for op too?"
_ONLY_A_PROGRAM = re.compile(
    r"^(?:(?:ok(?:ay)?|so|and|n|&|but|(?:what|wat|how)\s+(?:about|abt)|for|with|in|at|the|same"
    r"|similar|too|also|as\s+well|then|there|is\s+(?:it|that|this)|its|it's|like\s+that)"
    r"[\s,]*)*[?.!]*$",
    re.IGNORECASE,
)


def asks_only_about_a_program(text: str, names: Iterable[tuple[int, int]]) -> bool:
    """The message names a program (`names`: the character spans of its program names) and
    says nothing else but the words that ask the last question again for it ("op similar?",
    "and for the intensive one?", "same for op?"; not "what is op", "op hours?")."""
    names = sorted(names)
    if not names:
        return False
    rest, end = [], 0
    for start, stop in names:
        rest.append(text[end:start])
        end = stop
    rest.append(text[end:])
    return bool(_ONLY_A_PROGRAM.match(" ".join(rest).strip()))


# "is iop days or evenings", "what hours are the sessions", "at night possible?": when in the
# day, not how many hours ("how many hours a week" is no time of day)
_WHEN_IN_THE_DAY = re.compile(
    r"\b(?:evenings?|nights?|nite|nighttime|daytime|during\s+the\s+day|mornings?|afternoons?"
    r"|days\s+or\s+(?:evenings?|nights?)|(?:what|which|wat)\s+(?:time|times|hours)\b(?!\s+a\s+week)"
    r"|\d{1,2}\s*(?:am|pm)|(?:first|second|third|night|day|late)\s+shift)",
    re.IGNORECASE,
)


def asks_when_in_the_day(text: str) -> bool:
    """The message is about when in the day something happens: evenings, nights, mornings,
    "what time", "after work" (`speaks_of_a_time_of_day`); not "how many hours a week"."""
    return bool(_WHEN_IN_THE_DAY.search(text or "")) or speaks_of_a_time_of_day(text)
