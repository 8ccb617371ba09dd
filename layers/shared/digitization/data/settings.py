"""Settings in the configuration table: ``SETTINGS`` / ``CURRENT`` (versioned) holds the values
an administrator set; ``SETTINGS#HISTORY`` holds one line per change, written in the same
transaction as the values it describes, newest last by key (``<time>#<id>``)."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from digitization.aws import connection
from digitization.data import history
from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord
from digitization.data.pagination import Page
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
        lost = lambda: VersionConflict("the settings", field="body")  # noqa: E731
        with on_refusal(lost), TransactWrite(connection=connection()) as transaction:
            transaction.save(record, condition=None if version else ConfigRecord.sk.does_not_exist())
            history.write(transaction, HISTORY_PK, change)

    def history(self, limit: int, next_token: str | None) -> Page[SettingsChange]:
        """Changes, newest first (one key query per page)."""
        return history.read(HISTORY_PK, SettingsChange, limit, next_token)
