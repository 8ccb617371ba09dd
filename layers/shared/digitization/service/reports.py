"""The compliance reports (SPEC §11): read the tallies, never the requests."""

from __future__ import annotations

from digitization.api.reports import ClaReport, ClaRow, ContuReport, ContuRow
from digitization.auth import Caller
from digitization.data.repositories import repositories
from digitization.domain import compliance
from digitization.observability import count

CLA_LIMIT = f"{compliance.CLA_PERCENT}% or {compliance.CLA_CHAPTERS} chapter, whichever is greater"


def contu(caller: Caller, year: int) -> ContuReport:
    """One key query: the year's periodicals, the most copied first."""
    caller.require_staff()
    pk, _ = compliance.contu_key(year, "")
    rows = []
    for row in repositories().tallies.rows(pk):
        ids = sorted(row.parts)
        rows.append(
            ContuRow(
                issn=row.sk.removeprefix("ISSN#"),
                title=row.title,
                count=len(ids),
                limit=compliance.CONTU_LIMIT,
                over_limit=len(ids) > compliance.CONTU_LIMIT,
                request_ids=ids,
            )
        )
    count("ReportContu")
    return ContuReport(year=year, periodicals=sorted(rows, key=lambda r: (-r.count, r.issn)))


def cla(caller: Caller, course: str) -> ClaReport:
    """One key query: the course's works, the most copied first."""
    caller.require_staff()
    pk, _ = compliance.cla_key(course, "")
    works = []
    for row in repositories().tallies.rows(pk):
        key = row.sk.removeprefix("WORK#")
        total = row.total_pages or None
        use = compliance.cla_use(list(row.parts.values()), total, journal_issue=key.startswith("issue:"))
        works.append(
            ClaRow(
                key=key,
                title=row.title,
                pages_copied=use.pages_copied,
                total_pages=total,
                percent=use.percent,
                chapters=use.chapters,
                limit=CLA_LIMIT,
                over_limit=use.over_limit,
                request_ids=sorted(row.parts),
            )
        )
    count("ReportCla")
    return ClaReport(course=course, works=sorted(works, key=lambda w: (-w.pages_copied, w.key)))
