"""First names from free text ("my name is dana", "it's Jess", "JOSÉ", "me llamo maría")."""

from __future__ import annotations

import re

MAX_NAME_CHARS = 40
_LEAD_IN = re.compile(
    r"^\s*(?:(?:hi|hey|hello)[,!.\s]+)?(?:my\s+(?:first\s+)?name\s+is|my\s+name'?s|"
    r"i'?\s*a?m|it'?s|this\s+is|call\s+(?:me|him|her|them)|(?:his|her|their)\s+name\s+is|name\s*:"
    # Spanish: "me llamo", "mi nombre es", "soy", "se llama", "su nombre es"
    r"|(?:(?:hola|buenas)[,!.\s]+)?(?:me\s+llamo|mi\s+nombre\s+es|soy|se\s+llama|su\s+nombre\s+es"
    r"|nombre\s*:))\s+",
    re.IGNORECASE,
)
# "my name is dana" / "me llamo rosa" anywhere in a longer answer
_NAMED_INSIDE = re.compile(
    r"(?<!\w)(?:my\s+(?:first\s+)?name\s+is|me\s+llamo|mi\s+nombre\s+es)\s+(\S.*)$",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 3  # "Mary-Kate Olsen", "maria jose lopez"; more is a sentence
_JOINERS = "'’-"
_MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>")
_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*$")
# first words that are answers to another question, not names: "for myself", "me", "my son", "yes"
NOT_NAMES = frozenset(
    {"for", "me", "myself", "my", "mine", "him", "her", "them", "us", "i", "yes", "no", "yeah",
     "nope", "ok", "okay", "sure", "the", "a", "an", "it", "not", "idk", "why", "what", "who",
     "help", "stop", "skip", "none", "nothing", "na", "someone", "somebody", "loved", "just",
     # Spanish
     "para", "mi", "mí", "yo", "si", "sí", "el", "él", "ella", "nada", "nadie", "hola", "ayuda",
     "parar", "alguien", "un", "una", "su", "es", "se", "de", "claro", "bueno", "ninguno"}
)  # fmt: skip


def parse_first_name(text: object) -> str | None:
    """The first name in an answer, capitalised, or None if the answer holds no usable name."""
    if not isinstance(text, str):
        return None
    text = _MARKUP.sub(" ", text)  # "<b>Dana</b>" from a pasted or formatted answer
    named = _NAMED_INSIDE.search(text)  # "soy la mamá de kevin, me llamo rosa"
    words = (
        named.group(1).split()
        if named
        else _LEAD_IN.sub("", text.strip()).strip(" .,!?\"'").split()
    )
    if not words or (not named and len(words) > MAX_NAME_WORDS):
        return None  # a sentence, not a name: "pregunten por yesenia" is asked again
    name = words[0].strip(".,!?\"'")
    if not name or len(name) > MAX_NAME_CHARS or not _NAME.match(name):
        return None
    if not all(char.isalpha() or char in _JOINERS for char in name):
        return None  # \w also matches digits that are not decimal, such as "²" and "½"
    if name.lower() in NOT_NAMES:
        return None
    return name.capitalize() if name.islower() or name.isupper() else name
