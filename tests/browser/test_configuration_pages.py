"""The configuration pages of issue 11 in a real browser: an administrator keeps the departments and
words a letter (an unknown placeholder said next to the text, the wording saved, its change listed,
the shipped wording restored); an operator reads both pages and can change neither."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import Browsing, check_page
from tests.e2e.conftest import RunningStack

ADMIN, OPERATOR = "fulfillment-admin", "work-order-operator"


def test_an_administrator_keeps_the_departments(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    page = browsing.signed_in(ADMIN, "/staff/departments")
    expect(page.get_by_role("heading", name="Digitization Center (DIGI-MAIN)")).to_be_visible()
    add = page.get_by_role("form", name="Add a department")
    add.get_by_label("Code").fill("bind-1")
    add.get_by_label("Name").fill("Bindery")
    add.get_by_label("Kind").select_option("other")
    add.get_by_role("button", name="Add department").click()
    bindery = page.get_by_role("article", name="Bindery (BIND-1)")
    expect(bindery).to_contain_text("Not a digitization department")
    check_page(page, "departments", tmp_path)

    # The same code again: the API's 409 next to the code.
    add.get_by_label("Code").fill("BIND-1")
    add.get_by_label("Name").fill("Bindery again")
    add.get_by_role("button", name="Add department").click()
    code = add.get_by_label("Code")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_be_focused()
    expect(add).to_contain_text("already exists")

    bindery.get_by_label("Name").fill("Bindery and repair")
    bindery.get_by_label("Kind").select_option("digitization")
    bindery.get_by_role("button", name="Save department").click()
    renamed = page.get_by_role("article", name="Bindery and repair (BIND-1)")
    expect(renamed).to_contain_text("Digitization department")
    assert stack.call("GET", "/departments/BIND-1", user=ADMIN).json() == {
        "code": "BIND-1",
        "name": "Bindery and repair",
        "kind": "digitization",
    }
    renamed.get_by_role("button", name="Remove department").click()
    expect(page.get_by_role("article", name="Bindery and repair (BIND-1)")).to_have_count(0)
    assert stack.call("GET", "/departments/BIND-1", user=ADMIN).status_code == 404


def test_an_administrator_words_a_letter_and_restores_it(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    page = browsing.signed_in(ADMIN, "/staff/letters")
    letter = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Request expired"))
    expect(letter).to_contain_text("The shipped wording.")
    check_page(page, "letters", tmp_path)
    text = letter.get_by_label("Text", exact=True)
    text.fill("Dear patron, your request for {title} expired. {nonsense}")
    letter.get_by_role("button", name="Save wording").click()
    expect(text).to_have_attribute("aria-invalid", "true")
    expect(text).to_be_focused()
    expect(letter).to_contain_text("unknown placeholder {nonsense}")

    text.fill("Dear patron,\n\nyour request for {title} has expired.\n\nThe library")
    letter.get_by_role("button", name="Save wording").click()
    expect(letter).to_contain_text("Worded by admin1")
    stored = stack.call("GET", "/letter-templates/expired", user=ADMIN).json()
    assert (stored["customized"], stored["text"]) == (
        True,
        "Dear patron,\n\nyour request for {title} has expired.\n\nThe library",
    )
    assert stored["subject"] == stored["default_subject"], "the subject's language sections kept"
    letter.get_by_text("Changes", exact=True).click()
    expect(letter.get_by_role("listitem").filter(has_text="admin1 changed (text)")).to_have_count(1)

    letter.get_by_role("button", name="Restore the shipped wording").click()
    expect(letter).to_contain_text("The shipped wording.")
    assert stack.call("GET", "/letter-templates/expired", user=ADMIN).json()["customized"] is False


def test_an_operator_reads_the_configuration_and_changes_nothing(browsing: Browsing) -> None:
    page = browsing.signed_in(OPERATOR, "/staff/departments")
    expect(page.get_by_role("heading", name="Digitization Center (DIGI-MAIN)")).to_be_visible()
    expect(page.get_by_text("Only a fulfillment administrator can change them.")).to_be_visible()
    expect(page.get_by_role("button", name="Save department")).to_have_count(0)
    expect(page.get_by_role("form", name="Add a department")).to_have_count(0)
    check_page(page)
    page.get_by_role("link", name="Letters").click()
    expect(page.get_by_role("heading", name="Letters", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Save wording")).to_have_count(0)
    expect(page.get_by_text("Subject:").first).to_be_visible()
    check_page(page)
