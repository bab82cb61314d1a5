"""The SMS keywords and their fixed texts, as the CTIA guidelines ask: STOP / START / HELP, the
privacy notice of a first message, and the reply to a message without text."""

from __future__ import annotations

import enum


class Keyword(enum.Enum):
    STOP = "stop"
    START = "start"
    HELP = "help"


STOP_KEYWORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "opt out"}
)
START_KEYWORDS = frozenset({"start", "unstop"})
HELP_KEYWORDS = frozenset({"help", "info"})


def classify_keyword(text: str) -> Keyword | None:
    """STOP/START/HELP keywords: the whole message, in any case, with surrounding spaces and
    trailing punctuation ("Stop.", " opt-out ") allowed; a keyword inside a sentence
    ("I want it to end") is not one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    words = " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()
    words = words.strip(" .!?,;:'\"")
    if words == "optout":
        words = "opt out"
    if words in STOP_KEYWORDS:
        return Keyword.STOP
    if words in START_KEYWORDS:
        return Keyword.START
    if words in HELP_KEYWORDS:
        return Keyword.HELP
    return None


def privacy_notice(center: str) -> str:
    return (
        f"Automated texts from {center}. Don't share private health info. "
        "Msg & data rates may apply. Reply STOP to opt out."
    )


def help_text(center: str, hotline: str) -> str:
    """The HELP answer; it also says everything the privacy notice says."""
    return (
        f"{center}: automated texts about our programs; please don't share private health "
        f"details. Talk to a person 24/7 at {hotline}. In crisis, call or text 988. "
        "Msg & data rates may apply. Reply STOP to opt out."
    )


def opt_out_text(center: str, hotline: str) -> str:
    return (
        f"You won't get more texts from {center}. Reply START to resubscribe. "
        f"To talk to someone 24/7, call {hotline}."
    )


def opt_in_text(center: str) -> str:
    return (
        f"You're resubscribed to {center} texts. "
        "Msg & data rates may apply. Reply HELP for help, STOP to opt out."
    )


def unreadable_text(hotline: str) -> str:
    """For a message without text (a picture only)."""
    return f"Sorry, I can only read text messages. To talk with someone 24/7, call {hotline}."
