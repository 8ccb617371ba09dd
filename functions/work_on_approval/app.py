"""PATCH /requests/{id}/approval: CC number, CC order date, CC approval date, note."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import StaffRequestView, staff_view
from digitization.domain.approvals import ApprovalChanges
from digitization.http import caller, entrypoint, make_app
from digitization.service import approvals as service

router = Router()


@router.patch(
    "/requests/<id>/approval",
    summary="Work on an approval",
    description="Only the fields sent change. The CC approval date cannot precede the CC order date. "
    "CC number and both dates are needed before a copyright-clearance task can be approved.",
    tags=["Approvals"],
)
def work_on(id: str, body: ApprovalChanges) -> StaffRequestView:
    return staff_view(service.work_on(caller(router), id, body.model_dump(exclude_unset=True)))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
