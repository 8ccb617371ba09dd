"""Fixtures shared by every kind of test."""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest

# Powertools reads these when the layer is imported, as in Lambda where the template sets them.
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "LibraryDigitizationTest")
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "digitization")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")

from local_stack.demo import CREATE_BODY


@pytest.fixture
def create_body() -> dict[str, Any]:
    """The SPEC §9.1 create body (a fresh copy per test)."""
    return copy.deepcopy(CREATE_BODY)
