"""Fire the template's schedules locally, like EventBridge.

``rate(N minute|minutes|hour|hours|day|days)`` fires every N units, the first
time one interval after start. ``cron(min hour day-of-month month day-of-week
year)`` (UTC) is parsed with ``*``, ``?``, numbers, names, ranges, lists and
steps; a cron using ``L``, ``W`` or ``#`` fires hourly instead (with a
warning). ``override_seconds`` (``--schedule-seconds``) replaces every
interval, which is what demos and tests want.

Each firing invokes the target with the EventBridge "Scheduled Event" payload
(or the target's ``Input`` when the template gives one).
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from local_stack.template import Schedule
from local_stack.workers import InvokeResult

__all__ = ["Cron", "Scheduler", "parse_rate", "scheduled_event"]

log = logging.getLogger(__name__)

_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1
    )
}
_WEEKDAYS = {d: i for i, d in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), start=1)}

Invoke = Callable[[str, Any], InvokeResult]


def parse_rate(expression: str) -> float:
    """Seconds between firings of a ``rate(...)`` expression; ValueError if it is not one."""
    match = _RATE.match(expression.strip())
    if not match:
        raise ValueError(f"not a rate expression: {expression!r}")
    value, unit = int(match.group(1)), match.group(2)
    if value < 1:
        raise ValueError(f"rate must be at least 1: {expression!r}")
    if (value == 1) != (not unit.endswith("s")):
        raise ValueError(f"use '1 {unit.rstrip('s')}' or 'N {unit.rstrip('s')}s': {expression!r}")
    return float(value * _UNIT_SECONDS[unit.rstrip("s")])


def _field(text: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int] | None:
    """Values of one cron field; None means any (``*`` or ``?``)."""
    if text in {"*", "?"}:
        return None
    values: set[int] = set()
    text = text.upper()
    if names:
        text = re.sub(r"[A-Z]{3}", lambda m: str(names.get(m.group(0), m.group(0))), text)
    for part in text.split(","):
        if any(c in part for c in "LW#"):
            raise ValueError(f"cron field {text!r}: L, W and # are not supported locally")
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start, end = int(first), int(last)
        else:
            start = int(base)
            end = high if step_text else start
        if not (low <= start <= high and low <= end <= high) or step < 1:
            raise ValueError(f"cron field {text!r} is out of range {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class Cron:
    """An EventBridge cron expression (six fields, UTC)."""

    minutes: frozenset[int] | None
    hours: frozenset[int] | None
    days: frozenset[int] | None
    months: frozenset[int] | None
    weekdays: frozenset[int] | None  # 1 = Sunday ... 7 = Saturday
    years: frozenset[int] | None

    @classmethod
    def parse(cls, expression: str) -> Cron:
        """Parse ``cron(...)``; ValueError if it is not one this module handles."""
        match = re.match(r"^cron\((.*)\)$", expression.strip())
        fields = match.group(1).split() if match else []
        if len(fields) != 6:
            raise ValueError(f"not a six-field cron expression: {expression!r}")
        minute, hour, day, month, weekday, year = fields
        return cls(
            minutes=_field(minute, 0, 59),
            hours=_field(hour, 0, 23),
            days=_field(day, 1, 31),
            months=_field(month, 1, 12, _MONTHS),
            weekdays=_field(weekday, 1, 7, _WEEKDAYS),
            years=_field(year, 1970, 2199),
        )

    def next_after(self, moment: datetime) -> datetime:
        """The first firing strictly after ``moment`` (UTC); ValueError if none within 5 years."""
        start = moment.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
        day = start.replace(hour=0, minute=0)
        for _ in range(366 * 5):
            if self._day_matches(day):
                for hour in sorted(self.hours) if self.hours is not None else range(24):
                    for minute in sorted(self.minutes) if self.minutes is not None else range(60):
                        candidate = day.replace(hour=hour, minute=minute)
                        if candidate >= start:
                            return candidate
            day += timedelta(days=1)
        raise ValueError("the cron expression never fires")

    def _day_matches(self, day: datetime) -> bool:
        weekday = day.isoweekday() % 7 + 1  # Sunday -> 1
        return (
            (self.years is None or day.year in self.years)
            and (self.months is None or day.month in self.months)
            and (self.days is None or day.day in self.days)
            and (self.weekdays is None or weekday in self.weekdays)
        )


def scheduled_event(
    schedule: Schedule, region: str, account_id: str, now: datetime | None = None
) -> dict[str, Any]:
    """The payload EventBridge sends for a schedule firing."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account_id,
        "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [schedule.arn],
        "detail": {},
    }


class Scheduler:
    """One thread per schedule, each waiting for its next firing until stopped."""

    def __init__(
        self,
        schedules: Iterable[Schedule],
        invoke: Invoke,
        *,
        region: str,
        account_id: str,
        override_seconds: float | None = None,
    ) -> None:
        self.schedules = list(schedules)
        self.invoke = invoke
        self.region = region
        self.account_id = account_id
        self.override_seconds = override_seconds
        self.fired: dict[str, int] = {}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._delays = {s.logical_id + s.function: self._delay_function(s) for s in self.schedules}

    def _delay_function(self, schedule: Schedule) -> Callable[[], float]:
        """A function giving the seconds until the next firing."""
        if self.override_seconds is not None:
            seconds = float(self.override_seconds)
            return lambda: seconds
        expression = schedule.expression.strip()
        if expression.startswith("rate("):
            interval = parse_rate(expression)
            return lambda: interval
        try:
            cron = Cron.parse(expression)
        except ValueError as error:
            log.warning("%s: %s; firing hourly instead", schedule.logical_id, error)
            return lambda: 3600.0

        def until_next() -> float:
            now = datetime.now(UTC)
            return max(0.0, (cron.next_after(now) - now).total_seconds())

        return until_next

    def describe(self, schedule: Schedule) -> str:
        """One line for the startup listing."""
        every = f"every {self.override_seconds:g} s (override)" if self.override_seconds is not None else ""
        return f"{schedule.expression} -> {schedule.function} {every}".rstrip()

    def fire(self, schedule: Schedule) -> InvokeResult:
        """Invoke the schedule's target once, now."""
        event = (
            schedule.input
            if schedule.input is not None
            else scheduled_event(schedule, self.region, self.account_id)
        )
        result = self.invoke(schedule.function, event)
        key = schedule.logical_id
        self.fired[key] = self.fired.get(key, 0) + 1
        if result.ok:
            log.info("schedule %s fired %s: ok", schedule.logical_id, schedule.function)
        else:
            log.error(
                "schedule %s fired %s: %s %s",
                schedule.logical_id,
                schedule.function,
                result.error_type,
                result.error_message,
            )
        return result

    def _run(self, schedule: Schedule) -> None:
        delay = self._delays[schedule.logical_id + schedule.function]
        while not self._stop.wait(delay()):
            try:
                self.fire(schedule)
            except Exception:  # a broken firing must not end the schedule
                log.exception("schedule %s failed", schedule.logical_id)

    def start(self) -> None:
        """Start one thread per schedule."""
        for schedule in self.schedules:
            thread = threading.Thread(
                target=self._run, args=(schedule,), name=f"schedule-{schedule.logical_id}"
            )
            thread.daemon = True
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 35.0) -> None:
        """Stop firing; waits for a firing in progress (at most ``timeout`` seconds)."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()
