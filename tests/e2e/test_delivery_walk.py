"""Delivery over real HTTP: the three targets from create to COMPLETED, and racing downloads."""

from __future__ import annotations

import copy
import email
import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import pytest
import requests

from local_stack.demo import CREATE_BODY

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack

OPERATOR, ADMIN = "work-order-operator", "fulfillment-admin"
DESK = {"department": "DIGI-MAIN"}


def subjects_to(stack: RunningStack, address: str) -> list[str]:
    """Subjects of the letters SES (moto) accepted for ``address``, plain and raw (with attachments)."""
    data = requests.get(f"{stack.aws_endpoint_url}/moto-api/data.json", timeout=30).json()
    ses = data.get("ses", {})
    subjects = [m["subject"] for m in ses.get("Message", []) if address in str(m.get("destinations", ""))]
    for raw in ses.get("RawMessage", []):
        parsed = email.message_from_string(raw.get("raw_data", ""))
        if address in str(parsed["To"]):
            subjects.append(str(parsed["Subject"]))
    return subjects


def only_rule(stack: RunningStack, output: dict[str, Any]) -> None:
    for rule in stack.call("GET", "/rules", user=ADMIN).json()[:-1]:
        stack.call("DELETE", f"/rules/{rule['id']}", user=ADMIN)
    created = stack.call(
        "POST", "/rules", user=ADMIN, json={"name": "Deliver", "clauses": [], "output": output}
    )
    assert created.status_code == 201, created.text


def at_delivery(stack: RunningStack) -> str:
    created = stack.call("POST", "/requests", user="patron", json=copy.deepcopy(CREATE_BODY))
    rid: str = created.json()["id"]
    assert stack.call("POST", f"/requests/{rid}/scan-in", user=OPERATOR, json=DESK).status_code == 200
    assert stack.call("POST", f"/requests/{rid}/next-step", user=OPERATOR, json=DESK).status_code == 200
    return rid


def upload(stack: RunningStack, rid: str, name: str, data: bytes) -> None:
    ticket = stack.call(
        "POST",
        f"/requests/{rid}/files",
        user=OPERATOR,
        json={**DESK, "file_name": name, "content_type": "application/pdf"},
    )
    assert ticket.status_code == 201, ticket.text
    answer = requests.post(
        ticket.json()["url"],
        data=ticket.json()["fields"],
        files={"file": (name, data, "application/pdf")},
        timeout=60,
    )
    assert answer.status_code in {200, 204}, answer.text


