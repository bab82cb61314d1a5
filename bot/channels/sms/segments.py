"""SMS segments, what the carrier bills and what the phone reassembles: GSM-7 text is 160
septets in one segment, 153 per segment when concatenated; characters of the GSM-7 extension
table (^ { } \\ [ ] ~ | €) take two septets and are never split across segments. Any other
character makes the whole message UCS-2: 70 UTF-16 code units in one segment, 67 when
concatenated (an emoji is two units and is never split)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# GSM 03.38 basic character set (127 characters; the 128th code is the escape to the extension).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each of these is sent as ESC + character, two septets.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67


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
