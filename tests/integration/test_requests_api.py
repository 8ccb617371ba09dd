"""The request lifecycle through the handlers, with the sample events, against moto."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.conftest import Invoke

NewRequest = Callable[..., dict[str, Any]]


def test_create_returns_201_in_transit_with_location(call: Invoke, spec_title: dict[str, Any]) -> None:
    reply = call("create_request", "create_request/patron_course_chapter")
    assert reply.status == 201
    assert reply.body["status"] == "IN_TRANSIT"
    assert reply.body["item"]["isbn"] == "9781861894113"
    assert reply.headers["Location"] == f"/requests/{reply.body['id']}"
    assert [t["status"] for t in reply.body["timeline"]] == ["IN_TRANSIT"], "the patron view"
    assert "history" not in reply.body


def test_idempotency_key_makes_one_request(call: Invoke, spec_title: dict[str, Any]) -> None:
    first = call("create_request", "create_request/patron_course_chapter")
    again = call("create_request", "create_request/patron_course_chapter", headers={"Idempotency-Key": None})
    retry = call("create_request", "create_request/patron_course_chapter")
    assert retry.status == 201
    assert retry.body["id"] == first.body["id"]
    assert again.body["id"] != first.body["id"], "without the key a create is a new request"
    listed = call("list_requests", "list_requests/by_status", query={"requester": "patron1"})
    assert sorted(r["id"] for r in listed.body["items"]) == sorted({first.body["id"], again.body["id"]})


def test_idempotency_key_with_another_body_is_refused(
    call: Invoke, create_body: dict[str, Any], spec_title: dict[str, Any]
) -> None:
    call("create_request", "create_request/patron_course_chapter")
    create_body["pages"] = "1-5"
    reply = call("create_request", "create_request/patron_course_chapter", body=create_body)
    assert reply.status == 422
    assert reply.body["error"]["field"] == "Idempotency-Key"


def test_patron_creates_only_for_themselves(call: Invoke, create_body: dict[str, Any]) -> None:
    create_body["requester"]["user_id"] = "patron2"
    reply = call("create_request", "create_request/patron_course_chapter", user="patron1", body=create_body)
    assert reply.status == 403
    assert reply.body["error"]["field"] == "requester.user_id"


def test_staff_create_for_anyone(new_request: NewRequest) -> None:
    only_the_id = {"user_id": "patron2", "user_group": None, "status": None, "email": None}
    created = new_request(user="operator1", requester=only_the_id, request_type="staff_digitization")
    assert created["requester"] == {
        "user_id": "patron2",
        "user_group": "graduate",
        "status": "active",
        "email": "patron2@example.edu",
        "language": "fr",
    }, "the directory's facts, not the body's"
    assert created["created_by"] == "operator1"


def test_staff_name_a_known_user(
    call: Invoke, create_body: dict[str, Any], spec_title: dict[str, Any]
) -> None:
    create_body["requester"] = {"user_id": "p-100"}
    reply = call("create_request", "create_request/patron_course_chapter", user="operator1", body=create_body)
    assert reply.status == 422
    assert reply.body["error"]["field"] == "requester.user_id"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ("{not json", 400, "body"),
        (None, 422, "body"),
        ([], 422, "body"),
    ],
)
def test_malformed_bodies(call: Invoke, body: Any, status: int, field: str) -> None:
    reply = call(
        "create_request", "create_request/patron_course_chapter", body=body, headers={"Idempotency-Key": None}
    )
    assert reply.status == status
    assert reply.body["error"]["field"] == field
    assert "Traceback" not in str(reply.body)


def test_invalid_isbn_names_the_field_and_writes_nothing(call: Invoke, create_body: dict[str, Any]) -> None:
    create_body["item"]["isbn"] = "1-86189-411-3"
    reply = call(
        "create_request",
        "create_request/patron_course_chapter",
        body=create_body,
        headers={"Idempotency-Key": None},
    )
    assert reply.status == 422
    assert reply.body["error"]["field"] == "item.isbn"
    listed = call("list_requests", "list_requests/by_status", query=None)
    assert listed.body["items"] == []


def test_get_with_history_and_patron_privacy(call: Invoke, new_request: NewRequest) -> None:
    created = new_request(user="patron1")
    mine = call("get_request", "get_request/one", user="patron1", path_params={"id": created["id"]})
    assert mine.status == 200
    assert mine.body["timeline"][0]["status"] == "IN_TRANSIT"
    other = call("get_request", "get_request/one", user="patron2", path_params={"id": created["id"]})
    assert other.status == 404, "another patron's request is not revealed"
    staff = call("get_request", "get_request/one", user="manager1", path_params={"id": created["id"]})
    assert staff.status == 200
    assert staff.body["history"][0]["by"] == "patron1"
    missing = call("get_request", "get_request/one", user="operator1", path_params={"id": "nope"})
    assert missing.status == 404
    assert missing.body["error"]["code"] == "not_found"


def test_unauthenticated_event_is_401(call: Invoke) -> None:
    reply = call("list_requests", "list_requests/by_status", user=None)
    assert reply.status == 401
    assert reply.body["error"]["code"] == "unauthorized"


def test_full_walk_scan_in_next_step(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request(user="patron1")["id"]
    scanned = call("scan_in", "scan_in/at_digi_main", path_params={"id": rid})
    assert scanned.status == 200
    assert scanned.body["status"] == "DIGITIZATION"
    assert scanned.body["department"] == "DIGI-MAIN"
    assert scanned.body["applied_rule"]["is_default"] is True
    assert scanned.body["target"] == "document_delivery_link"
    again = call("scan_in", "scan_in/at_digi_main", path_params={"id": rid})
    assert again.status == 409
    assert again.body["error"]["current_status"] == "DIGITIZATION"
    wrong_desk = call(
        "next_step", "next_step/at_digi_main", path_params={"id": rid}, body={"department": "DIGI-ANNEX"}
    )
    assert wrong_desk.status == 409
    assert wrong_desk.body["error"]["field"] == "department"
    moved = call("next_step", "next_step/at_digi_main", path_params={"id": rid})
    assert moved.status == 200
    assert moved.body["status"] == "DOCUMENT_DELIVERY"
    history = [(h["action"], h["by"], h["from_status"], h["to_status"]) for h in moved.body["history"]]
    assert history == [
        ("create", "patron1", None, "IN_TRANSIT"),
        ("scan_in", "operator1", "IN_TRANSIT", "DIGITIZATION"),
        ("next_step", "operator1", "DIGITIZATION", "DOCUMENT_DELIVERY"),
    ]


@pytest.mark.parametrize(
    ("function", "event"),
    [
        ("scan_in", "scan_in/at_digi_main"),
        ("next_step", "next_step/at_digi_main"),
        ("cancel_request", "cancel_request/by_patron_wish"),
        ("change_digitization", "change_digitization/to_electronic"),
        ("update_request", "update_request/pages"),
        ("notes", "notes/add"),
    ],
)
@pytest.mark.parametrize("user", ["patron1", "admin1"])
def test_staff_actions_refuse_other_roles(
    call: Invoke, new_request: NewRequest, function: str, event: str, user: str
) -> None:
    rid = new_request(user="patron1")["id"]
    reply = call(function, event, user=user, path_params={"id": rid})
    if function == "notes" and user == "admin1":
        assert reply.status == 201, "every staff role may add notes"
    elif function == "cancel_request" and user == "patron1":
        assert reply.status == 200, "a patron may cancel their own request while it is in transit"
    else:
        assert reply.status == 403
        assert reply.body["error"]["code"] == "forbidden"


def test_cancel_with_reason_and_note(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    cancelled = call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": rid})
    assert cancelled.status == 200
    assert cancelled.body["status"] == "CANCELLED"
    assert cancelled.body["history"][-1]["reason"] == "cancelled_by_patron"
    assert cancelled.body["history"][-1]["note"] == "Patron found a copy in the library."
    again = call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": rid})
    assert again.status == 409
    bad = call(
        "cancel_request", "cancel_request/by_patron_wish", path_params={"id": rid}, body={"reason": "bored"}
    )
    assert bad.status == 422
    assert bad.body["error"]["field"] == "reason"


def test_change_digitization_needs_inventory(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    refused = call("change_digitization", "change_digitization/to_electronic", path_params={"id": rid})
    assert refused.status == 409
    assert "no electronic item" in refused.body["error"]["message"]
    added = call("catalogue", "catalogue/add")
    assert added.status == 201
    duplicate = call("catalogue", "catalogue/add")
    assert duplicate.status == 409
    assert duplicate.body["error"]["field"] == "barcode"
    changed = call("change_digitization", "change_digitization/to_electronic", path_params={"id": rid})
    assert changed.status == 200
    assert (changed.body["item"]["kind"], changed.body["item"]["barcode"]) == ("electronic", "E0001")
    listed = call("catalogue", "catalogue/list", user="operator1")
    assert [i["barcode"] for i in listed.body] == ["B0001", "E0001"]


def test_an_mms_id_in_the_path_is_bounded_before_it_keys_an_item(call: Invoke) -> None:
    long = {"mms_id": "9" * 3000}
    for event in ("catalogue/add", "catalogue/put_title"):
        refused = call("catalogue", event, path_params=long)
        assert (refused.status, refused.body["error"]["field"]) == (422, "mms_id")


def test_edit_pages_and_expiry_rules(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    edited = call("update_request", "update_request/pages", path_params={"id": rid})
    assert edited.status == 200
    assert edited.body["pages"] == "35-42"
    too_far = call(
        "update_request", "update_request/pages", path_params={"id": rid}, body={"pages": "35-999"}
    )
    assert too_far.status == 422
    assert too_far.body["error"]["field"] == "pages"
    no_expiry = call(
        "update_request",
        "update_request/pages",
        user="manager1",
        path_params={"id": rid},
        body={"expiration_date": "2099-01-01"},
    )
    assert no_expiry.status == 409
    assert no_expiry.body["error"]["field"] == "expiration_date"
    manager_pages = call("update_request", "update_request/pages", user="manager1", path_params={"id": rid})
    assert manager_pages.status == 403
    empty = call("update_request", "update_request/pages", path_params={"id": rid}, body={})
    assert empty.status == 422


def test_expiry_update_when_one_exists(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request(expiration_date="2098-12-31")["id"]
    updated = call(
        "update_request",
        "update_request/pages",
        user="manager1",
        path_params={"id": rid},
        body={"expiration_date": "2099-06-30"},
    )
    assert updated.status == 200
    assert updated.body["expiration_date"] == "2099-06-30"
    past = call(
        "update_request",
        "update_request/pages",
        user="manager1",
        path_params={"id": rid},
        body={"expiration_date": "2001-01-01"},
    )
    assert past.status == 422
    assert past.body["error"]["field"] == "expiration_date"


def test_notes_add_find_edit_delete(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    ids = {"id": rid}
    added = call("notes", "notes/add", path_params=ids)
    assert added.status == 201
    note_id = added.body["id"]
    call("notes", "notes/add", user="manager1", path_params=ids, body={"text": "Check licence"})
    found = call("notes", "notes/find", path_params=ids)
    assert [n["text"] for n in found.body] == ["Spine is fragile: use the book cradle."]
    by_creator = call(
        "notes", "notes/find", path_params=ids, query={"find": "manager1", "field": "created_by"}
    )
    assert [n["text"] for n in by_creator.body] == ["Check licence"]
    bad_field = call("notes", "notes/find", path_params=ids, query={"find": "x", "field": "colour"})
    assert bad_field.status == 422
    assert bad_field.body["error"]["field"] == "field"
    edited = call("notes", "notes/edit", user="manager1", path_params={"id": rid, "note_id": note_id})
    assert edited.status == 200
    assert (edited.body["updated_by"], edited.body["text"]) == (
        "manager1",
        "Spine is fragile: cradle, no flattening.",
    )
    deleted = call("notes", "notes/delete", path_params={"id": rid, "note_id": note_id})
    assert deleted.status == 204
    gone = call("notes", "notes/delete", path_params={"id": rid, "note_id": note_id})
    assert gone.status == 404
    patron = call("notes", "notes/find", user="patron1", path_params=ids)
    assert patron.status == 403
    blank = call("notes", "notes/add", path_params=ids, body={"text": "   "})
    assert blank.status == 422
    assert blank.body["error"]["field"] == "text"


def test_unknown_route_is_a_404_in_the_error_shape(call: Invoke) -> None:
    reply = call("get_request", "get_request/one", path_params={"id": "x/y"})
    assert reply.status == 404
    assert set(reply.body["error"]) >= {"code", "message", "field"}
