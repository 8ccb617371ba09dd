"""POST /requests/{id}/cancel: cancel with a reason and a note."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import RequestView, present
from digitization.domain.commands import Cancel
from digitization.http import caller, entrypoint, make_app
from digitization.service import requests as service

router = Router()


@router.post(
    "/requests/<id>/cancel",
    summary="Cancel a request",
    description="Work order operators cancel any request not yet completed, rejected or cancelled, giving a "
    "reason. A patron may cancel their own request while it is IN_TRANSIT (reason cancelled_by_patron).",
    tags=["Workflow"],
)
def cancel_request(id: str, body: Cancel) -> RequestView:
    who = caller(router)
    return present(who, service.cancel(who, id, body.reason, body.note))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
