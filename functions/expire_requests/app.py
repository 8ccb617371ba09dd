"""Scheduled, hourly: close requests past their expiration date, finish what failures left (letters not
sent, deliveries approved but not published), and count the approvals waiting."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from digitization.clock import utcnow
from digitization.observability import logger, metrics, traced
from digitization.service.expiry import expire_due, measure_waiting
from digitization.service.recovery import finish_pending


@metrics.log_metrics
def handle(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    expired = expire_due()
    recovered = finish_pending(utcnow())
    waiting = measure_waiting()
    return {
        "expired": expired.expired,
        "skipped": expired.skipped,
        "finished": recovered.finished,
        "failed": recovered.failed,
        "approvals_waiting": waiting,
    }


# Several calls to DynamoDB, S3 (and SES) per run: the X-Ray SDK shows each (docs/decisions.md 51).
lambda_handler = logger.inject_lambda_context(traced(handle, xray=True))
