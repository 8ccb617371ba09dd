"""Copyright code and mapping tables, partition ``CODE_TABLES``: the citation default copyright
status mapping (one item) and customized resource sharing status descriptions (one item each).
Each change is written with its history line (``HISTORY#citation_defaults#`` and
``HISTORY#rs_statuses#``, one history per table)."""

from __future__ import annotations

from typing import Any

from digitization.data import config_docs, history
from digitization.data.models import ConfigRecord
from digitization.domain.history import ConfigKind
from digitization.errors import VersionConflict

CODE_TABLES_PK = "CODE_TABLES"
CITATION_DEFAULTS_SK = "CITATION_COPYRIGHT_DEFAULTS"
RS_STATUS_PREFIX = "RS_COPYRIGHT_STATUS#"


class CodeTableRepository:
    def citation_defaults(self) -> dict[str, Any] | None:
        return config_docs.read(CODE_TABLES_PK, CITATION_DEFAULTS_SK)

    def save_citation_defaults(self, doc: dict[str, Any], describe: config_docs.Describe) -> None:
        config_docs.replace(
            CODE_TABLES_PK,
            CITATION_DEFAULTS_SK,
            doc,
            lost=VersionConflict("the citation copyright defaults", field="body"),
            history_pk=history.history_pk(ConfigKind.CITATION_DEFAULTS),
            describe=describe,
        )

    def rs_status_descriptions(self) -> dict[str, dict[str, Any]]:
        """Customized resource sharing status descriptions by code (one query)."""
        return {
            record.sk.removeprefix(RS_STATUS_PREFIX): record.doc.as_dict()
            for record in ConfigRecord.query(
                CODE_TABLES_PK, ConfigRecord.sk.startswith(RS_STATUS_PREFIX), consistent_read=True
            )
        }

    def save_rs_status_description(
        self, code: str, doc: dict[str, Any], describe: config_docs.Describe
    ) -> None:
        config_docs.replace(
            CODE_TABLES_PK,
            f"{RS_STATUS_PREFIX}{code}",
            doc,
            lost=VersionConflict(f"resource sharing status {code}", field="code"),
            history_pk=history.history_pk(ConfigKind.RS_STATUSES),
            describe=describe,
        )
