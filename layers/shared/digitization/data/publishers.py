"""The Copyright Publishers code table, in the configuration table under ``PUBLISHERS``."""

from __future__ import annotations

from pynamodb.exceptions import DeleteError, PutError

from digitization.data.models import ConfigRecord
from digitization.domain.engine import Publisher
from digitization.errors import Conflict, NotFound

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
        try:
            record.save(condition=ConfigRecord.sk.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise Conflict(f"publisher code {publisher.code} already exists", field="code") from exc
            raise
        return publisher

    def replace(self, publisher: Publisher) -> Publisher:
        record = ConfigRecord(
            pk=PUBLISHERS_PK, sk=_key(publisher.code), doc={"code": publisher.code, "name": publisher.name}
        )
        try:
            record.save(condition=ConfigRecord.sk.exists())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise NotFound(f"no publisher {publisher.code}", field="code") from exc
            raise
        return publisher

    def remove(self, code: str) -> None:
        try:
            ConfigRecord(pk=PUBLISHERS_PK, sk=_key(code)).delete(condition=ConfigRecord.sk.exists())
        except DeleteError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise NotFound(f"no publisher {code}", field="code") from exc
            raise
