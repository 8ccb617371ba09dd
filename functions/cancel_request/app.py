"""POST /requests/{id}/cancel: cancel with a reason and a note."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.domain.commands import Cancel
from digitization.domain.requests import Request
from digitization.http import ERROR_RESPONSES, caller, entrypoint, make_app
from digitization.service import requests as service

router = Router()


@router.post(
    "/requests/<id>/cancel",
    summary="Cancel a request",
    description="Any request not yet completed, rejected or cancelled. Work order operators only.",
    tags=["Workflow"],
    responses=ERROR_RESPONSES,
)
def cancel_request(id: str, body: Cancel) -> Request:
    return service.cancel(caller(router), id, body.reason, body.note)


app = make_app(router)
lambda_handler = entrypoint(app)
