"""Customized copyright declarations, partition ``DECLARATIONS``: one item per customized form
(a form with no item shows its default text) and one for the resource sharing declaration.
Each change is written with its history line (``HISTORY#declaration#<form>``)."""

from __future__ import annotations

from typing import Any

from digitization.data import config_docs, history
from digitization.data.models import ConfigRecord
from digitization.domain.declarations import DeclarationForm
from digitization.domain.history import ConfigKind
from digitization.errors import VersionConflict

DECLARATIONS_PK = "DECLARATIONS"
RS_DECLARATION_SK = "RS_DECLARATION"
#: The resource sharing declaration's history key (not one of the five forms).
RS_DECLARATION_KEY = "resource_sharing_copyright_declaration"


def _history_pk(key: str) -> str:
    return history.history_pk(ConfigKind.DECLARATION, key)


class DeclarationRepository:
    def customized(self) -> dict[DeclarationForm, dict[str, Any]]:
        """Every customized form's stored document, with its version (one query)."""
        known = {form.value for form in DeclarationForm}
        return {
            DeclarationForm(record.sk): config_docs.versioned(record)
            for record in ConfigRecord.query(DECLARATIONS_PK, consistent_read=True)
            if record.sk in known
        }

    def customization(self, form: DeclarationForm) -> dict[str, Any] | None:
        return config_docs.read(DECLARATIONS_PK, form.value, with_version=True)

    def customize(
        self,
        form: DeclarationForm,
        doc: dict[str, Any],
        describe: config_docs.Describe,
        started_from: int | None = None,
    ) -> int:
        """Store the form's text; its version after (refused when ``started_from`` is not the current)."""
        return config_docs.replace(
            DECLARATIONS_PK,
            form.value,
            doc,
            lost=VersionConflict(f"the declaration {form.value}", field="form"),
            history_pk=_history_pk(form.value),
            describe=describe,
            started_from=started_from,
        )

    def restore(self, form: DeclarationForm, describe: config_docs.Describe) -> None:
        """Drop the customization (nothing to do, and nothing recorded, when there is none)."""
        config_docs.remove(
            DECLARATIONS_PK,
            form.value,
            lost=VersionConflict(f"the declaration {form.value}", field="form"),
            history_pk=_history_pk(form.value),
            describe=describe,
        )

    def rs_declaration(self) -> dict[str, Any] | None:
        return config_docs.read(DECLARATIONS_PK, RS_DECLARATION_SK, with_version=True)

    def save_rs_declaration(
        self, doc: dict[str, Any], describe: config_docs.Describe, started_from: int | None = None
    ) -> int:
        return config_docs.replace(
            DECLARATIONS_PK,
            RS_DECLARATION_SK,
            doc,
            lost=VersionConflict("the declaration", field="content"),
            history_pk=_history_pk(RS_DECLARATION_KEY),
            describe=describe,
            started_from=started_from,
        )
