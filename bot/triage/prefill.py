"""Triage answers the person already gave in their own story, so the form need not ask again.

    story_answers(["my son has used pills for two years and relapsed after outpatient"])
    -> {"for_whom": "my son", "duration_months": "for two years",
        "prior_treatment": "relapsed after outpatient"}
    confirmation_parts(that)
    -> ["for your son", "two years", "relapsed after outpatient care"]

Each answer is a short phrase taken from the story (lower case and tidied as the triage readers
see it: "didn't" -> "did not"), chosen so that `PARSERS[question](phrase)` in
`parsing.py` gives the value the story states. The form stores it as the answer.

Only who it is for, how long, earlier treatment and other needs are ever pre-filled (see
`PREFILLABLE`). Danger, withdrawal, home and time are always asked: they are safety questions
or about now, and a story's passing words are no answer to them.

Conservative on purpose: a wrong pre-fill skips a question, a missed one only asks it.
- Questions ("how long is iop?", "is iop 12 weeks") and wishes ("we want to get him into
  rehab") state nothing; program lengths, clean time ("sober for 2 years"), ages ("she is 17")
  and frequencies ("every 2 days") are no duration; a duration needs words of use in its clause
  ("drinks", "has used pills").
- Words about someone else are skipped: the writer in a story about a loved one ("i have
  anxiety too"), another relative ("his brother went to rehab"), the loved one in a story
  about oneself.
- For whom: "my son" (not when the same clause has "me"/"i": "my mom wants me to get help");
  "i have been drinking" for oneself. Two relatives ("my son and my dad both drink"): not
  pre-filled, and what is said about either is skipped. Oneself and a loved one in one story
  ("i drink and so does my husband", "help for me and my son"): nothing is pre-filled.
  `for_whom` entities count when already read ("self" / "loved_one"), or, for the entity
  ruler's loved-one phrases ("a loved one"), where the story says them.
- Earlier treatment needs past words ("went to", "did", "been in", "after", "twice"); a relapse
  in the same or the next clause makes it "relapsed_after_lower". "Treated" is not pre-filled
  when a relapse is mentioned apart from it ("did rehab in 2021. he relapsed in may": after
  the rehab, or after quitting alone?), nor when the story says both treated and never treated.
- Other needs: only a condition the person has ("she also has bad anxiety") pre-fills, always
  as True. Nothing pre-fills False: "no depression or anything" leaves out medical needs and
  other conditions, and not mentioning something is no answer.
- Several durations: the longest (as `parse_duration` takes the longer end).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from bot.language.clauses import NEGATIONS, WORD_TOKEN, said_in
from bot.language.for_whom import LOVED_ONE_NOUN, LOVED_ONE_NOUNS, parse_for_whom
from bot.language.text import MAX_CHARS, clean_text, entity_values, longest_first, whole_words
from bot.triage.duration import QUANTITY, SMALL_NUMBERS, duration_phrase, parse_duration
from bot.triage.history import (
    CONTINUED_USE,
    RELAPSE,
    TREATMENTS,
    co_occurring_conditions,
    parse_co_occurring,
    parse_prior_treatment,
    treatment_phrase,
)
from bot.triage.parsing import PARSERS, parse_substances
from bot.triage.recommend import join_words, months_phrase

PREFILLABLE = ("for_whom", "duration_months", "prior_treatment", "co_occurring")
MAX_TEXTS = 50  # the most recent messages are read; a story is told in the first few anyway

_words = whole_words


class _Clause(NamedTuple):
    text: str
    start: int
    end: int


class _Sentence(NamedTuple):
    text: str
    question: bool
    clauses: tuple[_Clause, ...]


# --- sentences and clauses -------------------------------------------------------------------

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


def _sentences(texts: Sequence[str]) -> list[_Sentence]:
    sentences: list[_Sentence] = []
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
                    sentences.append(_Sentence(body, asked, _clauses(body)))
                if end:
                    start = end.end()
    return sentences


def _clauses(sentence: str) -> tuple[_Clause, ...]:
    clauses, start = [], 0
    for brk in [*_CLAUSE_SPLIT.finditer(sentence), None]:
        stop = brk.start() if brk else len(sentence)
        if sentence[start:stop].strip():
            clauses.append(_Clause(sentence[start:stop], start, stop))
        if brk:
            start = brk.end()
    return tuple(clauses)


def _span(sentence: _Sentence, first: int, last: int) -> str:
    """Clauses first..last of the sentence, with the words between them ("x, then y")."""
    return sentence.text[sentence.clauses[first].start : sentence.clauses[last].end].strip()


# --- who the story is about --------------------------------------------------------------------

# "my husband's drinking": my husband; "my son's girlfriend": not read (which one?);
# "my boss found out": as often the writer's own story
_POSSESSIVE_ONE = _words(
    rf"(?P<one>(?:my|our) (?:[\w-]+ ){{0,3}}?(?!boss)(?:{LOVED_ONE_NOUNS}))"
    rf"(?:'s(?! (?:{LOVED_ONE_NOUNS})(?![\w'])))?"
)
_ANY_POSSESSIVE_ONE = _words(rf"(?:my|our|his|her|their|your) (?:{LOVED_ONE_NOUNS})(?:'s)?")
_FIRST_PERSON = _words(
    r"i|i've|i'd|me|myself|my (?:own )?(?:drinking|using|use|addiction|problem|habit|relapse)"
)
_THIRD_PERSON = _words(r"he|she|him|her|his|hers|they|them|their")
_SELF_USE = _words(
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


class _Person(NamedTuple):
    value: str | None  # pre-filled: "self", "loved_one" or None (not said, both, or unclear)
    phrase: str | None
    about: str | None  # whose story it is, for reading the other answers
    noun: str | None  # "son" for "my 19 year old son"; None if several ("my son and my dad")
    mixed: bool = False  # about oneself and about a loved one: whose is each answer?


def _person(sentences: list[_Sentence], entities: object) -> _Person:
    found: list[tuple[str, str, str | None]] = []
    for sentence in sentences:
        if _BOTH_OF_US.search(sentence.text):
            return _Person(None, None, None, None, mixed=True)  # "help for me and my son"
        for clause in sentence.clauses:
            for match in _POSSESSIVE_ONE.finditer(clause.text):
                if not _FIRST_PERSON.search(clause.text[match.end() :]):
                    nouns = LOVED_ONE_NOUN.findall(match.group("one"))
                    found.append(("loved_one", match.group("one"), nouns[-1] if nouns else None))
            for match in _SELF_USE.finditer(clause.text):
                found.append(("self", match.group(0), None))
    for value in entity_values(entities, "for_whom"):
        if value in ("self", "loved_one"):  # already read by the bot
            found.append((value, {"self": "myself", "loved_one": "a loved one"}[value], None))
            continue
        # the entity ruler's phrases ("a loved one", "my son") only where the story says them
        # as a clause about that person; its "myself" / "my own" are too loose in a story
        phrase = clean_text(value)
        if parse_for_whom(phrase) == "loved_one" and _stated(phrase, sentences):
            nouns = LOVED_ONE_NOUN.findall(phrase)
            found.append(("loved_one", phrase, nouns[-1] if nouns else None))
    values = {value for value, _, _ in found}
    if len(values) != 1:
        return _Person(None, None, None, None, mixed=len(values) > 1)
    value, phrase, noun = found[0]
    if len({n for _, _, n in found if n}) > 1:  # which one? the form asks
        return _Person(None, None, value, None)
    if parse_for_whom(phrase) != value:
        return _Person(None, None, value, noun)
    return _Person(value, phrase, value, noun)


def _stated(phrase: str, sentences: list[_Sentence]) -> bool:
    pattern = _words(re.escape(phrase))
    return any(
        (match := pattern.search(clause.text))
        and not _FIRST_PERSON.search(clause.text[match.end() :])
        for sentence in sentences
        for clause in sentence.clauses
    )


def _about_someone_else(clause: str, person: _Person) -> bool:
    """Is this clause about someone other than the person the story is about?"""
    others = [
        noun
        for mention in _ANY_POSSESSIVE_ONE.finditer(clause)
        for noun in LOVED_ONE_NOUN.findall(mention.group(0))
    ]
    if person.about == "self":
        return bool(others or _THIRD_PERSON.search(clause))
    if any(noun != person.noun for noun in others):
        return True  # "his brother went to rehab", "my dad drank for years"
    if person.about == "loved_one":
        if _MY_FEELINGS.search(clause):
            return True
        return bool(_FIRST_PERSON.search(clause)) and not (_THIRD_PERSON.search(clause) or others)
    return False


# --- how long ----------------------------------------------------------------------------------

_USE = _words(
    r"us(?:e|es|ing)|used(?! to)|drink\w*|drank|drunk|smok\w*|shoot\w*|snort\w*|inject\w*"
    r"|vap(?:e|es|ing)|(?:get|gets|getting|got) high|addict\w*|hooked|habit|abus\w*"
    r"|dependen\w*|popping|alcoholi\w*|binge\w*|drugs?"
)
# in the clause, these make a length something else: clean time, a program's length, jail...
_NOT_USE_TIME = _words(
    r"clean|sober|quit|stopped|off (?:it|drugs|the \w+)|abstinent|dry|without (?:using|drinking"
    r"|a drink)|sessions?|class(?:es)?|hours?|programs?|weeks? long|wait\w*|will|gonna"
    r"|going to|would|might|could|should|next|jail|prison|locked up|incarcerat\w*"
    r"|hospital\w*|relaps\w*"
)
# "he drank for a week after the funeral": an episode, not how long use has gone on
_EPISODE = _words(r"drank|used|smoked|snorted|injected|shot|binged|took")
_ONGOING = _words(
    r"has|have|had|i've|we've|they've|been|still|now|ago|since|past|last|started|began"
    r"|going on|keeps?|kept|drinks|drinking|uses|using|smokes|smoking|takes|taking"
)
_AFTER_QUANTITY = re.compile(r"\s+(?:ago|now|so far)(?![\w'])")
_BINGE = re.compile(r"\s+(?:straight|in a row|at a time|at once|a (?:day|week|night))(?![\w'])")
_JOINED = re.compile(r"\s*(?:,|and|, and)?\s*")
_STORY_VAGUE = _words(
    r"(?:ever )?since [a-z0-9'][\w' ]*|for (?:many |several |a few )?years(?: and years)?"
    r"|for (?:a )?(?:really |very |pretty )?long (?:time|while)|for decades|for ages|forever"
    r"|(?:most|all) (?:of )?(?:his|her|my|their) (?:adult )?life"
    r"|(?:his|her|my|their) (?:whole|entire) (?:adult )?life"
    r"|(?:for )?as long as (?:i|he|she|they|we) can remember"
    r"|started (?:\w+ ){0,3}?(?:in|during) (?:high school|middle school|junior high|college)"
    r"|(?:just|only|recently) started (?:using|drinking|smoking|taking)"
)


def _uses(clause: str) -> bool:
    return bool(_USE.search(clause) or parse_substances(clause))


def _durations(clause: str) -> list[str]:
    """Phrases in a clause that state how long use has gone on."""
    if (
        not _uses(clause)
        or _NOT_USE_TIME.search(clause)
        or TREATMENTS.any.search(clause)
        or any(word in NEGATIONS for word in WORD_TOKEN.findall(clause))
        or (_EPISODE.search(clause) and not _ONGOING.search(clause))
    ):
        return []
    phrases = []
    position = 0
    while match := QUANTITY.search(clause, position):
        end = match.end()
        while (joined := _JOINED.match(clause, end)) and (
            more := QUANTITY.match(clause, joined.end())
        ):
            end = more.end()  # "2 years and 3 months"
        before = clause[: match.start()]
        introduced = (
            match.group("mod")
            or _AFTER_QUANTITY.match(clause, end)
            or re.search(r"(?:been|since) $", before)
        )
        if introduced and not _BINGE.match(clause, end):
            phrases.append(clause[match.start() : end])
        position = end
    phrases += [match.group(0) for match in _STORY_VAGUE.finditer(clause)]
    return phrases


def _duration(sentences: list[_Sentence], person: _Person) -> str | None:
    best: tuple[float, str] | None = None
    for sentence in sentences:
        if sentence.question:
            continue
        for clause in sentence.clauses:
            if _about_someone_else(clause.text, person):
                continue
            for phrase in _durations(clause.text):
                months = parse_duration(phrase)
                if months is not None and (best is None or months > best[0]):
                    best = (months, phrase.strip())
    return best[1] if best else None


# --- earlier treatment -------------------------------------------------------------------------

# Named treatments only: "counseling" and "therapy" are as often for mental health, "a center"
# or "a program" as often this one.
_TREATMENT = _words(
    r"iops?|intensive outpatient\w*|php|partial hospitali\w*|day treatment|outpatient|op"
    r"|inpatient|residential|detox\w*|rehabs?|rehabilitation|sober living|halfway house"
    r"|sober house|suboxone|methadone|subutex|vivitrol|naltrexone|sublocade|aa|a\.a|n\.a"
    r"|narcotics anonymous|alcoholics anonymous|12[- ]?steps?|twelve[- ]steps?|smart recovery"
    r"|(?:in|into|to|through|had|did|completed|finished) (?:a )?(?:\d+[- ]day )?(?:treatment"
    r"|program)|treatment (?:center|program|facility)"
)
_PAST = _words(
    r"went|been|was|were|did|done|tried|completed|finished|attended|graduated|left|got out"
    r"|came out|kicked out|stayed|spent|had|relaps\w*|after|once|twice|\w+ times|last (?:year"
    r"|month|week|summer|spring|fall|winter|time)|in (?:19|20)\d\d|ago|previous\w*|prior"
    r"|multiple|several|before"
)
_NOT_HISTORY = _words(
    r"want\w*|need\w*|look\w*|thinking|think about|consider\w*|should|could|would|supposed"
    r"|almost|call\w*|phon\w*|contact\w*|research\w*|visit\w*|tour\w*|heard|google\w*"
    r"|website|site|online|read|talk\w*|discuss\w*|mention\w*|ask\w*|argu\w*|fight\w*"
    r"|threat\w*|brought up|convinc\w*|tell\w*|told|said|says"
    r"|will|going to|gonna|might|if|whether|cover\w*|afford|cost\w*|insurance|recommend\w*"
    r"|suggest\w*|find|search\w*|get (?:him|her|them|me) (?:into|to|in)|trying to|refus\w*"
    r"|not ready|wait ?list|scheduled|starts?|starting|begin\w*|enroll\w*|sign\w* up"
    r"|interested|now|currently|at the moment|this week|your|you"
)
_TO_A = (
    r"(?: (?:to|in|into|through|a|an|any|for|real|formal|professional|proper|drug|alcohol"
    r"|addiction|substance|abuse))*"
)
_NEVER_TREATED = _words(
    rf"never (?:been|gone|went|had|tried|done|received|got|gotten|sought){_TO_A} (?:treatment"
    r"|rehab|detox|help|programs?|iop|op|outpatient|inpatient|anywhere)"
    rf"|never been treated|(?:has|have|had|did) not (?:been|gone|had|done|tried|go|have){_TO_A}"
    r" (?:treatment|rehab|detox|programs?|iop|outpatient|inpatient)"
    r"|no (?:prior|previous|past|earlier|other) (?:treatment|help|rehab)"
    r"|no treatment (?:before|ever|yet|so far)"
    r"|first time (?:in |going to |getting |trying |seeking )?(?:treatment|rehab|help)"
)


def _relapse(clause: str) -> bool:
    return said_in(clause, RELAPSE) or said_in(clause, CONTINUED_USE)


def _prior_treatment(sentences: list[_Sentence], person: _Person) -> str | None:
    found: dict[str, str] = {}  # value -> the first phrase that says it
    attached: set[tuple[int, int]] = set()
    for s, sentence in enumerate(sentences):
        if sentence.question:
            continue
        clauses = sentence.clauses
        for c, clause in enumerate(clauses):
            text = clause.text
            if _about_someone_else(text, person):
                continue
            never = _NEVER_TREATED.search(text)
            if never and parse_prior_treatment(never.group(0)) == "none":
                found.setdefault("none", never.group(0))
                continue
            if not (_TREATMENT.search(text) and _PAST.search(text)) or _NOT_HISTORY.search(text):
                continue
            last = c
            if not _relapse(text) and c + 1 < len(clauses) and _relapse(clauses[c + 1].text):
                last = c + 1  # "did 30 days rehab in 2021 then relapsed"
            attached.update({(s, c), (s, last)})
            phrase = _span(sentence, c, last)
            value = parse_prior_treatment(phrase)
            if value in ("treated", "relapsed_after_lower"):
                found.setdefault(value, phrase)
    if "none" in found:
        return None if len(found) > 1 else found["none"]
    if "relapsed_after_lower" in found:
        return found["relapsed_after_lower"]
    loose_relapse = any(
        _relapse(clause.text) and (s, c) not in attached
        for s, sentence in enumerate(sentences)
        if not sentence.question
        for c, clause in enumerate(sentence.clauses)
    )
    return None if loose_relapse else found.get("treated")


# --- other needs -------------------------------------------------------------------------------

_HAS_CONDITION = _words(
    r"has|have|had|having|with|diagnos\w*|suffer\w*|struggl\w*|deal\w* with|battl\w*"
    r"|history of|also|bad|severe|major|is|am|are|was|were|gets?|got|getting|meds|medication"
    r"|medicine|treated for"
)
# a feeling, a worry or a maybe is not a condition that needs care
_NOT_A_CONDITION = _words(
    r"(?:anxious|depressed|panicky|traumatized) (?:about|that|to|for|because)|depressing"
    r"|traumati(?:c|zing) for|worr\w*|afraid|scared|fear\w*|might|could|will|would|may|risk"
    r"|chance|if|whether|test\w* for|screen\w* for|prevent\w*"
)
_CHRONIC_PAIN = _words(r"(?:chronic|back|nerve|neck) pain|fibromyalgia")  # not "in pain"
_MEDICAL = _words(
    r"medical (?:conditions?|issues?|problems?|needs?)|health (?:issues?|problems?|conditions?)"
    r"|disabilit\w*"
)
# seizures: a withdrawal sign as often (that question is asked); grief: not by itself a need
_NOT_PREFILLED = frozenset({"seizures", "grief"})


def _co_occurring(sentences: list[_Sentence], person: _Person) -> str | None:
    for sentence in sentences:
        if sentence.question:
            continue
        for c, clause in enumerate(sentence.clauses):
            text = clause.text
            names = set(co_occurring_conditions(text)) - _NOT_PREFILLED
            if "a medical condition" in names and not _MEDICAL.search(text):
                names.discard("a medical condition")  # "medical detox", "chronic relapse"
            if "chronic pain" in names and not _CHRONIC_PAIN.search(text):
                names.discard("chronic pain")  # "in pain after surgery"
            if (
                names
                and _HAS_CONDITION.search(text)
                and not _NOT_A_CONDITION.search(text)
                and not _about_someone_else(text, person)
                and parse_co_occurring(text) is True
            ):
                last = c  # "depression and ptsd": the conditions listed after it too
                while last + 1 < len(sentence.clauses) and _only_conditions(
                    sentence.clauses[last + 1].text
                ):
                    last += 1
                return _span(sentence, c, last)
    return None


def _only_conditions(clause: str) -> bool:
    """ "ptsd", "bad anxiety": a clause that only names conditions."""
    return len(WORD_TOKEN.findall(clause)) <= 3 and bool(co_occurring_conditions(clause))


# --- the two functions ---------------------------------------------------------------------


def story_answers(texts: Sequence[str], entities: Iterable[dict] = ()) -> dict[str, str]:
    """The triage questions the story already answers, each with the words to store.

    `texts`: the person's messages in this conversation, oldest first (a single string is
    read as one message); `entities`: the latest message's entities (`for_whom` is used).
    Returns {question: phrase} for questions in `PREFILLABLE` only, where
    `PARSERS[question](phrase)` gives the value the story states. Never raises; returns {}
    on odd input.
    """
    try:
        return _read_story(texts, entities)
    except Exception:  # a bug here must never break the form: it just asks every question
        return {}


def _read_story(texts: object, entities: object) -> dict[str, str]:
    """`story_answers` without its guard (the tests run it, to see real bugs)."""
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, Sequence):
        return {}
    messages = [text for text in list(texts)[-MAX_TEXTS:] if isinstance(text, str)]
    sentences = _sentences(messages)
    person = _person(sentences, list(entities) if isinstance(entities, (list, tuple)) else [])
    if person.mixed:
        return {}  # "i drink and so does my husband": whose years, whose anxiety?
    found = {
        "for_whom": person.phrase,
        "duration_months": _duration(sentences, person),
        "prior_treatment": _prior_treatment(sentences, person),
        "co_occurring": _co_occurring(sentences, person),
    }
    return {q: phrase for q, phrase in found.items() if phrase and _agrees(q, phrase)}


def _agrees(question: str, phrase: str) -> bool:
    value = PARSERS[question](phrase)
    return value is True if question == "co_occurring" else value is not None


def confirmation_parts(answers: Mapping[str, str]) -> list[str]:
    """Short plain phrases for one line confirming pre-filled answers, in the form's order:
    ["for your son", "two years", "relapsed after outpatient care", "anxiety"].

    `answers`: question -> the stored words (`story_answers`), or "self" / "loved_one" for
    `for_whom`. The words come from the triage readers' own phrase helpers; answers not
    understood, and questions that are never pre-filled, are left out. Never raises; returns
    [] on odd input.
    """
    try:
        if not isinstance(answers, Mapping):
            return []
        parts = []
        for question in PREFILLABLE:
            text = answers.get(question)
            if isinstance(text, str) and text.strip():
                part = _PART[question](text)
                if part:
                    parts.append(part)
        return parts
    except Exception:
        return []


def _for_whom_part(text: str) -> str | None:
    value = text if text in ("self", "loved_one") else parse_for_whom(text)
    if value == "self":
        return "for yourself"
    if value != "loved_one":
        return None
    mine = _POSSESSIVE_ONE.search(clean_text(text))
    if mine:
        return "for " + re.sub(r"^(?:my|our) ", "your ", mine.group("one"))
    return "for a loved one"


def _duration_part(text: str) -> str | None:
    months = parse_duration(text)
    if months is None:
        return None
    return (duration_phrase(text) or months_phrase(months)).removeprefix("for ")


def _treatment_part(text: str) -> str | None:
    value = parse_prior_treatment(text)
    treatment = treatment_phrase(text)
    if value == "relapsed_after_lower":
        return f"relapsed after {treatment or 'earlier treatment'}"
    if value == "treated":
        return f"earlier {treatment}" if treatment else "earlier treatment"
    return "no earlier treatment" if value == "none" else None


def _co_occurring_part(text: str) -> str | None:
    value = parse_co_occurring(text)
    if value is False:
        return "no mental-health or medical needs"
    if value is not True:
        return None
    conditions = co_occurring_conditions(text) or ()
    return join_words(conditions[:3]) or "mental-health or medical needs"


_PART = {
    "for_whom": _for_whom_part,
    "duration_months": _duration_part,
    "prior_treatment": _treatment_part,
    "co_occurring": _co_occurring_part,
}
