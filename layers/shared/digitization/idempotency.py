"""``Idempotency-Key`` support for creates, with Powertools Idempotency on the template's table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)

from digitization.aws import idempotency_store
from digitization.errors import Conflict, InvalidInput

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.typing import LambdaContext

DAY = 24 * 3600
MAX_KEY_LENGTH = 255


class KeyReused(InvalidInput):
    """The same ``Idempotency-Key`` came with another body (422)."""

    code = "idempotency_key_reused"


class InProgress(Conflict):
    """A call with this ``Idempotency-Key`` is still running (409)."""

    code = "in_progress"


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

    @idempotent_function(data_keyword_argument="data", persistence_store=idempotency_store(), config=config)
    def _once(data: dict[str, Any]) -> dict[str, Any]:
        return run()

    try:
        result: dict[str, Any] = _once(data={"scope": scope, "key": key, "payload": payload})
    except IdempotencyValidationError:
        raise KeyReused(
            "this Idempotency-Key was already used with a different body", field="Idempotency-Key"
        ) from None
    except IdempotencyAlreadyInProgressError:
        raise InProgress(
            "a request with this Idempotency-Key is still being processed; retry shortly",
            field="Idempotency-Key",
        ) from None
    return result
