"""End to end over SMS: Twilio-shaped, signed form posts to the real Rasa server (with the real
action server behind it), exactly as Twilio would send them through a proxy: the server listens
on 127.0.0.1, the requests are signed for the public URL in settings."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3

import pytest

from bot.channels.sms.format import SMS_CHAR_LIMIT
from bot.channels.sms.segments import count_segments
from tests.support.sms import (
    E2E_SMS_SENDER_SALT,
    E2E_TWILIO_AUTH_TOKEN,
    E2E_TWILIO_PUBLIC_URL,
    Answer,
    SmsPhone,
    inbound_sms,
    post_form,
)

pytestmark = pytest.mark.e2e

NOTICE_WORDS = "Don't share private health info"
_OPTION = re.compile(r"(\d+) for (.+?)(?=, \d+ for |$)")
# What picking each greeting option must answer with (from content/ and the hand-off text).
GREETING_OPTIONS = {
    "What is IOP": "high level of services",
    "IOP vs OP": "more intensive",
    "Which fits me": "?",  # starts the triage flow: a question comes back
    "Talk to someone": "866-797-7962",
}


class Conversation:
    """One phone's side of the conversation, kept as a transcript."""

    def __init__(self, assistant, number: str) -> None:
        self.phone = SmsPhone(
            f"{assistant.rasa_url}/webhooks/twilio_sms/webhook",
            E2E_TWILIO_PUBLIC_URL,
            E2E_TWILIO_AUTH_TOKEN,
            number,
        )
        self.transcript: list[tuple[str, Answer]] = []

    def send(self, text: str) -> str | None:
        answer = self.phone.text(text)
        assert answer.status == 200, (text, answer.status, answer.body)
        assert answer.content_type.startswith("application/xml")
        self.transcript.append((text, answer))
        reply = answer.message
        if reply is not None:
            assert len(reply) <= SMS_CHAR_LIMIT, reply
            for leak in ("/ask_", "/request_", "/affirm", "tel:", "sms:", "**", "__", "]("):
                assert leak not in reply, (leak, reply)
        return reply

    def print(self) -> None:
        print(f"\nSMS transcript ({self.phone.number}):")
        for text, answer in self.transcript:
            print(f"> {text!r}")
            if answer.message is None:
                print(f"  {answer.body}\n  (no message)")
            else:
                segments = count_segments(answer.message)
                print(f"  {answer.body}")
                print(
                    f"  [{len(answer.message)} characters, {segments.segments} "
                    f"{segments.encoding} segment(s)]"
                )


def options(reply: str) -> dict[int, str]:
    """{1: "What is IOP", ...} from the reply's "Reply 1 for What is IOP, 2 for ..." line."""
    line = next((line for line in reply.splitlines() if line.startswith("Reply 1 for ")), "")
    return {int(n): title for n, title in _OPTION.findall(line.removeprefix("Reply ")[:-1])}


def test_greet_pick_an_option_ask_stop_and_start_again(assistant):
    chat = Conversation(assistant, "+19195550142")
    try:
        greeting = chat.send("hi")
        assert "automated assistant" in greeting
        assert NOTICE_WORDS in greeting and "Reply STOP to opt out" in greeting, "first reply"
        offered = options(greeting)
        assert len(offered) >= 2, greeting
        assert offered[len(offered)] == "Talk to someone", "a person is always an option"
        assert set(offered.values()) <= set(GREETING_OPTIONS)

        picked = chat.send("2")
        assert GREETING_OPTIONS[offered[2]] in picked, (offered[2], picked)
        assert NOTICE_WORDS not in picked, "the notice is sent once"

        answer = chat.send("how many hours a week is iop?")
        assert "9 and 20 hours" in answer
        follow_ups = options(answer)
        assert follow_ups, answer
        number, title = next(
            ((n, t) for n, t in follow_ups.items() if t != "Talk to someone"),
            max(follow_ups.items()),
        )
        after = chat.send(f" {number} ")
        expected = {
            "IOP length": "30 to 60 days",
            "IOP schedule": "several days a week",
            "Which fits me": "?",
            "Talk to someone": "866-797-7962",
        }
        assert expected[title] in after, (title, after)

        stopped = chat.send("STOP")
        assert "won't get more texts" in stopped and "START" in stopped
        assert chat.send("hi") is None, "silence after STOP"
        assert chat.send("stop") is None, "one confirmation only"
        assert chat.send("what is iop") is None

        restarted = chat.send("START")
        assert "resubscribed" in restarted
        again = chat.send("hello")
        assert "automated assistant" in again
        assert NOTICE_WORDS not in again
        assert options(again)
    finally:
        chat.print()


def test_help_answers_with_the_center_the_line_rates_and_stop(assistant):
    chat = Conversation(assistant, "+19195550143")
    reply = chat.send("HELP")
    for required in [
        "Carolina Center for Recovery",
        "866-797-7962",
        "24/7",
        "Msg & data rates may apply",
        "Reply STOP to opt out",
    ]:
        assert required in reply
    chat.print()


def test_a_crisis_by_text_gets_988_911_and_the_hotline_in_one_sms(assistant):
    chat = Conversation(assistant, "+19195550144")
    reply = chat.send("i want to kill myself")
    chat.print()
    assert "988" in reply and "911" in reply and "866-797-7962" in reply
    assert count_segments(reply).encoding == "GSM-7"


