"""One configuration document per item (a customized declaration, a code table entry, a letter
template), replaced or removed together with its history line.

The document is read (consistently), the line describing the change from what was read is made by
the caller's ``describe``, and both are written in one transaction on the version read: a write that
got in between is a :class:`VersionConflict`, and a change that changes nothing writes nothing.
A read can carry the item's version (``VERSION``), and a change can name the version its author
read (``started_from``): made on an older one, it is refused (``domain/versions.py``).
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
from digitization.domain.versions import check_started_from
from digitization.errors import VersionConflict

Describe = Callable[[dict[str, Any] | None], ConfigChange | None]
#: The key a versioned read adds to the document: the item's version (0 when there is no item).
VERSION = "version"


def versioned(record: ConfigRecord) -> dict[str, Any]:
    """The stored document with its item's version under ``VERSION``."""
    return {**record.doc.as_dict(), VERSION: record.version or 0}


def read(pk: str, sk: str, *, with_version: bool = False) -> dict[str, Any] | None:
    try:
        record = ConfigRecord.get(pk, sk, consistent_read=True)
    except DoesNotExist:
        return None
    if with_version:
        return versioned(record)
    doc: dict[str, Any] = record.doc.as_dict()
    return doc


def replace(
    pk: str,
    sk: str,
    doc: dict[str, Any],
    *,
    lost: VersionConflict,
    history_pk: str,
    describe: Describe,
    started_from: int | None = None,
) -> int:
    """Write ``doc`` over what is stored, with the line ``describe(old)`` (nothing when it is None);
    the item's version after it. Refused when ``started_from`` is given and is not the stored version."""
    try:
        record = ConfigRecord.get(pk, sk, consistent_read=True)
        old: dict[str, Any] | None = record.doc.as_dict()
        record.doc = doc
    except DoesNotExist:
        record, old = ConfigRecord(pk=pk, sk=sk, doc=doc), None
    check_started_from(started_from, record.version or 0, lost.what)
    line = describe(old)
    if line is None and old is not None:
        return record.version or 0
    with on_refusal(lambda: lost), TransactWrite(connection=connection()) as transaction:
        transaction.save(record, condition=None if old is not None else ConfigRecord.sk.does_not_exist())
        history.write(transaction, history_pk, line)
    return record.version or 0


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
