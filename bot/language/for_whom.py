"""Who the help is for: "me", "myself" -> "self"; "my son", "she", "a loved one" ->
"loved_one"; both -> None (one person at a time)."""

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
LOVED_ONE_NOUN = whole_words(LOVED_ONE_NOUNS)
_BOTH = whole_words(r"both|me and|and me|myself and|and myself|us both|both of us|me too")
_SELF_STRONG = whole_words(r"for me|for myself|myself|me|my ?self|yourself|self|my own|it is me")
_THIRD_PERSON = whole_words(r"he|she|him|her|his|hers|they|them|their")
_FIRST_PERSON = whole_words(r"i|i am|im|i'll|i've|mine|my|i need|i want")


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
    loved_one = _LOVED_ONE.search(text)
    if loved_one and loved_one.group(0).startswith("not "):
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
