"""The items a title holds, physical or electronic; a serial's item is one issue (volume, issue, year)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from digitization.domain.departments import DepartmentCode
from digitization.domain.requests import Code, ItemKind, Text

__all__ = ["InventoryItem", "ItemKind", "NewInventoryItem"]


class NewInventoryItem(BaseModel):
    """Body of ``POST /titles/{mms_id}/items``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    barcode: Code
    kind: ItemKind
    title: Text
    description: Text | None = None
    volume: Code | None = Field(default=None, description="A serial issue's volume")
    issue: Code | None = Field(default=None, description="A serial issue's number")
    chronology_year: int | None = Field(
        default=None, ge=1, le=9999, description="The year a serial issue was published"
    )

    location: DepartmentCode | None = Field(
        default=None,
        description="The department that holds the item now (a physical item; scan-in moves it)",
    )


class InventoryItem(NewInventoryItem):
    mms_id: Code  # from the path: bounded here, since it keys the item


def moved_to(item: InventoryItem, department: str) -> InventoryItem:
    """The item, now held at ``department`` (an electronic item stays in the repository)."""
    if item.kind is ItemKind.ELECTRONIC:
        return item
    return item.model_copy(update={"location": department})
