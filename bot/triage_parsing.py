"""Free-text answers to the triage questions -> the values the triage rules read.

The readers every form shares (text clean-up, clauses and negation, yes / no, who it is for)
are in bot/language/; this module reads what only the triage asks.

Every parser is `parse_<question>(text, entities=()) -> value | None`. `None` means "could not
understand": the form re-asks with examples. Parsers never raise, whatever they are given
(a last-resort guard turns any bug into `None`; the tests also run the unguarded functions).

How answers are read, in order (per question, see each parser):
1. words that carry the answer themselves ("the shakes", "depression", "my roommate uses too"),
   unless negated in the same clause ("no withdrawal", "he does not get sick", "never been
   in treatment");
2. a plain yes / no / "kind of" / "not sure" answer ("yeah", "nah", "not really", "i dunno",
   "ya def", "prob", "👍"): bot/language/yes_no.py, with the phrases of
   bot/language/answer_words.py.

Judgement calls (kept next to the rules in `bot/triage_rules.yml`):
- "Not sure" leans safe only on the two safety questions: danger -> True (the crisis reply shows
  the numbers) and withdrawal -> True (a clinician checks before anything else). Elsewhere it is
  None (re-asked): guessing would quietly change the level. time_available is the exception:
  "not sure" -> False, which never changes the level, only adds the scheduling note.
- Hedged answers ("kind of", "a little", "sometimes") count as yes for danger, withdrawal and
  co-occurring needs; for home_safe they count as no (a home that is only partly supportive
  points to more support), for time_available as no (scheduling note only). "Probably" and
  "prob" are hedged, "probably not" is a no, "maybe" / "hmm maybe" is not sure.
- time_available: availability for only part of the day or week ("only evenings", "mornings
  only", "after 5 maybe", "weekdays are tough") is a no whatever else is said; shift work
  ("second shift", "i work nights") counts like a full-time job (a no, unless they then say
  they can make time).
- Duration: see `parse_duration`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import yaml

from bot.language.answer_words import HEDGE, NO, UNSURE, YES
from bot.language.clauses import Vocabulary, denied_in, mentions_of, said_in
from bot.language.for_whom import parse_for_whom
from bot.language.text import (
    PATTERNS_FILE,
    clean_text,
    entity_values,
    longest_first,
    never_raises,
    whole_words,
)
from bot.language.yes_no import decide_answer, plain_answer

# --- 2. danger right now -------------------------------------------------------------------

_DANGER = whole_words(
    r"danger\w*|unsafe|emergency|overdos\w*|od|od'?d|o\.d|suicid\w*|kill\w*|hurt\w* \w+sel(?:f|ves)"
    r"|hurt(?:ing)? (?:me|him|her|someone|somebody|us|others|people)|self[- ]?harm\w*"
    r"|cutting(?! back| down)|not breathing|can not breathe|not waking(?: up)?|will not wake"
    r"|unresponsive|passed out|blue lips|threat\w*|weapons?|guns?|knife|knives|violen\w*"
    r"|attack\w*|abus\w*|beat(?:s|ing)? (?:me|us|her|him)|hitting|die|dying|dead|death|911"
    r"|ambulance|hospital|seizing|seizures?|wants? to end it|end(?:ing)? it all"
)
_SAFE = re.compile(
    r"(?<![\w'])(?:safe|fine|all good|alright|all right|stable)(?![\w'])"
    r"|(?:(?<![\w'])(?:is|are|am|be)\s+|'s\s+|'re\s+)ok(?:ay)?(?![\w'])"
)


@never_raises
def parse_danger(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Is anyone in danger right now? Any sign of danger, or "not sure", -> True."""
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, _DANGER) or denied_in(t, _SAFE):
        return True
    if denied_in(t, _DANGER):
        return False
    if plain_answer(t) == NO:
        return False
    if said_in(t, _SAFE):
        return False
    return decide_answer(t, hedge=True, unsure=True)


# --- 3. withdrawal -------------------------------------------------------------------------

