"""The items a title holds (used by change-digitization; seeded in the demo)."""

from __future__ import annotations

from digitization.auth import Caller, Role
from digitization.data.repositories import repositories
from digitization.domain.inventory import InventoryItem, NewInventoryItem
from digitization.observability import count


def items(caller: Caller, mms_id: str) -> list[InventoryItem]:
    caller.require_staff()
    return repositories().inventory.items(mms_id)


def add(caller: Caller, mms_id: str, body: NewInventoryItem) -> InventoryItem:
    caller.require(Role.WORK_ORDER_OPERATOR, Role.FULFILLMENT_ADMIN)
    item = repositories().inventory.add(InventoryItem(mms_id=mms_id, **body.model_dump()))
    count("InventoryItemAdded")
    return item
