"""How long it has been a problem, in months, from the person's words ("about 6 years", "since
last spring", "a couple of months", "2 yrs maybe"), and the words to quote back to them.

Spanish is read by the same tables ("hace como tres años", "año y medio", "desde 2019", "desde
la secundaria"), accents optional; a Spanish answer is quoted back in Spanish ("desde hace unos
3 años"), and `Duration.language` says which language the phrase is in.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from bot.language.clauses import loose_accents
from bot.language.text import (
    clean_text,
    longest_first,
    never_raises,
    whole_words,
)

ENGLISH, SPANISH = "en", "es"  # the languages of `Duration.language`

SMALL_NUMBERS = {
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
# Spanish, written with accents (matched with or without them, looked up without them)
_SPANISH_NUMBERS = {
    "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13,
    "catorce": 14, "quince": 15, "dieciséis": 16, "diecisiete": 17, "dieciocho": 18,
    "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintidós": 22, "veintitrés": 23,
    "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintisiete": 27,
    "veintiocho": 28, "veintinueve": 29,
}  # fmt: skip
_SPANISH_TENS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60}
# "muchos años" is no number: like "toda la vida" it is clearly long-lasting (24, below)
_SPANISH_QUANTITY_WORDS = {
    "un par de": 2, "un par": 2, "par de": 2, "unos cuantos": 3, "unas cuantas": 3,
    "unos pocos": 3, "unas pocas": 3, "unos": 3, "unas": 3, "algunos": 3, "algunas": 3,
    "pocos": 3, "pocas": 3, "varios": 5, "varias": 5, "una docena de": 12, "una docena": 12,
    "medio": 0.5, "media": 0.5,
}  # fmt: skip


def _plain(word: str) -> str:
    """Without accents: "dieciséis" -> "dieciseis", "años" -> "anos"."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_SPANISH_VALUES = {_plain(w): n for w, n in {**_SPANISH_NUMBERS, **_SPANISH_QUANTITY_WORDS}.items()}
_NUMBER = "|".join(
    (
        r"\d+(?:\.\d+)?\+?",
        rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(list(SMALL_NUMBERS)[:9])}))?",
        longest_first(SMALL_NUMBERS),
        longest_first(_QUANTITY_WORDS),
        rf"(?:{'|'.join(_SPANISH_TENS)})(?: y (?:{'|'.join(list(_SPANISH_NUMBERS)[1:10])}))?",
        loose_accents(longest_first(_SPANISH_NUMBERS)),
        longest_first(_SPANISH_QUANTITY_WORDS),
    )
)
_UNIT_MONTHS = {"day": 1 / 30, "week": 12 / 52, "month": 1.0, "year": 12.0, "decade": 120.0}
# "y" (years) is not the Spanish "y" (and) of "dos y medio"
_SPANISH_UNIT = loose_accents(r"días?|semanas?|meses|mes|años?|décadas?")
_UNIT = r"days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?|y(?!\s+medi[oa])|decades?"
_UNIT += f"|{_SPANISH_UNIT}"
# Spanish unit names, by the English unit: singular, plural, feminine
_SPANISH_UNITS = {
    "day": ("día", "días", False), "week": ("semana", "semanas", True),
    "month": ("mes", "meses", False), "year": ("año", "años", False),
    "decade": ("década", "décadas", True),
}  # fmt: skip
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
# Spanish: how it is introduced ("hace", "lleva"), then maybe how exact it is ("como", "casi")
_SPANISH_LEAD = loose_accents(
    r"(?:desde )?(?:hace|ase|hase)|ya(?: (?:son|van|lleva|llevo))?|lleva(?:n|mos)?|llevo|durante"
    r"|por|(?:va|van) para|(?:en )?(?:los|estos) (?:últimos|pasados)"
)
_SPANISH_FACTOR = {"casi": 0.9, "cerca de": 0.9, "menos de": 0.5, "ni siquiera": 0.5,
                   "no llega a": 0.5}  # fmt: skip
