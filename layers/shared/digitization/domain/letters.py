"""Notification letters (SPEC §5.4) as records on the request: queued, held, sent once.

A letter is recorded before it is sent and marked sent afterwards, so a retried
handler finds it and does not send it again. While a decision is awaited (a task is
pending and the request is not finished) letters are held; they are released the
moment the last pending task is decided.
"""

from __future__ import annotations

from typing import Any

from digitization.clock import iso, utcnow
from digitization.domain.requests import (
    FINAL_STATUSES,
    Letter,
    LetterKind,
    LetterStatus,
    Request,
    TaskStatus,
    new_id,
)


def awaiting_decision(request: Request) -> bool:
    """True while a task is pending on an unfinished request: the patron hears nothing yet."""
    pending = any(task.status is TaskStatus.PENDING for task in request.tasks)
    return pending and request.status not in FINAL_STATUSES


def queue_letter(request: Request, kind: LetterKind, **data: Any) -> Letter:
    """Record a letter on ``request`` (mutates it): due now, or held until the decision."""
    address = request.requester.email
    status = LetterStatus.HELD if awaiting_decision(request) else LetterStatus.DUE
    letter = Letter(
        id=new_id(),
        kind=kind,
        status=status if address else LetterStatus.WITHDRAWN,
        to=address,
        created_at=iso(utcnow()),
        data=data,
        last_error=None if address else "the requester has no e-mail address in the directory",
    )
    request.letters.append(letter)
    return letter


def release_held(request: Request) -> None:
    """Held letters become due once no decision is awaited (mutates ``request``)."""
    if awaiting_decision(request):
        return
    for letter in request.letters:
        if letter.status is LetterStatus.HELD:
            letter.status = LetterStatus.DUE


def withdraw_held(request: Request) -> None:
    """The request ended without approval: what was held back is never sent (mutates ``request``)."""
    for letter in request.letters:
        if letter.status is LetterStatus.HELD:
            letter.status = LetterStatus.WITHDRAWN


def due_letters(request: Request) -> list[Letter]:
    return [letter for letter in request.letters if letter.status is LetterStatus.DUE]


def pending_since(request: Request) -> str | None:
    """When the oldest letter still to be sent (due, or claimed and not known sent) became so."""
    moments = [
        letter.claimed_at or letter.created_at
        for letter in request.letters
        if letter.status in (LetterStatus.DUE, LetterStatus.SENDING)
    ]
    return min(moments) if moments else None
