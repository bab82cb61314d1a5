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

Judgement calls (kept next to the rules in `rules.yml`):
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
- Duration: see `parse_duration` (duration.py).

Spanish answers are read by the same parsers with the same judgement calls: each table has its
Spanish words next to the English ones ("temblores", "sobredosis", "nadie está en peligro"),
written with their accents and matched with or without them (`loose_accents`), and the clause
and negation rules of bot/language/clauses.py know Spanish too ("no le dan temblores").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

import yaml

from bot.language.answer_words import NO, UNSURE
from bot.language.clauses import Vocabulary, denied_in, loose_accents, said_in
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
from bot.triage.circumstances import parse_home_safe, parse_time_available
from bot.triage.duration import UNDATED, parse_duration, read_duration
from bot.triage.history import parse_co_occurring, parse_prior_treatment

# --- 2. danger right now -------------------------------------------------------------------

_DANGER_ES = (
    r"peligr\w*|emergencias?|urgencias|sobredosis|suicid\w*|matar\w*|se (?:va a |quiere )?mata"
    r"|morir\w*|muere|muriendo|murió|muert[oae]s?|quitarse la vida"
    r"|(?:hacer|hacerse|hacerle|hacerme|hacernos|hace|hizo|haga) daño|lastim(?:ar\w*|ando|ó|a|an)"
    r"|(?:se|me|le) (?:está )?cort(?:a|ó|ando)|cortarse|no (?:se )?(?:despierta|reacciona)"
    r"|no (?:está |puede )?respir\w*|no responde|inconsciente|desmay\w*|labios morados"
    r"|(?:se )?tom(?:ó|o|a) (?:muchas|demasiadas|todas las|un montón de|un frasco de) pastillas"
    r"|amenaz\w*|armas?|pistolas?|cuchill\w*|navajas?|(?<!de )golpe\w*"  # "de golpe": at once
    r"|(?:me|nos|le|les|la|lo) pega\w*"
    r"|agresiv\w*|ambulancia|convulsi\w*"
)
DANGER_WORDS = whole_words(
    r"danger\w*|unsafe|emergency|overdos\w*|od|od'?d|o\.d|suicid\w*|kill\w*|hurt\w* \w+sel(?:f|ves)"
    r"|hurt(?:ing)? (?:me|him|her|someone|somebody|us|others|people)|self[- ]?harm\w*"
    r"|cutting(?! back| down)|not breathing|can not breathe|not waking(?: up)?|will not wake"
    r"|unresponsive|passed out|blue lips|threat\w*|weapons?|guns?|knife|knives|violen\w*"
    r"|attack\w*|abus\w*|beat(?:s|ing)? (?:me|us|her|him)|hitting|die|dying|dead|death|911"
    r"|ambulance|hospital|seizing|seizures?|wants? to end it|end(?:ing)? it all"
    rf"|{loose_accents(_DANGER_ES)}"
)
# "bien" is also "very": "está bien mal" is no "está bien"
_WELL = r"bien(?!\s+(?:mal\w*|fe[oa]|grave|pesad[oa]|borrach[oa]|drogad[oa]))"
# "estoy seguro" is "I am sure", so "seguro" is no safe word here
_SAFE_ES = (
    r"a salvo|fuera de peligro|tranquil[oa]s?|estables?"
    rf"|(?:estoy|está|estamos|están|anda|andan|andamos|todos|todo) (?:\w+ )?{_WELL}"
)
SAFE_WORDS = re.compile(
    r"(?<![\w'])(?:safe|fine|all good|alright|all right|stable)(?![\w'])"
    r"|(?:(?<![\w'])(?:is|are|am|be)\s+|'s\s+|'re\s+)ok(?:ay)?(?![\w'])"
    rf"|(?<![\w'])(?:{loose_accents(_SAFE_ES)})(?![\w'])"
)


