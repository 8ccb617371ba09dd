from __future__ import annotations

from typing import Any

import pytest

from digitization.domain import lifecycle
from digitization.domain.inventory import InventoryItem
from digitization.domain.requests import (
    CancelReason,
    ItemKind,
    NewRequest,
    Request,
    Status,
    Task,
    TaskMode,
    TaskStatus,
    TaskType,
)
from digitization.domain.rules import Rule, RuleOutput, Target, builtin_default_rule
from digitization.errors import Conflict, InvalidInput


@pytest.fixture
def fresh(create_body: dict[str, Any]) -> Request:
    return lifecycle.open_request(NewRequest.model_validate(create_body), created_by="patron1")


@pytest.fixture
def digitizing(fresh: Request) -> Request:
    return lifecycle.scan_in(fresh, "DIGI-MAIN", "operator1", builtin_default_rule())


def test_a_new_request_is_in_transit_with_a_history_line(fresh: Request) -> None:
    assert fresh.status is Status.IN_TRANSIT
    assert [(h.action, h.by, h.to_status) for h in fresh.history] == [
        ("create", "patron1", Status.IN_TRANSIT)
    ]


def test_scan_in_records_department_rule_and_target(fresh: Request) -> None:
    scanned = lifecycle.scan_in(fresh, "DIGI-MAIN", "operator1", builtin_default_rule())
    assert scanned.status is Status.DIGITIZATION
    assert scanned.department == "DIGI-MAIN"
    assert scanned.applied_rule is not None
    assert (scanned.applied_rule.id, scanned.applied_rule.is_default) == ("default", True)
    assert scanned.applied_rule.snapshot is not None
    assert scanned.target == "document_delivery_link"
    last = scanned.history[-1]
    assert (last.action, last.by, last.from_status, last.to_status) == (
        "scan_in",
        "operator1",
        Status.IN_TRANSIT,
        Status.DIGITIZATION,
    )
    assert fresh.status is Status.IN_TRANSIT, "transitions return a copy"


def test_scan_in_twice_is_a_conflict(digitizing: Request) -> None:
    with pytest.raises(Conflict) as caught:
        lifecycle.scan_in(digitizing, "DIGI-MAIN", "operator1", builtin_default_rule())
    assert caught.value.current_status == Status.DIGITIZATION


@pytest.mark.parametrize(
    ("target", "status"),
    [
        (Target.DIGITAL_INVENTORY, Status.DIGITAL_INVENTORY),
        (Target.DOCUMENT_DELIVERY_ATTACHMENT, Status.DOCUMENT_DELIVERY),
        (Target.DOCUMENT_DELIVERY_LINK, Status.DOCUMENT_DELIVERY),
    ],
)
def test_next_step_follows_the_rule_target(fresh: Request, target: Target, status: Status) -> None:
    rule = Rule(id="r1", name="r1", output=RuleOutput(target=target, max_views=3))
    moved = lifecycle.next_step(lifecycle.scan_in(fresh, "DIGI-MAIN", "op", rule), "DIGI-MAIN", "op")
    assert moved.status is status


def test_next_step_only_at_the_holding_department(digitizing: Request) -> None:
    with pytest.raises(Conflict, match="held at department DIGI-MAIN") as caught:
        lifecycle.next_step(digitizing, "DIGI-ANNEX", "operator1")
    assert caught.value.field == "department"


def test_next_step_only_from_digitization(fresh: Request) -> None:
    with pytest.raises(Conflict, match="not DIGITIZATION"):
        lifecycle.next_step(fresh, "DIGI-MAIN", "operator1")


def test_blocking_pending_task_stops_next_step(digitizing: Request) -> None:
    digitizing.tasks.append(
        Task(id="t", type=TaskType.APPROVAL, mode=TaskMode.BLOCKING, status=TaskStatus.PENDING)
    )
    with pytest.raises(Conflict, match="approval is pending"):
        lifecycle.next_step(digitizing, "DIGI-MAIN", "operator1")