def test_an_unsigned_or_wrongly_signed_post_never_reaches_the_bot(assistant):
    url = f"{assistant.rasa_url}/webhooks/twilio_sms/webhook"
    fields = inbound_sms("+19195550145", "hi")
    assert post_form(url, fields).status == 403
    assert post_form(url, fields, signature="bm90IGEgc2lnbmF0dXJl").status == 403
    assert _tracker_rows(assistant, _sender_id("+19195550145")) == []


def test_the_stored_conversation_knows_the_texter_by_a_keyed_hash_and_holds_no_number(assistant):
    number = "+19195550146"
    Conversation(assistant, number).send("hello")
    sender = _sender_id(number)
    rows = _tracker_rows(assistant, sender)
    assert rows, "the conversation is stored under the hash"
    assert _tracker_rows(assistant, number) == []
    user_events = [json.loads(data) for type_name, data in rows if type_name == "user"]
    assert user_events[-1]["input_channel"] == "twilio_sms"
    stored = "\n".join(data for _, data in rows)
    assert number not in stored and number[2:] not in stored


def _sender_id(number: str) -> str:
    digest = hmac.new(E2E_SMS_SENDER_SALT.encode(), number.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _tracker_rows(assistant, sender: str) -> list[tuple[str, str]]:
    with sqlite3.connect(assistant.settings.tracker_db) as db:
        return db.execute(
            "select type_name, data from events where sender_id = ? order by id", (sender,)
        ).fetchall()


def test_the_triage_by_typed_answers_and_an_intake_booked_by_numbers(assistant):
    chat = Conversation(assistant, "+19195550147")
    try:
        # typed answers and option numbers, as people text: 1 = Myself, 2 = No withdrawal,
        # 1 = Never treated, 2 = No (cannot set aside 9 to 20 hours)
        for text in ["help me decide", "1", "no", "2", "a few months", "1", "no", "yes"]:
            assert chat.send(text), text
        result = chat.send("2")
        assert "Outpatient Program (OP)" in result

        assert "first name" in chat.send("i want to schedule an intake")
        assert "phone number" in chat.send("dana")
        times = options(chat.send("919 555 0123"))
        assert len(times) >= 2, times
        consent = chat.send("1")  # the first open time
        assert "OK" in consent
        yes = next(n for n, title in options(consent).items() if title.startswith("Yes"))
        attach = chat.send(str(yes))
        no = next(n for n, title in options(attach).items() if title == "No")
        summary = chat.send(str(no))
        assert "919-555-0123" in summary and times[1] in summary
        book = next(n for n, title in options(summary).items() if title.startswith("Yes"))
        booked = chat.send(str(book))
        assert "booked" in booked.lower(), booked
    finally:
        chat.print()


# --- a Spanish conversation: the channel's own lines follow the conversation's language -------

NOTICE_WORDS_ES = "No comparta datos de salud"
_OPCION = re.compile(r"(\d+) para (.+?)(?=, \d+ para |$)")


def opciones(reply: str) -> dict[int, str]:
    """{1: "Qué es el IOP", ...} from the reply's "Responda 1 para ..." line."""
    line = next((line for line in reply.splitlines() if line.startswith("Responda 1 para ")), "")
    return {int(n): title for n, title in _OPCION.findall(line.removeprefix("Responda ")[:-1])}


def test_a_spanish_conversation_gets_the_notice_options_and_keywords_in_spanish(assistant):
    chat = Conversation(assistant, "+19195550160")
    try:
        first = chat.send("hola, necesito info del IOP")
        assert NOTICE_WORDS_ES in first and "PARAR para cancelar" in first, "first reply"
        assert NOTICE_WORDS not in first and "Reply " not in first
        offered = opciones(first)
        assert offered, first
        assert offered[len(offered)] == "Hablar con alguien", "a person is always an option"

        picked = chat.send("1")
        assert picked and "Reply " not in picked and NOTICE_WORDS_ES not in picked

        assert "tarifas de mensajes y datos" in chat.send("HELP"), "the conversation's language"
        assert "tarifas de mensajes y datos" in chat.send("AYUDA")
        assert "solo puedo leer mensajes de texto" in chat.send("")

        stopped = chat.send("STOP")
        assert "Ya no recibirá más mensajes" in stopped and "COMENZAR" in stopped
        assert chat.send("hola") is None, "an English STOP opts out a Spanish conversation"
        restarted = chat.send("START")
        assert "Volverá a recibir mensajes" in restarted
    finally:
        chat.print()


@pytest.mark.parametrize(
    ("number", "opener", "keyword", "words"),
    [
        ("+19195550161", "hi", "HELP", "Msg & data rates may apply"),
        ("+19195550162", "hi", "AYUDA", "tarifas de mensajes y datos"),
        ("+19195550163", "hola, necesito info del IOP", "HELP", "tarifas de mensajes y datos"),
        ("+19195550164", "hi", "STOP", "won't get more texts"),
        ("+19195550165", "hola, necesito info del IOP", "STOP", "Ya no recibirá más mensajes"),
    ],
)
def test_keywords_are_answered_in_the_conversations_language(
    assistant, number, opener, keyword, words
):
    chat = Conversation(assistant, number)
    try:
        assert chat.send(opener)
        assert words in chat.send(keyword)
    finally:
        chat.print()
