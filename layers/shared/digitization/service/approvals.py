"""Approval and copyright clearance use cases (SPEC §3.4)."""

from __future__ import annotations

from typing import Any

from digitization.auth import Caller, Role
from digitization.data.pagination import Page
from digitization.data.repositories import repositories
from digitization.domain import approvals, limits
from digitization.domain.approvals import ApprovalState, Approve, Reject
from digitization.domain.requests import Request, Status, TaskType
from digitization.errors import Conflict
from digitization.observability import count, logger
from digitization.service.letters import dispatch
from digitization.service.mutation import mutate
from digitization.service.publishing import publish_or_leave, withdraw

APPROVERS = (Role.FULFILLMENT_SERVICES_MANAGER, Role.DIGITIZATION_MANAGER)
DECIDER = {
    TaskType.APPROVAL: Role.FULFILLMENT_SERVICES_MANAGER,
    TaskType.COPYRIGHT_CLEARANCE: Role.DIGITIZATION_MANAGER,
}


def list_approvals(
    caller: Caller, state: ApprovalState, find: str | None, limit: int, next_token: str | None
) -> Page[Request]:
    caller.require(*APPROVERS)
    return repositories().requests.approvals_page(state.value, find, limit, next_token)


def same_record(caller: Caller, request_id: str, state: ApprovalState | None) -> list[Request]:
    """ "Filter by this record": the requests for the same MMS ID, ISBN (10 or 13), or ISSN/volume/issue.

    For ISSN, requests with no issue but the same ISSN and volume, and with neither volume nor
    issue but the same ISSN, are included. Only requests with approval tasks are listed.
    """
    caller.require(*APPROVERS)
    repo = repositories().requests
    this = repo.get(request_id)
    lookup = repo.material()
    found = {r.id: r for r in lookup.by_mms_id(this.item.mms_id)}
    if this.item.isbn:
        found.update({r.id: r for r in lookup.by_isbn(this.item.isbn)})
    if this.item.issn:
        found.update({r.id: r for r in lookup.by_issn(this.item.issn) if _same_issue_or_broader(this, r)})
    listed = [r for r in found.values() if approvals.approval_state(r) is not None]
    if state is not None:
        listed = [r for r in listed if approvals.approval_state(r) is state]
    return sorted(listed, key=lambda r: r.created_at, reverse=True)


def _same_issue_or_broader(this: Request, other: Request) -> bool:
    volume, issue = other.item.volume, other.item.issue
    if volume is None and issue is None:
        return True
    return volume == this.item.volume and (issue is None or issue == this.item.issue)


def work_on(caller: Caller, request_id: str, changes: dict[str, Any]) -> Request:
    """A note is content like any other; the CC number and dates a clearance needs still fit a full
    request (the workflow reserve of ``domain/limits.py``)."""
    caller.require(*APPROVERS)
    noted = changes.get("note") is not None
    return mutate(
        request_id,
        lambda current: approvals.work_on(current, changes, caller.username),
        transition=False,
        adds="note" if noted else next(iter(changes), "body"),
        budget=limits.REQUEST_BUDGET_BYTES if noted else limits.WORKFLOW_BUDGET_BYTES,
    )


def approve(caller: Caller, request_id: str, body: Approve, base_url: str) -> Request:
    """Approve a task; at the last one, a delivery made meanwhile goes live (link, representation, letter)."""
    caller.require(DECIDER[body.task])
    request = _decide(
        request_id, lambda current: approvals.approve(current, body, caller.username), base_url, caller
    )
    count("TaskApproved")
    return request


def reject(caller: Caller, request_id: str, body: Reject, base_url: str) -> Request:
    """Reject: the request is REJECTED, what was delivered is removed and the requester is told why."""
    caller.require(DECIDER[body.task])
    request = _decide(
        request_id, lambda current: approvals.reject(current, body, caller.username), base_url, caller
    )
    logger.info("request rejected", extra={"request_id": request_id})
    count("TaskRejected")
    return request


def _decide(request_id: str, change: Any, base_url: str, caller: Caller) -> Request:
    """Save the decision, then finish what it starts: publish or withdraw the delivery, send the letters.

    A retry that finds the decision made still finishes it (each step is idempotent).
    """
    try:
        decided = mutate(request_id, change)
    except Conflict:
        _follow_up(repositories().requests.get(request_id), base_url, caller)
        raise
    return _follow_up(decided, base_url, caller)


def _follow_up(request: Request, base_url: str, caller: Caller) -> Request:
    if request.status in {Status.REJECTED, Status.CANCELLED}:
        withdraw(request)
    else:
        request = publish_or_leave(request, base_url, by=caller.username)
    return dispatch(request)