@never_raises
def parse_danger(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Is anyone in danger right now? Any sign of danger, or "not sure", -> True."""
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, DANGER_WORDS) or denied_in(t, SAFE_WORDS):
        return True
    if denied_in(t, DANGER_WORDS):
        return False
    if plain_answer(t) == NO:
        return False
    if said_in(t, SAFE_WORDS):
        return False
    return decide_answer(t, hedge=True, unsure=True)


# --- 3. withdrawal -------------------------------------------------------------------------

SYMPTOMS = Vocabulary(
    [
        ("the shakes", r"shak(?:es|y|ing|e)|tremors?|trembl\w*|jitter\w*|tembl\w*|tiembl\w*"),
        ("sweats", r"sweat\w*|sudor\w*|sud(?:a|an|aba|ando|ó)|sudad[oa]s?"),
        ("nausea", r"nause\w*|queasy|náuseas?|mareos?|maread[oa]|ganas de vomitar|asco"),
        ("vomiting", r"vomit\w*|throw(?:s|ing)? up|threw up|puk\w*|vómit\w*|devuelve todo"),
        ("seizures", r"seizures?|convuls\w*|ataques? epilépticos?"),
        ("DTs", r"d\.?t\.?s|delirium tremens|delir\w*"),
        ("hallucinations", r"hallucinat\w*|seeing things|alucin\w*|(?:ve|ver|viendo) cosas"
                           r"|(?:oye|escucha) voces"),
        ("chills", r"chills?|escalofríos?"),
        ("cramps", r"cramp\w*|calambres?|cólicos?|retortijones"),
        ("diarrhea", r"diarrh\w*|diarrea\w*"),
        ("aches", r"aches?|achy|body aches|dolor(?:es)?|(?:le |me )?duele\w*"),
        ("a racing heart", r"racing heart|heart racing|heart pounding|taquicardia|palpitaciones"
                           r"|(?:el )?corazón (?:\w+ )?(?:acelerado|le late|palpita|se acelera)"),
        ("restlessness", r"restless\w*|inquiet\w*|desesper\w*|ansios[oa]|nervios[oa]"),
        ("trouble sleeping", r"insomnia|(?:can not|trouble|hard to) sleep\w*|insomnio"
                             r"|no (?:puede |logra |podía )?dorm\w*|no duerme"),
        ("getting sick", r"(?:dope ?)?sick(?! of| and tired)|ill"
                         r"|se (?:pone|siente|ponía|sentía)(?: muy| bien| súper| super| re)? mal"
                         r"|(?:está|anda|queda) (?:muy|bien|súper|super|re) mal"
                         r"|se enferm\w*|malestar|malilla|cruda|resaca"),
        (None, r"withdraw\w*|w/ds?|wds?|detox\w*|symptoms?|abstinencia|síntomas?|desintox\w*"),
    ]
)  # fmt: skip
_NO_WITHDRAWAL = whole_words(
    r"(?:is|am|are|was|seems?|feels?|gets?) (?:totally |just |pretty |completely )?"
    r"(?:fine|ok|okay|good|normal)|nothing happens|no (?:problems?|issues?|effects?)"
    r"|can (?:just )?(?:stop|quit)(?: any ?time| whenever)?|stops? (?:easily|fine)"
    + loose_accents(
        r"|no (?:le |les |me |nos |te )?(?:pasa|pasó|da|dio|sucede|siente|nota) nada"
        rf"|(?:está|se siente|se pone|queda|anda|sigue) (?:\w+ )?(?:{_WELL}|normal|tranquil[oa])"
        r"|sin (?:problemas?|síntomas)"
        r"|(?:puede|lo|la) deja\w* (?:cuando quiera|sin problemas?|fácil)"
    )
)
_NEVER_STOPPED = whole_words(
    r"never (?:tried|stopped|quit|cut back|gone without)|not (?:tried|stopped|quit) (?:yet|before)"
    + loose_accents(
        r"|(?:nunca|jamás|no|todavía no|aún no) (?:lo |la )?(?:ha|han|he|hemos|había)"
        r" (?:intentado |tratado de |podido )?(?:dejad[oa]|dejar\w*|parad[oa]|parar|intentado)"
        r"|no (?:puede|pueden|podría) (?:dejar\w*|parar)"
    )
)


@never_raises
def parse_withdrawal(text: str, entities: Iterable[dict] = ()) -> bool | None:
    """Withdrawal symptoms when cutting back? Symptoms, "kind of" or "not sure" -> True."""
    t = clean_text(text)
    if not t:
        return None
    if said_in(t, SYMPTOMS.any):
        return True
    if _NEVER_STOPPED.search(t):
        return True  # nobody knows yet: lean safe, a clinician checks
    if denied_in(t, SYMPTOMS.any) or said_in(t, _NO_WITHDRAWAL):
        return False
    return decide_answer(t, hedge=True, unsure=True)


@never_raises
def withdrawal_symptoms(text: str, entities: Iterable[dict] = ()) -> tuple[str, ...]:
    """Symptoms named in the answer, to quote: ("the shakes", "sweats")."""
    return SYMPTOMS.names(clean_text(text)) or ()


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
        return read_duration(t) is None and (plain_answer(t) == UNSURE or bool(UNDATED.search(t)))
    if not t or plain_answer(t) != UNSURE:
        return False
    if question == "withdrawal":
        return not said_in(t, SYMPTOMS.any)
    if question == "danger":
        return not (said_in(t, DANGER_WORDS) or denied_in(t, SAFE_WORDS))
    return True
