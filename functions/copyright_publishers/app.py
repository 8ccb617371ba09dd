"""The Copyright Publishers code table: list, add, edit, remove (used by the Publisher clause)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.history import DESCRIPTION, Limit, NextToken, history_page
from digitization.domain.engine import Publisher
from digitization.domain.history import HistoryPage
from digitization.http import JSON, NO_CONTENT, caller, entrypoint, make_app
from digitization.service import publishers as service
from digitization.service.publishers import PublisherInput, PublisherName

router = Router()


@router.get(
    "/copyright-publishers",
    summary="The publishers code table",
    description="The Copyright Publishers code table, which the Publisher clause of the rules compares against. Staff.",
    tags=["Code tables"],
)
def list_publishers() -> list[PublisherInput]:
    return [PublisherInput(code=p.code, name=p.name) for p in service.list_all(caller(router))]


@router.get(
    "/copyright-publishers/history",
    summary="The publishers code table's change history",
    description=DESCRIPTION + " Each line's `subject` is the publisher's code.",
    tags=["Code tables"],
)
def publishers_history(limit: Limit = 25, next_token: NextToken = None) -> HistoryPage:
    return history_page(service.history(caller(router), limit, next_token))


@router.post(
    "/copyright-publishers",
    summary="Add a publisher",
    description="A new code; 409 when the code exists. Fulfillment administrators.",
    tags=["Code tables"],
    responses={
        201: {"description": "Created", "content": {JSON: {"model": PublisherInput}}},
    },
)
def add_publisher(body: PublisherInput) -> Response[Any]:
    added = service.add(caller(router), Publisher(code=body.code, name=body.name))
    return Response(
        status_code=201,
        content_type=JSON,
        body=PublisherInput(code=added.code, name=added.name).model_dump_json(),
    )


@router.put(
    "/copyright-publishers/<code>",
    summary="Edit a publisher's name",
    description="Change the name of a publisher; the code stays. Fulfillment administrators.",
    tags=["Code tables"],
)
def edit_publisher(code: str, body: PublisherName) -> PublisherInput:
    edited = service.replace(caller(router), Publisher(code=code, name=body.name))
    return PublisherInput(code=edited.code, name=edited.name)


@router.delete(
    "/copyright-publishers/<code>",
    summary="Remove a publisher",
    description="Remove a code. Fulfillment administrators.",
    tags=["Code tables"],
    responses=NO_CONTENT,
)
def remove_publisher(code: str) -> Response[Any]:
    service.remove(caller(router), code)
    return Response(status_code=204)


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
