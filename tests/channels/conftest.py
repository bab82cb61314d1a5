"""The SMS channel's blueprint served over real HTTP (a Sanic server in a thread), with a scripted
stand-in for the Rasa agent's turns, so each request goes through everything Twilio's would.

The Sanic app carries a real Rasa `Agent` (no model) as `app.ctx.agent`, as rasa/server.py sets
it, with its default (in-memory) tracker store; the scripted bot keeps each conversation's
`language` slot there the way actions/language.py does, so the channel reads it the way it reads
it from the real assistant."""

from __future__ import annotations

import asyncio
import functools
import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest
import rasa.shared.utils.io
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from sanic import Sanic

from bot.channels.sms.twilio import TwilioSmsInput
from bot.settings import PROJECT_ROOT, Settings
from ops.services import free_port
from tests.support.sms import SmsPhone

AUTH_TOKEN = "test-auth-token-0123456789abcdef"
PUBLIC_URL = "https://ccr-sms.example.org/webhooks/twilio_sms/webhook"
SALT = "test-sender-salt"

GREETING_BUTTONS = [
    {"title": "What is IOP?", "payload": "/ask_what_is_iop"},
    {"title": "IOP hours", "payload": "/ask_iop_hours"},
    {"title": "Call 866-797-7962", "payload": "tel:+18667977962"},
    {"title": "Talk to someone", "payload": "/request_hotline"},
]
# The Spanish side of the script: the conversation turns Spanish on a message starting with "hola"
# (actions/language.py reads the language from what the person writes) and back on this one.
SPANISH_OPENER = "hola, necesito info del IOP"
BACK_TO_ENGLISH = "in english please"
SPANISH_GREETING_BUTTONS = [
    {"title": "¿Qué es el IOP?", "payload": "/ask_what_is_iop"},
    {"title": "Horas del IOP", "payload": "/ask_iop_hours"},
    {"title": "Llamar al 866-797-7962", "payload": "tel:+18667977962"},
    {"title": "Hablar con alguien", "payload": "/request_hotline"},
]
CRISIS_TEXT = (
    "I'm really glad you reached out. If you are in danger right now, call 911. "
    "You can call or text 988 any time to reach the Suicide & Crisis Lifeline."
)


@functools.cache
def language_slot_domain() -> Domain:
    """A domain with only the project's `language` slot, as domain.yml defines it (built once:
    Rasa warns about slot auto-fill each time it reads slots)."""
    slots = rasa.shared.utils.io.read_yaml_file(PROJECT_ROOT / "domain.yml")["slots"]
    return Domain.from_dict({"slots": {"language": slots["language"]}})


@dataclass
class ScriptedBot:
    """Answers like the assistant would for a few texts; records what reached it; keeps the
    conversation's `language` slot in `agent`'s tracker store."""

    agent: Agent = field(default_factory=lambda: Agent(domain=language_slot_domain()))
    received: list[UserMessage] = field(default_factory=list)

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        out, to = message.output_channel, message.sender_id
        text = message.text or ""
        spanish = await self._language_after(to, text) == "es"
        if text == SPANISH_OPENER:
            await out.send_text_with_buttons(
                to,
                "Hola, soy el **asistente automático**. Llame al 866-797-7962 a cualquier hora.",
                SPANISH_GREETING_BUTTONS,
            )
        elif text == "/ask_iop_hours" and spanish:
            await out.send_text_with_buttons(
                to,
                "En un IOP, las personas pueden pasar entre 9 y 20 horas a la semana en "
                "tratamiento.",
                [{"title": "Hablar con alguien", "payload": "/request_hotline"}],
            )
        elif text == BACK_TO_ENGLISH:
            await out.send_text_with_buttons(
                to,
                "Sure, in English.",
                [{"title": "Talk to someone", "payload": "/request_hotline"}],
            )
        elif text == "hello":
            await out.send_text_with_buttons(
                to,
                "Hi, I'm the **automated assistant**. Call 866-797-7962 any time.",
                GREETING_BUTTONS,
            )
        elif text == "/ask_iop_hours":
            await out.send_text_with_buttons(
                to,
                "In an IOP, people may spend between 9 and 20 hours a week in treatment.",
                [{"title": "Talk to someone", "payload": "/request_hotline"}],
            )
        elif text == "/request_hotline":
            await out.send_text_message(to, "Call 866-797-7962 any time, 24/7.")
        elif text == "i want to end it all":
            await out.send_text_message(to, CRISIS_TEXT)
        elif text == "boom":
            raise RuntimeError("the assistant broke")
        elif text == "silence":
            pass
        else:
            await out.send_text_message(to, f"You said: {text}")

    @property
    def texts(self) -> list[str]:
        return [m.text or "" for m in self.received]

    async def _language_after(self, sender: str, text: str) -> str:
        """The conversation's language once `text` is read, stored with the conversation (as
        Rasa saves the turn before the channel answers)."""
        store = self.agent.tracker_store
        tracker = await store.get_or_create_tracker(sender)
        if text.startswith("hola"):
            tracker.update(SlotSet("language", "es"))
        elif text == BACK_TO_ENGLISH:
            tracker.update(SlotSet("language", "en"))
        await store.save(tracker)
        return str(tracker.get_slot("language"))


class SmsServer:
    """The channel's blueprint on a free port, served from a background thread."""

    _names = itertools.count()

    def __init__(self, channel: TwilioSmsInput, bot: ScriptedBot) -> None:
        self.channel = channel
        self.bot = bot
        self.port = free_port()
        self.app = Sanic(f"sms_test_{next(self._names)}", configure_logging=False)
        self.app.ctx.agent = bot.agent  # what rasa/server.py sets; the channel reads the language
        self.app.blueprint(channel.blueprint(bot), url_prefix=f"/webhooks/{channel.name()}")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._ready = threading.Event()
        self._server: Any = None

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/twilio_sms/webhook"

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            server = await self.app.create_server(
                host="127.0.0.1", port=self.port, return_asyncio_server=True
            )
            await server.startup()
            await server.before_start()
            await server.after_start()
            self._server = server
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def start(self) -> SmsServer:
        self._thread.start()
        assert self._ready.wait(15), "the test SMS server did not start"
        return self

    def stop(self) -> None:
        async def close() -> None:
            await self._server.before_stop()
            await self._server.close()
            await self._server.after_stop()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(15)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(15)
        self.channel.store.close()

    def phone(
        self, number: str, auth_token: str = AUTH_TOKEN, public_url: str = PUBLIC_URL
    ) -> SmsPhone:
        return SmsPhone(self.webhook_url, public_url, auth_token, number)


def sms_settings(var_dir: Path, **env: str) -> Settings:
    return Settings.from_environ(
        {
            "CCR_VAR_DIR": str(var_dir),
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_PUBLIC_URL": PUBLIC_URL,
            "SMS_SENDER_SALT": SALT,
            **env,
        }
    )


@pytest.fixture
def start_sms_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., SmsServer]]:
    monkeypatch.setattr(Sanic, "test_mode", True)  # lets Sanic start several apps in one process
    started: list[SmsServer] = []

    def start(var: str | None = None, **env: str) -> SmsServer:
        """A server with its own var/ (SMS database), or the one named `var` (shared)."""
        channel = TwilioSmsInput(sms_settings(tmp_path / (var or f"var{len(started)}"), **env))
        server = SmsServer(channel, ScriptedBot()).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def sms_server(start_sms_server: Callable[..., SmsServer]) -> SmsServer:
    return start_sms_server()
