"""The web app walked in a real browser (SPEC §10): a patron requests a chapter; an operator scans it in
by barcode, uploads two files and delivers by link; the patron opens the letter's link in a fresh
browser, signs in and receives the file; a manager approves a blocking request; an administrator
reorders the rules and reads a dry run. Every main page is checked with axe-core and at 320 px."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import FilePayload, Page, expect

from tests.browser.conftest import Browsing, check_page, download_link_in_letters, patron_request, sign_in
from tests.e2e.conftest import RunningStack

OPERATOR, MANAGER, ADMIN = "work-order-operator", "fulfillment-services-manager", "fulfillment-admin"


def request_a_chapter(page: Page, tmp: Path | None = None) -> None:
    """From My requests to a sent request for chapter 3, pages 35-40 of the SPEC's book."""
    page.get_by_role("link", name="Request a copy").first.click()
    expect(page.get_by_role("heading", name="Request a copy")).to_be_visible()
    page.get_by_label("Title, ISBN or MMS ID").fill("ornament cri")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name="Ornament and Crime")).to_be_visible()
    page.get_by_role("button", name="Request this title").click()
    page.get_by_label("Chapters", exact=True).fill("3")
    page.get_by_label("Pages", exact=True).fill("35-400")
    expect(page.locator(".declaration")).to_contain_text("copy")
    check_page(page, "request-form", tmp)
    # The declaration must be accepted first: said next to the checkbox, nothing sent
    page.get_by_role("button", name="Send request").click()
    accept = page.get_by_label("I have read the copyright declaration and accept it")
    expect(accept).to_be_focused()
    expect(page.get_by_text("Tick the box to accept the copyright declaration")).to_be_visible()
    accept.check()
    # The API's message for a bad value lands next to the field it names
    page.get_by_role("button", name="Send request").click()
    pages = page.get_by_label("Pages", exact=True)
    expect(pages).to_have_attribute("aria-invalid", "true")
    expect(pages).to_have_accessible_description(
        "Page ranges, e.g. 15-20, 35-40 '35-400' goes past the last page (220)"
    )
    pages.fill("35-40")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="My requests", exact=True)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Your request was sent")).to_be_visible()


