"""Talking to a running assistant over REST: the load generator's client (ops/load.py), with
the names the end-to-end tests read best."""

from __future__ import annotations

from typing import Any

from ops.load import reply_text as text_of
from ops.load import say

__all__ = ["payloads_of", "say", "text_of"]


def payloads_of(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]
