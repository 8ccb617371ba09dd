"""Customized copyright declarations, partition ``DECLARATIONS``: one item per customized form
(a form with no item, or an emptied one, shows its default text) and one for the resource sharing
declaration.
Each change is written with its history line (``HISTORY#declaration#<form>``)."""

from __future__ import annotations

from typing import Any

from digitization.data import config_docs, history
from digitization.data.config_docs import Stored
from digitization.domain.declarations import DeclarationForm
from digitization.domain.history import ConfigKind
from digitization.errors import VersionConflict

DECLARATIONS_PK = "DECLARATIONS"
RS_DECLARATION_SK = "RS_DECLARATION"
#: The resource sharing declaration's history key (not one of the five forms).
RS_DECLARATION_KEY = "resource_sharing_copyright_declaration"


def _history_pk(key: str) -> str:
    return history.history_pk(ConfigKind.DECLARATION, key)


def _lost(what: str) -> VersionConflict:
    return VersionConflict(what, field="version")


class DeclarationRepository:
    def customized(self) -> dict[DeclarationForm, Stored]:
        """Every form that has an item (customized, or restored since), with its version (one query)."""
        known = {form.value for form in DeclarationForm}
        return {
            DeclarationForm(sk): item
            for sk, item in config_docs.query_stored(DECLARATIONS_PK).items()
            if sk in known
        }

    def customization(self, form: DeclarationForm) -> Stored:
        return config_docs.read_stored(DECLARATIONS_PK, form.value)

    def customize(
        self,
        form: DeclarationForm,
        doc: dict[str, Any],
        describe: config_docs.Describe,
        started_from: int | None = None,
    ) -> Stored:
        """Store the form's text (refused when ``started_from`` is not the current version)."""
        return config_docs.replace(
            DECLARATIONS_PK,
            form.value,
            doc,
            lost=_lost(f"the declaration {form.value}"),
            history_pk=_history_pk(form.value),
            describe=describe,
            started_from=started_from,
        )

    def restore(
        self, form: DeclarationForm, describe: config_docs.Describe, started_from: int | None = None
    ) -> Stored:
        """Back to the default text (nothing to do, and nothing recorded, when it is not customized)."""
        return config_docs.clear(
            DECLARATIONS_PK,
            form.value,
            lost=_lost(f"the declaration {form.value}"),
            history_pk=_history_pk(form.value),
            describe=describe,
            started_from=started_from,
        )

    def rs_declaration(self) -> Stored:
        return config_docs.read_stored(DECLARATIONS_PK, RS_DECLARATION_SK)

    def save_rs_declaration(
        self, doc: dict[str, Any], describe: config_docs.Describe, started_from: int | None = None
    ) -> Stored:
        return config_docs.replace(
            DECLARATIONS_PK,
            RS_DECLARATION_SK,
            doc,
            lost=_lost("the resource sharing declaration"),
            history_pk=_history_pk(RS_DECLARATION_KEY),
            describe=describe,
            started_from=started_from,
        )
