"""The Status field's choices: the same transitions as the other actions (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from digitization.domain import lifecycle
from digitization.domain.delivery import sends_link
from digitization.domain.representations import decisions_of
from digitization.domain.requests import (
    Delivery,
    NewRequest,
    Request,
    Status,
    Task,
    TaskMode,
    TaskStatus,
    TaskType,
)
from digitization.domain.rules import builtin_default_rule
from digitization.domain.status_change import allowed_statuses, change_status, check
from digitization.errors import Conflict, InvalidInput

S = Status


@pytest.fixture
def digitizing(create_body: dict[str, Any]) -> Request:
    fresh = lifecycle.open_request(NewRequest.model_validate(create_body), created_by="patron1")
    return lifecycle.scan_in(fresh, "DIGI-MAIN", "operator1", builtin_default_rule())


def task(mode: TaskMode, status: TaskStatus = TaskStatus.PENDING) -> Task:
    return Task(id="t1", type=TaskType.APPROVAL, mode=mode, status=status)


def delivered(request: Request, max_views: int | None = 3) -> Request:
    changed = request.model_copy(deep=True)
    changed.delivery = Delivery(
        target="document_delivery_link", delivered_by="operator1", delivered_at="2026-01-01T00:00:00Z"
    )
    changed.delivery.max_views = max_views
    return changed


def test_in_transit_may_only_be_cancelled(create_body: dict[str, Any]) -> None:
    fresh = lifecycle.open_request(NewRequest.model_validate(create_body), created_by="patron1")
    assert allowed_statuses(fresh) == [S.CANCELLED]
    with pytest.raises(Conflict, match="scan-in"):
        check(fresh, S.DIGITIZATION)


def test_digitization_goes_on_to_the_rules_target_only(digitizing: Request) -> None:
    assert digitizing.target == "document_delivery_link"
    assert allowed_statuses(digitizing) == [S.DOCUMENT_DELIVERY, S.CANCELLED]
    with pytest.raises(InvalidInput) as unnamed:
        change_status(digitizing, S.DOCUMENT_DELIVERY, "by hand", "operator1")
    assert unnamed.value.field == "department"
    with pytest.raises(Conflict) as elsewhere:
        change_status(digitizing, S.DOCUMENT_DELIVERY, "by hand", "operator1", "CIRC-MAIN")
    assert elsewhere.value.field == "department"
    here = digitizing.department
    assert here is not None
    moved = change_status(digitizing, S.DOCUMENT_DELIVERY, "by hand", "operator1", here)
    assert (moved.status, moved.history[-1].action, moved.history[-1].note) == (
        S.DOCUMENT_DELIVERY,
        "change_status",
        "by hand",
    )
    assert digitizing.status is S.DIGITIZATION, "a copy"


def test_a_pending_blocking_task_holds_the_request(digitizing: Request) -> None:
    digitizing.tasks = [task(TaskMode.BLOCKING)]
    assert allowed_statuses(digitizing) == [S.CANCELLED]
    with pytest.raises(Conflict, match="blocking") as caught:
        change_status(digitizing, S.DOCUMENT_DELIVERY, None, "operator1", digitizing.department)
    assert caught.value.field == "status"
    digitizing.tasks = [task(TaskMode.PARALLEL)]
    assert S.DOCUMENT_DELIVERY in allowed_statuses(digitizing)


def test_completed_only_when_delivered_and_every_task_approved(digitizing: Request) -> None:
    at_step = lifecycle.next_step(digitizing, "DIGI-MAIN", "operator1")
    at_step.tasks = [task(TaskMode.PARALLEL)]
    assert allowed_statuses(at_step) == [S.DIGITIZATION, S.CANCELLED]
    sent = delivered(at_step)
    assert allowed_statuses(sent) == [S.CANCELLED], "delivered: no way back, no completion before approval"
    sent.tasks = [task(TaskMode.PARALLEL, TaskStatus.APPROVED)]
    assert allowed_statuses(sent) == [S.COMPLETED, S.CANCELLED]
    with pytest.raises(ValueError, match="own use case"):
        change_status(sent, S.COMPLETED, None, "operator1")


def test_a_finished_request_keeps_its_status(digitizing: Request) -> None:
    digitizing.status = S.REJECTED
    assert allowed_statuses(digitizing) == []


def test_a_link_is_sent_only_under_a_maximum_of_views(digitizing: Request) -> None:
    assert sends_link(delivered(digitizing, 3).delivery)  # type: ignore[arg-type]
    assert not sends_link(delivered(digitizing, None).delivery)  # type: ignore[arg-type]


def test_the_decisions_a_representation_keeps(digitizing: Request) -> None:
    digitizing.tasks = [
        Task(
            id="t1",
            type=TaskType.COPYRIGHT_CLEARANCE,
            mode=TaskMode.PARALLEL,
            status=TaskStatus.APPROVED,
            reason="Open Access",
            decided_by="digimanager1",
            decided_at="2026-01-02T00:00:00Z",
        )
    ]
    digitizing.approval.cc_number = "CCC-1"
    kept = decisions_of(digitizing)
    assert (kept.request_id, kept.cc_number) == (digitizing.id, "CCC-1")
    assert [(t.type, t.status, t.decided_by, t.reason) for t in kept.tasks] == [
        ("copyright_clearance", "approved", "digimanager1", "Open Access")
    ]
