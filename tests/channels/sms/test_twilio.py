"""The Twilio SMS channel over real HTTP: signatures, malformed requests, STOP/START/HELP,
numbered options, the privacy notice, the hashed sender id. A scripted bot stands in for Rasa
(tests/channels/conftest.py); tests/e2e/test_sms_conversation.py runs against the real one."""

from __future__ import annotations

import hashlib
import hmac
import logging
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from urllib.parse import quote_plus

import pytest
import rasa.shared.utils.io
from rasa.shared.exceptions import RasaException

from bot.channels.sms.format import SMS_CHAR_LIMIT
from bot.channels.sms.store import SmsStoreUnavailable
from bot.channels.sms.twilio import LANGUAGE_SLOT, MAX_BODY_BYTES, MAX_TEXT_CHARS, TwilioSmsInput
from bot.language.conversation_language import LANGUAGES
from bot.launch.environment import rasa_environment
from bot.settings import PROJECT_ROOT, Settings, SettingsError
from tests.channels.conftest import (
    AUTH_TOKEN,
    BACK_TO_ENGLISH,
    PUBLIC_URL,
    SALT,
    SPANISH_OPENER,
    sms_settings,
)
from tests.support.sms import inbound_sms, post_form, twilio_sign

NUMBER = "+19195550123"
OTHER_NUMBER = "+19195550188"
NOTICE_WORDS = "Don't share private health info"
NOTICE_WORDS_ES = "No comparta datos de salud"


# --- who gets through -----------------------------------------------------------------------


def test_a_properly_signed_request_reaches_the_bot_and_gets_twiml(sms_server):
    answer = sms_server.phone(NUMBER).text("how long is iop")
    assert answer.status == 200
    assert answer.content_type.startswith("application/xml")
    root = ET.fromstring(answer.body)
    assert root.tag == "Response"
    assert [child.tag for child in root] == ["Message"]
    assert "You said: how long is iop" in answer.message
    assert sms_server.bot.texts == ["how long is iop"]


def _signed(fields, token=AUTH_TOKEN, url=PUBLIC_URL):
    return twilio_sign(token, url, fields)


@pytest.mark.parametrize(
    ("case", "signature_for"),
    [
        ("missing", lambda fields: None),
        ("empty", lambda fields: ""),
        ("garbage", lambda fields: "not-a-signature"),
        ("non-ASCII", lambda fields: "ünïcode=="),
        ("other auth token", lambda fields: _signed(fields, token="someone-elses-token")),
        (
            "the internal URL, not the public one",
            lambda fields: _signed(fields, url="http://127.0.0.1/webhooks/twilio_sms/webhook"),
        ),
        ("other parameters", lambda fields: _signed({**fields, "Body": "something else"})),
        (
            "parameters without From",
            lambda fields: _signed({k: v for k, v in fields.items() if k != "From"}),
        ),
    ],
)
def test_a_missing_or_wrong_signature_gets_403_and_never_reaches_the_bot(
    sms_server, case, signature_for, caplog
):
    fields = inbound_sms(NUMBER, "hello")
    with caplog.at_level(logging.WARNING, logger="bot.channels.sms.twilio"):
        answer = post_form(sms_server.webhook_url, fields, signature_for(fields))
    assert answer.status == 403, case
    assert sms_server.bot.received == []
    assert "X-Twilio-Signature" in caplog.text
    assert NUMBER not in caplog.text


def test_the_query_string_twilio_called_is_part_of_what_is_signed(sms_server):
    fields = inbound_sms(NUMBER, "hello")
    signed_with_query = _signed(fields, url=f"{PUBLIC_URL}?source=ccr")
    assert (
        post_form(f"{sms_server.webhook_url}?source=ccr", fields, signed_with_query).status == 200
    )
    assert post_form(sms_server.webhook_url, fields, signed_with_query).status == 403


