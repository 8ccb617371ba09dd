"""The rule editor in a real browser: an administrator adds a rule clause by clause (the API's message
next to the clause it names), edits its clauses and output, sees a colleague's change instead of
writing over it, and deletes it; the default rule's output is editable and takes no clauses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing, check_page, expect_refused
from tests.e2e.conftest import RunningStack

ADMIN = "fulfillment-admin"


def rule_named(stack: RunningStack, name: str) -> dict[str, Any]:
    return next(r for r in stack.call("GET", "/rules", user=ADMIN).json() if r["name"] == name)


def card(page: Page, name: str) -> Any:
    return page.get_by_role("article").filter(has=page.get_by_role("heading", name=name))


def test_an_administrator_adds_edits_and_deletes_a_rule(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    page = browsing.signed_in(ADMIN, "/staff/rules")
    page.get_by_text("New rule", exact=True).click()
    form = page.get_by_role("form", name="New rule")
    form.get_by_label("Name").fill("Short patron extracts")
    form.get_by_role("button", name="Add clause").click()
    form.get_by_label("Clause", exact=True).select_option("required_pages")
    form.get_by_label("Operator").select_option("<")
    value = form.get_by_label("Value")
    value.fill("-3")
    form.get_by_role("button", name="Add clause").click()
    form.get_by_label("Clause", exact=True).nth(1).select_option("request_type")
    form.get_by_label("Operator").nth(1).select_option("in_list")
    form.get_by_label("patron digitization").check()
    form.get_by_label("staff digitization").check()
    form.get_by_label("Delivery").select_option("document_delivery_attachment")
    form.get_by_label("Approval required").check()
    form.get_by_label("Approval: how").select_option("auto_approved")
    form.get_by_label("Approval: approve reason").select_option("Legal Exception")
    check_page(page, "rule-editor", tmp_path)
    form.get_by_role("button", name="Add rule").click()
    expect_refused(value, form, "the value cannot be negative")

    value.fill("20")
    form.get_by_role("button", name="Add rule").click()
    added = card(page, "Short patron extracts")
    expect(added).to_contain_text("Required pages is less than 20")
    stored = rule_named(stack, "Short patron extracts")
    assert stored["clauses"] == [
        {"name": "required_pages", "operator": "<", "value": 20},
        {
            "name": "request_type",
            "operator": "in_list",
            "value": ["patron_digitization", "staff_digitization"],
        },
    ]
    assert stored["output"]["target"] == "document_delivery_attachment"
    assert stored["output"]["approval"] == {
        "required": True,
        "mode": "auto_approved",
        "reason": "Legal Exception",
    }
    assert stored["output"]["copyright_clearance"]["required"] is False
    page.get_by_text("New rule", exact=True).click()  # a fresh form for the next one
    expect(page.get_by_role("form", name="New rule").get_by_label("Name")).to_have_value("")

    # Edit: the form starts from the rule as stored; one clause goes, the delivery becomes a link
    added.get_by_text("Edit", exact=True).click()
    edit = page.get_by_role("form", name="Edit Short patron extracts")
    expect(edit.get_by_label("Value").first).to_have_value("20")
    expect(edit.get_by_label("patron digitization")).to_be_checked()
    edit.get_by_role("button", name="Remove clause").nth(1).click()
    edit.get_by_label("Delivery").select_option("document_delivery_link")
    edit.get_by_label("Maximum views").fill("3")
    edit.get_by_role("button", name="Save rule").click()
    expect(card(page, "Short patron extracts")).to_contain_text("3 downloads")
    edited = rule_named(stack, "Short patron extracts")
    assert (len(edited["clauses"]), edited["output"]["max_views"]) == (1, 3)
    assert edited["output"]["approval"]["reason"] == "Legal Exception", "what the form did not change stays"

    # A colleague renames it meanwhile: this page's save is refused, and their change is shown
    colleague = {k: edited[k] for k in ("description", "enabled", "clauses", "output")}
    renamed = stack.call(
        "PUT",
        f"/rules/{edited['id']}",
        user=ADMIN,
        json={**colleague, "name": "Short extracts", "version": edited["version"]},
    )
    assert renamed.status_code == 200, renamed.text
    card(page, "Short patron extracts").get_by_text("Edit", exact=True).click()
    page.get_by_role("form", name="Edit Short patron extracts").get_by_label("Maximum views").fill("9")
    page.get_by_role("form", name="Edit Short patron extracts").get_by_role(
        "button", name="Save rule"
    ).click()
    expect(page.get_by_text("was changed by someone else meanwhile")).to_be_visible()
    expect(card(page, "Short extracts")).to_contain_text("3 downloads")
    assert rule_named(stack, "Short extracts")["output"]["max_views"] == 3

    card(page, "Short extracts").get_by_role("button", name="Delete").click()
    expect(card(page, "Short extracts")).to_have_count(0)
    assert "Short extracts" not in [r["name"] for r in stack.call("GET", "/rules", user=ADMIN).json()]


def test_the_default_rule_takes_an_output_but_no_clauses(browsing: Browsing, stack: RunningStack) -> None:
    before = rule_named(stack, "Default rule")
    page = browsing.signed_in(ADMIN, "/staff/rules")
    default = card(page, "(default rule)")
    expect(default.get_by_role("button", name="Delete")).to_have_count(0)
    default.get_by_text("Edit", exact=True).click()
    edit = default.get_by_role("form")
    expect(edit.get_by_role("button", name="Add clause")).to_have_count(0)
    edit.get_by_label("Copyright clearance required").check()
    edit.get_by_label("Copyright clearance: how").select_option("blocking")
    edit.get_by_role("button", name="Save rule").click()
    expect(card(page, "(default rule)")).to_contain_text("Needs copyright clearance (blocking).")
    try:
        after = rule_named(stack, "Default rule")
        assert after["output"]["copyright_clearance"] == {
            "required": True,
            "mode": "blocking",
            "reason": None,
        }
        assert after["clauses"] == []
    finally:
        body = {k: before[k] for k in ("name", "description", "enabled", "clauses", "output")}
        stack.call("PUT", f"/rules/{before['id']}", user=ADMIN, json=body)


def test_the_publisher_clause_offers_the_code_table(browsing: Browsing, stack: RunningStack) -> None:
    page = browsing.signed_in(ADMIN, "/staff/rules")
    page.get_by_text("New rule", exact=True).click()
    form = page.get_by_role("form", name="New rule")
    form.get_by_label("Name").fill("Ariadne titles")
    form.get_by_role("button", name="Add clause").click()
    form.get_by_label("Clause", exact=True).select_option("publisher")
    form.get_by_label("Value").select_option(label="Ariadne (ARIADNE)")
    form.get_by_role("button", name="Add rule").click()
    expect(card(page, "Ariadne titles")).to_contain_text("Publisher is ARIADNE")
    added = rule_named(stack, "Ariadne titles")
    try:
        assert added["clauses"] == [{"name": "publisher", "operator": "=", "value": "ARIADNE"}]
    finally:
        stack.call("DELETE", f"/rules/{added['id']}", user=ADMIN)


def test_saving_every_rule_unchanged_from_the_editor_changes_nothing(
    browsing: Browsing, stack: RunningStack
) -> None:
    """The editor reads each rule back as it is stored: a save without a change writes nothing, also
    for values spelled or ordered otherwise than the editor offers them, and a reason on a task whose
    mode does not use it."""
    tricky = {
        "name": "Spelled as stored",
        "clauses": [
            {"name": "patron_status", "operator": "=", "value": "Active"},
            {
                "name": "copyright_agency_approval_permission",
                "operator": "in_list",
                "value": ["scanning_approved", "digital_approved"],
            },
            {"name": "publication_date", "operator": "=", "value": {"within_last_years": 5}},
        ],
        "output": {
            "target": "document_delivery_attachment",
            "approval": {"required": False, "mode": "blocking", "reason": "Other"},
        },
    }
    assert stack.call("POST", "/rules", user=ADMIN, json=tricky).status_code == 201
    before = {r["id"]: r for r in stack.call("GET", "/rules", user=ADMIN).json()}
    page = browsing.signed_in(ADMIN, "/staff/rules")
    for rule in before.values():
        heading = re.compile(rf"^\d+\. {re.escape(rule['name'])}( \(default rule\))?$")
        article = page.get_by_role("article").filter(has=page.get_by_role("heading", name=heading))
        article.get_by_text("Edit", exact=True).click()
        article.get_by_role("button", name="Save rule").click()
        expect(page.locator("#announce")).to_contain_text(f"{rule['name']} saved.")
    after = {r["id"]: r for r in stack.call("GET", "/rules", user=ADMIN).json()}
    assert after == before
    added = next(r for r in after.values() if r["name"] == "Spelled as stored")
    stack.call("DELETE", f"/rules/{added['id']}", user=ADMIN)
