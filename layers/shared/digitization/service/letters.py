"""Sending the letters a request owes, exactly once each.

Each due letter is first claimed (a conditional write marks it ``sending``), then
sent, then marked ``sent``. Two handlers racing over one letter: only one claims it.
A retried handler finds the letter sent and does nothing.
"""

from __future__ import annotations

import functools

from digitization import notifications
from digitization.clock import iso, utcnow
from digitization.domain.letters import due_letters
from digitization.domain.requests import LetterStatus, Request
from digitization.observability import count, logger
from digitization.service.mutation import mutate


class _NotDue(Exception):
    """Somebody else claimed or sent the letter meanwhile."""


def dispatch(request: Request) -> Request:
    """Send every due letter of ``request``; returns the request as last saved."""
    for letter in due_letters(request):
        try:
            request = mutate(request.id, functools.partial(_claim, letter_id=letter.id), transition=False)
        except _NotDue:
            continue
        message_id = notifications.send(letter, request)
        request = mutate(
            request.id, functools.partial(_sent, letter_id=letter.id, message_id=message_id), transition=False
        )
        logger.info(
            "letter sent",
            extra={"request_id": request.id, "letter": letter.kind.value, "message_id": message_id},
        )
        count(f"Letter_{letter.kind.value}")
    return request


def _claim(request: Request, letter_id: str) -> Request:
    changed = request.model_copy(deep=True)
    letter = next(letter for letter in changed.letters if letter.id == letter_id)
    if letter.status is not LetterStatus.DUE:
        raise _NotDue(letter_id)
    letter.status = LetterStatus.SENDING
    letter.claimed_at = iso(utcnow())
    return changed


def _sent(request: Request, letter_id: str, message_id: str) -> Request:
    changed = request.model_copy(deep=True)
    letter = next(letter for letter in changed.letters if letter.id == letter_id)
    letter.status = LetterStatus.SENT
    letter.sent_at = iso(utcnow())
    letter.message_id = message_id
    return changed