def test_a_signature_over_the_url_with_its_default_port_is_accepted(sms_server):
    fields = inbound_sms(NUMBER, "hello")
    with_port = PUBLIC_URL.replace("example.org/", "example.org:443/")
    assert post_form(sms_server.webhook_url, fields, _signed(fields, url=with_port)).status == 200


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"TWILIO_AUTH_TOKEN": ""}, "TWILIO_AUTH_TOKEN"),
        ({"TWILIO_PUBLIC_URL": ""}, "TWILIO_PUBLIC_URL"),
    ],
)
def test_without_a_token_or_public_url_every_request_is_refused_and_the_log_says_why(
    start_sms_server, env, missing, caplog
):
    with caplog.at_level(logging.WARNING, logger="bot.channels.sms.twilio"):
        server = start_sms_server(**env)
        fields = inbound_sms(NUMBER, "hello")
        answers = [
            post_form(server.webhook_url, fields, _signed(fields)),
            post_form(server.webhook_url, fields, _signed(fields, token="")),
        ]
    assert [a.status for a in answers] == [403, 403]
    assert server.bot.received == []
    assert f"{missing} is not set" in caplog.text


# --- malformed requests: 4xx, never 500, never the bot --------------------------------------


def _without(fields, name):
    return {k: v for k, v in fields.items() if k != name}


@pytest.mark.parametrize(
    ("case", "fields", "status"),
    [
        ("no From", _without(inbound_sms(NUMBER, "hi"), "From"), 400),
        ("blank From", inbound_sms("  ", "hi"), 400),
        ("no Body", inbound_sms(NUMBER, None), 400),
        ("Body too long", inbound_sms(NUMBER, "x" * (MAX_TEXT_CHARS + 1)), 413),
        ("no fields at all", {}, 400),
    ],
)
def test_signed_but_malformed_requests_get_4xx(sms_server, case, fields, status):
    answer = post_form(sms_server.webhook_url, fields, _signed(fields))
    assert answer.status == status, (case, answer.body)
    assert sms_server.bot.received == []


@pytest.mark.parametrize(
    ("case", "raw_body", "content_type", "status"),
    [
        ("body over the size limit", b"Body=" + b"x" * MAX_BODY_BYTES, None, 413),
        (
            "JSON instead of a form",
            b'{"From": "+19195550123", "Body": "hi"}',
            "application/json",
            415,
        ),
        ("no content type", b"From=%2B19195550123&Body=hi", "", 415),
        ("not UTF-8", b"From=%2B19195550123&Body=\xff\xfe", None, 400),
        ("too many fields", b"&".join(b"f%d=1" % i for i in range(500)), None, 400),
    ],
)
def test_unreadable_requests_get_4xx(sms_server, case, raw_body, content_type, status):
    answer = post_form(
        sms_server.webhook_url,
        raw_body=raw_body,
        signature="anything",
        content_type="application/x-www-form-urlencoded" if content_type is None else content_type,
    )
    assert answer.status == status, (case, answer.body)
    assert sms_server.bot.received == []


# --- compliance: STOP, START, HELP ----------------------------------------------------------

STOP_WORDS = [
    "STOP", "stop", "  Stop  ", "STOPALL", "unsubscribe", "Cancel", "END", "quit", "REVOKE",
    "opt out", "OPT OUT", "Opt-Out", "optout", "stop.", "\tSTOP\n",
]  # fmt: skip


@pytest.mark.parametrize("word", STOP_WORDS)
def test_stop_words_opt_out_with_exactly_one_confirmation_then_silence(sms_server, word):
    phone = sms_server.phone(NUMBER)
    first = phone.text(word)
    assert first.status == 200
    assert "won't get more texts" in first.message
    assert "START" in first.message
    for later in [word, "hello", "i want to end it all", "HELP", "2"]:
        answer = phone.text(later)
        assert answer.status == 200
        assert answer.message is None, later
        assert "<Response/>" in answer.body
    assert sms_server.bot.received == [], "nothing from an opted-out number reaches the bot"


@pytest.mark.parametrize("word", ["START", "start", " Unstop "])
def test_start_opts_back_in_with_a_confirmation(sms_server, word):
    phone = sms_server.phone(NUMBER)
    phone.text("STOP")
    back = phone.text(word)
    assert "resubscribed" in back.message
    assert "STOP" in back.message
    assert "You said: are you there" in phone.text("are you there").message
    assert "won't get more texts" in phone.text("STOP").message, "a new STOP is confirmed again"


