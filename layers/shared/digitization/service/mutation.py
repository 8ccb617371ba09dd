"""Read-change-write of one request on its version: the concurrency rule of every transition."""

from __future__ import annotations

from collections.abc import Callable

from digitization.data.repositories import repositories
from digitization.domain import limits
from digitization.domain.requests import Request
from digitization.errors import Conflict, VersionConflict

SAVE_ATTEMPTS = 5


def mutate(
    request_id: str,
    change: Callable[[Request], Request],
    *,
    transition: bool = True,
    read: Request | None = None,
    guard: Callable[[Request], object] | None = None,
    adds: str | None = None,
    budget: int = limits.REQUEST_BUDGET_BYTES,
) -> Request:
    """Read, change, and write on condition that nobody wrote in between.

    When another writer got in first: if the status or a task's decision moved (a
    racing transition, approval or rejection), this change lost the race and is
    refused with 409 and the current status; if only other fields changed (a note,
    an edit, a letter sent), the change is re-applied to the fresh state. ``transition=False`` always re-applies (notes do not depend on status).
    ``read`` is the request as the caller just read it, to spare a second read; ``guard``
    replaces what must not have moved (default: the status and the task decisions).

    ``adds`` marks a change that adds content (a note, an attachment, an edit), naming the field a
    refusal points at: it is refused (409 ``request_full``) when it would leave the request over
    ``budget`` and larger than before. Transitions leave ``adds`` out: they always fit, since the
    budget leaves them room (``domain/limits.py``).
    """
    repo = repositories().requests
    watch = guard or _decisions
    current = read or repo.get(request_id)
    seen = watch(current)
    for _ in range(SAVE_ATTEMPTS):
        changed = change(current)
        if adds is not None:
            limits.check_budget(current, changed, adds, budget)
        try:
            return repo.save(changed)
        except VersionConflict:
            current = repo.get(request_id)
            if transition and watch(current) != seen:
                raise Conflict(
                    f"another change was saved first: the request is now {current.status.value}",
                    current_status=current.status,
                ) from None
    raise Conflict("the request kept changing while saving; try again", current_status=current.status)


def _decisions(request: Request) -> tuple[str, ...]:
    """What a racing action may not silently build on: the status and every task's decision."""
    return (request.status.value, *(f"{task.type.value}:{task.status.value}" for task in request.tasks))
