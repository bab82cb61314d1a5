"""The website widget end to end: the demo page in headless Chromium, the real assistant behind it.

Screenshots (desktop, 320 px, 200 % zoom, crisis, offline) and the axe-core reports are written to
results/web/ (git-ignored).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.web.conftest import ANSWER_TIMEOUT_MS, AXE, Widget

pytestmark = pytest.mark.e2e

HOTLINE_TEL = "tel:+18667977962"
SESSION_ID = re.compile(r"[0-9a-f]{32}")
SERIOUS = ("serious", "critical")
LOOPBACK = ["local-network-access"]  # Chromium's permission for public pages to reach 127.0.0.1
WATCH_TYPING = """() => {
  const typing = document.getElementById('ccr-chat').shadowRoot.querySelector('.ccr-typing');
  window.__typingSeen = false;
  new MutationObserver(() => {
    if (typing.textContent.includes('typing')) window.__typingSeen = true;
  }).observe(typing, {childList: true, subtree: true, characterData: true});
}"""


def finish_turn(widget: Widget) -> None:
    """Waits until the last bot message carries its buttons (every answer ends with them)."""
    expect(widget.bot_messages.last.locator(".ccr-replies")).to_be_visible(
        timeout=ANSWER_TIMEOUT_MS
    )


def chat_storage(widget: Widget) -> dict[str, str]:
    return {key: value for key, value in widget.storage().items() if key.startswith("ccr-chat.")}


# --- a conversation -------------------------------------------------------------------------


def test_a_visitor_asks_with_the_keyboard_and_uses_quick_replies(widget, artifacts):
    privacy = widget.page.locator(".ccr-privacy")
    expect(widget.panel).to_be_hidden()

    widget.open_with_keyboard()
    assert widget.focused_in_widget() == "input", "opening the chat puts the cursor in the input"
    expect(privacy).to_be_visible()
    expect(privacy).to_contain_text("automated assistant")
    expect(privacy).to_contain_text("don’t share private details")
    expect(widget.messages).to_have_count(0)

    widget.page.evaluate(WATCH_TYPING)
    widget.page.keyboard.type("how many hours a week is IOP?")
    widget.page.keyboard.press("Enter")
    widget.wait_for_bot("9 and 20 hours")
    finish_turn(widget)
    assert widget.page.evaluate("() => window.__typingSeen"), "a typing indicator while waiting"
    expect(widget.page.locator(".ccr-typing")).to_be_empty()
    expect(widget.messages.first).to_have_class(re.compile("ccr-user"))
    expect(widget.messages.first).to_contain_text("how many hours a week is IOP?")
    expect(widget.log.locator("strong", has_text="between 9 and 20 hours a week")).to_be_visible()
    widget.screenshot(artifacts / "desktop-answer.png")

    # a quick reply sends its payload and shows its title; then it is used up
    answer = widget.bot_messages.nth(widget.bot_messages.count() - 1)
    length = answer.get_by_role("button", name="IOP length")
    length.click()
    widget.wait_for_bot("30 to 60 days")
    finish_turn(widget)
    expect(widget.page.locator(".ccr-log > .ccr-user").last).to_have_text(re.compile("IOP length"))
    expect(length).to_be_disabled()
    assert "/ask_" not in widget.log.inner_text(), "payloads are not shown"

    # "Talk to someone" gets the number as a call link, in the text and as a button
    widget.bot_messages.last.get_by_role("button", name="Talk to someone").click()
    call_button = widget.page.locator(f'.ccr-log a.ccr-reply-link[href="{HOTLINE_TEL}"]').last
    expect(call_button).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(call_button).to_have_text(re.compile("866-797-7962"))
    expect(widget.page.locator(f'.ccr-log .ccr-text a[href="{HOTLINE_TEL}"]').last).to_be_visible()
    widget.screenshot(artifacts / "desktop-call-link.png")


def test_a_crisis_reply_is_distinct_never_collapsed_and_has_call_links(widget, artifacts):
    widget.launcher.click()
    widget.ask("I want to kill myself")
    crisis = widget.page.locator(".ccr-log > .ccr-crisis")
    expect(crisis).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    expect(crisis).to_contain_text("Urgent help")
    expect(crisis).to_contain_text("988")
    for href in ("tel:988", "sms:988", "tel:911", HOTLINE_TEL):
        expect(crisis.locator(f'a[href="{href}"]').first).to_be_visible()

    style = crisis.evaluate(
        """e => { const s = getComputedStyle(e);
                  return {border: s.borderLeftColor, width: parseFloat(s.borderLeftWidth),
                          background: s.backgroundColor}; }"""
    )
    assert style["border"] == "rgb(179, 38, 30)" and style["width"] >= 4, style
    ordinary = widget.page.locator(".ccr-log > .ccr-user").first.evaluate(
        "e => getComputedStyle(e).borderLeftWidth"
    )
    assert ordinary == "0px"

    text = crisis.inner_text()
    widget.ask("what is iop?")
    widget.wait_for_bot("intensive outpatient program")
    finish_turn(widget)
    expect(crisis).to_be_visible()
    assert crisis.inner_text() == text
    clipped = crisis.evaluate(
        "e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1"
    )
    assert not clipped, "the crisis reply is shown whole"
    crisis.scroll_into_view_if_needed()
    widget.screenshot(artifacts / "crisis.png")


def test_a_reply_to_a_closed_chat_is_flagged_and_a_crisis_reply_opens_it(widget):
    widget.launcher.click()
    widget.ask("what is iop?")
    widget.page.keyboard.press("Escape")  # closed before the answer comes
    expect(widget.page.get_by_role("button", name="Chat with us (new message)")).to_be_visible(
        timeout=ANSWER_TIMEOUT_MS
    )
    expect(widget.panel).to_be_hidden()
    widget.launcher.click()
    expect(widget.page.locator(".ccr-badge")).to_be_hidden()

    widget.ask("I want to end my life")
    widget.page.keyboard.press("Escape")
    expect(widget.panel).to_be_visible(timeout=ANSWER_TIMEOUT_MS)  # opened by the crisis reply
    expect(widget.page.locator(".ccr-log > .ccr-crisis")).to_be_visible()
    # the launcher had the focus and is hidden now: the focus moves to the input, not lost
    assert widget.focused_in_widget() == "input"


def test_html_typed_into_the_chat_is_shown_as_text(widget):
    injected = '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>'
    widget.launcher.click()
    widget.ask(injected)
    shown = widget.page.locator(".ccr-log > .ccr-user")
    expect(shown).to_have_text(re.compile(re.escape(injected)))
    expect(widget.bot_messages.first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    assert widget.page.locator(".ccr-log img, .ccr-log script").count() == 0
    assert widget.page.evaluate("() => window.__pwned") is None


# --- persistence and clearing ---------------------------------------------------------------


def test_the_conversation_survives_reload_and_navigation_and_end_chat_clears_it(widget):
    widget.launcher.click()
    widget.ask("what is op?")
    widget.wait_for_bot("consistent support")
    finish_turn(widget)
    before = widget.messages.all_inner_texts()
    stored = chat_storage(widget)
    session = json.loads(stored["ccr-chat.session"])
    assert SESSION_ID.fullmatch(session)
    assert "consistent support" in stored["ccr-chat.messages"]

    sent: list[str] = []  # what the page sends over socket.io: long-polling or WebSocket
    widget.page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    widget.page.on(
        "request",
        lambda r: sent.append(r.post_data or "") if "/socket.io/" in r.url else None,
    )
    widget.page.reload()
    expect(widget.panel).to_be_visible()  # it was open: it stays open
    expect(widget.messages).to_have_count(len(before))
    assert widget.messages.all_inner_texts() == before

    widget.ask("how many hours a week is IOP?")
    widget.wait_for_bot("9 and 20 hours")
    finish_turn(widget)
    assert any(f'"session_request",{{"session_id":"{session}"}}' in frame for frame in sent)

    widget.page.goto(f"{widget.bot_url}/demo?page=2")  # another page of the site, same tab
    expect(widget.messages).to_have_count(len(before) + 3)
    assert json.loads(chat_storage(widget)["ccr-chat.session"]) == session

    widget.page.get_by_role("button", name="End chat & clear").click()
    expect(widget.messages).to_have_count(0)
    assert chat_storage(widget) == {}
    expect(widget.page.locator(".ccr-privacy")).to_be_visible()
    expect(widget.page.get_by_role("status").filter(has_text="Chat ended")).to_have_count(1)
    widget.page.wait_for_timeout(1000)  # the fresh connection stores nothing until a message
    assert chat_storage(widget) == {}

    widget.page.reload()
    expect(widget.launcher).to_be_visible()
    expect(widget.panel).to_be_hidden()
    expect(widget.messages).to_have_count(0)
    assert chat_storage(widget) == {}


# --- keyboard, focus ------------------------------------------------------------------------


def test_escape_closes_the_chat_and_returns_focus_to_the_launcher(widget):
    widget.open_with_keyboard()
    widget.page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert widget.focused_in_widget() == "ccr-launcher"
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")
    widget.page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()


def test_focus_is_visible_and_never_trapped(widget):
    widget.open_with_keyboard()
    outline = widget.page.evaluate(
        """() => { const el = document.getElementById('ccr-chat').shadowRoot.activeElement;
                   const s = getComputedStyle(el);
                   return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
    )
    assert outline[0] != "none" and outline[1] >= 2, outline

    first = widget.page.get_by_role("button", name="Cambiar a español")  # the panel's first control
    first.focus()
    widget.page.keyboard.press("Shift+Tab")  # out of the panel, back into the page
    assert widget.focused_in_widget() is None
    assert widget.page.evaluate("() => document.activeElement.tagName") == "A"

    widget.input.focus()
    widget.page.keyboard.press("Tab")
    assert widget.focused_in_widget() == "ccr-send"
    widget.page.keyboard.press("Tab")
    assert widget.focused_in_widget() is None, "Tab leaves the chat after its last control"


