"""Customized letter wording, partition ``LETTER_TEMPLATES``: one item per customized kind (a kind
with no item is written in its shipped wording), each change with its history line
(``HISTORY#letter_template#<kind>``)."""

from __future__ import annotations

from typing import Any

from digitization.data import config_docs, history
from digitization.data.models import ConfigRecord
from digitization.domain.history import ConfigKind
from digitization.domain.requests import LetterKind
from digitization.errors import VersionConflict

LETTER_TEMPLATES_PK = "LETTER_TEMPLATES"


def _history_pk(kind: LetterKind) -> str:
    return history.history_pk(ConfigKind.LETTER_TEMPLATE, kind.value)


def _lost(kind: LetterKind) -> VersionConflict:
    return VersionConflict(f"the {kind.value} letter", field="kind")


class LetterTemplateRepository:
    def customized(self) -> dict[LetterKind, dict[str, Any]]:
        """Every customized kind's stored document, with its version (one query)."""
        known = {kind.value for kind in LetterKind}
        return {
            LetterKind(record.sk): config_docs.versioned(record)
            for record in ConfigRecord.query(LETTER_TEMPLATES_PK, consistent_read=True)
            if record.sk in known
        }

    def customization(self, kind: LetterKind) -> dict[str, Any] | None:
        return config_docs.read(LETTER_TEMPLATES_PK, kind.value, with_version=True)

    def customize(
        self,
        kind: LetterKind,
        doc: dict[str, Any],
        describe: config_docs.Describe,
        started_from: int | None = None,
    ) -> int:
        """Store the kind's wording; its version after (refused when ``started_from`` is not the current)."""
        return config_docs.replace(
            LETTER_TEMPLATES_PK,
            kind.value,
            doc,
            lost=_lost(kind),
            history_pk=_history_pk(kind),
            describe=describe,
            started_from=started_from,
        )

    def restore(self, kind: LetterKind, describe: config_docs.Describe) -> None:
        """Back to the shipped wording (nothing written when it is not customized)."""
        config_docs.remove(
            LETTER_TEMPLATES_PK, kind.value, lost=_lost(kind), history_pk=_history_pk(kind), describe=describe
        )
