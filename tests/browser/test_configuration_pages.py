"""The configuration pages in a real browser: an administrator keeps the departments and words a letter
(an unknown placeholder said next to the text, the wording saved, its change listed, the shipped
wording restored), customizes a copyright declaration and restores it, sets the resource sharing
declaration, and keeps the publishers code table; an operator reads every page and can change
nothing."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import Browsing, check_page, expect_refused
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
    expect_refused(code, add, "already exists")

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
    expect_refused(text, letter, "unknown placeholder {nonsense}")

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


def test_a_letter_reworded_by_a_colleague_meanwhile_is_not_written_over(
    browsing: Browsing, stack: RunningStack
) -> None:
    page = browsing.signed_in(ADMIN, "/staff/letters")
    letter = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Request cancelled"))
    text = letter.get_by_label("Text", exact=True)
    expect(text).to_be_visible()
    shipped = stack.call("GET", "/letter-templates/cancelled", user=ADMIN).json()
    theirs = "Dear patron,\n\nwe cancelled {what}: {reason}. {note}\n\nThe library"
    colleague = {"subject": shipped["subject"], "text": theirs, "version": shipped["version"]}
    assert stack.call("PUT", "/letter-templates/cancelled", user=ADMIN, json=colleague).status_code == 200
    try:
        text.fill("Mine: {what} cancelled ({reason}). {note}")
        letter.get_by_role("button", name="Save wording").click()
        expect(letter).to_contain_text("was changed by someone else meanwhile")
        expect(letter.get_by_label("Text", exact=True)).to_have_value(theirs)
        assert stack.call("GET", "/letter-templates/cancelled", user=ADMIN).json()["text"] == theirs
    finally:
        stack.call("DELETE", "/letter-templates/cancelled", user=ADMIN)


def test_an_administrator_customizes_a_declaration_and_restores_it(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    page = browsing.signed_in(ADMIN, "/staff/declarations")
    form = page.get_by_role("article", name="Copyrights 2")
    expect(form).to_contain_text("File copyrights2.html. The default text.")
    check_page(page, "declarations", tmp_path)
    text = form.get_by_label("Text", exact=True)
    text.fill("Private study only. <b>No sharing.</b>")
    form.get_by_role("button", name="Save declaration").click()
    expect_refused(text, form, "HTML")

    text.fill("Private study only.\n--fr--\nÉtude privée seulement.")
    form.get_by_role("button", name="Save declaration").click()
    expect(form).to_contain_text("Customized by admin1")
    expect(form).to_contain_text("Sections: fr.")
    stored = stack.call(
        "GET", "/copyright-declarations/copyrights_2", user=ADMIN, headers={"Accept-Language": "fr"}
    )
    assert (stored.json()["customized"], stored.json()["shown"]["text"]) == (True, "Étude privée seulement.")
    form.get_by_text("Default text", exact=True).click()
    expect(form).to_contain_text("This digital copy is provided for your private study")
    form.get_by_text("Changes", exact=True).click()
    expect(form.get_by_role("listitem").filter(has_text="admin1 changed (text)")).to_have_count(1)

    form.get_by_role("button", name="Restore the default").click()
    expect(form).to_contain_text("The default text.")
    assert stack.call("GET", "/copyright-declarations/copyrights_2", user=ADMIN).json()["customized"] is False


def test_an_administrator_sets_the_resource_sharing_declaration(
    browsing: Browsing, stack: RunningStack
) -> None:
    page = browsing.signed_in(ADMIN, "/staff/declarations")
    section = page.get_by_role("form", name="Resource sharing copyright declaration")
    content = section.get_by_label("Content")
    content.fill("")
    section.get_by_label("Show it to patrons").check()
    section.get_by_role("button", name="Save resource sharing declaration").click()
    expect(content).to_have_attribute("aria-invalid", "true")
    expect(section).to_contain_text("before enabling it")
    assert stack.call("GET", "/resource-sharing-copyright-declaration", user=ADMIN).json()["enabled"] is False

    content.fill("Copies from partner libraries are for private study.")
    section.get_by_role("button", name="Save resource sharing declaration").click()
    expect(
        page.get_by_text("Shown to patrons before they request an item from a partner library.")
    ).to_be_visible()
    saved = stack.call("GET", "/resource-sharing-copyright-declaration", user=ADMIN).json()
    assert (saved["enabled"], saved["content"]) == (
        True,
        "Copies from partner libraries are for private study.",
    )
    page.get_by_role("form", name="Resource sharing copyright declaration").get_by_label(
        "Show it to patrons"
    ).uncheck()
    page.get_by_role("button", name="Save resource sharing declaration").click()
    expect(page.get_by_text("Off: patrons are not shown it.")).to_be_visible()


def test_an_administrator_keeps_the_publishers(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    page = browsing.signed_in(ADMIN, "/staff/code-tables")
    add = page.get_by_role("form", name="Add a publisher")
    add.get_by_label("Code").fill("BRW-PRESS")
    add.get_by_label("Name").fill("Browser Press")
    add.get_by_role("button", name="Add publisher").click()
    added = page.get_by_role("article", name="Browser Press (BRW-PRESS)")
    expect(added).to_be_visible()
    check_page(page, "code-tables", tmp_path)

    add.get_by_label("Code").fill("BRW-PRESS")
    add.get_by_label("Name").fill("Another")
    add.get_by_role("button", name="Add publisher").click()
    code = add.get_by_label("Code")
    expect_refused(code, add, "already exists")

    added.get_by_label("Name").fill("Browser University Press")
    added.get_by_role("button", name="Save publisher").click()
    renamed = page.get_by_role("article", name="Browser University Press (BRW-PRESS)")
    expect(renamed).to_be_visible()
    names = {p["code"]: p["name"] for p in stack.call("GET", "/copyright-publishers", user=ADMIN).json()}
    assert names["BRW-PRESS"] == "Browser University Press"
    publishers = page.get_by_role("region", name="Copyright publishers")
    publishers.get_by_text("Changes", exact=True).click()
    expect(
        publishers.get_by_role("listitem").filter(
            has_text="admin1 changed (name Browser Press → Browser University Press)"
        )
    ).to_have_count(1)

    renamed.get_by_role("button", name="Remove publisher").click()
    expect(page.get_by_role("article", name="Browser University Press (BRW-PRESS)")).to_have_count(0)
    codes = {p["code"] for p in stack.call("GET", "/copyright-publishers", user=ADMIN).json()}
    assert "BRW-PRESS" not in codes


def test_an_administrator_maps_citation_statuses_and_words_the_rs_statuses(
    browsing: Browsing, stack: RunningStack
) -> None:
    before = stack.call("GET", "/citation-copyright-defaults", user=ADMIN).json()
    page = browsing.signed_in(ADMIN, "/staff/code-tables")
    citations = page.get_by_role("form", name="Citation copyright statuses")
    citations.get_by_label("Brief citation").select_option("waiting")
    citations.get_by_role("button", name="Save citation statuses").click()
    expect(page.get_by_text("Changed by admin1")).to_be_visible()
    after = stack.call("GET", "/citation-copyright-defaults", user=ADMIN).json()
    assert (after["brief"], after["repository"]) == ("waiting", before["repository"])

    rs = page.get_by_role("region", name="Resource sharing copyright statuses")
    expect(rs).to_contain_text("Resource sharing copyright management is off")
    assert stack.call("PATCH", "/settings", user=ADMIN, json={"rs_borrower_copyright_management": True}).ok
    try:
        page.reload()
        ccg = page.get_by_role("article", name="CCG")
        ccg.get_by_label("Description").fill("<i>Fair dealing</i>")
        ccg.get_by_role("button", name="Save description").click()
        expect(ccg.get_by_label("Description")).to_have_attribute("aria-invalid", "true")
        ccg.get_by_label("Description").fill("Within the copyright guidelines")
        ccg.get_by_role("button", name="Save description").click()
        expect(page.get_by_role("article", name="CCG")).to_contain_text("Shipped description: Complies with")
        statuses = {s["code"]: s for s in stack.call("GET", "/rs-copyright-statuses", user=ADMIN).json()}
        assert (statuses["CCG"]["description"], statuses["CCG"]["customized"]) == (
            "Within the copyright guidelines",
            True,
        )
    finally:
        stack.call("PATCH", "/settings", user=ADMIN, json={"rs_borrower_copyright_management": False})
        body = {k: before[k] for k in ("repository", "non_repository", "brief")}
        stack.call("PUT", "/citation-copyright-defaults", user=ADMIN, json=body)


def test_an_administrator_writes_an_access_rights_policy(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    page = browsing.signed_in(ADMIN, "/staff/access-rights")
    add = page.get_by_role("form", name="Add a policy")
    add.get_by_label("Name").fill("Campus readers")
    add.get_by_label("The viewer must accept the declaration first").check()
    add.get_by_role("button", name="Add policy").click()
    obtrusive = add.get_by_label("The viewer must accept the declaration first")
    expect(obtrusive).to_have_attribute("aria-invalid", "true")
    expect(add).to_contain_text("needs a copyright_declaration")
    add.get_by_label("Copyright declaration").select_option("copyrights_1")
    add.get_by_role("button", name="Add policy").click()
    policy = page.get_by_role("article", name="Campus readers")
    expect(policy).to_contain_text("Shows Copyrights 1, which the viewer must accept first.")

    policy.get_by_text("Add a rule", exact=True).click()
    rule = policy.get_by_role("form", name="Add a rule to Campus readers")
    rule.get_by_label("Rule name").fill("On campus")
    rule.get_by_role("button", name="Add condition").click()
    rule.get_by_label("Condition", exact=True).select_option("ip_range")
    rule.get_by_label("Value").fill("10.0.0")
    rule.get_by_role("button", name="Add rule").click()
    value = rule.get_by_label("Value")
    expect_refused(value, rule, "Expected 4 octets")
    value.fill("10.0.0.0 - 10.255.255.255")
    rule.get_by_role("button", name="Add rule").click()
    expect(policy).to_contain_text("IP range is 10.0.0.0 - 10.255.255.255")

    policy.get_by_text("Add a rule", exact=True).click()
    rule.get_by_label("Rule name").fill("Signed-in readers")
    rule.get_by_role("button", name="Add condition").click()
    rule.get_by_label("Condition", exact=True).select_option("registered")
    rule.get_by_label("Then").select_option("allow_view")
    rule.get_by_role("button", name="Add rule").click()
    expect(policy).to_contain_text("Registered (signed in) is yes")
    policy.get_by_role("button", name="Move up").nth(1).click()
    expect(policy.get_by_role("heading", level=3).first).to_have_text("Signed-in readers")
    # Its Move up is now disabled, so focus goes to the rule's heading rather than to the page
    expect(policy.get_by_role("heading", name="Signed-in readers")).to_be_focused()
    check_page(page, "access-rights", tmp_path)
    policy.get_by_label("Enabled").first.uncheck()
    expect(page.locator("#announce")).to_contain_text("Signed-in readers is now disabled.")

    stored = next(
        p for p in stack.call("GET", "/access-rights", user=ADMIN).json() if p["name"] == "Campus readers"
    )
    assert [(r["name"], r["enabled"], r["output"]) for r in stored["rules"]] == [
        ("Signed-in readers", False, {"access": "allow", "allow_download": False}),
        ("On campus", True, {"access": "allow", "allow_download": True}),
    ]
    assert stored["rules"][1]["parameters"] == [
        {"name": "ip_range", "operator": "=", "value": "10.0.0.0 - 10.255.255.255"}
    ]
    assert (stored["copyright_declaration"], stored["obtrusive"], stored["default_rule"]["access"]) == (
        "copyrights_1",
        True,
        "deny",
    )

    policy.get_by_text("Digital titles with this policy", exact=True).click()
    expect(policy).to_contain_text("No digital title uses it.")
    policy.get_by_role("button", name="Duplicate policy").click()
    copy = page.get_by_role("article", name="Copy of Campus readers")
    expect(copy).to_contain_text("IP range is 10.0.0.0 - 10.255.255.255")
    copy.get_by_role("button", name="Delete policy").click()
    expect(page.get_by_role("article", name="Copy of Campus readers")).to_have_count(0)
    names = [p["name"] for p in stack.call("GET", "/access-rights", user=ADMIN).json()]
    assert "Campus readers" in names
    assert "Copy of Campus readers" not in names


def test_a_colleagues_change_to_a_policy_is_never_written_over(
    browsing: Browsing, stack: RunningStack
) -> None:
    body = {
        "name": "Shared policy",
        "rules": [{"name": "Staff", "parameters": [], "output": {"access": "allow"}}],
    }
    created = stack.call("POST", "/access-rights", user=ADMIN, json=body).json()
    path = f"/access-rights/{created['id']}"
    page = browsing.signed_in(ADMIN, "/staff/access-rights")
    policy = page.get_by_role("article", name="Shared policy")
    expect(policy).to_contain_text("Staff")

    def colleague_adds(name: str) -> None:
        latest = stack.call("GET", path, user=ADMIN).json()
        rules = [*latest["rules"], {"name": name, "parameters": [], "output": {"access": "deny"}}]
        changed = stack.call(
            "PUT", path, user=ADMIN, json={**body, "rules": rules, "version": latest["version"]}
        )
        assert changed.status_code == 200, changed.text

    colleague_adds("Added elsewhere")
    policy.get_by_label("Enabled").first.uncheck()  # made on the page as it was read
    expect(policy).to_contain_text("was changed by someone else meanwhile")
    expect(policy.get_by_role("heading", name="Added elsewhere")).to_be_visible()
    expect(policy.get_by_label("Enabled").first).to_be_checked()
    stored = stack.call("GET", path, user=ADMIN).json()
    assert [(r["name"], r["enabled"]) for r in stored["rules"]] == [
        ("Staff", True),
        ("Added elsewhere", True),
    ]

    colleague_adds("Added elsewhere again")
    policy.get_by_text("Add a rule", exact=True).click()
    policy.get_by_label("Rule name").fill("Added here")
    policy.get_by_role("button", name="Add rule").click()
    expect(policy.get_by_role("heading", name="Added here")).to_be_visible()
    names = [r["name"] for r in stack.call("GET", path, user=ADMIN).json()["rules"]]
    assert names == ["Staff", "Added elsewhere", "Added elsewhere again", "Added here"]


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
    expect(page.get_by_role("link", name="Access rights")).to_have_count(0)  # the API is the admin's only
    for name, heading, loaded in (
        ("Declarations", "Copyright declarations", "Copyrights 2"),
        ("Code tables", "Code tables", "Ariadne (ARIADNE)"),
    ):
        page.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name=loaded)).to_be_visible()  # the API's answer is drawn
        expect(page.get_by_role("form")).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile(r"^(Save|Add|Remove|Restore)"))).to_have_count(0)
        expect(page.get_by_text("Only a fulfillment administrator can change them.")).to_be_visible()
        check_page(page)