_SYMPTOMS = Vocabulary(
    [
        ("the shakes", r"shak(?:es|y|ing|e)|tremors?|trembl\w*|jitter\w*"),
        ("sweats", r"sweat\w*"),
        ("nausea", r"nause\w*|queasy"),
        ("vomiting", r"vomit\w*|throw(?:s|ing)? up|threw up|puk\w*"),
        ("seizures", r"seizures?|convuls\w*"),
        ("DTs", r"d\.?t\.?s|delirium tremens"),
        ("hallucinations", r"hallucinat\w*|seeing things"),
        ("chills", r"chills?"),
        ("cramps", r"cramp\w*"),
        ("diarrhea", r"diarrh\w*"),
        ("aches", r"aches?|achy|body aches"),
        ("a racing heart", r"racing heart|heart racing|heart pounding"),
        ("restlessness", r"restless\w*"),
        ("trouble sleeping", r"insomnia|(?:can not|trouble|hard to) sleep\w*"),
        ("getting sick", r"(?:dope ?)?sick(?! of| and tired)|ill"),
        (None, r"withdraw\w*|w/ds?|wds?|detox\w*|symptoms?"),
    ]
)
_NO_WITHDRAWAL = whole_words(
    r"(?:is|am|are|was|seems?|feels?|gets?) (?:totally |just |pretty |completely )?"
    r"(?:fine|ok|okay|good|normal)|nothing happens|no (?:problems?|issues?|effects?)"
    r"|can (?:just )?(?:stop|quit)(?: any ?time| whenever)?|stops? (?:easily|fine)"
)
_NEVER_STOPPED = whole_words(
    r"never (?:tried|stopped|quit|cut back|gone without)|not (?:tried|stopped|quit) (?:yet|before)"
)


