"""The compliance reports at the HTTP edge (SPEC §11): JSON, or the same rows as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from pydantic import BaseModel, Field


class ContuRow(BaseModel):
    """One periodical's copies in the year."""

    issn: str
    title: str
    count: int
    limit: int
    over_limit: bool = Field(description="More copies than the limit (CONTU: five)")
    request_ids: list[str]


class ContuReport(BaseModel):
    """CONTU "rule of five": per periodical, the requests of the calendar year for issues published
    within five years before, not rejected or cancelled; the most copied first."""

    year: int
    periodicals: list[ContuRow]


class ClaRow(BaseModel):
    """One work's use by the course."""

    key: str = Field(description="isbn:<ISBN-13>, issue:<ISSN>:<volume>:<issue>, or mms:<MMS ID>")
    title: str
    pages_copied: int = Field(description="The union of the page ranges of every request")
    total_pages: int | None
    percent: float | None
    chapters: int = Field(description="Distinct chapters (for a journal issue: articles)")
    limit: str
    over_limit: bool = Field(description="Beyond both 10% and one chapter")
    request_ids: list[str]


class ClaReport(BaseModel):
    """CLA licence: per work, what one course copied, against 10% or one chapter, whichever is greater."""

    course: str
    works: list[ClaRow]


def as_csv(rows: Sequence[BaseModel], row_type: type[BaseModel]) -> str:
    """The rows with a header line (also when there is no row); lists are joined with spaces."""
    out = io.StringIO()
    fields = list(row_type.model_fields)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        values = row.model_dump()
        writer.writerow(
            [" ".join(v) if isinstance(v, list) else ("" if v is None else v) for v in values.values()]
        )
    return out.getvalue()
