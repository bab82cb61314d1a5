"""A tiny REST client for talking to a running assistant."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def say(base_url: str, sender: str, message: str, timeout: float = 30) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{base_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def payloads_of(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]
