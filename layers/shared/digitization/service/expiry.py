"""The scheduled expiry of requests past their expiration date (SPEC §3.4 "Update expiry")."""

from __future__ import annotations

from dataclasses import dataclass, field

from digitization.clock import today
from digitization.data.repositories import repositories
from digitization.domain import lifecycle
from digitization.errors import Conflict
from digitization.observability import count, gauge, logger
from digitization.service.letters import dispatch
from digitization.service.mutation import mutate
from digitization.service.publishing import withdraw


@dataclass
class ExpiryReport:
    expired: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def expire_due() -> ExpiryReport:
    """Close every unfinished request whose expiration date has passed, and tell its requester.

    A key query on the sparse expiry index finds them; each is closed with a conditional write,
    so running twice, or beside a staff action, closes nothing twice.
    """
    now = today()
    report = ExpiryReport()
    for request_id in repositories().requests.expired_ids(now.isoformat()):
        try:
            closed = mutate(request_id, lambda current: lifecycle.expire(current, now))
        except Conflict:
            report.skipped.append(request_id)
            continue
        report.expired.append(request_id)
        count("RequestExpired")
        try:
            withdraw(closed)
            dispatch(closed)
        except Exception:  # one failing letter must not stop the run; the request is closed either way
            logger.exception("expiry follow-up failed", extra={"request_id": request_id})
    logger.info("expiry run", extra={"expired": report.expired, "skipped": report.skipped})
    return report


def measure_waiting() -> int:
    """The approvals waiting now, as a metric for the dashboard (a key query counting the pending index)."""
    waiting = repositories().requests.approvals_waiting()
    gauge("ApprovalsWaiting", waiting)
    return waiting
