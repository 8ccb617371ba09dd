"""Settings in the configuration table: ``SETTINGS`` / ``CURRENT`` (versioned) holds the values
an administrator set; ``SETTINGS#HISTORY`` holds one line per change, written in the same
transaction as the values it describes, newest last by key (``<time>#<id>``)."""

from __future__ import annotations

import uuid
from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from digitization.aws import connection
from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord, PlainRecord
from digitization.data.pagination import Page, decode_token, encode_token
from digitization.domain.settings import SettingsChange
from digitization.errors import VersionConflict

SETTINGS_PK = "SETTINGS"
CURRENT_SK = "CURRENT"
HISTORY_PK = "SETTINGS#HISTORY"


class SettingsRepository:
    def read(self) -> tuple[dict[str, Any], int]:
        """The stored document and its version; ``({}, 0)`` while nothing was ever set (one GetItem)."""
        try:
            record = ConfigRecord.get(SETTINGS_PK, CURRENT_SK, consistent_read=True)
        except DoesNotExist:
            return {}, 0
        return record.doc.as_dict(), int(record.version or 0)

    def save(self, doc: dict[str, Any], version: int, change: SettingsChange) -> None:
        """The new values and their history line together, on ``version`` (VersionConflict otherwise)."""
        record = ConfigRecord(pk=SETTINGS_PK, sk=CURRENT_SK, doc=doc)
        if version:
            record.version = version
        line = PlainRecord(
            pk=HISTORY_PK, sk=f"{change.at}#{uuid.uuid4().hex}", doc=change.model_dump(mode="json")
        )
        lost = lambda: VersionConflict("the settings", field="body")  # noqa: E731
        with on_refusal(lost), TransactWrite(connection=connection()) as transaction:
            transaction.save(record, condition=None if version else ConfigRecord.sk.does_not_exist())
            transaction.save(line, condition=PlainRecord.sk.does_not_exist())

    def history(self, limit: int, next_token: str | None) -> Page[SettingsChange]:
        """Changes, newest first (one key query per page)."""
        results = PlainRecord.query(
            HISTORY_PK,
            scan_index_forward=False,
            limit=limit,
            consistent_read=True,
            last_evaluated_key=decode_token(next_token),
        )
        items = [SettingsChange.model_validate(record.doc.as_dict()) for record in results if record.doc]
        return Page(items=items, next_token=encode_token(results.last_evaluated_key))
