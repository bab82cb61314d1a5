"""Twilio's request signature (bot/channels/sms/signature.py), against Twilio's documented
example and its own SDK's validator."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from bot.channels.sms.signature import signed_urls, twilio_signature
from tests.channels.conftest import AUTH_TOKEN

NUMBER = "+19195550123"


def test_the_signature_matches_twilios_documented_example():
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+14158675309",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert twilio_signature("12345", url, params.items()) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


@pytest.mark.parametrize(
    "params",
    [
        [],
        [("Body", "hi"), ("From", NUMBER)],
        [("Body", "Ünïcödé & emoji 😀 <b>"), ("From", NUMBER), ("To", "+18667977962")],
        [("b", "2"), ("a", "1"), ("B", "0"), ("a", "0")],  # case-sensitive order, repeated names
        [("Body", ""), ("MediaUrl0", "https://api.twilio.com/x?y=1&z=2")],
    ],
)
def test_the_signature_agrees_with_twilios_sdk_validator(params):
    url = "https://ccr-sms.example.org/webhooks/twilio_sms/webhook?x=1"
    signature = twilio_signature(AUTH_TOKEN, url, params)
    validator = RequestValidator(AUTH_TOKEN)
    assert validator.validate(url, _multidict(params), signature)
    assert not validator.validate(url, _multidict(params), twilio_signature("other", url, params))


@pytest.mark.parametrize(
    ("public_url", "query", "expected"),
    [
        ("https://a.org/hook", "", ["https://a.org/hook", "https://a.org:443/hook"]),
        ("https://a.org:443/hook", "", ["https://a.org:443/hook", "https://a.org/hook"]),
        ("http://a.org:8080/hook", "", ["http://a.org:8080/hook", "http://a.org/hook"]),
        ("https://a.org/hook", "k=1", ["https://a.org/hook?k=1", "https://a.org:443/hook?k=1"]),
        ("https://a.org/hook?k=1", "k=2", ["https://a.org/hook?k=1", "https://a.org:443/hook?k=1"]),
    ],
)
def test_signed_urls_with_and_without_the_default_port(public_url, query, expected):
    assert signed_urls(public_url, query) == expected


def _multidict(params):
    class MultiDict(dict):
        def getall(self, name):
            return [v for k, v in params if k == name]

    return MultiDict(params)
