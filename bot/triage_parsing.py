"""Free-text answers to the triage questions -> the values the triage rules read.

Every parser is `parse_<question>(text, entities=()) -> value | None`. `None` means "could not
understand": the form re-asks with examples. Parsers never raise, whatever they are given
(a last-resort guard turns any bug into `None`; the tests also run the unguarded functions).

How answers are read, in order (per question, see each parser):
1. words that carry the answer themselves ("the shakes", "depression", "my roommate uses too"),
   unless negated in the same clause ("no withdrawal", "he does not get sick", "never been
   in treatment");
2. a plain yes / no / "kind of" / "not sure" answer ("yeah", "nah", "not really", "i dunno",
   "ya def", "prob", "👍"): the phrases are in `bot/answer_words.py`.

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

import bisect
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml

from bot.answer_words import ANSWER_PHRASES, HEDGE, NO, SHORTHAND, UNSURE, YES

MAX_CHARS = 1000  # answers are short; longer input is cut, never refused
NEGATION_WINDOW = 4  # words between a negation and what it negates ("not really get sick")
PATTERNS_FILE = Path(__file__).with_name("spacy_patterns.yml")

_YES, _NO, _HEDGE, _UNSURE = YES, NO, HEDGE, UNSURE  # the plain answers: bot/answer_words.py
T = TypeVar("T")


# --- text clean-up -------------------------------------------------------------------------

_CHAR_MAP = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-"}
)
_NT = re.compile(
    r"\b(ca|wo|ai|do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)n'?t\b"
)
_NT_BASE = {"ca": "can", "wo": "will", "ai": "is"}
_HAS = re.compile(  # "he's been", "she's never had": has
    r"\b(he|she|it|that|there|everyone|everybody|nobody|someone)'s (?=(?:(?:never|not|always"
    r"|just|already|ever|also|really|finally) )?(?:been|got|gotten|had|done|gone|tried)\b)"
)
_IS = re.compile(r"\b(he|she|it|that|there|everyone|everybody|nobody|someone|home)'s\b")
_ARE = re.compile(r"\b(we|they|you)'re\b")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "nooo", "yesss" -> "noo", "yess"
_SHORTHAND = re.compile(rf"(?<![\w'])(?:{'|'.join(map(re.escape, SHORTHAND))})(?![\w'])")


def _clean(text: object) -> str:
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


def _words(pattern: str) -> re.Pattern[str]:
    """A pattern matched on whole words only."""
    return re.compile(rf"(?<![\w'])(?:{pattern})(?![\w'])")


def _either(phrases: Iterable[str]) -> str:
    """Phrases as one alternation, longest first, so "not sure" wins over "sure"."""
    return "|".join(sorted((re.escape(p) for p in phrases), key=len, reverse=True))


def _guarded(parser: Callable[..., T]) -> Callable[..., T | None]:
    """Last-resort guard: an answer the parser trips over is treated as not understood."""

    @functools.wraps(parser)
    def guarded(text: object = "", entities: object = ()) -> T | None:
        try:
            return parser(text, entities)
        except Exception:
            return None

    return guarded


# --- clauses and negation ------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(
    r"[.;:!?,\n()]+|\s-\s|(?<![\w'])(?:but|though|although|however|except|yet|whereas|and|then"
    r"|when|whenever|if|because|cause|cuz|unless|until|while|after|before|during|since)(?![\w'])"
)
_NEGATIONS = frozenset(
    "no not never nothing none nobody noone without neither nor hardly barely zero".split()
)
_STRONG_NEGATION = _words(r"not think|not believe|not that|never (?:seen|noticed|had)")
_SUBJECTS = frozenset("i he she they we you".split())
_TOKEN = re.compile(r"[\w']+")


class Mention(NamedTuple):
    text: str
    negated: bool
    start: int


def _clause_starts(text: str) -> list[int]:
    return [0, *(brk.end() for brk in _CLAUSE_BREAK.finditer(text))]


def _before(text: str, starts: list[int], position: int) -> str:
    """The words of the match's own clause that come before it."""
    return text[starts[bisect.bisect_right(starts, position) - 1] : position]