@never_raises
def parse_withdrawal(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Withdrawal symptoms when cutting back? Symptoms, "kind of" or "not sure" -> True."""
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, _SYMPTOMS.any):
        return True
    if _NEVER_STOPPED.search(t):
        return True  # nobody knows yet: lean safe, a clinician checks
    if denied_in(t, _SYMPTOMS.any) or said_in(t, _NO_WITHDRAWAL):
        return False
    return decide_answer(t, hedge=True, unsure=True)


@never_raises
def withdrawal_symptoms(text: str, entities: Iterable[dict] = ()) -> tuple[str, ...]:
    """Symptoms named in the answer, to quote: ("the shakes", "sweats")."""
    return _SYMPTOMS.names(clean_text(text)) or ()


# --- 4. duration ---------------------------------------------------------------------------

_SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_QUANTITY_WORDS = {
    "a": 1, "an": 1, "a single": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2,
    "a few": 3, "few": 3, "several": 5, "many": 10, "a dozen": 12, "dozen": 12, "a handful of": 4,
    "half a": 0.5, "half an": 0.5, "a half": 0.5,
}  # fmt: skip
_NUMBER = "|".join(
    (
        r"\d+(?:\.\d+)?\+?",
        rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(list(_SMALL_NUMBERS)[:9])}))?",
        longest_first(_SMALL_NUMBERS),
        longest_first(_QUANTITY_WORDS),
    )
)
_UNIT_MONTHS = {"day": 1 / 30, "week": 12 / 52, "month": 1.0, "year": 12.0, "decade": 120.0}
_UNIT = r"days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?|y|decades?"
_MODIFIER_FACTOR = {
    "less than": 0.5, "under": 0.5, "not even": 0.5, "almost": 0.9, "nearly": 0.9,
    "close to": 0.9, "not quite": 0.9, "just under": 0.9, "a little less than": 0.9,
}  # fmt: skip
_MODIFIERS = (
    "about", "around", "roughly", "approximately", "approx", "like", "maybe", "probably",
    "over", "more than", "at least", "upwards of", "just over", "a little over",
    "a little more than", "past", "the past", "the last", "for the past", "for the last",
    "for", "for about", "for over", "for like", "going on", *_MODIFIER_FACTOR,
)  # fmt: skip
_QUANTITY = re.compile(
    rf"(?<![\w'])(?:(?P<mod>{longest_first(_MODIFIERS)})\s+)?(?P<n>{_NUMBER})"
    rf"(?:\s*(?:-|to|or)\s*(?P<n2>{_NUMBER}))?\s*(?P<unit>{_UNIT})"
    r"(?P<half>\s+and\s+a\s+half)?(?P<or_two>\s+or\s+two)?(?![\w'])"
    r"(?!\s+old|\s*[/.]\s*o(?![\w']))"  # "19 years old", "19 y/o": an age
)
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_YEAR = r"(?:19|20)\d\d"
_DATE = rf"(?P<date>(?:last )?(?:{'|'.join(_MONTH_NAMES)})(?: (?:of )?{_YEAR})?|{_YEAR})"
_VAGUE_DURATIONS: tuple[tuple[str, float | None], ...] = (
    (r"just (?:started|began|beginning)|only (?:just )?started|(?:only |just )?recently"
     r"|brand new|since last (?:week|month)|last (?:week|month)", 1.0),
    (r"not (?:very |that |too )?long|a short (?:time|while)|not a long time", 2.0),
    (r"decades", 240.0),
    (r"(?:a )?(?:really |very |pretty )?long (?:time|while)|forever|ages|for years|years and years"
     r"|(?:many |several |a few )?years(?! old)(?: now)?|a lifetime"
     r"|(?:all|most) (?:of )?(?:his|her|my|their|your) (?:adult )?life"
     r"|(?:his|her|my|their|your) (?:whole|entire) (?:adult )?life"
     r"|as long as (?:i|he|she|they|we) can remember"
     r"|since (?:(?:he|she|i|they) (?:was|were) in )?(?:high school|middle school|junior high"
     r"|college|grade school|(?:\d+th|\w+th) grade|(?:he|she|i|they)"
     r" (?:was|were) (?:a )?(?:kid|child|teen|teenager|young|little|\d+|\w+teen)"
     r"|(?:his|her|my|their) (?:early |mid |late )?(?:teens|twenties|20s))"
     r"|(?:in|during) (?:high school|middle school|junior high|college)", 24.0),
    (r"since last year|(?:the )?(?:past|last) year", 12.0),
    (r"(?:for )?months(?: and months)?(?: now)?(?! old)", 6.0),  # clearly under a year
    (r"since (?:covid|the pandemic|lockdown)", None),
    (r"since (?:(?:19|20)\d\d)", None),
    (rf"since (?:last )?(?:{'|'.join(_MONTH_NAMES)})", None),
    # "since he lost his job in march", "since the divorce in 2019": months until that date
    (rf"since (?:[a-z']+ ){{1,6}}?(?:(?:back )?in |during |(?=last )){_DATE}(?![\w'])", None),
)  # fmt: skip
_VAGUE = tuple((whole_words(pattern), months) for pattern, months in _VAGUE_DURATIONS)
# Understood, but could be either side of the threshold: not sure, so the form asks again
# ("a while"; "since his divorce": when was that?).
_UNDATED = whole_words(r"a while|some time|since [a-z'][\w' ]*")
_ABBREVIATED_UNITS = whole_words(r"yrs?|y|mos?|mths?|wks?")
_UNIT_NAMES = {"yr": "year", "yrs": "years", "y": "years", "mo": "month", "mos": "months",
               "mth": "month", "mths": "months", "wk": "week", "wks": "weeks"}  # fmt: skip


def _number(word: str) -> float | None:
    word = word.rstrip("+").replace("-", " ")
    if word in _QUANTITY_WORDS:
        return float(_QUANTITY_WORDS[word])
    if word in _SMALL_NUMBERS:
        return float(_SMALL_NUMBERS[word])
    tens, _, ones = word.partition(" ")
    if tens in _TENS:
        return float(_TENS[tens] + _SMALL_NUMBERS.get(ones, 0))
    try:
        return float(word)
    except ValueError:
        return None


def _unit_months(unit: str) -> float:
    unit = _UNIT_NAMES.get(unit, unit).rstrip("s")
    return _UNIT_MONTHS.get(unit, 0.0)


def _today() -> dt.date:
    return dt.date.today()


def _months_since(text: str) -> float | None:
    """ "since 2019", "since march", "since covid" -> months until today."""
    today = _today()
    year = re.search(r"\b((?:19|20)\d\d)\b", text)
    if year:
        start = dt.date(int(year.group(1)), 1, 1)
    elif re.search(r"covid|pandemic|lockdown", text):
        start = dt.date(2020, 3, 1)
    else:
        month = next((i for i, m in enumerate(_MONTH_NAMES, 1) if m in text), None)
        if month is None:
            return None
        behind = month > today.month or "last" in text
        start = dt.date(today.year - (1 if behind else 0), month, 1)
    months = (today.year - start.year) * 12 + today.month - start.month
    return float(months) if months >= 0 else None


class _Duration(NamedTuple):
    months: float
    phrase: str  # what the person said, ready to follow "using": "for about 6 years"


def _read_duration(text: str) -> _Duration | None:
    groups: list[tuple[float, int, int]] = []  # months, start, end
    last_end = -1
    for match in _QUANTITY.finditer(text):
        months = _quantity_months(match)
        if months is None:
            continue
        joined = last_end >= 0 and re.fullmatch(
            r"\s*(?:,|and|, and)?\s*", text[last_end : match.start()]
        )
        if joined and groups:
            total, start, _ = groups[-1]
            groups[-1] = (total + months, start, match.end())
        else:
            groups.append((months, match.start(), match.end()))
        last_end = match.end()
    if groups:
        months, start, end = max(groups, key=lambda g: g[0])
        return _Duration(round(months, 2), _phrase(text[start:end]))
    for pattern, fixed in _VAGUE:
        match = pattern.search(text)
        if not match:
            continue
        since = match.groupdict().get("date") or match.group(0)
        months = fixed if fixed is not None else _months_since(since)
        if months is None:
            return None
        return _Duration(months, _phrase(match.group(0)))
    return None


def _quantity_months(match: re.Match[str]) -> float | None:
    numbers = [_number(match.group(g)) for g in ("n", "n2") if match.group(g)]
    if not numbers or any(n is None for n in numbers):
        return None
    count = max(numbers)  # "6-12 months", "2 or 3 years": the longer end
    if match.group("half"):
        count += 0.5
    if match.group("or_two"):
        count = max(count, 2)
    months = count * _unit_months(match.group("unit"))
    factor = _MODIFIER_FACTOR.get(match.group("mod") or "", 1.0)
    return months * factor if months > 0 else None


_SHORT_PHRASES = (
    "just",
    "only",
    "recently",
    "brand new",
    "not long",
    "not very",
    "not that",
    "not too",
    "a short",
)
_FIRST_TO_SECOND = {
    "i was": "you were", "i am": "you are", "i": "you", "my": "your", "me": "you",
    "myself": "yourself", "we were": "you were", "we": "you", "our": "your",
}  # fmt: skip
_FIRST_PERSON_WORDS = whole_words(longest_first(_FIRST_TO_SECOND))
_FILLER_WORDS = {
    "like": "about", "maybe": "about", "probably": "about", "roughly": "about",
    "approximately": "about", "approx": "about", "not quite": "almost", "not even": "less than",
}  # fmt: skip
_FILLER = re.compile(
    rf"(?<=^for )(?:{longest_first(_FILLER_WORDS)})(?![\w'])"
    rf"|^(?:{longest_first(_FILLER_WORDS)})(?![\w'])"
)


def _phrase(span: str) -> str:
    """A duration span as the bot repeats it: "for 2 years", "since you were a teen"."""
    span = re.sub(rf"(\d)(?=(?:{_UNIT})(?![\w']))", r"\1 ", span)  # "6yrs", not "20s"
    span = _ABBREVIATED_UNITS.sub(lambda m: _UNIT_NAMES[m.group(0)], span)
    span = _FIRST_PERSON_WORDS.sub(lambda m: _FIRST_TO_SECOND[m.group(0)], span)
    span = _FILLER.sub(lambda m: _FILLER_WORDS[m.group(0)], " ".join(span.split()))
    if span.startswith(("in ", "during ")):  # "in college" -> "since college"
        return f"since {span.split(' ', 1)[1]}"
    if span.startswith(("for ", "since ")):
        return span
    if span.startswith(_SHORT_PHRASES):
        return "for only a short time"
    if span.startswith("last "):
        return f"since {span}"
    if span.startswith("past "):
        return f"for the {span}"
    if span in ("forever", "ages"):
        return "for a very long time"
    return f"for {span}"


@never_raises
def parse_duration(text: str, entities: Iterable[dict] = ()) -> float | None:
    """How long use has been a problem, in months.

    Numbers and units ("2 yrs" -> 24, "six months" -> 6, "a couple weeks" -> 0.46,
    "a year and a half" -> 18, "over a decade" -> 120, "6-12 months" -> 12: ranges take the
    longer end). "Less than"/"under" halve the figure, "almost" takes 90 %. Vague answers:
    "just started"/"recently" -> 1, "not long" -> 2, "a long time", "years", "since high school",
    "since he was a teen", "forever" -> 24 (clearly long-lasting; the reply quotes their words,
    not the number), "months" -> 6 (clearly under a year), "decades" -> 240, "since 2019",
    "since march", "since he lost his job in march" -> months until today. "A while", "since
    his divorce", "I don't know" -> None: could be either side of the 12-month line, so the
    form asks again (and `answered_unsure` says so). Ages ("19 years old", "19 y/o") are not
    durations.
    """
    found = _read_duration(clean_text(text))
    return found.months if found else None


@never_raises
def duration_phrase(text: str, entities: Iterable[dict] = ()) -> str | None:
    """The duration as the person said it, ready to follow "using": "for about 6 years"."""
    found = _read_duration(clean_text(text))
    return found.phrase if found else None


# --- 5. previous treatment -----------------------------------------------------------------

_TREATMENTS = Vocabulary(
    [
        ("intensive outpatient care", r"iops?|intensive outpatient\w*"),
        ("partial hospitalization", r"php|partial hospitali\w*|day treatment"),
        ("outpatient care", r"outpatient|op"),
        ("inpatient care", r"inpatient|residential"),
        ("detox", r"detox\w*"),
        ("rehab", r"rehabs?|rehabilitation"),
        ("sober living", r"sober living|halfway house|sober house"),
        ("medication treatment", r"suboxone|methadone|subutex|vivitrol|naltrexone|sublocade|mat"),
        ("12-step meetings", r"aa|a\.a|n\.a|narcotics anonymous|alcoholics anonymous"
                             r"|12[- ]?steps?|twelve[- ]steps?|meetings|smart recovery"),
        ("counseling", r"counsel\w*|therap\w*|psychiatrist|psychologist"),
        ("treatment", r"treatment|programs?|clinic|facility|center"),
    ]
)  # fmt: skip
_RELAPSE = whole_words(
    r"relaps\w*|slip(?:ped|s)?|(?:using|drinking|smoking|used|drank|drinks|uses) again"
    r"|started (?:\w+ )?again|went back to (?:using|drinking|drugs|it|old habits|the \w+)"
    r"|back (?:to|at) (?:it|using|drinking)|fell off(?: the wagon)?|picked (?:it )?(?:back )?up"
    r"|did not (?:stick|work|last|help|take)|was not enough|returned to (?:using|drinking)"
    r"|(?:came|comes) back|in and out of|(?:using|drinking) (?:again )?within"
    r"|(?:using|drinking|used|drank) (?:\w+ )?(?:since|after) (?:\w+ )?(?:rehab|detox|treatment"
    r"|iop|outpatient|inpatient|the program)"
)
# "kept using" is a relapse only when a treatment is named ("counseling, but he kept using")
_CONTINUED_USE = whole_words(
    r"kept (?:using|drinking)|still (?:using|drinking)|continued (?:to use|to drink|using|drinking)"
)
_STAYED_CLEAN = whole_words(
    r"(?:stay|stayed|stays|been|is|was|remained|got|still|staying) (?:\w+ )?(?:clean|sober)"
    r"|(?:clean|sober) (?:since|ever since|for)|it (?:worked|helped)"
)
_TIMES_TREATED = whole_words(r"once|twice|(?:a few|several|many|multiple|two|three|\d+) times")
_NO_TREATMENT = whole_words(
    r"first time|never (?:been|gone|went|had|tried|done)|no (?:prior|previous|past|other) "
    r"(?:treatment|help|rehab)|on (?:my|his|her|their|our) own|cold turkey"
    r"|by (?:myself|himself|herself|themselves)|not yet"
)


@never_raises
def parse_prior_treatment(text: str, entities: Iterable[dict] = ()) -> str | None:
    """ "none", "treated", or "relapsed_after_lower" (used again after earlier treatment).

    Any relapse after earlier treatment counts: a chat cannot tell levels of care apart
    reliably ("rehab" may be outpatient or residential); the clinician will.
    """
    t = clean_text(text)
    if not t:
        return None
    treated = said_in(t, _TREATMENTS.any)
    relapsed = (
        said_in(t, _RELAPSE)
        or denied_in(t, _STAYED_CLEAN)
        or (treated and said_in(t, _CONTINUED_USE))
    )
    kind = plain_answer(t)
    untreated = denied_in(t, _TREATMENTS.any) or bool(_NO_TREATMENT.search(t)) or kind == NO
    if relapsed and (treated or kind == YES or not untreated):
        return "relapsed_after_lower"
    if treated or kind in (YES, HEDGE) or (not untreated and said_in(t, _TIMES_TREATED)):
        return "treated"  # "once, years ago": the question asked about treatment
    if untreated:
        return "none"
    return None


@never_raises
def treatment_phrase(text: str, entities: Iterable[dict] = ()) -> str | None:
    """The earlier treatment, in plain words: "outpatient care", "rehab"; None if unnamed.

    The one before the relapse when several are named ("detox then IOP, but relapsed").
    """
    t = clean_text(text)
    relapses = [m.start() for p in (_RELAPSE, _CONTINUED_USE) for m in p.finditer(t)]
    cut = min(relapses, default=len(t))
    before = _TREATMENTS.names(t[:cut])
    named = before[-1:] or _TREATMENTS.names(t)[:1]
    return named[0] if named else None


# --- 6. co-occurring mental-health or medical needs ----------------------------------------

_CONDITIONS = Vocabulary(
    [
        ("depression", r"depress\w*"),
        ("PTSD", r"ptsd|post[- ]?traumatic(?: stress)?(?: disorder)?"),
        ("panic attacks", r"panic(?: attacks?)?"),
        ("anxiety", r"anxi\w*"),
        ("trauma", r"trauma\w*"),
        ("bipolar disorder", r"bi-?polar|manic|mania"),
        ("schizophrenia", r"schizo\w*|psychos[ie]s|psychotic"),
        ("ADHD", r"adhd|attention deficit"),
        ("OCD", r"ocd|obsessive[- ]compulsive"),
        ("an eating disorder", r"eating disorders?|anorexi\w*|bulimi\w*|binge eating"),
        ("a personality disorder", r"personality disorders?|bpd|borderline"),
        ("suicidal thoughts", r"suicid\w*"),
        ("self-harm", r"self[- ]?harm\w*|cutting(?! back| down)"),
        ("grief", r"grie(?:f|ving)"),
        ("diabetes", r"diabet\w*"),
        ("hepatitis", r"hep(?:atitis)?(?: [abc])?"),
        ("HIV", r"hiv"),
        ("liver problems", r"liver(?: \w+)?|cirrhosis"),
        ("heart problems", r"heart (?:problems?|disease|condition|issues?|attacks?|failure)"
                           r"|cardiac|afib"),
        ("high blood pressure", r"(?:high )?blood pressure|hypertension"),
        ("seizures", r"seizures?|epilep\w*"),
        ("chronic pain", r"(?:chronic|back|nerve|neck) pain|in (?:a lot of )?pain|fibromyalgia"),
        ("cancer", r"cancer"),
        ("pregnancy", r"pregnan\w*"),
        ("kidney problems", r"kidneys?(?: \w+)?"),
        ("lung problems", r"copd|asthma|lungs?(?: \w+)?"),
        ("pancreatitis", r"pancreat\w*"),
        ("mental-health needs", r"mental(?:ly)?[- ]?(?:health|illness|ill|issues?|problems?)"
                                r"(?: (?:issues?|problems?|conditions?|stuff))?"
                                r"|psychiatric|emotional (?:issues?|problems?)"),
        ("a medical condition", r"medical(?: (?:conditions?|issues?|problems?|needs?))?"
                                r"|health (?:issues?|problems?|conditions?)|disabilit\w*"
                                r"|illness|chronic \w+"),
    ]
)  # fmt: skip


@never_raises
def parse_co_occurring(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Mental-health or medical conditions needing care? A named condition or "kind of" -> True."""
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, _CONDITIONS.any):
        return True
    if denied_in(t, _CONDITIONS.any):
        return False
    return decide_answer(t, hedge=True, unsure=None)


