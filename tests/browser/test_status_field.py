"""The Status field on the operator's In process page (issue 11, part 3): only the statuses the
request may move to now, the API's message next to the field it names, a cancellation's reason."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing, check_page, patron_request
from tests.e2e.conftest import RunningStack

OPERATOR = "work-order-operator"


def test_an_operator_changes_a_status_with_the_status_field(browsing: Browsing, stack: RunningStack) -> None:
    rid = patron_request(stack, "Status field walk")
    desk = {"department": "DIGI-MAIN"}
    scanned = stack.call("POST", f"/requests/{rid}/scan-in", user=OPERATOR, json=desk)
    assert scanned.status_code == 200, scanned.text
    allowed = scanned.json()["allowed_statuses"]
    assert "CANCELLED" in allowed

    page = browsing.signed_in(OPERATOR, "/staff/in-process?department=DIGI-MAIN")
    card = page.get_by_role("article").filter(has_text="Status field walk")
    card.get_by_text("Change status").click()  # the disclosure
    status = card.get_by_label("Status", exact=True)
    expect(status.locator("option")).to_have_count(len(allowed))
    check_page(page)
    status.select_option("CANCELLED")
    card.get_by_label("Note").fill("Withdrawn by the library")
    card.get_by_role("button", name="Save status").click()
    reason = card.get_by_label("Cancellation reason")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_be_focused()
    reason.select_option("duplicate_request")
    card.get_by_role("button", name="Save status").click()
    expect(card).to_contain_text("Cancelled")
    expect(card.get_by_text("Change status")).to_have_count(0)
    stored = stack.call("GET", f"/requests/{rid}", user=OPERATOR).json()
    assert stored["status"] == "CANCELLED"
    assert (stored["history"][-1]["reason"], stored["history"][-1]["note"]) == (
        "duplicate_request",
        "Withdrawn by the library",
    )
