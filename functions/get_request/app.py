"""GET /requests/{id}: one request with its tasks, notes and history."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.domain.requests import Request
from digitization.http import ERROR_RESPONSES, caller, entrypoint, make_app
from digitization.service import requests as service

router = Router()


@router.get(
    "/requests/<id>",
    summary="Get one request",
    description="With tasks, notes and the full history. A patron sees only their own requests.",
    tags=["Requests"],
    responses=ERROR_RESPONSES,
)
def get_request(id: str) -> Request:
    return service.get_request(caller(router), id)


app = make_app(router)
lambda_handler = entrypoint(app)
