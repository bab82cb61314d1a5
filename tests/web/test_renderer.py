"""The widget's message renderer, fed directly in the page (no bot needed for the text).

`CCRChat.renderMessage({text, quick_replies})` builds a message element exactly as for a message
from the bot. The page runs without its Content-Security-Policy here, so an injected handler would
really run: the tests look for injected elements and attributes, and for their side effects.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

RENDER = """(message) => {
  const box = document.createElement('div');
  box.className = 'render-test';
  box.appendChild(window.CCRChat.renderMessage(message));
  document.body.appendChild(box);
  const el = box.firstElementChild;
  const all = [...el.querySelectorAll('*')];
  return {
    text: el.querySelector('.ccr-text').textContent,
    tags: all.map(n => n.tagName.toLowerCase()),
    attributes: all.flatMap(n => [...n.attributes].map(a => a.name)),
    links: [...el.querySelectorAll('a')].map(a => ({
      href: a.getAttribute('href'), text: a.textContent, target: a.getAttribute('target'),
      rel: a.getAttribute('rel'), inReplies: !!a.closest('.ccr-replies')})),
    buttons: [...el.querySelectorAll('button')].map(b => b.textContent),
    strong: [...el.querySelectorAll('strong')].map(n => n.textContent),
    em: [...el.querySelectorAll('em')].map(n => n.textContent),
    items: [...el.querySelectorAll('li')]
      .map(n => [n.parentElement.tagName.toLowerCase(), n.textContent]),
    crisis: el.dataset.crisis === 'true',
  };
}"""

INJECTIONS = [
    '<img src=x onerror="window.__pwned = 1">',
    "<script>window.__pwned = 2</script>",
    '<a href="javascript:window.__pwned = 3">click</a>',
    '<svg onload="window.__pwned = 4"></svg>',
    '<iframe srcdoc="<script>parent.__pwned = 5</script>"></iframe>',
    '**<b onmouseover="window.__pwned = 6">bold</b>**',
]


@pytest.fixture
def page(widget_factory):
    return widget_factory(bypass_csp=True).open_demo().page


def render(page, text: str, replies: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return page.evaluate(RENDER, {"text": text, "quick_replies": replies or []})


@pytest.mark.parametrize("html", INJECTIONS)
def test_html_in_a_reply_is_shown_as_text(page, html):
    result = render(page, f"Before {html} after")
    page.wait_for_timeout(200)  # an injected onerror/onload would have run by now
    assert page.evaluate("() => window.__pwned") is None
    assert not {"img", "script", "iframe", "svg", "b", "a"} & set(result["tags"])
    assert not [name for name in result["attributes"] if name.startswith("on")]
    visible = html.replace("**", "")
    assert visible in result["text"], "the markup is shown as the characters it is"


def test_no_injected_element_reaches_the_page(page):
    for html in INJECTIONS:
        render(page, html, [{"title": html, "payload": "/greet"}])
    page.wait_for_timeout(200)
    found = page.evaluate(
        """() => [...document.querySelectorAll('.render-test *')]
                 .filter(n => ['IMG', 'SCRIPT', 'IFRAME', 'B'].includes(n.tagName)
                              || (n.tagName === 'svg' && !n.classList.contains('ccr-icon'))
                              || [...n.attributes].some(a => a.name.startsWith('on')))
                 .map(n => n.outerHTML)"""
    )
    assert found == []
    assert page.evaluate("() => window.__pwned") is None


def test_bold_italics_and_lists(page):
    result = render(page, "**Bold** and *italics*\n- one\n- two **2**\n\n1. first\n2. second")
    assert result["strong"] == ["Bold", "2"]
    assert result["em"] == ["italics"]
    assert result["items"] == [["ul", "one"], ["ul", "two 2"], ["ol", "first"], ["ol", "second"]]
    assert "**" not in result["text"]


@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[our site](https://www.example.org/iop)", "https://www.example.org/iop"),
        ("[plain http](http://example.org/)", "http://example.org/"),
        # not a Markdown link (a space in the target), but the number in it is a phone number
        ("[call](tel:+1 866 797 7962)", "tel:+18667977962"),
        ("[call](tel:+18667977962)", "tel:+18667977962"),
        ("[x](javascript:alert(1))", None),
        ("[x](JaVaScRiPt:alert(1))", None),
        ("[x](data:text/html,hi)", None),
        ("[x](mailto:someone@example.org)", None),
        ("[x](sms:988)", None),
        ("[x](//evil.example/)", None),
        ("[x](/relative)", None),
    ],
)
def test_links_are_http_or_tel_only(page, markdown, href):
    result = render(page, f"See {markdown} now")
    links = [link["href"] for link in result["links"]]
    assert links == ([href] if href else [])


def test_web_links_open_in_a_new_tab_without_the_opener(page):
    (link,) = render(page, "Read [more](https://www.example.org/)")["links"]
    assert link["target"] == "_blank"
    assert set(link["rel"].split()) >= {"noopener", "noreferrer"}
    assert "opens in a new tab" in link["text"]


def test_bare_web_addresses_become_links(page):
    result = render(page, "Go to https://www.example.org/help. Thanks")
    assert [link["href"] for link in result["links"]] == ["https://www.example.org/help"]


@pytest.mark.parametrize(
    ("text", "hrefs"),
    [
        ("Call us at 866-797-7962 any time.", ["tel:+18667977962"]),
        ("Call (866) 797-7962.", ["tel:+18667977962"]),
        ("SAMHSA: 1-800-662-4357.", ["tel:+18006624357"]),
        ("Our number: +18667977962", ["tel:+18667977962"]),
        ("Call or text **988** now, or **911**.", ["tel:988", "tel:911"]),
        ("chat at 988lifeline.org", []),
        ("between 9 and 20 hours a week, 30 to 60 days", []),
        ("reference 20261126", []),
        ("it cost $1,988 in 2,911 steps, page 12/911", []),
    ],
)
def test_phone_numbers_in_text_are_call_links(page, text, hrefs):
    assert [link["href"] for link in render(page, text)["links"]] == hrefs


def test_quick_replies_buttons_and_call_or_text_links(page):
    result = render(
        page,
        "Pick one",
        [
            {"title": "IOP hours", "payload": "/ask_iop_hours"},
            {"title": "Call 866-797-7962", "payload": "tel:+18667977962"},
            {"title": "Text 988", "payload": "sms:988"},
            {"title": "Sneaky", "payload": "javascript:alert(1)"},
            {"title": "<img src=x onerror=alert(1)>", "payload": "/greet"},
        ],
    )
    assert result["buttons"] == ["IOP hours", "Sneaky", "<img src=x onerror=alert(1)>"]
    reply_links = [(link["href"], link["text"]) for link in result["links"] if link["inReplies"]]
    assert reply_links == [("tel:+18667977962", "Call 866-797-7962"), ("sms:988", "Text 988")]
    assert "img" not in result["tags"]


def test_crisis_replies_are_marked(page):
    crisis = render(
        page,
        "**Call or text 988** now. **If you're in immediate danger, call 911.**",
        [{"title": "Call 988", "payload": "tel:988"}],
    )
    assert crisis["crisis"]
    assert "tel:988" in [link["href"] for link in crisis["links"]]
    assert not render(page, "IOP is 9 to 20 hours a week; call 866-797-7962.")["crisis"]
    assert not render(page, "That was $1,988.")["crisis"]
    assert render(page, "Help is here.", [{"title": "Call 911", "payload": "tel:911"}])["crisis"]
