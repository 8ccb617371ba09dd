"""POST /requests/{id}/deliver: add the representation, send the attachments, or publish the link."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import StaffRequestView, staff_view
from digitization.http import base_url, caller, entrypoint, make_app
from digitization.service import delivery as service
from digitization.service.delivery import DeliverInput

router = Router()


@router.post(
    "/requests/<id>/deliver",
    summary="Deliver a digitized request",
    description="As the applied rule's target says: a representation in the digital inventory (usage type, "
    "policy, active and remote may be overridden; the collection may not), the files attached to a letter "
    "(413 when over the e-mail limit), or a view-limited download link (several files zipped; under a rule "
    "without maximum views no link is made or sent, and a staff note says so). COMPLETED when every task is "
    "approved; otherwise the letter waits for the last approval.",
    tags=["Delivery"],
)
def deliver(id: str, body: DeliverInput) -> StaffRequestView:
    return staff_view(service.deliver(caller(router), id, body, base_url(router)))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
