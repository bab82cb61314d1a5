"""The widget's channel (bot/channels/web.py) and the files the Rasa server serves.

Over HTTP and socket.io, without a browser: origins are checked, a socket gets the replies of the
session it asked for (Rasa 3.6.21 forgot to await `enter_room`, so none arrived) and cannot
write into another session.
"""

from __future__ import annotations

import json
import os
import queue
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import socketio

from bot.channels.web import SocketIOOriginsInput
from bot.launch.environment import rasa_environment
from bot.launch.processes import Assistant
from bot.settings import PROJECT_ROOT, Settings, SettingsError
from ops.services import free_port
from tests.support.logs import log_shown_on_failure

WEB = PROJECT_ROOT / "web"
HEX32 = re.compile(r"[0-9a-f]{32}")


def http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# --- without servers ------------------------------------------------------------------------


def test_the_widgets_own_js_and_css_are_under_50_kb():
    size = sum((WEB / "widget" / name).stat().st_size for name in ("ccr-chat.js", "ccr-chat.css"))
    assert size < 50_000, size


def test_the_socket_io_client_is_the_locked_v4_release():
    lock = json.loads((WEB / "package-lock.json").read_text())
    locked = lock["packages"]["node_modules/socket.io-client"]["version"]
    assert locked.startswith("4."), "python-socketio 5.x speaks the protocol of socket.io 4"
    installed = json.loads((WEB / "node_modules/socket.io-client/package.json").read_text())
    assert installed["version"] == locked, "run `make setup` (npm ci)"
    assert lock["packages"]["node_modules/axe-core"]["version"]


@pytest.mark.parametrize(
    ("value", "origins"),
    [
        ("", ("http://localhost:5005", "http://127.0.0.1:5005")),
        ("https://www.Example.org/", ("https://www.example.org",)),
        (
            "https://a.example.org, http://localhost:8080,https://a.example.org",
            ("https://a.example.org", "http://localhost:8080"),
        ),
    ],
)
def test_allowed_origins_setting(value, origins):
    assert Settings.from_environ({"WEB_ALLOWED_ORIGINS": value}).web_allowed_origins == origins


def test_the_default_origins_follow_the_rasa_port_and_interface():
    settings = Settings.from_environ({"RASA_PORT": "6123", "RASA_INTERFACE": "10.1.2.3"})
    assert settings.web_allowed_origins == (
        "http://localhost:6123",
        "http://127.0.0.1:6123",
        "http://10.1.2.3:6123",
    )
    assert rasa_environment(settings, base={})["WEB_ALLOWED_ORIGINS"] == (
        "http://localhost:6123,http://127.0.0.1:6123,http://10.1.2.3:6123"
    )


@pytest.mark.parametrize(
    "value", ["*", "example.org", "https://a.org/path", "ftp://a.org", "http://a:b", ","]
)
def test_allowed_origins_that_are_not_origins_are_refused(value):
    with pytest.raises(SettingsError, match="WEB_ALLOWED_ORIGINS"):
        Settings.from_environ({"WEB_ALLOWED_ORIGINS": value})


def test_the_channel_never_runs_without_an_origin_check():
    with pytest.raises(Exception, match="allowed origin"):
        SocketIOOriginsInput(allowed_origins=[])
    with pytest.raises(Exception, match="WEB_ALLOWED_ORIGINS"):
        SocketIOOriginsInput.from_credentials({"cors_allowed_origins": "*"})


def test_the_channel_keeps_rasas_socketio_options():
    channel = SocketIOOriginsInput.from_credentials(
        {
            "user_message_evt": "user_uttered",
            "bot_message_evt": "bot_uttered",
            "session_persistence": True,
        }
    )
    assert channel.name() == "socketio"  # domain responses and bot/render.py see "socketio"
    assert channel.session_persistence is True
    assert (channel.user_message_evt, channel.bot_message_evt) == ("user_uttered", "bot_uttered")