def _is_negated(before: str) -> bool:
    """Is a match negated by what comes before it in its clause?"""
    if _STRONG_NEGATION.search(before):
        return True
    words = _TOKEN.findall(before)
    for distance, word in enumerate(reversed(words)):
        if distance > NEGATION_WINDOW:
            return False
        if word in _NEGATIONS:
            earlier = words[: len(words) - 1 - distance]
            # "can not go a day without the shakes": two negations make a yes
            return not (word == "without" and any(w in _NEGATIONS for w in earlier))
        if word in _SUBJECTS:  # "if he does not drink he gets sick": scope ends at "he"
            return False
    return False


def _mentions(text: str, pattern: re.Pattern[str]) -> list[Mention]:
    """Every match, and whether its clause negates it. Patterns see the whole text."""
    starts = _clause_starts(text)
    return [
        Mention(m.group(0), _is_negated(_before(text, starts, m.start())), m.start())
        for m in pattern.finditer(text)
    ]


def _said(text: str, pattern: re.Pattern[str]) -> bool:
    return any(not m.negated for m in _mentions(text, pattern))


def _denied(text: str, pattern: re.Pattern[str]) -> bool:
    return any(m.negated for m in _mentions(text, pattern))


class _Vocabulary:
    """Named concepts ("the shakes", "depression"), each a pattern; finds them in order."""

    def __init__(self, entries: Iterable[tuple[str | None, str]]) -> None:
        self.entries = tuple((name, _words(pattern)) for name, pattern in entries)
        self.any = _words("|".join(f"(?:{p.pattern})" for _, p in self.entries))

    def names(self, text: str) -> tuple[str, ...]:
        """Names of the concepts said (not negated), in the order said, once each."""
        starts = _clause_starts(text)
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, str]] = []
        for name, pattern in self.entries:
            for match in pattern.finditer(text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue  # "post-traumatic" is PTSD, not also trauma
                taken.append(match.span())
                if name and not _is_negated(_before(text, starts, match.start())):
                    found.append((match.start(), name))
        names: list[str] = []
        for _, name in sorted(found):
            if name not in names:
                names.append(name)
        return tuple(names)


# --- plain answers: yes / no / hedged / not sure ---------------------------------------------

_ANSWER_KIND = {phrase: kind for kind, phrases in ANSWER_PHRASES.items() for phrase in phrases}
_ANSWER = _words(_either(_ANSWER_KIND))
_SHORT_ANSWER = re.compile(
    r"\b(?:i|he|she|they|we|it)\s+(?:really\s+|definitely\s+|still\s+)?"
    r"(?:do|does|did|is|am|are|was|were|has|have|had|can|could|will|would)(?P<neg>\s+not)?\s*$"
)


def _answer(text: str) -> str | None:
    """The first plain answer in the text: "yes", "no", "hedge", "unsure" or None."""
    match = _ANSWER.search(text)
    if match:
        return _ANSWER_KIND[match.group(0)]
    short = _SHORT_ANSWER.search(text)  # "i think he does", "she has not"
    if short:
        return _NO if short.group("neg") else _YES
    return None


def _decide(text: str, *, hedge: bool | None, unsure: bool | None) -> bool | None:
    kind = _answer(text)
    return {_YES: True, _NO: False, _HEDGE: hedge, _UNSURE: unsure}.get(kind)  # type: ignore[arg-type]


# the first clause of a message: up to a punctuation mark or a joining word
_OPENING_CLAUSE = re.compile(r"^(.*?)(?:[,.;:!?]|\s+(?:but|and|so|though|just)\s+|$)")
# "ok" and "okay" open a question as often as they answer one ("ok and how long is it?")
_DISCOURSE_MARKERS = frozenset({"ok", "okay"})
_TRAILING_FILLER = re.compile(r"(?:\s+(?:tbh|honestly|lol|haha|thanks|thank you|thx))+$")


@_guarded
def opens_with_answer(text: str, entities: Iterable[dict] = ()) -> bool:
    """Whether the message starts with a plain answer and only then goes on ("no, but how long is
    IOP?", "nope. what is detox?", "not sure tbh, and does OP have evenings?"); not "ok and the
    intensive one is how many hours", where "ok" only opens the question."""
    t = _clean(text)
    match = _OPENING_CLAUSE.match(t)
    first = _TRAILING_FILLER.sub("", match.group(1).strip()) if match else ""
    return first not in _DISCOURSE_MARKERS and bool(_ANSWER.fullmatch(first))


@_guarded
def parse_yes_no(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Generic yes/no: "yeah", "kind of" -> True; "nah", "not really", "never" -> False."""
    return _decide(_clean(text), hedge=True, unsure=None)


@_guarded
def is_unsure(text: str, entities: Iterable[dict] = ()) -> bool:
    """Did the person answer "I don't know" / "not sure"?"""
    return _answer(_clean(text)) == _UNSURE


# --- 1. who the help is for ----------------------------------------------------------------

_LOVED_ONE_NOUNS = (
    r"son|daughter|kids?|child|children|husband|wife|partner|boyfriend|girlfriend|bf|gf|mom|mum"
    r"|mother|dad|father|parents?|brother|sister|siblings?|friend|best friend|fiance|fiancee"
    r"|spouse|grandson|granddaughter|grandchild|grandma|grandpa|grandmother|grandfather|nephew"
    r"|niece|cousin|uncle|aunt|stepson|stepdaughter|step ?(?:mom|dad|son|daughter)|roommate"
    r"|coworker|co-worker|employee|boss|client|patient|teen|teenager|relative|family member"
    r"|loved one|significant other|ex|boy|girl|baby"
)
_LOVED_ONE = _words(
    rf"(?:my|our|a|his|her|their) (?:[\w-]+ ){{0,3}}(?:{_LOVED_ONE_NOUNS})|someone else"
    r"|somebody else|someone i (?:love|know|care about)|another person|other person|a loved one"
    r"|loved one|family member|not (?:for )?(?:me|myself)"
)
_LOVED_ONE_NOUN = _words(_LOVED_ONE_NOUNS)
_BOTH = _words(r"both|me and|and me|myself and|and myself|us both|both of us|me too")
_SELF_STRONG = _words(r"for me|for myself|myself|me|my ?self|yourself|self|my own|it is me")
_THIRD_PERSON = _words(r"he|she|him|her|his|hers|they|them|their")
_FIRST_PERSON = _words(r"i|i am|im|i'll|i've|mine|my|i need|i want")


@_guarded
def parse_for_whom(text: str, entities: Iterable[dict] = ()) -> str | None:
    """ "me", "myself" -> "self"; "my son", "she", "a loved one" -> "loved_one"; both -> None.
    The values themselves (the `person` slot, a button) read as what they are."""
    if text in ("self", "loved_one"):
        return text
    for value in _entity_values(entities, "for_whom"):
        if value in ("self", "loved_one"):
            return value
        parsed = _for_whom(_clean(value))
        if parsed:
            return parsed
    return _for_whom(_clean(text))


def _for_whom(text: str) -> str | None:
    if not text:
        return None
    loved_one = _LOVED_ONE.search(text)
    if loved_one and loved_one.group(0).startswith("not "):
        return "loved_one"
    if loved_one and _BOTH.search(text):
        return None  # one person at a time: the form asks again
    if loved_one:
        return "loved_one"
    if _SELF_STRONG.search(text):
        return "self"
    if _LOVED_ONE_NOUN.search(text) or _THIRD_PERSON.search(text):
        return "loved_one"
    if _FIRST_PERSON.search(text):
        return "self"
    return None


# --- 2. danger right now -------------------------------------------------------------------

_DANGER = _words(
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


@_guarded
def parse_danger(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Is anyone in danger right now? Any sign of danger, or "not sure", -> True."""
    t = _clean(text)
    if not t:
        return None
    if _said(t, _DANGER) or _denied(t, _SAFE):
        return True
    if _denied(t, _DANGER):
        return False
    if _answer(t) == _NO:
        return False
    if _said(t, _SAFE):
        return False
    return _decide(t, hedge=True, unsure=True)


# --- 3. withdrawal -------------------------------------------------------------------------

_SYMPTOMS = _Vocabulary(
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
_NO_WITHDRAWAL = _words(
    r"(?:is|am|are|was|seems?|feels?|gets?) (?:totally |just |pretty |completely )?"
    r"(?:fine|ok|okay|good|normal)|nothing happens|no (?:problems?|issues?|effects?)"
    r"|can (?:just )?(?:stop|quit)(?: any ?time| whenever)?|stops? (?:easily|fine)"
)
_NEVER_STOPPED = _words(
    r"never (?:tried|stopped|quit|cut back|gone without)|not (?:tried|stopped|quit) (?:yet|before)"
)


@_guarded
def parse_withdrawal(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Withdrawal symptoms when cutting back? Symptoms, "kind of" or "not sure" -> True."""
    t = _clean(text)
    if not t:
        return None
    if _said(t, _SYMPTOMS.any):
        return True
    if _NEVER_STOPPED.search(t):
        return True  # nobody knows yet: lean safe, a clinician checks
    if _denied(t, _SYMPTOMS.any) or _said(t, _NO_WITHDRAWAL):
        return False
    return _decide(t, hedge=True, unsure=True)


@_guarded
def withdrawal_symptoms(text: str, entities: Iterable[dict] = ()) -> tuple[str, ...]:
    """Symptoms named in the answer, to quote: ("the shakes", "sweats")."""
    return _SYMPTOMS.names(_clean(text)) or ()


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
        _either(_SMALL_NUMBERS),
        _either(_QUANTITY_WORDS),
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
    rf"(?<![\w'])(?:(?P<mod>{_either(_MODIFIERS)})\s+)?(?P<n>{_NUMBER})"
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
_VAGUE = tuple((_words(pattern), months) for pattern, months in _VAGUE_DURATIONS)
# Understood, but could be either side of the threshold: not sure, so the form asks again
# ("a while"; "since his divorce": when was that?).
_UNDATED = _words(r"a while|some time|since [a-z'][\w' ]*")
_ABBREVIATED_UNITS = _words(r"yrs?|y|mos?|mths?|wks?")
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
_FIRST_PERSON_WORDS = _words(_either(_FIRST_TO_SECOND))
_FILLER_WORDS = {
    "like": "about", "maybe": "about", "probably": "about", "roughly": "about",
    "approximately": "about", "approx": "about", "not quite": "almost", "not even": "less than",
}  # fmt: skip
_FILLER = re.compile(
    rf"(?<=^for )(?:{_either(_FILLER_WORDS)})(?![\w'])|^(?:{_either(_FILLER_WORDS)})(?![\w'])"
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


@_guarded
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
    found = _read_duration(_clean(text))
    return found.months if found else None


@_guarded
def duration_phrase(text: str, entities: Iterable[dict] = ()) -> str | None:
    """The duration as the person said it, ready to follow "using": "for about 6 years"."""
    found = _read_duration(_clean(text))
    return found.phrase if found else None


# --- 5. previous treatment -----------------------------------------------------------------

_TREATMENTS = _Vocabulary(
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
_RELAPSE = _words(
    r"relaps\w*|slip(?:ped|s)?|(?:using|drinking|smoking|used|drank|drinks|uses) again"
    r"|started (?:\w+ )?again|went back to (?:using|drinking|drugs|it|old habits|the \w+)"
    r"|back (?:to|at) (?:it|using|drinking)|fell off(?: the wagon)?|picked (?:it )?(?:back )?up"
    r"|did not (?:stick|work|last|help|take)|was not enough|returned to (?:using|drinking)"
    r"|(?:came|comes) back|in and out of|(?:using|drinking) (?:again )?within"
    r"|(?:using|drinking|used|drank) (?:\w+ )?(?:since|after) (?:\w+ )?(?:rehab|detox|treatment"
    r"|iop|outpatient|inpatient|the program)"
)
# "kept using" is a relapse only when a treatment is named ("counseling, but he kept using")
_CONTINUED_USE = _words(
    r"kept (?:using|drinking)|still (?:using|drinking)|continued (?:to use|to drink|using|drinking)"
)
_STAYED_CLEAN = _words(
    r"(?:stay|stayed|stays|been|is|was|remained|got|still|staying) (?:\w+ )?(?:clean|sober)"
    r"|(?:clean|sober) (?:since|ever since|for)|it (?:worked|helped)"
)
_TIMES_TREATED = _words(r"once|twice|(?:a few|several|many|multiple|two|three|\d+) times")
_NO_TREATMENT = _words(
    r"first time|never (?:been|gone|went|had|tried|done)|no (?:prior|previous|past|other) "
    r"(?:treatment|help|rehab)|on (?:my|his|her|their|our) own|cold turkey"
    r"|by (?:myself|himself|herself|themselves)|not yet"
)


@_guarded
def parse_prior_treatment(text: str, entities: Iterable[dict] = ()) -> str | None:
    """ "none", "treated", or "relapsed_after_lower" (used again after earlier treatment).

    Any relapse after earlier treatment counts: a chat cannot tell levels of care apart
    reliably ("rehab" may be outpatient or residential); the clinician will.
    """
    t = _clean(text)
    if not t:
        return None
    treated = _said(t, _TREATMENTS.any)
    relapsed = (
        _said(t, _RELAPSE) or _denied(t, _STAYED_CLEAN) or (treated and _said(t, _CONTINUED_USE))
    )
    kind = _answer(t)
    untreated = _denied(t, _TREATMENTS.any) or bool(_NO_TREATMENT.search(t)) or kind == _NO
    if relapsed and (treated or kind == _YES or not untreated):
        return "relapsed_after_lower"
    if treated or kind in (_YES, _HEDGE) or (not untreated and _said(t, _TIMES_TREATED)):
        return "treated"  # "once, years ago": the question asked about treatment
    if untreated:
        return "none"
    return None


@_guarded
def treatment_phrase(text: str, entities: Iterable[dict] = ()) -> str | None:
    """The earlier treatment, in plain words: "outpatient care", "rehab"; None if unnamed.

    The one before the relapse when several are named ("detox then IOP, but relapsed").
    """
    t = _clean(text)
    relapses = [m.start() for p in (_RELAPSE, _CONTINUED_USE) for m in p.finditer(t)]
    cut = min(relapses, default=len(t))
    before = _TREATMENTS.names(t[:cut])
    named = before[-1:] or _TREATMENTS.names(t)[:1]
    return named[0] if named else None


# --- 6. co-occurring mental-health or medical needs ----------------------------------------

_CONDITIONS = _Vocabulary(
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


@_guarded
def parse_co_occurring(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Mental-health or medical conditions needing care? A named condition or "kind of" -> True."""
    t = _clean(text)
    if not t:
        return None
    if _said(t, _CONDITIONS.any):
        return True
    if _denied(t, _CONDITIONS.any):
        return False
    return _decide(t, hedge=True, unsure=None)


@_guarded
def co_occurring_conditions(text: str, entities: Iterable[dict] = ()) -> tuple[str, ...]:
    """Conditions named in the answer, to quote: ("depression", "diabetes")."""
    return _CONDITIONS.names(_clean(text)) or ()


# --- 7. home ---------------------------------------------------------------------------------

_USE_VERBS = r"uses?|using|drinks?|drinking|smokes?|smoking|gets? high|does drugs|deals?|dealing"
_UNSAFE_HOME = _words(
    rf"(?:{_USE_VERBS})(?: \w+){{0,2}} (?:too|also|as well|with (?:me|him|her|them|us))"
    rf"|(?:roommates?|husband|wife|partner|boyfriend|girlfriend|mom|mum|dad|parents?|brother"
    rf"|sister|friends?|everyone|everybody|people|family|they) (?:\w+ ){{0,2}}(?:{_USE_VERBS})"
    r"|(?:drugs|alcohol|booze|pills) (?:\w+ )?(?:in|at|around) (?:the|my|our|his|her)"
    r" (?:house|home)"
    r"|unsafe|dangerous|abus\w*|violen\w*|fight\w*|toxic|chao\w*|homeless|shelter|kicked out"
    r"|on the streets?|couch[- ]?surf\w*|no(?:where| place) to (?:live|stay|go)|enabl\w*"
    r"|trigger\w*|unsupportive|unstable|hostile|yell\w*|scream\w*|hits? (?:me|him|her)"
)
_SAFE_HOME = _words(
    r"safe|supportive|support\w*|stable|sober (?:home|house|living|environment)"
    r"|good (?:home|place|environment)|(?:family|wife|husband|parents?|partner|they|everyone)"
    r" (?:is|are) (?:great|behind|there|helpful|on board|good)|help(?:s|ful|ing) (?:me|him|her)"
    r"|loving|peaceful|encourag\w*|good|fine|great|okay|ok|all good"
    rf"|(?:nobody|no one|noone) (?:\w+ ){{0,2}}(?:{_USE_VERBS})|no (?:drugs|alcohol|booze)"
)


@_guarded
def parse_home_safe(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Is home a safe, supportive place? Others using, violence, "kind of" -> False."""
    t = _clean(text)
    if not t:
        return None
    if _said(t, _UNSAFE_HOME) or _denied(t, _SAFE_HOME):
        return False
    if _said(t, _SAFE_HOME) or _denied(t, _UNSAFE_HOME):
        return True
    return _decide(t, hedge=False, unsure=None)


# --- 8. time for 9-20 hours a week ---------------------------------------------------------

_NO_TIME = _words(
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
_HAS_TIME = _words(
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
_PARTIAL_TIME = _words(
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


@_guarded
def parse_time_available(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Could they give 9-20 hours a week? "I work full time" -> False; "I can make time" -> True.

    Only part of the day or week ("only evenings", "mornings only", "after 5 maybe",
    "weekdays are tough") -> False, whatever else is said. Otherwise, when both come up, the
    last one said wins ("I work full time but I can make time", "second shift, but I can
    make it work"): shift work counts like a full-time job.
    """
    t = _clean(text)
    if not t:
        return None
    if _said(t, _PARTIAL_TIME):
        return False
    signals = [(m.start, m.negated) for m in _mentions(t, _HAS_TIME)]
    signals += [(m.start, True) for m in _mentions(t, _NO_TIME) if not m.negated]
    if signals:
        return not max(signals)[1]
    return _decide(t, hedge=False, unsure=False)


# --- substances (captured on the way, no extra question) -----------------------------------


@functools.lru_cache(maxsize=1)
def _substance_vocabulary() -> _Vocabulary:
    patterns = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))["substance"]
    return _Vocabulary(
        (name, _either(str(p).lower() for p in phrases)) for name, phrases in patterns.items()
    )


@_guarded
def parse_substances(text: str, entities: Iterable[dict] = ()) -> tuple[str, ...]:
    """Substances named in the text or the `substance` entities, as pattern ids ("alcohol")."""
    vocabulary = _substance_vocabulary()
    ids = {name for name, _ in vocabulary.entries}
    found: list[str] = []
    for value in _entity_values(entities, "substance"):
        found += [value] if value in ids else list(vocabulary.names(_clean(value)))
    found += vocabulary.names(_clean(text))
    return tuple(dict.fromkeys(found))


def _entity_values(entities: object, name: str) -> list[str]:
    if not isinstance(entities, (list, tuple)):
        return []
    return [
        e["value"]
        for e in entities
        if isinstance(e, dict) and e.get("entity") == name and isinstance(e.get("value"), str)
    ]


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
    t = _clean(text)
    if t and question == "duration_months":
        return _read_duration(t) is None and (_answer(t) == _UNSURE or bool(_UNDATED.search(t)))
    if not t or _answer(t) != _UNSURE:
        return False
    if question == "withdrawal":
        return not _said(t, _SYMPTOMS.any)
    if question == "danger":
        return not (_said(t, _DANGER) or _denied(t, _SAFE))
    return True
