"""The catalogue in the configuration table, beside the title's inventory items.

- ``TITLE#<mms_id>`` / ``TITLE``: the title's bibliographic facts.
- ``TITLE#<mms_id>`` / ``ITEM#<barcode>``: its inventory items (``data/inventory.py``).

So a title and everything the inventory holds of it are one key query.
"""

from __future__ import annotations

from digitization.data.models import ConfigRecord, PlainRecord
from digitization.domain.catalogue import Holdings, Title
from digitization.domain.inventory import InventoryItem

TITLE_SK = "TITLE"


def title_pk(mms_id: str) -> str:
    return f"TITLE#{mms_id}"


class CatalogueRepository:
    def holdings(self, mms_id: str) -> Holdings:
        """The title (None when not catalogued) and its items, in one query."""
        found = Holdings(mms_id=mms_id)
        for record in ConfigRecord.query(title_pk(mms_id), consistent_read=True):
            if record.sk == TITLE_SK:
                found.title = Title.model_validate(record.doc.as_dict())
            elif record.sk.startswith("ITEM#"):
                found.items.append(InventoryItem.model_validate(record.doc.as_dict()))
        return found

    def put(self, title: Title) -> Title:
        """Store the title's facts (a whole replacement: the last edit wins)."""
        PlainRecord(pk=title_pk(title.mms_id), sk=TITLE_SK, doc=title.model_dump(mode="json")).save()
        return title
