"""Customized copyright declarations, partition ``DECLARATIONS``: one item per customized form
(a form with no item shows its default text) and one for the resource sharing declaration."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DoesNotExist

from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord
from digitization.domain.declarations import DeclarationForm
from digitization.errors import VersionConflict

DECLARATIONS_PK = "DECLARATIONS"
RS_DECLARATION_SK = "RS_DECLARATION"


class DeclarationRepository:
    def customized(self) -> dict[DeclarationForm, dict[str, Any]]:
        """Every customized form's stored document (one query)."""
        known = {form.value for form in DeclarationForm}
        return {
            DeclarationForm(record.sk): record.doc.as_dict()
            for record in ConfigRecord.query(DECLARATIONS_PK, consistent_read=True)
            if record.sk in known
        }

    def customization(self, form: DeclarationForm) -> dict[str, Any] | None:
        return self._doc(form.value)

    def customize(self, form: DeclarationForm, doc: dict[str, Any]) -> None:
        self._put(form.value, doc, VersionConflict(f"the declaration {form.value}", field="form"))

    def restore(self, form: DeclarationForm) -> None:
        """Drop the customization (nothing to do when there is none)."""
        ConfigRecord(pk=DECLARATIONS_PK, sk=form.value).delete(add_version_condition=False)

    def rs_declaration(self) -> dict[str, Any] | None:
        return self._doc(RS_DECLARATION_SK)

    def save_rs_declaration(self, doc: dict[str, Any]) -> None:
        self._put(RS_DECLARATION_SK, doc, VersionConflict("the declaration", field="content"))

    def _doc(self, sk: str) -> dict[str, Any] | None:
        try:
            doc: dict[str, Any] = ConfigRecord.get(DECLARATIONS_PK, sk, consistent_read=True).doc.as_dict()
        except DoesNotExist:
            return None
        return doc

    def _put(self, sk: str, doc: dict[str, Any], lost: VersionConflict) -> None:
        """Replace the item, on the version just read (VersionConflict if another write got in)."""
        try:
            record = ConfigRecord.get(DECLARATIONS_PK, sk, consistent_read=True)
            record.doc = doc
        except DoesNotExist:
            record = ConfigRecord(pk=DECLARATIONS_PK, sk=sk, doc=doc)
        with on_refusal(lambda: lost):
            record.save()
