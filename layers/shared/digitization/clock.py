"""Time, in one place, so the domain and the tests agree on what "now" is."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return utcnow().date()


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds and a ``Z``: sortable as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
