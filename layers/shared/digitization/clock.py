"""Time, in one place, so the domain, the services and the tests agree on what "now" is.

Everything that reads the time reads ``clock`` (``utcnow``, ``today`` and ``epoch`` are its
readings): never ``time.time()`` or ``datetime.now()``. Tests move it with ``clock.at(moment)``
instead of patching the modules that read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime


def _system() -> datetime:
    return datetime.now(UTC)


class Clock:
    """The current time from a source: the system's, unless a test set another."""

    def __init__(self, source: Callable[[], datetime] = _system) -> None:
        self._source = source

    def now(self) -> datetime:
        return self._source()

    def today(self) -> date:
        return self.now().date()

    def epoch(self) -> int:
        """Whole seconds since 1970 (DynamoDB TTLs, link expiry, presigned URLs)."""
        return int(self.now().timestamp())

    @contextmanager
    def at(self, moment: datetime | Callable[[], datetime]) -> Iterator[Clock]:
        """Inside the block, now is ``moment`` (a fixed time, or a source of times)."""
        before = self._source
        self._source = moment if callable(moment) else (lambda: moment)
        try:
            yield self
        finally:
            self._source = before


#: The one clock of the process.
clock = Clock()


def utcnow() -> datetime:
    return clock.now()


def today() -> date:
    return clock.today()


def epoch() -> int:
    return clock.epoch()


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds and a ``Z``: sortable as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
