"""Twilio-shaped inbound SMS requests for the tests, signed the way Twilio signs them.

The signing here is written from Twilio's documentation on its own (not the channel's code), so
the tests check the channel against the spec; tests/channels/sms/test_twilio.py also checks it
against the reference validator in Twilio's Python SDK.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

# What the end-to-end servers are configured with (tests/conftest.py, e2e_settings). The public
# URL is not where the test server listens: as behind a proxy, Twilio signs the public one.
E2E_TWILIO_AUTH_TOKEN = "e2e-twilio-auth-token-5f2c9a"
E2E_TWILIO_PUBLIC_URL = "https://sms.ccr.example.org/webhooks/twilio_sms/webhook"
E2E_SMS_SENDER_SALT = "e2e-sender-salt"

ACCOUNT_SID = "AC" + "0" * 32
CENTER_NUMBER = "+18667977962"
_message_ids = itertools.count(1)
_MESSAGE = re.compile(r"<Message>(.*)</Message>", re.DOTALL)


def twilio_sign(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """Twilio's recipe: the full URL, then each POST parameter's name and value, sorted by
    name, no separators; HMAC-SHA1 with the auth token; base64."""
    data = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def inbound_sms(sender: str, body: str | None, **extra: str) -> dict[str, str]:
    """The form fields Twilio posts for an incoming SMS (a representative subset)."""
    sid = f"SM{next(_message_ids):032x}"
    fields = {
        "ToCountry": "US",
        "ToState": "NC",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "27601",
        "SmsSid": sid,
        "FromState": "NC",
        "SmsStatus": "received",
        "FromCity": "RALEIGH",
        "FromCountry": "US",
        "To": CENTER_NUMBER,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }
    if body is not None:
        fields["Body"] = body
    fields.update(extra)
    return fields


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    content_type: str

    @property
    def message(self) -> str | None:
        """The text of the TwiML <Message> (unescaped), None for an empty <Response/>."""
        match = _MESSAGE.search(self.body)
        if not match:
            return None
        text = match.group(1)
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def post_form(
    url: str,
    fields: Mapping[str, str] | None = None,
    signature: str | None = None,
    raw_body: bytes | None = None,
    content_type: str = "application/x-www-form-urlencoded",
    timeout: float = 30,
) -> Answer:
    data = raw_body if raw_body is not None else urllib.parse.urlencode(fields or {}).encode()
    headers = {"Content-Type": content_type}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(
                response.status, response.read().decode(), response.headers.get("Content-Type", "")
            )
    except urllib.error.HTTPError as error:
        return Answer(
            error.code, error.read().decode(errors="replace"), error.headers.get("Content-Type", "")
        )


class SmsPhone:
    """One phone texting the center: signed posts to `webhook_url`, signed for `public_url`."""

    def __init__(self, webhook_url: str, public_url: str, auth_token: str, number: str) -> None:
        self.webhook_url = webhook_url
        self.public_url = public_url
        self.auth_token = auth_token
        self.number = number

    def text(self, body: str | None, **extra: str) -> Answer:
        fields = inbound_sms(self.number, body, **extra)
        return post_form(
            self.webhook_url, fields, twilio_sign(self.auth_token, self.public_url, fields)
        )
