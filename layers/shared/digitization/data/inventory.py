"""Inventory items per title, in the configuration table under ``TITLE#<mms_id>``."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from digitization.data.catalogue import title_pk as _pk
from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord
from digitization.domain.inventory import InventoryItem, moved_to
from digitization.errors import Conflict, VersionConflict

MOVE_ATTEMPTS = 3


def _sk(barcode: str) -> str:
    return f"ITEM#{barcode}"


class InventoryRepository:
    def items(self, mms_id: str) -> list[InventoryItem]:
        """The title's items, by barcode (one key query)."""
        return [
            InventoryItem.model_validate(record.doc.as_dict())
            for record in ConfigRecord.query(_pk(mms_id), ConfigRecord.sk.startswith("ITEM#"))
        ]

    def add(self, item: InventoryItem) -> InventoryItem:
        record = ConfigRecord(pk=_pk(item.mms_id), sk=_sk(item.barcode), doc=item.model_dump(mode="json"))
        taken = f"title {item.mms_id} already has an item with barcode {item.barcode}"
        with on_refusal(lambda: Conflict(taken, field="barcode")):
            record.save(condition=ConfigRecord.sk.does_not_exist())
        return item

    def move(self, mms_id: str, barcode: str, department: str) -> InventoryItem | None:
        """The item's current location becomes ``department``: a write on condition that nobody changed
        the item since it was read (its version), read again and repeated when someone did; ``None`` when
        the inventory holds no such item."""
        for attempt in range(MOVE_ATTEMPTS):
            try:
                record = ConfigRecord.get(_pk(mms_id), _sk(barcode), consistent_read=True)
            except DoesNotExist:
                return None
            item = moved_to(InventoryItem.model_validate(record.doc.as_dict()), department)
            record.doc = item.model_dump(mode="json")
            try:
                with on_refusal(lambda: VersionConflict(f"inventory item {barcode}", field="barcode")):
                    record.save()
                return item
            except VersionConflict:
                if attempt == MOVE_ATTEMPTS - 1:
                    raise
        return None
