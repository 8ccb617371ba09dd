"""Powertools Logger and Metrics, shared by every function, and X-Ray tracing where a handler asks for it.

The X-Ray SDK is imported only when a handler chose it (``traced(..., xray=True)``) and tracing is on
(in Lambda, unless ``POWERTOOLS_TRACE_DISABLED``): the SDK builds botocore clients when it is imported,
about a fifth of a handler's cold start. Lambda's active tracing (``Tracing: Active`` in the template)
records every invocation without it; the SDK adds a subsegment per AWS call (docs/decisions.md 51).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, TypeVar, cast

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.tracing.tracer import Tracer

# Read-only calls publish no metric; that is expected, not worth a warning per call.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
metrics = Metrics()

HandlerT = TypeVar("HandlerT", bound=Callable[..., Any])


def tracing_on() -> bool:
    """Powertools' own rule: in Lambda, not in SAM local or Chalice, not POWERTOOLS_TRACE_DISABLED."""
    return not Tracer._is_tracer_disabled()


def traced(handler: HandlerT, *, xray: bool) -> HandlerT:
    """``handler`` with the X-Ray SDK's handler subsegment and per-AWS-call subsegments, when ``xray``
    and tracing is on; ``handler`` itself otherwise (nothing imported, nothing patched)."""
    if not xray or not tracing_on():
        return handler
    # Only botocore is patched (boto3's and PynamoDB's calls): patch_all would import every library
    # the SDK knows and finds installed (requests, httpx, sqlite3...), none of which we call.
    return cast(HandlerT, Tracer(patch_modules=("botocore",)).capture_lambda_handler(handler))


def count(event: str) -> None:
    """One metric per domain event (a transition, a note, an inventory change)."""
    metrics.add_metric(name=event, unit=MetricUnit.Count, value=1)


def gauge(name: str, value: float) -> None:
    """A level measured now (the approvals waiting, by the hourly job)."""
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
