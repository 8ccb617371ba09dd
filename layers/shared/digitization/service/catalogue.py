"""The catalogue (SPEC §3.1): titles' bibliographic facts and the items the inventory holds of them."""

from __future__ import annotations

from pydantic import BaseModel, Field

from digitization.auth import Caller, Role
from digitization.clock import iso, utcnow
from digitization.data.repositories import repositories
from digitization.domain.catalogue import Find, Holdings, Title, TitleFacts
from digitization.domain.inventory import InventoryItem, ItemKind, NewInventoryItem
from digitization.errors import InvalidInput, NotFound
from digitization.observability import count

EDITORS = (Role.WORK_ORDER_OPERATOR, Role.FULFILLMENT_ADMIN)


class TitleView(BaseModel):
    """A catalogued title, what the inventory holds of it, and what that makes true."""

    title: Title
    available_in_electronic: bool = Field(description="The inventory holds an electronic item of the title")
    items: list[InventoryItem]


def get_title(caller: Caller, mms_id: str) -> TitleView:
    caller.require_staff()
    holdings = repositories().catalogue.holdings(mms_id)
    if holdings.title is None:
        raise NotFound(f"title {mms_id} is not in the catalogue", field="mms_id")
    return TitleView(
        title=holdings.title,
        available_in_electronic=any(item.kind is ItemKind.ELECTRONIC for item in holdings.items),
        items=holdings.items,
    )


def find_titles(caller: Caller, text: str, limit: int) -> list[Holdings]:
    """Catalogued titles by MMS ID, ISBN (10 or 13), ISSN or the beginnings of title words; anyone signed in.

    Key queries only: the MMS ID's own partition, and one ``FIND#`` key (the ISBN's, the ISSN's or the
    longest word's); then each candidate's holdings, whose title decides whether it matches.
    """
    find = Find.parse(text)
    catalogue = repositories().catalogue
    found: dict[str, Holdings] = {}

    def consider(mms_id: str) -> None:
        if len(found) >= limit or mms_id in found:
            return
        holdings = catalogue.holdings(mms_id)
        title = holdings.title
        if title is None:
            return
        keep = {
            "mms_id": title.mms_id == find.text,
            "isbn": find.isbn is not None and title.isbn == find.isbn,
            "issn": find.issn is not None and title.issn == find.issn,
            "words": find.matches(title.title),
        }
        if any(keep.values()):
            found[mms_id] = holdings

    if 0 < len(find.text) <= 64:
        consider(find.text)
    for key in (f"ISBN#{find.isbn}" if find.isbn else None, f"ISSN#{find.issn}" if find.issn else None):
        if key:
            for mms_id, _ in catalogue.candidates(key):
                consider(mms_id)
    word_key = find.word_key()
    if word_key:
        for mms_id, title in catalogue.candidates(word_key):
            if find.matches(title):  # the entry's copy of the title proposes; the title read decides
                consider(mms_id)
    count("TitlesFound")
    return list(found.values())


def put_title(caller: Caller, mms_id: str, body: TitleFacts) -> Title:
    """Catalogue a title, or replace its facts (requests already made keep the facts they were made with)."""
    caller.require(*EDITORS)
    if body.mms_id is not None and body.mms_id != mms_id:
        raise InvalidInput(f"the body names MMS ID {body.mms_id}, the path {mms_id}", field="mms_id")
    title = Title(
        **body.model_dump(exclude={"mms_id"}),
        mms_id=mms_id,
        updated_by=caller.username,
        updated_at=iso(utcnow()),
    )
    saved = repositories().catalogue.put(title)
    count("TitleCatalogued")
    return saved


def items(caller: Caller, mms_id: str) -> list[InventoryItem]:
    caller.require_staff()
    return repositories().inventory.items(mms_id)


def add(caller: Caller, mms_id: str, body: NewInventoryItem) -> InventoryItem:
    caller.require(*EDITORS)
    if body.location is not None and repositories().departments.find(body.location) is None:
        raise InvalidInput(f"there is no department {body.location}", field="location")
    item = repositories().inventory.add(InventoryItem(mms_id=mms_id, **body.model_dump()))
    count("InventoryItemAdded")
    return item
