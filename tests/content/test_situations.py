"""Someone tells what is going on: warmth, then next steps that fit what was said."""

import pytest

from bot.content.situations import situation_reply, who_it_is_about

HOTLINE = "866-797-7962"


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("my wife's drinking got really bad since she lost her job and i'm scared", "loved_one"),
        ("my son has used pills for two years and relapsed after outpatient", "loved_one"),
        ("i think i have a problem with alcohol", "self"),
        ("loved_one", "loved_one"),
        ("", None),
    ],
)
def test_who_it_is_about(text, person):
    assert who_it_is_about(text) == person


def payloads(reply):
    return [b.payload for b in reply.buttons]


def test_a_relative_is_spoken_to_as_a_relative_and_offered_every_way_forward(store):
    reply = situation_reply(store, "my husband drinks every night", "loved_one", HOTLINE)
    assert reply.text.startswith(store.ui("situation_opening_loved_one"))
    assert HOTLINE in reply.text
    assert payloads(reply) == ["/request_triage", "/request_intake", "/request_hotline"]
    assert reply.buttons[0].title == store.ui("help_them_choose")


@pytest.mark.parametrize(
    "text",
    [
        "my wife's drinking got really bad since she lost her job",
        "he works double shifts and still uses",
        "i'm in college and can't stop",
        "i have two kids at home",
    ],
)
def test_work_school_or_family_brings_what_fits_daily_life(store, text):
    reply = situation_reply(store, text, "loved_one", HOTLINE)
    assert store.ui("situation_works") in reply.text
    assert payloads(reply)[0] == "/ask_work_during_treatment"
    assert payloads(reply)[-1] == "/request_hotline"


def test_someone_speaking_for_themself(store):
    reply = situation_reply(store, "i drink too much", "self", HOTLINE)
    assert reply.text.startswith(store.ui("situation_opening"))
    assert store.ui("situation_works") not in reply.text
    assert reply.buttons[0].title == store.ui("help_me_choose")


def test_on_sms_the_reply_is_short_and_keeps_every_option(store):
    reply = situation_reply(store, "my wife drinks since she lost her job", "loved_one", HOTLINE)
    assert HOTLINE in reply.sms and len(reply.sms) < 160
    assert len(reply.buttons) == 4
