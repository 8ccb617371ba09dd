"""Powertools Logger, Tracer and Metrics, shared by every function."""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

# Read-only calls publish no metric; that is expected, not worth a warning per call.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
tracer = Tracer()
metrics = Metrics()


def count(event: str) -> None:
    """One metric per domain event (a transition, a note, an inventory change)."""
    metrics.add_metric(name=event, unit=MetricUnit.Count, value=1)


def gauge(name: str, value: float) -> None:
    """A level measured now (the approvals waiting, by the hourly job)."""
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