def test_spanish_keywords_opt_out_and_back_in_answered_in_spanish(sms_server):
    phone = sms_server.phone(NUMBER)
    stopped = phone.text("PARAR").message
    assert "Ya no recibirá más mensajes" in stopped and "COMENZAR" in stopped
    assert phone.text("hola").message is None
    back = phone.text("Comenzar").message
    assert "Volverá a recibir mensajes" in back and "PARAR" in back
    help_answer = phone.text("AYUDA").message
    assert "866-797-7962" in help_answer and "988 y marque 2" in help_answer
    assert sms_server.bot.received == []


@pytest.mark.parametrize(
    "text", ["please stop", "i want to end it all", "stop by tomorrow?", "start over", "helpful?"]
)
def test_keywords_inside_a_sentence_are_not_keywords(sms_server, text):
    answer = sms_server.phone(NUMBER).text(text)
    assert answer.message
    assert sms_server.bot.texts == [text.strip()]


@pytest.mark.parametrize("word", ["HELP", "help", " Info "])
def test_help_names_the_center_the_247_line_rates_and_stop(sms_server, word):
    answer = sms_server.phone(NUMBER).text(word)
    for required in [
        "Carolina Center for Recovery",
        "866-797-7962",
        "24/7",
        "Msg & data rates may apply",
        "Reply STOP to opt out",
    ]:
        assert required in answer.message, required
    assert "Msg &amp; data rates may apply" in answer.body, "XML-escaped on the wire"
    assert len(answer.message) <= SMS_CHAR_LIMIT
    assert sms_server.bot.received == []


def test_the_first_reply_to_a_number_carries_the_privacy_notice_once(sms_server):
    phone = sms_server.phone(NUMBER)
    first, second = phone.text("hello").message, phone.text("hello").message
    assert NOTICE_WORDS in first and "Msg & data rates may apply" in first
    assert NOTICE_WORDS not in second
    assert NOTICE_WORDS in sms_server.phone(OTHER_NUMBER).text("hello").message, "per number"


def test_a_crisis_reply_is_sent_whole_and_wins_over_the_notice(sms_server):
    answer = sms_server.phone(NUMBER).text("i want to end it all")
    assert "911" in answer.message and "988" in answer.message
    assert len(answer.message) <= SMS_CHAR_LIMIT


# --- options ----------------------------------------------------------------------------------


def test_buttons_become_numbered_options_and_a_number_picks_the_payload(sms_server):
    phone = sms_server.phone(NUMBER)
    greeting = phone.text("hello").message
    assert "Reply 1 for What is IOP, 2 for IOP hours, 3 for Talk to someone." in greeting
    assert "/ask" not in greeting and "/request" not in greeting and "tel:" not in greeting
    assert "**" not in greeting
    assert "9 and 20 hours" in phone.text(" 2 ").message
    assert sms_server.bot.texts == ["hello", "/ask_iop_hours"]
    # the new reply's options replace the old ones: "2" is no option now and goes as text
    assert phone.text("2").message.startswith("You said: 2")


@pytest.mark.parametrize(
    ("reply", "payload"),
    [
        ("1", "/ask_what_is_iop"),
        ("iop hours", "/ask_iop_hours"),
        ("Talk to someone!", "/request_hotline"),
        ("4", None),
        ("0", None),
    ],
)
def test_replies_map_to_the_last_options(sms_server, reply, payload):
    phone = sms_server.phone(NUMBER)
    phone.text("hello")
    phone.text(reply)
    assert sms_server.bot.texts[-1] == (payload or reply)


def test_the_last_options_survive_a_server_restart(start_sms_server):
    first = start_sms_server(var="shared")
    first.phone(NUMBER).text("hello")
    second = start_sms_server(var="shared")
    assert "9 and 20 hours" in second.phone(NUMBER).text("2").message
    assert second.bot.texts == ["/ask_iop_hours"]


