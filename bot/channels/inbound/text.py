"""What every channel does to a visitor's text before the assistant sees it. Pure functions.

- `normalise`: Unicode NFC; control characters (C0 and C1, newline and tab included: they become
  spaces), lone surrogates, non-characters and U+FFFD (what undecodable bytes become) removed;
  runs of whitespace collapsed to one space. Letters, emoji (with their joiners and variation
  selectors) and right-to-left text (with its direction marks) are kept as they are.
- `shorten`: a text over the limit is cut at a word; if the part cut off held a sign of crisis,
  the words that showed it are kept at the end, so the crisis check still sees them.
- `defuse_payload`: Rasa reads any text starting with "/" as `/intent{"entity": "value"}` and skips
  NLU (rasa/shared/core/training_data/story_reader/yaml_story_reader.py, `unpack_regex_message`).
  Only a payload the bot itself offers on a button is let through, exactly; any other text that
  starts with "/" loses its leading slashes and is read by NLU like any other text, so typing
  `/request_intake{"requested_slot": "x"}` can set no slot and skip no check.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection

INTENT_PREFIX = "/"  # rasa.shared.constants.INTENT_MESSAGE_PREFIX
ELLIPSIS = "…"

_KEEP_CONTROLS = frozenset("\n\t")
_WHITESPACE = re.compile(r"\s+")


def _dropped(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in _KEEP_CONTROLS
    if category == "Cs":  # a lone surrogate (from JSON "\ud800"): not text
        return True
    code = ord(char)
    return code == 0xFFFD or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF


def normalise(text: str) -> str:
    """The visitor's text, cleaned (see the module doc); '' when nothing readable is left."""
    kept = "".join(char for char in text if not _dropped(char))
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", kept)).strip()


def cut_at_word(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at a space when there is one in the last fifth."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space].rstrip() if space >= limit * 4 // 5 else head


def shorten(text: str, limit: int, crisis_words: Callable[[str], str | None]) -> str:
    """`text` in at most `limit` characters. `crisis_words(text)` gives the words that show a
    crisis in a text (None: no crisis); they are kept if they were in the part cut off."""
    if len(text) <= limit:
        return text
    head = cut_at_word(text, limit)
    words = crisis_words(text)
    if not words or crisis_words(head):
        return head
    words = cut_at_word(words, limit // 2)
    return f"{cut_at_word(text, limit - len(words) - 3)} {ELLIPSIS} {words}"


def is_payload_syntax(text: str) -> bool:
    return text.startswith(INTENT_PREFIX)


def defuse_payload(text: str, offered: Collection[str]) -> str:
    """`text` unchanged unless it starts with "/": then unchanged only if it is exactly a payload
    the bot offers on a button, else without its leading slashes (read by NLU as plain text)."""
    if not is_payload_syntax(text) or text in offered:
        return text
    return text.lstrip(INTENT_PREFIX).strip()
