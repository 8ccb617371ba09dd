"""POST /requests/{id}/approve and /reject: decide an approval or copyright-clearance task."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.domain.approvals import Approve, Reject
from digitization.domain.requests import Request
from digitization.http import ERROR_RESPONSES, caller, entrypoint, make_app
from digitization.service import approvals as service

router = Router()


@router.post(
    "/requests/<id>/approve",
    summary="Approve a task",
    description="`task` approval (fulfillment services manager) or copyright_clearance (digitization "
    "manager, needs CC number and dates). When no task is left pending, the letters held back go out.",
    tags=["Approvals"],
    responses=ERROR_RESPONSES,
)
def approve(id: str, body: Approve) -> Request:
    return service.approve(caller(router), id, body)


@router.post(
    "/requests/<id>/reject",
    summary="Reject a task",
    description="The request becomes REJECTED, its delivery files are deleted and the requester is told the reason.",
    tags=["Approvals"],
    responses=ERROR_RESPONSES,
)
def reject(id: str, body: Reject) -> Request:
    return service.reject(caller(router), id, body)


app = make_app(router)
lambda_handler = entrypoint(app)
