"""Manual status change (the seed's "Status field" on In Process Items: Request Management).

Staff choose another status for a request, with a note; only the moves the other actions make
are offered, under the same conditions (SPEC §3.2): on to the delivery step only when the next
step would be allowed (never past a pending blocking approval), back to DIGITIZATION only while
nothing is delivered, COMPLETED only when the delivery is made and every task approved (it is the
publication), CANCELLED by cancel's rules. Never IN_TRANSIT again, and never REJECTED: that is an
approver's decision. Pure: the service applies CANCELLED and COMPLETED through their own use cases.
"""

from __future__ import annotations

from typing import NoReturn

from pydantic import Field

from digitization.domain.delivery import publishable
from digitization.domain.departments import DepartmentCode, require_held_at
from digitization.domain.lifecycle import next_status, record
from digitization.domain.requests import (
    FINAL_STATUSES,
    CancelReason,
    LongText,
    Request,
    Status,
    Strict,
    TaskStatus,
)
from digitization.errors import Conflict, InvalidInput

DELIVERY_STEPS = frozenset({Status.DIGITAL_INVENTORY, Status.DOCUMENT_DELIVERY})
#: The moves ``change_status`` makes itself; CANCELLED and COMPLETED go through cancel and publishing.
MOVES = frozenset({Status.DIGITIZATION, *DELIVERY_STEPS})


class StatusChange(Strict):
    """Body of ``POST /requests/{id}/status``."""

    status: Status = Field(description="The status to move to: one of the request's allowed_statuses")
    note: LongText | None = Field(default=None, description="Why; kept in the history")
    reason: CancelReason | None = Field(
        default=None, description="Only with status CANCELLED, and then required: the cancellation reason"
    )
    department: DepartmentCode | None = Field(
        default=None,
        description="The department the operator is working at: required to move on to the delivery step, "
        "which happens only where the item is (as the next step)",
    )


def check(request: Request, to: Status) -> None:
    """Conflict (409, naming ``status`` and saying why) unless ``request`` may move to ``to`` now."""
    if request.status in FINAL_STATUSES:
        _refuse(
            request, f"the request is already {request.status.value}: a finished request keeps its status"
        )
    if to is request.status:
        _refuse(request, f"the request is already {to.value}")
    if to is Status.IN_TRANSIT:
        _refuse(request, "a scanned-in request cannot go back in transit")
    if to is Status.REJECTED:
        _refuse(
            request, "a request is rejected by an approver rejecting its task (POST /requests/{id}/reject)"
        )
    if to is Status.DIGITIZATION:
        if request.status is Status.IN_TRANSIT:
            _refuse(
                request,
                "scan the item in at its digitization department (POST /requests/{id}/scan-in): "
                "the rules are applied there",
            )
        if request.delivery is not None:
            _refuse(request, "the request has been delivered: it cannot go back to DIGITIZATION")
    if to in DELIVERY_STEPS:
        if request.status is not Status.DIGITIZATION:
            _refuse(
                request,
                f"{to.value} follows DIGITIZATION (the next step); the request is {request.status.value}",
            )
        try:
            step = next_status(request)  # refuses while a blocking approval is pending
        except Conflict as exc:
            _refuse(request, exc.message)
        if step is not to:
            _refuse(
                request, f"the applied rule's target ({request.target}) makes the next status {step.value}"
            )
    if to is Status.COMPLETED:
        _check_completable(request)


def _check_completable(request: Request) -> None:
    if request.delivery is None:
        _refuse(
            request,
            "nothing has been delivered yet: a request completes when its delivery reaches the patron "
            "(POST /requests/{id}/deliver)",
        )
    pending = sorted({t.type.value for t in request.tasks if t.status is TaskStatus.PENDING})
    if pending:
        _refuse(
            request,
            f"approval is pending ({', '.join(pending)}): the request completes only once every task is approved",
        )
    if not publishable(request):
        _refuse(request, "the delivery has already been published")


def allowed_statuses(request: Request) -> list[Status]:
    """The statuses staff may choose for ``request`` now (what the Status field offers)."""
    allowed = []
    for status in Status:
        try:
            check(request, status)
        except Conflict:
            continue
        allowed.append(status)
    return allowed


def change_status(
    request: Request, to: Status, note: str | None, by: str, department: str | None = None
) -> Request:
    """Move to the delivery step (at the department that holds the item, as the next step) or back to
    DIGITIZATION, with the note in the history line."""
    check(request, to)
    if to not in MOVES:
        raise ValueError(f"{to.value} is applied by its own use case")
    if to in DELIVERY_STEPS:
        if department is None:
            raise InvalidInput(
                f"give the department you are working at: {to.value} is reached only where the item is",
                field="department",
            )
        require_held_at(request, department, "move the request on")
    return record(
        request.model_copy(deep=True),
        by=by,
        action="change_status",
        from_status=request.status,
        to_status=to,
        note=note,
    )


def _refuse(request: Request, message: str) -> NoReturn:
    raise Conflict(message, field="status", current_status=request.status)
