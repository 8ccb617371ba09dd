"""POST /requests/{id}/approve and /reject: decide an approval or copyright-clearance task."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import StaffRequestView, staff_view
from digitization.domain.approvals import Approve, Reject
from digitization.http import base_url, caller, entrypoint, make_app
from digitization.service import approvals as service

router = Router()


@router.post(
    "/requests/<id>/approve",
    summary="Approve a task",
    description="`task` approval (fulfillment services manager) or copyright_clearance (digitization "
    "manager, needs CC number and dates). When no task is left pending, the letters held back go out, and a delivery made meanwhile is published (link, representation, letter).",
    tags=["Approvals"],
)
def approve(id: str, body: Approve) -> StaffRequestView:
    return staff_view(service.approve(caller(router), id, body, base_url(router)))


@router.post(
    "/requests/<id>/reject",
    summary="Reject a task",
    description="The request becomes REJECTED; what was delivered (files, prepared link, representation) is removed and the requester is told the reason.",
    tags=["Approvals"],
)
def reject(id: str, body: Reject) -> StaffRequestView:
    return staff_view(service.reject(caller(router), id, body, base_url(router)))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
