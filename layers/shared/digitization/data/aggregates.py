"""The compliance tallies (SPEC §11), in the compliance table, kept in step with the requests.

A report row is one partition range: ``CONTU#<year>`` / ``ISSN#<issn>`` (a periodical's requests of
a calendar year that count) and ``CLA#<course>`` / ``WORK#<work>`` (a course's requests for one
work). Each request that counts in a row has an item of its own there, ``<row>#<request id>``, with
what it brings (the issue, or the pages and chapters). A request records on itself the rows it
counts in (``Request.tallies``, key -> fingerprint); every write of a request puts or deletes its
items in the same transaction (``RequestRepository``), so a report reads one partition, never the
requests. One item per request, not a map per row: a write needs no item to exist first (one call
less per new row) and a row never nears DynamoDB's 400 KB item limit.
Nothing here expires: the items and the requests are kept (SPEC §11, CONTU's three years).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pynamodb.transactions import TransactWrite

from digitization.data.models import TallyRecord
from digitization.domain.compliance import Tally


def _split(key: str) -> tuple[str, str]:
    pk, _, sk = key.partition("|")
    return pk, sk


def part_key(row: str, request_id: str) -> str:
    """The sort key of one request's item in a row."""
    return f"{row}#{request_id}"


def part_record(tally: Tally, request_id: str, created_at: str) -> TallyRecord:
    """The item of one request in one row."""
    return TallyRecord(
        tally.pk,
        part_key(tally.sk, request_id),
        row=tally.sk,
        request_id=request_id,
        created_at=created_at,
        title=tally.title,
        total_pages=tally.total_pages,
        part=tally.part,
    )


class TallyChanges:
    """What one write of a request changes in the rows: computed, then joined to the write."""

    def __init__(
        self, request_id: str, created_at: str, recorded: Mapping[str, str], now: Mapping[str, Tally]
    ) -> None:
        self.request_id, self.created_at = request_id, created_at
        self.gone = [key for key in recorded if key not in now]
        self.changed = [tally for key, tally in now.items() if recorded.get(key) != tally.fingerprint]
        self.recorded = {key: tally.fingerprint for key, tally in now.items()}

    def __bool__(self) -> bool:
        return bool(self.gone or self.changed)

    def join(self, transaction: TransactWrite) -> None:
        for key in self.gone:
            pk, sk = _split(key)
            transaction.delete(TallyRecord(pk, part_key(sk, self.request_id)))
        for tally in self.changed:
            transaction.save(part_record(tally, self.request_id, self.created_at))


@dataclass
class ReportRow:
    """One row of a report: the requests that count in it and what each brings."""

    sk: str
    title: str = ""
    total_pages: int | None = None
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    newest: tuple[str, str] = ("", "")  # (created_at, request id) the title and pages come from


class TallyRepository:
    def rows(self, pk: str) -> list[ReportRow]:
        """Every row of one report, from one key query (all pages), in sort-key order.

        A row's title and total pages are those of its newest request, as the catalogue has them now.
        """
        rows: dict[str, ReportRow] = {}
        for item in TallyRecord.query(pk, consistent_read=True):
            row = rows.setdefault(item.row, ReportRow(item.row))
            row.parts[item.request_id] = item.part.as_dict() if item.part else {}
            if (item.created_at, item.request_id) > row.newest:
                row.newest = (item.created_at, item.request_id)
                row.title = item.title or ""
                row.total_pages = int(item.total_pages) if item.total_pages is not None else None
        return list(rows.values())
