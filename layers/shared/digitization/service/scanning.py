"""Scan-in (SPEC §3.2): the item arrives at a digitization department, and the rules decide."""

from __future__ import annotations

from digitization.auth import Caller, Role
from digitization.data.repositories import repositories
from digitization.domain import lifecycle
from digitization.domain.requests import Request, Status
from digitization.errors import Conflict
from digitization.observability import count
from digitization.service import rules
from digitization.service.mutation import mutate

OPERATOR = (Role.WORK_ORDER_OPERATOR,)


def scan_in(caller: Caller, request_id: str, department: str) -> Request:
    """The item arrives: the rules are evaluated and the applied rule, its target and tasks recorded."""
    caller.require(*OPERATOR)
    current = repositories().requests.get(request_id)
    if current.status is not Status.IN_TRANSIT:
        raise Conflict(
            f"cannot scan in: the request is {current.status.value}, not IN_TRANSIT",
            current_status=current.status,
        )
    rule = rules.outcome_for(current).rule
    request = mutate(
        request_id, lambda latest: lifecycle.scan_in(latest, department, caller.username, rule), read=current
    )
    count("RequestScannedIn")
    return request
