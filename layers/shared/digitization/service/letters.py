"""Sending the letters a request owes, exactly once each, and recovering the ones a failure left.

Each due letter is read in the wording in force (``service/letter_templates.py``), claimed (a conditional write marks it ``sending``), sent, its receipt
(SES's message id) stored on its own, then marked ``sent`` on the request. Two handlers
racing over one letter: only one claims it; a retried handler finds it sent and does nothing.

What a failure leaves, and who finishes it:
- SES refused it or could not be reached: the letter goes back to ``due`` (the action that
  sent it still succeeds) and the hourly job sends it again.
- SES accepted it but the request was not marked: the receipt says so, and the job marks it
  sent without sending it again.
- SES was called but no answer came, or the process stopped before the receipt: the letter
  stays ``sending``; past a grace period the job looks for a receipt and, finding none, sends
  it again — the one window (between SES accepting and the receipt being written) in which a
  letter can go out twice.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from digitization import notifications
from digitization.clock import iso, utcnow
from digitization.data.repositories import repositories
from digitization.domain.letter_templates import LetterTemplate
from digitization.domain.letters import due_letters
from digitization.domain.requests import LetterStatus, Request
from digitization.observability import count, logger
from digitization.service import letter_templates
from digitization.service.mutation import mutate

GRACE = timedelta(minutes=10)


class _NotDue(Exception):
    """Somebody else claimed or sent the letter meanwhile."""


def dispatch(request: Request) -> Request:
    """Send every due letter of ``request``; returns the request as last saved. Never raises for a letter."""
    for letter in due_letters(request):
        try:
            wording = letter_templates.wording(letter.kind)
        except Exception:  # left due: the hourly job sends it with the wording it then reads
            logger.exception("could not read a letter's wording", extra={"letter": letter.id})
            continue
        try:
            request = mutate(request.id, functools.partial(_claim, letter_id=letter.id), transition=False)
        except _NotDue:
            continue
        request = _send(request, letter.id, wording)
    return request


def _send(request: Request, letter_id: str, wording: LetterTemplate) -> Request:
    letter = next(letter for letter in request.letters if letter.id == letter_id)
    try:
        message_id = notifications.send(letter, request, wording)
    except notifications.SendFailed as exc:
        count("LetterFailed")
        logger.warning(
            "letter not sent", extra={"request_id": request.id, "letter": letter.id, "error": str(exc)}
        )
        return mutate(
            request.id, functools.partial(_back_to_due, letter_id=letter.id, error=str(exc)), transition=False
        )
    except notifications.SendUncertain as exc:
        count("LetterFailed")
        logger.warning(
            "letter may have been sent; left for the hourly job",
            extra={"request_id": request.id, "letter": letter.id, "error": str(exc)},
        )
        return request
    try:
        repositories().receipts.record(letter.id, message_id)
    except Exception:  # the request's own record below is what counts; the receipt is the safety net
        logger.exception("could not store a letter's receipt", extra={"letter": letter.id})
    try:
        request = mutate(
            request.id, functools.partial(_sent, letter_id=letter.id, message_id=message_id), transition=False
        )
    except Exception:
        logger.exception(
            "letter sent but not recorded; the hourly job records it", extra={"letter": letter.id}
        )
        return request
    logger.info(
        "letter sent", extra={"request_id": request.id, "letter": letter.kind.value, "message_id": message_id}
    )
    count("LetterSent")
    count(f"Letter_{letter.kind.value}")
    return request


def recover(request_id: str, now: datetime) -> Request:
    """Finish the letters a failure left: a claim older than the grace period is settled by its
    receipt (recorded as sent) or, without one, made due again; then every due letter is sent."""
    request = repositories().requests.get(request_id)
    cutoff = iso(now - GRACE)
    for letter in request.letters:
        if letter.status is not LetterStatus.SENDING or (letter.claimed_at or "") > cutoff:
            continue
        receipt = repositories().receipts.find(letter.id)
        if receipt is not None:
            request = mutate(
                request.id,
                functools.partial(_sent, letter_id=letter.id, message_id=receipt),
                transition=False,
            )
            count("LetterReconciled")
            logger.info(
                "letter found sent by its receipt", extra={"letter": letter.id, "message_id": receipt}
            )
        else:
            request = mutate(
                request.id,
                functools.partial(
                    _back_to_due, letter_id=letter.id, error="no receipt after the grace period"
                ),
                transition=False,
            )
    return dispatch(request)


def _letter(request: Request, letter_id: str) -> tuple[Request, int]:
    changed = request.model_copy(deep=True)
    index = next(i for i, letter in enumerate(changed.letters) if letter.id == letter_id)
    return changed, index


def _claim(request: Request, letter_id: str) -> Request:
    changed, index = _letter(request, letter_id)
    letter = changed.letters[index]
    if letter.status is not LetterStatus.DUE:
        raise _NotDue(letter_id)
    letter.status = LetterStatus.SENDING
    letter.claimed_at = iso(utcnow())
    letter.attempts += 1
    return changed


def _sent(request: Request, letter_id: str, message_id: str) -> Request:
    changed, index = _letter(request, letter_id)
    letter = changed.letters[index]
    if letter.status is LetterStatus.SENT:
        return changed
    letter.status = LetterStatus.SENT
    letter.sent_at = iso(utcnow())
    letter.message_id = message_id
    letter.last_error = None
    return changed


def _back_to_due(request: Request, letter_id: str, error: str) -> Request:
    changed, index = _letter(request, letter_id)
    letter = changed.letters[index]
    if letter.status is LetterStatus.SENDING:
        letter.status = LetterStatus.DUE
        letter.last_error = error[:500]
    return changed
