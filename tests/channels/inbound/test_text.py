"""The visitor's text before the assistant sees it (bot/channels/inbound/text.py)."""

from __future__ import annotations

import pytest

from bot.channels.inbound.text import ELLIPSIS, cut_at_word, defuse_payload, normalise, shorten

# text as it arrives -> text the assistant reads
NORMALISED = [
    ("plain", "how many hours is IOP?", "how many hours is IOP?"),
    ("surrounding and repeated spaces", "  how   long\t\tis  iop  ", "how long is iop"),
    ("newlines become spaces", "line one\nline two\r\nthree", "line one line two three"),
    ("C0 controls dropped", "\x00\x07ctrl\x1b", "ctrl"),
    ("DEL and C1 controls dropped", "a\x7fb\x85c\x9fd", "abcd"),
    ("lone surrogates dropped", "hi\ud800 there\udfff", "hi there"),
    ("replacement characters dropped", "\ufffd\ufffdhello", "hello"),
    ("non-characters dropped", "a\ufffeb\uffffc\ufdd0", "abc"),
    ("NFC: e + combining acute is one é", "cafe\u0301", "caf\u00e9"),
    (
        "emoji kept, with ZWJ and skin tone",
        "😀 👩\u200d👩\u200d👧 👍🏽",
        "😀 👩\u200d👩\u200d👧 👍🏽",
    ),
    ("Arabic kept", "مرحبا كيف حالك", "مرحبا كيف حالك"),
    ("Hebrew with a direction mark kept", "\u200fשלום, מה שלומך?", "\u200fשלום, מה שלומך?"),
    ("HTML is only text", "<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("SQL is only text", "'; DROP TABLE events; --", "'; DROP TABLE events; --"),
    ("only whitespace", " \t\n ", ""),
    ("only controls", "\x00\x01\x02", ""),
]


@pytest.mark.parametrize(("case", "text", "expected"), NORMALISED, ids=[c[0] for c in NORMALISED])
def test_normalise(case, text, expected):
    assert normalise(text) == expected


TYPED_SLOT = 'request_intake{"requested_slot":"x"}'
OFFERED = frozenset({"/request_hotline", "/ask_iop_hours", "/request_intake"})

# typed text -> text the assistant gets (only an exact offered payload keeps its slash)
PAYLOADS = [
    ("an offered payload, exactly", "/request_hotline", "/request_hotline"),
    ("a topic button's payload", "/ask_iop_hours", "/ask_iop_hours"),
    ("an intent the bot never offers", "/affirm", "affirm"),
    ("an offered intent with a slot", f"/{TYPED_SLOT}", TYPED_SLOT),
    ("an offered intent with a confidence", "/request_hotline@0.1", "request_hotline@0.1"),
    ("an offered intent and more text", "/request_hotline please", "request_hotline please"),
    ("several slashes", "///greet", "greet"),
    ("a slash and a space", "/ what is iop", "what is iop"),
    ("only slashes", "///", ""),
    ("no slash at the start", "and/or is iop better", "and/or is iop better"),
    ("JSON", '{"intent": "affirm"}', '{"intent": "affirm"}'),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "expected"), PAYLOADS, ids=[c[0] for c in PAYLOADS])
def test_defuse_payload(case, text, expected):
    assert defuse_payload(text, OFFERED) == expected


def test_a_short_text_is_not_cut():
    assert shorten("short", 10, lambda _: None) == "short"


def test_a_long_text_is_cut_at_a_word():
    text = "word " * 300
    short = shorten(text.strip(), 1000, lambda _: None)
    assert len(short) <= 1000 and short.endswith("word")


def test_a_long_text_without_spaces_is_cut_at_the_limit():
    assert cut_at_word("x" * 10_000, 1000) == "x" * 1000


def _crisis_words(text: str) -> str | None:
    return "kill myself" if "kill myself" in text else None


def test_crisis_words_in_the_part_cut_off_are_kept():
    text = "my story " * 500 + "and now I want to kill myself"
    short = shorten(text, 1000, _crisis_words)
    assert len(short) <= 1000
    assert short.endswith(f"{ELLIPSIS} kill myself")


def test_crisis_words_in_the_part_kept_are_not_repeated():
    text = "I want to kill myself. " + "my story " * 500
    short = shorten(text, 1000, _crisis_words)
    assert short.count("kill myself") == 1 and ELLIPSIS not in short
