"""The project's own spaCy pipeline: lookup lemmas and the entity ruler."""

import pytest
import spacy

from bot.language.spacy_pipeline import build_pipeline, fingerprint, is_current


@pytest.fixture(scope="module")
def nlp(settings):
    # the built pipeline Rasa uses, so the test covers what was saved to disk
    return spacy.load(settings.spacy_model_dir)


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("relapsed", "relapse"),
        ("using", "use"),
        ("hours", "hour"),
        ("drinking", "drink"),
        ("was", "be"),
    ],
)
def test_lemmas_come_from_the_lookup_tables(nlp, word, lemma):
    assert nlp(f"he {word}")[1].lemma_ == lemma


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how many hours is intensive outpatient", [("intensive outpatient", "program", "iop")]),
        ("whats iop", [("iop", "program", "iop")]),
        (
            "My son relapsed after outpatient",
            [("My son", "for_whom", "loved_one"), ("outpatient", "program", "op")],
        ),
        ("is it right for me", [("for me", "for_whom", "self")]),
        (
            "my wife is drinking and on xanax",
            [
                ("my wife", "for_whom", "loved_one"),
                ("drinking", "substance", "alcohol"),
                ("xanax", "substance", "benzos"),
            ],
        ),
        (
            "FENTANYL and Heroin",
            [("FENTANYL", "substance", "fentanyl"), ("Heroin", "substance", "heroin")],
        ),
        ("what time is it", []),
    ],
)
def test_entities_are_recognised_and_normalised(nlp, text, expected):
    assert [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents] == expected


def test_the_saved_pipeline_is_the_current_build(settings):
    assert is_current(settings.spacy_model_dir)


def test_a_fresh_build_has_patterns_after_initialisation():
    # nlp.initialize() resets entity rulers; the build must add patterns after it
    nlp = build_pipeline()
    assert [e.label_ for e in nlp("detox first").ents] == ["program"]
    assert len(fingerprint()) == 64
