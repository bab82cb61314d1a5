"""The one place where channels differ: turns a `Reply` into a message for one channel.

- web (socket.io widget) and REST: Markdown text, all buttons, call buttons as `tel:` links;
- SMS: the plain SMS text, no call buttons (the number is in the text; the SMS channel numbers
  the remaining buttons as options);
- the staff shell (`rasa shell`): plain text, no call buttons.

A reply's `outcome` goes along as a keyword Rasa keeps in the bot event's metadata (no channel
shows it): what the staff report counts.
"""

from __future__ import annotations

from typing import Any

from bot.replies import Reply, strip_markdown

SMS_CHANNELS = frozenset({"twilio_sms", "twilio"})
PLAIN_TEXT_CHANNELS = frozenset({"cmdline"})


def channel_kind(input_channel: str | None) -> str:
    if input_channel in SMS_CHANNELS:
        return "sms"
    if input_channel in PLAIN_TEXT_CHANNELS:
        return "shell"
    return "web"


def render(reply: Reply, input_channel: str | None) -> dict[str, Any]:
    """Keyword arguments for rasa-sdk's `dispatcher.utter_message`."""
    kind = channel_kind(input_channel)
    buttons = list(reply.buttons)
    if kind == "web":
        text = reply.text
    else:
        text = reply.sms if (kind == "sms" and reply.sms) else strip_markdown(reply.text)
        buttons = [button for button in buttons if not button.is_call_link]
    message: dict[str, Any] = {"text": text}
    if buttons:
        message["buttons"] = [{"title": b.title, "payload": b.payload} for b in buttons]
    if reply.outcome:
        message["outcome"] = reply.outcome
    return message
