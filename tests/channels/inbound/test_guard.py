"""The inbound guard every channel uses (bot/channels/inbound/guard.py), with the real content
store, domain, crisis check and asyncio turns."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import pytest

from bot.channels.inbound.guard import Answer, Forward, InboundGuard
from bot.channels.inbound.payloads import offered_payloads
from bot.insights.tally import GUARD_APOLOGY
from bot.settings import Settings, get_settings


@pytest.fixture(scope="module")
def guard_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return dataclasses.replace(
        get_settings(),
        max_message_chars=1000,
        rate_limit_per_minute=3,
        turn_timeout_seconds=0.5,
        tracker_db=tmp_path_factory.mktemp("guard") / "tracker.db",  # where apologies are counted
    )


@pytest.fixture
def guard(guard_settings: Settings) -> InboundGuard:
    return InboundGuard.from_settings(guard_settings)  # a fresh rate limit for each test


def test_the_offered_payloads_are_the_buttons_of_the_domain_and_the_actions(settings, store):
    offered = offered_payloads(settings.content_dir.parent / "domain.yml", store)
    assert {"/request_hotline", "/request_topics", "/request_intake"} <= offered
    assert {f"/ask_{topic}" for topic in store.ids} <= offered
    assert "/affirm" not in offered and "/crisis" not in offered
    assert all(p.startswith("/") for p in offered)
    # the one kind with an entity: the widget's language switch, exactly as it sends it
    assert {p for p in offered if "{" in p} == {
        '/switch_language{"language": "en"}',
        '/switch_language{"language": "es"}',
    }


TYPED_SLOT = 'request_intake{"requested_slot": "x"}'
# message -> (what the guard does, the text the assistant gets, or a word of the guard's answer)
SCREENED = [
    ("a question", "how many hours is IOP?", Forward, "how many hours is IOP?"),
    ("empty", "", Answer, "didn't catch a message"),
    ("whitespace", " \n\t ", Answer, "didn't catch a message"),
    ("not text at all", None, Answer, "didn't catch a message"),
    ("a number instead of text", 42, Answer, "didn't catch a message"),
    ("undecodable bytes only", "\ufffd\ufffd", Answer, "didn't catch a message"),
    ("only slashes", "///", Answer, "didn't catch a message"),
    ("control characters", "\x00hi\x07", Forward, "hi"),
    ("emoji", "😀😀", Forward, "😀😀"),
    ("RTL", "مرحبا كيف حالك", Forward, "مرحبا كيف حالك"),
    ("a button payload", "/request_hotline", Forward, "/request_hotline"),
    ("a typed intent", "/affirm", Forward, "affirm"),
    ("a typed slot", f"/{TYPED_SLOT}", Forward, TYPED_SLOT),
    ("a typed crisis intent", "/crisis", Forward, "crisis"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "text", "kind", "expected"), SCREENED, ids=[c[0] for c in SCREENED]
)
def test_screen(guard, case, text, kind, expected):
    decision = guard.screen("rest", "visitor", text)
    assert isinstance(decision, kind)
    if kind is Forward:
        assert decision.text == expected and decision.note is None
    else:
        assert expected in decision.text and "866-797-7962" in decision.text


def test_a_long_message_is_cut_answered_and_noted(guard):
    decision = guard.screen("rest", "visitor", "tell me about iop " * 200)
    assert isinstance(decision, Forward)
    assert len(decision.text) <= 1000
    assert "first part" in decision.note and "866-797-7962" in decision.note


def test_a_crisis_at_the_end_of_a_long_message_still_reaches_the_crisis_check(guard):
    decision = guard.screen("rest", "visitor", "it has been hard. " * 100 + "I want to kill myself")
    assert len(decision.text) <= 1000
    assert guard.crisis_words(decision.text) is not None


def test_a_sender_over_the_limit_is_asked_to_wait_but_a_crisis_always_goes_through(guard):
    decisions = [guard.screen("rest", "fast", "what is iop") for _ in range(4)]
    assert [type(d) for d in decisions] == [Forward, Forward, Forward, Answer]
    assert "wait a moment" in decisions[-1].text and "866-797-7962" in decisions[-1].text
    assert isinstance(guard.screen("rest", "other", "what is iop"), Forward), "per sender"
    assert isinstance(guard.screen("twilio_sms", "fast", "what is iop"), Forward), "per channel"
    crisis = guard.screen("rest", "fast", "I want to kill myself")
    assert isinstance(crisis, Forward) and crisis.text == "I want to kill myself"


# --- turns --------------------------------------------------------------------------------------


class Turn:
    """A stand-in for the assistant's turn that really runs on the event loop."""

    def __init__(self, messages: int = 1, delay: float = 0.0, error: bool = False) -> None:
        self.messages, self.delay, self.error = messages, delay, error
        self.sent = 0
        self.finished = False

    async def run(self) -> None:
        await asyncio.sleep(self.delay)
        if self.error:
            raise RuntimeError("the assistant broke")
        self.sent += self.messages
        self.finished = True


