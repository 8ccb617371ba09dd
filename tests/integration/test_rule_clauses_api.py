"""GET /rule-clauses: what a rule editor offers is what the engine checks."""

from __future__ import annotations

from digitization.domain.clauses import CLAUSE_TYPES
from tests.integration.conftest import Invoke


def test_every_clause_with_its_operators_values_and_prerequisites(call: Invoke) -> None:
    reply = call("rules", "rules/clauses")
    assert reply.status == 200, reply.body
    by_name = {c["name"]: c for c in reply.body}
    assert set(by_name) == set(CLAUSE_TYPES)
    assert len(by_name) == 22, "the 22 clauses of SPEC §4.3"
    assert by_name["total_copyright_work_percentage"] | {"description": ""} == {
        "name": "total_copyright_work_percentage",
        "kind": "comparison",
        "operators": ["=", "!=", ">", "<"],
        "value": "percentage",
        "choices": None,
        "description": "",
        "needs_one_of": [],
    }
    assert by_name["patron_status"]["choices"] == ["active", "inactive"]
    assert by_name["time_span_in_calendar_years"]["operators"] == [">", "<"]
    assert by_name["material_required_dates"]["kind"] == "filter"
    assert "total_copyright_work_percentage" in by_name["material_required_dates"]["needs_one_of"]


def test_only_administrators_read_them(call: Invoke) -> None:
    assert call("rules", "rules/clauses", user="operator1").status == 403
    assert call("rules", "rules/clauses", user="patron1").status == 403
