"""Scheduled: remove delivery files and link objects that are due, and mark their links expired."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from digitization.observability import logger, metrics, traced
from digitization.service import cleanup


@metrics.log_metrics
def handle(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = cleanup.run()
    return {"links": report.links, "objects": report.objects}


# Several calls to DynamoDB, S3 (and SES) per run: the X-Ray SDK shows each (docs/decisions.md 51).
lambda_handler = logger.inject_lambda_context(traced(handle, xray=True))
