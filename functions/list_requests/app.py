"""GET /requests: list requests by key queries (status, department, requester, MMS ID, ISBN, ISSN, barcode)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from digitization.api.requests import RequestPageView, present_page
from digitization.data.requests import RequestFilters
from digitization.domain.requests import Status
from digitization.http import caller, entrypoint, make_app
from digitization.service import requests as service

router = Router()


@router.get(
    "/requests",
    summary="List digitization requests",
    description="Newest first. Give at most one identifier filter for the best index; the others narrow "
    "the result. `volume` and `issue` go with `issn`. `barcode` finds the requests for one copy (scan-in "
    "by barcode: with `status=IN_TRANSIT`, those waiting for it). Patrons always get their own requests, in "
    "the patron view.",
    tags=["Requests"],
)
def list_requests(
    status: Annotated[Status | None, Query()] = None,
    department: Annotated[str | None, Query(max_length=32)] = None,
    requester: Annotated[str | None, Query(max_length=64)] = None,
    mms_id: Annotated[str | None, Query(max_length=64)] = None,
    isbn: Annotated[str | None, Query(max_length=32)] = None,
    issn: Annotated[str | None, Query(max_length=16)] = None,
    volume: Annotated[str | None, Query(max_length=64)] = None,
    issue: Annotated[str | None, Query(max_length=64)] = None,
    barcode: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    next_token: Annotated[str | None, Query(max_length=2048)] = None,
) -> RequestPageView:
    filters = RequestFilters(
        status=status.value if status else None,
        department=department,
        requester=requester,
        mms_id=mms_id,
        isbn=isbn,
        issn=issn,
        volume=volume,
        issue=issue,
        barcode=barcode,
    )
    who = caller(router)
    page = service.list_requests(who, filters, limit, next_token)
    return present_page(who, page.items, page.next_token, service.links_for(who, page.items))


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
