"""The web widget's channel: Rasa's socket.io channel with an origin check, plus the widget files.

credentials.yml names this class instead of `socketio:` and keeps the socket.io options:

    bot.channels.web.SocketIOOriginsInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true

Origins. Rasa 3.6's `SocketIOInput.blueprint()` builds `AsyncServer(async_mode="sanic",
cors_allowed_origins=[])`, and python-engineio checks origins only when that value is not `[]`:
any website could open a socket to the bot. This class gives the server the origins in
`WEB_ALLOWED_ORIGINS` (bot/settings.py; default: the Rasa server's own origins, which serve the
demo page). A request with another `Origin` header is refused by engineio with HTTP 400 before
socket.io sees it. (A request without an `Origin` header - not a browser - is not checked.)

Sessions. `blueprint()` does what Rasa's does (the same events, output channel, JWT auth and
metadata key), with the server built as above, and two fixes:
- Rasa 3.6.21 calls `sio.enter_room(...)` without `await`; in python-socketio 5.x (5.18 here)
  that is a coroutine, so the socket never joined its session's room and, with
  `session_persistence: true`, no reply ever reached the browser. Here it is awaited.
- a socket may send messages only for the session it was confirmed (`session_request`), and a
  requested session id must look like one this channel hands out (32 hex digits): a page cannot
  write into, or listen to, a conversation of another channel (REST, SMS) by naming its sender id.

Guard. Every message goes through the inbound guard (bot/channels/inbound/guard.py describes
what it answers); here its reply is a `bot_uttered`, and a message that is not text is answered
like an empty one. A client IP may hold at most WEB_MAX_CONNECTIONS_PER_IP
open sockets (the IP Sanic sees: behind a proxy, configure Sanic's forwarded-for handling or
every visitor shares the proxy's address); one more is refused at connect with
`too_many_connections` as the socket.io `connect_error` message.

Files. The same Rasa server serves, at its root (not under /webhooks/socketio/):

    GET /widget/ccr-chat.js, /widget/ccr-chat.css   the widget (web/widget/)
    GET /widget/vendor/socket.io.min.js             socket.io-client from npm (web/node_modules)
    GET /demo (+ site.css, favicon.svg)             a demo page of the center's site (web/demo/)

Nothing is loaded from anywhere else: the page's Content-Security-Policy says so.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import Any, Callable

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer
from socketio.exceptions import ConnectionRefusedError as SocketRefused

from bot.channels.inbound.guard import Answer, InboundGuard, guard_for
from bot.channels.inbound.rate_limit import ConnectionLimiter
from bot.settings import PROJECT_ROOT, get_settings

logger = logging.getLogger(__name__)

WEB_DIR = PROJECT_ROOT / "web"
SOCKET_IO_CLIENT = Path("node_modules/socket.io-client/dist/socket.io.min.js")
WIDGET_PATH = "/widget"
DEMO_PATH = "/demo"

SESSION_ID = re.compile(r"[0-9a-f]{32}")  # uuid4().hex, as Rasa makes them

JS = "application/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
HTML = "text/html; charset=utf-8"
SVG = "image/svg+xml"

# The demo page may load and connect to its own origin only (ws: of the same host included).
DEMO_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
# The script and styles are meant to be loaded by the center's pages on other origins.
ASSET_HEADERS = {**COMMON_HEADERS, "Cross-Origin-Resource-Policy": "cross-origin"}


class SocketIOOriginsInput(SocketIOInput):
    """socket.io for the website widget, refusing pages from origins that are not allowed."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SocketIOOriginsInput:
        credentials = dict(credentials or {})
        if "cors_allowed_origins" in credentials:
            raise RasaException(
                "credentials.yml: set the widget's allowed origins with WEB_ALLOWED_ORIGINS in "
                ".env (see .env.example), not cors_allowed_origins"
            )
        channel = super().from_credentials(credentials)
        assert isinstance(channel, cls)
        return channel

    def __init__(
        self,
        *args: Any,
        allowed_origins: Sequence[str] | None = None,
        web_dir: Path = WEB_DIR,
        guard: InboundGuard | None = None,
        **kwargs: Any,
    ) -> None:
        """Rasa's options (positional or by name), plus the allowed origins (default: the
        settings'), the folder holding widget/, demo/ and node_modules/, and the inbound guard
        (default: the settings')."""
        super().__init__(*args, **kwargs)
        settings = get_settings()
        origins = settings.web_allowed_origins if allowed_origins is None else allowed_origins
        self.guard = guard or guard_for(settings)
        self.connections = ConnectionLimiter(self.guard.settings.web_max_connections_per_ip)
        self.allowed_origins = list(origins)
        if not self.allowed_origins:
            # [] would switch engineio's origin check off entirely
            raise RasaException("the socket.io channel needs at least one allowed origin")
        self.web_dir = web_dir

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=list(self.allowed_origins))
        socket_blueprint = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio  # for get_output_channel
        namespace = self.namespace
        sessions: dict[str, str] = {}  # socket id -> the session id it was confirmed
        logger.info("socket.io accepts pages from %s", ", ".join(self.allowed_origins))

        @socket_blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: Any = None) -> bool:
            if self.jwt_key:
                token = auth.get("token") if isinstance(auth, dict) else None
                if not (token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm)):
                    return False
            if not self.connections.open(_client_ip(environ), sid):
                logger.warning("socket.io: refused a connection: too many from one client IP")
                raise SocketRefused(self.guard.texts.too_many_connections)
            return True

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: str, *_: Any) -> None:
            sessions.pop(sid, None)
            self.connections.close(sid)

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            valid = isinstance(requested, str) and SESSION_ID.fullmatch(requested)
            session_id = requested if valid else uuid.uuid4().hex
            previous = sessions.get(sid)
            if self.session_persistence:
                if previous and previous != session_id:
                    await _maybe_await(sio.leave_room(sid, previous, namespace=namespace))
                await _maybe_await(sio.enter_room(sid, session_id, namespace=namespace))
            sessions[sid] = session_id
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not sender_id or sessions.get(sid) != sender_id:
                    logger.warning("socket.io: ignored a message for an unconfirmed session")
                    return
            else:
                sender_id = sid
            output = CountingSocketIOOutput(sio, self.bot_message_evt)
            metadata = _metadata(data.get(self.metadata_key))
            language = metadata.get("lang") if metadata else None  # the widget's, for the guard
            decision = self.guard.screen(self.name(), sender_id, data.get("message"), language)
            if isinstance(decision, Answer):
                await output.send_text_message(sender_id, decision.text)
                return
            message = UserMessage(
                decision.text,
                output,
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
            )
            extra = await self.guard.run_turn(
                on_new_message(message), lambda: output.sent, decision.text, self.name(), language
            )
            for text in [*extra, *([decision.note] if decision.note else [])]:
                await output.send_text_message(sender_id, text)

        return ChannelWithSite(socket_blueprint, self.site_blueprint())

    # --- the widget's files and the demo page ---------------------------------------------

    def site_blueprint(self) -> Blueprint:
        site = Blueprint("ccr_web_widget")
        files = {
            f"{WIDGET_PATH}/ccr-chat.js": (self.web_dir / "widget" / "ccr-chat.js", JS),
            f"{WIDGET_PATH}/ccr-chat.css": (self.web_dir / "widget" / "ccr-chat.css", CSS),
            f"{WIDGET_PATH}/vendor/socket.io.min.js": (self.web_dir / SOCKET_IO_CLIENT, JS),
            f"{DEMO_PATH}/site.css": (self.web_dir / "demo" / "site.css", CSS),
            f"{DEMO_PATH}/favicon.svg": (self.web_dir / "demo" / "favicon.svg", SVG),
        }
        for path, _mime in files.values():
            if not path.is_file():
                logger.warning("web widget: %s is missing (run `make setup`)", path)

        def file_route(path: Path, mime: str, headers: dict[str, str]) -> Any:
            async def serve(_: Request) -> HTTPResponse:
                if not path.is_file():
                    return response.text(
                        f"{path.name} is not installed; run `make setup`", status=503
                    )
                return await response.file(path, mime_type=mime, headers=headers)

            return serve

        for index, (uri, (path, mime)) in enumerate(files.items()):
            site.add_route(
                file_route(path, mime, ASSET_HEADERS), uri, methods=["GET"], name=f"file_{index}"
            )
        demo_headers = {**COMMON_HEADERS, "Content-Security-Policy": DEMO_CSP}
        demo = file_route(self.web_dir / "demo" / "index.html", HTML, demo_headers)
        site.add_route(demo, DEMO_PATH, methods=["GET"], name="demo", strict_slashes=False)
        return site


class CountingSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, counting the bot messages it sent (the guard's "said nothing")."""

    def __init__(self, sio: AsyncServer, bot_message_evt: str) -> None:
        super().__init__(sio, bot_message_evt)
        self.sent = 0

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, response)


def _client_ip(environ: dict[str, Any]) -> str:
    """The client's IP as Sanic sees it (engineio's sanic driver always says 127.0.0.1 in
    REMOTE_ADDR); `remote_addr` is set only when Sanic is configured to trust a proxy."""
    request = environ.get("sanic.request")
    if request is None:
        return str(environ.get("REMOTE_ADDR", ""))
    return str(request.remote_addr or request.ip)


class ChannelWithSite(Blueprint):
    """Registers Rasa's socket.io blueprint where Rasa mounts channels (/webhooks/socketio/, plus
    the socket.io endpoint) and the widget's routes at the server's root. It has no routes of its
    own: Rasa's `app.blueprint(channel.blueprint(...), url_prefix=...)` would prefix them."""

    def __init__(self, channel: Blueprint, site: Blueprint) -> None:
        super().__init__(f"{channel.name}_with_site")
        self.ctx.channel = channel
        self.ctx.site = site

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        super().register(app, options)
        app.blueprint(self.ctx.channel, **options)
        app.blueprint(self.ctx.site)


async def _maybe_await(result: Any) -> None:
    """python-socketio 5.x's AsyncServer room calls are coroutines (older ones were not)."""
    if inspect.isawaitable(result):
        await result


def _metadata(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}
