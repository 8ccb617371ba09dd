"""Issue 11 over real HTTP, each function under exactly its template policy: the Status field,
a link delivery without maximum views, and the decisions kept with a representation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.e2e.test_delivery_walk import OPERATOR, at_delivery, deliver, only_rule, subjects_to, upload

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack

MANAGER = "fulfillment-services-manager"
PARALLEL = {"required": True, "mode": "parallel"}
READY = "Your digitized copy is ready to download"


def test_status_field_and_a_link_delivery_without_maximum_views(fresh_stack: RunningStack) -> None:
    only_rule(fresh_stack, {"target": "document_delivery_link", "approval": PARALLEL})
    rid = at_delivery(fresh_stack)
    path = f"/requests/{rid}/status"
    assert fresh_stack.call("POST", path, user="patron", json={"status": "CANCELLED"}).status_code == 403
    invalid = fresh_stack.call("POST", path, user=OPERATOR, json={"status": "DONE"})
    assert (invalid.status_code, invalid.json()["error"]["field"]) == (422, "status")
    back = fresh_stack.call("POST", path, user=OPERATOR, json={"status": "DIGITIZATION", "note": "rescan"})
    assert back.status_code == 200, back.text
    assert back.json()["allowed_statuses"] == ["DOCUMENT_DELIVERY", "CANCELLED"]
    on = fresh_stack.call(
        "POST", path, user=OPERATOR, json={"status": "DOCUMENT_DELIVERY", "department": "DIGI-MAIN"}
    )
    assert on.status_code == 200, on.text
    upload(fresh_stack, rid, "chapter-3.pdf", b"%PDF-1.4 chapter three")
    assert deliver(fresh_stack, rid)["status"] == "DOCUMENT_DELIVERY", "waits for the approval"
    early = fresh_stack.call("POST", path, user=OPERATOR, json={"status": "COMPLETED"})
    assert early.status_code == 409, early.text
    approved = fresh_stack.call(
        "POST", f"/requests/{rid}/approve", user=MANAGER, json={"task": "approval", "reason": "Open Access"}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "COMPLETED"
    assert approved.json()["delivery"]["link_token"] is None
    assert "link_not_sent" in [h["action"] for h in approved.json()["history"]]
    assert READY not in subjects_to(fresh_stack, "patron1@example.edu")


def test_cancelling_through_the_status_field(fresh_stack: RunningStack) -> None:
    only_rule(fresh_stack, {"target": "document_delivery_link", "max_views": 2, "approval": PARALLEL})
    rid = at_delivery(fresh_stack)
    upload(fresh_stack, rid, "chapter-3.pdf", b"%PDF-1.4 chapter three")
    deliver(fresh_stack, rid)
    cancelled = fresh_stack.call(
        "POST",
        f"/requests/{rid}/status",
        user=OPERATOR,
        json={"status": "CANCELLED", "reason": "other", "note": "duplicate of another request"},
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "CANCELLED"


def test_a_representation_keeps_its_decisions(fresh_stack: RunningStack) -> None:
    only_rule(
        fresh_stack,
        {
            "target": "digital_inventory",
            "approval": PARALLEL,
            "representation": {"collection": "Course reserves", "active": True},
        },
    )
    rid = at_delivery(fresh_stack)
    upload(fresh_stack, rid, "whole.pdf", b"%PDF-1.4 whole")
    representation_id = deliver(fresh_stack, rid)["delivery"]["representation_id"]
    approved = fresh_stack.call(
        "POST", f"/requests/{rid}/approve", user=MANAGER, json={"task": "approval", "reason": "Open Access"}
    )
    assert approved.json()["status"] == "COMPLETED", approved.text
    staff = fresh_stack.call("GET", f"/representations/{representation_id}", user=OPERATOR).json()
    assert staff["decisions"]["request_id"] == rid
    assert staff["decisions"]["tasks"][0]["decided_by"] == "manager1"
    patron = fresh_stack.call("GET", f"/representations/{representation_id}", user="patron").json()
    assert patron["decisions"] is None
