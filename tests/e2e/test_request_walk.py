"""The request lifecycle over real HTTP with real Cognito tokens against the local stack."""

from __future__ import annotations

import copy
import uuid
from typing import TYPE_CHECKING, Any

from local_stack.demo import CREATE_BODY, TITLE_FACTS

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack


def body(stack: RunningStack, **changes: Any) -> dict[str, Any]:
    """The SPEC body for a title of its own (a fresh MMS ID, catalogued with the SPEC facts and its
    copy B0001), so session-wide state does not matter."""
    created = copy.deepcopy(CREATE_BODY)
    mms_id = created["item"]["mms_id"] = f"99{uuid.uuid4().int % 10**8:08d}"
    assert (
        stack.call("PUT", f"/titles/{mms_id}", user="fulfillment-admin", json=TITLE_FACTS).status_code == 200
    )
    copy_b0001 = {"barcode": "B0001", "kind": "physical", "title": TITLE_FACTS["title"]}
    assert stack.call("POST", f"/titles/{mms_id}/items", user="fulfillment-admin", json=copy_b0001).ok
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(created.get(key), dict):
            created[key].update(value)
        else:
            created[key] = value
    return created


def create(stack: RunningStack, user: str = "patron", **changes: Any) -> dict[str, Any]:
    response = stack.call("POST", "/requests", user=user, json=body(stack, **changes))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_full_walk_create_scan_in_next_step_get(stack: RunningStack) -> None:
    created = create(stack, "patron")
    rid = created["id"]
    assert created["status"] == "IN_TRANSIT"
    scanned = stack.call(
        "POST", f"/requests/{rid}/scan-in", user="work-order-operator", json={"department": "DIGI-MAIN"}
    )
    assert scanned.status_code == 200
    assert scanned.json()["status"] == "DIGITIZATION"
    assert scanned.json()["applied_rule"]["name"] == "Course chapters under 10%", "the demo's seeded rule"
    moved = stack.call(
        "POST", f"/requests/{rid}/next-step", user="work-order-operator", json={"department": "DIGI-MAIN"}
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "DOCUMENT_DELIVERY"
    mine = stack.call("GET", f"/requests/{rid}", user="patron")
    assert mine.status_code == 200
    assert [t["status"] for t in mine.json()["timeline"]] == [
        "IN_TRANSIT",
        "DIGITIZATION",
        "DOCUMENT_DELIVERY",
    ]
    assert "history" not in mine.json(), "the patron view"
    staff = stack.call("GET", f"/requests/{rid}", user="work-order-operator").json()
    assert [(h["action"], h["by"]) for h in staff["history"]][1] == ("scan_in", "operator1")


def test_status_codes(stack: RunningStack) -> None:
    rid = create(stack)["id"]
    assert stack.call("GET", f"/requests/{rid}").status_code == 401
    assert (
        stack.call(
            "POST", f"/requests/{rid}/scan-in", user="patron", json={"department": "DIGI-MAIN"}
        ).status_code
        == 403
    )
    assert stack.call("GET", f"/requests/{rid}", user="patron2").status_code == 404, (
        "another patron's request is hidden"
    )
    assert stack.call("GET", "/requests/does-not-exist", user="work-order-operator").status_code == 404
    stack.call(
        "POST", f"/requests/{rid}/scan-in", user="work-order-operator", json={"department": "DIGI-MAIN"}
    )
    again = stack.call(
        "POST", f"/requests/{rid}/scan-in", user="work-order-operator", json={"department": "DIGI-MAIN"}
    )
    assert again.status_code == 409
    assert again.json()["error"]["current_status"] == "DIGITIZATION"
    invalid = stack.call("POST", "/requests", user="patron", json=body(stack, pages="500-510"))
    assert invalid.status_code == 422
    assert invalid.json()["error"]["field"] == "pages"
    broken = stack.call(
        "POST", "/requests", user="patron", data="{nope", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400


def test_patron_lists_only_their_own(stack: RunningStack) -> None:
    mine = create(stack, "patron")["id"]
    theirs = create(stack, "patron2", requester=None)["id"]
    listed = stack.call("GET", "/requests", user="patron", params={"limit": "100"}).json()["items"]
    ids = {r["id"] for r in listed}
    assert mine in ids
    assert theirs not in ids
    assert all("requester" not in r and "notes" not in r for r in listed), "patron views"
    seen_by_staff = stack.call("GET", f"/requests/{theirs}", user="work-order-operator").json()
    assert seen_by_staff["requester"]["user_group"] == "graduate", "patron2's group, from the directory"
    assert seen_by_staff["requester"]["language"] == "fr", "patron2's locale, from their ID token"


def test_cancel_change_digitization_and_notes(stack: RunningStack) -> None:
    created = create(stack, "work-order-operator")
    rid, mms_id = created["id"], created["item"]["mms_id"]
    no_item = stack.call(
        "POST", f"/requests/{rid}/change-digitization", user="work-order-operator", json={"to": "electronic"}
    )
    assert no_item.status_code == 409
    added = stack.call(
        "POST",
        f"/titles/{mms_id}/items",
        user="fulfillment-admin",
        json={"barcode": "E9", "kind": "electronic", "title": "Ornament and Crime"},
    )
    assert added.status_code == 201
    changed = stack.call(
        "POST", f"/requests/{rid}/change-digitization", user="work-order-operator", json={"to": "electronic"}
    )
    assert changed.status_code == 200
    assert changed.json()["item"]["barcode"] == "E9"
    note = stack.call(
        "POST", f"/requests/{rid}/notes", user="work-order-operator", json={"text": "Call the patron"}
    )
    assert note.status_code == 201
    found = stack.call(
        "GET", f"/requests/{rid}/notes", user="fulfillment-services-manager", params={"find": "patron"}
    )
    assert [n["text"] for n in found.json()] == ["Call the patron"]
    edited = stack.call(
        "PATCH",
        f"/requests/{rid}/notes/{note.json()['id']}",
        user="work-order-operator",
        json={"text": "Called"},
    )
    assert edited.json()["text"] == "Called"
    assert (
        stack.call(
            "DELETE", f"/requests/{rid}/notes/{note.json()['id']}", user="work-order-operator"
        ).status_code
        == 204
    )
    cancelled = stack.call(
        "POST",
        f"/requests/{rid}/cancel",
        user="work-order-operator",
        json={"reason": "duplicate_request", "note": "asked twice"},
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "CANCELLED"
    late = stack.call(
        "POST", f"/requests/{rid}/scan-in", user="work-order-operator", json={"department": "DIGI-MAIN"}
    )
    assert late.status_code == 409
    assert late.json()["error"]["current_status"] == "CANCELLED"


def test_idempotency_key_over_http(stack: RunningStack) -> None:
    key = str(uuid.uuid4())
    sent = body(stack)
    first = stack.call("POST", "/requests", user="patron", json=sent, headers={"Idempotency-Key": key})
    retry = stack.call("POST", "/requests", user="patron", json=sent, headers={"Idempotency-Key": key})
    assert first.status_code == retry.status_code == 201
    assert first.json()["id"] == retry.json()["id"]
