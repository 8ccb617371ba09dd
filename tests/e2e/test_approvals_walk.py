"""Approval and copyright clearance over HTTP, with the letters read back from the embedded SES."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import requests

from local_stack.demo import CREATE_BODY

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack

OPERATOR, MANAGER, CLEARER, ADMIN = (
    "work-order-operator",
    "fulfillment-services-manager",
    "digitization-manager",
    "fulfillment-admin",
)
DESK = {"department": "DIGI-MAIN"}


def mail_to(stack: RunningStack, address: str) -> list[dict[str, Any]]:
    """Messages SES (moto) accepted for ``address``."""
    data = requests.get(f"{stack.aws_endpoint_url}/moto-api/data.json", timeout=30).json()
    messages = data.get("ses", {}).get("Message", [])
    return [m for m in messages if address in m.get("destinations", {}).get("ToAddresses", [])]


def scanned_request(stack: RunningStack) -> str:
    created = stack.call("POST", "/requests", user="patron", json=copy.deepcopy(CREATE_BODY))
    assert created.status_code == 201, created.text
    rid: str = created.json()["id"]
    scanned = stack.call("POST", f"/requests/{rid}/scan-in", user=OPERATOR, json=DESK)
    assert scanned.status_code == 200, scanned.text
    return rid


def test_approval_walk(fresh_stack: RunningStack) -> None:
    stack = fresh_stack
    rule = {
        "name": "Needs approval and clearance",
        "clauses": [{"name": "user_group", "operator": "=", "value": "undergraduate"}],
        "output": {
            "target": "document_delivery_attachment",
            "approval": {"required": True, "mode": "parallel"},
            "copyright_clearance": {"required": True, "mode": "blocking"},
        },
    }
    assert stack.call("POST", "/rules", user=ADMIN, json=rule).status_code == 201
    rid = scanned_request(stack)

    blocked = stack.call("POST", f"/requests/{rid}/next-step", user=OPERATOR, json=DESK)
    assert blocked.status_code == 409
    assert "approval is pending" in blocked.json()["error"]["message"]

    pending = stack.call("GET", "/approvals", user=MANAGER).json()["items"]
    assert [r["id"] for r in pending] == [rid]

    no_fields = stack.call(
        "POST",
        f"/requests/{rid}/approve",
        user=CLEARER,
        json={"task": "copyright_clearance", "reason": "Direct Permission Obtained"},
    )
    assert no_fields.status_code == 422
    cc = {"cc_number": "CCC-1", "cc_order_date": "2026-11-01", "cc_approval_date": "2026-11-02"}
    assert stack.call("PATCH", f"/requests/{rid}/approval", user=CLEARER, json=cc).status_code == 200
    assert (
        stack.call(
            "POST",
            f"/requests/{rid}/approve",
            user=MANAGER,
            json={"task": "copyright_clearance", "reason": "Other"},
        ).status_code
        == 403
    )
    cleared = stack.call(
        "POST",
        f"/requests/{rid}/approve",
        user=CLEARER,
        json={"task": "copyright_clearance", "reason": "Direct Permission Obtained"},
    )
    assert cleared.status_code == 200
    assert stack.call("POST", f"/requests/{rid}/next-step", user=OPERATOR, json=DESK).status_code == 200, (
        "parallel approval does not block"
    )
    assert mail_to(stack, "patron1@example.edu") == [], "no letter before every task is approved"

    approve = {"task": "approval", "reason": "Covered by License", "note": "Within our licence"}
    first = stack.call("POST", f"/requests/{rid}/approve", user=MANAGER, json=approve)
    second = stack.call("POST", f"/requests/{rid}/approve", user=MANAGER, json=approve)
    assert first.status_code == 200
    assert second.status_code == 409
    letters = mail_to(stack, "patron1@example.edu")
    assert [m["subject"] for m in letters] == ["Your digitization request has been approved"], "exactly once"

    rule_view = stack.call("GET", f"/requests/{rid}/rule", user=MANAGER).json()
    assert rule_view["name"] == "Needs approval and clearance"


def test_rejection_walk(fresh_stack: RunningStack) -> None:
    stack = fresh_stack
    rid = scanned_request(stack)
    bad = stack.call(
        "POST", f"/requests/{rid}/reject", user=MANAGER, json={"task": "approval", "reason": "Nope"}
    )
    assert bad.status_code == 422
    assert "Rejected by Manager" in bad.json()["error"]["message"]
    before = len(mail_to(stack, "patron1@example.edu"))
    rejected = stack.call(
        "POST",
        f"/requests/{rid}/reject",
        user=MANAGER,
        json={"task": "approval", "reason": "Rejected by CCC", "note": "Licence refused"},
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "REJECTED"
    letters = mail_to(stack, "patron1@example.edu")[before:]
    assert [m["subject"] for m in letters] == ["Your digitization request could not be approved"]
    assert "Rejected by CCC" in letters[0]["body"]
    listed = stack.call("GET", "/approvals", user=MANAGER, params={"status": "rejected"}).json()["items"]
    assert rid in [r["id"] for r in listed]
