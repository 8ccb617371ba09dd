"""The web app when things go wrong or go another way: the keyboard alone, a lost connection, a sign-in
that expired, used-up and unknown download links, cancelling, and each role seeing only its pages."""

from __future__ import annotations

from pathlib import Path

import requests
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing, check_page, patron_request, sign_in
from tests.e2e.conftest import RunningStack

ADMIN, OPERATOR = "fulfillment-admin", "work-order-operator"


def focus_is_visible(page: Page) -> bool:
    """The focused element draws an outline (the stylesheet's :focus-visible ring)."""
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()"
    )
    return bool(style[0] != "none" and style[1] != "0px")


def test_signing_in_and_requesting_with_the_keyboard_alone(browsing: Browsing, stack: RunningStack) -> None:
    page = browsing.page()
    page.goto(stack.web_url + "/")
    username, password = stack.credentials("patron")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")  # skip the header
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "username":
            break
    expect(page.get_by_label("Username")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My requests", exact=True)).to_be_focused()
    # On to the request form and a search, by keyboard
    page.get_by_role("link", name="Request a copy").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Request a copy")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Title, ISBN or MMS ID")).to_be_focused()
    page.keyboard.type("0952-4649")
    page.keyboard.press("Enter")
    choose = page.get_by_role("button", name="Request this title")
    expect(choose).to_be_visible()
    choose.focus()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Request: Journal of Design History")).to_be_focused()
    # A serial: the issue is chosen from the copies held
    expect(page.get_by_label("Issue")).to_contain_text("Volume 36, issue 2, 2023")


def fill_a_request(page: Page) -> None:
    page.get_by_role("link", name="Request a copy").first.click()
    page.get_by_label("Title, ISBN or MMS ID").fill("design history")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name="Request this title").click()
    page.get_by_label("Issue").select_option(label="Volume 2, issue 1, 1989")
    page.get_by_label("Article title", exact=True).fill("Ornament in the machine age")
    page.get_by_label("Pages", exact=True).fill("12-20")
    expect(page.locator(".declaration")).not_to_have_text("Loading the declaration…")
    page.get_by_label("I have read the copyright declaration and accept it").check()


def test_a_lost_connection_says_so_and_keeps_what_was_typed(browsing: Browsing, stack: RunningStack) -> None:
    page = browsing.signed_in("patron")
    fill_a_request(page)
    # The connection drops: every call to the API fails as a lost connection does
    api = f"{stack.api_url}/**"
    page.route(api, lambda route: route.abort("internetdisconnected"))
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert").filter(has_text="Could not reach the library")).to_be_visible()
    expect(page.get_by_label("Article title", exact=True)).to_have_value("Ornament in the machine age")
    expect(page.get_by_label("Pages", exact=True)).to_have_value("12-20")
    page.unroute(api)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="My requests", exact=True)).to_be_visible()
    expect(page.get_by_role("article").filter(has_text="Ornament in the machine age")).to_have_count(1)


def test_an_expired_sign_in_asks_again_and_carries_on(browsing: Browsing, stack: RunningStack) -> None:
    page = browsing.signed_in("patron")
    fill_a_request(page)
    page.get_by_label("Article title", exact=True).fill("Design reform, again")
    # The tokens expire while the patron types: neither the ID token nor the refresh token works now
    page.evaluate(
        """(() => {
            const key = 'digitization.session';
            const session = JSON.parse(sessionStorage.getItem(key));
            session.idToken = 'expired.' + session.idToken.split('.')[1] + '.signature';
            session.refreshToken = 'revoked';
            sessionStorage.setItem(key, JSON.stringify(session));
        })()"""
    )
    page.get_by_role("button", name="Send request").click()
    dialog = page.get_by_role("dialog", name="Your sign-in has expired")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text("What you typed on the page is kept.")).to_be_visible()
    username, password = stack.credentials("patron")
    dialog.get_by_label("Username").fill(username)
    dialog.get_by_label("Password").fill(password)
    dialog.get_by_role("button", name="Sign in").click()
    # The request went on by itself once signed in again, with what was typed
    expect(page.get_by_role("heading", name="My requests", exact=True)).to_be_visible()
    expect(page.get_by_role("article").filter(has_text="Design reform, again")).to_have_count(1)


