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


def refused(exc: BaseException, *, first_item: bool = False) -> bool:
    """True when ``exc`` is DynamoDB refusing a write on its condition.

    With ``first_item``, a cancelled transaction counts only when the condition of its first item
    failed (the other items' changes follow from it, as a request's tallies follow the request).
    """
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code")
    elif isinstance(exc, PynamoDBException):
        code = exc.cause_response_code
    else:
        return False
    if code not in REFUSALS:
        return False
    if first_item and code == "TransactionCanceledException":
        reasons = getattr(exc, "cancellation_reasons", None) or []
        first = reasons[0] if reasons else None
        return first is not None and getattr(first, "code", None) == "ConditionalCheckFailed"
    return True


@contextmanager
def on_refusal(conflict: Callable[[], Exception], *, first_item: bool = False) -> Iterator[None]:
    """Run the block; a write refused on its condition raises ``conflict()`` instead (other errors pass)."""
    try:
        yield
    except (PynamoDBException, ClientError) as exc:
        if not refused(exc, first_item=first_item):
            raise
        raise conflict() from exc
