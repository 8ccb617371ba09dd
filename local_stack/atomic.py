"""Make moto's DynamoDB writes atomic, as DynamoDB's are.

moto checks a ConditionExpression and then writes the item as two Python steps;
two threads can both pass the check. Real DynamoDB applies a conditional write
atomically per item, so the emulator is held to that guarantee by serialising
its write operations (reads stay concurrent).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from moto.dynamodb.models import DynamoDBBackend

WRITES = ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item")
_lock = threading.RLock()
_MARK = "__digitization_atomic__"


def make_dynamodb_writes_atomic() -> None:
    """Idempotent: wraps each write method of moto's DynamoDB backend in one lock."""
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
