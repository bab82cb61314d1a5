"""Topic answers and suggestions, built from the real content store."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content.answers import (
    as_question,
    content_source_reply,
    decide,
    hotline_reply,
    likeliest_topics,
    next_steps,
    not_in_article_reply,
    runners_up,
    suggestion_reply,
    topic_for_intent,
    topic_reply,
    without,
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
    assert reply.outcome == "menu"  # counted by the staff report


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
    from bot.content.answers import question_behind_crisis

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


# --- answer first, then offer --------------------------------------------------------------


def _ranking(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


# an unsure message's ranking (nlu_fallback first, as the FallbackClassifier leaves it)
@pytest.mark.parametrize(
    ("ranking", "intent", "runners_up"),
    [
        # one topic clearly leads: answered, the close runner-up offered after it
        (
            [("nlu_fallback", 0.5), ("ask_iop_hours", 0.45), ("ask_iop_length", 0.2)],
            "ask_iop_hours",
            ("iop_length",),
        ),
        # leads, nothing else close: answered alone
        ([("nlu_fallback", 0.5), ("ask_detox", 0.4), ("ask_iop_hours", 0.05)], "ask_detox", ()),
        # too weak: the menu
        ([("nlu_fallback", 0.5), ("ask_detox", 0.25), ("ask_iop_hours", 0.05)], None, None),
        # two topics neck and neck: the menu
        ([("nlu_fallback", 0.5), ("ask_detox", 0.4), ("ask_assessment", 0.35)], None, None),
        # the leader is not something the bot can answer by itself (greet): the menu
        ([("nlu_fallback", 0.5), ("greet", 0.45), ("ask_detox", 0.1)], None, None),
        # an intent the caller can answer (answerable), e.g. a situation statement
        ([("nlu_fallback", 0.5), ("tell_situation", 0.45)], "tell_situation", ()),
        ([], None, None),
    ],
)
def test_decide(store, ranking, intent, runners_up):
    decision = decide(_ranking(*ranking), store, answerable=("tell_situation",))
    assert decision.intent == intent
    if intent is None:
        assert decision.runners_up == tuple(likeliest_topics(_ranking(*ranking), store))
    else:
        assert decision.runners_up == runners_up


def test_runners_up_leave_out_the_topic_answered_and_what_is_not_a_topic(store):
    ranking = _ranking(
        ("ask_iop_hours", 0.5), ("greet", 0.3), ("ask_iop_length", 0.2), ("ask_detox", 0.1)
    )
    assert runners_up(ranking, store, "iop_hours") == ("iop_length",)


def test_an_answer_with_runners_up_offers_them_instead_of_its_follow_ups(store):
    reply = topic_reply(store, "iop_hours", HOTLINE, runners_up=("iop_length", "detox"))
    assert reply.text.startswith(store.get("iop_hours").web_text().rstrip())
    assert reply.text.endswith(store.ui("or_were_you_asking"))
    assert reply.sms.endswith(store.ui("or_were_you_asking"))
    assert [b.payload for b in reply.buttons] == [
        "/ask_iop_length",
        "/ask_detox",
        "/ask_which_program",
        "/request_hotline",
    ]


def test_where_the_text_comes_from(store):
    reply = content_source_reply(store, "iop_hours", HOTLINE)
    assert "Sahil Talwar, PA-C, MBA" in reply.text
    assert "February 1, 2024" in reply.text
    assert HOTLINE in reply.text and HOTLINE in reply.sms
    assert len(reply.sms) <= 320
    assert content_source_reply(store, None, HOTLINE).text == reply.text


def test_where_the_text_comes_from_in_spanish_gives_the_date_in_spanish(store):
    reply = content_source_reply(store.in_language("es"), "iop_hours", HOTLINE)
    assert "1 de febrero de 2024" in reply.text and "Sahil Talwar, PA-C, MBA" in reply.text
    assert reply.buttons[0].title != "Ask another question"


def test_when_the_article_is_silent_the_bot_says_so_and_offers_a_person_first(store):
    reply = not_in_article_reply(store, HOTLINE, ["what_is_op"])
    assert HOTLINE in reply.text
    assert [b.payload for b in reply.buttons] == ["/request_hotline", "/ask_what_is_op"]
    assert reply.outcome == "not_in_article"


def test_without_reads_the_ranking_given_the_message_is_none_of_those_intents():
    ranking = _ranking(
        ("nlu_fallback", 0.5),
        ("ask_more_detail", 0.64),
        ("ask_work_during_treatment", 0.18),
        ("inform", 0.06),
        ("ask_op_evening", 0.12),
    )
    scaled = without(ranking, ["ask_more_detail"])
    assert [e["name"] for e in scaled] == ["ask_work_during_treatment", "ask_op_evening"]
    assert scaled[0]["confidence"] == pytest.approx(0.18 * 0.94 / 0.30)
    assert without(_ranking(("ask_more_detail", 1.0)), ["ask_more_detail"]) == []


def test_a_question_is_read_without_the_share_of_a_form_answer():
    # "evenings?": the classifier says it is an answer (inform 0.6); as a question, inform's
    # share goes to the others in proportion
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "inform", "confidence": 0.6},
        {"name": "ask_op_evening", "confidence": 0.3},
        {"name": "greet", "confidence": 0.1},
    ]
    read = as_question(ranking)
    assert [e["name"] for e in read] == ["ask_op_evening", "greet"]
    assert [round(e["confidence"], 2) for e in read] == [0.75, 0.25]
    assert as_question([{"name": "inform", "confidence": 1.0}]) == []
