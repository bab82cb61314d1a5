"""Buttons as SMS options: "Reply 1 for IOP hours, 2 for Talk to someone." (in a Spanish
conversation "Responda 1 para Horas del IOP, 2 para Hablar con alguien."); payloads are never
shown; buttons whose payload is a link (tel:, sms:, http...) are dropped (the number is in the
text); `map_reply_to_payload` maps a reply ("2", "opción 2", "talk to someone", "hablar con
alguien") back to the payload, accents or not ("cual es para mi" picks "¿Cuál es para mí?")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.channels.sms.text import plain_text

LINK_SCHEMES = ("tel:", "sms:", "mailto:", "http:", "https:")
_NORMALISE_WORDS = re.compile(r"[^0-9a-z]+")
_OPTION_NUMBER = re.compile(
    r"^(?:#|no\.?|number|option|choice|opci[oó]n|n[uú]mero)?\s*(\d{1,2})\s*[.)!]?$"
)
# the options line's words per language: "Reply 1 for ..., 2 for ..." (English for any other)
OPTIONS_LINE_WORDS = {"en": ("Reply", "for"), "es": ("Responda", "para")}


@dataclass(frozen=True)
class SmsOption:
    """A button as an SMS option: the title is shown (numbered), the payload never is."""

    title: str
    payload: str

    @property
    def is_link(self) -> bool:
        return self.payload.strip().lower().startswith(LINK_SCHEMES)


def options_from_messages(messages: Iterable[Mapping[str, Any]]) -> list[SmsOption]:
    """The turn's buttons and quick replies as options: links dropped, duplicates once."""
    options: list[SmsOption] = []
    seen: set[str] = set()
    for message in messages:
        for button in [*(message.get("buttons") or []), *(message.get("quick_replies") or [])]:
            if not isinstance(button, Mapping):
                continue
            title = _option_title(str(button.get("title") or ""))
            payload = str(button.get("payload") or "").strip()
            option = SmsOption(title, payload)
            if not title or not payload or option.is_link or payload in seen:
                continue
            seen.add(payload)
            options.append(option)
    return options


def options_line(options: Sequence[SmsOption], language: str = "en") -> str:
    """'Reply 1 for IOP hours, 2 for Talk to someone.'; in Spanish 'Responda 1 para Horas del
    IOP, 2 para Hablar con alguien.' ('' without options)."""
    if not options:
        return ""
    reply, for_ = OPTIONS_LINE_WORDS.get(language, OPTIONS_LINE_WORDS["en"])
    numbered = ", ".join(f"{n} {for_} {o.title}" for n, o in enumerate(options, 1))
    return f"{reply} {numbered}."


def map_reply_to_payload(text: str, last_options: Sequence[SmsOption]) -> str | None:
    """The payload of the option a reply picks: its number ("2", " 2 ", "2.", "#2") or its
    words ("talk to someone"); None when the reply is anything else."""
    if not isinstance(text, str) or not last_options:
        return None
    reply = " ".join(text.split()).casefold()
    number = _OPTION_NUMBER.match(reply)
    if number:
        index = int(number.group(1))
        return last_options[index - 1].payload if 1 <= index <= len(last_options) else None
    words = _words(reply)
    if not words:
        return None
    for option in last_options:
        if _words(option.title) == words:
            return option.payload
    return None


def _words(text: str) -> str:
    """Lowercase letters and digits only, accents dropped ("¿Cuál?" and "cual" are the same)."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NORMALISE_WORDS.sub(" ", folded).strip()


def _option_title(title: str) -> str:
    """The title as shown in the options line: its end punctuation dropped, and with it an
    opening ¿ or ¡ ("¿Qué es el IOP?" is shown as "Qué es el IOP")."""
    title = " ".join(plain_text(title).split())
    return title.rstrip(" .?!:;,").lstrip(" ¿¡")
