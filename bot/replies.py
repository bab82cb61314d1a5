"""What the assistant says, before it is rendered for a channel."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TEL_PREFIX = "tel:"

# What a reply did for the visitor when it was not a plain answer, kept in the bot event's
# metadata (`outcome`, never shown) so that the staff report (bot/insights/) can count it.
MENU = "menu"  # unsure what was asked: the likeliest topics to pick from, and a person
NOT_IN_ARTICLE = "not_in_article"  # the article is silent on it: said so, a person offered
STORY_GUESS = "story_guess"  # unsure, and no question: read as a story (warmth, next steps)
TRIAGE_RESULT = "triage:"  # + the suggested level ("triage:iop")


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    @property
    def is_call_link(self) -> bool:
        return self.payload.startswith(TEL_PREFIX)


@dataclass(frozen=True)
class Reply:
    """One bot message: Markdown text for screens, optional plain SMS text, and next steps."""

    text: str
    sms: str | None = None
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    outcome: str = ""  # MENU, NOT_IN_ARTICLE, STORY_GUESS, TRIAGE_RESULT + level; "" otherwise


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_BULLET = re.compile(r"^\s*[-*+]\s+", re.MULTILINE)


def strip_markdown(text: str) -> str:
    """Plain text for channels that cannot show Markdown (SMS, the shell)."""
    text = _LINK.sub(
        lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)}: {m.group(2)}", text
    )
    text = _EMPHASIS.sub(r"\2", text)
    return _BULLET.sub("• ", text).strip()