def test_a_patron_cancels_a_request_on_its_way(browsing: Browsing, stack: RunningStack) -> None:
    rid = patron_request(stack, "To be cancelled")
    page = browsing.signed_in("patron")
    card = page.get_by_role("article").filter(has_text="To be cancelled")
    card.get_by_role("button", name="Cancel request").click()
    card.get_by_role("button", name="Keep it").click()
    expect(card).to_contain_text("On its way to digitization")
    card.get_by_role("button", name="Cancel request").click()
    card.get_by_role("button", name="Yes, cancel it").click()
    expect(card).to_contain_text("The request was cancelled.")
    expect(card.get_by_role("button", name="Cancel request")).to_have_count(0)
    assert stack.call("GET", f"/requests/{rid}", user="patron").json()["status"] == "CANCELLED"


def one_view_link(stack: RunningStack) -> str:
    """patron1's journal article delivered as a link of one view, under a rule only it meets."""
    rule = stack.call(
        "POST",
        "/rules",
        user=ADMIN,
        json={
            "name": "Journal issues of eight articles: one view",
            "clauses": [
                {"name": "articles_in_issue", "operator": "=", "value": 8},
                {"name": "request_type", "operator": "=", "value": "patron_digitization"},
            ],
            "output": {"target": "document_delivery_link", "max_views": 1},
        },
    )
    assert rule.status_code == 201, rule.text
    assert (
        stack.call("PATCH", "/settings", user=ADMIN, json={"download_reuse_window_seconds": 0}).status_code
        == 200
    )
    try:
        body = {
            "request_type": "patron_digitization",
            "item": {"mms_id": "992001", "barcode": "B0002"},
            "partial": True,
            "pages": "1-2",
        }
        rid = stack.call("POST", "/requests", user="patron", json=body).json()["id"]
        desk = {"department": "DIGI-MAIN"}
        scanned = stack.call("POST", f"/requests/{rid}/scan-in", user=OPERATOR, json=desk).json()
        assert scanned["applied_rule"]["id"] == rule.json()["id"]
        assert stack.call("POST", f"/requests/{rid}/next-step", user=OPERATOR, json=desk).status_code == 200
        ticket = stack.call(
            "POST", f"/requests/{rid}/files", user=OPERATOR, json={**desk, "file_name": "a.pdf"}
        ).json()
        stored = requests.post(
            ticket["url"], data=ticket["fields"], files={"file": ("a.pdf", b"%PDF-1.4")}, timeout=30
        )
        assert stored.ok, stored.text
        delivered = stack.call("POST", f"/requests/{rid}/deliver", user=OPERATOR, json=desk).json()
        token: str = delivered["delivery"]["link_token"]
    finally:
        stack.call("PATCH", "/settings", user=ADMIN, json={"download_reuse_window_seconds": 600})
        stack.call("DELETE", f"/rules/{rule.json()['id']}", user=ADMIN)
    return token


