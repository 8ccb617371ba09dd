"""Departments, scan-in by barcode at a department, locate, and work only where the item is (issue 11)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.conftest import Invoke
from tests.integration.delivering import install_rule, upload

NewRequest = Callable[..., dict[str, Any]]
ELECTRONIC = {"kind": "electronic", "barcode": "E0001"}


def scan_barcode(call: Invoke, barcode: str, department: str = "DIGI-MAIN", **overrides: Any) -> Any:
    return call(
        "scan_in",
        "scan_in/barcode_at_digi_main",
        path_params={"code": department},
        body={"barcode": barcode},
        **overrides,
    )


def items_of(call: Invoke, mms_id: str = "991234") -> dict[str, dict[str, Any]]:
    listed = call("catalogue", "catalogue/list", path_params={"mms_id": mms_id})
    assert listed.status == 200, listed.body
    return {item["barcode"]: item for item in listed.body}


# -- the departments table ------------------------------------------------------------------------


def test_admins_keep_the_departments_and_staff_read_them(call: Invoke) -> None:
    listed = call("departments", "departments/list")
    assert listed.status == 200
    assert [(d["code"], d["kind"]) for d in listed.body] == [
        ("CIRC-MAIN", "other"),
        ("DIGI-MAIN", "digitization"),
    ]
    added = call(
        "departments", "departments/add", body={"code": "digi-annex", "name": "Annex", "kind": "digitization"}
    )
    assert (added.status, added.body["code"]) == (201, "DIGI-ANNEX")
    again = call("departments", "departments/add")
    assert (again.status, again.body["error"]["field"]) == (409, "code")
    read = call("departments", "departments/get", path_params={"code": "Digi-Annex"})
    assert (read.status, read.body["name"]) == (200, "Annex")
    edited = call("departments", "departments/edit")
    assert (edited.status, edited.body["kind"]) == (200, "other")
    assert call("departments", "departments/get", path_params={"code": "DIGI-ANNEX"}).body["kind"] == "other"
    assert call("departments", "departments/remove").status == 204
    assert call("departments", "departments/get", path_params={"code": "DIGI-ANNEX"}).status == 404
    assert call("departments", "departments/remove").status == 404
    assert call("departments", "departments/edit").status == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "DIGI MAIN", "name": "x", "kind": "digitization"}, "code"),
        ({"code": "X" * 33, "name": "x", "kind": "digitization"}, "code"),
        ({"code": "NEW", "name": "x", "kind": "bindery"}, "kind"),
        ({"code": "NEW", "name": "x" * 1001, "kind": "other"}, "name"),
        ({"code": "NEW", "kind": "other"}, "name"),
    ],
)
def test_a_bad_department_names_the_field(call: Invoke, body: dict[str, Any], field: str) -> None:
    refused = call("departments", "departments/add", body=body)
    assert (refused.status, refused.body["error"]["field"]) == (422, field)


def test_only_admins_change_departments(call: Invoke) -> None:
    assert call("departments", "departments/add", user="operator1").status == 403
    assert call("departments", "departments/list", user="patron1").status == 403
    assert call("departments", "departments/list", user="operator1").status == 200


def test_a_path_code_that_cannot_be_a_department_is_a_404(call: Invoke) -> None:
    for code in ("X" * 3000, "no such"):
        assert call("departments", "departments/get", path_params={"code": code}).status == 404
    refused = scan_barcode(call, "B0001", department="X" * 3000)
    assert (refused.status, refused.body["error"]["field"]) == (422, "department")


def test_a_department_holding_unfinished_requests_stays(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
    refused = call("departments", "departments/remove", path_params={"code": "DIGI-MAIN"})
    assert (refused.status, refused.body["error"]["field"]) == (409, "code")
    assert rid in refused.body["error"]["message"]
    assert call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": rid}).status == 200
    assert call("departments", "departments/remove", path_params={"code": "DIGI-MAIN"}).status == 204


def test_an_item_location_names_a_known_department(call: Invoke, spec_title: dict[str, Any]) -> None:
    body = {"barcode": "B0009", "kind": "physical", "title": "Ornament and Crime"}
    refused = call("catalogue", "catalogue/add", body={**body, "location": "NOWHERE"})
    assert (refused.status, refused.body["error"]["field"]) == (422, "location")
    added = call("catalogue", "catalogue/add", body={**body, "location": "circ-main"})
    assert (added.status, added.body["location"]) == (201, "CIRC-MAIN")


# -- scan-in: by request id and by barcode, only at a digitization department ---------------------


@pytest.mark.parametrize("department", ["NOWHERE", "CIRC-MAIN"])
def test_scan_in_at_an_unknown_or_other_department_is_a_422(
    call: Invoke, new_request: NewRequest, department: str
) -> None:
    rid = new_request()["id"]
    by_id = call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}, body={"department": department})
    by_barcode = scan_barcode(call, "B0001", department=department)
    for refused in (by_id, by_barcode):
        assert (refused.status, refused.body["error"]["field"]) == (422, "department"), refused.body
    assert call("get_request", "get_request/one", user="operator1", path_params={"id": rid}).body[
        "status"
    ] == ("IN_TRANSIT")


@pytest.mark.parametrize("event", ["scan_in/at_digi_main", "scan_in/locate_at_digi_main"])
@pytest.mark.parametrize(
    ("department", "answer"),
    [("DIGI-MAIN", (404, "id")), ("NOWHERE", (422, "department")), ("bad code!", (422, "department"))],
)
def test_the_department_is_judged_before_the_request_is_looked_for(
    call: Invoke, event: str, department: str, answer: tuple[int, str]
) -> None:
    """Scan-in and locate read the request and the department together; a bad department is said first."""
    refused = call("scan_in", event, path_params={"id": "no-such-request"}, body={"department": department})
    assert (refused.status, refused.body["error"]["field"]) == answer, refused.body


def test_scan_in_by_barcode_finds_the_waiting_request_and_moves_the_item(
    call: Invoke, new_request: NewRequest
) -> None:
    rid = new_request(user="patron1")["id"]
    assert items_of(call)["B0001"]["location"] is None
    scanned = scan_barcode(call, " B0001 ", department="digi-main")
    assert scanned.status == 200, scanned.body
    assert (scanned.body["id"], scanned.body["status"], scanned.body["department"]) == (
        rid,
        "DIGITIZATION",
        "DIGI-MAIN",
    )
    assert scanned.body["applied_rule"]["is_default"] is True
    assert scanned.body["history"][-1]["action"] == "scan_in"
    assert items_of(call)["B0001"]["location"] == "DIGI-MAIN"
    # Nothing waits for the copy any more: 409, saying what became of its request.
    again = scan_barcode(call, "B0001")
    assert (again.status, again.body["error"]["field"]) == (409, "barcode")
    assert again.body["error"]["current_status"] == "DIGITIZATION"
    assert rid in again.body["error"]["message"]


def test_scan_in_by_request_id_moves_the_item_too(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
    assert items_of(call)["B0001"]["location"] == "DIGI-MAIN"


def test_an_unknown_barcode_is_a_404(call: Invoke, new_request: NewRequest) -> None:
    new_request()
    refused = scan_barcode(call, "B9999")
    assert (refused.status, refused.body["error"]["field"]) == (404, "barcode")


def test_several_waiting_for_one_copy_are_listed_not_chosen(call: Invoke, new_request: NewRequest) -> None:
    first = new_request(user="patron1")["id"]
    second = new_request(
        user="patron2",
        requester={"user_id": "patron2", "user_group": "graduate", "email": "patron2@example.edu"},
    )["id"]
    refused = scan_barcode(call, "B0001")
    assert (refused.status, refused.body["error"]["field"]) == (409, "barcode")
    assert first in refused.body["error"]["message"]
    assert second in refused.body["error"]["message"]
    for rid in (first, second):
        assert call("get_request", "get_request/one", user="operator1", path_params={"id": rid}).body[
            "status"
        ] == ("IN_TRANSIT")
    assert call("scan_in", "scan_in/at_digi_main", path_params={"id": first}).status == 200
    only_one_left = scan_barcode(call, "B0001")
    assert (only_one_left.status, only_one_left.body["id"]) == (200, second)


def test_scan_in_by_barcode_is_the_operators(call: Invoke, new_request: NewRequest) -> None:
    new_request()
    for user in ("patron1", "manager1", "admin1"):
        assert scan_barcode(call, "B0001", user=user).status == 403
    assert scan_barcode(call, "B0001", user=None).status == 401


# -- electronic items are located, physical ones scanned in ---------------------------------------


def test_an_electronic_item_is_located_and_the_rules_apply(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request(item=ELECTRONIC)["id"]
    refused = call("scan_in", "scan_in/at_digi_main", path_params={"id": rid})
    assert (refused.status, refused.body["error"]["field"]) == (409, "item.kind")
    assert "locate" in refused.body["error"]["message"]
    by_barcode = scan_barcode(call, "E0001")
    assert (by_barcode.status, by_barcode.body["error"]["field"]) == (409, "item.kind")
    elsewhere = call(
        "scan_in", "scan_in/locate_at_digi_main", path_params={"id": rid}, body={"department": "CIRC-MAIN"}
    )
    assert (elsewhere.status, elsewhere.body["error"]["field"]) == (422, "department")
    located = call("scan_in", "scan_in/locate_at_digi_main", path_params={"id": rid})
    assert located.status == 200, located.body
    assert (located.body["status"], located.body["department"]) == ("DIGITIZATION", "DIGI-MAIN")
    assert located.body["applied_rule"]["is_default"] is True
    assert located.body["target"] == "document_delivery_link"
    assert located.body["history"][-1]["action"] == "locate"
    again = call("scan_in", "scan_in/locate_at_digi_main", path_params={"id": rid})
    assert (again.status, again.body["error"]["current_status"]) == (409, "DIGITIZATION")
    assert items_of(call)["E0001"]["location"] is None, "an electronic item stays in the repository"
    moved = call("next_step", "next_step/at_digi_main", path_params={"id": rid})
    assert (moved.status, moved.body["status"]) == (200, "DOCUMENT_DELIVERY")


def test_locate_applies_the_rules_as_scan_in_does(call: Invoke, new_request: NewRequest) -> None:
    install_rule("digital_inventory", approval={"required": True, "mode": "blocking"})
    rid = new_request(item=ELECTRONIC)["id"]
    located = call("scan_in", "scan_in/locate_at_digi_main", path_params={"id": rid})
    assert located.status == 200, located.body
    assert located.body["applied_rule"]["is_default"] is False
    assert located.body["target"] == "digital_inventory"
    assert [(t["type"], t["mode"], t["status"]) for t in located.body["tasks"]] == [
        ("approval", "blocking", "pending")
    ]
    waits = call("next_step", "next_step/at_digi_main", path_params={"id": rid})
    assert waits.status == 409


def test_a_physical_item_is_not_located(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    refused = call("scan_in", "scan_in/locate_at_digi_main", path_params={"id": rid})
    assert (refused.status, refused.body["error"]["field"]) == (409, "item.kind")
    assert "scan it in" in refused.body["error"]["message"]
    assert (
        call("scan_in", "scan_in/locate_at_digi_main", path_params={"id": rid}, user="manager1").status == 403
    )


# -- next step, upload and deliver only where the item is ------------------------------------------


def test_the_work_happens_only_at_the_department_holding_the_item(
    aws: Any, call: Invoke, new_request: NewRequest
) -> None:
    install_rule("document_delivery_link", max_views=5)
    annex = {"code": "DIGI-ANNEX", "name": "Annex", "kind": "digitization"}
    assert call("departments", "departments/add", body=annex).status == 201
    rid = new_request()["id"]
    assert scan_barcode(call, "B0001").status == 200
    at_annex = {"department": "DIGI-ANNEX"}
    wrong = call("next_step", "next_step/at_digi_main", path_params={"id": rid}, body=at_annex)
    assert (wrong.status, wrong.body["error"]["code"], wrong.body["error"]["field"]) == (
        409,
        "wrong_department",
        "department",
    )
    assert "DIGI-MAIN" in wrong.body["error"]["message"]
    assert call("next_step", "next_step/at_digi_main", path_params={"id": rid}).status == 200
    upload_elsewhere = call(
        "delivery_files",
        "delivery_files/start_upload",
        path_params={"id": rid},
        body={**at_annex, "file_name": "chapter.pdf"},
    )
    assert (upload_elsewhere.status, upload_elsewhere.body["error"]["code"]) == (409, "wrong_department")
    no_department = call(
        "delivery_files", "delivery_files/start_upload", path_params={"id": rid}, body={"file_name": "c.pdf"}
    )
    assert (no_department.status, no_department.body["error"]["field"]) == (422, "department")
    upload(aws, call, rid, "chapter.pdf", b"%PDF chapter")
    deliver_elsewhere = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}, body=at_annex)
    assert (deliver_elsewhere.status, deliver_elsewhere.body["error"]["field"]) == (409, "department")
    assert deliver_elsewhere.body["error"]["current_status"] == "DOCUMENT_DELIVERY"
    assert call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}, body={}).status == 422
    delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert (delivered.status, delivered.body["status"]) == (200, "COMPLETED"), delivered.body


def test_the_in_process_list_filters_by_department(call: Invoke, new_request: NewRequest) -> None:
    annex = {"code": "DIGI-ANNEX", "name": "Annex", "kind": "digitization"}
    assert call("departments", "departments/add", body=annex).status == 201
    main = new_request()["id"]
    assert scan_barcode(call, "B0001").status == 200
    other = new_request()["id"]
    assert scan_barcode(call, "B0001", department="DIGI-ANNEX").status == 200
    for department, expected in (("DIGI-MAIN", [main]), ("DIGI-ANNEX", [other])):
        listed = call(
            "list_requests",
            "list_requests/by_status",
            query={"department": department, "status": "DIGITIZATION"},
        )
        assert [r["id"] for r in listed.body["items"]] == expected
