"""SMS formatting: one bot turn in at most 320 characters, numbered options, segment counting.

Pure functions (no Rasa, no I/O); the Twilio channel (`bot.channels.twilio_sms`) uses them.

A turn is the list of messages the bot sent for one user message (dicts shaped like Rasa's
`CollectingOutputChannel` output: `text`, `buttons`, `quick_replies`, `image`...). It becomes one
SMS text:

- Markdown stripped (`bot.replies.strip_markdown`), links as plain URLs, `tel:` links as the
  number written out (866-797-7962); typographic characters with a GSM-7 equivalent (curly
  quotes, dashes, bullets...) replaced, so one stray character does not turn the whole message
  into UCS-2 (70 characters a segment instead of 160);
- buttons become numbered options, "Reply 1 for IOP hours, 2 for Talk to someone."; payloads are
  never shown; buttons whose payload is a link (tel:, sms:, http...) are dropped (the number is in
  the text); `map_reply_to_payload` maps a reply ("2", "talk to someone") back to the payload;
- the messages are joined (one line each) and kept to `SMS_CHAR_LIMIT` characters. Nothing is cut
  when it fits. When it does not, text is dropped only at sentence boundaries, in this order of
  what is kept: a crisis message (one that mentions 988 or 911) first - its sentences with those
  numbers, then those with a phone number (the hotline), then the rest of it -, then the privacy
  notice, the first sentence of each other message, sentences with a phone number and the last
  option (by convention "Talk to someone"), then the remaining sentences in reading order, then
  the remaining options. Only a single sentence too long for the whole budget is cut inside (at a
  word, never inside a phone number). A crisis message wins the space: the notice is left out
  (and sent with the next reply) when both do not fit.

Segments (what the carrier bills and what the phone reassembles): GSM-7 text is 160 septets in one
segment, 153 per segment when concatenated; characters of the GSM-7 extension table (^ { } \\ [ ] ~
| €) take two septets and are never split across segments. Any other character makes the whole
message UCS-2: 70 UTF-16 code units in one segment, 67 when concatenated (an emoji is two units
and is never split).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.replies import strip_markdown

SMS_CHAR_LIMIT = 320

# GSM 03.38 basic character set (127 characters; the 128th code is the escape to the extension).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each of these is sent as ESC + character, two septets.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67

# Characters the bot's own text may contain that have a plain GSM-7 equivalent.
_GSM_FRIENDLY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2022": "-",
        "\u00b7": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\u2060": "",
        "\ufeff": "",
        "\t": " ",
    }
)

LINK_SCHEMES = ("tel:", "sms:", "mailto:", "http:", "https:")
_CRISIS = re.compile(r"(?<!\d)(?:988|911)(?!\d)")
# North American numbers as people write them, and E.164 (+1...) forms.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)"
    r"|\+1\d{10}(?!\d)"
)
_E164_NANP = re.compile(r"(?<![\w+])(?:tel:)?\+1(\d{3})(\d{3})(\d{4})(?!\d)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel|sms):[^>\s]+)>")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()]+[^\s<>().,;:!?'\"]")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS = (" e.g.", " i.e.", " dr.", " mr.", " mrs.", " ms.", " vs.", " a.m.", " p.m.")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NORMALISE_WORDS = re.compile(r"[^0-9a-z]+")
_OPTION_NUMBER = re.compile(r"^(?:#|no\.?|number|option|choice)?\s*(\d{1,2})\s*[.)!]?$")


# --- segments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentCount:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def count_segments(text: str) -> SegmentCount:
    """How many SMS segments `text` takes, packed as a phone would pack it."""
    if is_gsm7(text):
        costs = [2 if ch in GSM7_EXTENSION else 1 for ch in text]
        return SegmentCount("GSM-7", sum(costs), _pack(costs, GSM7_SINGLE, GSM7_MULTI))
    costs = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return SegmentCount("UCS-2", sum(costs), _pack(costs, UCS2_SINGLE, UCS2_MULTI))


def _pack(costs: Sequence[int], single: int, multi: int) -> int:
    total = sum(costs)
    if total == 0:
        return 0
    if total <= single:
        return 1
    segments, used = 1, 0
    for cost in costs:  # an escape sequence or a surrogate pair is never split
        if used + cost > multi:
            segments, used = segments + 1, 0
        used += cost
    return segments


# --- options --------------------------------------------------------------------------------


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


# --- text -----------------------------------------------------------------------------------


def plain_text(text: str) -> str:
    """Bot text as SMS text: no Markdown, plain URLs, phone numbers written out, GSM-friendly."""
    text = _AUTOLINK.sub(r"\1", text)
    text = _MD_LINK.sub(_link_as_text, text)
    text = _HEADING.sub("", text)
    # URLs are set aside while Markdown is stripped: "a_b_c" in a URL is not emphasis.
    urls: list[str] = []

    def keep(match: re.Match[str]) -> str:
        urls.append(match.group(0))
        return f"\x00{len(urls) - 1}\x00"

    text = strip_markdown(_URL.sub(keep, text))
    text = re.sub("\x00(\\d+)\x00", lambda m: urls[int(m.group(1))], text)
    text = _E164_NANP.sub(r"\1-\2-\3", text)
    text = text.translate(_GSM_FRIENDLY)
    return _XML_INVALID.sub("", text)


def _link_as_text(match: re.Match[str]) -> str:
    label, target = match.group(1), match.group(2)
    if target.lower().startswith(("tel:", "sms:")):
        return label  # the label is the number written out ("866-797-7962")
    if target.lower().startswith("mailto:"):
        target = target[len("mailto:") :]
    return target if label.strip() == target else f"{label}: {target}"


def split_sentences(text: str) -> list[str]:
    """Sentences of one line of text (boundaries: . ! ? before a capital or a digit)."""
    sentences: list[str] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        candidate = text[start : boundary.start() + len(boundary.group(1))]
        if f" {candidate.lower()}".endswith(_ABBREVIATIONS):
            continue
        sentences.append(candidate.strip())
        start = boundary.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def has_crisis_number(text: str) -> bool:
    return bool(_CRISIS.search(text))


def has_phone_number(text: str) -> bool:
    return bool(_PHONE.search(text))


# --- one turn -------------------------------------------------------------------------------


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
) -> SmsTurn:
    """One turn's messages as one SMS text of at most `limit` characters (see module doc)."""
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

    state = _Layout(sentences, options, notice, limit)
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
    ) -> None:
        self.sentences = sentences
        self.options = options
        self.notice = notice
        self.limit = limit
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
        line = options_line(self.shown_options())
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
    for phone in _PHONE.finditer(text):
        if phone.start() < cut < phone.end():
            cut = phone.start()
    space = text.rfind(" ", 0, cut + 1)
    if space > 0:
        cut = space
    return text[:cut].rstrip(" ,;:-") + ellipsis


# --- keywords and fixed texts (CTIA) --------------------------------------------------------


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


# --- TwiML ----------------------------------------------------------------------------------

TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def twiml(text: str | None) -> str:
    """The webhook's answer: one <Message> with `text`, or an empty <Response/> (no reply)."""
    if not text or not text.strip():
        return TWIML_EMPTY
    body = _XML_INVALID.sub("", text)
    body = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<?xml version="1.0" encoding="UTF-8"?><Response><Message>{body}</Message></Response>'
