"""The catalogue in the configuration table, beside the title's inventory items.

- ``TITLE#<mms_id>`` / ``TITLE``: the title's bibliographic facts.
- ``TITLE#<mms_id>`` / ``ITEM#<barcode>``: its inventory items (``data/inventory.py``).
- ``FIND#<key>`` / ``<mms_id>``: how titles are found (``GET /titles?find=``): one entry per key of
  ``domain.catalogue.index_keys`` (``WORD#orn``, ``WORD#orna``..., ``ISBN#978...``, ``ISSN#0952-4649``),
  holding the MMS ID and the title. Written in the title's own transaction (stale keys deleted in it),
  so finding is one key query on ``FIND#<key>``; the entries only propose candidates, and the
  title read afterwards decides, so an entry can never show a title that no longer fits.

So a title and everything the inventory holds of it are one key query.
"""

from __future__ import annotations

from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from digitization.data.models import ConfigRecord, PlainRecord
from digitization.domain.catalogue import Holdings, Title, index_keys
from digitization.domain.inventory import InventoryItem

TITLE_SK = "TITLE"


def title_pk(mms_id: str) -> str:
    return f"TITLE#{mms_id}"


def find_pk(key: str) -> str:
    return f"FIND#{key}"


#: At most this many entries are read for one key (a two-letter prefix may be common).
CANDIDATES_PER_KEY = 200


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
        """Store the title's facts (a whole replacement: the last edit wins) and its find keys, in one
        transaction: the keys of the facts it replaces that no longer apply are deleted in it."""
        try:
            before = PlainRecord.get(title_pk(title.mms_id), TITLE_SK, consistent_read=True)
            stale = set(index_keys(Title.model_validate(before.doc.as_dict())))
        except DoesNotExist:
            stale = set()
        keys = index_keys(title)
        entry = {"mms_id": title.mms_id, "title": title.title}
        with TransactWrite(connection=Connection()) as transaction:
            transaction.save(
                PlainRecord(pk=title_pk(title.mms_id), sk=TITLE_SK, doc=title.model_dump(mode="json"))
            )
            for key in keys:
                transaction.save(PlainRecord(pk=find_pk(key), sk=title.mms_id, doc=entry))
            for key in stale - set(keys):
                transaction.delete(PlainRecord(pk=find_pk(key), sk=title.mms_id))
        return title

    def candidates(self, key: str) -> list[tuple[str, str]]:
        """(MMS ID, title) of the titles catalogued under one find key, by MMS ID (one key query)."""
        return [
            (str(record.sk), str((record.doc.as_dict() if record.doc else {}).get("title", "")))
            for record in PlainRecord.query(find_pk(key), limit=CANDIDATES_PER_KEY)
        ]
