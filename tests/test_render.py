"""One reply, three channels."""

import pytest

from bot.render import channel_kind, render
from bot.replies import Button, Reply

REPLY = Reply(
    text="Call **866-797-7962**.",
    sms="Call 866-797-7962.",
    buttons=(
        Button("Call 866-797-7962", "tel:+18667977962"),
        Button("IOP hours", "/ask_iop_hours"),
    ),
)


@pytest.mark.parametrize(
    ("channel", "kind"),
    [
        ("socketio", "web"),
        ("rest", "web"),
        (None, "web"),
        ("twilio_sms", "sms"),
        ("cmdline", "shell"),
    ],
)
def test_channel_kinds(channel, kind):
    assert channel_kind(channel) == kind


def test_web_gets_markdown_and_the_call_button():
    message = render(REPLY, "socketio")
    assert message["text"] == "Call **866-797-7962**."
    assert message["buttons"][0] == {"title": "Call 866-797-7962", "payload": "tel:+18667977962"}


def test_sms_gets_the_sms_text_and_no_call_button():
    message = render(REPLY, "twilio_sms")
    assert message == {
        "text": "Call 866-797-7962.",
        "buttons": [{"title": "IOP hours", "payload": "/ask_iop_hours"}],
    }


def test_shell_gets_plain_text_and_no_call_button():
    message = render(REPLY, "cmdline")
    assert message["text"] == "Call 866-797-7962."
    assert [b["payload"] for b in message["buttons"]] == ["/ask_iop_hours"]


def test_a_reply_without_buttons_has_no_buttons_key():
    assert render(Reply(text="Hello"), "rest") == {"text": "Hello"}


@pytest.mark.parametrize("channel", ["socketio", "rest", "twilio_sms", "cmdline"])
def test_the_outcome_goes_along_for_the_staff_report_on_every_channel(channel):
    # a keyword Rasa keeps in the bot event's metadata; no channel shows it
    assert render(Reply(text="Pick one", outcome="menu"), channel)["outcome"] == "menu"