# the Spanish words of a modifier, as the phrase says them ("unos" is "about")
_APPROX = "unos"
_SPANISH_MODIFIER_WORDS = {
    "como": _APPROX, "unos": _APPROX, "unas": _APPROX, "alrededor de": _APPROX,
    "aproximadamente": _APPROX, "aprox": _APPROX, "mas o menos": _APPROX,
    "algo asi como": _APPROX, "casi": "casi", "cerca de": "casi", "menos de": "menos de",
    "ni siquiera": "menos de", "no llega a": "menos de", "mas de": "más de",
    "al menos": "al menos", "por lo menos": "al menos", "minimo": "al menos",
    "apenas": "apenas", "entre": "entre",
    # English modifiers before Spanish units ("about 2 años")
    **dict.fromkeys(("about", "around", "roughly", "approximately", "approx", "like", "maybe",
                     "probably", "for about", "for like"), _APPROX),
    **dict.fromkeys(("over", "more than", "upwards of", "just over", "a little over",
                     "a little more than", "for over"), "más de"),
    "at least": "al menos", **{m: "casi" for m, f in _MODIFIER_FACTOR.items() if f == 0.9},
    **{m: "menos de" for m, f in _MODIFIER_FACTOR.items() if f == 0.5},
}  # fmt: skip
_SPANISH_APPROX = loose_accents(
    r"como|unos|unas|alrededor d(?:e)?|aproximadamente|aprox|más o menos|algo así como|casi"
    r"|cerca d(?:e)?|menos d(?:e)?|más d(?:e)?|al menos|por lo menos|mínimo|apenas|ni siquiera"
    r"|no llega a|entre"
)
# "2 o 3 años", "de 1 a 2 años", "entre 2 y 3": not "in 2019 a few months after"
_SPANISH_NUMBER_WORDS = loose_accents(longest_first(_SPANISH_NUMBERS))
_SPANISH_RANGE = rf"(?:a|o|y)(?=\s*(?:\d|(?:{_SPANISH_NUMBER_WORDS})(?![\w'])))"
_SPANISH_MODIFIER = rf"(?:{_SPANISH_LEAD})(?:\s+(?:{_SPANISH_APPROX}))?|(?:{_SPANISH_APPROX})"
QUANTITY = re.compile(
    rf"(?<![\w'])(?:(?P<mod>{longest_first(_MODIFIERS)}|{_SPANISH_MODIFIER})\s+)?(?P<n>{_NUMBER})"
    rf"(?:\s*(?P<sep>-|to|or|{_SPANISH_RANGE})\s*(?P<n2>{_NUMBER}))?\s*(?P<unit>{_UNIT})"
    r"(?P<half>\s+(?:and\s+a\s+half|y\s+medi[oa]))?(?P<or_two>\s+(?:or\s+two|o\s+dos))?(?![\w'])"
    r"(?!\s+old|\s*[/.]\s*o(?![\w'])|\s+de\s+edad)"  # "19 years old", "19 y/o": an age
)
# "tiene 19 años", "mi hijo de 19 años", "desde los 15 años": an age, not how long, unless
# what follows says it is ("tiene 2 años tomando", "tiene 3 años que toma")
_AGE_BEFORE = re.compile(
    loose_accents(r"(?<![\w'])(?:tiene|tengo|tienes|tenía|tenemos|cumpli\w*|cumple|de|los|con"
                  r"|edad)\s+$")
)  # fmt: skip
_STILL_USING = re.compile(
    loose_accents(r"\s+(?:tomando|bebiendo|consumiendo|usando|fumando|drogándose|metiéndose"
                  r"|con (?:el|este|ese|su) (?:problema|vicio)|en (?:esto|eso|el vicio)|así|que)"
                  r"(?![\w'])")
)  # fmt: skip
_SPANISH_LEAD_START = re.compile(rf"(?:{_SPANISH_LEAD})(?![\w'])")
_JOINED = re.compile(r"\s*(?:,|and|, and|y|, y)?\s*")
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
_SPANISH_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip
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
# Spanish: (pattern, months, phrase); a phrase None is a date ("desde marzo", "desde 2019")
_MES = "|".join(_SPANISH_MONTHS)
_FECHA = (
    rf"(?P<date>(?:el )?(?:{_MES})(?: (?:del? )?(?:año )?(?:pasado|{_YEAR}))?"
    rf"|(?:el )?(?:año )?{_YEAR})"
)
_SINCE_SCHOOL = r"(?:desde|en|durante) (?:(?:que|q) (?:\w+ ){0,2}?(?:en )?)?(?:la |el )?"
_VAGUE_DURATIONS_ES: tuple[tuple[str, float | None, str | None], ...] = (
    (r"recién (?:empez\w*|comenz\w*)|apenas (?:empez\w*|comenz\w*|va empezando)"
     r"|acaba de (?:empezar|comenzar)|(?:desde )?hace poco|recientemente|últimamente"
     r"|desde (?:la semana pasada|el mes pasado)|(?:la semana|el mes) pasad[oa]", 1.0,
     "desde hace poco"),
    (r"(?:muy )?poco tiempo|poquito tiempo|no (?:hace )?(?:mucho|tanto)(?: tiempo)?"
     r"|no (?:es |ha sido )?(?:mucho|tanto) tiempo", 2.0, "desde hace poco"),
    (r"décadas", 240.0, "desde hace décadas"),
    (r"año y medio", 18.0, "desde hace año y medio"),
    (rf"{_SINCE_SCHOOL}(?:secundaria|secu)", 24.0, "desde la secundaria"),
    (rf"{_SINCE_SCHOOL}(?:prepa|preparatoria|high school|bachillerato|bachi)", 24.0,
     "desde la prepa"),
    (rf"{_SINCE_SCHOOL}(?:universidad|uni|facultad|college)", 24.0, "desde la universidad"),
    (rf"{_SINCE_SCHOOL}(?:escuela|colegio|primaria)", 24.0, "desde la escuela"),
    (r"desde (?:(?:que|q) (?:\w+ ){0,2}?)?(?:muy |bien )?(?:joven|jovencit[oa]"
     r"|adolescente|chic[oa]|chamac[oa]|niñ[oa]|chav[oa]|morr[oa]|morrit[oa]|pequeñ[oa]"
     rf"|menor(?: de edad)?)|desde (?:(?:que|q) tenía|los|sus) (?:\d+|{_NUMBER})(?: años)?", 24.0,
     "desde joven"),
    (r"toda (?:la|su|mi) vida|desde siempre|desde que (?:\w+ ){0,2}?(?:acuerdo|recuerdo)", 24.0,
     "desde siempre"),
    (r"(?:(?:desde )?hace |por |durante )?(?:muchos|bastantes|un montón de|tantos) años"
     r"|(?:desde hace|hace|ase|por|durante|ya son|ya) años|^años|años y años", 24.0,
     "desde hace muchos años"),
    (r"(?:(?:desde )?hace )?(?:mucho|muchísimo|bastante|harto|demasiado) tiempo"
     r"|(?:desde )?(?:hace|ase) (?:mucho|muchísimo|bastante)", 24.0, "desde hace mucho tiempo"),
    (r"desde el año pasado|el año pasado|(?:el|este) último año", 12.0, "desde el año pasado"),
    (r"(?:^|(?:desde )?hace |por |durante |ya |muchos |bastantes )meses|meses y meses", 6.0,
     "desde hace meses"),
    (r"desde (?:que (?:\w+ ){0,3}?)?(?:el |la )?(?:covid|pandemia|cuarentena|encierro)", None,
     "desde la pandemia"),
    (rf"desde {_FECHA}", None, None),
    # "desde que perdió su trabajo en marzo": months until that date
    (rf"desde (?:que )?(?:\w+ ){{1,6}}?(?:en|durante|el) {_FECHA}(?![\w'])", None, None),
)  # fmt: skip
_VAGUE_ES = tuple(
    (whole_words(loose_accents(pattern)), months, phrase)
    for pattern, months, phrase in _VAGUE_DURATIONS_ES
)
# English first: (pattern, months, Spanish phrase or None, language)
_EVERY_VAGUE = (
    *((pattern, months, None, ENGLISH) for pattern, months in _VAGUE),
    *((pattern, months, phrase, SPANISH) for pattern, months, phrase in _VAGUE_ES),
)
# Understood, but could be either side of the threshold: not sure, so the form asks again
# ("a while"; "since his divorce": when was that?).
UNDATED = whole_words(
    r"a while|some time|since [a-z'][\w' ]*"
    + loose_accents(
        r"|(?:por )?un (?:buen )?(?:rato|tiempo)|algún tiempo|cierto tiempo|hace (?:un )?rato"
        r"|desde [^\W\d_][\w ]*"
    )
)
_ABBREVIATED_UNITS = whole_words(r"yrs?|y|mos?|mths?|wks?")
_UNIT_NAMES = {"yr": "year", "yrs": "years", "y": "years", "mo": "month", "mos": "months",
               "mth": "month", "mths": "months", "wk": "week", "wks": "weeks"}  # fmt: skip
