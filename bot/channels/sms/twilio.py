"""SMS over Twilio: Rasa input channel "twilio_sms", webhook `POST /webhooks/twilio_sms/webhook`.

credentials.yml names the class and nothing else:

    bot.channels.sms.twilio.TwilioSmsInput:

Its settings come from bot/settings.py (.env): TWILIO_AUTH_TOKEN, TWILIO_PUBLIC_URL, SMS_DB_URL,
SMS_SENDER_SALT. (Rasa expands `${VAR}` in credentials.yml only in unquoted values and refuses to
start when the variable is unset; reading settings keeps one place for configuration, with
defaults, and keeps secrets out of the YAML.)

One request, in order:
1. the body is read up to MAX_BODY_BYTES (larger: 413); without an auth token or public URL
   configured every request gets 403 (and the log says which setting is missing);
2. form-encoded only (else 415), parsed (else 400);
3. `X-Twilio-Signature` must be the HMAC-SHA1 (auth token) of TWILIO_PUBLIC_URL followed by
   every form parameter name and value, sorted by name, base64 - as Twilio documents it and its
   SDKs check it (bot/channels/sms/signature.py); missing or wrong: 403, the bot never sees
   the message;
4. `From` and `Body` must be there (else 400), `Body` at most MAX_TEXT_CHARS (else 413);
5. compliance (CTIA), before the bot: STOP words opt the number out (one confirmation; a repeat
   STOP gets nothing), START/UNSTOP opt back in, an opted-out number gets an empty <Response/>
   for everything else, HELP/INFO gets the center, the 24/7 number, "Msg & data rates may apply"
   and "Reply STOP to opt out";
6. otherwise the text (or the payload of the option it picks: "2") goes through the inbound guard
   (bot/channels/inbound/guard.py describes what it answers; keep TURN_TIMEOUT_SECONDS under
   Twilio's 15 s) and then to Rasa with a keyed hash of the number as sender id, and the
   number itself goes nowhere: Rasa 3.6 stores a message's
   metadata with the conversation (user event, parse data, `session_started_metadata`), so
   passing it would put phone numbers into transcripts. The intake flow asks for the callback
   number explicitly;
7. the bot's messages for the turn come back as one TwiML <Message> of at most 320 characters
   (bot/channels/sms/format.py), the first one to a number with a one-line privacy/consent
   notice; the options offered are stored (bot/channels/sms/store.py) so the next "2" maps back.

The channel's own lines (the notice, "Reply 1 for ...", the STOP/START/HELP answers, the reply to
a picture without text) are in the conversation's language: the Rasa slot `language`, read by
`conversation_language` from the tracker store the agent uses, after the turn (so the first
reply to "hola, necesito info del IOP" is all Spanish). A Spanish keyword (PARAR, COMENZAR,
AYUDA) is always answered in Spanish; an English one (STOP, HELP...) in the conversation's
language. If the slot cannot be read, the reply goes out all the same, in English (or in the
keyword's Spanish). The language is not kept in the SMS store: the slot is the one place it is
decided, and a copy would go stale when the session expires or the chat is deleted.

tests/e2e/test_sms_conversation.py checks that the stored conversation holds no phone number.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, Callable, TypeVar
from urllib.parse import parse_qsl

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound.guard import Answer, InboundGuard, guard_for
from bot.channels.sms.format import format_turn, twiml
from bot.channels.sms.keywords import (
    Keyword,
    help_text,
    opt_in_text,
    opt_out_text,
    privacy_notice,
    read_keyword,
    unreadable_text,
)
from bot.channels.sms.options import map_reply_to_payload
from bot.channels.sms.segments import count_segments
from bot.channels.sms.signature import is_valid_signature
from bot.channels.sms.store import SenderState, SmsStore, SmsStoreUnavailable, sender_hash
from bot.insights.tally import SMS_OPT_IN, SMS_OPT_OUT, tally_for
from bot.language.conversation_language import ENGLISH, LANGUAGES, SPANISH
from bot.settings import Settings, get_settings

logger = logging.getLogger(__name__)

CHANNEL_NAME = "twilio_sms"
SIGNATURE_HEADER = "X-Twilio-Signature"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
MAX_BODY_BYTES = 64 * 1024  # a real inbound SMS request is 1-3 KB
MAX_TEXT_CHARS = 1600  # Twilio's own limit for one message body
MAX_FORM_FIELDS = 200
LANGUAGE_SLOT = "language"  # domain.yml: the conversation's language, set by actions/language.py
_T = TypeVar("_T")


class SmsCollectingOutput(CollectingOutputChannel):
    """Collects the bot's messages for one turn. Named "twilio_sms" so that domain responses
    can have `channel: twilio_sms` variations."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME


class TwilioSmsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TwilioSmsInput:
        if credentials:
            raise RasaException(
                f"credentials.yml: {cls.__module__}.{cls.__name__} takes no values (got "
                f"{', '.join(sorted(credentials))}); set TWILIO_AUTH_TOKEN, TWILIO_PUBLIC_URL, "
                "SMS_DB_URL and SMS_SENDER_SALT in .env (see .env.example)."
            )
        return cls(get_settings())

    def __init__(
        self,
        settings: Settings,
        store: SmsStore | None = None,
        guard: InboundGuard | None = None,
    ) -> None:
        self.settings = settings
        self.store = store if store is not None else SmsStore(settings.sms_db_url)
        self.guard = guard or guard_for(settings)
        self.tally = tally_for(settings.tracker_db_url)  # opt-outs and opt-ins, for staff
        self.sender_key = self.store.sender_key(settings.sms_sender_salt)
        self.notices = {
            language: privacy_notice(settings.center_name, language) for language in LANGUAGES
        }
        problem = self.configuration_problem()
        if problem:
            logger.warning("SMS channel: %s, so every webhook request is refused (403)", problem)

    def configuration_problem(self) -> str | None:
        if not self.settings.twilio_auth_token:
            return "TWILIO_AUTH_TOKEN is not set"
        if not self.settings.twilio_public_url:
            return "TWILIO_PUBLIC_URL is not set"
        return None

    def sender_id(self, number: str) -> str:
        return sender_hash(number, self.sender_key)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("twilio_sms_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            return await self.handle(request, on_new_message)

        return webhook

    # --- one request ----------------------------------------------------------------------

    async def handle(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        body = await _read_body(request, MAX_BODY_BYTES)
        if body is None:
            return _refuse(413, "request body too large")
        problem = self.configuration_problem()
        if problem:
            logger.warning("SMS webhook: refused a request: %s", problem)
            return _refuse(403, "forbidden")
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if content_type != FORM_CONTENT_TYPE:
            return _refuse(415, f"expected {FORM_CONTENT_TYPE}")
        try:
            params = parse_qsl(
                body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS
            )
        except (UnicodeDecodeError, ValueError):
            return _refuse(400, "unreadable form")
        signature = request.headers.get(SIGNATURE_HEADER)
        if not is_valid_signature(
            self.settings.twilio_auth_token,
            self.settings.twilio_public_url,
            request.query_string,
            params,
            signature,
        ):
            logger.warning(
                "SMS webhook: refused a request with a %s X-Twilio-Signature (check "
                "TWILIO_AUTH_TOKEN, and that TWILIO_PUBLIC_URL is the URL configured in Twilio)",
                "wrong" if signature else "missing",
            )
            return _refuse(403, "forbidden")

        form: dict[str, str] = {}
        for name, value in params:
            form.setdefault(name, value)
        number = form.get("From", "").strip()
        text = form.get("Body")
        if not number:
            return _refuse(400, "From is missing")
        if text is None:
            return _refuse(400, "Body is missing")
        if len(text) > MAX_TEXT_CHARS:
            return _refuse(413, f"Body longer than {MAX_TEXT_CHARS} characters")
        try:
            agent = getattr(request.app.ctx, "agent", None)  # Rasa's (rasa/server.py)
            reply = await self.reply(number, text, on_new_message, agent)
        except SmsStoreUnavailable:
            return _refuse(503, "temporarily unavailable")
        return response.text(twiml(reply), content_type="application/xml; charset=utf-8")

    async def reply(
        self,
        number: str,
        text: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any = None,
    ) -> str | None:
        """The SMS text to answer `text` from `number` with (None: no answer at all); `agent` is
        Rasa's, for the conversation's language (None: English)."""
        sender = self.sender_id(number)
        who = sender[:8]  # enough to follow one sender through the log, never the number
        center, hotline = self.settings.center_name, self.settings.hotline
        keyword, keyword_language = read_keyword(text) or (None, ENGLISH)
        state: SenderState = await _in_thread(self.store.state, sender)

        async def reply_language() -> str:
            """A Spanish keyword's language, else the conversation's, else English."""
            if keyword_language == SPANISH:
                return SPANISH
            return await conversation_language(agent, sender) or ENGLISH

        if keyword is Keyword.STOP:
            changed = await _in_thread(self.store.opt_out, sender)
            logger.info("SMS %s: opt-out%s", who, "" if changed else " (already opted out)")
            if not changed:
                return None
            await _in_thread(self.tally.add, SMS_OPT_OUT, CHANNEL_NAME)
            return opt_out_text(center, hotline, await reply_language())
        if keyword is Keyword.START:
            await _in_thread(self.store.opt_in, sender)
            logger.info("SMS %s: opt-in", who)
            await _in_thread(self.tally.add, SMS_OPT_IN, CHANNEL_NAME)
            language = await reply_language()
            return await self._send(
                sender, [{"text": opt_in_text(center, language)}], state, language
            )
        if state.opted_out:
            logger.info("SMS %s: opted out; no reply", who)
            return None
        if keyword is Keyword.HELP:
            await _in_thread(self.store.mark_notice_sent, sender)  # HELP says all the notice does
            return help_text(center, hotline, await reply_language())
        if not text.strip():  # a picture without text
            language = await reply_language()
            return await self._send(
                sender, [{"text": unreadable_text(hotline, language)}], state, language
            )

        payload = map_reply_to_payload(text, state.options)
        # the guard's own words (an apology, "please wait") in the conversation's language so far
        before = await reply_language()
        decision = self.guard.screen(CHANNEL_NAME, sender, payload or text, before)
        if isinstance(decision, Answer):
            logger.info("SMS %s: answered by the guard (%s)", who, decision.reason)
            return await self._send(sender, [{"text": decision.text}], state, before)
        collector = SmsCollectingOutput()
        message = UserMessage(decision.text, collector, sender, input_channel=CHANNEL_NAME)
        extra = await self.guard.run_turn(
            on_new_message(message),
            lambda: len(collector.messages),
            decision.text,
            CHANNEL_NAME,
            before,
        )
        notes = [decision.note] if decision.note else []
        messages = [*collector.messages, *({"text": t} for t in [*extra, *notes])]
        # after the turn: the language this very message set
        language = await reply_language()
        return await self._send(sender, messages, state, language, picked=payload is not None)

    async def _send(
        self,
        sender: str,
        messages: list[dict[str, Any]],
        state: SenderState,
        language: str,
        picked: bool = False,
    ) -> str | None:
        notice = None if state.notice_sent else self.notices[language]
        turn = format_turn(messages, notice=notice, language=language)
        await _in_thread(self.store.save_reply, sender, turn.options, turn.notice_included)
        segments = count_segments(turn.text)
        logger.info(
            "SMS %s: %sreply (%s) of %d characters, %d %s segment(s), %d option(s)%s",
            sender[:8],
            "option picked; " if picked else "",
            language,
            len(turn.text),
            segments.segments,
            segments.encoding,
            len(turn.options),
            f", {turn.dropped} part(s) left out to fit" if turn.dropped else "",
        )
        return turn.text or None


async def conversation_language(agent: Any, sender: str) -> str | None:
    """The `language` slot of `sender`'s conversation as the tracker store holds it now (after a
    turn: as that turn set it), from the store the Rasa agent uses (`Agent.tracker_store`: the
    latest session's events, nothing else asked). None when it cannot be read - no agent, no
    conversation yet, a store error (Rasa's `FailSafeTrackerStore` already turns those into
    None) or an unknown value: the caller falls back and the reply is never held up."""
    try:
        tracker = await agent.tracker_store.retrieve(sender)
        language = tracker.get_slot(LANGUAGE_SLOT) if tracker is not None else None
    except Exception as error:  # any failure: the reply goes on in the fallback language
        logger.debug("SMS %s: language not read (%s)", sender[:8], type(error).__name__)
        return None
    if language not in LANGUAGES:
        logger.debug("SMS %s: no conversation language stored (%r)", sender[:8], language)
        return None
    return str(language)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it is known to be longer than `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    if request.stream is None:  # not streamed (e.g. mounted without stream=True)
        body = request.body or b""
        return body if len(body) <= limit else None
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.stream.read()
        if chunk is None:
            break
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse(status: int, reason: str) -> HTTPResponse:
    return response.text(reason, status=status)


async def _in_thread(function: Callable[..., _T], *args: Any) -> _T:
    """Database calls run off the event loop, so a slow database does not stall other chats."""
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)
