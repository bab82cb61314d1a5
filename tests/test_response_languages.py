"""Every fixed reply in domain.yml speaks the conversation's language: for each language, who
the help is for and channel, Rasa has exactly one variation to pick, in that language (Rasa picks
at random among all the variations whose conditions match, rasa/core/nlg/generator.py)."""

import itertools

import pytest
import yaml
from rasa.core.nlg.generator import ResponseVariationFilter

from bot.settings import PROJECT_ROOT
from ops.understanding import variation_language

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
RESPONSES = DOMAIN["responses"]
LANGUAGES = DOMAIN["slots"]["language"]["values"]
PEOPLE = [None, "self", "loved_one"]
CHANNELS = ["socketio", "rest", "twilio_sms", "cmdline"]
CRISIS = "utter_crisis"  # its variations are chosen by the crisis check's own slots


@pytest.mark.parametrize("name", sorted(set(RESPONSES) - {CRISIS}))
def test_each_reply_has_one_variation_per_language_person_and_channel(name):
    choose = ResponseVariationFilter(RESPONSES)
    for language, person, channel in itertools.product(LANGUAGES, PEOPLE, CHANNELS):
        slots = {"language": language, "person": person}
        got = choose.responses_for_utter_action(name, channel, slots)
        assert len(got) == 1, (language, person, channel, len(got))
        assert variation_language(got[0]) == language, (language, person, channel)


@pytest.mark.parametrize(
    ("kind", "crisis_language", "language", "first_words"),
    [
        ("overdose", "es", "en", "Si alguien pudo haber tenido una sobredosis"),
        ("self_harm", "en", "es", "I'm really glad you told me"),
        (None, None, "es", "Si usted o alguien con usted está en peligro ahora, llame al 911"),
        (None, None, "en", "If you or someone with you is in danger right now, call 911"),
        (None, "es", "en", "Si usted o alguien con usted está en peligro ahora, llame al 911"),
    ],
)
def test_the_crisis_reply_is_in_the_language_of_the_words_that_raised_it(
    kind, crisis_language, language, first_words
):
    """The patterns' language first (a message in Spanish in an English conversation gets
    Spanish numbers); with no pattern (the classifier's back-up), the conversation's."""
    slots = {"crisis_kind": kind, "crisis_language": crisis_language, "language": language}
    got = ResponseVariationFilter(RESPONSES).responses_for_utter_action(CRISIS, "rest", slots)
    assert len(got) == 1
    assert got[0]["text"].replace("**", "").startswith(first_words)


def test_the_spanish_variations_keep_the_english_buttons_payloads():
    for name, variations in RESPONSES.items():
        by_language: dict[str, set] = {}
        for variation in variations:
            payloads = {b["payload"] for b in variation.get("buttons", [])}
            by_language.setdefault(variation_language(variation), set()).update(payloads)
        assert by_language.get("es", set()) == by_language.get("en", set()), name
