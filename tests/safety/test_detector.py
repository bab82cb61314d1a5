"""The crisis safety check (bot/safety/ + its crisis_patterns.yml), as a specification.

Run with -s to see recall and false-positive rate:
    .venv/bin/python -m pytest -q -s tests/safety/test_detector.py
"""

from __future__ import annotations

import logging
import statistics
import time
from collections import Counter
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.safety.detector import CrisisDetector
from bot.safety.models import PRIORITY, CrisisKind, CrisisSignal, PatternError
from bot.safety.patterns import load_patterns
from bot.settings import get_settings

SETS = Path(__file__).parent


def read_crisis_set(path: Path = SETS / "crisis_messages.txt") -> list[tuple[CrisisKind, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            kind, message = line.split("\t", 1)
            rows.append((CrisisKind(kind), message))
    return rows


def read_lookalikes(path: Path = SETS / "lookalikes.txt") -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# the regression sets: English (crisis_messages.txt, lookalikes.txt) and Spanish (*_es.txt)
CRISIS = [
    row for path in sorted(SETS.glob("crisis_messages*.txt")) for row in read_crisis_set(path)
]
LOOKALIKES = [m for path in sorted(SETS.glob("lookalikes*.txt")) for m in read_lookalikes(path)]


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load(get_settings().spacy_model_dir)


@pytest.fixture(scope="module")
def detector(nlp: spacy.language.Language) -> CrisisDetector:
    return CrisisDetector(nlp)


# --- the committed sets -----------------------------------------------------------------------


def test_the_committed_sets_are_large_varied_and_well_formed():
    kinds = Counter(kind for kind, _ in CRISIS)
    assert len(CRISIS) >= 120
    assert len(LOOKALIKES) >= 80
    assert set(kinds) == set(CrisisKind)
    assert min(kinds.values()) >= 25
    messages = [m.lower() for _, m in CRISIS]
    assert len(set(messages)) == len(messages), "duplicate crisis message"
    assert len({m.lower() for m in LOOKALIKES}) == len(LOOKALIKES), "duplicate look-alike"
    assert not set(messages) & {m.lower() for m in LOOKALIKES}


@pytest.mark.parametrize(("kind", "message"), CRISIS, ids=[m[:50] for _, m in CRISIS])
def test_every_crisis_message_is_detected_with_its_kind(detector, kind, message):
    signal = detector.detect(message)
    assert signal is not None, f"missed: {message!r} (normalised: {detector.normalise(message)!r})"
    assert signal.kind is kind, f"{message!r}: {signal}"


@pytest.mark.parametrize("message", LOOKALIKES, ids=[m[:50] for m in LOOKALIKES])
def test_no_lookalike_fires(detector, message):
    assert detector.detect(message) is None


def test_recall_is_100_percent_and_no_lookalike_fires(detector):
    """The summary the closing note reports (also `python scripts/crisis_report.py`)."""
    per_kind: dict[CrisisKind, list[bool]] = {kind: [] for kind in CrisisKind}
    for kind, message in CRISIS:
        signal = detector.detect(message)
        per_kind[kind].append(signal is not None and signal.kind is kind)
    detected = sum(sum(hits) for hits in per_kind.values())
    false_positives = [m for m in LOOKALIKES if detector.detect(m) is not None]
    for kind, hits in per_kind.items():
        print(f"recall {kind.value:<9} {sum(hits)}/{len(hits)} = {sum(hits) / len(hits):.1%}")
    print(f"recall overall   {detected}/{len(CRISIS)} = {detected / len(CRISIS):.1%}")
    print(
        f"false positives  {len(false_positives)}/{len(LOOKALIKES)}"
        f" = {len(false_positives) / len(LOOKALIKES):.1%}"
    )
    assert detected == len(CRISIS)
    assert false_positives == []


# --- examples from the issue and DOMAIN.md ----------------------------------------------------


@pytest.mark.parametrize(
    ("message", "kind", "matched"),
    [
        ("i want to kill myself", CrisisKind.SELF_HARM, "kill myself"),
        ("nobody would miss me", CrisisKind.SELF_HARM, "nobody would miss me"),
        ("took a whole bottle of pills", CrisisKind.OVERDOSE, "took a whole bottle"),
        ("he isn't breathing", CrisisKind.OVERDOSE, "n't breathing"),
        ("my husband has a gun", CrisisKind.VIOLENCE, "has a gun"),
    ],
)
def test_the_signal_names_the_kind_and_the_matched_words(detector, message, kind, matched):
    signal = detector.detect(message)
    assert (signal.kind, signal.matched) == (kind, matched)


@pytest.mark.parametrize(
    "message",
    [
        "he had a seizure last year when he stopped drinking",  # history, asked in triage
        "seizures",
        "shakes and sweats",
        "yes, shakes and seizures when he quits",
        "nobody is in danger right now",  # triage: "is anyone in danger right now?"
        "no, not suicidal",
        "end this",  # leaving the triage form
        "i dont want to continue",
        "bye for now",
    ],
)
def test_triage_answers_and_form_commands_do_not_fire(detector, message):
    assert detector.detect(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "he just had a seizure",
        "she's having a seizure right now",
        "i'm not suicidal but i want to die",  # a denial does not hide what follows
        "do you treat suicidal thoughts?",  # any mention of suicide fires: the asker may be at risk
    ],
)
def test_when_unsure_the_numbers_are_shown(detector, message):
    assert detector.detect(message) is not None


# --- priority -----------------------------------------------------------------------------------


def test_priority_is_overdose_then_medical_then_self_harm_then_violence():
    assert PRIORITY == (
        CrisisKind.OVERDOSE,
        CrisisKind.MEDICAL,
        CrisisKind.SELF_HARM,
        CrisisKind.VIOLENCE,
    )


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("i want to die and he's not breathing", CrisisKind.OVERDOSE),
        ("i have a gun and i'm going to kill him and then myself", CrisisKind.SELF_HARM),
        ("he's beating me and i took all my pills", CrisisKind.OVERDOSE),
        ("i'm going to kill him. i want to die", CrisisKind.SELF_HARM),
        # a match inside a longer match of another kind gives way to it (intent, not an overdose)
        ("i'm going to overdose tonight", CrisisKind.SELF_HARM),
        ("i want someone to kill me", CrisisKind.SELF_HARM),
    ],
)
def test_the_most_urgent_kind_wins(detector, message, kind):
    signal = detector.detect(message)
    assert signal is not None and signal.kind is kind


