"""What a stranger can reach on a running assistant with the default settings: the channels,
not Rasa's HTTP API (off without RASA_API_TOKEN), and not the action server (loopback only)."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest

from bot.launch.processes import Assistant

API_ROUTES = [
    ("GET", "/status"),
    ("GET", "/conversations/someone/tracker"),
    ("POST", "/conversations/someone/messages"),
    ("POST", "/model/parse"),
    ("PUT", "/model"),
]


@pytest.mark.parametrize(("method", "path"), API_ROUTES)
def test_rasa_http_api_is_not_there_without_a_token(assistant: Assistant, method, path):
    request = urllib.request.Request(
        f"{assistant.rasa_url}{path}",
        data=json.dumps({"text": "hi"}).encode() if method != "GET" else None,
        headers={"Content-Type": "application/json"},
        method=method,
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code in (404, 405)


def test_the_channels_are_there(assistant: Assistant):
    with urllib.request.urlopen(f"{assistant.rasa_url}/webhooks/rest/", timeout=10) as answer:
        assert answer.status == 200


def _outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_the_action_server_answers_only_on_loopback(assistant: Assistant, e2e_settings):
    port = e2e_settings.action_port
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    outward = _outward_address()
    if outward is None:
        pytest.skip("this machine has no non-loopback address to try")
    with pytest.raises(OSError):
        socket.create_connection((outward, port), timeout=5).close()