TURNS = [
    ("answered", Turn(), []),
    ("said nothing", Turn(messages=0), ["Sorry"]),
    ("raised", Turn(error=True), ["Sorry"]),
    ("too slow", Turn(delay=2.0), ["Sorry"]),
]


@pytest.mark.parametrize(("case", "turn", "expected"), TURNS, ids=[c[0] for c in TURNS])
def test_run_turn(guard, case, turn, expected):
    async def run() -> list[str]:
        return await guard.run_turn(turn.run(), lambda: turn.sent, "how long is iop", "rest")

    extra = asyncio.run(run())
    assert len(extra) == len(expected)
    for text, word in zip(extra, expected):
        assert word in text and "866-797-7962" in text and "988" in text


def test_each_apology_is_counted_for_the_staff_report_without_its_text(guard):
    now = dt.datetime.now(dt.timezone.utc)
    period = (now - dt.timedelta(hours=1), now + dt.timedelta(hours=1))
    before = {(c.kind, c.channel): c.n for c in guard.tally.counts(*period)}
    for turn in (Turn(messages=0), Turn(error=True), Turn()):
        asyncio.run(
            guard.run_turn(turn.run(), lambda t=turn: t.sent, "how long is iop", "socketio")
        )
    after = {(c.kind, c.channel): c.n for c in guard.tally.counts(*period)}
    key = (GUARD_APOLOGY, "socketio")
    assert after[key] - before.get(key, 0) == 2  # the good turn is not counted


def test_a_failed_turn_for_a_crisis_message_gives_the_crisis_numbers(guard):
    turn = Turn(messages=0)
    extra = asyncio.run(
        guard.run_turn(turn.run(), lambda: turn.sent, "I want to kill myself", "rest")
    )
    assert len(extra) == 1 and "911" in extra[0] and "988" in extra[0]


def test_a_slow_turn_is_answered_in_time_and_still_finishes_in_the_background(guard):
    turn = Turn(delay=1.0)

    async def run() -> tuple[list[str], float, bool]:
        loop = asyncio.get_running_loop()
        started = loop.time()
        extra = await guard.run_turn(turn.run(), lambda: turn.sent, "how long is iop", "rest")
        took = loop.time() - started
        await asyncio.sleep(1.0)
        return extra, took, turn.finished

    extra, took, finished = asyncio.run(run())
    assert extra and took < 0.9
    assert finished, "the late turn was not cancelled"


# --- in the conversation's language ------------------------------------------------------------

# (language the channel knows, message, the words of the guard's answer)
IN_LANGUAGE = [
    ("es", "", "No me llegó ningún mensaje"),
    ("en", "", "didn't catch a message"),
    (None, "", "didn't catch a message"),
    ("fr", "", "didn't catch a message"),  # a language the store does not speak: English
    (["es"], "", "didn't catch a message"),  # metadata that is not a language code
]


@pytest.mark.parametrize(("language", "text", "words"), IN_LANGUAGE)
def test_the_guard_answers_in_the_conversations_language(guard, language, text, words):
    decision = guard.screen("socketio", "visitor", text, language)
    assert isinstance(decision, Answer) and words in decision.text


def test_a_long_spanish_message_is_noted_in_spanish(guard):
    decision = guard.screen("socketio", "visitor", "quiero saber del iop " * 200, "es")
    assert isinstance(decision, Forward) and "leí la primera parte" in decision.note


# (conversation's language, message, words the apology must have)
APOLOGIES = [
    ("es", "cuanto dura el iop", ["Lo siento", "988 y marque 2"]),
    ("en", "how long is iop", ["Sorry", "988"]),
    ("en", "me quiero morir", ["988 y marque 2", "911"]),  # the crisis words' language
    ("es", "I want to kill myself", ["call 911", "Call or text 988"]),
]


@pytest.mark.parametrize(("language", "text", "words"), APOLOGIES)
def test_an_apology_is_in_the_conversations_language_a_crisis_one_in_the_crisis_words(
    guard, language, text, words
):
    turn = Turn(messages=0)
    (apology,) = asyncio.run(guard.run_turn(turn.run(), lambda: turn.sent, text, "rest", language))
    for word in words:
        assert word in apology, apology