# --- a Spanish conversation: the channel's own lines follow the `language` slot -------------


def test_a_spanish_first_message_gets_the_notice_and_the_options_in_spanish(sms_server):
    phone = sms_server.phone(NUMBER)
    first = phone.text(SPANISH_OPENER).message
    assert first.startswith("Hola, soy el asistente automático.")
    assert (
        "Responda 1 para Qué es el IOP, 2 para Horas del IOP, 3 para Hablar con alguien." in first
    )
    assert NOTICE_WORDS_ES in first and "PARAR para cancelar" in first, "as of this reply"
    assert NOTICE_WORDS not in first and "Reply " not in first
    assert len(first) <= SMS_CHAR_LIMIT
    picked = phone.text("opción 2").message
    assert "entre 9 y 20 horas" in picked
    assert picked.endswith("\nResponda 1 para Hablar con alguien.")
    assert NOTICE_WORDS_ES not in picked, "the notice is sent once"
    assert sms_server.bot.texts == [SPANISH_OPENER, "/ask_iop_hours"]


def test_back_in_english_the_options_line_is_english_again(sms_server):
    phone = sms_server.phone(NUMBER)
    phone.text(SPANISH_OPENER)
    assert phone.text(BACK_TO_ENGLISH).message == "Sure, in English.\nReply 1 for Talk to someone."


HELP_EN, HELP_ES = "Msg & data rates may apply", "tarifas de mensajes y datos"
STOPPED_EN, STOPPED_ES = "won't get more texts", "Ya no recibirá más mensajes"
STARTED_EN, STARTED_ES = "resubscribed", "Volverá a recibir mensajes"


@pytest.mark.parametrize(
    ("opener", "texts", "words"),
    [
        # HELP in the conversation's language, AYUDA always in Spanish
        (None, ["HELP"], HELP_EN),
        (None, ["AYUDA"], HELP_ES),
        ("hello", ["HELP"], HELP_EN),
        ("hello", ["AYUDA"], HELP_ES),
        (SPANISH_OPENER, ["HELP"], HELP_ES),
        (SPANISH_OPENER, [" info "], HELP_ES),
        (SPANISH_OPENER, ["¿Ayuda?"], HELP_ES),
        # STOP and START the same way
        ("hello", ["STOP"], STOPPED_EN),
        ("hello", ["PARAR"], STOPPED_ES),
        (SPANISH_OPENER, ["STOP"], STOPPED_ES),
        (SPANISH_OPENER, ["Unsubscribe"], STOPPED_ES),
        (SPANISH_OPENER, ["alto"], STOPPED_ES),
        ("hello", ["STOP", "START"], STARTED_EN),
        ("hello", ["STOP", "COMENZAR"], STARTED_ES),
        (SPANISH_OPENER, ["STOP", "START"], STARTED_ES),
        (SPANISH_OPENER, ["PARAR", "unstop"], STARTED_ES),
        # the conversation's language is the latest one
        (SPANISH_OPENER, [BACK_TO_ENGLISH, "HELP"], HELP_EN),
    ],
)
def test_keywords_are_answered_in_the_conversations_language_spanish_ones_in_spanish(
    sms_server, opener, texts, words
):
    phone = sms_server.phone(NUMBER)
    if opener:
        phone.text(opener)
    for text in texts:
        answer = phone.text(text)
    assert answer.status == 200
    assert words in answer.message, (texts, answer.message)
    assert len(answer.message) <= SMS_CHAR_LIMIT


@pytest.mark.parametrize("word", ["STOP", "cancel", "opt out", "END", "PARAR"])
def test_english_stop_words_still_opt_out_a_spanish_conversation(sms_server, word):
    phone = sms_server.phone(NUMBER)
    phone.text(SPANISH_OPENER)
    stopped = phone.text(word).message
    assert STOPPED_ES in stopped and "COMENZAR" in stopped
    for later in [word, "hola", "AYUDA", "HELP", "2"]:
        assert phone.text(later).message is None, later
    assert sms_server.bot.texts == [SPANISH_OPENER], "nothing after the opt-out reaches the bot"


