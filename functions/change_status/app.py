"""POST /requests/{id}/status: an operator moves a request to another allowed status, with a note."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import StaffRequestView, staff_view
from digitization.domain.status_change import StatusChange
from digitization.http import base_url, caller, entrypoint, make_app
from digitization.service import status_change as service

router = Router()


@router.post(
    "/requests/<id>/status",
    summary="Change a request's status (the Status field)",
    description="Work order operators move a request to one of its `allowed_statuses` (in the staff view), "
    "with a note kept in the history, by the same transitions as the other actions: to the delivery step "
    "the applied rule names only when the next step would be allowed (never past a pending blocking "
    "approval); back to DIGITIZATION while nothing is delivered; COMPLETED only when the delivery is made "
    "and every task approved (it publishes it); CANCELLED with a `reason`, as `POST /requests/{id}/cancel`. "
    "Never IN_TRANSIT or REJECTED. 409 says why a status is not allowed now.",
    tags=["Workflow"],
)
def change_status(id: str, body: StatusChange) -> StaffRequestView:
    return staff_view(service.change_status(caller(router), id, body, base_url(router)))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
