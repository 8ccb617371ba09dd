"""Hold moto to guarantees the real services give, where the emulator falls short.

- DynamoDB: moto checks a ConditionExpression and then writes the item as two
  Python steps, so two threads can both pass the check. Real DynamoDB applies a
  conditional write atomically per item, so moto's write operations are serialised
  (reads stay concurrent).
- S3: moto evaluates bucket-policy statements without their conditions, so the
  template's "deny when aws:SecureTransport is false" would deny every request. The
  emulator is a trusted loopback endpoint standing in for S3 over TLS, so those
  statements are left out of moto's evaluation (the stored policy is unchanged).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from typing import Any

from moto.dynamodb.models import DynamoDBBackend
from moto.s3.models import FakeBucket

WRITES = ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item")
_lock = threading.RLock()
_MARK = "__digitization_fidelity__"


def apply() -> None:
    """Idempotent: both patches, for the local stack and the integration tests alike."""
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
