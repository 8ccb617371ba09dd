"""Receipts of sent letters: SES's message id, written the moment SES accepts a letter.

``LETTER#<letter id>`` / ``RECEIPT`` in the configuration table. The request records the
letter as sent afterwards; if that write never happens (a crash, a throttle), the hourly job
finds the receipt and records the letter as sent instead of sending it again.
"""

from __future__ import annotations

from digitization.data.models import PlainRecord

RECEIPT_SK = "RECEIPT"


def _pk(letter_id: str) -> str:
    return f"LETTER#{letter_id}"


class ReceiptRepository:
    def record(self, letter_id: str, message_id: str) -> None:
        PlainRecord(pk=_pk(letter_id), sk=RECEIPT_SK, doc={"message_id": message_id}).save()

    def find(self, letter_id: str) -> str | None:
        """SES's message id for the letter, if SES accepted it."""
        found = list(PlainRecord.query(_pk(letter_id), PlainRecord.sk == RECEIPT_SK, consistent_read=True))
        return str(found[0].doc["message_id"]) if found and found[0].doc else None
