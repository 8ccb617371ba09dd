"""The Copyright Publishers code table, in the configuration table under ``PUBLISHERS``."""

from __future__ import annotations

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError

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
        """Rename a publisher; the code stays (it is what rules refer to)."""
        try:
            record = ConfigRecord.get(PUBLISHERS_PK, _key(publisher.code), consistent_read=True)
        except DoesNotExist:
            raise NotFound(f"no publisher {publisher.code}", field="code") from None
        kept = Publisher(code=record.doc.as_dict()["code"], name=publisher.name)
        record.doc = {"code": kept.code, "name": kept.name}
        try:
            record.save()
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise Conflict(
                    f"publisher {kept.code} was changed meanwhile; try again", field="code"
                ) from exc
            raise
        return kept

    def remove(self, code: str) -> None:
        try:
            record = ConfigRecord.get(PUBLISHERS_PK, _key(code), consistent_read=True)
            record.delete()
        except (DoesNotExist, DeleteError) as exc:
            if isinstance(exc, DeleteError) and exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            raise NotFound(f"no publisher {code}", field="code") from None