@never_raises
def co_occurring_conditions(text: str, entities: Iterable[dict] = ()) -> tuple[str, ...]:
    """Conditions named in the answer, to quote: ("depression", "diabetes")."""
    return _CONDITIONS.names(clean_text(text)) or ()


# --- 7. home ---------------------------------------------------------------------------------

_USE_VERBS = r"uses?|using|drinks?|drinking|smokes?|smoking|gets? high|does drugs|deals?|dealing"
_UNSAFE_HOME = whole_words(
    rf"(?:{_USE_VERBS})(?: \w+){{0,2}} (?:too|also|as well|with (?:me|him|her|them|us))"
    rf"|(?:roommates?|husband|wife|partner|boyfriend|girlfriend|mom|mum|dad|parents?|brother"
    rf"|sister|friends?|everyone|everybody|people|family|they) (?:\w+ ){{0,2}}(?:{_USE_VERBS})"
    r"|(?:drugs|alcohol|booze|pills) (?:\w+ )?(?:in|at|around) (?:the|my|our|his|her)"
    r" (?:house|home)"
    r"|unsafe|dangerous|abus\w*|violen\w*|fight\w*|toxic|chao\w*|homeless|shelter|kicked out"
    r"|on the streets?|couch[- ]?surf\w*|no(?:where| place) to (?:live|stay|go)|enabl\w*"
    r"|trigger\w*|unsupportive|unstable|hostile|yell\w*|scream\w*|hits? (?:me|him|her)"
)
_SAFE_HOME = whole_words(
    r"safe|supportive|support\w*|stable|sober (?:home|house|living|environment)"
    r"|good (?:home|place|environment)|(?:family|wife|husband|parents?|partner|they|everyone)"
    r" (?:is|are) (?:great|behind|there|helpful|on board|good)|help(?:s|ful|ing) (?:me|him|her)"
    r"|loving|peaceful|encourag\w*|good|fine|great|okay|ok|all good"
    rf"|(?:nobody|no one|noone) (?:\w+ ){{0,2}}(?:{_USE_VERBS})|no (?:drugs|alcohol|booze)"
)


