"""Manual status change use case (issue 11 part 3): an operator moves a request, with a note.

The allowed moves are ``domain/status_change.py``'s. CANCELLED is the cancel use case (reason,
letters, the delivery withdrawn); COMPLETED is the publication of a delivery every task approved
(link, representation, letter), which the last approval or the hourly job would otherwise do.
"""

from __future__ import annotations

from digitization.auth import Caller, Role
from digitization.data.repositories import repositories
from digitization.domain import limits, status_change
from digitization.domain.lifecycle import record
from digitization.domain.requests import Request, Status
from digitization.domain.status_change import StatusChange
from digitization.errors import Conflict, InvalidInput
from digitization.observability import count
from digitization.service import requests as request_service
from digitization.service.mutation import mutate

OPERATOR = Role.WORK_ORDER_OPERATOR


def change_status(caller: Caller, request_id: str, body: StatusChange, base_url: str) -> Request:
    """Move the request to ``body.status`` if the state machine allows it now; 409 saying why not."""
    caller.require(OPERATOR)
    if body.status is Status.CANCELLED:
        if body.reason is None:
            raise InvalidInput("give the cancellation reason to cancel", field="reason")
        return request_service.cancel(caller, request_id, body.reason, body.note)
    if body.reason is not None:
        raise InvalidInput("a reason is given only with status CANCELLED", field="reason")
    if body.status is Status.COMPLETED:
        return _complete(caller, request_id, body.note, base_url)
    changed = mutate(
        request_id,
        lambda current: status_change.change_status(
            current, body.status, body.note, caller.username, body.department
        ),
        adds="note" if body.note else "status",
        budget=limits.REQUEST_BUDGET_BYTES if body.note else limits.WORKFLOW_BUDGET_BYTES,
    )
    count("RequestStatusChanged")
    return changed


def _complete(caller: Caller, request_id: str, note: str | None, base_url: str) -> Request:
    """Publish a delivery that is due (a publication that failed earlier): the request completes."""
    from digitization.service.letters import dispatch  # only completing publishes and sends letters
    from digitization.service.publishing import publish_or_leave

    request = repositories().requests.get(request_id)
    status_change.check(request, Status.COMPLETED)
    done = publish_or_leave(request, base_url, by=caller.username)
    if done.status is not Status.COMPLETED:
        raise Conflict(
            "the delivery could not be published now; the hourly job will try again (or deliver again)",
            field="status",
            current_status=done.status,
        )
    noted = mutate(
        request_id,
        lambda current: record(
            current.model_copy(deep=True),
            by=caller.username,
            action="change_status",
            note=note,
            details={"status": Status.COMPLETED.value},
        ),
        transition=False,  # once per request (COMPLETED is final): it always fits, like a transition
    )
    count("RequestStatusChanged")
    return dispatch(noted)
