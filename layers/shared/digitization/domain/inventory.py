"""The items a title holds, physical or electronic (used by change-digitization)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from digitization.domain.requests import Code, ItemKind, Text


class NewInventoryItem(BaseModel):
    """Body of ``POST /titles/{mms_id}/items``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    barcode: Code
    kind: ItemKind
    title: Text
    description: Text | None = None


class InventoryItem(NewInventoryItem):
    mms_id: str