def test_patron_operator_and_the_letters_link(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    # -- a patron signs in, requests a chapter, sees it in My requests
    patron = browsing.page()
    patron.goto(stack.web_url + "/")
    check_page(patron, "sign-in", tmp_path)
    sign_in(patron, stack, "patron")
    expect(patron.get_by_role("heading", name="My requests", exact=True)).to_be_visible()
    request_a_chapter(patron, tmp_path)
    request_id = patron.url.split("created=", 1)[1]
    mine = patron.get_by_role("article").filter(has_text="Chapter 3; Pages 35-40").first
    expect(mine.get_by_role("heading", name="Ornament and Crime")).to_be_visible()
    expect(mine).to_contain_text("On its way to digitization")
    expect(mine.get_by_role("button", name="Cancel request")).to_be_visible()
    check_page(patron, "my-requests", tmp_path)

    # -- an operator scans it in by barcode, moves it on, uploads two files, delivers by link
    operator = browsing.signed_in(OPERATOR)
    expect(operator.get_by_role("heading", name="In-process items")).to_be_visible()
    operator.get_by_label("Barcode").fill("B0001")
    operator.get_by_role("button", name="Scan in", exact=True).click()
    expect(
        operator.get_by_text("Scanned in: “Ornament and Crime” (chapter 3; pages 35-40) for patron1")
    ).to_be_visible()
    expect(operator.get_by_label("Barcode")).to_be_focused()
    item = operator.get_by_role("article").filter(has_text="chapter 3; pages 35-40").first
    item.get_by_role("button", name="Next step").click()
    item = operator.get_by_role("article").filter(has_text="Being prepared for delivery").first
    # One file chosen with the file picker, one dropped on the drop zone; both go straight to S3
    first: FilePayload = {
        "name": "chapter-3-part-1.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4 one " * 2000,
    }
    item.locator("input[type=file]").set_input_files(first)
    expect(item.get_by_text("chapter-3-part-1.pdf: uploaded")).to_be_visible()
    item.locator(".dropzone").evaluate(
        """(zone) => {
            const dropped = new DataTransfer();
            dropped.items.add(new File(['%PDF-1.4 two '.repeat(2000)], 'chapter-3-part-2.pdf', {type: 'application/pdf'}));
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dropped, bubbles: true, cancelable: true}));
        }"""
    )
    ready = item.get_by_role("list", name="Files ready to deliver")
    expect(ready.get_by_role("listitem")).to_have_count(2)
    expect(item.get_by_text("chapter-3-part-2.pdf: uploaded")).to_be_visible()
    check_page(operator, "in-process", tmp_path)
    # A URL with a note beside the files; a note on a file; the file downloaded to check it
    added = item.get_by_role("form", name="Add a URL for “Ornament and Crime”")
    added.get_by_label("URL").fill("https://example.org/plates")
    added.get_by_label("Note").fill("Plates, open access")
    added.get_by_role("button", name="Add URL").click()
    expect(ready.get_by_role("listitem")).to_have_count(3)
    expect(ready.get_by_text("https://example.org/plates")).to_be_visible()
    ready.get_by_role("button", name="Edit chapter-3-part-1.pdf").click()
    editing = ready.get_by_role("form", name="Edit chapter-3-part-1.pdf")
    editing.get_by_label("Note").fill("Checked against the book")
    editing.get_by_role("button", name="Save").click()
    expect(ready.get_by_text("— Checked against the book")).to_be_visible()
    operator.evaluate("window.open = (url) => { window.openedUrl = url; }")
    ready.get_by_role("button", name="Download chapter-3-part-1.pdf").click()
    operator.wait_for_function("() => Boolean(window.openedUrl)")
    opened = requests.get(operator.evaluate("window.openedUrl"), timeout=30)
    assert opened.content == b"%PDF-1.4 one " * 2000, "the presigned GET serves the uploaded file"
    item.get_by_role("button", name="Deliver").click()
    expect(
        operator.get_by_text("Delivered “Ornament and Crime”: patron1 has been sent the letter.")
    ).to_be_visible()

    # -- the patron opens the letter's link in a fresh browser: sign-in first, then the file
    link = download_link_in_letters(stack, request_id)
    assert link.startswith(stack.web_url + "/d/")
    token = link.rsplit("/", 1)[-1]
    fresh = browsing.page()
    fresh.goto(link)
    expect(fresh.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(fresh, stack, "patron")
    expect(fresh.get_by_role("heading", name="Your copy is ready")).to_be_visible()
    expect(fresh.get_by_text("Ornament_and_Crime.zip")).to_be_visible()
    expect(fresh.locator("#views-left")).to_have_text("5 of 5")
    # Opening the page (again) counted nothing: a mail scanner's visit is free
    fresh.reload()
    expect(fresh.locator("#views-left")).to_have_text("5 of 5")
    status = stack.call("GET", f"/downloads/{token}/status", user="patron").json()
    assert status["views_left"] == 5
    check_page(fresh, "download", tmp_path)
    with fresh.expect_download() as download:
        fresh.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "Ornament_and_Crime.zip"
    assert Path(download.value.path()).read_bytes().startswith(b"PK"), "the zip of both files"
    expect(fresh.locator("#views-left")).to_have_text("4 of 5")
    expect(fresh.get_by_text("Your download has started. 4 downloads left.")).to_be_visible()
    # And My requests says so too
    patron.reload()
    done = patron.get_by_role("article").filter(has_text="Chapter 3; Pages 35-40").first
    expect(done).to_contain_text("Completed")
    expect(done).to_contain_text("4 of 5 downloads left")


def blocking_request(stack: RunningStack) -> str:
    """A graduate's request under a rule that blocks until a manager approves (set up through the API)."""
    rules = stack.call("GET", "/rules", user=ADMIN).json()
    if not any(rule["name"] == "Graduate requests need approval" for rule in rules):
        created = stack.call(
            "POST",
            "/rules",
            user=ADMIN,
            json={
                "name": "Graduate requests need approval",
                "clauses": [{"name": "user_group", "operator": "=", "value": "graduate"}],
                "output": {
                    "target": "document_delivery_link",
                    "max_views": 3,
                    "approval": {"required": True, "mode": "blocking"},
                },
            },
        )
        assert created.status_code == 201, created.text
    body: dict[str, Any] = {
        "request_type": "patron_digitization",
        "item": {"mms_id": "991234", "barcode": "E0001"},
        "partial": True,
        "pages": "100-104",
    }
    request = stack.call("POST", "/requests", user="patron2", json=body)
    assert request.status_code == 201, request.text
    rid: str = request.json()["id"]
    # An electronic copy is located in the repository, not scanned in.
    located = stack.call("POST", f"/requests/{rid}/locate", user=OPERATOR, json={"department": "DIGI-MAIN"})
    assert located.status_code == 200, located.text
    blocked = stack.call(
        "POST", f"/requests/{rid}/next-step", user=OPERATOR, json={"department": "DIGI-MAIN"}
    )
    assert blocked.status_code == 409, "blocking: no next step before the approval"
    return rid


def test_manager_approves_a_blocking_request(browsing: Browsing, stack: RunningStack, tmp_path: Path) -> None:
    rid = blocking_request(stack)
    manager = browsing.signed_in(MANAGER)
    expect(manager.get_by_role("heading", name="Approval requests")).to_be_visible()
    card = manager.get_by_role("article").filter(has_text="pages 100-104 by patron2").first
    expect(card).to_contain_text("Graduate requests need approval")
    card.get_by_role("button", name="Work on").click()
    expect(card.get_by_label("CC number")).to_be_visible()
    # A manager decides approval tasks only: no clearance decision is offered
    expect(card.get_by_role("button", name="Approve", exact=True)).to_have_count(1)
    check_page(manager, "approvals", tmp_path)
    # No reason: the API's message shows next to the reason
    card.get_by_role("button", name="Approve", exact=True).click()
    reason = card.get_by_label("Approval reason")
    expect(reason).to_have_attribute("aria-invalid", "true")
    reason.select_option("Covered by License")
    card.get_by_label("Approval note").fill("Within our licence.")
    card.get_by_role("button", name="Approve", exact=True).click()
    expect(manager.get_by_text("pages 100-104 by patron2")).to_have_count(0)
    after = stack.call("GET", f"/requests/{rid}", user=MANAGER).json()
    assert [(t["type"], t["status"], t["reason"]) for t in after["tasks"]] == [
        ("approval", "approved", "Covered by License")
    ]
    moved = stack.call("POST", f"/requests/{rid}/next-step", user=OPERATOR, json={"department": "DIGI-MAIN"})
    assert moved.status_code == 200, "approved: the workflow goes on"
    # Filter by this record: the approved list, narrowed to the same title
    manager.get_by_label("Status").select_option("approved")
    manager.get_by_role("button", name="Show").click()
    approved = manager.get_by_role("article").filter(has_text="pages 100-104 by patron2").first
    approved.get_by_role("button", name="Filter by this record").click()
    expect(manager.get_by_text("Showing every request for the same record")).to_be_visible()


def test_admin_reorders_rules_and_reads_a_dry_run(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    patron_request(stack, "Dry run")  # a request for the dry run, whichever tests ran before this one
    before = [rule["name"] for rule in stack.call("GET", "/rules", user=ADMIN).json()]
    admin = browsing.signed_in(ADMIN)
    expect(admin.get_by_role("heading", name="Digitization and copyright rules")).to_be_visible()
    first = admin.get_by_role("article").filter(has=admin.get_by_role("heading", name=f"1. {before[0]}"))
    first.get_by_role("button", name="Move down").click()
    expect(admin.get_by_role("heading", name=f"1. {before[1]}")).to_be_visible()
    expect(admin.get_by_role("heading", name=f"2. {before[0]}")).to_be_visible()
    after = [rule["name"] for rule in stack.call("GET", "/rules", user=ADMIN).json()]
    assert after == [before[1], before[0], *before[2:]]
    # Its change history says who moved it
    moved = admin.get_by_role("article").filter(has=admin.get_by_role("heading", name=f"2. {before[0]}"))
    moved.get_by_text("Changes", exact=True).click()
    expect(moved.get_by_role("listitem").filter(has_text="admin1 moved it").first).to_be_visible()
    # The dry run for a stored request, clause by clause
    admin.get_by_label("Request", exact=True).select_option(index=1)
    admin.get_by_role("button", name="Run the rules").click()
    result = admin.get_by_role("heading", name=re.compile(r"^Applies: "))
    expect(result).to_be_focused()
    tried = admin.get_by_role("list", name="Rules tried, in order")
    expect(tried.locator(".clauses li").first).to_be_visible()
    assert tried.locator(".clauses li.failed").count() + tried.locator(".clauses li.held").count() > 0
    check_page(admin, "rules", tmp_path)
    # Settings: the API's message next to the field, then saved
    admin.get_by_role("link", name="Settings").click()
    days = admin.get_by_label("Days delivery files are kept")
    days.fill("999")
    admin.get_by_role("button", name="Save settings").click()
    expect(days).to_have_attribute("aria-invalid", "true")
    days.fill("30")
    admin.get_by_label("Seconds a download can be resumed without counting").fill("300")
    admin.get_by_role("button", name="Save settings").click()
    expect(admin.get_by_text("Settings saved.")).to_be_visible()
    assert stack.call("GET", "/settings", user=ADMIN).json()["download_reuse_window_seconds"] == 300
    admin.get_by_text("Changes", exact=True).click()
    latest = admin.locator("details.history li").first
    expect(latest).to_contain_text("admin1 changed (")
    expect(latest).to_contain_text("download reuse window seconds")
    expect(latest).to_contain_text("→ 300")
    check_page(admin, "settings", tmp_path)


def test_digitization_manager_clears_copyright_with_the_cc_fields(
    browsing: Browsing, stack: RunningStack
) -> None:
    # A whole item: the demo rule "Whole items into the repository" needs copyright clearance, blocking
    body = {
        "request_type": "patron_digitization",
        "item": {"mms_id": "992001", "barcode": "B0002"},
        "partial": False,
    }
    rid = stack.call("POST", "/requests", user="patron", json=body).json()["id"]
    scanned = stack.call(
        "POST", f"/requests/{rid}/scan-in", user=OPERATOR, json={"department": "DIGI-MAIN"}
    ).json()
    assert [(t["type"], t["mode"]) for t in scanned["tasks"]] == [("copyright_clearance", "blocking")]
    clearer = browsing.signed_in("digitization-manager")
    card = clearer.get_by_role("article").filter(has_text="whole item by patron1").first
    card.get_by_role("button", name="Work on").click()
    card.get_by_label("Approval reason").select_option("Direct Permission Obtained")
    card.get_by_role("button", name="Approve", exact=True).click()
    # The CC number and both dates come first: the message is next to the CC number
    cc_number = card.get_by_label("CC number")
    expect(cc_number).to_have_attribute("aria-invalid", "true")
    expect(cc_number).to_be_focused()
    cc_number.fill("CCC-2026-0042")
    card.get_by_label("CC order date").fill("2026-11-02")
    card.get_by_label("CC approval date").fill("2026-11-20")
    card.get_by_role("button", name="Save details").click()
    expect(card.get_by_text("Saved.")).to_be_visible()
    card.get_by_role("button", name="Approve", exact=True).click()
    expect(clearer.get_by_text("whole item by patron1")).to_have_count(0)
    after = stack.call("GET", f"/requests/{rid}", user=MANAGER).json()
    assert after["approval"]["cc_number"] == "CCC-2026-0042"
    assert [(t["type"], t["status"]) for t in after["tasks"]] == [("copyright_clearance", "approved")]


def test_staff_read_the_compliance_reports_and_download_them(
    browsing: Browsing, stack: RunningStack, tmp_path: Path
) -> None:
    body = {
        "request_type": "course_related_digitization",
        "item": {"mms_id": "991234"},
        "partial": True,
        "pages": "15-20",
        "chapters": ["2"],
        "course": {"id": "ARCH210", "start": "2026-09-01", "end": "2026-12-20"},
    }
    assert stack.call("POST", "/requests", user="patron2", json=body).status_code == 201
    manager = browsing.signed_in(MANAGER, "/staff/reports")
    expect(manager.get_by_role("heading", name="Compliance reports")).to_be_visible()
    cla = manager.get_by_role("form", name="CLA: copying for a course")
    cla.get_by_label("Course ID").fill("ARCH210")
    cla.get_by_role("button", name="Show report").click()
    work = cla.get_by_role("list", name="Works copied for ARCH210").get_by_role("listitem")
    expect(work).to_have_count(1)
    expect(work).to_contain_text("Ornament and Crime")
    expect(work).to_contain_text("6 of 220")
    expect(work).to_contain_text("Within the limit")
    with manager.expect_download() as download:
        cla.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == "cla-ARCH210.csv"
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0].startswith("key,title,pages_copied")
    assert "Ornament and Crime" in lines[1]
    # A bad year: the API's message next to the field
    contu = manager.get_by_role("form", name="CONTU: rule of five")
    contu.get_by_label("Year").fill("1200")
    contu.get_by_role("button", name="Show report").click()
    expect(contu.get_by_label("Year")).to_have_attribute("aria-invalid", "true")
    # This year's article from a 2023 issue counts under CONTU
    article = {
        "request_type": "patron_digitization",
        "item": {"mms_id": "992001", "barcode": "B0002"},
        "partial": True,
        "article_title": "Counted",
    }
    for n in range(6):  # six copies from recent issues of one periodical: over CONTU's five
        counted = article | {"article_title": f"Counted {n}"}
        assert stack.call("POST", "/requests", user="patron2", json=counted).status_code == 201
    this_year = str(datetime.now(UTC).year)
    contu.get_by_label("Year").fill(this_year)
    contu.get_by_role("button", name="Show report").click()
    journal = contu.get_by_role("list", name=f"Periodicals copied in {this_year}").get_by_role("listitem")
    over = journal.filter(has_text="Journal of Design History")
    expect(over).to_contain_text("0952-4649")
    expect(over).to_contain_text("Over the limit")
    expect(over).to_have_class(re.compile(r"\bover\b"))
    chart = contu.get_by_role("figure", name=re.compile(f"Top periodicals copied in {this_year}"))
    expect(chart.get_by_role("listitem").filter(has_text="Journal of Design History")).to_contain_text(
        "(over)"
    )
    check_page(manager, "reports", tmp_path)
