"""Schedule expressions and the scheduled event payload."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from local_stack.schedules import Cron, parse_rate, scheduled_event
from local_stack.template import Schedule


@pytest.mark.parametrize(
    ("expression", "seconds"),
    [
        ("rate(1 minute)", 60),
        ("rate(5 minutes)", 300),
        ("rate(1 hour)", 3600),
        ("rate(12 hours)", 43200),
        ("rate(1 day)", 86400),
        ("rate(2 days)", 172800),
    ],
)
def test_rates(expression: str, seconds: float) -> None:
    assert parse_rate(expression) == seconds


@pytest.mark.parametrize(
    "expression",
    ["rate(0 minutes)", "rate(5 minute)", "rate(1 minutes)", "rate(1 week)", "cron(* * * * ? *)"],
)
def test_bad_rates(expression: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        parse_rate(expression)


NOON = datetime(2026, 3, 4, 12, 0, 30, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("cron(0 3 * * ? *)", datetime(2026, 3, 5, 3, 0, tzinfo=UTC)),
        ("cron(*/15 * * * ? *)", datetime(2026, 3, 4, 12, 15, tzinfo=UTC)),
        ("cron(0 9 ? * MON-FRI *)", datetime(2026, 3, 5, 9, 0, tzinfo=UTC)),
        ("cron(0 9 ? * 1 *)", datetime(2026, 3, 8, 9, 0, tzinfo=UTC)),  # 1 = Sunday
        ("cron(30 0 1 JAN,JUL ? *)", datetime(2026, 7, 1, 0, 30, tzinfo=UTC)),
        ("cron(0 12 4 3 ? 2027)", datetime(2027, 3, 4, 12, 0, tzinfo=UTC)),
    ],
)
def test_cron_next_firing(expression: str, expected: datetime) -> None:
    assert Cron.parse(expression).next_after(NOON) == expected


@pytest.mark.parametrize("expression", ["cron(0 3 L * ? *)", "cron(0 3 * *)", "cron(0 25 * * ? *)"])
def test_cron_not_handled(expression: str) -> None:
    with pytest.raises(ValueError, match="cron"):
        Cron.parse(expression)


def test_scheduled_event_payload() -> None:
    schedule = Schedule(
        logical_id="Nightly",
        expression="rate(1 day)",
        function="F",
        arn="arn:aws:events:us-east-1:1:rule/Nightly",
    )
    event = scheduled_event(schedule, "us-east-1", "123456789012", NOON)
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["account"] == "123456789012"
    assert event["region"] == "us-east-1"
    assert event["time"] == "2026-03-04T12:00:30Z"
    assert event["resources"] == ["arn:aws:events:us-east-1:1:rule/Nightly"]
    assert event["detail"] == {}