# --- normalisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "means"),
    [
        ("I DON’T WANT TO LIVE", "i don't want to live ."),  # curly apostrophe, capitals
        ("i dont wanna live", "i don't want to live ."),  # no apostrophe, SMS
        ("im gonna kms", "i'm going to kill myself ."),
        ("i want to diiiie", "i want to die ."),  # letters repeated for emphasis
        ("kill\u200bmy\u200bself", "kill myself ."),  # zero-width characters
        ("k1ll my self", "kill myself ."),  # leetspeak, split word
        ("ｉ ｗａｎｔ ｔｏ ｄｉｅ", "i want to die ."),  # fullwidth letters
        ("she overdosd", "she overdosed ."),  # typo of a crisis word
        ("feeling suicidle", "feeling suicide ."),
        ("he OD'd", "he overdosed ."),
        ("the guy next to me is od-ing", "the guy next to me is overdosing ."),
        ("s*icidal", "suicidal ."),
        ("i want to\ndie 😭😭", "i want to die ."),  # line breaks, emoji
        ("violet is my favourite colour!", "violet is my favourite colour!"),  # real words stay
    ],
)
def test_text_is_normalised_before_matching(detector, written, means):
    assert detector.normalise(written) == means


@pytest.mark.parametrize(
    "message",
    [
        "I Want To K1ll Myself!!!",
        "i want to dieeeeee",
        "suicidle thoughts",
        "i dont wanna b alive",
        "i want\u00a0to\u00a0die",
        "ily all, goodbye everyone",
        "ｉ ｗａｎｔ ｔｏ ｄｉｅ",
        "\u202ei want to die",
    ],
)
def test_spelling_does_not_hide_a_crisis(detector, message):
    assert detector.detect(message) is not None


def test_detect_doc_agrees_with_detect(detector, nlp):
    for _, message in CRISIS[:40]:
        assert detector.detect_doc(nlp(message)) == detector.detect(message)
    for message in LOOKALIKES[:40]:
        assert detector.detect_doc(nlp(message)) is None


def test_from_model_dir_builds_the_same_detector():
    other = CrisisDetector.from_model_dir(get_settings().spacy_model_dir)
    assert other.detect("i want to end it all") == CrisisSignal(CrisisKind.SELF_HARM, "end it all")