def test_download_pages_for_unknown_and_used_up_links(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    page = browsing.signed_in("patron", "/d/not-a-real-token")
    expect(page.get_by_role("heading", name="We cannot find this download link")).to_be_visible()
    check_page(page, "download-unknown", tmp_path)
    # A link of one view (no reuse window), delivered and used through the API
    token = one_view_link(stack)
    assert stack.call("GET", f"/downloads/{token}", user="patron", allow_redirects=False).status_code == 302
    page.goto(f"{stack.web_url}/d/{token}")
    expect(page.get_by_role("heading", name="This link has been used up")).to_be_visible()
    expect(page.get_by_role("link", name="request a copy", exact=True)).to_be_visible()
    check_page(page, "download-used-up", tmp_path)


def test_each_role_sees_only_its_pages(browsing: Browsing, stack: RunningStack) -> None:
    configuration = ["Reports", "Departments", "Letters", "Declarations", "Code tables", "Settings"]
    expected = {
        "patron": ["My requests", "Request a copy"],
        OPERATOR: ["In process", *configuration],
        "fulfillment-services-manager": ["Approvals", *configuration],
        "digitization-manager": ["Approvals", *configuration],
        ADMIN: ["Rules", "Access rights", *configuration],
    }
    for role, links in expected.items():
        page = browsing.signed_in(role)
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation.get_by_role("link")).to_have_text(links)
        if role != ADMIN:
            for admins_only in ("/staff/rules", "/staff/access-rights"):
                page.goto(stack.web_url + admins_only)
                expect(page.get_by_role("heading", name="Not available to you")).to_be_visible()
        if role == "patron":
            page.goto(stack.web_url + "/staff/reports")
            expect(page.get_by_role("heading", name="Not available to you")).to_be_visible()
        page.context.close()
        browsing.contexts.remove(page.context)
    # Settings are read-only to staff other than the administrator
    operator = browsing.signed_in(OPERATOR, "/staff/settings")
    expect(operator.get_by_role("heading", name="Settings")).to_be_visible()
    expect(operator.get_by_text("Only a fulfillment administrator can change them.")).to_be_visible()
    expect(operator.get_by_role("button", name="Save settings")).to_have_count(0)
    # Sign out: back to the sign-in form, and the tokens are gone from the tab
    operator.get_by_role("button", name="Sign out").click()
    expect(operator.get_by_role("heading", name="Sign in")).to_be_visible()
    assert operator.evaluate("sessionStorage.getItem('digitization.session')") is None


def test_the_sign_in_is_renewed_before_it_expires(browsing: Browsing, stack: RunningStack) -> None:
    page = browsing.signed_in("patron")
    expect(page.get_by_role("heading", name="My requests", exact=True)).to_be_visible()
    before = page.evaluate("JSON.parse(sessionStorage.getItem('digitization.session'))")
    # The ID token is about to expire: the next call renews it with the refresh token first
    page.evaluate(
        """(() => {
            const key = 'digitization.session';
            const session = JSON.parse(sessionStorage.getItem(key));
            session.expiresAt = Date.now() + 30 * 1000;
            sessionStorage.setItem(key, JSON.stringify(session));
        })()"""
    )
    page.get_by_role("link", name="Request a copy").first.click()
    page.get_by_label("Title, ISBN or MMS ID").fill("ornament")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("button", name="Request this title")).to_be_visible()
    after = page.evaluate("JSON.parse(sessionStorage.getItem('digitization.session'))")
    soon = page.evaluate("Date.now()") + 30_000
    assert after["expiresAt"] > soon + 10 * 60_000, "a new ID token, valid for long again"
    assert after["refreshToken"] == before["refreshToken"], "the refresh token is kept"
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_the_declaration_is_shown_in_the_readers_language(browsing: Browsing, stack: RunningStack) -> None:
    form = "/copyright-declarations/digitization_request_copyright_declaration"
    text = "Private study only: I will not share this copy.\n--fr--\nÉtude privée seulement : je ne partagerai pas cette copie."
    assert stack.call("PUT", form, user=ADMIN, json={"text": text}).status_code == 200
    try:
        context = browsing.browser.new_context(locale="fr-FR")
        browsing.contexts.append(context)
        page = context.new_page()
        page.goto(stack.web_url + "/requests/new")
        sign_in(page, stack, "patron")
        page.get_by_label("Title, ISBN or MMS ID").fill("ornament")
        page.get_by_role("button", name="Find").click()
        page.get_by_role("button", name="Request this title").click()
        declaration = page.locator(".declaration")
        expect(declaration).to_have_text("Étude privée seulement : je ne partagerai pas cette copie.")
        expect(declaration).to_have_attribute("lang", "fr")
    finally:
        stack.call("DELETE", form, user=ADMIN)
