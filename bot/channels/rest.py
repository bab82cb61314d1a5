"""Rasa's REST channel behind the inbound guard: `POST /webhooks/rest/webhook`, same URL and
the same JSON as Rasa's `rest` (credentials.yml names this class instead of `rest:`; `name()` is
still "rest", which makes the URL).

    {"sender": "me", "message": "what is iop?"}  ->  [{"recipient_id": "me", "text": ...}, ...]

Differences from Rasa's: every message goes through the inbound guard
(bot/channels/inbound/guard.py describes what it answers; always HTTP 200); a request that
is not a JSON object with a `sender` string gets HTTP 400 with
a JSON error (Rasa's answers 500 or files it under the sender "default"); the client cannot
choose the `input_channel` (it is always "rest", so it cannot ask for another channel's
rendering); `?stream=true` is not offered.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound.guard import Answer, InboundGuard, guard_for
from bot.settings import get_settings

MAX_SENDER_CHARS = 200


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedRestInput:
        return cls()

    def __init__(self, guard: InboundGuard | None = None) -> None:
        self.guard = guard or guard_for(get_settings())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except SanicException:
                body = None
            if not isinstance(body, dict):
                return response.json({"error": "send a JSON object"}, status=400)
            sender = body.get("sender")
            if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
                return response.json({"error": "sender must be a non-empty string"}, status=400)
            metadata = body.get("metadata")
            messages = await self.answer(
                sender, body.get("message"), metadata if isinstance(metadata, dict) else None,
                on_new_message,
            )  # fmt: skip
            return response.json(messages)

        return webhook

    async def answer(
        self,
        sender: str,
        text: object,
        metadata: dict[str, Any] | None,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> list[dict[str, Any]]:
        """The bot's messages for one REST message (never empty)."""
        language = (metadata or {}).get("lang")  # as the web widget sends it, for the guard
        decision = self.guard.screen(self.name(), sender, text, language)
        if isinstance(decision, Answer):
            return [{"recipient_id": sender, "text": decision.text}]
        collector = CollectingOutputChannel()
        message = UserMessage(
            decision.text, collector, sender, input_channel=self.name(), metadata=metadata
        )
        extra = await self.guard.run_turn(
            on_new_message(message),
            lambda: len(collector.messages),
            decision.text,
            self.name(),
            language,
        )
        messages = list(collector.messages)  # a late turn may still add to the collector
        if decision.note:
            extra.append(decision.note)
        return messages + [{"recipient_id": sender, "text": text} for text in extra]