@pytest.mark.parametrize(
    ("opener", "words"),
    [
        (None, "Sorry, I can only read text messages."),
        ("hello", "Sorry, I can only read text messages."),
        (SPANISH_OPENER, "Lo siento, solo puedo leer mensajes de texto."),
    ],
)
def test_a_picture_without_text_is_answered_in_the_conversations_language(
    sms_server, opener, words
):
    phone = sms_server.phone(NUMBER)
    if opener:
        phone.text(opener)
    answer = phone.text("", NumMedia="1", MediaUrl0="https://api.twilio.com/m/1")
    assert words in answer.message and "866-797-7962" in answer.message


class _BrokenTrackerStore:
    async def retrieve(self, sender_id):
        raise RuntimeError("tracker store down")


class _StrangeTrackerStore:
    async def retrieve(self, sender_id):
        return SimpleNamespace(get_slot=lambda name: "fr")


@pytest.mark.parametrize(
    ("case", "agent", "logged"),
    [
        ("no agent", None, "language not read (AttributeError)"),
        (
            "the tracker store fails",
            SimpleNamespace(tracker_store=_BrokenTrackerStore()),
            "language not read (RuntimeError)",
        ),
        (
            "an unknown language",
            SimpleNamespace(tracker_store=_StrangeTrackerStore()),
            "no conversation language stored ('fr')",
        ),
    ],
)
def test_when_the_language_cannot_be_read_the_reply_goes_out_in_english_or_the_keywords(
    sms_server, case, agent, logged, caplog
):
    sms_server.app.ctx.agent = agent  # the scripted bot still keeps the real slot
    phone = sms_server.phone(NUMBER)
    with caplog.at_level(logging.DEBUG, logger="bot.channels.sms.twilio"):
        first = phone.text(SPANISH_OPENER)
    assert first.status == 200, case
    assert "Responda 1 para Qué es el IOP, 2 para Horas del IOP" not in first.message
    assert "Reply 1 for Qué es el IOP, 2 for Horas del IOP" in first.message
    assert NOTICE_WORDS in first.message
    assert logged in caplog.text
    assert HELP_EN in phone.text("HELP").message
    assert HELP_ES in phone.text("AYUDA").message, "a Spanish keyword needs no lookup"
    assert NUMBER not in caplog.text


def test_the_slot_the_channel_reads_is_the_domains_language_slot():
    slots = rasa.shared.utils.io.read_yaml_file(PROJECT_ROOT / "domain.yml")["slots"]
    slot = slots[LANGUAGE_SLOT]
    assert tuple(slot["values"]) == LANGUAGES
    assert slot["initial_value"] == "en"


# --- what Rasa gets ---------------------------------------------------------------------------


def test_rasa_gets_a_keyed_hash_as_sender_and_never_the_number(sms_server):
    sms_server.phone(NUMBER).text("hello")
    (message,) = sms_server.bot.received
    expected = hmac.new(SALT.encode(), NUMBER.encode(), hashlib.sha256).hexdigest()[:32]
    assert message.sender_id == expected
    assert "9195550123" not in message.sender_id
    assert not message.metadata
    assert message.input_channel == "twilio_sms"
    assert message.output_channel.name() == "twilio_sms"


def test_replies_are_xml_escaped(sms_server):
    answer = sms_server.phone(NUMBER).text("a <b>bold</b> & co")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in answer.body
    assert (
        ET.fromstring(answer.body).find("Message").text.startswith("You said: a <b>bold</b> & co")
    )


def test_when_the_assistant_fails_the_texter_still_gets_the_hotline(sms_server):
    answer = sms_server.phone(NUMBER).text("boom")
    assert answer.status == 200
    assert "866-797-7962" in answer.message and "988" in answer.message


def test_a_turn_without_bot_messages_gets_an_apology_with_the_hotline(sms_server):
    answer = sms_server.phone(NUMBER).text("silence")
    assert answer.status == 200
    assert "Sorry" in answer.message and "866-797-7962" in answer.message


