"""The inbound guard every channel uses: a clear reply to every message, never silence.

Each channel (REST, the web widget's socket.io, Twilio SMS) does, for every visitor message:

    decision = guard.screen(channel, sender, text)
    if isinstance(decision, Answer):           # empty, or too many messages: the guard answers
        send decision.text                      # and the assistant is not asked
    else:                                       # Forward: the cleaned text goes to Rasa
        extra = await guard.run_turn(on_new_message(UserMessage(...)), sent, text, channel)
        send extra                              # an apology + the 24/7 line if the turn failed,
                                                # timed out or said nothing; decision.note if the
                                                # text was shortened

`screen`: the text is normalised (`bot.channels.inbound.text`); nothing readable left -> "I
didn't catch a message" with the 24/7 number; a sender over RATE_LIMIT_PER_MINUTE (sliding
minute; in memory, or in Redis with the production stores) -> "please wait" with the number,
unless the message shows a sign of crisis (`bot.safety.detector`, the check the NLU pipeline
runs): those always go through; longer than MAX_MESSAGE_CHARS -> cut (crisis words kept) and
answered, with a note; typed `/intent{...}` syntax that is not exactly a payload the bot offers
-> the slashes dropped (`bot.channels.inbound.payloads`).

`run_turn`: Rasa 3.6 answers nothing when a custom action fails (the processor logs the
exception and goes on with the action's events lost) and waits up to 5 minutes for the action
server (`DEFAULT_REQUEST_TIMEOUT`, fixed). If the turn raises, ends without a single bot message,
or is not over after TURN_TIMEOUT_SECONDS, the channel sends `turn_failed` (or, for a message with
signs of crisis, `turn_failed_crisis`: 911, 988 and the 24/7 line). A turn that runs late is not
cancelled: it goes on in the background, so the message and whatever the assistant does are still
stored with the conversation (and on the web widget its late reply still arrives). Each apology
is counted for the staff report (`bot.insights.tally`), without its text.

The words are in content/ui.yml (and ui.es.yml): `screen(..., language)` and
`run_turn(..., language)` answer in the conversation's language as the channel knows it (the
widget's `lang`, the SMS conversation's `language` slot; English when it is not known). A crisis
apology is in the language of the message's crisis words, whatever the conversation's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.channels.inbound.payloads import offered_payloads
from bot.channels.inbound.rate_limit import (
    MessageLimiter,
    SharedSlidingWindowLimiter,
    SlidingWindowLimiter,
)
from bot.channels.inbound.text import defuse_payload, normalise, shorten
from bot.content.store import DEFAULT_LANGUAGE, ContentStore, load_content
from bot.insights.tally import GUARD_APOLOGY, Tally, tally_for
from bot.safety.detector import CrisisDetector
from bot.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

DOMAIN_FILE = PROJECT_ROOT / "domain.yml"


@dataclass(frozen=True)
class Answer:
    """The guard answers this message itself; the assistant is not asked."""

    text: str
    reason: str


@dataclass(frozen=True)
class Forward:
    """Send `text` to the assistant; say `note` after its reply (if any)."""

    text: str
    note: str | None = None


@dataclass(frozen=True)
class GuardTexts:
    empty: str
    long_note: str
    rate_limited: str
    turn_failed: str
    turn_failed_crisis: str
    too_many_connections: str

    @classmethod
    def by_language(cls, store: ContentStore, hotline: str) -> dict[str, GuardTexts]:
        """The guard's words in every language the store speaks."""
        return {
            language: cls.from_store(store.in_language(language), hotline)
            for language in store.languages
        }

    @classmethod
    def from_store(cls, store: ContentStore, hotline: str) -> GuardTexts:
        def text(key: str) -> str:
            return store.ui(key, hotline=hotline)

        return cls(
            empty=text("empty_message"),
            long_note=text("long_message_note"),
            rate_limited=text("rate_limited"),
            turn_failed=text("turn_failed"),
            turn_failed_crisis=text("turn_failed_crisis"),
            too_many_connections=text("too_many_connections"),
        )


def message_limiter(settings: Settings) -> MessageLimiter:
    """Per-sender counts shared through Redis when the production stores are on (several Rasa
    servers behind a load balancer), in this process's memory otherwise."""
    if settings.redis_host:
        return SharedSlidingWindowLimiter.connect(
            settings.redis_host,
            settings.redis_port,
            settings.redis_db,
            settings.redis_password,
            settings.rate_limit_per_minute,
        )
    return SlidingWindowLimiter(settings.rate_limit_per_minute, 60.0)