# --- against the running Rasa server ---------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("path", "content_type", "start"),
    [
        ("/demo", "text/html", b"<!doctype html>"),
        ("/demo/site.css", "text/css", b"/*"),
        ("/widget/ccr-chat.js", "application/javascript", b"/*! Carolina Center"),
        ("/widget/ccr-chat.css", "text/css", b"/*"),
        ("/widget/vendor/socket.io.min.js", "application/javascript", b"/*!\n * Socket.IO v4."),
    ],
)
def test_the_server_serves_the_widget_and_the_demo_page(assistant, path, content_type, start):
    status, headers, body = http_get(assistant.rasa_url + path)
    assert status == 200
    assert headers["Content-Type"].startswith(content_type)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body.startswith(start)
    assert "Set-Cookie" not in headers


@pytest.mark.e2e
def test_the_demo_page_may_load_only_from_its_own_server(assistant):
    _, headers, body = http_get(assistant.rasa_url + "/demo")
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    for directive in ("script-src 'self'", "style-src 'self'", "connect-src 'self'"):
        assert directive in policy
    assert b'<script src="/widget/ccr-chat.js"' in body


def polling_handshake(assistant, origin: str | None) -> tuple[int, Any]:
    headers = {"Origin": origin} if origin else {}
    status, response_headers, _ = http_get(
        f"{assistant.rasa_url}/socket.io/?EIO=4&transport=polling", headers
    )
    return status, response_headers


@pytest.mark.e2e
def test_socket_io_accepts_the_allowed_origins(assistant, e2e_settings):
    assert len(e2e_settings.web_allowed_origins) >= 2
    for origin in e2e_settings.web_allowed_origins:
        status, headers = polling_handshake(assistant, origin)
        assert status == 200, origin
        assert headers["Access-Control-Allow-Origin"] == origin


@pytest.mark.e2e
@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "null", "https://127.0.0.1:{port}", "http://127.0.0.1:{other}"],
)
def test_socket_io_refuses_other_origins_with_400(assistant, e2e_settings, origin):
    port = e2e_settings.rasa_port
    origin = origin.format(port=port, other=port + 1 if port < 65535 else port - 1)
    status, headers = polling_handshake(assistant, origin)
    assert status == 400
    assert headers.get("Access-Control-Allow-Origin") is None


class Client:
    """A socket.io client (long-polling) that queues what the server sends."""

    def __init__(self, assistant, origin: str) -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        for name in ("session_confirm", "bot_uttered"):
            self.sio.on(name, lambda data, name=name: self.events.put((name, data)))
        self.sio.connect(assistant.rasa_url, headers={"Origin": origin}, transports=["polling"])

    def next(self, name: str, timeout: float) -> Any:
        while True:
            event, data = self.events.get(timeout=timeout)
            if event == name:
                return data

    def session(self, session_id: str | None = None) -> str:
        self.sio.emit("session_request", {"session_id": session_id})
        return self.next("session_confirm", timeout=10)

    def say(self, session_id: str, text: str) -> None:
        self.sio.emit("user_uttered", {"message": text, "session_id": session_id})

    def turn(self) -> str:
        """The bot's messages for one turn: up to the one with buttons (answers end with them)."""
        texts = []
        while True:
            message = self.next("bot_uttered", timeout=45 if not texts else 10)
            texts.append(message.get("text", ""))
            if message.get("quick_replies"):
                return "\n".join(texts)

    def close(self) -> None:
        self.sio.disconnect()


@pytest.mark.e2e
def test_a_socket_gets_the_replies_of_its_session_and_cannot_use_another(assistant, e2e_settings):
    origin = e2e_settings.web_allowed_origins[0]
    visitor, intruder = Client(assistant, origin), Client(assistant, origin)
    try:
        session = visitor.session()
        assert HEX32.fullmatch(session)
        visitor.say(session, "how many hours a week is IOP?")
        assert "9 and 20 hours" in visitor.turn()

        # only ids this channel hands out: not a REST or SMS sender id
        assert intruder.session("me") != "me"
        # a session the socket was not confirmed for: the message goes nowhere
        intruder.say(session, "what is op?")
        intruder.say("", "what is op?")
        with pytest.raises(queue.Empty):
            visitor.next("bot_uttered", timeout=4)
        with pytest.raises(queue.Empty):
            intruder.next("bot_uttered", timeout=1)

        # a reconnecting page asks for its session again and keeps getting its replies
        assert visitor.session(session) == session
        visitor.say(session, "what is op?")
        assert "outpatient" in visitor.turn().lower()
    finally:
        visitor.close()
        intruder.close()


