"""The catalogue at the HTTP edge: what anyone signed in sees of a title they find (``GET /titles?find=``)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from digitization.domain.catalogue import Holdings
from digitization.domain.inventory import ItemKind


class CopyView(BaseModel):
    """A copy of the title the inventory holds: physical or electronic; a serial's copy is one issue."""

    barcode: str
    kind: ItemKind
    description: str | None = None
    volume: str | None = None
    issue: str | None = None
    chronology_year: int | None = None


class TitleMatch(BaseModel):
    """A catalogued title a reader may request: its bibliographic facts and the copies held."""

    mms_id: str
    title: str
    isbn: str | None = None
    issn: str | None = None
    publisher: str | None = None
    publication_year: int | None = None
    material_type: str | None = None
    total_pages: int | None = None
    available_in_electronic: bool
    copies: list[CopyView]


class TitleMatches(BaseModel):
    """The titles found, best first: an exact MMS ID, then ISBN or ISSN, then titles with every word typed."""

    items: list[TitleMatch] = Field(description="At most `limit` titles")


def title_match(holdings: Holdings) -> TitleMatch:
    title = holdings.title
    if title is None:
        raise ValueError(f"title {holdings.mms_id} is not catalogued")
    return TitleMatch(
        mms_id=title.mms_id,
        title=title.title,
        isbn=title.isbn,
        issn=title.issn,
        publisher=title.publisher,
        publication_year=title.publication_year,
        material_type=title.material_type,
        total_pages=title.total_pages,
        available_in_electronic=any(item.kind is ItemKind.ELECTRONIC for item in holdings.items),
        copies=[CopyView.model_validate(item.model_dump()) for item in holdings.items],
    )