def test_parallel_pending_task_does_not_stop_next_step(digitizing: Request) -> None:
    digitizing.tasks.append(
        Task(id="t", type=TaskType.APPROVAL, mode=TaskMode.PARALLEL, status=TaskStatus.PENDING)
    )
    assert lifecycle.next_step(digitizing, "DIGI-MAIN", "operator1").status is Status.DOCUMENT_DELIVERY


def test_cancel_records_reason_and_note(digitizing: Request) -> None:
    cancelled = lifecycle.cancel(digitizing, CancelReason.DUPLICATE_REQUEST, "asked twice", "operator1")
    assert cancelled.status is Status.CANCELLED
    last = cancelled.history[-1]
    assert (last.reason, last.note, last.from_status) == (
        "duplicate_request",
        "asked twice",
        Status.DIGITIZATION,
    )


def test_a_cancelled_request_cannot_be_cancelled_again(fresh: Request) -> None:
    cancelled = lifecycle.cancel(fresh, CancelReason.OTHER, None, "op")
    with pytest.raises(Conflict, match="already CANCELLED"):
        lifecycle.cancel(cancelled, CancelReason.OTHER, None, "op")


INVENTORY = [
    InventoryItem(mms_id="991234", barcode="B0001", kind=ItemKind.PHYSICAL, title="Ornament and Crime"),
    InventoryItem(mms_id="991234", barcode="E0001", kind=ItemKind.ELECTRONIC, title="Ornament and Crime"),
]


def test_change_to_electronic_uses_the_inventory_item(fresh: Request) -> None:
    changed = lifecycle.change_digitization(fresh, ItemKind.ELECTRONIC, INVENTORY, "op")
    assert (changed.item.kind, changed.item.barcode) == (ItemKind.ELECTRONIC, "E0001")
    assert changed.history[-1].action == "change_to_electronic_digitization"
    back = lifecycle.change_digitization(changed, ItemKind.PHYSICAL, INVENTORY, "op")
    assert (back.item.kind, back.item.barcode) == (ItemKind.PHYSICAL, "B0001")


def test_change_needs_an_item_of_that_kind(fresh: Request) -> None:
    with pytest.raises(Conflict, match="no electronic item"):
        lifecycle.change_digitization(fresh, ItemKind.ELECTRONIC, INVENTORY[:1], "op")


def test_change_to_the_same_kind_is_a_conflict(fresh: Request) -> None:
    with pytest.raises(Conflict, match="already for physical"):
        lifecycle.change_digitization(fresh, ItemKind.PHYSICAL, INVENTORY, "op")


def test_change_after_next_step_is_refused(digitizing: Request) -> None:
    moved = lifecycle.next_step(digitizing, "DIGI-MAIN", "op")
    with pytest.raises(Conflict, match="before the next step"):
        lifecycle.change_digitization(moved, ItemKind.ELECTRONIC, INVENTORY, "op")


def test_edit_revalidates_pages_against_total_pages(fresh: Request) -> None:
    assert lifecycle.edit(fresh, {"pages": "35-45"}, "op").pages == "35-45"
    with pytest.raises(InvalidInput) as caught:
        lifecycle.edit(fresh, {"pages": "35-400"}, "op")
    assert caught.value.field == "pages"


def test_expiry_can_change_only_when_there_is_one(fresh: Request) -> None:
    from datetime import date

    with pytest.raises(Conflict, match="only when the request already has one"):
        lifecycle.edit(fresh, {"expiration_date": date(2099, 1, 1)}, "manager1")
    with_expiry = fresh.model_copy(update={"expiration_date": date(2098, 1, 1)})
    edited = lifecycle.edit(with_expiry, {"expiration_date": date(2099, 1, 1)}, "manager1")
    assert edited.expiration_date == date(2099, 1, 1)
    assert edited.history[-1].details == {"expiration_date": "2099-01-01"}


def test_finished_requests_cannot_be_edited(fresh: Request) -> None:
    cancelled = lifecycle.cancel(fresh, CancelReason.OTHER, None, "op")
    with pytest.raises(Conflict, match="cannot be edited"):
        lifecycle.edit(cancelled, {"pages": "1-2"}, "op")