_SPANISH_UNIT_PREFIXES = {"di": "day", "sem": "week", "mes": "month", "dec": "decade", "a": "year"}


def _number(word: str) -> float | None:
    word = word.rstrip("+").replace("-", " ")
    if word in _QUANTITY_WORDS:
        return float(_QUANTITY_WORDS[word])
    if word in SMALL_NUMBERS:
        return float(SMALL_NUMBERS[word])
    tens, _, ones = word.partition(" ")
    if tens in _TENS:
        return float(_TENS[tens] + SMALL_NUMBERS.get(ones, 0))
    plain = _plain(word)
    if plain in _SPANISH_VALUES:
        return float(_SPANISH_VALUES[plain])
    tens, _, ones = plain.partition(" y ")
    if tens in _SPANISH_TENS:
        return float(_SPANISH_TENS[tens] + _SPANISH_VALUES.get(ones, 0))
    try:
        return float(word)
    except ValueError:
        return None


def _unit_key(unit: str) -> str:
    """The English unit ("year") of a unit as typed: "yrs", "años", "anios", "semanas"."""
    english = _UNIT_NAMES.get(unit, unit).rstrip("s")
    if english in _UNIT_MONTHS:
        return english
    plain = _plain(unit)
    return next((key for p, key in _SPANISH_UNIT_PREFIXES.items() if plain.startswith(p)), "")


