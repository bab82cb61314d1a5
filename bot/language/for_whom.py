"""Who the help is for: "me", "myself" -> "self"; "my son", "she", "a loved one" ->
"loved_one"; both -> None (one person at a time). Spanish in the same patterns: "para mí", "yo"
-> "self"; "mi hijo", "mi esposa", "ella", "un ser querido" -> "loved_one"."""

from __future__ import annotations

from collections.abc import Iterable

from bot.language.text import clean_text, entity_values, never_raises, whole_words

LOVED_ONE_NOUNS = (
    r"son|daughter|kids?|child|children|husband|wife|partner|boyfriend|girlfriend|bf|gf|mom|mum"
    r"|mother|dad|father|parents?|brother|sister|siblings?|friend|best friend|fiance|fiancee"
    r"|spouse|grandson|granddaughter|grandchild|grandma|grandpa|grandmother|grandfather|nephew"
    r"|niece|cousin|uncle|aunt|stepson|stepdaughter|step ?(?:mom|dad|son|daughter)|roommate"
    r"|coworker|co-worker|employee|boss|client|patient|teen|teenager|relative|family member"
    r"|loved one|significant other|ex|boy|girl|baby"
)
_LOVED_ONE = whole_words(
    rf"(?:my|our|a|his|her|their) (?:[\w-]+ ){{0,3}}(?:{LOVED_ONE_NOUNS})|someone else"
    r"|somebody else|someone i (?:love|know|care about)|another person|other person|a loved one"
    r"|loved one|family member|not (?:for )?(?:me|myself)"
)
LOVED_ONE_NOUNS_ES = (
    r"hij[oa]s?|niñ[oa]s?|nin[oa]s?|muchach[oa]|chamac[oa]|espos[oa]|marido|mujer|pareja"
    r"|novi[oa]|mam[aá]|madre|pap[aá]|padre|padres|herman[oa]s?|amig[oa]|prim[oa]|t[ií][oa]"
    r"|sobrin[oa]|niet[oa]|abuel[oa]|suegr[oa]|cuñad[oa]|cunad[oa]|familiar|ser querido"
    r"|seres queridos|cliente|paciente|adolescente|compañer[oa]"
)
_LOVED_ONE_ES = whole_words(
    rf"(?:mi|mis|nuestr[oa]s?|su|sus|un|una) (?:[\w-]+ ){{0,3}}(?:{LOVED_ONE_NOUNS_ES})"
    r"|otra persona|alguien m[aá]s|alguien que quiero|no es para m[ií]|no (?:para )?m[ií]"
)
LOVED_ONE_NOUN = whole_words(rf"{LOVED_ONE_NOUNS}|{LOVED_ONE_NOUNS_ES}")
_BOTH = whole_words(
    r"both|me and|and me|myself and|and myself|us both|both of us|me too"
    r"|los dos|las dos|ambos|yo y|y yo"
)
_SELF_STRONG = whole_words(
    r"for me|for myself|myself|me|my ?self|yourself|self|my own|it is me"
    r"|para m[ií]|yo mism[oa]|soy yo|es para m[ií]|para mi persona"
)
_THIRD_PERSON = whole_words(r"he|she|him|her|his|hers|they|them|their|[eé]l|ella|ellos|ellas")
_FIRST_PERSON = whole_words(r"i|i am|im|i'll|i've|mine|my|i need|i want|yo|necesito|quiero")


@never_raises
def parse_for_whom(text: str, entities: Iterable[dict] = ()) -> str | None:
    """ "me", "myself" -> "self"; "my son", "she", "a loved one" -> "loved_one"; both -> None.
    The values themselves (the `person` slot, a button) read as what they are."""
    if text in ("self", "loved_one"):
        return text
    for value in entity_values(entities, "for_whom"):
        if value in ("self", "loved_one"):
            return value
        parsed = _for_whom(clean_text(value))
        if parsed:
            return parsed
    return _for_whom(clean_text(text))


def _for_whom(text: str) -> str | None:
    if not text:
        return None
    loved_one = _LOVED_ONE.search(text) or _LOVED_ONE_ES.search(text)
    if loved_one and loved_one.group(0).startswith(("not ", "no ")):
        return "loved_one"
    if loved_one and _BOTH.search(text):
        return None  # one person at a time: the form asks again
    if loved_one:
        return "loved_one"
    if _SELF_STRONG.search(text):
        return "self"
    if LOVED_ONE_NOUN.search(text) or _THIRD_PERSON.search(text):
        return "loved_one"
    if _FIRST_PERSON.search(text):
        return "self"
    return None
