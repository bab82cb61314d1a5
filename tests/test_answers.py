"""Topic answers and suggestions, built from the real content store."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers import (
    hotline_reply,
    likeliest_topics,
    next_steps,
    suggestion_reply,
    topic_for_intent,
    topic_reply,
)

HOTLINE = "866-797-7962"


@pytest.mark.parametrize(
    ("intent", "topic"),
    [
        ("ask_iop_hours", "iop_hours"),
        ("ask_what_is_op", "what_is_op"),
        ("greet", None),
        (None, None),
        ("", None),
    ],
)
def test_topic_for_intent(intent, topic):
    assert topic_for_intent(intent) == topic


def test_a_topic_answer_carries_the_content_and_ends_with_a_person(store):
    reply = topic_reply(store, "iop_hours", HOTLINE)
    topic = store.get("iop_hours")
    assert reply.text == topic.web_text()
    assert reply.sms == topic.sms_text()
    assert reply.buttons[-1].payload == "/request_hotline"


def test_every_topic_answer_offers_next_steps(store):
    for topic in store:
        reply = topic_reply(store, topic.id, HOTLINE)
        payloads = [b.payload for b in reply.buttons]
        assert payloads[-1] == "/request_hotline", topic.id
        assert f"/ask_{topic.id}" not in payloads, topic.id
        assert 2 <= len(payloads) <= 4, topic.id


def test_an_unknown_topic_has_no_answer(store):
    assert topic_reply(store, "cost", HOTLINE) is None


def test_next_steps_offer_which_fits_me_unless_already_there(store):
    assert [b.payload for b in next_steps(store, ["iop_length"])] == [
        "/ask_iop_length",
        "/ask_which_program",
        "/request_hotline",
    ]
    assert [b.payload for b in next_steps(store, ["iop_vs_op"], exclude="which_program")] == [
        "/ask_iop_vs_op",
        "/request_hotline",
    ]


def test_likeliest_topics_skip_non_topics_unlikely_ones_and_unknown_ones(store):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.7},
        {"name": "ask_iop_hours", "confidence": 0.35},
        {"name": "greet", "confidence": 0.2},
        {"name": "ask_cost", "confidence": 0.2},
        {"name": "ask_iop_length", "confidence": 0.3},
        {"name": "ask_iop_schedule", "confidence": 0.1},
        {"name": "ask_detox", "confidence": 0.09},
        {"name": "ask_op_evening", "confidence": 0.01},
    ]
    assert likeliest_topics(ranking, store) == ["iop_hours", "iop_length", "iop_schedule"]


def test_suggestions_fall_back_to_common_topics_and_always_offer_a_person(store):
    reply = suggestion_reply(store, [{"name": "greet", "confidence": 0.4}], HOTLINE)
    assert [b.payload for b in reply.buttons] == [
        "/ask_what_is_iop",
        "/ask_iop_vs_op",
        "/ask_which_program",
        "/request_hotline",
    ]
    assert HOTLINE in reply.text and HOTLINE in reply.sms


def test_hotline_reply_has_the_number_and_a_call_link(store):
    reply = hotline_reply(store, HOTLINE, "tel:+18667977962")
    assert HOTLINE in reply.text and HOTLINE in reply.sms
    assert reply.buttons[0].payload == "tel:+18667977962"
    assert reply.buttons[0].is_call_link


@pytest.mark.parametrize(
    ("ranking", "topic"),
    [
        (
            [{"name": "crisis", "confidence": 1.0}, {"name": "ask_iop_length", "confidence": 0.8}],
            "iop_length",
        ),
        (
            [{"name": "crisis", "confidence": 1.0}, {"name": "ask_iop_length", "confidence": 0.4}],
            None,
        ),
        ([{"name": "crisis", "confidence": 1.0}, {"name": "greet", "confidence": 0.9}], None),
        (
            [
                {"name": "crisis", "confidence": 1.0},
                {"name": "nlu_fallback", "confidence": 0.7},
                {"name": "ask_detox", "confidence": 0.7},
            ],
            "detox",
        ),
        ([{"name": "crisis", "confidence": 1.0}], None),
        ([], None),
    ],
)
def test_a_question_asked_with_a_crisis_is_still_answered_when_clear(ranking, topic):
    from bot.answers import question_behind_crisis

    assert question_behind_crisis(ranking) == topic


# Whatever text or ranking reaches the content lookup, it answers (maybe None), never raises.
names = st.one_of(st.none(), st.text(max_size=80), st.sampled_from(["ask_", "ask_iop_hours"]))
rankings = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "name": names,
            "confidence": st.one_of(st.none(), st.floats(allow_nan=True), st.integers()),
        },
    ),
    max_size=8,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(intent=names, ranking=rankings)
def test_the_content_lookup_never_raises(store, intent, ranking):
    topic = topic_for_intent(intent)
    reply = topic_reply(store, topic or "", HOTLINE) if topic is not None else None
    assert reply is None or HOTLINE in reply.text or reply.buttons
    assert all(t in store for t in likeliest_topics(ranking, store))
    assert next_steps(store, [intent or ""], exclude=intent)[-1].title