# --- connection -----------------------------------------------------------------------------


def test_a_lost_connection_shows_the_offline_state_and_reconnects(widget_factory, artifacts):
    widget = widget_factory(bypass_csp=True)  # for axe, below
    sockets = []
    blocked = {"now": False}

    def pass_through(ws) -> None:
        if blocked["now"]:
            ws.close()
            return
        ws.connect_to_server()
        sockets.append(ws)

    def refuse(route) -> None:
        route.abort()

    socket_io = re.compile(r"/socket\.io/")
    widget.page.route_web_socket(socket_io, pass_through)
    widget.open_demo()
    widget.launcher.click()
    widget.ask("what is iop?")
    widget.wait_for_bot("intensive outpatient program")
    finish_turn(widget)
    count = widget.messages.count()

    # the server goes away: the socket drops and reconnecting fails
    blocked["now"] = True
    widget.page.route(socket_io, refuse)
    for ws in sockets:
        ws.close()
    offline = widget.page.locator(".ccr-offline")
    expect(offline).to_be_visible()
    expect(offline).to_contain_text("Connection lost — call 866-797-7962 any time")
    expect(offline.locator(f'a[href="{HOTLINE_TEL}"]')).to_be_visible()
    widget.ask("what is op?")
    expect(widget.input).to_have_value("what is op?")  # not sent, not lost
    expect(widget.messages).to_have_count(count)
    widget.screenshot(artifacts / "offline.png")
    offline_report = run_axe(widget)
    (artifacts / "axe-offline.json").write_text(json.dumps(offline_report, indent=2))
    assert [v["id"] for v in offline_report["violations"] if v["impact"] in SERIOUS] == []

    # it comes back: the widget reconnects by itself, to the same conversation
    blocked["now"] = False
    widget.page.unroute(socket_io, refuse)
    expect(offline).to_be_hidden(timeout=30_000)
    widget.input.press("Enter")
    widget.wait_for_bot("consistent support")


