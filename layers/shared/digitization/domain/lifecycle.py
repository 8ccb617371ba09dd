"""The request state machine (SPEC §3.2): pure transitions on a Request.

Each function takes the current request, checks that the action fits its state,
and returns the changed copy with a history line. Persistence is elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from digitization.clock import iso, utcnow
from digitization.domain.inventory import InventoryItem
from digitization.domain.letters import queue_letter, withdraw_held
from digitization.domain.requests import (
    FINAL_STATUSES,
    AppliedRule,
    CancelReason,
    HistoryEntry,
    ItemKind,
    LetterKind,
    NewRequest,
    Request,
    RequestDetails,
    Status,
    Task,
    TaskMode,
    TaskStatus,
    TaskType,
    check_details,
    new_id,
)
from digitization.domain.rules import Rule, Target
from digitization.errors import Conflict, InvalidInput

TARGET_STATUS = {
    Target.DIGITAL_INVENTORY: Status.DIGITAL_INVENTORY,
    Target.DOCUMENT_DELIVERY_ATTACHMENT: Status.DOCUMENT_DELIVERY,
    Target.DOCUMENT_DELIVERY_LINK: Status.DOCUMENT_DELIVERY,
}


def open_request(body: NewRequest, created_by: str) -> Request:
    """A new request, in transit to the digitization department."""
    now = iso(utcnow())
    request = Request(
        **body.model_dump(),
        id=new_id(),
        status=Status.IN_TRANSIT,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    return record(request, by=created_by, action="create", to_status=Status.IN_TRANSIT)


def scan_in(request: Request, department: str, by: str, rule: Rule) -> Request:
    """The item arrives at a digitization department: DIGITIZATION, with the rule that applies."""
    _expect(request, Status.IN_TRANSIT, "scan in")
    changed = request.model_copy(deep=True)
    changed.department = department
    changed.applied_rule = AppliedRule(
        id=rule.id,
        name=rule.name,
        is_default=rule.is_default,
        snapshot=rule.model_dump(mode="json", exclude={"version"}),
    )
    changed.target = rule.output.target.value
    changed.tasks = tasks_for(rule)
    return record(
        changed,
        by=by,
        action="scan_in",
        from_status=request.status,
        to_status=Status.DIGITIZATION,
        details={"department": department, "rule_id": rule.id},
    )


def tasks_for(rule: Rule) -> list[Task]:
    """The approval and copyright-clearance tasks a rule's output asks for.

    An auto-approved task is made already approved, with its reason, for the record.
    """
    tasks = []
    for task_type, setting in (
        (TaskType.APPROVAL, rule.output.approval),
        (TaskType.COPYRIGHT_CLEARANCE, rule.output.copyright_clearance),
    ):
        if not setting.required:
            continue
        auto = setting.mode is TaskMode.AUTO_APPROVED
        tasks.append(
            Task(
                id=new_id(),
                type=task_type,
                mode=setting.mode,
                status=TaskStatus.APPROVED if auto else TaskStatus.PENDING,
                reason=setting.reason.value if auto and setting.reason else None,
                decided_by="system" if auto else None,
                decided_at=iso(utcnow()) if auto else None,
            )
        )
    return tasks


def next_step(request: Request, department: str, by: str) -> Request:
    """Digitized: on to digital inventory or document delivery, as the applied rule's target says."""
    _expect(request, Status.DIGITIZATION, "move to the next step")
    if department != request.department:
        raise Conflict(
            f"the item is held at department {request.department}; switch to it to move the request on",
            field="department",
            current_status=request.status,
        )
    return record(
        request.model_copy(deep=True),
        by=by,
        action="next_step",
        from_status=request.status,
        to_status=next_status(request),
    )


def next_status(request: Request) -> Status:
    """Where the next step takes a digitized request: the applied rule's target, once no blocking
    approval is pending (Conflict naming the task otherwise)."""
    blocking = [t for t in request.tasks if t.mode is TaskMode.BLOCKING and t.status is TaskStatus.PENDING]
    if blocking:
        kinds = ", ".join(sorted({t.type.value for t in blocking}))
        raise Conflict(
            f"approval is pending ({kinds}, blocking mode): the next step waits for it",
            current_status=request.status,
        )
    if request.target is None:
        raise Conflict("no rule was applied to this request", current_status=request.status)
    return TARGET_STATUS[Target(request.target)]


def cancel(request: Request, reason: CancelReason, note: str | None, by: str) -> Request:
    """Staff cancel a request that is not finished yet."""
    if request.status in FINAL_STATUSES:
        raise Conflict(f"the request is already {request.status.value}", current_status=request.status)
    cancelled = record(
        request.model_copy(deep=True),
        by=by,
        action="cancel",
        from_status=request.status,
        to_status=Status.CANCELLED,
        reason=reason.value,
        note=note,
    )
    withdraw_held(cancelled)
    queue_letter(cancelled, LetterKind.CANCELLED, reason=reason.value, note=note)
    return cancelled