def _unit_months(unit: str) -> float:
    return _UNIT_MONTHS.get(_unit_key(unit), 0.0)


def _today() -> dt.date:
    return dt.date.today()


def _month_of(text: str) -> int | None:
    month = next((i for i, m in enumerate(_MONTH_NAMES, 1) if m in text), None)
    return month or next((n for m, n in _SPANISH_MONTHS.items() if m in text), None)


def _months_since(text: str) -> float | None:
    """ "since 2019", "since march", "since covid", "desde marzo" -> months until today."""
    today = _today()
    year = re.search(r"\b((?:19|20)\d\d)\b", text)
    if year:
        start = dt.date(int(year.group(1)), 1, 1)
    elif re.search(r"covid|pandemic|lockdown|pandemia|cuarentena|encierro", text):
        start = dt.date(2020, 3, 1)
    else:
        month = _month_of(text)
        if month is None:
            return None
        behind = month > today.month or "last" in text or "pasad" in text
        start = dt.date(today.year - (1 if behind else 0), month, 1)
    months = (today.year - start.year) * 12 + today.month - start.month
    return float(months) if months >= 0 else None


class Duration(NamedTuple):
    months: float
    # what the person said, ready to follow "using" ("for about 6 years") or, in Spanish, "ha
    # estado consumiendo" ("desde hace unos 6 años")
    phrase: str
    language: str = ENGLISH  # the language of the phrase: "en" or "es"


