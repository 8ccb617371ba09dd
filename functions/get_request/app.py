"""GET /requests/{id}: one request with its tasks, notes and history."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.requests import RequestView, present
from digitization.http import caller, entrypoint, make_app
from digitization.service import requests as service

router = Router()


@router.get(
    "/requests/<id>",
    summary="Get one request",
    description="Staff get the staff view: tasks, notes, letters and the full history. A patron gets the patron "
    "view of their own request (status timeline, whether it awaits approval, delivery and views left); "
    "another's is 404.",
    tags=["Requests"],
)
def get_request(id: str) -> RequestView:
    who = caller(router)
    request = service.get_request(who, id)
    return present(who, request, service.links_for(who, [request]))


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
