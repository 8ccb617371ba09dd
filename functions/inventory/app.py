"""The items a title holds: list and add (used by change-digitization)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.domain.inventory import InventoryItem, NewInventoryItem
from digitization.http import ERROR_RESPONSES, JSON, caller, entrypoint, make_app
from digitization.service import inventory as service

router = Router()


@router.get(
    "/titles/<mms_id>/items", summary="List a title's items", tags=["Inventory"], responses=ERROR_RESPONSES
)
def list_items(mms_id: str) -> list[InventoryItem]:
    return service.items(caller(router), mms_id)


@router.post(
    "/titles/<mms_id>/items",
    summary="Add an item to a title",
    tags=["Inventory"],
    responses={
        201: {"description": "Created", "content": {JSON: {"model": InventoryItem}}},
        **ERROR_RESPONSES,
    },
)
def add_item(mms_id: str, body: NewInventoryItem) -> Response[Any]:
    item = service.add(caller(router), mms_id, body)
    return Response(status_code=201, content_type=JSON, body=item.model_dump_json())


app = make_app(router)
lambda_handler = entrypoint(app)
