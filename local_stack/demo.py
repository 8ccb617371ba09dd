"""Demo data, seeded through the public API (so it goes through the same code as a client).

Each seed call names the role whose token it uses. A call answered with
anything but 2xx prints a warning and the stack keeps running: the endpoint
may not exist yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import requests

__all__ = [
    "CREATE_BODY",
    "DEPARTMENTS",
    "JOURNAL_FACTS",
    "RULE_BODY",
    "SEED_CALLS",
    "TITLE_FACTS",
    "SeedCall",
    "seed",
]


@dataclass(frozen=True)
class SeedCall:
    """One API call of the demo data."""

    role: str
    method: str
    path: str
    body: dict[str, Any]


# The SPEC §9.1 examples: the create body and the worked example's rule (SPEC §4.4).
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

RULE_BODY: dict[str, Any] = {
    "name": "Course chapters under 10%",
    "description": "",
    "enabled": True,
    "clauses": [
        {"name": "total_copyright_work_percentage", "operator": "<", "value": 10},
        {"name": "material_required_dates", "operator": "=", "value": True},
        {"name": "request_type", "operator": "=", "value": "course_related_digitization"},
        {"name": "copyright_record_related_to_course", "operator": "=", "value": True},
    ],
    "output": {
        "target": "document_delivery_link",
        "max_views": 5,
        "approval": {"required": True, "mode": "parallel"},
        "copyright_clearance": {"required": False},
    },
}


#: The catalogue's facts of the SPEC example's title: the create body's item facts, title level.
TITLE_FACTS: dict[str, Any] = {
    key: value
    for key, value in CREATE_BODY["item"].items()
    if key not in {"mms_id", "barcode", "kind", "volume", "issue", "available_in_electronic"}
}

JOURNAL_FACTS: dict[str, Any] = {
    "title": "Journal of Design History",
    "issn": "0952-4649",
    "publisher": "Oxford University Press",
    "publication_year": 1988,
    "material_type": "journal",
    "total_pages": 120,
    "articles_in_issue": 8,
}


#: The demo's departments: items are scanned in and digitized at DIGI-MAIN; CIRC-MAIN lends them.
DEPARTMENTS: tuple[dict[str, str], ...] = (
    {"code": "DIGI-MAIN", "name": "Digitization Center", "kind": "digitization"},
    {"code": "CIRC-MAIN", "name": "Main Library Circulation Desk", "kind": "other"},
)

SEED_CALLS: tuple[SeedCall, ...] = (
    *(SeedCall("fulfillment-admin", "POST", "/departments", department) for department in DEPARTMENTS),
    SeedCall("fulfillment-admin", "PUT", "/titles/991234", TITLE_FACTS),
    SeedCall("fulfillment-admin", "PUT", "/titles/992001", JOURNAL_FACTS),
    SeedCall(
        "fulfillment-admin",
        "POST",
        "/titles/991234/items",
        {
            "barcode": "B0001",
            "kind": "physical",
            "title": "Ornament and Crime",
            "description": "Main stacks",
            "location": "CIRC-MAIN",
        },
    ),
    SeedCall(
        "fulfillment-admin",
        "POST",
        "/titles/991234/items",
        {
            "barcode": "E0001",
            "kind": "electronic",
            "title": "Ornament and Crime",
            "description": "Publisher PDF",
        },
    ),
    SeedCall(
        "fulfillment-admin",
        "POST",
        "/titles/992001/items",
        {
            "barcode": "B0002",
            "kind": "physical",
            "title": "Journal of Design History",
            "description": "Periodicals",
            "location": "CIRC-MAIN",
            "volume": "36",
            "issue": "2",
            "chronology_year": 2023,
        },
    ),
    SeedCall(
        "fulfillment-admin",
        "POST",
        "/titles/992001/items",
        {
            "barcode": "B0003",
            "kind": "physical",
            "title": "Journal of Design History",
            "description": "Periodicals",
            "location": "CIRC-MAIN",
            "volume": "2",
            "issue": "1",
            "chronology_year": 1989,
        },
    ),
    SeedCall(
        "fulfillment-admin",
        "POST",
        "/copyright-publishers",
        {"code": "ARIADNE", "name": "Ariadne"},
    ),
    SeedCall(
        "fulfillment-admin",
        "POST",
        "/rules",
        {
            **RULE_BODY,
            "description": "The seed's worked example: small course extracts go out as a link after approval.",
        },
    ),
    SeedCall(
        "fulfillment-admin",
        "POST",
        "/rules",
        {
            "name": "Whole items into the repository",
            "description": "Whole-item digitization is added to the digital inventory after copyright clearance.",
            "enabled": True,
            "clauses": [{"name": "partial_digitization", "operator": "=", "value": "false"}],
            "output": {
                "target": "digital_inventory",
                "representation": {"collection": "Digitized collections", "usage_type": "master"},
                "approval": {"required": False},
                "copyright_clearance": {"required": True, "mode": "blocking"},
            },
        },
    ),
)


def seed(
    api_url: str,
    token_for: Callable[[str], str],
    calls: Iterable[SeedCall] = SEED_CALLS,
    *,
    timeout: float = 60.0,
) -> list[str]:
    """Make the seed calls; returns a warning per call that did not succeed."""
    warnings: list[str] = []
    for call in calls:
        what = f"{call.method} {call.path} {call.body.get('barcode', '')}".rstrip()
        try:
            response = requests.request(
                call.method,
                api_url.rstrip("/") + call.path,
                json=call.body,
                headers={"Authorization": f"Bearer {token_for(call.role)}"},
                timeout=timeout,
            )
        except requests.RequestException as error:
            warnings.append(f"demo data: {what} failed: {error}")
            continue
        if not 200 <= response.status_code < 300:
            warnings.append(f"demo data: {what} answered {response.status_code}: {response.text[:200]}")
    return warnings