def test_the_widget_works_on_a_page_of_another_allowed_origin(widget_factory, assistant):
    port = urlsplit(assistant.rasa_url).port
    site = f"http://localhost:{port}"  # allowed by default; not the bot's own origin
    # The page is made up by Playwright (no server address), so Chromium counts it as public and
    # asks before it reaches a loopback server; a page really served from localhost would not.
    widget = widget_factory(extra_hosts=(f"localhost:{port}",), permissions=LOOPBACK)
    page_html = (
        '<!doctype html><html lang="en"><head><title>Center page</title></head><body><main>'
        "<h1>A page of the center's site</h1></main>"
        f'<script src="{assistant.rasa_url}/widget/ccr-chat.js" '
        f'data-bot-url="{assistant.rasa_url}" data-title="Carolina Center for Recovery" '
        'data-start-open="true" data-primary-color="#5b2a86"></script></body></html>'
    )
    widget.page.route(
        f"{site}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=page_html)
        if route.request.url.endswith("/center.html")
        else route.fulfill(status=404, body=""),
    )
    widget.page.goto(f"{site}/center.html")
    expect(widget.panel).to_be_visible()  # data-start-open
    assert (
        widget.page.evaluate(
            "() => document.getElementById('ccr-chat').style.getPropertyValue('--ccr-primary')"
        )
        == "#5b2a86"
    )
    widget.ask("how many hours a week is IOP?")
    widget.wait_for_bot("9 and 20 hours")


