"""The Copyright Publishers code table, in the configuration table under ``PUBLISHERS``; every
change is written with its history line (``HISTORY#publishers#``, one history for the table)."""

from __future__ import annotations

from collections.abc import Callable

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from digitization.aws import connection
from digitization.data import history
from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord
from digitization.domain.engine import Publisher
from digitization.domain.history import ConfigChange, ConfigKind
from digitization.errors import Conflict, NotFound, VersionConflict

PUBLISHERS_PK = "PUBLISHERS"
HISTORY_PK = history.history_pk(ConfigKind.PUBLISHERS)

#: Makes the history line of a change from the publisher before and after (None: absent).
Describe = Callable[[Publisher | None, Publisher | None], ConfigChange | None]


def _key(code: str) -> str:
    return code.upper()


def _publisher(record: ConfigRecord) -> Publisher:
    return Publisher(**record.doc.as_dict())


class PublisherRepository:
    def all(self) -> list[Publisher]:
        """The whole table (one query)."""
        return [_publisher(record) for record in ConfigRecord.query(PUBLISHERS_PK, consistent_read=True)]

    def add(self, publisher: Publisher, describe: Describe) -> Publisher:
        record = ConfigRecord(
            pk=PUBLISHERS_PK, sk=_key(publisher.code), doc={"code": publisher.code, "name": publisher.name}
        )
        taken = lambda: Conflict(f"publisher code {publisher.code} already exists", field="code")  # noqa: E731
        with on_refusal(taken), TransactWrite(connection=connection()) as transaction:
            transaction.save(record, condition=ConfigRecord.sk.does_not_exist())
            history.write(transaction, HISTORY_PK, describe(None, publisher))
        return publisher

    def replace(self, publisher: Publisher, describe: Describe) -> Publisher:
        """Rename a publisher; the code stays (it is what rules refer to)."""
        record = self._record(publisher.code)
        before = _publisher(record)
        kept = Publisher(code=before.code, name=publisher.name)
        line = describe(before, kept)
        if line is None:
            return kept
        record.doc = {"code": kept.code, "name": kept.name}
        lost = lambda: VersionConflict(f"publisher {kept.code}", field="code")  # noqa: E731
        with on_refusal(lost), TransactWrite(connection=connection()) as transaction:
            transaction.save(record)
            history.write(transaction, HISTORY_PK, line)
        return kept

    def remove(self, code: str, describe: Describe) -> None:
        record = self._record(code)
        gone = lambda: NotFound(f"no publisher {code}", field="code")  # noqa: E731
        with on_refusal(gone), TransactWrite(connection=connection()) as transaction:
            transaction.delete(record)
            history.write(transaction, HISTORY_PK, describe(_publisher(record), None))

    def _record(self, code: str) -> ConfigRecord:
        try:
            return ConfigRecord.get(PUBLISHERS_PK, _key(code), consistent_read=True)
        except DoesNotExist:
            raise NotFound(f"no publisher {code}", field="code") from None