# --- robustness ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t",
        "😭" * 3000,
        "x" * 10_000,
        "kill " * 2000,
        "to " * 3333,
        ("i want to just really " * 500)[:10_000],
        "مرحبا، أريد أن أموت" * 100,  # RTL
        "אני רוצה למות",
        "\x00\x01\x07\x1b[31m kill\x7fmyself \x9f",
        "\ud800 lone surrogate \udfff",
        "\u202e\u2066\u200f\ufeff",
        "' ' ' '' ' '",
        "...",
        "i'",
        "**** ** *",
        "1 2 3 4 5 6 7 8 9 10 11 12",
    ],
)
def test_any_input_returns_a_signal_or_none(detector, text):
    signal = detector.detect(text)
    assert signal is None or isinstance(signal, CrisisSignal)


def test_a_long_message_still_finds_a_crisis_at_the_end(detector):
    text = "how many hours is iop and do you take insurance " * 200 + "i want to die"
    assert detector.detect(text) == CrisisSignal(CrisisKind.SELF_HARM, "want to die")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_detect_never_raises_on_random_text(detector, text):
    errors = _ErrorLog()
    logging.getLogger("bot.safety.detector").addHandler(errors)
    try:
        signal = detector.detect(text)
    finally:
        logging.getLogger("bot.safety.detector").removeHandler(errors)
    assert signal is None or isinstance(signal, CrisisSignal)
    assert errors.records == [], "detect() hit its fail-safe path"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "i",
                "want",
                "to",
                "kill",
                "myself",
                "not",
                "n't",
                "die",
                "dont",
                "overdose",
                "he",
                "is",
                "'s",
                "breathing",
                "gun",
                "the",
                "just",
                "really",
                ".",
                ",",
                "😭",
                "wake",
                "up",
            ]
        ),
        max_size=60,
    )
)
def test_detect_never_raises_on_crisis_word_salad(detector, words):
    signal = detector.detect(" ".join(words))
    assert signal is None or isinstance(signal, CrisisSignal)


def test_a_failing_check_fails_closed_and_logs(detector, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(detector, "_matcher", broken)
    with caplog.at_level(logging.ERROR, logger="bot.safety.detector"):
        signal = detector.detect("what are your hours")
    assert signal == CrisisSignal(CrisisKind.SELF_HARM, "")
    assert "crisis check failed" in caplog.text


def test_a_typical_message_takes_well_under_2_ms(detector):
    messages = [m for _, m in CRISIS] + LOOKALIKES
    timings = []
    for message in messages:
        start = time.perf_counter()
        detector.detect(message)
        timings.append(time.perf_counter() - start)
    median, worst = statistics.median(timings) * 1000, max(timings) * 1000
    print(f"detect(): median {median:.2f} ms, max {worst:.2f} ms over {len(messages)} messages")
    assert median < 2


# --- the patterns file --------------------------------------------------------------------------


def test_the_patterns_file_has_every_kind_and_some_vetoes():
    patterns = load_patterns()
    assert {k.value for k in CrisisKind} <= set(patterns.rules)
    assert all(patterns.rules[k.value] for k in CrisisKind)
    assert patterns.rules["not_crisis"]


OTHER_KINDS = (
    "overdose: {r: [[{LOWER: x}]]}\nviolence: {r: [[{LOWER: y}]]}\nmedical: {r: [[{LOWER: z}]]}\n"
)


@pytest.mark.parametrize(
    ("yaml_text", "error"),
    [
        ("self_harm: {r: [[{LOWER: on}]]}\n" + OTHER_KINDS, "not a string"),  # YAML boolean
        ("self_harm: {r: [[{LOWER: {IN: [a, 2]}}]]}\n" + OTHER_KINDS, "not a string"),
        ("self_harm: {}\n" + OTHER_KINDS, "no rules"),
        ("self_harm: {r: [[{LOWER: x}]]}\nfoo: {}\n" + OTHER_KINDS, "unknown sections"),
        ("self_harm: {r: [{LOWER: x}]}\n" + OTHER_KINDS, "list of token patterns"),
    ],
)
def test_a_broken_patterns_file_is_rejected_at_load_time(tmp_path, yaml_text, error):
    path = tmp_path / "crisis_patterns.yml"
    path.write_text(yaml_text)
    with pytest.raises(PatternError, match=error):
        load_patterns(path)


def test_an_invalid_matcher_pattern_names_its_rule(nlp, tmp_path):
    path = tmp_path / "crisis_patterns.yml"
    path.write_text("self_harm: {bad_rule: [[{NOT_AN_ATTR: x}]]}\n" + OTHER_KINDS)
    with pytest.raises(PatternError, match="bad_rule"):
        CrisisDetector(nlp, path)


class _ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