class InboundGuard:
    def __init__(
        self,
        settings: Settings,
        texts: GuardTexts | Mapping[str, GuardTexts],
        offered: frozenset[str],
        detector: CrisisDetector,
        limiter: MessageLimiter | None = None,
        tally: Tally | None = None,
    ) -> None:
        self.settings = settings
        by_language = {DEFAULT_LANGUAGE: texts} if isinstance(texts, GuardTexts) else dict(texts)
        self.texts_by_language = by_language
        self.texts = by_language[DEFAULT_LANGUAGE]
        self.offered = offered
        self.detector = detector
        self.limiter = limiter or SlidingWindowLimiter(settings.rate_limit_per_minute, 60.0)
        self.tally = tally
        self._late: set[asyncio.Future[Any]] = set()  # turns still running after their timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> InboundGuard:
        store = load_content(settings.content_dir)
        return cls(
            settings,
            GuardTexts.by_language(store, settings.hotline),
            offered_payloads(DOMAIN_FILE, store),
            crisis_detector(str(settings.spacy_model_dir)),
            message_limiter(settings),
            tally_for(settings.tracker_db_url),
        )

    # --- before the assistant -----------------------------------------------------------------

    def texts_in(self, language: str | None) -> GuardTexts:
        """The guard's words in `language`, English for None or a language it does not speak."""
        if not isinstance(language, str):  # absent, or metadata that is not a language code
            return self.texts
        return self.texts_by_language.get(language, self.texts)

    def crisis_words(self, text: str) -> str | None:
        signal = self.detector.detect(text)
        return signal.matched if signal else None

    def screen(
        self, channel: str, sender: str, text: object, language: str | None = None
    ) -> Answer | Forward:
        """What to do with one message `text` from `sender` on `channel` (see the module doc),
        answered in `language`."""
        texts = self.texts_in(language)
        clean = normalise(text) if isinstance(text, str) else ""
        if not clean:
            return Answer(texts.empty, "empty")
        if not self.limiter.try_acquire((channel, sender)):
            if self.crisis_words(clean) is None:
                logger.warning("%s %s: over the rate limit; not passed on", channel, sender[:8])
                return Answer(texts.rate_limited, "rate limited")
            logger.warning(
                "%s %s: over the rate limit, but a crisis: passed on", channel, sender[:8]
            )
        limit = self.settings.max_message_chars
        short = shorten(clean, limit, self.crisis_words)
        forwarded = defuse_payload(short, self.offered)
        if not forwarded:  # it was only slashes
            return Answer(texts.empty, "empty")
        if forwarded != short:
            logger.info("%s %s: payload syntax read as text", channel, sender[:8])
        if short != clean:
            logger.info("%s %s: %d characters cut to %d", channel, sender[:8], len(clean), limit)
            return Forward(forwarded, texts.long_note)
        return Forward(forwarded)

    # --- the assistant's turn ----------------------------------------------------------------

    def failure_text(self, text: str, language: str | None = None) -> str:
        """The apology for a failed turn: with the crisis numbers, in the language of the crisis
        words, if the message shows signs of crisis; else `turn_failed` in `language`."""
        signal = self.detector.detect(text)
        if signal is not None:
            return self.texts_in(signal.language or language).turn_failed_crisis
        return self.texts_in(language).turn_failed

    async def run_turn(
        self,
        turn: Awaitable[Any],
        sent: Callable[[], int],
        text: str,
        channel: str,
        language: str | None = None,
    ) -> list[str]:
        """Runs the assistant's `turn` for `text` on `channel`; `sent()` counts the bot messages
        it sent so far. Returns what the channel must still send: [] after a good turn, else the
        apology (in `language`)."""
        task = asyncio.ensure_future(turn)
        done, _ = await asyncio.wait({task}, timeout=self.settings.turn_timeout_seconds)
        if not done:
            logger.error(
                "the assistant did not answer within %.1f s (TURN_TIMEOUT_SECONDS); apologised, "
                "the turn goes on in the background",
                self.settings.turn_timeout_seconds,
            )
            self._late.add(task)
            task.add_done_callback(self._late_turn_done)
            return await self._apology(text, channel, language)
        error = None if task.cancelled() else task.exception()
        if task.cancelled() or error is not None:
            logger.error("the assistant failed to answer; apologised", exc_info=error)
            return await self._apology(text, channel, language)
        if sent() == 0:
            logger.error("the assistant sent nothing (is the action server up?); apologised")
            return await self._apology(text, channel, language)
        return []

    async def _apology(self, text: str, channel: str, language: str | None) -> list[str]:
        if self.tally is not None:
            await asyncio.to_thread(self.tally.add, GUARD_APOLOGY, channel)
        return [self.failure_text(text, language)]

    def _late_turn_done(self, task: asyncio.Future[Any]) -> None:
        self._late.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("a late turn failed", exc_info=task.exception())


@cache
def crisis_detector(spacy_model_dir: str) -> CrisisDetector:
    """One detector per process (the spaCy pipeline is loaded once for all channels)."""
    import spacy

    return CrisisDetector(spacy.load(spacy_model_dir))


@cache
def guard_for(settings: Settings) -> InboundGuard:
    """One guard per process and settings: the channels share its rate limit."""
    return InboundGuard.from_settings(settings)
