"""SMS formatting as a specification: segments, plain text, numbered options, the 320-character
turn, crisis text first, keywords, TwiML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.sms.format import SMS_CHAR_LIMIT, TWIML_EMPTY, format_turn, truncate, twiml
from bot.channels.sms.keywords import (
    Keyword,
    classify_keyword,
    help_text,
    opt_in_text,
    opt_out_text,
    privacy_notice,
    read_keyword,
    unreadable_text,
)
from bot.channels.sms.options import (
    SmsOption,
    map_reply_to_payload,
    options_from_messages,
    options_line,
)
from bot.channels.sms.segments import GSM7_BASIC, GSM7_EXTENSION, count_segments
from bot.channels.sms.text import plain_text, split_sentences

CENTER, HOTLINE = "Carolina Center for Recovery", "866-797-7962"
NOTICE = privacy_notice(CENTER)
NOTICE_ES = privacy_notice(CENTER, "es")
TALK = {"title": "Talk to someone", "payload": "/request_hotline"}
CALL = {"title": "Call 866-797-7962", "payload": "tel:+18667977962"}
IOP_HOURS = {"title": "IOP hours", "payload": "/ask_iop_hours"}
CRISIS = (
    "If you are in danger right now, call 911. "
    "You can call or text 988 any time to reach the Suicide & Crisis Lifeline."
)
# Over 270 characters, like the longest SMS texts in the content store.
LONG_ANSWER = (
    "Many people keep working or studying during outpatient treatment. IOP sessions are often "
    "scheduled around work and school, and OP sessions can be in the evening. Your team can help "
    "you plan treatment around your family, job and other duties. Ask us how it could work for you."
)


# --- segments -------------------------------------------------------------------------------


def test_the_gsm7_tables_are_complete():
    assert len(GSM7_BASIC) == 127  # 128 codes, one of which is the escape to the extension
    assert frozenset("\f^{}\\[~]|€") == GSM7_EXTENSION
    assert not GSM7_BASIC & GSM7_EXTENSION


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("a" * 320, "GSM-7", 320, 3),  # 320 GSM-7 characters are three concatenated segments
        ("Café à Ñandù? ¿Sì! £5 @ 10% Øre ß", "GSM-7", 33, 1),  # all in the basic table
        ("Sí", "UCS-2", 2, 1),  # í is not in it (ì is)
        ("€" * 80, "GSM-7", 160, 1),  # extension characters take two septets
        ("€" * 81, "GSM-7", 162, 2),
        ("[x]{y}~|^\\", "GSM-7", 18, 1),
        ("a" * 159 + "€", "GSM-7", 161, 2),
        # an escape sequence is never split: 152 + [€ moves on] 2 + 151, then 1 more
        ("a" * 152 + "€" + "a" * 152, "GSM-7", 306, 3),
        ("ç", "UCS-2", 1, 1),  # lowercase c-cedilla is not GSM-7 (only Ç is)
        ("a" * 69 + "’", "UCS-2", 70, 1),  # one curly apostrophe makes it all UCS-2
        ("a" * 70 + "’", "UCS-2", 71, 2),
        ("😀" * 35, "UCS-2", 70, 1),  # an emoji is two UTF-16 units
        ("😀" * 36, "UCS-2", 72, 2),
        ("a" * 66 + "😀", "UCS-2", 68, 1),
        # a surrogate pair is never split: 66 + [😀 moves on] 2 + 65, then 1 more
        ("a" * 66 + "😀" + "a" * 66, "UCS-2", 134, 3),
        ("a" * 134, "GSM-7", 134, 1),
        ("Thanks 🙏 " + "a" * 200, "UCS-2", 210, 4),
    ],
)
def test_segments_are_counted_as_a_phone_packs_them(text, encoding, units, segments):
    count = count_segments(text)
    assert (count.encoding, count.units, count.segments) == (encoding, units, segments)


# --- plain text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bot_text", "sms"),
    [
        ("**9 to 20 hours** a week", "9 to 20 hours a week"),
        ("Call [866-797-7962](tel:+18667977962) now.", "Call 866-797-7962 now."),
        ("Call tel:+18667977962 or +18667977962.", "Call 866-797-7962 or 866-797-7962."),
        (
            "See [our page](https://ccr.example/iop_hours).",
            "See our page: https://ccr.example/iop_hours.",
        ),
        ("See <https://ccr.example/a_b_c>.", "See https://ccr.example/a_b_c."),
        (
            "Go to https://ccr.example/some_path_here now",
            "Go to https://ccr.example/some_path_here now",
        ),
        ("[https://x.org](https://x.org)", "https://x.org"),
        ("## Detox\n- Medications\n- Support", "Detox\n- Medications\n- Support"),
        ("It’s “safe” – really…", 'It\'s "safe" - really...'),
        ("24/7\u00a0support", "24/7 support"),
        ("bell\x07 and null\x00", "bell and null"),
    ],
)
def test_bot_text_becomes_plain_gsm_friendly_text(bot_text, sms):
    assert plain_text(bot_text) == sms


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two! Three? four", ["One.", "Two!", "Three? four"]),
        ('He said "Hi." Then left.', ['He said "Hi."', "Then left."]),
        (
            "IOP is 9 to 20 hours, e.g. Monday to Friday. Call 866-797-7962.",
            ["IOP is 9 to 20 hours, e.g. Monday to Friday.", "Call 866-797-7962."],
        ),
        ("About 3.5 hours. OK", ["About 3.5 hours.", "OK"]),
    ],
)  # fmt: skip
def test_sentences(text, sentences):
    assert split_sentences(text) == sentences


# --- options --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("buttons", "line"),
    [
        ([IOP_HOURS, TALK], "Reply 1 for IOP hours, 2 for Talk to someone."),
        ([IOP_HOURS, CALL, TALK], "Reply 1 for IOP hours, 2 for Talk to someone."),
        ([{"title": "What is IOP?", "payload": "/ask_what_is_iop"}], "Reply 1 for What is IOP."),
        (
            [
                {"title": "Site", "payload": "https://ccr.example"},
                {"title": "Text us", "payload": "sms:+18667977962"},
            ],
            "",
        ),
        ([IOP_HOURS, IOP_HOURS, TALK], "Reply 1 for IOP hours, 2 for Talk to someone."),
        ([{"title": "**Detox**", "payload": "/ask_detox"}], "Reply 1 for Detox."),
        ([], ""),
    ],
)  # fmt: skip
def test_buttons_become_numbered_options_and_link_buttons_are_dropped(buttons, line):
    options = options_from_messages([{"text": "x", "buttons": buttons}])
    assert options_line(options) == line


HABLAR = {"title": "Hablar con alguien", "payload": "/request_hotline"}
HORAS = {"title": "Horas del IOP", "payload": "/ask_iop_hours"}


@pytest.mark.parametrize(
    ("buttons", "language", "line"),
    [
        ([IOP_HOURS, TALK], "en", "Reply 1 for IOP hours, 2 for Talk to someone."),
        ([HORAS, HABLAR], "es", "Responda 1 para Horas del IOP, 2 para Hablar con alguien."),
        ([HORAS, CALL, HABLAR], "es", "Responda 1 para Horas del IOP, 2 para Hablar con alguien."),
        ([HABLAR], "es", "Responda 1 para Hablar con alguien."),
        ([HORAS, HABLAR], "fr", "Reply 1 for Horas del IOP, 2 for Hablar con alguien."),  # no fr
        ([], "es", ""),
    ],
)  # fmt: skip
def test_the_options_line_is_in_the_conversations_language(buttons, language, line):
    options = options_from_messages([{"text": "x", "buttons": buttons}])
    assert options_line(options, language) == line


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("¿Qué es el IOP?", "Qué es el IOP"),
        ("¿Cuál es para mí?", "Cuál es para mí"),
        ("¡Hablemos!", "Hablemos"),
        ("IOP o OP", "IOP o OP"),
        ("Which fits me?", "Which fits me"),
    ],
)
def test_an_option_title_loses_its_opening_mark_with_its_closing_one(title, shown):
    (option,) = options_from_messages([{"buttons": [{"title": title, "payload": "/x"}]}])
    assert option.title == shown


def test_quick_replies_count_as_buttons():
    options = options_from_messages([{"text": "x", "quick_replies": [IOP_HOURS]}])
    assert options == [SmsOption("IOP hours", "/ask_iop_hours")]


OPTIONS = (
    SmsOption("IOP hours", "/ask_iop_hours"),
    SmsOption("Work, school & family", "/ask_work_during_treatment"),
    SmsOption("Talk to someone", "/request_hotline"),
)


@pytest.mark.parametrize(
    ("reply", "payload"),
    [
        ("1", "/ask_iop_hours"),
        (" 2 ", "/ask_work_during_treatment"),
        ("3", "/request_hotline"),
        ("2.", "/ask_work_during_treatment"),
        ("#3", "/request_hotline"),
        ("(1)", None),
        ("option 1", "/ask_iop_hours"),
        ("IOP hours", "/ask_iop_hours"),
        ("  iop   HOURS ", "/ask_iop_hours"),
        ("talk to someone!", "/request_hotline"),
        ("work school and family", "/ask_work_during_treatment"),
        ("work, school & family", "/ask_work_during_treatment"),
        ("0", None),
        ("4", None),
        ("12", None),
        ("1 2", None),
        ("iop", None),
        ("how many iop hours?", None),
        ("", None),
        ("   ", None),
    ],
)
def test_a_reply_maps_back_to_the_options_payload(reply, payload):
    assert map_reply_to_payload(reply, OPTIONS) == payload


OPTIONS_ES = tuple(
    options_from_messages(
        [
            {
                "buttons": [
                    {"title": "¿Qué es el IOP?", "payload": "/ask_what_is_iop"},
                    {"title": "¿Cuál es para mí?", "payload": "/ask_which_program"},
                    HABLAR,
                ]
            }
        ]
    )
)


@pytest.mark.parametrize(
    ("reply", "payload"),
    [
        ("2", "/ask_which_program"),
        ("opción 2", "/ask_which_program"),
        ("opcion 3", "/request_hotline"),
        ("Número 1", "/ask_what_is_iop"),
        ("numero 1", "/ask_what_is_iop"),
        ("¿Qué es el IOP?", "/ask_what_is_iop"),
        ("que es el iop", "/ask_what_is_iop"),  # typed without accents, as people text
        ("cual es para mi", "/ask_which_program"),
        ("Hablar con alguien.", "/request_hotline"),
        ("opción 4", None),
        ("quiero hablar con alguien", None),
    ],
)
def test_a_spanish_reply_maps_back_to_the_options_payload(reply, payload):
    assert map_reply_to_payload(reply, OPTIONS_ES) == payload


def test_without_last_options_nothing_is_mapped():
    assert map_reply_to_payload("1", ()) is None


# --- one turn -------------------------------------------------------------------------------

GREETING = {
    "text": (
        "Hi, I'm the Carolina Center for Recovery's automated assistant. I can answer questions "
        "about intensive outpatient (IOP) and outpatient (OP) programs and help you see which "
        "might fit. Please don't share private details like full names or medical history here. "
        "To talk with a person, call 866-797-7962 any time, 24/7."
    ),
    "buttons": [
        {"title": "What is IOP?", "payload": "/ask_what_is_iop"},
        {"title": "IOP vs OP", "payload": "/ask_iop_vs_op"},
        {"title": "Which fits me?", "payload": "/ask_which_program"},
        TALK,
    ],
}


def test_a_short_turn_is_kept_whole_and_its_messages_joined():
    turn = format_turn(
        [
            {"text": "In an IOP, people may spend **between 9 and 20 hours** a week in treatment."},
            {"text": "Anything else?", "buttons": [IOP_HOURS, CALL, TALK]},
        ]
    )
    assert turn.text == (
        "In an IOP, people may spend between 9 and 20 hours a week in treatment.\n"
        "Anything else?\n"
        "Reply 1 for IOP hours, 2 for Talk to someone."
    )
    assert turn.options == (
        SmsOption("IOP hours", "/ask_iop_hours"),
        SmsOption("Talk to someone", "/request_hotline"),
    )
    assert turn.dropped == 0
    assert turn.segments.encoding == "GSM-7"


def test_a_long_greeting_with_the_notice_keeps_the_essentials_within_320():
    turn = format_turn([GREETING], notice=NOTICE)
    assert len(turn.text) <= SMS_CHAR_LIMIT
    assert turn.text.startswith("Hi, I'm the Carolina Center for Recovery's automated assistant.")
    assert "866-797-7962" in turn.text, "the sentence with the phone number is kept"
    assert turn.notice_included and turn.text.endswith(NOTICE)
    assert "Talk to someone" in turn.text, "a person is always an option"
    assert [o.title for o in turn.options][-1] == "Talk to someone"
    _only_whole_sentences(turn.text, GREETING["text"])


def test_a_long_answer_keeps_its_facts_and_a_person_to_talk_to():
    assert len(LONG_ANSWER) > 270
    buttons = [{"title": "Work, school & family", "payload": "/ask_work"}, IOP_HOURS, CALL, TALK]
    turn = format_turn([{"text": LONG_ANSWER, "buttons": buttons}])
    assert turn.text == LONG_ANSWER + "\nReply 1 for Talk to someone."
    assert turn.options == (SmsOption("Talk to someone", "/request_hotline"),)


def test_when_text_does_not_fit_it_is_cut_only_at_sentence_boundaries():
    text = " ".join(
        f"Sentence number {n} says something useful about outpatient care." for n in range(12)
    )
    turn = format_turn([{"text": text}])
    assert len(turn.text) <= SMS_CHAR_LIMIT
    assert turn.text.endswith(".")
    _only_whole_sentences(turn.text, text)
    assert turn.dropped > 0


def test_a_single_sentence_too_long_for_any_sms_is_cut_at_a_word_not_in_a_phone_number():
    sentence = "Please " + "really " * 60 + "call 866-797-7962 today"
    turn = format_turn([{"text": sentence}])
    assert len(turn.text) <= SMS_CHAR_LIMIT
    assert turn.text.endswith("...")
    assert not re.search(r"\d$", turn.text[:-3]), "not cut inside a number"


@pytest.mark.parametrize(
    "messages",
    [
        [{"text": LONG_ANSWER}, {"text": CRISIS}],
        [{"text": LONG_ANSWER + " " + CRISIS, "buttons": [IOP_HOURS, TALK]}],
        [{"text": CRISIS}, {"text": LONG_ANSWER * 2, "buttons": [IOP_HOURS, TALK]}],
        [GREETING, {"text": CRISIS}],
    ],
)
def test_crisis_text_always_survives_truncation_and_wins_over_the_notice(messages):
    turn = format_turn(messages, notice=NOTICE)
    assert len(turn.text) <= SMS_CHAR_LIMIT
    assert "911" in turn.text
    assert "988" in turn.text
    assert "call or text 988" in turn.text


def test_a_whole_crisis_message_with_the_hotline_wins_over_the_notice():
    crisis = (
        "I'm really glad you told me. You don't have to go through this alone. **Call or text "
        "988** (Suicide & Crisis Lifeline) to talk to someone now, or chat at 988lifeline.org. "
        "**If you're in immediate danger, call 911.** Our team is also here 24/7 at "
        "**866-797-7962**."
    )
    buttons = [
        {"title": "Call 911", "payload": "tel:911"},
        {"title": "Text 988", "payload": "sms:988"},
    ]
    turn = format_turn([{"text": crisis, "buttons": buttons}], notice=NOTICE)
    assert turn.text == plain_text(crisis)
    assert not turn.notice_included, "the notice waits for the next reply"
    assert turn.options == ()


def test_a_crisis_text_longer_than_an_sms_is_cut_but_keeps_its_numbers():
    crisis = "Call or text 988 or call 911 now, " + "we care about you and " * 30 + "you matter."
    turn = format_turn([{"text": crisis}], notice=NOTICE)
    assert len(turn.text) <= SMS_CHAR_LIMIT
    assert "988" in turn.text and "911" in turn.text
    assert not turn.notice_included


def test_the_notice_is_added_when_asked_and_only_then():
    assert NOTICE in format_turn([{"text": "Hello."}], notice=NOTICE).text
    assert NOTICE not in format_turn([{"text": "Hello."}]).text
    assert format_turn([], notice=NOTICE).text == "", "no message, no notice on its own"


# Over 270 characters, like the longest Spanish SMS texts in the content store.
LONG_ANSWER_ES = (
    "Muchas personas siguen trabajando o estudiando durante el tratamiento ambulatorio. Las "
    "sesiones del IOP suelen ser en torno al trabajo y la escuela, y las del OP pueden ser por "
    "la noche. Su equipo puede ayudarle a organizar el tratamiento. Pregúntenos cómo le "
    "podría funcionar."
)


def test_a_long_spanish_answer_is_shortened_as_an_english_one_with_a_spanish_options_line():
    assert len(LONG_ANSWER_ES) > 270
    buttons = [{"title": "Trabajo y familia", "payload": "/ask_work"}, HORAS, CALL, HABLAR]
    turn = format_turn([{"text": LONG_ANSWER_ES, "buttons": buttons}], language="es")
    assert turn.text == LONG_ANSWER_ES + "\nResponda 1 para Hablar con alguien."
    assert turn.options == (SmsOption("Hablar con alguien", "/request_hotline"),)
    english = format_turn([{"text": LONG_ANSWER, "buttons": [*buttons[:3], TALK]}])
    assert english.text == LONG_ANSWER + "\nReply 1 for Talk to someone.", "the same layout"


def test_a_long_spanish_greeting_with_the_spanish_notice_keeps_the_essentials_within_320():
    greeting = {
        "text": (
            "Hola, soy el asistente automático del Carolina Center for Recovery. Puedo responder "
            "preguntas sobre los programas ambulatorios intensivos (IOP) y ambulatorios (OP), y "
            "ayudarle a ver cuál le podría convenir. Por favor, no comparta aquí datos privados "
            "como nombres completos o su historial médico. Para hablar con una persona, llame al "
            "866-797-7962 a cualquier hora, 24/7."
        ),
        "buttons": [
            {"title": "¿Qué es el IOP?", "payload": "/ask_what_is_iop"},
            {"title": "IOP o OP", "payload": "/ask_iop_vs_op"},
            {"title": "¿Cuál es para mí?", "payload": "/ask_which_program"},
            HABLAR,
        ],
    }
    turn = format_turn([greeting], notice=NOTICE_ES, language="es")
    assert len(turn.text) <= SMS_CHAR_LIMIT
    assert turn.text.startswith("Hola, soy el asistente automático del Carolina Center")
    assert "866-797-7962" in turn.text, "the sentence with the phone number is kept"
    assert turn.notice_included and turn.text.endswith(NOTICE_ES)
    assert "Responda 1 para " in turn.text and "Reply " not in turn.text
    assert [o.title for o in turn.options][-1] == "Hablar con alguien", "a person, always"
    _only_whole_sentences(turn.text, greeting["text"], NOTICE_ES)


def test_the_spanish_notice_and_options_keep_a_gsm7_reply_gsm7():
    turn = format_turn(
        [{"text": "Hola. Llame al 866-797-7962.", "buttons": [HORAS, HABLAR]}],
        notice=NOTICE_ES,
        language="es",
    )
    assert turn.notice_included and "Responda 1 para Horas del IOP" in turn.text
    assert turn.segments.encoding == "GSM-7"


def test_images_are_sent_as_their_url():
    turn = format_turn([{"image": "https://ccr.example/map.png"}])
    assert turn.text == "https://ccr.example/map.png"


# Property: whatever the bot says, the SMS fits, shows no payload, and keeps crisis numbers.
_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
_sentence = st.builds(
    lambda words, end: " ".join(words).capitalize() + end,
    st.lists(_words, min_size=1, max_size=25),
    st.sampled_from([".", "!", "?"]),
)
_text = st.lists(_sentence, min_size=1, max_size=10).map(" ".join)
_button = st.builds(
    lambda title, payload: {"title": title, "payload": payload},
    st.lists(_words, min_size=1, max_size=4).map(" ".join),
    st.sampled_from(["/ask_iop_hours", "/request_hotline", "tel:+18667977962", "/affirm"]),
)
_message = st.builds(
    lambda text, buttons: {"text": text, "buttons": buttons},
    _text,
    st.lists(_button, max_size=5),
)


@settings(max_examples=150, deadline=None)
@given(
    messages=st.lists(_message, min_size=1, max_size=4), crisis=st.booleans(), notice=st.booleans()
)
def test_any_turn_fits_shows_no_payload_and_keeps_crisis_numbers(messages, crisis, notice):
    if crisis:
        messages = [*messages[:1], {"text": CRISIS}, *messages[1:]]
    turn = format_turn(messages, notice=NOTICE if notice else None)
    assert 0 < len(turn.text) <= SMS_CHAR_LIMIT
    assert "/ask_" not in turn.text and "/request" not in turn.text and "tel:" not in turn.text
    assert "**" not in turn.text
    if crisis:
        assert "911" in turn.text and "988" in turn.text
    for number, option in enumerate(turn.options, 1):
        assert f"{number} for {option.title}" in turn.text
        assert map_reply_to_payload(str(number), turn.options) == option.payload


def _only_whole_sentences(sms: str, original: str, notice: str = NOTICE) -> None:
    sentences = set(split_sentences(original))
    body = [
        line
        for line in sms.splitlines()
        if not line.startswith(("Reply ", "Responda ")) and line != notice
    ]
    for line in body:
        for sentence in split_sentences(line):
            assert sentence in sentences, sentence


@pytest.mark.parametrize(
    ("text", "limit", "cut"),
    [
        ("short", 10, "short"),
        ("one two three four", 12, "one two..."),
        ("call 866-797-7962 now please", 20, "call 866-797-7962..."),
        ("call 866-797-7962 now please", 16, "call..."),
    ],
)
def test_truncate(text, limit, cut):
    assert truncate(text, limit) == cut


# --- keywords -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        *[(w, Keyword.STOP) for w in ["STOP", "stop", " Stop ", "STOPALL", "Unsubscribe",
                                      "CANCEL", "end", "Quit", "revoke", "OPT OUT", "opt out",
                                      "Opt-Out", "OPTOUT", "stop!", "Stop."]],
        *[(w, Keyword.START) for w in ["START", "start", "Unstop", " UNSTOP "]],
        *[(w, Keyword.HELP) for w in ["HELP", "help", "Info", " INFO? "]],
        # Spanish, added to Twilio's defaults (Advanced Opt-Out)
        *[(w, Keyword.STOP) for w in ["PARAR", "parar", "Cancelar", "ALTO", "¡Alto!", "detener"]],
        *[(w, Keyword.START) for w in ["COMENZAR", "reanudar"]],
        *[(w, Keyword.HELP) for w in ["AYUDA", "ayuda", "¿Ayuda?"]],
        *[(w, None) for w in ["necesito ayuda", "para", "alto riesgo", "ayuda por favor"]],
        *[(w, None) for w in ["please stop", "stop it", "I want it all to end", "stop by?",
                              "opt", "helpful", "started", "", "2", "yes"]],
    ],
)  # fmt: skip
def test_keywords_are_whole_messages_in_any_case(text, keyword):
    assert classify_keyword(text) is keyword


@pytest.mark.parametrize(
    ("text", "language"), [("STOP", "en"), ("PARAR", "es"), ("ayuda", "es"), ("Help", "en")]
)
def test_a_keyword_is_answered_in_its_own_language(text, language):
    assert read_keyword(text)[1] == language


def test_ayuda_has_what_ctia_asks_for_in_spanish():
    text = help_text(CENTER, HOTLINE, "es")
    for required in [CENTER, HOTLINE, "24/7", "tarifas de mensajes y datos", "Responda PARAR"]:
        assert required in text
    assert "988 y marque 2" in text
    assert len(text) <= SMS_CHAR_LIMIT
    assert count_segments(text).encoding == "UCS-2"  # accents: 70 characters a segment


def test_help_has_what_ctia_asks_for():
    text = help_text(CENTER, HOTLINE)
    for required in [
        CENTER,
        HOTLINE,
        "24/7",
        "Msg & data rates may apply",
        "Reply STOP to opt out",
    ]:
        assert required in text
    assert len(text) <= SMS_CHAR_LIMIT
    assert count_segments(text).encoding == "GSM-7"


# The channel's fixed lines in both languages: what each must say, and what it costs on its own.
FIXED_TEXTS = [
    ("notice", "en", NOTICE, [CENTER, "Don't share private health info",
                              "Msg & data rates may apply", "Reply STOP"], "GSM-7", 1),
    ("notice", "es", NOTICE_ES, [CENTER, "automatizados", "No comparta datos de salud",
                                 "tarifas de msj y datos", "PARAR para cancelar"], "GSM-7", 1),
    ("no text", "en", unreadable_text(HOTLINE), ["only read text", HOTLINE, "24/7"], "GSM-7", 1),
    ("no text", "es", unreadable_text(HOTLINE, "es"),
     ["solo puedo leer mensajes de texto", HOTLINE, "24/7"], "GSM-7", 1),
    ("opt-out", "es", opt_out_text(CENTER, HOTLINE, "es"),
     [CENTER, "Responda COMENZAR", HOTLINE], "UCS-2", 3),
    ("opt-in", "es", opt_in_text(CENTER, "es"),
     [CENTER, "tarifas de mensajes y datos", "AYUDA", "PARAR"], "UCS-2", 3),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "language", "text", "required", "encoding", "segments"),
    FIXED_TEXTS,
    ids=[f"{what} {language}" for what, language, *_ in FIXED_TEXTS],
)
def test_the_fixed_lines_say_what_they_must_in_their_language_and_fit(
    what, language, text, required, encoding, segments
):
    for words in required:
        assert words in text, (what, words)
    count = count_segments(text)
    assert (count.encoding, count.segments) == (encoding, segments), (what, count)


# --- TwiML ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Hi & welcome <3", "Hi &amp; welcome &lt;3"),
        ('Say "yes" > no', 'Say "yes" &gt; no'),
        ("line one\nline two", "line one\nline two"),
        ("ctrl\x0bchar", "ctrlchar"),
    ],
)
def test_twiml_escapes_xml(text, body):
    document = twiml(text)
    assert document.endswith(f"<Response><Message>{body}</Message></Response>")
    assert ET.fromstring(document).find("Message").text == text.replace("\x0b", "")


@pytest.mark.parametrize("text", [None, "", "  "])
def test_no_text_is_an_empty_response(text):
    assert twiml(text) == TWIML_EMPTY
    assert ET.fromstring(twiml(text)).tag == "Response"
