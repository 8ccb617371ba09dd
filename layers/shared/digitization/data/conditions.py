"""A write DynamoDB refused on its condition: the one place that recognises it, and turns it into a
domain error (``VersionConflict``, ``Conflict``...). Botocore's and PynamoDB's errors stay in ``data/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from botocore.exceptions import ClientError
from pynamodb.exceptions import PynamoDBException

#: A conditional put, update or delete that failed its condition; a transaction cancelled because a
#: condition of one of its items failed (or it collided with another transaction on an item).
REFUSALS = frozenset({"ConditionalCheckFailedException", "TransactionCanceledException"})


def refused(exc: BaseException, *, by_condition: bool = False) -> bool:
    """True when ``exc`` is DynamoDB refusing a write on its condition.

    With ``by_condition``, a cancelled transaction counts only when the condition of one of its
    items failed, not when it collided with another transaction. Its other items' changes follow
    from the conditional one and carry no condition (as a request's tallies follow the request), so
    that is the conditional item's, wherever PynamoDB placed it in the transaction.
    """
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code")
    elif isinstance(exc, PynamoDBException):
        code = exc.cause_response_code
    else:
        return False
    if code not in REFUSALS:
        return False
    if by_condition and code == "TransactionCanceledException":
        reasons = getattr(exc, "cancellation_reasons", None) or []
        return any(getattr(reason, "code", None) == "ConditionalCheckFailed" for reason in reasons)
    return True


@contextmanager
def on_refusal(conflict: Callable[[], Exception], *, by_condition: bool = False) -> Iterator[None]:
    """Run the block; a write refused on its condition raises ``conflict()`` instead (other errors pass)."""
    try:
        yield
    except (PynamoDBException, ClientError) as exc:
        if not refused(exc, by_condition=by_condition):
            raise
        raise conflict() from exc
