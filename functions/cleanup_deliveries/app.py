"""Scheduled: remove delivery files and link objects that are due, and mark their links expired."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from digitization.observability import logger, metrics, tracer
from digitization.service import cleanup


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = cleanup.run()
    return {"links": report.links, "objects": report.objects}
