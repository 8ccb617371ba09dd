"""POST /requests: create a digitization request (patron for self, staff for anyone)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header

from digitization.api.requests import CreateRequestBody, RequestView, present
from digitization.domain.requests import Request
from digitization.http import JSON, caller, entrypoint, make_app
from digitization.idempotency import once
from digitization.service import requests as service

router = Router()


@router.post(
    "/requests",
    summary="Create a digitization request",
    description="Patrons request catalogued titles for themselves; staff for anyone, or an uncatalogued title "
    "by citation (`item.source: citation`). The requester's facts come from the user directory and the item's "
    "from the catalogue: a fact sent that differs is refused (422 naming it). A retry with the same "
    "Idempotency-Key returns the first result instead of creating a second request.",
    tags=["Requests"],
    responses={201: {"description": "Created", "content": {JSON: {"model": RequestView}}}},
)
def create_request(
    body: CreateRequestBody,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response[Any]:
    who = caller(router)
    created = once(
        idempotency_key,
        scope=who.username,
        payload=body.model_dump(mode="json"),
        run=lambda: service.create_request(who, body).model_dump(mode="json"),
        context=router.lambda_context,
    )
    view = present(who, Request.model_validate(created))
    return Response(
        status_code=201,
        content_type=JSON,
        body=view.model_dump_json(),
        headers={"Location": f"/requests/{created['id']}"},
    )


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
