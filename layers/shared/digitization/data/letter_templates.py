"""Customized letter wording, partition ``LETTER_TEMPLATES``: one item per customized kind (a kind
with no item, or an emptied one, is written in its shipped wording), each change with its history line
(``HISTORY#letter_template#<kind>``)."""

from __future__ import annotations

from typing import Any

from digitization.data import config_docs, history
from digitization.data.config_docs import Stored
from digitization.domain.history import ConfigKind
from digitization.domain.requests import LetterKind
from digitization.errors import VersionConflict

LETTER_TEMPLATES_PK = "LETTER_TEMPLATES"


def _history_pk(kind: LetterKind) -> str:
    return history.history_pk(ConfigKind.LETTER_TEMPLATE, kind.value)


def _lost(kind: LetterKind) -> VersionConflict:
    return VersionConflict(f"the {kind.value} letter", field="version")


class LetterTemplateRepository:
    def customized(self) -> dict[LetterKind, Stored]:
        """Every kind that has an item (customized, or restored since), with its version (one query)."""
        known = {kind.value for kind in LetterKind}
        return {
            LetterKind(sk): item
            for sk, item in config_docs.query_stored(LETTER_TEMPLATES_PK).items()
            if sk in known
        }

    def customization(self, kind: LetterKind) -> Stored:
        return config_docs.read_stored(LETTER_TEMPLATES_PK, kind.value)

    def customize(
        self,
        kind: LetterKind,
        doc: dict[str, Any],
        describe: config_docs.Describe,
        started_from: int | None = None,
    ) -> Stored:
        """Store the kind's wording (refused when ``started_from`` is not the current version)."""
        return config_docs.replace(
            LETTER_TEMPLATES_PK,
            kind.value,
            doc,
            lost=_lost(kind),
            history_pk=_history_pk(kind),
            describe=describe,
            started_from=started_from,
        )

    def restore(
        self, kind: LetterKind, describe: config_docs.Describe, started_from: int | None = None
    ) -> Stored:
        """Back to the shipped wording (nothing written when it is not customized)."""
        return config_docs.clear(
            LETTER_TEMPLATES_PK,
            kind.value,
            lost=_lost(kind),
            history_pk=_history_pk(kind),
            describe=describe,
            started_from=started_from,
        )
