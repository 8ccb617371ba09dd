"""POST /requests/{id}/change-digitization: switch to electronic or physical digitization."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import StaffRequestView, staff_view
from digitization.domain.commands import ChangeDigitization
from digitization.http import caller, entrypoint, make_app
from digitization.service import requests as service

router = Router()


@router.post(
    "/requests/<id>/change-digitization",
    summary="Change to electronic or physical digitization",
    description="Allowed before the next step, and only when the title's inventory holds an item of "
    "that kind; the request then points at that item's barcode.",
    tags=["Workflow"],
)
def change_digitization(id: str, body: ChangeDigitization) -> StaffRequestView:
    return staff_view(service.change_digitization(caller(router), id, body.to))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
