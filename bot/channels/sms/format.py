"""SMS formatting: one bot turn in at most 320 characters, numbered options, segment counting.

Pure functions (no Rasa, no I/O); the Twilio channel (`bot.channels.sms.twilio`) uses them.

A turn is the list of messages the bot sent for one user message (dicts shaped like Rasa's
`CollectingOutputChannel` output: `text`, `buttons`, `quick_replies`, `image`...). It becomes one
SMS text:

- Markdown stripped (`bot.replies.strip_markdown`), links as plain URLs, `tel:` links as the
  number written out (866-797-7962); typographic characters with a GSM-7 equivalent (curly
  quotes, dashes, bullets...) replaced, so one stray character does not turn the whole message
  into UCS-2 (70 characters a segment instead of 160);
- buttons become numbered options, "Reply 1 for IOP hours, 2 for Talk to someone." (`language`
  "es": "Responda 1 para Horas del IOP, 2 para Hablar con alguien."); payloads are never shown;
  buttons whose payload is a link (tel:, sms:, http...) are dropped (the number is in the text);
  `map_reply_to_payload` maps a reply ("2", "talk to someone") back to the payload;
- the messages are joined (one line each) and kept to `SMS_CHAR_LIMIT` characters. Nothing is cut
  when it fits. When it does not, text is dropped only at sentence boundaries, in this order of
  what is kept: a crisis message (one that mentions 988 or 911) first - its sentences with those
  numbers, then those with a phone number (the hotline), then the rest of it -, then the privacy
  notice, the first sentence of each other message, sentences with a phone number and the last
  option (by convention "Talk to someone"), then the remaining sentences in reading order, then
  the remaining options. Only a single sentence too long for the whole budget is cut inside (at a
  word, never inside a phone number). A crisis message wins the space: the notice is left out
  (and sent with the next reply) when both do not fit.

Text: text.py; segments: segments.py; options: options.py; keywords and their fixed texts:
keywords.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.channels.sms.options import SmsOption, options_from_messages, options_line
from bot.channels.sms.segments import SegmentCount, count_segments
from bot.channels.sms.text import (
    PHONE_NUMBER,
    XML_INVALID,
    has_crisis_number,
    has_phone_number,
    plain_text,
    split_sentences,
)

SMS_CHAR_LIMIT = 320


@dataclass(frozen=True)
class SmsTurn:
    text: str
    options: tuple[SmsOption, ...]  # exactly the options shown, in their numbered order
    notice_included: bool
    dropped: int = 0  # sentences and options left out to keep within the limit

    @property
    def segments(self) -> SegmentCount:
        return count_segments(self.text)


# How much a sentence matters, most first. A crisis message is one with 988 or 911 in it: all of
# it comes before anything else, its numbers first.
CRISIS_NUMBER, CRISIS_PHONE, CRISIS_OTHER, FIRST_OR_PHONE, OTHER = range(5)


@dataclass
class _Sentence:
    message: int
    text: str
    tier: int
    kept: bool = False


def format_turn(
    messages: Iterable[Mapping[str, Any]],
    notice: str | None = None,
    limit: int = SMS_CHAR_LIMIT,
    language: str = "en",
) -> SmsTurn:
    """One turn's messages as one SMS text of at most `limit` characters (see module doc), its
    options line in `language` (the notice comes in the caller's language already)."""
    messages = list(messages)
    sentences: list[_Sentence] = []
    for index, message in enumerate(messages):
        parts = [str(message.get("text") or "")]
        if message.get("image"):
            parts.append(str(message["image"]))
        if message.get("attachment") and isinstance(message["attachment"], str):
            parts.append(message["attachment"])
        lines = [" ".join(line.split()) for p in parts for line in plain_text(p).splitlines()]
        found = [s for line in lines for s in split_sentences(line)]
        crisis = any(has_crisis_number(s) for s in found)
        for position, sentence in enumerate(found):
            sentences.append(_Sentence(index, sentence, _tier(sentence, position, crisis)))
    options = options_from_messages(messages)
    if not sentences and not options:
        return SmsTurn("", (), notice_included=False)
    notice = " ".join(plain_text(notice).split()) if notice else None

    state = _Layout(sentences, options, notice, limit, language)
    for tier in (CRISIS_NUMBER, CRISIS_PHONE, CRISIS_OTHER):  # a crisis message wins the space
        for sentence in sentences:
            if sentence.tier == tier:
                state.try_keep(sentence)
        if tier == CRISIS_NUMBER:
            numbers = [s for s in sentences if s.tier == CRISIS_NUMBER]
            if numbers and not any(s.kept for s in numbers):
                state.force(numbers[0])
    state.try_notice()
    for sentence in sentences:
        if sentence.tier == FIRST_OR_PHONE:
            state.try_keep(sentence)
    state.try_options(1)
    for sentence in sentences:  # the rest in reading order, stopping at the first misfit
        if sentence.tier == OTHER and not state.try_keep(sentence):
            break
    for count in range(2, len(options) + 1):
        if not state.try_options(count):
            break
    if sentences and not any(s.kept for s in sentences):
        state.force(sentences[0])

    shown = state.shown_options()
    dropped = sum(not s.kept for s in sentences) + len(options) - len(shown)
    return SmsTurn(state.render(), tuple(shown), state.notice_kept, dropped)


def _tier(sentence: str, position: int, in_crisis_message: bool) -> int:
    if has_crisis_number(sentence):
        return CRISIS_NUMBER
    if in_crisis_message:
        return CRISIS_PHONE if has_phone_number(sentence) else CRISIS_OTHER
    return FIRST_OR_PHONE if position == 0 or has_phone_number(sentence) else OTHER


class _Layout:
    """What is kept so far, always rendered in reading order: text, options, notice."""

    def __init__(
        self,
        sentences: list[_Sentence],
        options: list[SmsOption],
        notice: str | None,
        limit: int,
        language: str = "en",
    ) -> None:
        self.sentences = sentences
        self.options = options
        self.notice = notice
        self.limit = limit
        self.language = language
        self.notice_kept = False
        self.option_count = 0

    def shown_options(self) -> list[SmsOption]:
        """The last option (a person, by convention) and then the first ones, in order."""
        if self.option_count == 0:
            return []
        if self.option_count >= len(self.options):
            return list(self.options)
        return [*self.options[: self.option_count - 1], self.options[-1]]

    def render(self) -> str:
        lines: list[str] = []
        for index in sorted({s.message for s in self.sentences}):
            kept = [s.text for s in self.sentences if s.message == index and s.kept]
            if kept:
                lines.append(" ".join(kept))
        line = options_line(self.shown_options(), self.language)
        if line:
            lines.append(line)
        if self.notice_kept and self.notice:
            lines.append(self.notice)
        return "\n".join(lines)

    def _fits(self) -> bool:
        return len(self.render()) <= self.limit

    def try_keep(self, sentence: _Sentence) -> bool:
        sentence.kept = True
        if self._fits():
            return True
        sentence.kept = False
        return False

    def try_notice(self) -> bool:
        if not self.notice:
            return False
        self.notice_kept = True
        if self._fits():
            return True
        self.notice_kept = False
        return False

    def try_options(self, count: int) -> bool:
        if count > len(self.options):
            return False
        previous, self.option_count = self.option_count, count
        if self._fits():
            return True
        self.option_count = previous
        return False

    def force(self, sentence: _Sentence, minimum: int = 60) -> None:
        """Nothing of this importance fitted whole: cut `sentence` at a word boundary, after
        giving up the options if that leaves it too little room."""
        sentence.kept = True
        full = sentence.text
        for drop_options in (False, True):
            if drop_options:
                self.option_count = 0
            others = len(self.render()) - len(sentence.text)
            room = self.limit - others
            if room >= minimum or drop_options:
                sentence.text = truncate(full, max(room, 0))
                break
        if not self._fits():  # only a crisis sentence can be here; it wins over the notice
            self.notice_kept = False


def truncate(text: str, limit: int, ellipsis: str = "...") -> str:
    """`text` cut to `limit` characters at a word boundary, never inside a phone number."""
    if len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        return text[:limit]
    cut = limit - len(ellipsis)
    for phone in PHONE_NUMBER.finditer(text):
        if phone.start() < cut < phone.end():
            cut = phone.start()
    space = text.rfind(" ", 0, cut + 1)
    if space > 0:
        cut = space
    return text[:cut].rstrip(" ,;:-") + ellipsis


# --- TwiML ----------------------------------------------------------------------------------

TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def twiml(text: str | None) -> str:
    """The webhook's answer: one <Message> with `text`, or an empty <Response/> (no reply)."""
    if not text or not text.strip():
        return TWIML_EMPTY
    body = XML_INVALID.sub("", text)
    body = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<?xml version="1.0" encoding="UTF-8"?><Response><Message>{body}</Message></Response>'
