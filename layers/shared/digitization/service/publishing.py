"""What happens at the last approval: link, representation and letter go live together, exactly once.

Nothing reaches the patron before the approval the rules demanded (SPEC §5.3): staff may
deliver in parallel mode, but the link is not issued, the representation stays hidden and
the letter waits. ``publish`` is called after every delivery and every approval; it does
nothing until the request is delivered and every task approved, and then publishes once,
safe under retries and races (see ``domain/delivery.py`` for the two writes). ``withdraw``
takes everything back when a request ends without approval.
"""

from __future__ import annotations

import functools

from digitization import storage
from digitization.clock import epoch, iso, utcnow
from digitization.config import settings
from digitization.data.repositories import repositories
from digitization.domain import delivery as domain
from digitization.domain.delivery import NotPublishable
from digitization.domain.links import Link, new_token
from digitization.domain.representations import FILES_PREFIX, decisions_of
from digitization.domain.requests import Delivery, Request, Status
from digitization.domain.rules import Target
from digitization.observability import count, logger
from digitization.service import settings as settings_service
from digitization.service.mutation import mutate

DAY = 86_400


def publish_or_leave(request: Request, base_url: str, by: str) -> Request:
    """Publish now if due; if that fails, the action that called it still succeeds and the hourly job
    publishes later (the request stays on its index until it is published)."""
    try:
        return publish(request, base_url, by)
    except Exception:
        count("PublishFailed")
        logger.exception("publication left to the hourly job", extra={"request_id": request.id})
        return request


def publish(request: Request, base_url: str, by: str) -> Request:
    """Publish ``request``'s delivery if it is delivered and approved; returns the request as last saved."""
    if not domain.publishable(request) or request.delivery is None:
        return request
    token = new_token() if domain.sends_link(request.delivery) else None
    try:
        claimed = mutate(
            request.id,
            functools.partial(domain.claim_publication, token=token),
            transition=False,
            read=request,
        )
    except NotPublishable:
        return repositories().requests.get(request.id)
    delivery = claimed.delivery
    assert delivery is not None
    if not _still_there(claimed.id, delivery):
        logger.warning("delivered copy removed before approval", extra={"request_id": request.id})
        return mutate(request.id, functools.partial(domain.expired_before_approval, by=by), transition=False)
    _go_live(claimed, delivery)
    try:
        done = mutate(
            request.id,
            functools.partial(domain.published, base_url=base_url, by=by, web_url=settings().web_url or None),
            transition=False,
        )
    except NotPublishable:  # cancelled or rejected meanwhile: what went live is taken back
        latest = repositories().requests.get(request.id)
        if latest.status in {Status.CANCELLED, Status.REJECTED}:
            withdraw(latest)
        return latest
    count(f"Published_{delivery.target}")
    count("RequestCompleted")
    return done


def _still_there(request_id: str, delivery: Delivery) -> bool:
    """False when the cleanup days passed before the approval came and the copy was removed."""
    if delivery.link_expires is not None and delivery.link_expires <= epoch():
        return False
    if Target(delivery.target) is Target.DOCUMENT_DELIVERY_ATTACHMENT:
        held = storage.sizes_under(storage.delivery_files_prefix(request_id))
        return all(file.key in held for file in delivery.files)
    return True


def _go_live(request: Request, delivery: Delivery) -> None:
    """Issue the link or show the representation: idempotent, so a racing or retried publisher repeats it harmlessly."""
    target = Target(delivery.target)
    if target is Target.DIGITAL_INVENTORY and delivery.representation_id:
        repositories().representations.publish(delivery.representation_id, decisions_of(request))
    elif domain.sends_link(delivery):
        token, key, expires, views = (
            delivery.publishing_token,
            delivery.link_key,
            delivery.link_expires,
            delivery.max_views,
        )
        if token is None or key is None or expires is None or views is None:
            raise RuntimeError(f"request {request.id}: a link delivery without its prepared link")
        repositories().links.create(
            Link(
                token=token,
                request_id=request.id,
                requester=request.requester.user_id,
                key=key,
                file_name=delivery.link_file_name or "download",
                max_views=views,
                expires_at=expires,
                reuse_seconds=settings_service.current().download_reuse_window_seconds,
                created_at=iso(utcnow()),
            ),
            ttl=expires + 30 * DAY,
        )


def withdraw(request: Request) -> int:
    """The request ended without approval: the link stops working, the representation and every
    delivered file go. Idempotent, so a retried reject, cancel or expiry completes it. Returns the
    files removed."""
    delivery = request.delivery
    keys = storage.keys_under(storage.delivery_prefix(request.id))
    token = delivery.link_token or delivery.publishing_token if delivery else None
    if token:
        repositories().links.revoke(token, epoch())
    # A representation is named after its request: one prepared by a delivery that stopped before
    # recording it goes too.
    representation_id = delivery.representation_id if delivery and delivery.representation_id else request.id
    repositories().representations.delete(representation_id)
    keys |= storage.keys_under(f"{FILES_PREFIX}{representation_id}/")
    return storage.delete_keys(keys)