def read_duration(text: str) -> Duration | None:
    groups: list[list[re.Match[str]]] = []  # quantities said together: "2 years and 3 months"
    last_end = -1
    for match in QUANTITY.finditer(text):
        months = _quantity_months(match)
        if months is None or _is_age(text, match):
            continue
        joined = last_end >= 0 and _JOINED.fullmatch(text[last_end : match.start()])
        if joined and groups:
            groups[-1].append(match)
        else:
            groups.append([match])
        last_end = match.end()
    if groups:
        totals = [sum(_quantity_months(m) or 0.0 for m in group) for group in groups]
        months, group = max(zip(totals, groups), key=lambda g: g[0])
        if _in_spanish(group):
            return Duration(round(months, 2), _spanish_phrase(group), SPANISH)
        return Duration(round(months, 2), _phrase(text[group[0].start() : group[-1].end()]))
    for pattern, fixed, frase, language in _EVERY_VAGUE:
        match = pattern.search(text)
        if not match:
            continue
        since = match.groupdict().get("date") or match.group(0)
        months = fixed if fixed is not None else _months_since(since)
        if months is None:
            return None
        if language == ENGLISH:
            return Duration(months, _phrase(match.group(0)))
        return Duration(months, frase or _spanish_date(since), SPANISH)
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
    return months * _modifier_factor(match.group("mod") or "") if months > 0 else None


def _modifier_factor(mod: str) -> float:
    if mod in _MODIFIER_FACTOR or mod in _MODIFIERS or not mod:
        return _MODIFIER_FACTOR.get(mod, 1.0)
    words = _spanish_modifier_words(mod)
    return next((f for key, f in _SPANISH_FACTOR.items() if words == key), 1.0)


def _spanish_modifier_words(mod: str) -> str:
    """The "how exact" part of a Spanish modifier, without accents: "hace como" -> "como"."""
    words = _SPANISH_LEAD_START.sub("", mod, count=1) if _SPANISH_LEAD_START.match(mod) else mod
    return re.sub(r"\bd$", "de", _plain(" ".join(words.split())))


def _is_age(text: str, match: re.Match[str]) -> bool:
    mod = match.group("mod") or ""
    if match.group("n2") or _SPANISH_LEAD_START.match(mod):
        return False
    return bool(_AGE_BEFORE.search(text[: match.start()])) and not _STILL_USING.match(
        text, match.end()
    )


def _in_spanish(group: list[re.Match[str]]) -> bool:
    """Said in Spanish: a Spanish unit, number word or modifier ("2 años", "dos years")."""
    for match in group:
        mod, unit = match.group("mod") or "", match.group("unit")
        english_unit = _UNIT_NAMES.get(unit, unit).rstrip("s") in _UNIT_MONTHS
        if not english_unit or (mod and mod not in _MODIFIERS):
            return True
        if any(_plain(match.group(g) or "") in _SPANISH_VALUES for g in ("n", "n2")):
            return True
    return False


# the masculine and feminine of the Spanish quantity words ("unos meses", "unas semanas")
_FEMININE = {
    "un": "una",
    "uno": "una",
    "unos": "unas",
    "algunos": "algunas",
    "pocos": "pocas",
    "varios": "varias",
    "medio": "media",
    "unos cuantos": "unas cuantas",
    "unos pocos": "unas pocas",
    "un par": "un par",
    "un par de": "un par de",
    "par de": "un par de",
    "una docena": "una docena",
    "una docena de": "una docena de",
}
_MASCULINE = {**{f: m for m, f in _FEMININE.items()}, **{m: m for m in _FEMININE}, "uno": "un",
              "par de": "un par de"}  # fmt: skip