@never_raises
def parse_home_safe(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Is home a safe, supportive place? Others using, violence, "kind of" -> False."""
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, _UNSAFE_HOME) or denied_in(t, _SAFE_HOME):
        return False
    if said_in(t, _SAFE_HOME) or denied_in(t, _UNSAFE_HOME):
        return True
    return decide_answer(t, hedge=False, unsure=None)


# --- 8. time for 9-20 hours a week ---------------------------------------------------------

_NO_TIME = whole_words(
    r"full[- ]?time|two jobs|2 jobs|(?:too |very |really |super )?busy|no time"
    r"|not (?:enough|much) time|(?:take|taking|takes) care of|caregiv\w*"
    r"|single (?:mom|mother|dad|father|parent)|(?:little|small|young) (?:kids|children|ones)"
    r"|kids|children|baby|can not (?:take|get) (?:time )?off|work(?:s|ing)? (?:days|all day"
    r"|a lot|long hours|every day|nights|evenings|weekends|overnights?|shifts|doubles)"
    r"|long hours|overtime|too much|a lot of (?:hours|time)|impossible|lose (?:my"
    r"|his|her|their) job|can not (?:do|manage|make|fit|swing|handle|afford|commit)"
    r"|(?:first|second|2nd|third|3rd|swing|night|graveyard|overnight|split|rotating|evening"
    r"|late|double) shifts?|shift work|on (?:nights|the night shift)"
)
_HAS_TIME = whole_words(
    r"make (?:the )?time|find (?:the )?time|have (?:the )?time|got (?:the )?time"
    r"|(?:plenty|lots) of time|free|flexib\w*|availab\w*|unemployed|not working|between jobs"
    r"|retired|(?:on|taking|take) (?:medical )?leave|fmla|time off|whatever it takes"
    r"|make it work|(?:can|could|will|would) (?:do|manage|fit|swing|handle) (?:it|that|this|them)"
    r"|can do|work from home|part[- ]?time|off (?:work|school)|do not work|does not work"
    r"|no job|doable|manageable|possible|any ?time|whenever|any day"
    r"|(?:is|are|would be|sounds|seems) (?:fine|ok|okay|good)"
)
# Availability for only a part of the day or week ("only evenings", "mornings only", "free
# after 5", "weekends maybe", "weekdays are hard") is a limited-time answer whatever else is
# said: False only adds the scheduling note. Two parts of the working day ("mornings and
# afternoons") are not limited; two after-work parts ("evenings and weekends") are.
_HOUR = r"\d{1,2}(?::\d\d)?(?: ?[ap]\.?m\.?)?"
_AFTER_WORK = (
    rf"evenings?|nights?|weeknights?|weekends?|saturdays?|sundays?|at night|lunch ?(?:time)?"
    rf"|after (?:work|school|hours|dinner|noon|lunch|{_HOUR})|before (?:work|school|noon|{_HOUR})"
)
_PART_OF_WEEK = (
    rf"(?:(?:in|on|at|during) )?(?:the )?(?:mornings?|afternoons?|mondays?|tuesdays?"
    rf"|wednesdays?|thursdays?|fridays?|{_AFTER_WORK})"
)
_ANY_PART = rf"{_PART_OF_WEEK}|(?:the )?(?:weekdays?|days|daytime|week)|during the (?:day|week)"
_HARD = (
    r"tough|hard|difficult|bad|impossible|busy|out|rough|tricky|a problem|an issue|full|no good"
    r"|packed|booked"
)
_PARTIAL_TIME = whole_words(
    rf"(?:only|just|except) {_PART_OF_WEEK}|(?:{_PART_OF_WEEK}) only"
    rf"|(?:free|available|open|off|(?:can|could) (?:do|make|come|go|manage|fit)(?: it| that| in)?"
    rf"|(?:make|find|have|got) (?:the )?time) {_PART_OF_WEEK}"
    rf"(?! ?(?:,|and|or|&|to) (?:the )?(?:mornings?|afternoons?|days))"
    rf"|(?:{_AFTER_WORK}) (?:and|or|&) (?:{_AFTER_WORK})|^(?:only |just )?(?:{_PART_OF_WEEK})$"
    rf"|(?:{_PART_OF_WEEK}) (?:maybe|possibly|perhaps|probably|might work|could work"
    rf"|would work|works? best|(?:are|is|would be) (?:better|best|free|open|good|ok|okay|fine))"
    rf"|(?:{_ANY_PART}) (?:are|is|would be|will be|can be) (?:\w+ )?(?:{_HARD})"
    rf"|(?:{_ANY_PART}) (?:do|does|will|would) not work"
)


@never_raises
def parse_time_available(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Could they give 9-20 hours a week? "I work full time" -> False; "I can make time" -> True.

    Only part of the day or week ("only evenings", "mornings only", "after 5 maybe",
    "weekdays are tough") -> False, whatever else is said. Otherwise, when both come up, the
    last one said wins ("I work full time but I can make time", "second shift, but I can
    make it work"): shift work counts like a full-time job.
    """
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, _PARTIAL_TIME):
        return False
    signals = [(m.start, m.negated) for m in mentions_of(t, _HAS_TIME)]
    signals += [(m.start, True) for m in mentions_of(t, _NO_TIME) if not m.negated]
    if signals:
        return not max(signals)[1]
    return decide_answer(t, hedge=False, unsure=False)


