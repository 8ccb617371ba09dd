"""One configuration document per item (a customized declaration, a code table entry, a letter
template), replaced or removed together with its history line.

The document is read (consistently), the line describing the change from what was read is made by
the caller's ``describe``, and both are written in one transaction on the version read: a write that
got in between is a :class:`VersionConflict`, and a change that changes nothing writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from digitization.aws import connection
from digitization.data import history
from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord
from digitization.domain.history import ConfigChange
from digitization.errors import VersionConflict

Describe = Callable[[dict[str, Any] | None], ConfigChange | None]


def read(pk: str, sk: str) -> dict[str, Any] | None:
    try:
        doc: dict[str, Any] = ConfigRecord.get(pk, sk, consistent_read=True).doc.as_dict()
    except DoesNotExist:
        return None
    return doc


def replace(
    pk: str, sk: str, doc: dict[str, Any], *, lost: VersionConflict, history_pk: str, describe: Describe
) -> None:
    """Write ``doc`` over what is stored, with the line ``describe(old)`` (nothing when it is None)."""
    try:
        record = ConfigRecord.get(pk, sk, consistent_read=True)
        old: dict[str, Any] | None = record.doc.as_dict()
        record.doc = doc
    except DoesNotExist:
        record, old = ConfigRecord(pk=pk, sk=sk, doc=doc), None
    line = describe(old)
    if line is None and old is not None:
        return
    with on_refusal(lambda: lost), TransactWrite(connection=connection()) as transaction:
        transaction.save(record, condition=None if old is not None else ConfigRecord.sk.does_not_exist())
        history.write(transaction, history_pk, line)


def remove(pk: str, sk: str, *, lost: VersionConflict, history_pk: str, describe: Describe) -> bool:
    """Delete the document with the line ``describe(old)``; False when there was none (nothing written)."""
    try:
        record = ConfigRecord.get(pk, sk, consistent_read=True)
    except DoesNotExist:
        return False
    with on_refusal(lambda: lost), TransactWrite(connection=connection()) as transaction:
        transaction.delete(record)
        history.write(transaction, history_pk, describe(record.doc.as_dict()))
    return True
