"""Inventory items per title, in the configuration table under ``TITLE#<mms_id>``."""

from __future__ import annotations

from pynamodb.exceptions import PutError

from digitization.data.catalogue import title_pk as _pk
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
        try:
            record.save(condition=ConfigRecord.sk.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise Conflict(
                    f"title {item.mms_id} already has an item with barcode {item.barcode}", field="barcode"
                ) from exc
            raise
        return item