# --- substances (captured on the way, no extra question) -----------------------------------


@functools.lru_cache(maxsize=1)
def _substance_vocabulary() -> Vocabulary:
    patterns = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))["substance"]
    return Vocabulary(
        (name, longest_first(str(p).lower() for p in phrases)) for name, phrases in patterns.items()
    )


@never_raises
def parse_substances(text: str, entities: Iterable[dict] = ()) -> tuple[str, ...]:
    """Substances named in the text or the `substance` entities, as pattern ids ("alcohol")."""
    vocabulary = _substance_vocabulary()
    ids = {name for name, _ in vocabulary.entries}
    found: list[str] = []
    for value in entity_values(entities, "substance"):
        found += [value] if value in ids else list(vocabulary.names(clean_text(value)))
    found += vocabulary.names(clean_text(text))
    return tuple(dict.fromkeys(found))


# --- the form's table ------------------------------------------------------------------------

PARSERS: dict[str, Callable[..., Any]] = {
    "for_whom": parse_for_whom,
    "danger": parse_danger,
    "withdrawal": parse_withdrawal,
    "duration_months": parse_duration,
    "prior_treatment": parse_prior_treatment,
    "co_occurring": parse_co_occurring,
    "home_safe": parse_home_safe,
    "time_available": parse_time_available,
}


def answered_unsure(question: str, text: object) -> bool:
    """Was this answer only an "I don't know" (so the value is the safe-leaning guess)?

    A duration is unsure when no length can be read from it: "idk", but also "a while" or
    "since his divorce"; "like 6 months maybe" and "idk a long time" are answers.
    """
    t = clean_text(text)
    if t and question == "duration_months":
        return _read_duration(t) is None and (plain_answer(t) == UNSURE or bool(_UNDATED.search(t)))
    if not t or plain_answer(t) != UNSURE:
        return False
    if question == "withdrawal":
        return not said_in(t, _SYMPTOMS.any)
    if question == "danger":
        return not (said_in(t, _DANGER) or denied_in(t, _SAFE))
    return True
