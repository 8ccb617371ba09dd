"""Bodies of the request actions (scan-in, next step, cancel, change, edit, notes)."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import Field, model_validator

from digitization.clock import today
from digitization.domain import limits
from digitization.domain.departments import DepartmentCode
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import CancelReason, Code, Course, ItemKind, LongText, Pages, Strict, Text

Department = DepartmentCode


class ScanIn(Strict):
    department: Department = Field(description="The digitization department where the item was scanned in")


class Locate(Strict):
    """Body of ``POST /requests/{id}/locate``: an electronic item, found in the repository."""

    department: Department = Field(description="The digitization department whose operator located the item")


class ScanBarcode(Strict):
    """Body of ``POST /departments/{code}/scan-in``: the barcode read from the item that arrived."""

    barcode: Code = Field(description="The item's barcode; the request waiting for it is scanned in")


class NextStep(Strict):
    department: Department = Field(
        description="The department the operator is working at; must hold the item"
    )


class Cancel(Strict):
    """Body of ``POST /requests/{id}/cancel``. Staff give a reason; a patron's is always ``cancelled_by_patron``."""

    reason: CancelReason | None = None
    note: LongText | None = None


class ChangeDigitization(Strict):
    to: ItemKind = Field(description="electronic or physical")


class RequestChanges(Strict):
    """Body of ``PATCH /requests/{id}``: only the fields sent are changed."""

    partial: bool | None = None
    pages: Pages | None = None
    chapters: list[Code] | None = Field(default=None, max_length=limits.CHAPTERS)
    article_title: Text | None = None
    course: Course | None = None
    date_available_from: date | None = None
    date_available_to: date | None = None
    expiration_date: date | None = None

    @model_validator(mode="after")
    def _expiry(self) -> Self:
        if "expiration_date" in self.model_fields_set:
            if self.expiration_date is None:
                raise FieldProblem("expiration_date", "cannot be removed; give the new date")
            if self.expiration_date < today():
                raise FieldProblem("expiration_date", "is in the past")
        if "partial" in self.model_fields_set and self.partial is None:
            raise FieldProblem("partial", "must be true or false")
        return self

    def changes(self) -> dict[str, object]:
        return self.model_dump(exclude_unset=True)


class NoteText(Strict):
    text: LongText
