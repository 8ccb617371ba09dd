"""Configuration history in the configuration table: the one writer of history lines.

A subject's lines share the partition ``HISTORY#<kind>#<key>`` (the settings keep their own,
``SETTINGS#HISTORY``), keyed ``<time>#<random>`` so they sort by time; each is written in the
same DynamoDB transaction as the change it describes, so there is never a change without its line
nor a line without its change. Reading is one key query per page, newest first.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from pydantic import BaseModel
from pynamodb.transactions import TransactWrite

from digitization.data.models import PlainRecord
from digitization.data.pagination import Page, decode_token, encode_token
from digitization.domain.history import ConfigChange, ConfigKind
from digitization.domain.settings import SettingsChange

M = TypeVar("M", bound=BaseModel)


def history_pk(kind: ConfigKind, key: str = "") -> str:
    return f"HISTORY#{kind.value}#{key}"


def write(transaction: TransactWrite, pk: str, line: ConfigChange | SettingsChange | None) -> None:
    """Add ``line`` to the partition ``pk`` inside ``transaction`` (nothing for None)."""
    if line is None:
        return
    record = PlainRecord(pk=pk, sk=f"{line.at}#{uuid.uuid4().hex}", doc=line.model_dump(mode="json"))
    transaction.save(record, condition=PlainRecord.sk.does_not_exist())


def read(pk: str, model: type[M], limit: int, next_token: str | None) -> Page[M]:
    """One page of a partition's lines, newest first (one key query)."""
    results = PlainRecord.query(
        pk,
        scan_index_forward=False,
        limit=limit,
        consistent_read=True,
        last_evaluated_key=decode_token(next_token, {"pk", "sk"}),
    )
    items = [model.model_validate(record.doc.as_dict()) for record in results if record.doc]
    return Page(items=items, next_token=encode_token(results.last_evaluated_key))


#: Longer than any id, code or form a history is kept for; DynamoDB would refuse such a key (2048 bytes).
MAX_KEY_BYTES = 1024


class HistoryRepository:
    def page(self, kind: ConfigKind, key: str, limit: int, next_token: str | None) -> Page[ConfigChange]:
        """A subject's lines, newest first; none for a key no subject can have (never a DynamoDB error)."""
        if len(key.encode()) > MAX_KEY_BYTES:
            return Page(items=[], next_token=None)
        return read(history_pk(kind, key), ConfigChange, limit, next_token)