def test_a_page_of_an_origin_not_allowed_gets_no_connection(widget_factory, assistant):
    port = urlsplit(assistant.rasa_url).port
    site = f"http://127.0.0.2:{port}"
    widget = widget_factory(extra_hosts=(f"127.0.0.2:{port}",), permissions=LOOPBACK)
    page_html = (
        '<!doctype html><html lang="en"><head><title>Elsewhere</title></head><body>'
        f'<script src="{assistant.rasa_url}/widget/ccr-chat.js" data-start-open="true">'
        "</script></body></html>"
    )
    widget.page.route(
        f"{site}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=page_html),
    )
    widget.page.goto(f"{site}/page.html")
    expect(widget.page.locator(".ccr-offline")).to_be_visible(timeout=20_000)
    assert not [url for url in widget.requests if "/socket.io/" in url and "sid=" in url]


# --- privacy --------------------------------------------------------------------------------


def test_no_cookies_and_nothing_from_other_hosts(widget):
    widget.launcher.click()
    widget.ask("what is iop?")
    widget.wait_for_bot("intensive outpatient program")
    finish_turn(widget)
    widget.check_privacy()
    paths = {urlsplit(url).path for url in widget.requests}
    assert "/widget/vendor/socket.io.min.js" in paths, "the socket.io client comes from the bot"
    assert "/socket.io/" in paths


# --- layout and accessibility ---------------------------------------------------------------


