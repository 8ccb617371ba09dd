"""Hold moto to guarantees the real services give, where the emulator falls short.

- DynamoDB: moto checks a ConditionExpression and then writes the item as two
  Python steps, so two threads can both pass the check. Real DynamoDB applies a
  conditional write atomically per item, so moto's write operations are serialised
  (reads stay concurrent).
- DynamoDB transactions: moto backs a transaction up by deep-copying every table it names, items
  and all, so each transaction costs time in proportion to the tables' size (the local API slowed
  down as its tables filled). Writes being serialised, the backup is made of the items the
  transaction names, and those are put back if it is cancelled: the same outcome.
- S3: moto evaluates bucket-policy statements without their conditions, so the
  template's "deny when aws:SecureTransport is false" would deny every request. The
  emulator is a trusted loopback endpoint standing in for S3 over TLS, so those
  statements are left out of moto's evaluation (the stored policy is unchanged).
"""

from __future__ import annotations

import copy
import functools
import json
import threading
from collections.abc import Callable
from typing import Any

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table
from moto.s3.models import FakeBucket

WRITES = ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item")
_lock = threading.RLock()
_MARK = "__digitization_fidelity__"
_BACKUP_MARK = "__digitization_backup_by_item__"


def apply() -> None:
    """Idempotent: every patch, for the local stack and the integration tests alike."""
    back_up_transactions_by_item()
    make_dynamodb_writes_atomic()
    evaluate_bucket_policies_as_tls()


def make_dynamodb_writes_atomic() -> None:
    """Wrap each write method of moto's DynamoDB backend in one lock."""
    for name in WRITES:
        original: Callable[..., Any] = getattr(DynamoDBBackend, name)
        if getattr(original, _MARK, False):
            continue

        def locked(*args: Any, __original: Callable[..., Any] = original, **kwargs: Any) -> Any:
            with _lock:
                return __original(*args, **kwargs)

        functools.update_wrapper(locked, original)
        setattr(locked, _MARK, True)
        setattr(DynamoDBBackend, name, locked)


_transaction = threading.local()


def _table_deepcopy(self: Table, memo: dict[int, Any]) -> Table:
    """Inside a transaction (whose backup is by item), the table itself; otherwise a deep copy as usual."""
    if getattr(_transaction, "active", False):
        return self
    clone: Any = object.__new__(type(self))
    memo[id(self)] = clone
    clone.__dict__.update(copy.deepcopy(self.__dict__, memo))
    copied: Table = clone
    return copied


def _named_items(
    backend: DynamoDBBackend, transact_items: list[dict[str, Any]]
) -> list[tuple[Table, DynamoType, DynamoType | None]]:
    """(table, hash key, range key) of every item a transaction names that a table holds a place for."""
    named = []
    for entry in transact_items:
        for op_type, op in entry.items():
            table = backend.tables.get(str(op.get("TableName"))) if isinstance(op, dict) else None
            key = (op.get("Item") if op_type == "Put" else op.get("Key")) if table is not None else None
            if table is None or not isinstance(key, dict) or table.hash_key_attr not in key:
                continue
            range_attr = table.range_key_attr
            if range_attr is not None and range_attr not in key:
                continue
            hash_value = DynamoType(key[table.hash_key_attr])
            named.append((table, hash_value, DynamoType(key[range_attr]) if range_attr else None))
    return named


def _restore(table: Table, hash_value: DynamoType, range_value: DynamoType | None, item: Item | None) -> None:
    if item is None:
        table.delete_item(hash_value, range_value)
    elif range_value is not None:
        table.items[hash_value][range_value] = item
    else:
        table.items[hash_value] = item  # type: ignore[assignment]


def back_up_transactions_by_item() -> None:
    """Back a transaction up by the items it names (writes are serialised: nothing else moves meanwhile)."""
    original: Callable[..., Any] = DynamoDBBackend.transact_write_items
    if getattr(original, _BACKUP_MARK, False) or getattr(original, _MARK, False):
        return  # done already (the write lock goes around this, so it is applied after)

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> Any:
        backups = [
            (table, hash_value, range_value, copy.deepcopy(table.get_item(hash_value, range_value)))
            for table, hash_value, range_value in _named_items(self, transact_items)
        ]
        _transaction.active = True
        try:
            return original(self, transact_items)
        except BaseException:
            for table, hash_value, range_value, item in reversed(backups):
                _restore(table, hash_value, range_value, item)
            raise
        finally:
            _transaction.active = False

    functools.update_wrapper(transact_write_items, original)
    setattr(transact_write_items, _BACKUP_MARK, True)
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    Table.__deepcopy__ = _table_deepcopy  # type: ignore[attr-defined]


def _insecure_transport_only(statement: dict[str, Any]) -> bool:
    condition = statement.get("Condition") or {}
    flags = condition.get("Bool", {}) if isinstance(condition, dict) else {}
    return str(flags.get("aws:SecureTransport", "")).lower() == "false"


def evaluate_bucket_policies_as_tls() -> None:
    """Evaluate bucket policies as for a request over TLS: statements for insecure transport do not apply."""
    original: Callable[..., Any] = FakeBucket.get_permission
    if getattr(original, _MARK, False):
        return

    def get_permission(self: FakeBucket, action: str, resource: str) -> Any:
        from moto.iam.access_control import IAMPolicy, PermissionResult

        if self.policy is None:
            return original(self, action, resource)
        document = json.loads(self.policy.decode())
        statements = document.get("Statement", [])
        listed = statements if isinstance(statements, list) else [statements]
        kept = [s for s in listed if not _insecure_transport_only(s)]
        if not kept:
            return PermissionResult.NEUTRAL
        return IAMPolicy(json.dumps({**document, "Statement": kept})).is_action_permitted(action, resource)

    functools.update_wrapper(get_permission, original)
    setattr(get_permission, _MARK, True)
    FakeBucket.get_permission = get_permission  # type: ignore[method-assign]
