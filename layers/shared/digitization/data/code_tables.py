"""Copyright code and mapping tables, partition ``CODE_TABLES``: the citation default copyright
status mapping (one item) and customized resource sharing status descriptions (one item each)."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DoesNotExist

from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord
from digitization.errors import VersionConflict

CODE_TABLES_PK = "CODE_TABLES"
CITATION_DEFAULTS_SK = "CITATION_COPYRIGHT_DEFAULTS"
RS_STATUS_PREFIX = "RS_COPYRIGHT_STATUS#"


class CodeTableRepository:
    def citation_defaults(self) -> dict[str, Any] | None:
        return self._doc(CITATION_DEFAULTS_SK)

    def save_citation_defaults(self, doc: dict[str, Any]) -> None:
        self._put(CITATION_DEFAULTS_SK, doc, VersionConflict("the citation copyright defaults", field="body"))

    def rs_status_descriptions(self) -> dict[str, dict[str, Any]]:
        """Customized resource sharing status descriptions by code (one query)."""
        return {
            record.sk.removeprefix(RS_STATUS_PREFIX): record.doc.as_dict()
            for record in ConfigRecord.query(
                CODE_TABLES_PK, ConfigRecord.sk.startswith(RS_STATUS_PREFIX), consistent_read=True
            )
        }

    def save_rs_status_description(self, code: str, doc: dict[str, Any]) -> None:
        self._put(
            f"{RS_STATUS_PREFIX}{code}", doc, VersionConflict(f"resource sharing status {code}", field="code")
        )

    def _doc(self, sk: str) -> dict[str, Any] | None:
        try:
            doc: dict[str, Any] = ConfigRecord.get(CODE_TABLES_PK, sk, consistent_read=True).doc.as_dict()
        except DoesNotExist:
            return None
        return doc

    def _put(self, sk: str, doc: dict[str, Any], lost: VersionConflict) -> None:
        """Replace the item on the version just read (VersionConflict if another write got in)."""
        try:
            record = ConfigRecord.get(CODE_TABLES_PK, sk, consistent_read=True)
            record.doc = doc
        except DoesNotExist:
            record = ConfigRecord(pk=CODE_TABLES_PK, sk=sk, doc=doc)
        with on_refusal(lambda: lost):
            record.save()
