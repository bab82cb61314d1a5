"""A person's story read as sentences and clauses, and who it is about: what the pre-fill
(bot/triage/prefill.py, which owns the behaviour) reads its answers from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from bot.language.for_whom import (
    LOVED_ONE_NOUN,
    LOVED_ONE_NOUNS,
    LOVED_ONE_NOUNS_ES,
    parse_for_whom,
)
from bot.language.text import MAX_CHARS, clean_text, entity_values, longest_first, whole_words
from bot.triage.duration import SMALL_NUMBERS

_words = whole_words


class Clause(NamedTuple):
    text: str
    start: int
    end: int


class Sentence(NamedTuple):
    text: str
    question: bool
    clauses: tuple[Clause, ...]


_SENTENCE_END = re.compile(r"[!?;]+|\.+(?!\d)")


_QUESTION_START = re.compile(
    r"^(?:(?:so|and|but|also|um|uh|ok|okay|hi|hey|hello) )*(?:how|what|what's|whats|which"
    r"|who|where|why|is|are|does|do|can|could|will|would|should|any|anyone|anybody"
    r"|(?:has|have|had|was|were|did)(?= (?:he|she|they|you|it|i|we|my|your|anyone)(?![\w'])))"
    r"(?![\w'])"
)


_ASKING = _words(
    r"wonder(?:ing)? (?:if|whether|how|what)|(?:want|wanted|like) to know|curious (?:if|whether"
    r"|about|how)|asking (?:if|whether|about)|question"
)


_NUMBER_WORDS = longest_first([*SMALL_NUMBERS, "a few", "a couple", "several", "a half", "an half"])


_CLAUSE_SPLIT = re.compile(
    r"\s*[,:()]\s*|\s+-\s+|\s+(?:but|though|although|however|yet|whereas|then|because|cause"
    r"|cuz|unless|so|plus|anyway)\s+"
    r"|(?<!\bin)(?<!\bon)(?<!\boff)(?<!\bnow)(?<!\bhere)(?<!\bback)\s+and\s+"
    rf"(?!(?:out|off|on|then|there|forth|years|months|\d|{_NUMBER_WORDS})(?![\w']))"
)


def sentences_of(texts: Sequence[str]) -> list[Sentence]:
    sentences: list[Sentence] = []
    for text in texts:
        for line in text[: MAX_CHARS * 2].splitlines():
            cleaned = clean_text(line)
            start = 0
            for end in [*_SENTENCE_END.finditer(cleaned), None]:
                stop = end.start() if end else len(cleaned)
                body = cleaned[start:stop].strip(" ,")
                asked = bool(end and "?" in end.group(0))
                if body:
                    asked = asked or bool(_QUESTION_START.match(body) or _ASKING.search(body))
                    sentences.append(Sentence(body, asked, _clauses(body)))
                if end:
                    start = end.end()
    return sentences


def _clauses(sentence: str) -> tuple[Clause, ...]:
    clauses, start = [], 0
    for brk in [*_CLAUSE_SPLIT.finditer(sentence), None]:
        stop = brk.start() if brk else len(sentence)
        if sentence[start:stop].strip():
            clauses.append(Clause(sentence[start:stop], start, stop))
        if brk:
            start = brk.end()
    return tuple(clauses)


def span(sentence: Sentence, first: int, last: int) -> str:
    """Clauses first..last of the sentence, with the words between them ("x, then y")."""
    return sentence.text[sentence.clauses[first].start : sentence.clauses[last].end].strip()


# "my husband's drinking": my husband; "my son's girlfriend": not read (which one?);
# "my boss found out": as often the writer's own story
# "my son", and in Spanish "mi hijo", "nuestra hija"
POSSESSIVE_ONE = _words(
    rf"(?P<one>(?:my|our) (?:[\w-]+ ){{0,3}}?(?!boss)(?:{LOVED_ONE_NOUNS})"
    rf"|(?:mis?|nuestr[oa]s?) (?:[\w-]+ ){{0,2}}?(?:{LOVED_ONE_NOUNS_ES}))"
    rf"(?:'s(?! (?:{LOVED_ONE_NOUNS})(?![\w'])))?"
)


_ANY_POSSESSIVE_ONE = _words(
    rf"(?:my|our|his|her|their|your) (?:{LOVED_ONE_NOUNS})(?:'s)?"
    rf"|(?:mis?|sus?|nuestr[oa]s?) (?:{LOVED_ONE_NOUNS_ES})"
)


FIRST_PERSON = _words(
    r"i|i've|i'd|me|myself|my (?:own )?(?:drinking|using|use|addiction|problem|habit|relapse)"
    r"|yo|conmigo|mi (?:propi[oa] )?(?:consumo|adicci[oó]n|problema|reca[ií]da)"
)


THIRD_PERSON = _words(r"he|she|him|her|his|hers|they|them|their")


SELF_USE = _words(
    r"(?:i|i've|i'd) (?:(?:have|had|am|was|been|keep|kept|still|started|also|really|just"
    r"|can not stop|need to stop|want to stop|need to quit|want to quit|used to) ){0,2}"
    r"(?:using|drinking|drink|drank|use|used|smoke|smoking|shoot|shooting|snort\w*|addicted"
    r"|hooked|relaps\w*|an addict|an alcoholic|struggling with (?:drugs|alcohol|addiction"
    r"|drinking|using|pills|\w+ addiction))|(?:help )?for (?:me|myself)"
)


_BOTH_OF_US = _words(
    r"me and|and me|myself and|and myself|both of us|us both|and i (?:both|too|also|each)"
    r"|i and my|me too|we both"
)


_MY_FEELINGS = _words(
    r"my (?:own )?(?:anxiety|depression|mental health|ptsd|trauma|panic attacks?|health)"
)


class Person(NamedTuple):
    value: str | None  # pre-filled: "self", "loved_one" or None (not said, both, or unclear)
    phrase: str | None
    about: str | None  # whose story it is, for reading the other answers
    noun: str | None  # "son" for "my 19 year old son"; None if several ("my son and my dad")
    mixed: bool = False  # about oneself and about a loved one: whose is each answer?


def person_of(sentences: list[Sentence], entities: object) -> Person:
    found: list[tuple[str, str, str | None]] = []
    for sentence in sentences:
        if _BOTH_OF_US.search(sentence.text):
            return Person(None, None, None, None, mixed=True)  # "help for me and my son"
        for clause in sentence.clauses:
            for match in POSSESSIVE_ONE.finditer(clause.text):
                if not FIRST_PERSON.search(clause.text[match.end() :]):
                    nouns = LOVED_ONE_NOUN.findall(match.group("one"))
                    found.append(("loved_one", match.group("one"), nouns[-1] if nouns else None))
            for match in SELF_USE.finditer(clause.text):
                found.append(("self", match.group(0), None))
    for value in entity_values(entities, "for_whom"):
        if value in ("self", "loved_one"):  # already read by the bot
            found.append((value, {"self": "myself", "loved_one": "a loved one"}[value], None))
            continue
        # the entity ruler's phrases ("a loved one", "my son") only where the story says them
        # as a clause about that person; its "myself" / "my own" are too loose in a story
        phrase = clean_text(value)
        if parse_for_whom(phrase) == "loved_one" and stated(phrase, sentences):
            nouns = LOVED_ONE_NOUN.findall(phrase)
            found.append(("loved_one", phrase, nouns[-1] if nouns else None))
    values = {value for value, _, _ in found}
    if len(values) != 1:
        return Person(None, None, None, None, mixed=len(values) > 1)
    value, phrase, noun = found[0]
    if len({n for _, _, n in found if n}) > 1:  # which one? the form asks
        return Person(None, None, value, None)
    if parse_for_whom(phrase) != value:
        return Person(None, None, value, noun)
    return Person(value, phrase, value, noun)


def stated(phrase: str, sentences: list[Sentence]) -> bool:
    pattern = _words(re.escape(phrase))
    return any(
        (match := pattern.search(clause.text))
        and not FIRST_PERSON.search(clause.text[match.end() :])
        for sentence in sentences
        for clause in sentence.clauses
    )


def about_someone_else(clause: str, person: Person) -> bool:
    """Is this clause about someone other than the person the story is about?"""
    others = [
        noun
        for mention in _ANY_POSSESSIVE_ONE.finditer(clause)
        for noun in LOVED_ONE_NOUN.findall(mention.group(0))
    ]
    if person.about == "self":
        return bool(others or THIRD_PERSON.search(clause))
    if any(noun != person.noun for noun in others):
        return True  # "his brother went to rehab", "my dad drank for years"
    if person.about == "loved_one":
        if _MY_FEELINGS.search(clause):
            return True
        return bool(FIRST_PERSON.search(clause)) and not (THIRD_PERSON.search(clause) or others)
    return False
