"""The unanswered messages as an NLU file to label (bot/insights/review_file.py): Rasa itself
must read it."""

from __future__ import annotations

import datetime as dt

from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.insights.conversations import Outcome
from bot.insights.report import Unanswered
from bot.insights.review_file import review_yaml

DAY = dt.date(2026, 11, 30)


def test_rasa_reads_it_with_each_message_once_under_its_guess():
    messages = [
        Unanswered(
            "do you take medicaid? call me at [phone]", Outcome.MENU, "ask_about_center", 0.31
        ),
        Unanswered(
            "do you take medicaid? call me at [phone]", Outcome.MENU, "ask_about_center", 0.31
        ),
        Unanswered("what's the weather: sunny? #today", Outcome.OUT_OF_SCOPE, "out_of_scope", 0.98),
        Unanswered("purple monkey", Outcome.MENU, None, 0.0),
    ]
    text = review_yaml(messages, DAY, DAY)
    data = RasaYAMLReader().reads(text)
    examples = {(m.get("intent"), m.get("text")) for m in data.intent_examples}
    assert examples == {
        ("ask_about_center", "do you take medicaid? call me at [phone]"),
        ("out_of_scope", "what's the weather: sunny? #today"),
        ("out_of_scope", "purple monkey"),
    }
    assert "GUESS" in text and "# 2x, got menu, guess ask_about_center (0.31)" in text


def test_nothing_unanswered_is_still_a_valid_file():
    assert RasaYAMLReader().reads(review_yaml([], DAY, DAY)).intent_examples == []
