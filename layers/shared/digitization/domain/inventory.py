"""The items a title holds, physical or electronic; a serial's item is one issue (volume, issue, year)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

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


class InventoryItem(NewInventoryItem):
    mms_id: Code  # from the path: bounded here, since it keys the item
