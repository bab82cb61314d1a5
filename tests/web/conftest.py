"""Browser tests of the website widget: Debian's Chromium, headless, driven by Playwright.

One browser for the whole session; each test gets a fresh context (empty sessionStorage, no
cookies) on the demo page the session's Rasa server serves (the `assistant` fixture). Every page
records the requests it makes and the errors it throws; a test fails at teardown if the page
asked any host but the bot's, set a cookie or threw. Screenshots go to results/web/ (git-ignored).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.launch.processes import Assistant
from bot.settings import PROJECT_ROOT

CHROMIUM = os.environ.get("CCR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = PROJECT_ROOT / "results" / "web"
AXE = PROJECT_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
ANSWER_TIMEOUT_MS = 45_000  # a turn goes through NLU and the action server on a 2-core machine


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: run `bash scripts/install-chromium.sh` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@dataclass
class Widget:
    """A page with the widget, and what it did on the network."""

    page: Page
    bot_url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    allowed_hosts: set[str] = field(default_factory=set)

    # --- finding things (Playwright's CSS and role locators pierce the open shadow root) ---

    @property
    def launcher(self):
        return self.page.get_by_role("button", name="Chat with us")

    @property
    def input(self):
        return self.page.get_by_label("Message to the assistant")

    @property
    def log(self):
        return self.page.get_by_role("log")

    @property
    def messages(self):
        return self.page.locator(".ccr-log > .ccr-msg")

    @property
    def bot_messages(self):
        return self.page.locator(".ccr-log > .ccr-bot")

    @property
    def panel(self):
        return self.page.locator("#ccr-panel")

    # --- doing things ---------------------------------------------------------------------

    def open_demo(self, path: str = "/demo") -> Widget:
        self.page.goto(f"{self.bot_url}{path}")
        expect(self.launcher).to_be_visible()
        return self

    def open_with_keyboard(self) -> None:
        """Tabs from the top of the page to the launcher and presses Enter."""
        self.page.locator("body").focus()
        for _ in range(40):
            self.page.keyboard.press("Tab")
            if self.focused_in_widget() == "ccr-launcher":
                break
        else:
            raise AssertionError("the launcher cannot be reached with Tab")
        self.page.keyboard.press("Enter")
        expect(self.panel).to_be_visible()

    def ask(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def wait_for_bot(self, fragment: str | re.Pattern[str]) -> None:
        expect(self.log).to_contain_text(fragment, timeout=ANSWER_TIMEOUT_MS)

    def focused_in_widget(self) -> str | None:
        """The class of the element focused inside the widget, or None if focus is elsewhere."""
        return self.page.evaluate(
            """() => {
                const host = document.getElementById('ccr-chat');
                if (!host || document.activeElement !== host) return null;
                const el = host.shadowRoot.activeElement;
                return el ? (el.className || el.tagName.toLowerCase()) : null;
            }"""
        )

    def storage(self) -> dict[str, str]:
        return self.page.evaluate("() => Object.assign({}, window.sessionStorage)")

    def screenshot(self, path: Path) -> None:
        self.page.screenshot(path=str(path))

    # --- what the page did ----------------------------------------------------------------

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:", "about:"))
            and urlsplit(url).netloc not in self.allowed_hosts
        ]

    def check_privacy(self) -> None:
        assert self.foreign_requests() == [], "requests to other hosts"
        assert self.page.context.cookies() == [], "cookies were set"
        assert self.page.evaluate("() => document.cookie") == ""


@pytest.fixture
def widget_factory(browser: Browser, assistant: Assistant) -> Iterator[Callable[..., Widget]]:
    """Makes a fresh browser context + page; checks requests, cookies and errors at the end."""
    made: list[Widget] = []

    def make(*, extra_hosts: tuple[str, ...] = (), **context_options: Any) -> Widget:
        context_options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**context_options)
        context.set_default_timeout(15_000)
        page = context.new_page()
        widget = Widget(page=page, bot_url=assistant.rasa_url)
        widget.allowed_hosts = {urlsplit(assistant.rasa_url).netloc, *extra_hosts}
        context.on("request", lambda request: widget.requests.append(request.url))
        page.on("pageerror", lambda error: widget.errors.append(str(error)))
        made.append(widget)
        return widget

    yield make
    try:
        for widget in made:
            widget.check_privacy()
            assert widget.errors == [], f"JavaScript errors: {widget.errors}"
    finally:
        for widget in made:
            widget.page.context.close()


@pytest.fixture
def widget(widget_factory: Callable[..., Widget]) -> Widget:
    return widget_factory().open_demo()