def deliver(stack: RunningStack, rid: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = stack.call("POST", f"/requests/{rid}/deliver", user=OPERATOR, json={**DESK, **(body or {})})
    assert response.status_code == 200, response.text
    delivered: dict[str, Any] = response.json()
    return delivered


def test_attachment_walk(fresh_stack: RunningStack) -> None:
    only_rule(fresh_stack, {"target": "document_delivery_attachment"})
    rid = at_delivery(fresh_stack)
    upload(fresh_stack, rid, "chapter-3.pdf", b"%PDF-1.4 chapter three")
    assert deliver(fresh_stack, rid)["status"] == "COMPLETED"
    assert "Your digitized copy is attached" in subjects_to(fresh_stack, "patron1@example.edu")


def test_delivery_documents_walk(fresh_stack: RunningStack) -> None:
    """A URL with a note, a renamed file, and the file downloaded through the function's own presigned
    GET (the template grants it GetObject on the uploads): then both go out with the letter."""
    only_rule(fresh_stack, {"target": "document_delivery_attachment"})
    rid = at_delivery(fresh_stack)
    upload(fresh_stack, rid, "scan.pdf", b"%PDF-1.4 chapter three")
    link = fresh_stack.call(
        "POST",
        f"/requests/{rid}/files",
        user=OPERATOR,
        json={"department": "DIGI-MAIN", "url": "https://example.org/a", "note": "OA"},
    )
    assert link.status_code == 201, link.text
    [scan] = [
        d for d in fresh_stack.call("GET", f"/requests/{rid}/files", user=OPERATOR).json() if d["uploaded"]
    ]
    renamed = fresh_stack.call(
        "PATCH", f"/requests/{rid}/files/{scan['file_id']}", user=OPERATOR, json={"name": "Chapter 3.pdf"}
    )
    assert renamed.status_code == 200, renamed.text
    got = fresh_stack.call(
        "GET", f"/requests/{rid}/files/{scan['file_id']}", user="fulfillment-services-manager"
    )
    assert got.status_code == 200, got.text
    fetched = requests.get(got.json()["url"], timeout=30)
    assert (fetched.status_code, fetched.content) == (200, b"%PDF-1.4 chapter three")
    assert fresh_stack.call("GET", f"/requests/{rid}/files", user="patron").status_code == 403
    delivered = deliver(fresh_stack, rid)
    assert [f["name"] for f in delivered["delivery"]["files"]] == ["Chapter_3.pdf"]
    late = fresh_stack.call(
        "PATCH", f"/requests/{rid}/files/{scan['file_id']}", user=OPERATOR, json={"note": "x"}
    )
    assert late.status_code == 409


def test_repository_walk(fresh_stack: RunningStack) -> None:
    only_rule(fresh_stack, {"target": "digital_inventory", "representation": {"collection": "Reserves"}})
    rid = at_delivery(fresh_stack)
    upload(fresh_stack, rid, "whole.pdf", b"%PDF-1.4 whole")
    delivered = deliver(fresh_stack, rid, {"usage_type": "derivative"})
    assert delivered["status"] == "COMPLETED"
    assert delivered["delivery"]["representation_id"]
    assert "Your digitized copy is in the library's repository" in subjects_to(
        fresh_stack, "patron1@example.edu"
    )


def test_link_walk_with_zip(fresh_stack: RunningStack) -> None:
    only_rule(fresh_stack, {"target": "document_delivery_link", "max_views": 2})
    rid = at_delivery(fresh_stack)
    upload(fresh_stack, rid, "a.pdf", b"A" * 100)
    upload(fresh_stack, rid, "b.pdf", b"B" * 100)
    delivered = deliver(fresh_stack, rid)
    assert delivered["status"] == "COMPLETED"
    token = delivered["delivery"]["link_token"]
    sent = [(letter["kind"], letter["status"]) for letter in delivered["letters"]]
    assert sent == [("delivered_link", "sent")]
    assert delivered["letters"][0]["data"]["link"] == f"{fresh_stack.web_url}/d/{token}", (
        "the web app's download page"
    )
    assert fresh_stack.call("GET", f"/downloads/{token}").status_code == 401, (
        "an unauthenticated hit never counts"
    )
    assert fresh_stack.call("GET", f"/downloads/{token}", user="patron2").status_code == 404
    first = fresh_stack.call("GET", f"/downloads/{token}", user="patron", allow_redirects=False)
    assert first.status_code == 302
    assert first.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(requests.get(first.headers["Location"], timeout=30).content))
    assert sorted(archive.namelist()) == ["a.pdf", "b.pdf"]
    again = fresh_stack.call("GET", f"/downloads/{token}", user="patron", allow_redirects=False)
    assert again.headers["X-Views-Left"] == "1", "a retry inside the window is not a second view"


def racing_gets(stack: RunningStack, token: str, hits: int) -> list[int]:
    stack.login("patron")

    def hit(_: int) -> int:
        return stack.call("GET", f"/downloads/{token}", user="patron", allow_redirects=False).status_code

    with ThreadPoolExecutor(max_workers=32) as pool:
        return list(pool.map(hit, range(hits)))


@pytest.mark.parametrize(("window", "expected_ok"), [(0, 5), (600, 100)])
def test_100_concurrent_downloads(fresh_stack: RunningStack, window: int, expected_ok: int) -> None:
    stack = fresh_stack
    assert (
        stack.call(
            "PATCH", "/settings", user=ADMIN, json={"download_reuse_window_seconds": window}
        ).status_code
        == 200
    )
    only_rule(stack, {"target": "document_delivery_link", "max_views": 5})
    rid = at_delivery(stack)
    upload(stack, rid, "a.pdf", b"%PDF")
    token = deliver(stack, rid)["delivery"]["link_token"]
    statuses = racing_gets(stack, token, 100)
    assert statuses.count(302) == expected_ok
    assert statuses.count(410) == 100 - expected_ok
