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

CREATE_BODY: dict[str, Any] = {
    "request_type": "course_related_digitization",
    "requester": {
        "user_id": "patron1",
        "user_group": "undergraduate",
        "status": "active",
        "email": "patron1@example.edu",
    },
    "item": {
        "mms_id": "991234",
        "title": "Ornament and Crime",
        "barcode": "B0001",
        "kind": "physical",
        "isbn": "1-86189-411-2",
        "issn": None,
        "volume": None,
        "issue": None,
        "publisher": "Ariadne",
        "publication_year": 1998,
        "material_type": "book",
        "total_pages": 220,
        "articles_in_issue": None,
        "available_in_electronic": False,
        "copyright_agency_permissions": [],
    },
    "partial": True,
    "pages": "35-40",
    "chapters": ["3"],
    "article_title": None,
    "course": {"id": "HIST101", "start": "2016-01-01", "end": "2016-06-30"},
    "date_available_from": "2016-01-10",
    "date_available_to": "2016-02-02",
    "expiration_date": None,
}


@pytest.fixture
def create_body() -> dict[str, Any]:
    """The SPEC §9.1 create body (a fresh copy per test)."""
    return copy.deepcopy(CREATE_BODY)
