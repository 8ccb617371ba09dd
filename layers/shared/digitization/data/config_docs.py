"""One configuration document per item (a customized declaration, a code table entry, a letter
template), replaced or cleared together with its history line.

The document is read (consistently), the line describing the change from what was read is made by
the caller's ``describe``, and both are written in one transaction on the version read: a write that
got in between is a :class:`VersionConflict`, and a change that changes nothing writes nothing.

A read gives the item's version too (:class:`Stored`), and a change can name the version its author
read (``started_from``): made on an older one, it is refused (``domain/versions.py``). Going back to
the default empties the document rather than deleting the item, so the version only ever grows: a
version read before a restore and a new customization cannot come round again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Stored:
    """A document as stored (None: there is none, or it went back to its default) and its version."""

    doc: dict[str, Any] | None
    version: int = 0


def stored(record: ConfigRecord) -> Stored:
    doc: dict[str, Any] = record.doc.as_dict()
    return Stored(doc or None, record.version or 0)


def read(pk: str, sk: str) -> dict[str, Any] | None:
    """The document, or None."""
    return read_stored(pk, sk).doc


def read_stored(pk: str, sk: str) -> Stored:
    try:
        return stored(ConfigRecord.get(pk, sk, consistent_read=True))
    except DoesNotExist:
        return Stored(None)


def query_stored(pk: str) -> dict[str, Stored]:
    """Every item of the partition, by sort key (one query)."""
    return {record.sk: stored(record) for record in ConfigRecord.query(pk, consistent_read=True)}


def replace(
    pk: str,
    sk: str,
    doc: dict[str, Any],
    *,
    lost: VersionConflict,
    history_pk: str,
    describe: Describe,
    started_from: int | None = None,
) -> Stored:
    """Write ``doc`` over what is stored, with the line ``describe(old)`` (nothing when it is None);
    what is stored after. Refused when ``started_from`` is given and is not the stored version."""
    try:
        record = ConfigRecord.get(pk, sk, consistent_read=True)
        old: dict[str, Any] | None = record.doc.as_dict() or None
        exists = True
    except DoesNotExist:
        record, old, exists = ConfigRecord(pk=pk, sk=sk, doc={}), None, False
    check_started_from(started_from, record.version or 0, lost.what)
    line = describe(old)
    if line is None and old is not None:
        return Stored(old, record.version or 0)
    record.doc = doc
    with on_refusal(lambda: lost), TransactWrite(connection=connection()) as transaction:
        transaction.save(record, condition=None if exists else ConfigRecord.sk.does_not_exist())
        history.write(transaction, history_pk, line)
    return Stored(doc, record.version or 0)


def clear(
    pk: str,
    sk: str,
    *,
    lost: VersionConflict,
    history_pk: str,
    describe: Describe,
    started_from: int | None = None,
) -> Stored:
    """Back to the default: the document emptied with the line ``describe(old)``; nothing written when
    there is none. The item and its version stay (see the module's note)."""
    try:
        record = ConfigRecord.get(pk, sk, consistent_read=True)
    except DoesNotExist:
        check_started_from(started_from, 0, lost.what)
        return Stored(None)
    check_started_from(started_from, record.version or 0, lost.what)
    old: dict[str, Any] = record.doc.as_dict()
    if not old:
        return Stored(None, record.version or 0)
    record.doc = {}
    with on_refusal(lambda: lost), TransactWrite(connection=connection()) as transaction:
        transaction.save(record)
        history.write(transaction, history_pk, describe(old))
    return Stored(None, record.version or 0)
