"""PATCH /requests/{id}: edit a request (the expiry only when it has one)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import StaffRequestView, staff_view
from digitization.domain.commands import RequestChanges
from digitization.http import caller, entrypoint, make_app
from digitization.service import requests as service

router = Router()


@router.patch(
    "/requests/<id>",
    summary="Edit a request",
    description="Only the fields sent change. Work order operators edit what is requested; fulfillment "
    "services managers may update `expiration_date`, which is allowed only when the request has one.",
    tags=["Requests"],
)
def update_request(id: str, body: RequestChanges) -> StaffRequestView:
    return staff_view(service.edit(caller(router), id, body.changes()))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
