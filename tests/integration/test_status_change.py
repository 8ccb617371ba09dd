"""Manual status change (issue 11, part 3): ``POST /requests/{id}/status``, operators only.

The seed's Status field: staff choose another status, with a note, recorded in the history; the
same transitions as the other actions (never past a pending blocking approval, never COMPLETED
before the delivery and every approval, CANCELLED by cancel's rules).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from digitization.auth import Caller, Role
from digitization.domain import approvals
from digitization.domain.approvals import Approve
from digitization.domain.requests import Status, TaskType
from digitization.domain.rules import ApproveReason
from digitization.domain.status_change import StatusChange
from digitization.errors import Conflict
from digitization.service import status_change as status_service
from digitization.service.mutation import mutate
from local_stack.resources import Stack
from tests.integration.conftest import Invoke, Reply
from tests.integration.delivering import READY, install_rule, links_of, subjects, upload

NewRequest = Callable[..., dict[str, Any]]
BLOCKING = {"required": True, "mode": "blocking"}
PARALLEL = {"required": True, "mode": "parallel"}


def move(call: Invoke, rid: str, user: str = "operator1", **body: Any) -> Reply:
    """POST the status change, at the department that holds the item unless ``body`` names one."""
    body.setdefault("department", "DIGI-MAIN")
    return call(
        "change_status", "change_status/to_delivery_step", user=user, path_params={"id": rid}, body=body
    )


def staff_read(call: Invoke, rid: str) -> dict[str, Any]:
    reply = call("get_request", "get_request/one", user="operator1", path_params={"id": rid})
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.body
    return body


@pytest.fixture
def scanned(call: Invoke, new_request: NewRequest) -> Callable[[], str]:
    def _scanned() -> str:
        rid: str = new_request()["id"]
        assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
        return rid

    return _scanned


@pytest.mark.parametrize("user", ["patron1", "manager1", "digimanager1", "admin1"])
def test_only_operators_change_a_status(aws: Stack, call: Invoke, new_request: NewRequest, user: str) -> None:
    rid = new_request()["id"]
    refused = move(call, rid, user=user, status="CANCELLED", reason="other")
    assert refused.status == 403, refused.body
    assert staff_read(call, rid)["status"] == "IN_TRANSIT"


def test_an_unknown_status_is_a_422_naming_status(
    aws: Stack, call: Invoke, scanned: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=2)
    rid = scanned()
    refused = move(call, rid, status="DONE")
    assert refused.status == 422, refused.body
    assert refused.body["error"]["field"] == "status"
    missing = move(call, rid, note="no status")
    assert (missing.status, missing.body["error"]["field"]) == (422, "status")


def test_on_to_the_delivery_step_with_a_note_in_the_history(
    aws: Stack, call: Invoke, scanned: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=2)
    rid = scanned()
    before = staff_read(call, rid)
    assert before["allowed_statuses"] == ["DOCUMENT_DELIVERY", "CANCELLED"]
    moved = move(call, rid, status="DOCUMENT_DELIVERY", note="Scanned at the overhead scanner")
    assert moved.status == 200, moved.body
    assert moved.body["status"] == "DOCUMENT_DELIVERY"
    last = moved.body["history"][-1]
    assert (last["action"], last["by"], last["from_status"], last["to_status"], last["note"]) == (
        "change_status",
        "operator1",
        "DIGITIZATION",
        "DOCUMENT_DELIVERY",
        "Scanned at the overhead scanner",
    )
    assert moved.body["allowed_statuses"] == ["DIGITIZATION", "CANCELLED"]
    mine = call("get_request", "get_request/one", user="patron1", path_params={"id": rid}).body
    assert "allowed_statuses" not in mine
    assert mine["timeline"][-1]["status"] == "DOCUMENT_DELIVERY"
    assert "overhead" not in str(mine), "staff notes stay with staff"


def test_a_pending_blocking_approval_cannot_be_skipped(
    aws: Stack, call: Invoke, scanned: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", approval=BLOCKING, max_views=2)
    rid = scanned()
    assert staff_read(call, rid)["allowed_statuses"] == ["CANCELLED"]
    for status in ("DOCUMENT_DELIVERY", "COMPLETED"):
        refused = move(call, rid, status=status, note="the patron is in a hurry")
        assert refused.status == 409, refused.body
        assert refused.body["error"]["field"] == "status"
        assert refused.body["error"]["current_status"] == "DIGITIZATION"
    assert (
        "approval is pending (approval, blocking mode)"
        in move(call, rid, status="DOCUMENT_DELIVERY").body["error"]["message"]
    )
    assert "nothing has been delivered" in move(call, rid, status="COMPLETED").body["error"]["message"]
    after = staff_read(call, rid)
    assert after["status"] == "DIGITIZATION"
    assert "change_status" not in [h["action"] for h in after["history"]], "nothing half-written"


@pytest.mark.parametrize(
    ("status", "why"),
    [
        ("DIGITAL_INVENTORY", "makes the next status DOCUMENT_DELIVERY"),
        ("REJECTED", "rejecting its task"),
        ("IN_TRANSIT", "cannot go back in transit"),
        ("DIGITIZATION", "already DIGITIZATION"),
    ],
)
def test_statuses_the_state_machine_does_not_allow_are_409_saying_why(
    aws: Stack, call: Invoke, scanned: Callable[[], str], status: str, why: str
) -> None:
    install_rule("document_delivery_link", max_views=2)
    rid = scanned()
    refused = move(call, rid, status=status)
    assert refused.status == 409, refused.body
    assert why in refused.body["error"]["message"]


def test_back_to_digitization_only_while_nothing_is_delivered(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=2)
    rid = at_delivery()
    back = move(call, rid, status="DIGITIZATION", note="Pages 37-38 are blurred: scan again")
    assert back.status == 200, back.body
    assert back.body["status"] == "DIGITIZATION"
    assert move(call, rid, status="DOCUMENT_DELIVERY").status == 200, "parallel: the next step may go on"
    upload(aws, call, rid, "a.pdf", b"%PDF")
    assert call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}).status == 200
    refused = move(call, rid, status="DIGITIZATION")
    assert refused.status == 409
    assert "has been delivered" in refused.body["error"]["message"]
    early = move(call, rid, status="COMPLETED")
    assert early.status == 409, "not before the approval"
    assert "approval is pending (approval)" in early.body["error"]["message"]
    assert READY not in subjects()
    assert links_of(aws, rid) == []


def test_cancelled_goes_through_cancel_with_its_reason_and_letter(
    aws: Stack, call: Invoke, scanned: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=2)
    rid = scanned()
    refused = move(call, rid, status="CANCELLED", note="no reason given")
    assert (refused.status, refused.body["error"]["field"]) == (422, "reason")
    stray = move(call, rid, status="DOCUMENT_DELIVERY", reason="other")
    assert (stray.status, stray.body["error"]["field"]) == (422, "reason")
    cancelled = move(call, rid, status="CANCELLED", reason="item_not_found", note="Not on the shelf")
    assert cancelled.status == 200, cancelled.body
    assert cancelled.body["status"] == "CANCELLED"
    assert cancelled.body["history"][-1]["reason"] == "item_not_found"
    assert [letter["kind"] for letter in cancelled.body["letters"]] == ["cancelled"]
    assert cancelled.body["allowed_statuses"] == []
    again = move(call, rid, status="DIGITIZATION")
    assert again.status == 409
    assert "finished request keeps its status" in again.body["error"]["message"]


def test_completed_publishes_a_delivery_whose_publication_failed(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=2)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF")
    assert call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}).status == 200
    # The approval is saved but its publication never ran (the process stopped in between).
    body = Approve(task=TaskType.APPROVAL, reason=ApproveReason.COVERED_BY_LICENSE)
    mutate(rid, lambda current: approvals.approve(current, body, "manager1"))
    assert staff_read(call, rid)["allowed_statuses"] == ["COMPLETED", "CANCELLED"]
    done = move(call, rid, status="COMPLETED", note="Published by hand")
    assert done.status == 200, done.body
    assert done.body["status"] == "COMPLETED"
    assert done.body["delivery"]["link_token"]
    assert len(links_of(aws, rid)) == 1
    assert subjects().count(READY) == 1
    assert (done.body["history"][-1]["action"], done.body["history"][-1]["note"]) == (
        "change_status",
        "Published by hand",
    )
    assert move(call, rid, status="COMPLETED").status == 409, "once"


def test_racing_moves_one_wins_the_others_are_told(
    aws: Stack, call: Invoke, scanned: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=2)
    rid = scanned()
    operator = Caller(username="operator1", email=None, roles=frozenset({Role.WORK_ORDER_OPERATOR}))

    def attempt(_: int) -> str:
        body = StatusChange(status=Status.DOCUMENT_DELIVERY, note="racing", department="DIGI-MAIN")
        try:
            status_service.change_status(operator, rid, body, "https://api.example.edu")
        except Conflict:
            return "409"
        return "200"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(8)))
    assert outcomes.count("200") == 1, outcomes
    history = staff_read(call, rid)["history"]
    assert [h["action"] for h in history].count("change_status") == 1


def test_the_delivery_step_is_reached_only_where_the_item_is(
    aws: Stack, call: Invoke, scanned: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=2)
    rid = scanned()
    unnamed = move(call, rid, status="DOCUMENT_DELIVERY", department=None)
    assert (unnamed.status, unnamed.body["error"]["field"]) == (422, "department")
    elsewhere = move(call, rid, status="DOCUMENT_DELIVERY", department="CIRC-MAIN")
    assert (elsewhere.status, elsewhere.body["error"]["code"]) == (409, "wrong_department")
    assert staff_read(call, rid)["status"] == "DIGITIZATION", "nothing moved"
