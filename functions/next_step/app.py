"""POST /requests/{id}/next-step: DIGITIZATION → DIGITAL_INVENTORY or DOCUMENT_DELIVERY."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import StaffRequestView, staff_view
from digitization.domain.commands import NextStep
from digitization.http import caller, entrypoint, make_app
from digitization.service import requests as service

router = Router()


@router.post(
    "/requests/<id>/next-step",
    summary="Move a digitized request to its delivery step",
    description="Only from DIGITIZATION, only at the department holding the item, and not while a "
    "blocking approval is pending. The applied rule's target decides the next status.",
    tags=["Workflow"],
)
def next_step(id: str, body: NextStep) -> StaffRequestView:
    return staff_view(service.next_step(caller(router), id, body.department))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
