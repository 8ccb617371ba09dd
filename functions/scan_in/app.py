"""POST /requests/{id}/scan-in: the item arrives at a digitization department."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import StaffRequestView, staff_view
from digitization.domain.commands import ScanIn
from digitization.http import caller, entrypoint, make_app
from digitization.service import scanning as service

router = Router()


@router.post(
    "/requests/<id>/scan-in",
    summary="Scan an item in at a digitization department",
    description="IN_TRANSIT → DIGITIZATION. The rules are evaluated and the applied rule and its target "
    "are recorded. Work order operators only.",
    tags=["Workflow"],
)
def scan_in(id: str, body: ScanIn) -> StaffRequestView:
    return staff_view(service.scan_in(caller(router), id, body.department))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
