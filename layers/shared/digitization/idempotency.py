"""``Idempotency-Key`` support for creates, with Powertools Idempotency on the template's table."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from digitization.config import settings
from digitization.errors import InvalidInput

DAY = 24 * 3600
MAX_KEY_LENGTH = 255


@cache
def _store() -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(table_name=settings().idempotency_table)


def once(
    key: str | None,
    *,
    scope: str,
    payload: dict[str, Any],
    run: Callable[[], dict[str, Any]],
    context: LambdaContext | None = None,
) -> dict[str, Any]:
    """Run ``run`` once per (scope, key); a retry gets the first result back.

    The same key with a different payload is refused (IdempotencyValidationError).
    Without a key, ``run`` simply runs.
    """
    if key is None:
        return run()
    if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(f"must be 1 to {MAX_KEY_LENGTH} printable characters", field="Idempotency-Key")
    config = IdempotencyConfig(
        event_key_jmespath="[scope, key]",
        payload_validation_jmespath="payload",
        expires_after_seconds=DAY,
    )
    if context is not None:
        config.register_lambda_context(context)

    @idempotent_function(data_keyword_argument="data", persistence_store=_store(), config=config)
    def _once(data: dict[str, Any]) -> dict[str, Any]:
        return run()

    result: dict[str, Any] = _once(data={"scope": scope, "key": key, "payload": payload})
    return result
