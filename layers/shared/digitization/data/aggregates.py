"""The compliance tallies (SPEC §11), in the compliance table, kept in step with the requests.

- ``CONTU#<year>`` / ``ISSN#<issn>``: a periodical's requests of a calendar year that count.
- ``CLA#<course>`` / ``WORK#<work>``: a course's requests for one work, with the pages and
  chapters each copies.

Each row holds ``parts``: request id -> what that request brings (the issue, or the pages and
chapters). A request records on itself the rows it counts in (``Request.tallies``, key ->
fingerprint); every write of a request brings the rows in line in the same transaction
(``RequestRepository``), so a report reads one row per periodical or work, never the requests.
Nothing here expires: the rows and the requests are kept (SPEC §11, CONTU's three years).
"""

from __future__ import annotations

from collections.abc import Mapping

from pynamodb.transactions import TransactWrite

from digitization.data.models import TallyRecord
from digitization.domain.compliance import Tally


def _split(key: str) -> tuple[str, str]:
    pk, _, sk = key.partition("|")
    return pk, sk


class TallyChanges:
    """What one write of a request changes in the rows: computed, then prepared, then joined to the write."""

    def __init__(self, request_id: str, recorded: Mapping[str, str], now: Mapping[str, Tally]) -> None:
        self.request_id = request_id
        self.gone = [key for key in recorded if key not in now]
        self.changed = [tally for key, tally in now.items() if recorded.get(key) != tally.fingerprint]
        self.recorded = {key: tally.fingerprint for key, tally in now.items()}

    def __bool__(self) -> bool:
        return bool(self.gone or self.changed)

    def prepare(self) -> None:
        """Make sure each row it adds to exists with an empty ``parts`` (idempotent; an empty row counts nothing)."""
        for tally in self.changed:
            TallyRecord(tally.pk, tally.sk).update(actions=[TallyRecord.parts.set(TallyRecord.parts | {})])

    def join(self, transaction: TransactWrite) -> None:
        for key in self.gone:
            pk, sk = _split(key)
            transaction.update(TallyRecord(pk, sk), actions=[TallyRecord.parts[self.request_id].remove()])
        for tally in self.changed:
            actions = [TallyRecord.parts[self.request_id].set(tally.part), TallyRecord.title.set(tally.title)]
            if tally.total_pages is not None:
                actions.append(TallyRecord.total_pages.set(tally.total_pages))
            transaction.update(TallyRecord(tally.pk, tally.sk), actions=actions)


class TallyRepository:
    def rows(self, pk: str) -> list[TallyRecord]:
        """Every row of one report (one key query, all pages)."""
        return list(TallyRecord.query(pk, consistent_read=True))
