"""Unanswered messages grouped by similar wording (bot/insights/groups.py)."""

from __future__ import annotations

from bot.insights.conversations import Outcome
from bot.insights.groups import deduplicated, group_unanswered
from bot.insights.report import Unanswered


def msg(text: str, guess: str = "ask_iop_hours") -> Unanswered:
    return Unanswered(text, Outcome.MENU, guess, 0.3)


def test_the_same_text_is_counted_once_with_its_frequency():
    texts = ["Do you take Medicaid?", "do you  take medicaid", "x", "call [phone]", "call [phone]!"]
    distinct = deduplicated([msg(text) for text in texts])
    assert [(m.text, n) for m, n in distinct] == [
        ("call [phone]", 2),
        ("Do you take Medicaid?", 2),
        ("x", 1),
    ]


def test_similar_wordings_share_a_group_and_other_questions_do_not():
    messages = [
        msg("do you take medicaid", "ask_about_center"),
        msg("do you take medicaid?", "ask_about_center"),
        msg("do u take medicaid"),
        msg("Do you take Medicaid??", "ask_about_center"),
        msg("is there parking at the building"),
        msg("where do i park"),
        msg("can my dog come with me"),
    ]
    groups = group_unanswered(messages)
    largest = groups[0]
    assert largest.size == 4 and largest.label.startswith("do you take medicaid")
    assert largest.guess == "ask_about_center"  # the guess most of its messages got
    assert all("medicaid" not in text for g in groups[1:] for text, _ in g.examples)
    assert any(g.label == "can my dog come with me" and g.size == 1 for g in groups)


def test_nothing_unanswered_gives_no_groups():
    assert group_unanswered([]) == []
