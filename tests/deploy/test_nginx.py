"""deploy/nginx/nginx.conf, run for real: nginx -t, then nginx in front of two stand-in Rasa
servers (tests/deploy/nginx_harness.py), checked from the outside like a visitor's browser,
Twilio or an attacker would see it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.deploy_files import NGINX_CONF
from tests.deploy.nginx_harness import (
    Backend,
    Nginx,
    localise,
    nginx_command,
    prepare,
    request,
    start_backend,
)

RASA_SERVERS = ("rasa1", "rasa2")
SOCKET_IO_POLL = "/socket.io/?EIO=4&transport=polling"


@pytest.fixture(scope="module")
def backends() -> Iterator[dict[str, Backend]]:
    started = {name: start_backend(name) for name in RASA_SERVERS}
    yield started
    for backend in started.values():
        backend.stop()


@pytest.fixture(scope="module")
def proxy(
    nginx_binary: str, backends: dict[str, Backend], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Nginx]:
    directory = tmp_path_factory.mktemp("nginx")
    addresses = {name: backend.address for name, backend in backends.items()}
    http_port, https_port = prepare(NGINX_CONF.read_text(encoding="utf-8"), directory, addresses)
    nginx = Nginx(nginx_binary, directory, http_port, https_port)
    yield nginx
    nginx.stop()


@pytest.fixture(autouse=True)
def fresh_records(request: pytest.FixtureRequest) -> None:
    if "backends" in request.fixturenames:
        for backend in request.getfixturevalue("backends").values():
            backend.seen.clear()


def seen_paths(backends: dict[str, Backend]) -> list[str]:
    return [item["path"] for backend in backends.values() for item in backend.seen]


# --- the configuration -----------------------------------------------------------------------


def test_nginx_accepts_the_configuration(nginx_binary: str, tmp_path: Path):
    addresses = {name: f"127.0.0.1:{5005 + i}" for i, name in enumerate(RASA_SERVERS)}
    prepare(NGINX_CONF.read_text(encoding="utf-8"), tmp_path, addresses)
    result = subprocess.run(
        nginx_command(nginx_binary, tmp_path, "-t"), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_t_rejects_a_broken_configuration(nginx_binary: str, tmp_path: Path):
    conf = NGINX_CONF.read_text(encoding="utf-8").replace("proxy_pass http://rasa_", "proxy_pas x")
    prepare(conf, tmp_path, {name: "127.0.0.1:5005" for name in RASA_SERVERS})
    result = subprocess.run(
        nginx_command(nginx_binary, tmp_path, "-t"), capture_output=True, text=True, check=False
    )
    assert result.returncode != 0


def test_the_test_copy_fails_loudly_if_a_rasa_server_is_not_an_upstream():
    with pytest.raises(AssertionError, match="rasa3"):
        localise(NGINX_CONF.read_text(encoding="utf-8"), {"rasa3": "127.0.0.1:1"}, 1, 2)


# --- what is public --------------------------------------------------------------------------


def test_plain_http_redirects_to_https_keeping_path_and_query(proxy: Nginx, backends):
    response = request(proxy.http_port, "/webhooks/rest/webhook?x=1", tls=False)
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/webhooks/rest/webhook?x=1"
    assert seen_paths(backends) == []


def test_the_rest_webhook_reaches_a_rasa_server_as_sent(proxy: Nginx):
    body = b'{"sender": "me", "message": "how many hours a week is IOP?"}'
    response = request(
        proxy.https_port,
        "/webhooks/rest/webhook",
        method="POST",
        body=body,
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 200
    seen = response.seen()
    assert (seen["method"], seen["path"], seen["body"]) == (
        "POST",
        "/webhooks/rest/webhook",
        body.decode(),
    )


@pytest.mark.parametrize(
    "path",
    ["/webhooks/rest/", "/webhooks/twilio_sms/webhook", SOCKET_IO_POLL, "/widget/x", "/demo"],
)
def test_every_proxied_location_forwards_host_and_scheme(proxy: Nginx, path: str):
    seen = request(proxy.https_port, path, headers={"Host": "chat.example.org"}).seen()
    assert seen["headers"]["host"] == "chat.example.org"
    assert seen["headers"]["x-forwarded-proto"] == "https"
    assert seen["headers"]["x-forwarded-for"] == "127.0.0.1"


def test_webhooks_take_turns_over_the_rasa_servers(proxy: Nginx):
    post = {"method": "POST", "body": b"{}"}
    answered = [
        request(proxy.https_port, "/webhooks/rest/webhook", **post).seen()["backend"]
        for _ in range(4)
    ]
    assert sorted(answered) == ["rasa1", "rasa1", "rasa2", "rasa2"]
    assert all(a != b for a, b in zip(answered, answered[1:])), answered


def test_the_twilio_sms_webhook_is_proxied(proxy: Nginx):
    response = request(
        proxy.https_port,
        "/webhooks/twilio_sms/webhook",
        method="POST",
        body=b"From=%2B15555550100&Body=hi",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    assert response.seen()["path"] == "/webhooks/twilio_sms/webhook"


@pytest.mark.parametrize(
    "path",
    ["/widget/ccr-chat.js", "/widget/vendor/socket.io.min.js", "/demo", "/demo/site.css"],
)
def test_the_widget_and_the_demo_page_are_proxied(proxy: Nginx, path: str):
    response = request(proxy.https_port, path)
    assert response.status == 200
    assert response.seen()["path"] == path


def test_health_asks_a_rasa_server(proxy: Nginx):
    response = request(proxy.https_port, "/health")
    assert response.status == 200
    assert response.seen()["path"] == "/webhooks/rest/"


# --- what stays hidden -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/version"),
        ("GET", "/status"),
        ("PUT", "/model"),
        ("POST", "/model/parse"),
        ("GET", "/conversations/someone/tracker"),
        ("POST", "/conversations/someone/messages"),
        ("GET", "/domain"),
        ("GET", "/webhooks/../conversations/someone/tracker"),
        ("GET", "/webhooks/%2e%2e/conversations/someone/tracker"),
        ("GET", "/webhooks/rest/..%2F..%2Fconversations/someone/tracker"),
        ("GET", "/socket.io/..%2fconversations/someone/tracker"),
        ("GET", "/widget/%2E%2E/status"),
        # nginx would normalise these into /webhooks/ but pass them on raw: refused outright
        ("GET", "/conversations/someone/tracker/..%2F..%2F..%2Fwebhooks/rest/"),
        ("POST", "/model/../webhooks/rest/webhook"),
    ],
)
def test_rasas_http_api_never_reaches_a_rasa_server(proxy: Nginx, backends, method, path):
    response = request(proxy.https_port, path, method=method, body=b"{}")
    assert response.status in (400, 404)
    assert seen_paths(backends) == []


def test_a_body_over_64k_is_refused_before_any_rasa_server(proxy: Nginx, backends):
    response = request(
        proxy.https_port, "/webhooks/rest/webhook", method="POST", body=b"x" * (65 * 1024)
    )
    assert response.status == 413
    assert seen_paths(backends) == []


@pytest.mark.parametrize("path", ["/webhooks/rest/", "/demo", "/conversations/x/tracker"])
def test_security_headers_on_every_https_response_once(proxy: Nginx, path: str):
    headers = request(proxy.https_port, path).headers
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers.get_all("X-Content-Type-Options") == ["nosniff"]
    assert headers.get_all("Referrer-Policy") == ["no-referrer"]
    assert headers["X-Frame-Options"] == "DENY"
    assert "nginx/" not in headers.get("Server", "")


def test_the_access_log_keeps_no_client_address_or_query(proxy: Nginx):
    request(proxy.https_port, "/webhooks/rest/?who=secret-value", source="127.0.0.77")
    log = (proxy.directory / "nginx.out").read_text("utf-8", "replace")
    assert "/webhooks/rest/" in log
    assert "127.0.0.77" not in log
    assert "secret-value" not in log


# --- socket.io -------------------------------------------------------------------------------


def test_socketio_passes_the_websocket_upgrade_on(proxy: Nginx):
    seen = request(
        proxy.https_port,
        "/socket.io/?EIO=4&transport=websocket",
        headers={"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13"},
    ).seen()
    assert seen["headers"]["upgrade"] == "websocket"
    assert seen["headers"]["connection"].lower() == "upgrade"


def test_socketio_polling_is_not_marked_as_an_upgrade(proxy: Nginx):
    seen = request(proxy.https_port, SOCKET_IO_POLL).seen()
    assert "upgrade" not in seen["headers"]
    assert "upgrade" not in seen["headers"].get("connection", "").lower()


def test_socketio_is_sticky_per_client_address_and_spread_over_servers(proxy: Nginx):
    chosen: dict[str, set[str]] = {}
    for last in range(10, 34):
        address = f"127.0.0.{last}"
        chosen[address] = {
            request(proxy.https_port, SOCKET_IO_POLL, source=address).seen()["backend"]
            for _ in range(3)
        }
    assert all(len(backends) == 1 for backends in chosen.values()), chosen
    assert set().union(*chosen.values()) == set(RASA_SERVERS)


# --- rate limits -----------------------------------------------------------------------------


def test_webhooks_are_rate_limited_per_client_address(proxy: Nginx):
    statuses = [
        request(proxy.https_port, "/webhooks/rest/", source="127.0.0.200").status for _ in range(60)
    ]
    assert 429 in statuses
    assert statuses[0] == 200
    assert request(proxy.https_port, "/webhooks/rest/", source="127.0.0.201").status == 200
