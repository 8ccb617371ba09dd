"""Scan-in by barcode at a department, over real HTTP with real Cognito tokens (issue 11)."""

from __future__ import annotations

import copy
import uuid
from typing import TYPE_CHECKING, Any

from local_stack.demo import CREATE_BODY, TITLE_FACTS

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack

OPERATOR = "work-order-operator"
ADMIN = "fulfillment-admin"


def catalogued(stack: RunningStack, *copies: dict[str, Any]) -> str:
    """A title of its own (a fresh MMS ID) with ``copies``, so session-wide state does not matter."""
    mms_id = f"99{uuid.uuid4().int % 10**8:08d}"
    assert stack.call("PUT", f"/titles/{mms_id}", user=ADMIN, json=TITLE_FACTS).status_code == 200
    for item in copies:
        added = stack.call(
            "POST", f"/titles/{mms_id}/items", user=ADMIN, json={"title": TITLE_FACTS["title"], **item}
        )
        assert added.status_code == 201, added.text
    return mms_id


def request_for(stack: RunningStack, mms_id: str, barcode: str) -> str:
    body = copy.deepcopy(CREATE_BODY)
    body["item"] = {"mms_id": mms_id, "barcode": barcode}
    created = stack.call("POST", "/requests", user="patron", json=body)
    assert created.status_code == 201, created.text
    rid: str = created.json()["id"]
    return rid


def scan(stack: RunningStack, department: str, barcode: str) -> Any:
    return stack.call("POST", f"/departments/{department}/scan-in", user=OPERATOR, json={"barcode": barcode})


def test_an_item_is_scanned_in_by_its_barcode_at_digi_main(stack: RunningStack) -> None:
    departments = stack.call("GET", "/departments", user=OPERATOR).json()
    kinds = {d["code"]: d["kind"] for d in departments}
    assert (kinds["DIGI-MAIN"], kinds["CIRC-MAIN"]) == ("digitization", "other"), "the demo's departments"

    barcode = f"B-{uuid.uuid4().hex[:10]}"
    mms_id = catalogued(stack, {"barcode": barcode, "kind": "physical", "location": "CIRC-MAIN"})
    rid = request_for(stack, mms_id, barcode)

    at_circulation = scan(stack, "CIRC-MAIN", barcode)
    assert (at_circulation.status_code, at_circulation.json()["error"]["field"]) == (422, "department")
    unknown = scan(stack, "DIGI-MAIN", f"{barcode}-X")
    assert (unknown.status_code, unknown.json()["error"]["field"]) == (404, "barcode")
    as_patron = stack.call("POST", "/departments/DIGI-MAIN/scan-in", user="patron", json={"barcode": barcode})
    assert as_patron.status_code == 403
    answered = scan(stack, "digi-main", barcode)
    assert (answered.status_code, answered.json()["id"]) == (200, rid), answered.text

    scanned = stack.call("GET", f"/requests/{rid}", user=OPERATOR).json()
    assert (scanned["status"], scanned["department"]) == ("DIGITIZATION", "DIGI-MAIN")
    assert scanned["applied_rule"] is not None
    items = stack.call("GET", f"/titles/{mms_id}/items", user=OPERATOR).json()
    assert [(i["barcode"], i["location"]) for i in items] == [(barcode, "DIGI-MAIN")]

    again = scan(stack, "DIGI-MAIN", barcode)
    assert (again.status_code, again.json()["error"]["current_status"]) == (409, "DIGITIZATION")

    elsewhere = stack.call(
        "POST", f"/requests/{rid}/next-step", user=OPERATOR, json={"department": "CIRC-MAIN"}
    )
    assert (elsewhere.status_code, elsewhere.json()["error"]["code"]) == (409, "wrong_department")
    moved = stack.call("POST", f"/requests/{rid}/next-step", user=OPERATOR, json={"department": "DIGI-MAIN"})
    assert moved.status_code == 200, moved.text
    listed = stack.call(
        "GET", "/requests", user=OPERATOR, params={"department": "DIGI-MAIN", "barcode": barcode}
    )
    assert [r["id"] for r in listed.json()["items"]] == [rid]


def test_an_electronic_item_is_located(stack: RunningStack) -> None:
    barcode = f"E-{uuid.uuid4().hex[:10]}"
    mms_id = catalogued(stack, {"barcode": barcode, "kind": "electronic"})
    rid = request_for(stack, mms_id, barcode)
    refused = scan(stack, "DIGI-MAIN", barcode)
    assert (refused.status_code, refused.json()["error"]["field"]) == (409, "item.kind")
    located = stack.call("POST", f"/requests/{rid}/locate", user=OPERATOR, json={"department": "DIGI-MAIN"})
    assert located.status_code == 200, located.text
    assert (located.json()["status"], located.json()["history"][-1]["action"]) == ("DIGITIZATION", "locate")
