"""Triage answers the person already gave in their own story, so the form need not ask again.

    story_answers(["my son has used pills for two years and relapsed after outpatient"])
    -> {"for_whom": "my son", "duration_months": "for two years",
        "prior_treatment": "relapsed after outpatient"}
    confirmation_parts(that)
    -> ["for your son", "two years", "relapsed after outpatient care"]

Each answer is a short phrase taken from the story (lower case and tidied as the triage readers
see it: "didn't" -> "did not"), chosen so that `PARSERS[question](phrase)` in
`parsing.py` gives the value the story states. The form stores it as the answer. The story is
split and its person found by `story.py`; `confirm.py` words the line that confirms the answers.

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
from collections.abc import Iterable, Sequence

from bot.language.clauses import NEGATIONS, WORD_TOKEN, said_in
from bot.language.text import whole_words
from bot.triage.duration import QUANTITY, parse_duration
from bot.triage.history import (
    CONTINUED_USE,
    RELAPSE,
    TREATMENTS,
    co_occurring_conditions,
    parse_co_occurring,
    parse_prior_treatment,
)
from bot.triage.parsing import PARSERS, parse_substances
from bot.triage.story import Person, Sentence, about_someone_else, person_of, sentences_of, span

PREFILLABLE = ("for_whom", "duration_months", "prior_treatment", "co_occurring")
MAX_TEXTS = 50  # the most recent messages are read; a story is told in the first few anyway

_words = whole_words


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


def _duration(sentences: list[Sentence], person: Person) -> str | None:
    best: tuple[float, str] | None = None
    for sentence in sentences:
        if sentence.question:
            continue
        for clause in sentence.clauses:
            if about_someone_else(clause.text, person):
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


def _prior_treatment(sentences: list[Sentence], person: Person) -> str | None:
    found: dict[str, str] = {}  # value -> the first phrase that says it
    attached: set[tuple[int, int]] = set()
    for s, sentence in enumerate(sentences):
        if sentence.question:
            continue
        clauses = sentence.clauses
        for c, clause in enumerate(clauses):
            text = clause.text
            if about_someone_else(text, person):
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
            phrase = span(sentence, c, last)
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


def _co_occurring(sentences: list[Sentence], person: Person) -> str | None:
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
                and not about_someone_else(text, person)
                and parse_co_occurring(text) is True
            ):
                last = c  # "depression and ptsd": the conditions listed after it too
                while last + 1 < len(sentence.clauses) and _only_conditions(
                    sentence.clauses[last + 1].text
                ):
                    last += 1
                return span(sentence, c, last)
    return None


def _only_conditions(clause: str) -> bool:
    """ "ptsd", "bad anxiety": a clause that only names conditions."""
    return len(WORD_TOKEN.findall(clause)) <= 3 and bool(co_occurring_conditions(clause))


# --- the answers ---------------------------------------------------------------------


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
    sentences = sentences_of(messages)
    person = person_of(sentences, list(entities) if isinstance(entities, (list, tuple)) else [])
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
