"""Twilio's request signature (`X-Twilio-Signature`), as Twilio documents it and its SDKs check it:
base64(HMAC-SHA1(auth token, the URL Twilio called + every form parameter's name and value,
sorted by name)). Checked by bot/channels/sms/twilio.py before the bot sees a message."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def twilio_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """X-Twilio-Signature for a form POST: base64(HMAC-SHA1(auth token, URL + the parameters'
    names and values, sorted by name; a repeated name's values sorted too))."""
    values: dict[str, set[str]] = defaultdict(set)
    for name, value in params:
        values[name].add(value)
    data = url + "".join(name + value for name in sorted(values) for value in sorted(values[name]))
    digest = hmac.new(auth_token.encode("utf-8"), data.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def signed_urls(public_url: str, query_string: str = "") -> list[str]:
    """The URL Twilio signed - the configured one, plus the request's query string if the
    configured URL has none - with and without its default port (Twilio's SDKs accept both)."""
    url = public_url
    if query_string and "?" not in public_url:
        url = f"{public_url}?{query_string}"
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # not a port number: only the URL as configured
        return [url]
    netloc = parts.netloc[: parts.netloc.rfind(":")] if port is not None else parts.netloc
    default = _DEFAULT_PORTS.get(parts.scheme.lower())
    without_port = urlunsplit(parts._replace(netloc=netloc))
    with_port = (
        url
        if port is not None or default is None
        else (urlunsplit(parts._replace(netloc=f"{netloc}:{default}")))
    )
    return list(dict.fromkeys([url, without_port, with_port]))


def is_valid_signature(
    auth_token: str,
    public_url: str,
    query_string: str,
    params: Iterable[tuple[str, str]],
    signature: str | None,
) -> bool:
    if not auth_token or not public_url or not signature:
        return False
    signature = signature.strip()
    if not signature.isascii():  # base64 is ASCII; anything else is simply wrong
        return False
    params = list(params)
    given = signature.encode("ascii")
    return any(
        hmac.compare_digest(twilio_signature(auth_token, url, params).encode("ascii"), given)
        for url in signed_urls(public_url, query_string)
    )
