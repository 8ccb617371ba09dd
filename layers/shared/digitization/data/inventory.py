"""Inventory items per title, in the configuration table under ``TITLE#<mms_id>``."""

from __future__ import annotations

from digitization.data.catalogue import title_pk as _pk
from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord
from digitization.domain.inventory import InventoryItem
from digitization.errors import Conflict


class InventoryRepository:
    def items(self, mms_id: str) -> list[InventoryItem]:
        """The title's items, by barcode (one key query)."""
        return [
            InventoryItem.model_validate(record.doc.as_dict())
            for record in ConfigRecord.query(_pk(mms_id), ConfigRecord.sk.startswith("ITEM#"))
        ]

    def add(self, item: InventoryItem) -> InventoryItem:
        record = ConfigRecord(
            pk=_pk(item.mms_id), sk=f"ITEM#{item.barcode}", doc=item.model_dump(mode="json")
        )
        taken = f"title {item.mms_id} already has an item with barcode {item.barcode}"
        with on_refusal(lambda: Conflict(taken, field="barcode")):
            record.save(condition=ConfigRecord.sk.does_not_exist())
        return item