def fits_in_viewport(widget: Widget, width: int, height: int) -> None:
    widget.page.evaluate(
        """() => Promise.all(document.getElementById('ccr-chat').shadowRoot
                               .getAnimations().map(a => a.finished))"""
    )
    for locator in (widget.panel, widget.input, widget.page.get_by_role("button", name="Send"),
                    widget.page.get_by_role("button", name="End chat & clear"),
                    widget.page.get_by_role("button", name="Close chat")):  # fmt: skip
        box = locator.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (locator, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= height + 0.5, (locator, box)
    overflow = widget.page.evaluate(
        """() => { const root = document.getElementById('ccr-chat').shadowRoot;
                   return [...root.querySelectorAll('.ccr-panel, .ccr-scroll, .ccr-msg')]
                     .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className); }"""
    )
    assert overflow == [], "no sideways scrolling inside the chat"


@pytest.mark.parametrize(
    ("name", "viewport", "scale"),
    [("320px", {"width": 320, "height": 640}, 1), ("zoom-200", {"width": 640, "height": 400}, 2)],
)
def test_usable_at_320_px_and_200_percent_zoom(widget_factory, artifacts, name, viewport, scale):
    widget = widget_factory(viewport=viewport, device_scale_factor=scale).open_demo()
    widget.launcher.click()
    fits_in_viewport(widget, viewport["width"], viewport["height"])
    widget.ask("how many hours a week is IOP?")
    widget.wait_for_bot("9 and 20 hours")
    finish_turn(widget)
    fits_in_viewport(widget, viewport["width"], viewport["height"])
    expect(widget.bot_messages.last.get_by_role("button", name="IOP length")).to_be_visible()
    widget.screenshot(artifacts / f"{name}.png")


def test_reduced_motion_turns_the_animations_off(widget_factory):
    def animations(widget: Widget) -> list[str]:
        widget.launcher.click()
        return widget.page.evaluate(
            """() => { const root = document.getElementById('ccr-chat').shadowRoot;
                       const typing = root.querySelector('.ccr-typing');
                       const dots = document.createElement('span');
                       const dot = document.createElement('span');
                       dots.className = 'ccr-dots';
                       dots.append(dot);
                       typing.append(dots);
                       const names = [root.querySelector('.ccr-panel'), dot]
                         .map(e => getComputedStyle(e).animationName);
                       typing.textContent = '';
                       return names; }"""
        )

    assert animations(widget_factory().open_demo()) != ["none", "none"]
    assert animations(widget_factory(reduced_motion="reduce").open_demo()) == ["none", "none"]


def run_axe(widget: Widget) -> dict:
    """axe-core (from web/node_modules) over the whole page, the widget's shadow root included."""
    widget.page.add_script_tag(path=str(AXE))
    return widget.page.evaluate(
        """async () => {
          const result = await axe.run(document, {
            runOnly: {type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
          });
          const inWidget = n => Array.isArray(n.target[0]) && n.target[0][0] === '#ccr-chat';
          return {
            violations: result.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => JSON.stringify(n.target))})),
            widget_nodes_checked: result.passes.flatMap(r => r.nodes).filter(inWidget).length,
            rules_passed: result.passes.map(r => r.id),
          };
        }"""
    )


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 320, "height": 640}], ids=["1280", "320"]
)
def test_axe_finds_no_serious_or_critical_violations(widget_factory, artifacts, viewport):
    assert AXE.exists(), "run `make setup` (npm ci in web/)"
    # the demo page's policy forbids inline scripts; axe is injected as one
    widget = widget_factory(viewport=viewport, bypass_csp=True).open_demo()
    report = {"closed": run_axe(widget)}
    assert report["closed"]["widget_nodes_checked"] > 0  # the scan reaches into the shadow root
    widget.launcher.click()
    widget.ask("how many hours a week is IOP?")
    widget.wait_for_bot("9 and 20 hours")
    finish_turn(widget)
    widget.ask("I want to kill myself")
    expect(widget.page.locator(".ccr-crisis")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    report["open"] = run_axe(widget)
    assert report["open"]["widget_nodes_checked"] > report["closed"]["widget_nodes_checked"]
    assert "color-contrast" in report["open"]["rules_passed"]
    name = f"axe-{viewport['width']}px.json"
    (artifacts / name).write_text(json.dumps(report, indent=2))
    bad = [
        violation
        for state in report.values()
        for violation in state["violations"]
        if violation["impact"] in SERIOUS
    ]
    assert bad == [], json.dumps(bad, indent=2)


# --- Spanish --------------------------------------------------------------------------------


def test_the_spanish_switch_turns_the_widget_and_the_assistant_to_spanish(
    widget_factory, artifacts
):
    widget = widget_factory(bypass_csp=True).open_demo()
    widget.launcher.click()
    switch = widget.page.locator(".ccr-lang")
    expect(switch).to_have_text("Español")
    expect(switch).to_have_attribute("lang", "es")  # read out in Spanish, as it is written
    switch.click()
    widget.wait_for_bot("seguimos en español")
    expect(widget.page.locator(".ccr-root")).to_have_attribute("lang", "es")
    expect(widget.page.locator(".ccr-privacy")).to_contain_text("asistente automático")
    expect(widget.page.locator(".ccr-privacy")).to_contain_text("marque 2")
    spanish_input = widget.page.get_by_label("Mensaje para el asistente")
    expect(spanish_input).to_have_attribute("placeholder", "Escriba su pregunta…")
    expect(widget.page.get_by_role("button", name="Terminar y borrar")).to_be_visible()

    spanish_input.fill("cuantas horas a la semana es el iop?")
    spanish_input.press("Enter")
    widget.wait_for_bot("entre 9 y 20 horas a la semana")
    finish_turn(widget)
    expect(widget.bot_messages.last.locator(".ccr-replies")).to_have_attribute(
        "aria-label", "Respuestas sugeridas"
    )
    assert "Talk to someone" not in widget.log.inner_text(), "no English button in Spanish"
    widget.screenshot(artifacts / "spanish-answer.png")

    spanish_input.fill("ya no quiero vivir")
    spanish_input.press("Enter")
    crisis = widget.page.locator(".ccr-crisis").last
    expect(crisis).to_contain_text("988 y marque 2", timeout=ANSWER_TIMEOUT_MS)
    expect(crisis).to_contain_text("Ayuda urgente")
    report = run_axe(widget)
    (artifacts / "axe-spanish.json").write_text(json.dumps(report, indent=2))
    assert [v for v in report["violations"] if v["impact"] in SERIOUS] == []

    widget.page.get_by_role("button", name="Switch to English").click()
    widget.wait_for_bot("let's go on in English")
    expect(widget.page.locator(".ccr-root")).to_have_attribute("lang", "en")
    expect(widget.input).to_be_visible()


def test_a_spanish_page_starts_the_widget_and_the_conversation_in_spanish(widget_factory):
    widget = widget_factory()

    def spanish_page(route):
        page = (
            route.fetch()
            .text()
            .replace(
                '<script src="/widget/ccr-chat.js"',
                '<script data-lang="es" src="/widget/ccr-chat.js"',
            )
        )
        route.fulfill(body=page, content_type="text/html; charset=utf-8")

    widget.page.route("**/demo", spanish_page)
    widget.page.goto(f"{widget.bot_url}/demo")
    launcher = widget.page.get_by_role("button", name="Chatee con nosotros")
    launcher.click()
    expect(widget.page.locator(".ccr-root")).to_have_attribute("lang", "es")
    spanish_input = widget.page.get_by_label("Mensaje para el asistente")
    spanish_input.fill("hola")
    spanish_input.press("Enter")
    widget.wait_for_bot(re.compile(r"[¿áéíóúñ]"))
    assert "Hi" not in widget.bot_messages.first.inner_text()
