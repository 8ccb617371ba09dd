"""The catalogue: find titles, a title's bibliographic facts (GET/PUT) and the items held for it (list, add)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from digitization.api.catalogue import TitleMatches, title_match
from digitization.domain.catalogue import Title, TitleFacts
from digitization.domain.inventory import InventoryItem, NewInventoryItem
from digitization.http import JSON, caller, entrypoint, make_app
from digitization.service import catalogue as service
from digitization.service.catalogue import TitleView

router = Router()


@router.get(
    "/titles",
    summary="Find catalogued titles",
    description="By MMS ID, ISBN (10 or 13), ISSN, or the beginnings of words of the title (`orn cri` finds "
    "“Ornament and Crime”), for the request form: each title with the copies the inventory holds. "
    "Anyone signed in. Read-only, by keys (no table scan).",
    tags=["Catalogue"],
)
def find_titles(
    find: Annotated[
        str, Query(min_length=1, max_length=200, description="MMS ID, ISBN, ISSN or title words")
    ],
    limit: Annotated[int, Query(ge=1, le=25)] = 10,
) -> TitleMatches:
    return TitleMatches(items=[title_match(h) for h in service.find_titles(caller(router), find, limit)])


@router.get(
    "/titles/<mms_id>",
    summary="A catalogued title",
    description="Its bibliographic facts, the items the inventory holds and whether one is electronic. Staff only.",
    tags=["Catalogue"],
)
def get_title(mms_id: str) -> TitleView:
    return service.get_title(caller(router), mms_id)


@router.put(
    "/titles/<mms_id>",
    summary="Catalogue a title",
    description="The title-level facts, with the create body's `item` field names (title, isbn, issn, "
    "publisher, publication_year, material_type, total_pages, articles_in_issue, "
    "copyright_agency_permissions). Requests for this title store these facts; the rules decide on them. "
    "Work order operators and fulfillment administrators.",
    tags=["Catalogue"],
)
def put_title(mms_id: str, body: TitleFacts) -> Title:
    return service.put_title(caller(router), mms_id, body)


@router.get(
    "/titles/<mms_id>/items",
    summary="List a title's items",
    description="The physical and electronic items the inventory holds of the title, by barcode. Staff.",
    tags=["Catalogue"],
)
def list_items(mms_id: str) -> list[InventoryItem]:
    return service.items(caller(router), mms_id)


@router.post(
    "/titles/<mms_id>/items",
    summary="Add an item to a title",
    description="A physical or electronic item; a serial's item is one issue (volume, issue, chronology_year).",
    tags=["Catalogue"],
    responses={
        201: {"description": "Created", "content": {JSON: {"model": InventoryItem}}},
    },
)
def add_item(mms_id: str, body: NewInventoryItem) -> Response[Any]:
    item = service.add(caller(router), mms_id, body)
    return Response(status_code=201, content_type=JSON, body=item.model_dump_json())


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
