"""What viewers leave behind: Concurrent User sessions and accepted copyright declarations.

Sessions of one rule of one representation live in partition ``SESSIONS#<rep>#<rule>``:

- ``SLOT#<i>`` (i < N): a seat, held by one user until ``expires_at``;
- ``USER#<user>``: the seat a user holds, until the same moment.

A viewer is admitted when their ``USER#`` item is live, or when they claim a free seat:
one transaction puts ``SLOT#<i>`` and ``USER#<user>``, each on condition that it does not
exist or has expired. DynamoDB applies it atomically, so N+1 racing viewers never all get
a seat and one user never holds two. Live seats are counted with one key query (expired
ones filtered out in the query: TTL deletion is lazy). Both items carry the TTL attribute.

Accepted declarations: ``REPRESENTATION#<rep>`` / ``ACCEPTED#<user>``, with the
fingerprint of the text accepted, until ``expires_at``.
"""

from __future__ import annotations

from enum import Enum

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from digitization.aws import connection
from digitization.data.conditions import refused
from digitization.data.models import PlainRecord
from digitization.data.representations import representation_pk


def _sessions_pk(representation_id: str, rule_id: str) -> str:
    return f"SESSIONS#{representation_id}#{rule_id}"


def _free_or_expired(now: int) -> Condition:
    condition: Condition = PlainRecord.sk.does_not_exist() | (PlainRecord.expires_at <= now)
    return condition


class Claim(Enum):
    CLAIMED = "claimed"
    TAKEN = "taken"  # another user holds the seat
    USER_SEATED = "user_seated"  # the user got a seat in a racing call


class ViewingRepository:
    def live_seats(self, representation_id: str, rule_id: str, now: int) -> dict[int, str]:
        """Seat number -> holder of the seats still alive at ``now`` (one key query)."""
        seats: dict[int, str] = {}
        for record in PlainRecord.query(
            _sessions_pk(representation_id, rule_id),
            PlainRecord.sk.startswith("SLOT#"),
            filter_condition=PlainRecord.expires_at > now,
            consistent_read=True,
        ):
            seats[int(record.sk.removeprefix("SLOT#"))] = str(
                (record.doc.as_dict() if record.doc else {}).get("user")
            )
        return seats

    def holds_seat(self, representation_id: str, rule_id: str, user: str, now: int) -> bool:
        try:
            record = PlainRecord.get(
                _sessions_pk(representation_id, rule_id), f"USER#{user}", consistent_read=True
            )
        except DoesNotExist:
            return False
        return record.expires_at is not None and record.expires_at > now

    def claim(
        self, representation_id: str, rule_id: str, user: str, seat: int, now: int, until: int
    ) -> Claim:
        """Take ``seat`` for ``user`` until ``until``: TAKEN when it or the user's seat was taken first."""
        pk = _sessions_pk(representation_id, rule_id)
        try:
            with TransactWrite(connection=connection()) as transaction:
                transaction.save(
                    PlainRecord(pk=pk, sk=f"SLOT#{seat}", doc={"user": user}, expires_at=until),
                    condition=_free_or_expired(now),
                )
                transaction.save(
                    PlainRecord(pk=pk, sk=f"USER#{user}", doc={"seat": seat}, expires_at=until),
                    condition=_free_or_expired(now),
                )
        except TransactWriteError as exc:
            if not refused(exc):
                raise
            reasons = [reason.code if reason else None for reason in exc.cancellation_reasons]
            if len(reasons) == 2 and reasons[1] == "ConditionalCheckFailed":
                return Claim.USER_SEATED
            return Claim.TAKEN
        return Claim.CLAIMED

    def admit(
        self, representation_id: str, rule_id: str, user: str, seats: int, seconds: int, now: int
    ) -> bool:
        """The user keeps a live seat or claims a free one among ``seats``; False when all are taken."""
        if self.holds_seat(representation_id, rule_id, user, now):
            return True
        taken = self.live_seats(representation_id, rule_id, now)
        for seat in (s for s in range(seats) if s not in taken):
            claim = self.claim(representation_id, rule_id, user, seat, now, now + seconds)
            if claim is Claim.CLAIMED:
                return True
            if claim is Claim.USER_SEATED and self.holds_seat(representation_id, rule_id, user, now):
                return True  # the same user won a seat in a racing call
        return False

    def accepted(self, representation_id: str, user: str, now: int) -> str | None:
        """The fingerprint of the declaration ``user`` accepted for the representation, while valid."""
        try:
            record = PlainRecord.get(
                representation_pk(representation_id), f"ACCEPTED#{user}", consistent_read=True
            )
        except DoesNotExist:
            return None
        if record.expires_at is None or record.expires_at <= now or not record.doc:
            return None
        fingerprint = record.doc.as_dict().get("fingerprint")
        return str(fingerprint) if fingerprint else None

    def accept(self, representation_id: str, user: str, fingerprint: str, at: str, until: int) -> None:
        PlainRecord(
            pk=representation_pk(representation_id),
            sk=f"ACCEPTED#{user}",
            doc={"fingerprint": fingerprint, "accepted_at": at},
            expires_at=until,
        ).save()
