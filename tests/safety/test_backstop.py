"""The crisis check's learned back-up (bot/safety/backstop.py) and how the check uses it
(bot/safety/detector.py, rule 6), as a specification."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import spacy

from bot.safety.backstop import (
    DATA_DIR,
    MIN_WORDS,
    NLU_SOURCE,
    Backstop,
    build,
    fit,
    grams,
    load_backstop,
    read_backstop,
    read_examples,
    train,
)
from bot.safety.detector import CrisisDetector
from bot.safety.models import CrisisKind, Tier
from bot.settings import get_settings

# A back-up that knows one made-up word: whatever it fires on, the patterns cannot know.
ZORBLAX = Backstop(idf={"w:zorblax": 1.0}, coef={"w:zorblax": 10.0}, intercept=-5.0)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load(get_settings().spacy_model_dir)


@pytest.fixture(scope="module")
def detector(nlp) -> CrisisDetector:
    return CrisisDetector(nlp, backstop=ZORBLAX)


# --- rule 6: asked only when the patterns find nothing ------------------------------------------


@pytest.mark.parametrize(
    ("text", "tier", "kind", "language"),
    [
        # no risk words at all: the back-up decides, danger now with no kind
        ("my brother is zorblax and i can't get him to answer me", Tier.DANGER_NOW, None, "en"),
        ("mi hermano esta zorblax y no me contesta", Tier.DANGER_NOW, None, "es"),
        # the patterns found danger now: their kind stands
        ("he took a whole bottle of pills, zorblax", Tier.DANGER_NOW, CrisisKind.OVERDOSE, "en"),
        # the rules read it as not now: the back-up is not asked
        (
            "after my overdose in 2021 i got sober. zorblax, how long is iop?",
            Tier.MENTIONED,
            CrisisKind.OVERDOSE,
            "en",
        ),
        ("no thoughts of hurting myself, zorblax", Tier.MENTIONED, CrisisKind.SELF_HARM, "en"),
    ],
)
def test_the_back_up_is_asked_only_when_the_patterns_find_nothing(
    detector, text, tier, kind, language
):
    signal = detector.assess(text)
    assert signal is not None
    assert (signal.tier, signal.kind, signal.language) == (tier, kind, language)


@pytest.mark.parametrize(
    "text",
    [
        "i'm dying to know if zorblax is covered by insurance",  # a figure of speech: a veto
        "how many hours a week is iop?",  # nothing for the rules, nothing for the back-up
        "",
    ],
)
def test_a_figure_of_speech_or_a_plain_question_gets_no_signal(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("zorblax?", False),
        ("and him, zorblax?", False),
        ("is he zorblax now?", False),  # four words
        ("is my dad zorblax now?", True),  # five
    ],
)
def test_the_back_up_reads_only_messages_of_five_words_or_more(text, fires):
    # "and her?" in the middle of a conversation is a follow-up, not an emergency
    assert ZORBLAX.probability(text) > 0.99
    assert ZORBLAX.fires(text) is fires


def test_rules_only_when_the_detector_has_no_back_up(nlp):
    assert CrisisDetector(nlp, backstop=None).assess("my brother is zorblax again") is None


def test_a_hit_keeps_the_sentence_that_scored_highest_for_the_guard_to_keep(detector):
    text = "Hi there. I had a question about hours. My brother is zorblax now! Thanks."
    assert detector.detect(text).matched == "My brother is zorblax now!"


# --- the model -------------------------------------------------------------------------------


def test_features_are_word_grams_and_character_grams_without_accents_or_repeats():
    features = grams("Está MAL, pleaseeee")
    assert {"w:esta", "w:mal", "w:esta mal", "w:mal pleasee", "c: es", "c:ee "} <= set(features)
    assert "w:pleaseeee" not in features


def test_the_scorer_computes_what_scikit_learn_computes():
    examples = read_examples()[::7]
    vectorizer, model = fit(examples)
    backstop = train(examples)
    texts = [e.text for e in examples[:200]] + ["", "zzzz qqq", "mi papa no despierta"]
    expected = model.predict_proba(vectorizer.transform(texts))[:, 1]
    assert [backstop.probability(t) for t in texts] == pytest.approx(list(expected), abs=1e-9)


def test_explain_names_the_grams_that_moved_the_score():
    explained = dict(ZORBLAX.explain("is zorblax now"))
    assert explained == {"w:zorblax": pytest.approx(10.0)}


def test_the_trained_back_up_learned_its_data():
    """A sanity bound, not a score: the honest numbers are left-one-writer-out (README)."""
    backstop = load_backstop()
    examples = read_examples()
    # the back-up reads messages of MIN_WORDS words or more (shorter ones are the patterns')
    danger = [e for e in examples if e.danger_now and len(e.text.split()) >= MIN_WORDS]
    ordinary = [e for e in examples if e.source == NLU_SOURCE and not e.danger_now]
    caught = sum(backstop.fires(e.text) for e in danger) / len(danger)
    fired = sum(backstop.fires(e.text) for e in ordinary) / len(ordinary)
    assert caught > 0.95
    assert fired < 0.01


# --- data and build ------------------------------------------------------------------------


def small_corpus(root: Path) -> tuple[Path, Path]:
    data, nlu = root / "safety", root / "nlu"
    data.mkdir()
    nlu.mkdir()
    (data / "danger_now.txt").write_text(
        "a\toverdose\the is not breathing and his lips are blue\n"
        "b\tmedical\tshe is shaking and not breathing right\n",
        encoding="utf-8",
    )
    (data / "not_now.txt").write_text("a\tis he breathing ok in group?\n", encoding="utf-8")
    (nlu / "chat.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: ask_iop_hours\n  examples: |\n'
        "    - how many hours is [iop](program)\n    - how many hours is op\n",
        encoding="utf-8",
    )
    (nlu / "crisis.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: crisis\n  examples: |\n    - he is not breathing\n',
        encoding="utf-8",
    )
    return data, nlu


def test_nlu_examples_are_read_without_entity_markup(tmp_path):
    data, nlu = small_corpus(tmp_path)
    texts = {e.text: e for e in read_examples(data, nlu)}
    assert "how many hours is iop" in texts
    assert texts["he is not breathing"].danger_now  # the `crisis` intent: positives
    assert not texts["how many hours is op"].danger_now
    assert texts["how many hours is op"].weight > 1  # ordinary examples weigh more


def test_a_line_without_its_fields_is_a_clear_error(tmp_path):
    data, nlu = small_corpus(tmp_path)
    (data / "not_now.txt").write_text("no source here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="2 tab-separated fields"):
        read_examples(data, nlu)


def test_the_weights_are_rebuilt_exactly_when_the_data_changes(tmp_path):
    data, nlu = small_corpus(tmp_path)
    out = tmp_path / "build"
    first = build(out, data, nlu)
    assert build(out, data, nlu) == first  # unchanged data: the same file, not retrained
    with (nlu / "chat.yml").open("a", encoding="utf-8") as more:
        more.write("    - is op at night\n")
    second = build(out, data, nlu)
    assert second != first
    assert [p.name for p in out.iterdir()] == [second.name]  # the old weights are gone
    assert second.stat().st_mode & 0o777 == 0o644  # readable by the servers' user (Dockerfile)
    with gzip.open(second) as raw:
        assert set(json.loads(raw.read())) == {"intercept", "threshold", "grams"}
    assert 0.0 <= read_backstop(second).probability("he is not breathing") <= 1.0


def test_the_shipped_data_has_its_provenance_and_no_frozen_set():
    sources = {e.source for e in read_examples()}
    assert "unseen8" not in sources and "unseen9" not in sources
    assert (DATA_DIR / "README.md").exists()


def test_a_build_folder_that_cannot_be_written_still_gives_a_back_up(tmp_path, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    backstop = load_backstop.__wrapped__(blocked / "safety")
    assert "trained in memory" in caplog.text
    assert backstop.fires("my dad isn't breathing and his lips are blue")
