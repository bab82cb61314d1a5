"""Clauses and negation: is a phrase said, or denied in its own clause ("no withdrawal", "he
does not get sick", "never been in treatment")? `Vocabulary` finds named concepts in order.

Spanish is read by the same rules: its clause breaks ("pero", "y", "cuando", "si" = if; not "sí"
= yes) and negations ("no", "nunca", "nadie", "sin", "ni"...) are in the same tables, and
`loose_accents` lets a pattern written with accents ("años", "depresión") match the words as
people type them ("anos", "anios", "depresion")."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import NamedTuple

from bot.language.text import whole_words

NEGATION_WINDOW = 4  # words between a negation and what it negates ("not really get sick")

_ACCENT_OPTIONAL = {
    "á": "[áa]", "é": "[ée]", "í": "[íi]", "ó": "[óo]", "ú": "[úu]", "ñ": "(?:ñ|ni|ny|nn|n)",
}  # fmt: skip


def loose_accents(pattern: str) -> str:
    """A pattern written in Spanish with its accents ("años", "depresión"), made to match the
    word with or without them ("anos", "anios", "depresion"). Character classes ("[oó]") are
    left as written; a pattern without accents (English) is returned as it is."""
    out: list[str] = []
    in_class = False
    for index, char in enumerate(pattern):
        escaped = index > 0 and pattern[index - 1] == "\\"
        if char == "[" and not escaped:
            in_class = True
        elif char == "]" and not escaped:
            in_class = False
        out.append(char if in_class else _ACCENT_OPTIONAL.get(char, char))
    return "".join(out)


# "si no toma, le dan temblores": the condition is a clause of its own, whose "no" does not
# reach what follows (Spanish often says no subject, so nothing else ends its scope); "y" is
# "and", not the "y" of "y/n", "y or n", "19 y/o"
_SPANISH_CLAUSE_BREAK = loose_accents(
    r"(?:si|cuando|mientras) no (?:(?:se|le|lo|la|me|te) )?\w+|pero|aunque|sino|excepto|salvo"
    r"|sin embargo|(?<![/.])y(?!\s*[/.]|\s+or\b)|e(?=\s+h?[ií])|entonces|luego|cuando|si"
    r"|porque|por que|porq|xq|pq|ya que|mientras|hasta que|después|antes|desde|durante"
)
_CLAUSE_BREAK = re.compile(
    r"[.;:!?,\n()]+|\s-\s|(?<![\w'])(?:but|though|although|however|except|yet|whereas|and|then"
    r"|when|whenever|if|because|cause|cuz|unless|until|while|after|before|during|since"
    rf"|{_SPANISH_CLAUSE_BREAK})(?![\w'])"
)
NEGATIONS = frozenset(
    "no not never nothing none nobody noone without neither nor hardly barely zero".split()
    + "nunca nunk jamás jamas nada ninguno ninguna ningún ningun nadie sin ni tampoco".split()
)
# "without" / "sin" after another negation makes a yes ("can not go a day without the shakes")
_WITHOUT = frozenset({"without", "sin"})
_STRONG_NEGATION = whole_words(
    r"not think|not believe|not that|never (?:seen|noticed|had)"
    + loose_accents(
        r"|no (?:creo|creemos|cree|pienso|me parece|parece)|(?:nunca|no) (?:le |lo |la )?"
        r"(?:he|ha|hemos|han) (?:visto|notado)"
    )
)
# Spanish "el" is also "the": only the accented "él" ends a negation's scope
_SUBJECTS = frozenset("i he she they we you yo él ella ellos ellas nosotros usted ustedes".split())
WORD_TOKEN = re.compile(r"[\w']+")


class Mention(NamedTuple):
    text: str
    negated: bool
    start: int


def clause_starts(text: str) -> list[int]:
    return [0, *(brk.end() for brk in _CLAUSE_BREAK.finditer(text))]


def clause_before(text: str, starts: list[int], position: int) -> str:
    """The words of the match's own clause that come before it."""
    return text[starts[bisect.bisect_right(starts, position) - 1] : position]


def is_negated(before: str) -> bool:
    """Is a match negated by what comes before it in its clause?"""
    if _STRONG_NEGATION.search(before):
        return True
    words = WORD_TOKEN.findall(before)
    for distance, word in enumerate(reversed(words)):
        if distance > NEGATION_WINDOW:
            return False
        if word in NEGATIONS:
            earlier = words[: len(words) - 1 - distance]
            # "can not go a day without the shakes": two negations make a yes
            return not (word in _WITHOUT and any(w in NEGATIONS for w in earlier))
        if word in _SUBJECTS:  # "if he does not drink he gets sick": scope ends at "he"
            return False
    return False


def mentions_of(text: str, pattern: re.Pattern[str]) -> list[Mention]:
    """Every match, and whether its clause negates it. Patterns see the whole text."""
    starts = clause_starts(text)
    return [
        Mention(m.group(0), is_negated(clause_before(text, starts, m.start())), m.start())
        for m in pattern.finditer(text)
    ]


def said_in(text: str, pattern: re.Pattern[str]) -> bool:
    return any(not m.negated for m in mentions_of(text, pattern))


def denied_in(text: str, pattern: re.Pattern[str]) -> bool:
    return any(m.negated for m in mentions_of(text, pattern))


class Vocabulary:
    """Named concepts ("the shakes", "depression"), each a pattern (its accents optional, see
    `loose_accents`); finds them in order."""

    def __init__(self, entries: Iterable[tuple[str | None, str]]) -> None:
        self.entries = tuple(
            (name, whole_words(loose_accents(pattern))) for name, pattern in entries
        )
        self.any = whole_words("|".join(f"(?:{p.pattern})" for _, p in self.entries))

    def names(self, text: str) -> tuple[str, ...]:
        """Names of the concepts said (not negated), in the order said, once each."""
        starts = clause_starts(text)
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, str]] = []
        for name, pattern in self.entries:
            for match in pattern.finditer(text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue  # "post-traumatic" is PTSD, not also trauma
                taken.append(match.span())
                if name and not is_negated(clause_before(text, starts, match.start())):
                    found.append((match.start(), name))
        names: list[str] = []
        for _, name in sorted(found):
            if name not in names:
                names.append(name)
        return tuple(names)
