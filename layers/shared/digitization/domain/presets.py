"""Ready-made rules for common copyright regimes (installed with ``POST /rule-presets/{name}``)."""

from __future__ import annotations

from typing import Any

from digitization.domain.rules import RuleInput

PRESETS: dict[str, dict[str, Any]] = {
    # US, CONTU "rule of five": more than five copies in a calendar year of articles from one
    # periodical published in the last five years need permission. Five earlier requests for the
    # same ISSN this calendar year make this one the sixth.
    "contu_rule_of_five": {
        "name": "CONTU rule of five",
        "description": "US CONTU guidelines: the sixth and later request in a calendar year for articles "
        "from one periodical published within the last five years needs copyright clearance.",
        "enabled": True,
        "clauses": [
            {
                "name": "citation_material_type",
                "operator": "in_list",
                "value": ["article", "journal", "periodical"],
            },
            {"name": "publication_date", "operator": "=", "value": {"within_last_years": 5}},
            {"name": "time_span_in_calendar_years", "operator": "<", "value": 1},
            {"name": "number_of_requests", "operator": ">", "value": 4},
        ],
        "output": {
            "target": "document_delivery_attachment",
            "approval": {"required": False},
            "copyright_clearance": {"required": True, "mode": "blocking"},
        },
    },
    # UK, CLA licence: a course may copy up to 10% of a work or one chapter, whichever is greater.
    # Beyond both limits (over 10% and more than one chapter, counting the course's other requests
    # for the same ISBN) the extract needs clearance.
    "cla_course_extract": {
        "name": "CLA course extract limit",
        "description": "UK CLA licence: a course-related extract over 10% of the work and over one chapter "
        "(the greater of the two limits), counting the course's other requests, needs copyright clearance.",
        "enabled": True,
        "clauses": [
            {"name": "request_type", "operator": "=", "value": "course_related_digitization"},
            {"name": "in_the_same_course", "operator": "=", "value": True},
            {"name": "total_copyright_work_percentage", "operator": ">", "value": 10},
            {"name": "total_copyright_number_of_chapters", "operator": ">", "value": 1},
        ],
        "output": {
            "target": "document_delivery_link",
            "max_views": 5,
            "approval": {"required": False},
            "copyright_clearance": {"required": True, "mode": "blocking"},
        },
    },
}


def preset(name: str) -> RuleInput | None:
    body = PRESETS.get(name)
    return RuleInput.model_validate(body) if body else None
