"""Bot text as SMS text: Markdown stripped (`bot.replies.strip_markdown`), links as plain URLs,
`tel:` links as the number written out (866-797-7962), typographic characters with a GSM-7
equivalent (curly quotes, dashes, bullets...) replaced, so one stray character does not turn
the whole message into UCS-2; and the sentences of a text, for the turn's layout (format.py)."""

from __future__ import annotations

import re

from bot.replies import strip_markdown

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

_CRISIS = re.compile(r"(?<!\d)(?:988|911)(?!\d)")
# North American numbers as people write them, and E.164 (+1...) forms.
PHONE_NUMBER = re.compile(
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
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    return XML_INVALID.sub("", text)


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
    return bool(PHONE_NUMBER.search(text))
