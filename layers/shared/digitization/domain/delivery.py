"""Delivery (SPEC §5): record what staff delivered, and publish it to the patron once every task is approved.

Publishing is one step in two writes, so that it happens exactly once whatever races it:
``claim_publication`` reserves the link token on the request; the caller then makes the
link and the representation live (idempotent writes); ``published`` records it, queues the
letter and completes the request. A request cancelled or rejected in between is never
published, and what went live is taken back.
"""

from __future__ import annotations

from typing import Any

from digitization.clock import iso, utcnow
from digitization.domain.letters import queue_letter
from digitization.domain.lifecycle import record
from digitization.domain.notes import new_note
from digitization.domain.requests import (
    FINAL_STATUSES,
    Delivery,
    LetterKind,
    Request,
    Status,
    TaskStatus,
)
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


#: What staff read when a link delivery completes without a link (the rule sets no maximum views).
NO_LINK_NOTE = (
    "No download link was sent to the patron: the rule sets no maximum number of views, and without "
    "one the file link is not sent (as in Alma). Give the rule a max_views, or send the copy another way."
)


class NotPublishable(Exception):
    """The request cannot be published (now): not delivered, not approved, already published, or ended."""


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


def sends_link(delivery: Delivery) -> bool:
    """A link delivery under a rule with a maximum of views: only then is a link made and sent."""
    return Target(delivery.target) is Target.DOCUMENT_DELIVERY_LINK and delivery.max_views is not None


def all_approved(request: Request) -> bool:
    return all(task.status is TaskStatus.APPROVED for task in request.tasks)


def deliver(request: Request, delivery: Delivery) -> Request:
    """Record what staff delivered; it reaches the patron when published (at once if nothing is pending)."""
    target = check_deliverable(request)
    changed = request.model_copy(deep=True)
    changed.delivery = delivery
    return record(
        changed,
        by=delivery.delivered_by,
        action="deliver",
        details={"target": target.value, "files": len(delivery.files), "published": False},
    )


def publishable(request: Request) -> bool:
    """Delivered, every task approved, not yet published, and the request still open."""
    delivery = request.delivery
    return (
        delivery is not None
        and delivery.published_at is None
        and all_approved(request)
        and request.status not in FINAL_STATUSES
    )


def claim_publication(request: Request, token: str | None) -> Request:
    """Reserve the link token (kept when an earlier publisher already reserved one)."""
    if not publishable(request) or request.delivery is None:
        raise NotPublishable(request.id)
    changed = request.model_copy(deep=True)
    assert changed.delivery is not None
    if changed.delivery.publishing_token is None:
        changed.delivery.publishing_token = token
    return changed


def published(request: Request, base_url: str, by: str, web_url: str | None = None) -> Request:
    """Link, representation and letter are live: record it, queue the letter, complete the request.

    A link delivery whose rule sets no maximum views completes without a link or letter: a staff
    note and a history line say why (the seed: "the file link will not be sent")."""
    if not publishable(request) or request.delivery is None:
        raise NotPublishable(request.id)
    changed = request.model_copy(deep=True)
    delivery = changed.delivery
    assert delivery is not None
    target = Target(delivery.target)
    delivery.link_token = delivery.publishing_token if sends_link(delivery) else None
    delivery.published_at = iso(utcnow())
    if target is Target.DOCUMENT_DELIVERY_LINK and not sends_link(delivery):
        changed.notes.append(new_note(NO_LINK_NOTE, by="system"))
        record(changed, by=by, action="link_not_sent", reason="no_max_views", note=NO_LINK_NOTE)
    else:
        queue_letter(changed, LETTER_FOR[target], **letter_data(delivery, base_url, web_url))
    record(changed, by=by, action="publish", details={"target": target.value})
    return record(changed, by=by, action="complete", from_status=request.status, to_status=Status.COMPLETED)


def expired_before_approval(request: Request, by: str) -> Request:
    """The prepared copy outlived the cleanup days before approval came: staff deliver again."""
    if request.delivery is None or request.delivery.published_at is not None:
        raise NotPublishable(request.id)
    changed = request.model_copy(deep=True)
    changed.delivery = None
    return record(
        changed,
        by=by,
        action="delivery_expired",
        note="the delivered copy was removed after the cleanup days before the approval came; "
        "upload the files and deliver again",
    )


def letter_data(delivery: Delivery, base_url: str, web_url: str | None = None) -> dict[str, Any]:
    """What the delivery letter says: the link, the repository address, or the files it carries.

    A download link opens the web app's download page (``<web_url>/d/<token>``: sign in, see the file, then
    download it) when there is a web app, else the API's download route itself (SPEC §5.4)."""
    target = Target(delivery.target)
    if target is Target.DIGITAL_INVENTORY:
        return {"link": f"{base_url}/representations/{delivery.representation_id}"}
    if target is Target.DOCUMENT_DELIVERY_ATTACHMENT:
        return {
            "files": [{"key": f.key, "name": f.name, "content_type": f.content_type} for f in delivery.files]
        }
    return {
        "link": f"{web_url}/d/{delivery.link_token}"
        if web_url
        else f"{base_url}/downloads/{delivery.link_token}",
        "max_views": delivery.max_views,
        "expires_on": delivery.link_expires_at,
    }