def expire(request: Request, today: date) -> Request:
    """Past its expiration date and still unfinished: closed (CANCELLED, reason "expired"), requester told."""
    if request.status in FINAL_STATUSES:
        raise Conflict(f"the request is already {request.status.value}", current_status=request.status)
    if request.expiration_date is None or request.expiration_date >= today:
        raise Conflict("the request has not expired", field="expiration_date", current_status=request.status)
    expired = record(
        request.model_copy(deep=True),
        by="system",
        action="expire",
        from_status=request.status,
        to_status=Status.CANCELLED,
        reason="expired",
    )
    withdraw_held(expired)
    queue_letter(expired, LetterKind.EXPIRED, expiration_date=request.expiration_date.isoformat())
    return expired


CHANGEABLE = frozenset({Status.IN_TRANSIT, Status.DIGITIZATION})


def change_digitization(
    request: Request, to_kind: ItemKind, inventory: Sequence[InventoryItem], by: str
) -> Request:
    """Switch between physical and electronic digitization, when the inventory holds such an item."""
    if request.status not in CHANGEABLE:
        raise Conflict(
            f"digitization can be changed only before the next step; the request is {request.status.value}",
            current_status=request.status,
        )
    if request.item.kind is to_kind:
        raise Conflict(f"the request is already for {to_kind.value} digitization", field="kind")
    candidates = [item for item in inventory if item.kind is to_kind]
    if not candidates:
        raise Conflict(
            f"the inventory holds no {to_kind.value} item for MMS ID {request.item.mms_id}", field="kind"
        )
    chosen = candidates[0]
    changed = request.model_copy(deep=True)
    previous = (changed.item.kind.value, changed.item.barcode)
    changed.item.kind = to_kind
    changed.item.barcode = chosen.barcode
    return record(
        changed,
        by=by,
        action=f"change_to_{to_kind.value}_digitization",
        details={"from_kind": previous[0], "from_barcode": previous[1], "to_barcode": chosen.barcode},
    )


#: What the rules decide on (SPEC §3.1): fixed once the item is scanned in and the rules applied.
DECIDED_AT_SCAN_IN = (
    "partial",
    "pages",
    "chapters",
    "article_title",
    "course",
    "date_available_from",
    "date_available_to",
)


def edit(request: Request, changes: dict[str, Any], by: str) -> Request:
    """Edit what is requested, until scan-in; the expiration date, only when the request has one."""
    if request.status in FINAL_STATUSES:
        raise Conflict(f"a {request.status.value} request cannot be edited", current_status=request.status)
    fixed = [name for name in DECIDED_AT_SCAN_IN if name in changes]
    if fixed and request.status is not Status.IN_TRANSIT:
        raise Conflict(
            f"{fixed[0]} cannot change after scan-in: the rules decided on it; cancel and request again",
            field=fixed[0],
            current_status=request.status,
        )
    if "expiration_date" in changes and request.expiration_date is None:
        raise Conflict(
            "the expiration date can be updated only when the request already has one",
            field="expiration_date",
            current_status=request.status,
        )
    merged = {**request.model_dump(include=set(RequestDetails.model_fields)), **changes}
    try:
        details = RequestDetails.model_validate(merged)
        check_details(details, request.item, request.request_type)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInput(first["msg"], field=".".join(str(p) for p in first["loc"])) from None
    except ValueError as exc:
        raise InvalidInput(str(exc), field=getattr(exc, "field", None)) from None
    changed = request.model_copy(
        deep=True, update={name: getattr(details, name) for name in RequestDetails.model_fields}
    )
    shown = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in changes.items()
    }
    return record(changed, by=by, action="edit", details=shown)


def _expect(request: Request, status: Status, doing: str) -> None:
    if request.status is not status:
        raise Conflict(
            f"cannot {doing}: the request is {request.status.value}, not {status.value}",
            current_status=request.status,
        )


def record(
    request: Request,
    *,
    by: str,
    action: str,
    from_status: Status | None = None,
    to_status: Status | None = None,
    reason: str | None = None,
    note: str | None = None,
    details: dict[str, Any] | None = None,
) -> Request:
    """Apply the status change and append the history line (mutates and returns ``request``)."""
    now = iso(utcnow())
    if to_status is not None:
        request.status = to_status
    request.updated_at = now
    request.history.append(
        HistoryEntry(
            at=now,
            by=by,
            action=action,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            note=note,
            details=details,
        )
    )
    return request
