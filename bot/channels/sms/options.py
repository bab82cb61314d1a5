"""Buttons as SMS options: "Reply 1 for IOP hours, 2 for Talk to someone."; payloads are never
shown; buttons whose payload is a link (tel:, sms:, http...) are dropped (the number is in the
text); `map_reply_to_payload` maps a reply ("2", "talk to someone") back to the payload."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.channels.sms.text import plain_text

LINK_SCHEMES = ("tel:", "sms:", "mailto:", "http:", "https:")
_NORMALISE_WORDS = re.compile(r"[^0-9a-z]+")
_OPTION_NUMBER = re.compile(r"^(?:#|no\.?|number|option|choice)?\s*(\d{1,2})\s*[.)!]?$")


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


def options_line(options: Sequence[SmsOption]) -> str:
    """'Reply 1 for IOP hours, 2 for Talk to someone.' ('' without options)."""
    if not options:
        return ""
    return "Reply " + ", ".join(f"{n} for {o.title}" for n, o in enumerate(options, 1)) + "."


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
    return _NORMALISE_WORDS.sub(" ", text.casefold().replace("&", " and ")).strip()


def _option_title(title: str) -> str:
    title = " ".join(plain_text(title).split())
    return title.rstrip(" .?!:;,")
