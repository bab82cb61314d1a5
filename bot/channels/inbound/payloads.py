"""The `/intent` payloads the bot offers on its buttons: the only ones a message may carry.

They come from the buttons of domain.yml's responses and from the buttons the actions build
(`bot/content/answers.py`: a topic's `/ask_<topic>`, "Talk to someone", "Schedule an intake",
"Ask another question") and the widget's language switch. Button payloads that are plain words
("yes", "a few years") or links (tel:, sms:) are not `/` payloads and need no permission.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.channels.inbound.text import is_payload_syntax
from bot.content.answers import (
    HOTLINE_PAYLOAD,
    INTAKE_PAYLOAD,
    LANGUAGE_PAYLOADS,
    TOPIC_INTENT_PREFIX,
    TOPICS_PAYLOAD,
    TRIAGE_PAYLOAD,
)
from bot.content.store import ContentStore

ACTION_PAYLOADS = frozenset(
    {HOTLINE_PAYLOAD, INTAKE_PAYLOAD, TOPICS_PAYLOAD, TRIAGE_PAYLOAD, *LANGUAGE_PAYLOADS}
)


def domain_button_payloads(domain_file: Path) -> set[str]:
    domain = yaml.safe_load(Path(domain_file).read_text(encoding="utf-8")) or {}
    return {
        payload
        for variations in (domain.get("responses") or {}).values()
        for variation in variations or []
        for payload in _button_payloads(variation)
    }


def _button_payloads(variation: Any) -> Iterator[str]:
    if not isinstance(variation, dict):
        return
    for button in [*(variation.get("buttons") or []), *(variation.get("quick_replies") or [])]:
        payload = button.get("payload") if isinstance(button, dict) else None
        if isinstance(payload, str) and is_payload_syntax(payload.strip()):
            yield payload.strip()


def offered_payloads(domain_file: Path, store: ContentStore) -> frozenset[str]:
    topics = {f"/{TOPIC_INTENT_PREFIX}{topic}" for topic in store.ids}
    return frozenset(domain_button_payloads(domain_file) | topics | ACTION_PAYLOADS)
