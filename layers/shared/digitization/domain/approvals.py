"""Approval and copyright clearance (SPEC §3.4): work on, approve, reject.

Pure transitions on a Request, like ``lifecycle.py``; each appends a history line
and queues the letter the requester is owed.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field

from digitization.clock import iso, utcnow
from digitization.domain.letters import queue_letter, release_held, withdraw_held
from digitization.domain.lifecycle import record
from digitization.domain.requests import (
    FINAL_STATUSES,
    ApprovalFields,
    LetterKind,
    LongText,
    Request,
    Status,
    Strict,
    Task,
    TaskStatus,
    TaskType,
)
from digitization.domain.rules import ApproveReason
from digitization.errors import Conflict, InvalidInput, NotFound


class RejectReason(StrEnum):
    """The fixed reject reasons (SPEC §3.4)."""

    OTHER = "Other"
    REJECTED_BY_MANAGER = "Rejected by Manager"
    REJECTED_BY_CCC = "Rejected by CCC"


class ApprovalChanges(Strict):
    """Body of ``PATCH /requests/{id}/approval``: only the fields sent change."""

    cc_number: str | None = Field(default=None, max_length=100)
    cc_order_date: date | None = None
    cc_approval_date: date | None = None
    note: LongText | None = None


class Approve(Strict):
    task: TaskType
    reason: ApproveReason
    note: LongText | None = None


class Reject(Strict):
    task: TaskType
    reason: RejectReason
    note: LongText | None = None


class ApprovalState(StrEnum):
    """A request's place in the approval requests list."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CLOSED = "closed"  # cancelled or expired while a task was still waiting: nothing left to decide


def approval_state(request: Request) -> ApprovalState | None:
    """Rejected if a task was rejected; pending while one waits on an open request (closed once the
    request ended without the decision); approved when all are; None without tasks."""
    statuses = {task.status for task in request.tasks}
    if not statuses:
        return None
    if TaskStatus.REJECTED in statuses:
        return ApprovalState.REJECTED
    if TaskStatus.PENDING in statuses:
        return ApprovalState.CLOSED if request.status in FINAL_STATUSES else ApprovalState.PENDING
    return ApprovalState.APPROVED


def work_on(request: Request, changes: dict[str, Any], by: str) -> Request:
    """Edit CC number, CC order date, CC approval date and note; the approval date cannot precede the order."""
    if request.status in FINAL_STATUSES:
        raise Conflict(f"a {request.status.value} request is closed", current_status=request.status)
    merged = ApprovalFields.model_validate({**request.approval.model_dump(), **changes})
    if merged.cc_order_date and merged.cc_approval_date and merged.cc_approval_date < merged.cc_order_date:
        raise InvalidInput("the CC approval date is before the CC order date", field="cc_approval_date")
    changed = request.model_copy(deep=True, update={"approval": merged})
    shown = {key: value.isoformat() if isinstance(value, date) else value for key, value in changes.items()}
    return record(changed, by=by, action="work_on_approval", details=shown)


def approve(request: Request, body: Approve, by: str) -> Request:
    """Approve one pending task; when none is left pending, held letters go out and the requester is told.

    A delivery waiting for this approval is published by the caller (``service/publishing.py``).
    """
    changed = request.model_copy(deep=True)
    task = _pending_task(changed, body.task)
    if body.task is TaskType.COPYRIGHT_CLEARANCE:
        missing = [
            name
            for name, value in (
                ("cc_number", changed.approval.cc_number),
                ("cc_order_date", changed.approval.cc_order_date),
                ("cc_approval_date", changed.approval.cc_approval_date),
            )
            if not value
        ]
        if missing:
            raise InvalidInput(
                f"copyright clearance needs {', '.join(missing)} first (PATCH /requests/{{id}}/approval)",
                field=missing[0],
            )
    _decide(task, TaskStatus.APPROVED, body.reason.value, body.note, by)
    record(changed, by=by, action=f"approve_{body.task.value}", reason=body.reason.value, note=body.note)
    if not any(t.status is TaskStatus.PENDING for t in changed.tasks):
        queue_letter(changed, LetterKind.APPROVED)
        release_held(changed)
    return changed


def reject(request: Request, body: Reject, by: str) -> Request:
    """Reject one pending task: the request is REJECTED and the requester told why."""
    changed = request.model_copy(deep=True)
    task = _pending_task(changed, body.task)
    _decide(task, TaskStatus.REJECTED, body.reason.value, body.note, by)
    record(
        changed,
        by=by,
        action=f"reject_{body.task.value}",
        from_status=request.status,
        to_status=Status.REJECTED,
        reason=body.reason.value,
        note=body.note,
    )
    withdraw_held(changed)
    queue_letter(changed, LetterKind.REJECTED, reason=body.reason.value, note=body.note)
    return changed


def _pending_task(request: Request, task_type: TaskType) -> Task:
    if request.status in FINAL_STATUSES:
        raise Conflict(f"the request is already {request.status.value}", current_status=request.status)
    task = next((t for t in request.tasks if t.type is task_type), None)
    if task is None:
        raise NotFound(f"this request has no {task_type.value} task", field="task")
    if task.status is not TaskStatus.PENDING:
        raise Conflict(
            f"the {task_type.value} task was already {task.status.value} by {task.decided_by}",
            field="task",
            current_status=request.status,
        )
    return task


def _decide(task: Task, status: TaskStatus, reason: str, note: str | None, by: str) -> None:
    task.status = status
    task.reason = reason
    task.note = note
    task.decided_by = by
    task.decided_at = iso(utcnow())
