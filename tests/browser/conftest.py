"""Browser tests: the web app in headless Chromium (Debian's package) driven by Playwright for Python.

The session starts its own local stack on free ports (``running_stack`` of the end-to-end harness:
``python -m local_stack``, demo users and catalogue) and one Chromium; each test gets fresh browser
contexts (a new browser profile: no session storage shared) and both are closed at the end. Every
test here is marked ``browser`` (``-m "not browser"`` skips them).

Pages are checked as people meet them: ``check_page`` runs axe-core (no serious or critical
violation) and looks at the page 320 px wide (no sideways scrolling). With ``UPDATE_SCREENS=1`` the
screenshots the README shows are written to ``docs/screens/``; otherwise to the test's temp folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    ViewportSize,
    expect,
    sync_playwright,
)

from tests.e2e.conftest import RunningStack, running_stack

ROOT = Path(__file__).resolve().parents[2]
BROWSER_DIR = Path(__file__).resolve().parent
SCREENS = ROOT / "docs" / "screens"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}
NARROW: ViewportSize = {"width": 320, "height": 720}
WIDE: ViewportSize = {"width": 1280, "height": 900}

expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this directory ``browser``."""
    for item in items:
        if item.path.is_relative_to(BROWSER_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """The service with its web app, demo users and demo catalogue, on free ports."""
    with running_stack(tmp_path_factory.mktemp("browser-stack")) as running:
        assert running.state.get("web_url"), "the local stack serves the web app"
        yield running


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `make test` installs Debian's chromium package (apt-get install chromium)"
        )
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@dataclass
class Browsing:
    """Fresh browser contexts for one test, each a new profile (closed after the test)."""

    browser: Browser
    stack: RunningStack
    contexts: list[BrowserContext]
    errors: list[str]

    def page(self) -> Page:
        context = self.browser.new_context(viewport=WIDE, accept_downloads=True, locale="en-GB")
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def signed_in(self, role_or_username: str, path: str = "/") -> Page:
        page = self.page()
        page.goto(self.stack.web_url + path)
        sign_in(page, self.stack, role_or_username)
        return page


@pytest.fixture
def browsing(browser: Browser, stack: RunningStack) -> Iterator[Browsing]:
    session = Browsing(browser=browser, stack=stack, contexts=[], errors=[])
    yield session
    for context in session.contexts:
        context.close()
    assert session.errors == [], "no uncaught error in the pages"


def sign_in(page: Page, stack: RunningStack, role_or_username: str) -> None:
    """Fill the sign-in form (SPEC §10: inputs labelled Username and Password, a Sign in button)."""
    username, password = stack.credentials(role_or_username)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()


_axe = Axe()


def accessibility_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = _axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def check_page(page: Page, screen: str | None = None, tmp: Path | None = None) -> None:
    """WCAG 2.2 AA as axe-core sees it, and readable 320 px wide with no sideways scrolling."""
    page.wait_for_load_state("networkidle")
    assert accessibility_problems(page) == [], page.url
    if screen:
        target = SCREENS if os.environ.get("UPDATE_SCREENS") else (tmp or Path("/tmp"))
        target.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target / f"{screen}.png"), full_page=True)
    wide = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320px"
        assert accessibility_problems(page) == [], f"{page.url} at 320px"
    finally:
        page.set_viewport_size(wide or WIDE)


def patron_request(stack: RunningStack, article_title: str, *, user: str = "patron") -> str:
    """A patron's request (through the API) for an article of the demo journal's issue (B0003); its id."""
    body = {
        "request_type": "patron_digitization",
        "item": {"mms_id": "992001", "barcode": "B0003"},
        "partial": True,
        "article_title": article_title,
    }
    created = stack.call("POST", "/requests", user=user, json=body)
    assert created.status_code == 201, created.text
    rid: str = created.json()["id"]
    return rid


def download_link_in_letters(stack: RunningStack, request_id: str) -> str:
    """The link the "ready to download" letter of a request carried (as recorded when it was sent)."""
    staff = stack.call("GET", f"/requests/{request_id}", user="work-order-operator").json()
    for letter in staff["letters"]:
        if letter["kind"] == "delivered_link" and letter["status"] == "sent":
            return str(letter["data"]["link"])
    raise AssertionError(f"no download letter was sent for request {request_id}: {staff['letters']}")


Api = Callable[..., requests.Response]


def expect_refused(control: Locator, where: Locator, message: str) -> None:
    """The API refused what was sent: ``control`` is marked invalid and has focus, and ``where`` says
    ``message`` (next to the control)."""
    expect(control).to_have_attribute("aria-invalid", "true")
    expect(control).to_be_focused()
    expect(where).to_contain_text(message)
