"""A real nginx with deploy/nginx/nginx.conf, in front of stand-in Rasa servers.

The stand-ins are plain HTTP servers in this process that answer every request with which of
them answered and what they received. The config is copied to a temporary directory, where the
compose service names (rasa1:5005, ...) become the stand-ins' local ports and ports 80/443
become free local ports; a throwaway self-signed certificate goes into its certs/.
"""

from __future__ import annotations

import datetime
import http.client
import json
import re
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ops.services import free_port


@dataclass
class Backend:
    """A stand-in for one Rasa server: records each request, answers with its own name."""

    name: str
    server: ThreadingHTTPServer
    seen: list[dict[str, Any]] = field(default_factory=list)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def _answer(self) -> None:
        backend: Backend = self.server.backend  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        seen = {
            "backend": backend.name,
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
        }
        backend.seen.append(seen)
        payload = json.dumps(seen).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        # as the Rasa server's widget routes do: nginx must not send these twice
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


def start_backend(name: str) -> Backend:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    backend = Backend(name, server)
    server.backend = backend  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, name=f"backend-{name}", daemon=True).start()
    return backend


def write_self_signed_certificate(directory: Path) -> None:
    """certs/fullchain.pem and certs/privkey.pem for CN=localhost, valid for one day."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )


def localise(conf: str, upstream_addresses: dict[str, str], http_port: int, https_port: int) -> str:
    """The config with service names swapped for local addresses and 80/443 for free ports
    (IPv6 listeners dropped). Fails if a name or listener is not where it is expected."""
    for service, address in upstream_addresses.items():
        conf, count = re.subn(rf"\bserver\s+{re.escape(service)}:\d+", f"server {address}", conf)
        if not count:
            raise AssertionError(f"no `server {service}:...` line in the nginx config")
    conf = re.sub(r"^\s*listen\s+\[::\]:\d+.*$", "", conf, flags=re.M)
    for public, local in ((80, http_port), (443, https_port)):
        conf, count = re.subn(rf"\blisten\s+{public}\b", f"listen 127.0.0.1:{local}", conf)
        if count != 1:
            raise AssertionError(f"expected one `listen {public}` in the nginx config")
    return conf


def prepare(conf: str, directory: Path, upstream_addresses: dict[str, str]) -> tuple[int, int]:
    """Writes the localised config and a certificate into `directory`; returns (http, https)."""
    http_port, https_port = free_port(), free_port()
    (directory / "nginx.conf").write_text(
        localise(conf, upstream_addresses, http_port, https_port), encoding="utf-8"
    )
    write_self_signed_certificate(directory / "certs")
    return http_port, https_port


def nginx_command(nginx: str, directory: Path, *extra: str) -> list[str]:
    """nginx on the copy in `directory`, with its pid file and logs there too."""
    return [
        nginx,
        "-p", f"{directory}/",
        "-c", str(directory / "nginx.conf"),
        "-e", str(directory / "error.log"),
        "-g", f"pid {directory}/nginx.pid; daemon off;",
        *extra,
    ]  # fmt: skip


class Nginx:
    """nginx in the foreground (master + workers), stopped with SIGTERM (then SIGKILL)."""

    def __init__(self, nginx: str, directory: Path, http_port: int, https_port: int) -> None:
        self.directory = directory
        self.http_port = http_port
        self.https_port = https_port
        self.log = (directory / "nginx.out").open("wb")
        self.process = subprocess.Popen(
            nginx_command(nginx, directory),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            self._wait_until_listening(timeout=15)
        except BaseException:
            self.stop()
            raise

    def _wait_until_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.https_port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not listen within {timeout} s:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        text = (self.directory / "nginx.out").read_text("utf-8", "replace")
        errors = self.directory / "error.log"
        return text + (errors.read_text("utf-8", "replace") if errors.exists() else "")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def seen(self) -> dict[str, Any]:
        """What the stand-in backend received (its JSON answer)."""
        return json.loads(self.body)


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    tls: bool = True,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    source: str = "127.0.0.1",
) -> Response:
    """One request from the client address `source` (any 127.x.y.z), path sent as it is."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=10, context=context, source_address=(source, 0)
        )
    else:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=10, source_address=(source, 0)
        )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()
