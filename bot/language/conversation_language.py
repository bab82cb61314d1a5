"""Which language a conversation goes on in: English or Spanish, read from what the person writes,
kept for the conversation, and switched when they ask ("in English please", "en español") or
clearly write in the other language.

The message's language is guessed by lingua (`lingua-language-detector`, restricted to English
and Spanish; its own n-gram models read short texts like "hola" or "necesito ayuda"). How the
guess is used, in order:
1. asked for a language by name ("in english please", "hablas español?", "no hablo ingles")
   → that language (a "no hablo/I don't speak X" asks for the other one);
2. nothing known yet → the guess when lingua is at least `FIRST_GUESS` sure (for three words or
   more, `FIRST_GUESS_LONGER`);
3. in a conversation already in one language, only a clear message in the other one switches:
   at least two words and `SWITCH` sure ("ok", "no", "si", names and program names never do);
4. otherwise the conversation keeps its language.

A message with ¿ or ¡ counts as Spanish whatever lingua says (accents do not: "my son José").
The crisis check never waits for any of this: it reads every message with the patterns of every
language (bot/safety/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ENGLISH = "en"
SPANISH = "es"
LANGUAGES = (ENGLISH, SPANISH)  # the values of the `language` slot; English is the default
# the locale dates and times are written in, per language (babel)
LOCALES = {ENGLISH: "en_US", SPANISH: "es_US"}
LANGUAGE_NAMES = {ENGLISH: "English", SPANISH: "Spanish"}  # as staff read them
FIRST_GUESS = 0.65  # "hola" is 0.66 Spanish; "hello" 0.61 Spanish (left unknown: English)
# ... or this sure for three words or more, where lingua's numbers run lower on short Spanish
# ("el op es en un hospital?" 0.58) and no English message of the tuned sets fell
FIRST_GUESS_LONGER = 0.55
SWITCH = 0.85  # "what is iop" (0.86 English) switches a Spanish conversation; "ok" never does

_WORD = re.compile(r"[^\W\d_]+")
# English words Spanish speakers use for treatment as they are ("el outpatient es en la noche?",
# "q es el iop", "quiero agendar el intake"): left out when guessing, since they say nothing
# about the language the rest is in
_LOANWORDS = re.compile(
    r"\b(?:intensive|outpatient|inpatient|program|programs|intake|assessment|detox|rehab"
    r"|iop|op|php|ok|okay|bye|info|sober living|recovery|center|carolina)\b",
    re.IGNORECASE,
)
_SPANISH_MARKS = re.compile(r"[¿¡]")
_NAMES = {
    ENGLISH: re.compile(r"\b(english|ingl[eé]s)\b", re.IGNORECASE),
    SPANISH: re.compile(r"\b(spanish|espa[nñ]ol|castellano)\b", re.IGNORECASE),
}
# "I don't speak English", "no hablo ingles", "no entiendo español": the other language
_NOT_SPOKEN = re.compile(
    r"\b(no\s+(hablo|entiendo|leo|s[eé])"
    r"|(don'?t|do not|can'?t|cannot)\s+(speak|read|understand))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Guess:
    language: str
    confidence: float


@lru_cache(maxsize=1)
def _detector():  # lingua's LanguageDetector; built on first use (~0.5 s, ~90 MB)
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()


def guess_language(text: str) -> Guess | None:
    """lingua's likelier language of `text` and how sure it is, treatment words used in both
    languages ("outpatient", "detox") left out; None for a text without other words."""
    words = _LOANWORDS.sub(" ", text)
    if not _WORD.search(words):
        return None
    top = _detector().compute_language_confidence_values(words)[0]
    language = SPANISH if top.language.name == "SPANISH" else ENGLISH
    return Guess(language, float(top.value))


def requested_language(text: str) -> str | None:
    """The language the person asks for by name: "in english please", "en español", "do you
    speak spanish?"; "no hablo ingles" / "I don't speak Spanish" ask for the other one."""
    named = [language for language, name in _NAMES.items() if name.search(text)]
    if len(named) != 1:
        return None
    language = named[0]
    if _NOT_SPOKEN.search(text):
        return SPANISH if language == ENGLISH else ENGLISH
    return language


def conversation_language(current: str | None, text: str) -> str | None:
    """The conversation's language after the person wrote `text` (`current` before it; None
    while nothing is known, which is rendered as English)."""
    asked = requested_language(text)
    if asked:
        return asked
    guess = guess_language(text)
    if guess is None:
        return current
    if _SPANISH_MARKS.search(text):
        guess = Guess(SPANISH, 1.0)
    words = len(_WORD.findall(_LOANWORDS.sub(" ", text)))
    if current is None:
        sure = FIRST_GUESS if words < 3 else FIRST_GUESS_LONGER
        return guess.language if guess.confidence >= sure else None
    if guess.language == current:
        return current
    return guess.language if words >= 2 and guess.confidence >= SWITCH else current
