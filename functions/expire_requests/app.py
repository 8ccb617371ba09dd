"""Scheduled: close requests past their expiration date and tell their requesters."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from digitization.observability import logger, metrics, tracer
from digitization.service.expiry import expire_due


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = expire_due()
    return {"expired": report.expired, "skipped": report.skipped}
