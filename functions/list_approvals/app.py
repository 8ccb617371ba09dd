"""GET /approvals: the approval requests list (status filter, free-text find, filter by this record)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from digitization.api.requests import StaffRequestPage, staff_view
from digitization.domain.approvals import ApprovalState
from digitization.http import caller, entrypoint, errors, make_app
from digitization.service import approvals as service

router = Router()


@router.get(
    "/approvals",
    summary="The approval requests list",
    description="Requests with approval or copyright-clearance tasks, newest first, by approval state "
    "(`pending` by default). `find` looks in title, requester, ISBN (10 or 13) and CC number. "
    "`record_of` = a request id lists the requests for the same record instead: same MMS ID, same ISBN, "
    "or same ISSN/volume/issue (with those of the same ISSN and volume but no issue, and of the same ISSN "
    "with neither); `status` then filters only if given.",
    tags=["Approvals"],
    responses=errors(404),
)
def list_approvals(
    status: Annotated[ApprovalState | None, Query()] = None,
    find: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    record_of: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    next_token: Annotated[str | None, Query(max_length=2048)] = None,
) -> StaffRequestPage:
    who = caller(router)
    if record_of is not None:
        return StaffRequestPage(items=[staff_view(r) for r in service.same_record(who, record_of, status)])
    page = service.list_approvals(who, status or ApprovalState.PENDING, find, limit, next_token)
    return StaffRequestPage(items=[staff_view(r) for r in page.items], next_token=page.next_token)


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
