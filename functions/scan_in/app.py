"""The item reaches a digitization department: scan-in by request id or by barcode, or locate (electronic)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import StaffRequestView, staff_view
from digitization.domain.commands import Locate, ScanBarcode, ScanIn
from digitization.http import caller, entrypoint, make_app
from digitization.service import scanning as service

router = Router()


@router.post(
    "/requests/<id>/scan-in",
    summary="Scan an item in at a digitization department",
    description="IN_TRANSIT → DIGITIZATION, for a physical item. The rules are evaluated and the applied rule "
    "and its target are recorded; the item's current location becomes the department. An unknown or "
    "non-digitization department is a 422 naming department; an electronic item is located instead (409). "
    "Work order operators only.",
    tags=["Workflow"],
)
def scan_in(id: str, body: ScanIn) -> StaffRequestView:
    return staff_view(service.scan_in(caller(router), id, body.department))


@router.post(
    "/departments/<code>/scan-in",
    summary="Scan an item's barcode in at a department",
    description="The request waiting (IN_TRANSIT) for the item with this barcode is scanned in at the department, "
    "as POST /requests/{id}/scan-in does. 404 when no request is for the barcode; 409 when none waits for it, "
    "or when several do (scan each in by its id); 422 naming department for an unknown or non-digitization "
    "department. Work order operators only.",
    tags=["Workflow"],
)
def scan_in_barcode(code: str, body: ScanBarcode) -> StaffRequestView:
    return staff_view(service.scan_barcode(caller(router), code, body.barcode))


@router.post(
    "/requests/<id>/locate",
    summary="Locate an electronic item in the repository",
    description="IN_TRANSIT → DIGITIZATION, for an electronic item, which is located rather than scanned in; the "
    "rules apply as at scan-in, and the department named holds the request from then on. A physical item is "
    "scanned in instead (409). Work order operators only.",
    tags=["Workflow"],
)
def locate(id: str, body: Locate) -> StaffRequestView:
    return staff_view(service.locate(caller(router), id, body.department))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