def close_now(client: socketio.Client) -> None:
    """Closes the engine.io connection without waiting up to a ping interval (25 s) for the
    client's long-poll to return; the server sees the close and runs its disconnect handler."""
    client.eio.disconnect(abort=True)


@pytest.mark.e2e
def test_a_socket_message_without_text_gets_a_reply_with_the_hotline(assistant, e2e_settings):
    client = Client(assistant, e2e_settings.web_allowed_origins[0])
    try:
        session = client.session()
        for message in ["", "   ", None, 42, "\x00\x07"]:
            client.sio.emit("user_uttered", {"message": message, "session_id": session})
            reply = client.next("bot_uttered", timeout=10)
            assert "didn't catch a message" in reply["text"], message
            assert "866-797-7962" in reply["text"]
    finally:
        close_now(client.sio)


def try_connect(assistant, origin: str) -> tuple[socketio.Client, str | None]:
    """A connected socket.io client and None, or a closed one and why the server refused it."""
    client = socketio.Client(reconnection=False)
    refusals: list[str] = []
    client.on("connect_error", lambda data=None: refusals.append(str(data)))
    try:
        client.connect(assistant.rasa_url, headers={"Origin": origin}, transports=["polling"])
    except socketio.exceptions.ConnectionError as error:
        close_now(client)  # the engine.io transport the refused namespace left open
        return client, " ".join(refusals) or str(error)
    return client, None


CROWD_LIMIT = 3


@pytest.fixture(scope="module")
def crowded_server(trained_model, tmp_path_factory) -> Iterator[Assistant]:
    """A Rasa server of its own (no action server) allowing CROWD_LIMIT sockets per IP: the
    sockets this test leaves behind, until the server notices them gone, count against no one
    else's limit."""
    var_dir = tmp_path_factory.mktemp("crowded-var")
    settings = Settings.from_environ(
        {
            **os.environ,
            "RASA_INTERFACE": "127.0.0.1",
            "RASA_PORT": str(free_port()),
            "ACTION_SERVER_PORT": str(free_port()),
            "CCR_VAR_DIR": str(var_dir),
            "TRACKER_DB": str(var_dir / "tracker.db"),
            "RASA_API_TOKEN": "",
            "WEB_MAX_CONNECTIONS_PER_IP": str(CROWD_LIMIT),
        }
    )
    with log_shown_on_failure(var_dir / "servers.log") as log:
        running = Assistant(settings, trained_model, log=log)
        running.start(servers=("rasa",))
        yield running
        running.stop()


@pytest.mark.e2e
def test_one_ip_may_hold_only_so_many_sockets_and_is_told_why(crowded_server):
    origin = crowded_server.settings.web_allowed_origins[0]
    clients: list[socketio.Client] = []
    refusal = None
    try:
        for _ in range(CROWD_LIMIT):
            client, refusal = try_connect(crowded_server, origin)
            assert refusal is None, refusal
            clients.append(client)
        client, refusal = try_connect(crowded_server, origin)
        assert refusal, f"socket {CROWD_LIMIT + 1} from one IP was let in"
        assert "Too many chats" in refusal and "866-797-7962" in refusal, refusal
        close_now(clients.pop())
        # the server learns of the close from the client's next request, or at the latest from
        # its ping timeout; on a loaded machine that can take many seconds
        for _ in range(120):
            client, refusal = try_connect(crowded_server, origin)
            if refusal is None:
                break
            time.sleep(0.25)
        assert refusal is None, "a closed socket frees its place"
        clients.append(client)
    finally:
        for client in clients:
            close_now(client)