def test_a_picture_without_text_gets_a_text_only_note(sms_server):
    answer = sms_server.phone(NUMBER).text("", NumMedia="1", MediaUrl0="https://api.twilio.com/m/1")
    assert "only read text" in answer.message and "866-797-7962" in answer.message
    assert sms_server.bot.received == []


def test_credentials_yml_values_are_refused_in_favour_of_settings():
    with pytest.raises(RasaException, match="TWILIO_AUTH_TOKEN"):
        TwilioSmsInput.from_credentials({"auth_token": "s3cret"})


def test_the_sms_database_never_holds_the_phone_number(sms_server):
    phone = sms_server.phone(NUMBER)
    for text in ["hello", "2", "HELP", "STOP", "START"]:
        phone.text(text)
    database = sms_server.channel.settings.var_dir / "sms.db"
    assert b"9195550123" not in database.read_bytes()


def test_when_the_sms_database_is_down_the_answer_is_503_not_a_guess(sms_server, monkeypatch):
    def down(*args):
        raise SmsStoreUnavailable("SMS store: read sender failed")

    monkeypatch.setattr(sms_server.channel.store, "state", down)
    answer = sms_server.phone(NUMBER).text("STOP")
    assert answer.status == 503
    assert sms_server.bot.received == []


# --- settings -------------------------------------------------------------------------------


def test_sms_settings_have_safe_defaults_and_keep_secrets_out_of_repr():
    settings = Settings.from_environ(
        {"TWILIO_AUTH_TOKEN": "tok-123", "SMS_SENDER_SALT": "salt-456"}
    )
    assert settings.sms_db_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'sms.db'}"
    assert settings.twilio_public_url == ""
    assert settings.twilio_api_base_url == "https://api.twilio.com"
    assert "tok-123" not in repr(settings) and "salt-456" not in repr(settings)
    default = Settings.from_environ({})
    assert (default.twilio_auth_token, default.sms_sender_salt) == ("", "")


@pytest.mark.parametrize("name", ["TWILIO_PUBLIC_URL", "TWILIO_API_BASE_URL"])
def test_sms_urls_must_be_full_http_urls(name):
    with pytest.raises(SettingsError, match=name):
        Settings.from_environ({name: "ccr.example.org/webhooks/twilio_sms/webhook"})


def test_the_rasa_process_gets_the_sms_settings_resolved(tmp_path):
    settings = sms_settings(tmp_path)
    env = rasa_environment(settings, base={})
    assert env["SMS_DB_URL"] == f"sqlite:///{tmp_path / 'sms.db'}"
    assert env["TWILIO_AUTH_TOKEN"] == AUTH_TOKEN
    assert env["TWILIO_PUBLIC_URL"] == PUBLIC_URL
    assert Settings.from_environ(env).sms_sender_salt == SALT


@pytest.mark.parametrize(
    ("case", "encoded_body", "decoded_body", "reaches_the_bot"),
    [
        ("only undecodable bytes", "%FF%FE", "\ufffd\ufffd", None),
        ("undecodable bytes around text", "%FFhello%FE", "\ufffdhello\ufffd", "hello"),
        ("only control characters", "%00%07", "\x00\x07", None),
    ],
)
def test_invalid_utf8_in_a_signed_sms_gets_a_clear_reply(
    sms_server, case, encoded_body, decoded_body, reaches_the_bot
):
    """Percent-encoded bytes that are not UTF-8 decode to U+FFFD (as Twilio's signature covers
    the decoded values); the guard drops them, and an SMS with nothing left is answered."""
    fields = inbound_sms(NUMBER, None)
    pairs = (f"{quote_plus(name)}={quote_plus(value)}" for name, value in fields.items())
    raw = "&".join(pairs) + f"&Body={encoded_body}"
    answer = post_form(
        sms_server.webhook_url,
        raw_body=raw.encode("ascii"),
        signature=_signed({**fields, "Body": decoded_body}),
    )
    assert answer.status == 200, (case, answer.body)
    if reaches_the_bot is None:
        assert "didn't catch a message" in answer.message and "866-797-7962" in answer.message
        assert sms_server.bot.received == []
    else:
        assert sms_server.bot.texts == [reaches_the_bot]
