"""Delivery (SPEC §5): record how a request was delivered; complete it once every task is approved."""

from __future__ import annotations

from typing import Any

from digitization.clock import iso, utcnow
from digitization.domain.letters import queue_letter
from digitization.domain.lifecycle import record
from digitization.domain.requests import Delivery, LetterKind, Request, Status, TaskStatus
from digitization.domain.rules import Target
from digitization.errors import Conflict

DELIVERY_STATUS = {
    Target.DIGITAL_INVENTORY: Status.DIGITAL_INVENTORY,
    Target.DOCUMENT_DELIVERY_ATTACHMENT: Status.DOCUMENT_DELIVERY,
    Target.DOCUMENT_DELIVERY_LINK: Status.DOCUMENT_DELIVERY,
}

LETTER_FOR = {
    Target.DIGITAL_INVENTORY: LetterKind.ADDED_TO_REPOSITORY,
    Target.DOCUMENT_DELIVERY_ATTACHMENT: LetterKind.DELIVERED_ATTACHMENT,
    Target.DOCUMENT_DELIVERY_LINK: LetterKind.DELIVERED_LINK,
}


def check_deliverable(request: Request) -> Target:
    """The request's target, when the request is at its delivery step and not delivered yet."""
    if request.target is None or request.status is not DELIVERY_STATUS.get(Target(request.target)):
        raise Conflict(
            f"delivery comes after the next step; the request is {request.status.value}",
            current_status=request.status,
        )
    if request.delivery is not None:
        raise Conflict("the request has already been delivered", current_status=request.status)
    return Target(request.target)


def all_approved(request: Request) -> bool:
    return all(task.status is TaskStatus.APPROVED for task in request.tasks)


def deliver(request: Request, delivery: Delivery, letter_data: dict[str, Any]) -> Request:
    """Record the delivery and the letter; COMPLETED now if every task is approved, else at the last approval."""
    target = check_deliverable(request)
    changed = request.model_copy(deep=True)
    changed.delivery = delivery
    queue_letter(changed, LETTER_FOR[target], **letter_data)
    record(
        changed,
        by=delivery.delivered_by,
        action="deliver",
        details={"target": target.value, "files": len(delivery.files)},
    )
    return complete_if_ready(changed, by=delivery.delivered_by)


def complete_if_ready(request: Request, by: str) -> Request:
    """Delivered and every task approved: COMPLETED (mutates and returns ``request``)."""
    if request.delivery is None or not all_approved(request) or request.status is Status.COMPLETED:
        return request
    return record(request, by=by, action="complete", from_status=request.status, to_status=Status.COMPLETED)


def delivered_now() -> str:
    return iso(utcnow())
