"""The crisis check's gated matcher (bot/safety/matcher.py): the same matches as spaCy's Matcher,
without running the patterns a message cannot match."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher

from bot.safety.detector import CrisisDetector
from bot.safety.matcher import GatedMatcher, gate_of
from bot.settings import get_settings

SAFETY_SETS = Path(__file__).parent


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        ([{"LOWER": "overdose"}], {"overdose"}),
        # the rarest required token: not the common "i", not the optional "really"
        (
            [{"LOWER": "i"}, {"LOWER": "really", "OP": "?"}, {"LEMMA": {"IN": ["kill", "hurt"]}}],
            {"kill", "hurt"},
        ),
        ([{"LOWER": {"IN": ["pills", "meds"]}, "OP": "+"}, {"LOWER": "now"}], {"pills", "meds"}),
        ([{"IS_PUNCT": True}, {"LOWER": {"REGEX": "^od"}}], None),  # nothing lists its words
        ([{"LOWER": "the"}], {"the"}),  # only common words: still a gate
    ],
)
def test_a_patterns_gate_is_its_rarest_required_word_list(pattern, gate):
    assert gate_of(pattern) == (frozenset(gate) if gate is not None else None)


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return CrisisDetector(spacy.load(get_settings().spacy_model_dir))


def committed_messages() -> list[str]:
    return [
        line.split("\t")[-1]
        for path in sorted(SAFETY_SETS.rglob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_it_finds_exactly_what_the_plain_matcher_finds_on_every_committed_message(detector):
    plain = Matcher(detector._nlp.vocab)
    gated = GatedMatcher(detector._nlp.vocab)
    for kind, rules in detector.patterns.rules.items():
        for rule, patterns in rules.items():
            plain.add(f"{kind}:{rule}", patterns)
            gated.add(f"{kind}:{rule}", patterns)
    messages = committed_messages()
    assert len(messages) > 2000
    differ = [
        text for text in messages if set(plain(doc := detector._doc(text))) != set(gated(doc))
    ]
    assert differ == []
    assert gated.group_count > 50  # most of them are skipped on a typical message


def test_a_bad_pattern_is_rejected_when_it_is_added(detector):
    with pytest.raises(Exception, match="NOT_AN_ATTR"):
        GatedMatcher(detector._nlp.vocab).add("bad", [[{"NOT_AN_ATTR": "x"}]])
