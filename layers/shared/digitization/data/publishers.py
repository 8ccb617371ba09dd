"""The Copyright Publishers code table, in the configuration table under ``PUBLISHERS``."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord
from digitization.domain.engine import Publisher
from digitization.errors import Conflict, NotFound, VersionConflict

PUBLISHERS_PK = "PUBLISHERS"


def _key(code: str) -> str:
    return code.upper()


class PublisherRepository:
    def all(self) -> list[Publisher]:
        """The whole table (one query)."""
        return [
            Publisher(**record.doc.as_dict())
            for record in ConfigRecord.query(PUBLISHERS_PK, consistent_read=True)
        ]

    def add(self, publisher: Publisher) -> Publisher:
        record = ConfigRecord(
            pk=PUBLISHERS_PK, sk=_key(publisher.code), doc={"code": publisher.code, "name": publisher.name}
        )
        with on_refusal(lambda: Conflict(f"publisher code {publisher.code} already exists", field="code")):
            record.save(condition=ConfigRecord.sk.does_not_exist())
        return publisher

    def replace(self, publisher: Publisher) -> Publisher:
        """Rename a publisher; the code stays (it is what rules refer to)."""
        try:
            record = ConfigRecord.get(PUBLISHERS_PK, _key(publisher.code), consistent_read=True)
        except DoesNotExist:
            raise NotFound(f"no publisher {publisher.code}", field="code") from None
        kept = Publisher(code=record.doc.as_dict()["code"], name=publisher.name)
        record.doc = {"code": kept.code, "name": kept.name}
        with on_refusal(lambda: VersionConflict(f"publisher {kept.code}", field="code")):
            record.save()
        return kept

    def remove(self, code: str) -> None:
        gone = NotFound(f"no publisher {code}", field="code")
        try:
            record = ConfigRecord.get(PUBLISHERS_PK, _key(code), consistent_read=True)
        except DoesNotExist:
            raise gone from None
        with on_refusal(lambda: gone):
            record.delete()
