"""What counts against the copying limits (SPEC §11), defined once for the rules, the reports and the tallies.

- CONTU ("rule of five", US): per calendar year and periodical (normalised ISSN), the
  requests whose issue was published within five years before the request year
  (publication year >= request year - 5), not rejected or cancelled; more than five is over.
- CLA (UK higher-education licence): per course and work (ISBN for a book; ISSN + volume +
  issue for a journal issue; the MMS ID otherwise), the pages copied (the union of the
  ranges) and the chapters (for a journal issue: the articles); the limit is 10% or one
  chapter, whichever is greater, so a work is over it only when beyond both.

A request's *tallies* are the report rows it counts in, with what it contributes; the
repository keeps the rows in step with the request in the same write.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from digitization.domain.pages import PageRange, count_pages, format_pages, parse_pages
from digitization.domain.requests import Request, Status

CONTU_YEARS = 5
CONTU_LIMIT = 5
CLA_PERCENT = 10
CLA_CHAPTERS = 1
#: Requests that count are kept (never purged) at least this many years after their calendar year.
RETENTION_YEARS = 3
NOT_COUNTED = frozenset({Status.REJECTED, Status.CANCELLED})


def request_year(request: Request) -> int:
    return datetime.fromisoformat(request.created_at.replace("Z", "+00:00")).year


def in_contu_window(publication_year: int | None, year_of_request: int, years: int = CONTU_YEARS) -> bool:
    """Published within ``years`` years before the request's year (or later): the CONTU window."""
    return publication_year is not None and publication_year >= year_of_request - years


def counts_for_contu(request: Request, years: int = CONTU_YEARS) -> bool:
    """A copy from a periodical, inside the window of its own request year, still counting."""
    return (
        request.item.issn is not None
        and request.status not in NOT_COUNTED
        and in_contu_window(request.item.publication_year, request_year(request), years)
    )


def cla_work(request: Request) -> str:
    """The work a CLA extract is counted against: a book by ISBN, a journal issue by ISSN, volume, issue."""
    item = request.item
    if item.isbn:
        return f"isbn:{item.isbn}"
    if item.issn:
        return f"issue:{item.issn}:{item.volume or '-'}:{item.issue or '-'}"
    return f"mms:{item.mms_id}"


def counts_for_cla(request: Request) -> bool:
    return request.course is not None and request.status not in NOT_COUNTED


@dataclass(frozen=True)
class Tally:
    """One report row a request counts in, and what it brings to it."""

    pk: str
    sk: str
    title: str
    total_pages: int | None = None
    part: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.pk}|{self.sk}"

    @property
    def fingerprint(self) -> str:
        """Changes when what the request brings to the row changes."""
        payload = json.dumps([self.title, self.total_pages, self.part], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def contu_key(year: int, issn: str) -> tuple[str, str]:
    return f"CONTU#{year}", f"ISSN#{issn}"


def cla_key(course: str, work: str) -> tuple[str, str]:
    return f"CLA#{course}", f"WORK#{work}"


def tallies(request: Request) -> dict[str, Tally]:
    """The rows ``request`` counts in now (none once it is rejected or cancelled)."""
    found: dict[str, Tally] = {}
    if counts_for_contu(request):
        assert request.item.issn is not None
        pk, sk = contu_key(request_year(request), request.item.issn)
        issue = {
            "volume": request.item.volume,
            "issue": request.item.issue,
            "year": request.item.publication_year,
        }
        tally = Tally(pk, sk, request.item.title, part=issue)
        found[tally.key] = tally
    if counts_for_cla(request):
        assert request.course is not None
        pk, sk = cla_key(request.course.id, cla_work(request))
        part = {
            "pages": format_pages(pages_of(request)) if pages_of(request) else None,
            "chapters": sorted(set(request.chapters)),
            "article": request.article_title,
        }
        tally = Tally(pk, sk, request.item.title, request.item.total_pages, part)
        found[tally.key] = tally
    return found


def pages_of(request: Request) -> list[PageRange]:
    """The pages a request copies: its ranges, or the whole work when it is not partial."""
    if not request.partial:
        return [(1, request.item.total_pages)] if request.item.total_pages else []
    return parse_pages(request.pages) if request.pages else []


# -- the rows of the reports ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaUse:
    """A course's use of one work."""

    pages_copied: int
    percent: float | None
    chapters: int
    over_limit: bool


def cla_use(parts: list[dict[str, Any]], total_pages: int | None, journal_issue: bool) -> ClaUse:
    """Pages as the union of every part's ranges; chapters (a journal issue's articles) distinct.

    Over the limit when beyond both 10% and one chapter; with the work's length unknown, the
    10% cannot be shown, so more than one chapter is over.
    """
    ranges: list[PageRange] = []
    chapters: set[str] = set()
    for part in parts:
        if part.get("pages"):
            ranges += parse_pages(str(part["pages"]))
        if journal_issue:
            if part.get("article"):
                chapters.add(str(part["article"]).strip().casefold())
        else:
            chapters.update(str(chapter) for chapter in part.get("chapters") or [])
    copied = count_pages(ranges) if ranges else 0
    exact = 100 * copied / total_pages if total_pages else None
    beyond_pages = exact is None or exact > CLA_PERCENT
    shown = round(exact, 2) if exact is not None else None
    return ClaUse(copied, shown, len(chapters), beyond_pages and len(chapters) > CLA_CHAPTERS)