def _spanish_number(word: str, feminine: bool) -> str:
    """A number as the Spanish phrase says it: "tres" -> "3", "unas" -> "unos" (for months)."""
    plain = _plain(word)
    if plain in _MASCULINE:
        masculine = _MASCULINE[plain]
        return _FEMININE.get(masculine, masculine) if feminine else masculine
    if word.rstrip("+").replace(".", "", 1).isdigit():
        return word.rstrip("+")
    value = _number(word)
    return f"{value:g}" if value is not None else word


def _spanish_quantity(match: re.Match[str]) -> tuple[str, bool]:
    """ "tres años" -> ("3 años", False); "una semana y media" -> ("una semana y media", True)."""
    singular, plural, feminine = _SPANISH_UNITS[_unit_key(match.group("unit"))]
    n = _spanish_number(match.group("n"), feminine)
    if match.group("n2"):
        sep = {"-": "a", "to": "a", "or": "o"}.get(match.group("sep"), match.group("sep"))
        return f"{n} {sep} {_spanish_number(match.group('n2'), feminine)} {plural}", feminine
    if match.group("or_two"):
        return f"{n} {singular} o dos", feminine
    value = _number(match.group("n")) or 0
    said = f"{n} {singular if value <= 1 else plural}"
    if match.group("half"):
        said += " y media" if feminine else " y medio"
    return said, feminine


def _spanish_phrase(group: list[re.Match[str]]) -> str:
    """Quantities as the Spanish reply says them after "ha estado consumiendo": "desde hace unos
    3 años", "desde hace casi un año", "desde hace 1 año y 3 meses"."""
    parts = [_spanish_quantity(match) for match in group]
    first = group[0]
    mod = first.group("mod") or ""
    words = mod if mod in _MODIFIERS else _spanish_modifier_words(mod)
    said = _SPANISH_MODIFIER_WORDS.get(words, "")
    if said == _APPROX:
        n = _plain(first.group("n"))
        if n in ("un", "una", "uno", "1"):
            said = "alrededor de"
        elif n in _MASCULINE or n in _QUANTITY_WORDS:
            said = ""  # "como unos meses": the quantity word says it already
        elif parts[0][1]:
            said = "unas"
    return " ".join(["desde hace", *([said] if said else []), " y ".join(p for p, _ in parts)])


def _spanish_date(date: str) -> str:
    """ "el 2019" -> "desde 2019"; "marzo del año pasado" -> "desde marzo del año pasado"."""
    year = re.search(rf"\b{_YEAR}\b", date)
    month = next((m for m in _SPANISH_MONTHS if m in date), None)
    if month and year:
        return f"desde {month} de {year.group(0)}"
    if month:
        return f"desde {month} del año pasado" if "pasad" in date else f"desde {month}"
    return f"desde {year.group(0)}" if year else "desde hace un tiempo"


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

    Spanish the same way: "hace como tres años" -> 36, "año y medio" -> 18, "casi un año" ->
    10.8 ("menos de" halves), "dos o tres años" -> 36, "desde la secundaria", "toda la vida",
    "muchos años", "mucho tiempo" -> 24, "hace meses" -> 6, "hace poco" -> 1, "poco tiempo" -> 2,
    "desde marzo", "desde la pandemia" -> months until today; "un rato", "un tiempo" -> None.
    Ages ("tiene 19 años", "mi hijo de 19 años") are not durations, "tiene 2 años tomando" is.
    """
    found = read_duration(clean_text(text))
    return found.months if found else None


@never_raises
def duration_phrase(text: str, entities: Iterable[dict] = ()) -> str | None:
    """The duration as the person said it, ready to follow "using": "for about 6 years"; for a
    Spanish answer a Spanish phrase, to follow "ha estado consumiendo": "desde hace unos 6 años"
    (`duration_phrase_language` says which)."""
    found = read_duration(clean_text(text))
    return found.phrase if found else None


@never_raises
def duration_phrase_language(text: str, entities: Iterable[dict] = ()) -> str | None:
    """The language of `duration_phrase`'s phrase: "en" or "es"; None when no duration."""
    found = read_duration(clean_text(text))
    return found.language if found else None
