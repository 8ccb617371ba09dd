"""Access-rights policies: input validation and the decision (first enabled matching rule, default)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from digitization.domain.access import Access
from digitization.domain.access.parameters import ObjectDates, Situation, Viewer
from digitization.domain.access.policies import (
    DecisionSource,
    Policy,
    PolicyInput,
    decide,
    decide_missing_policy,
    decide_without_policy,
    name_key,
)
from digitization.http import describe_validation_error

TODAY = date(2026, 11, 25)


class Gate:
    """Sessions in memory: ``free`` sessions per rule; records every claim."""

    def __init__(self, free: int = 1) -> None:
        self.free = free
        self.claims: list[tuple[str, int, int]] = []

    def admit(self, rule_id: str, users: int, minutes: int) -> bool:
        self.claims.append((rule_id, users, minutes))
        if self.free <= 0:
            return False
        self.free -= 1
        return True


def rule(name: str, parameters: list[dict[str, Any]], access: str = "allow", **more: Any) -> dict[str, Any]:
    return {
        "id": "-".join(name.lower().replace(",", "").split()),
        "name": name,
        "parameters": parameters,
        "output": {"access": access, **more},
    }


def policy(*rules: dict[str, Any], default: str = "deny", **more: Any) -> Policy:
    body = PolicyInput.model_validate(
        {"name": "P", "rules": list(rules), "default_rule": {"access": default}, **more}
    )
    return Policy.model_validate(
        {
            **body.model_dump(mode="json", exclude={"version"}),
            "id": "p1",
            "created_by": "a",
            "created_at": "2026-01-01T00:00:00.000Z",
            "updated_by": "a",
            "updated_at": "2026-01-01T00:00:00.000Z",
        }
    )


def situation(viewer: Viewer) -> Situation:
    return Situation(viewer, ObjectDates(), TODAY)


def field_of(error: ValidationError) -> str | None:
    return describe_validation_error(dict(error.errors()[0]))[0]


ON_CAMPUS = {"name": "ip_range", "operator": "=", "value": "10.0.0.0 - 10.255.255.255"}
STAFF = {"name": "user_group", "operator": "=", "value": "staff"}


def test_first_matching_enabled_rule_applies() -> None:
    chosen = policy(
        rule("Off", []) | {"enabled": False},
        rule("Staff", [STAFF], allow_download=True),
        rule("Campus", [ON_CAMPUS], allow_download=False),
        rule("Anyone", []),
    )
    staff_on_campus = Viewer(user_id="s", user_group="staff", ip="10.1.1.1")
    decision = decide(chosen, situation(staff_on_campus), Gate())
    assert (decision.rule_name, decision.allowed, decision.allow_download) == ("Staff", True, True)
    student = Viewer(user_id="p", user_group="undergraduate", ip="10.1.1.1")
    decision = decide(chosen, situation(student), Gate())
    assert (decision.rule_name, decision.allowed, decision.allow_download) == ("Campus", True, False)
    elsewhere = Viewer(user_id="p", ip="192.0.2.1")
    assert decide(chosen, situation(elsewhere), Gate()).rule_name == "Anyone"


def test_default_rule_when_nothing_matches() -> None:
    denied = decide(policy(rule("Campus", [ON_CAMPUS])), situation(Viewer(ip="192.0.2.1")), Gate())
    assert (denied.allowed, denied.allow_download, denied.source) == (
        False,
        False,
        DecisionSource.POLICY_DEFAULT,
    )
    allowed = decide(policy(default="allow"), situation(Viewer()), Gate())
    assert (allowed.allowed, allowed.allow_download) == (True, True)


def test_a_deny_rule_never_allows_download() -> None:
    chosen = policy(
        rule("Nobody", [{"name": "restricted_for_all", "operator": "="}], "deny", allow_download=True)
    )
    assert chosen.rules[0].output.allow_download is False
    decision = decide(chosen, situation(Viewer(user_id="p")), Gate())
    assert (decision.allowed, decision.allow_download, decision.rule_name) == (False, False, "Nobody")


def test_session_claimed_only_when_every_other_parameter_holds() -> None:
    limited = {"name": "concurrent_user", "operator": "=", "value": {"users": 3, "minutes": 30}}
    chosen = policy(rule("Campus, three at a time", [limited, ON_CAMPUS]))
    gate = Gate()
    decide(chosen, situation(Viewer(user_id="p", ip="192.0.2.1")), gate)
    assert gate.claims == [], "off campus: no session is taken"
    assert decide(chosen, situation(Viewer(user_id="p", ip="10.0.0.1")), gate).allowed
    assert gate.claims == [("campus-three-at-a-time", 3, 30)]


def test_no_free_session_falls_through_to_the_next_rule() -> None:
    limited = {"name": "concurrent_user", "operator": "=", "value": {"users": 1, "minutes": 5}}
    chosen = policy(rule("Full", [limited], allow_download=True), rule("Fallback", [], allow_download=False))
    decision = decide(chosen, situation(Viewer(user_id="p")), Gate(free=0))
    assert (decision.rule_name, decision.allow_download) == ("Fallback", False)


def test_a_pattern_that_runs_out_of_time_falls_through_to_the_next_rule() -> None:
    runaway = {"name": "user_id", "operator": "matches", "value": "/^(a|a)+$/"}
    chosen = policy(
        rule("Runaway", [runaway], allow_download=True), rule("Fallback", [], allow_download=False)
    )
    seen = situation(Viewer(user_id="a" * 28 + "!"))
    decision = decide(chosen, seen, Gate())
    assert (decision.rule_name, decision.allow_download) == ("Fallback", False)
    assert seen.timed_out == ["/^(a|a)+$/"]


def test_dns_is_looked_up_after_cheap_parameters() -> None:
    lookups: list[int] = []

    def resolve() -> str:
        lookups.append(1)
        return "crawl.googlebot.com"

    bots = {"name": "dns", "operator": "=", "value": r"/.*google(bot)?\.com$/"}
    chosen = policy(rule("Bots off campus", [bots, {"name": "registered", "operator": "=", "value": False}]))
    assert not decide(chosen, situation(Viewer(user_id="p", resolve_host=resolve)), Gate()).allowed
    assert lookups == [], "the registered check failed first: no lookup"
    assert decide(chosen, situation(Viewer(resolve_host=resolve)), Gate()).allowed
    assert lookups == [1]


def test_no_policy_and_missing_policy() -> None:
    allow = decide_without_policy(Access.ALLOW)
    assert (allow.allowed, allow.allow_download, allow.source) == (True, True, DecisionSource.DEFAULT_SETTING)
    assert not decide_without_policy(Access.DENY).allowed
    assert not decide_missing_policy().allowed


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"obtrusive": True}, "obtrusive"),
        ({"copyright_declaration": "digitization_request_copyright_declaration"}, "copyright_declaration"),
        ({"copyright_declaration": "copyrights_3"}, "copyright_declaration"),
        (
            {"rules": [rule("A", [{"name": "dns", "operator": "=", "value": "x"}])]},
            "rules.0.parameters.0.value",
        ),
        (
            {
                "rules": [
                    rule("A", []),
                    rule(
                        "B",
                        [
                            {"name": "concurrent_user", "operator": "=", "value": {"users": 1, "minutes": 1}},
                            {"name": "concurrent_user", "operator": "=", "value": {"users": 2, "minutes": 1}},
                        ],
                    ),
                ]
            },
            "rules.1.parameters.1.name",
        ),
        ({"rules": [rule("A", []), rule("a", [])]}, "rules.1.id"),
        ({"rules": [{"name": "A", "parameters": []}]}, "rules.0.output"),
        ({"rules": [rule("A", [], access="maybe")]}, "rules.0.output.access"),
        ({"name": " "}, "name"),
        ({"default_rule": {"access": "allow", "allow_download": "yes"}}, "default_rule.allow_download"),
    ],
)
def test_policy_input_problems_name_the_field(body: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PolicyInput.model_validate({"name": "P", **body})
    assert field_of(caught.value) == field


def test_names_are_unique_without_case_or_spacing() -> None:
    assert name_key("  Open  Access ") == name_key("open access")
    assert name_key("Open Access") != name_key("Open Access 2")


def test_default_rule_defaults_to_deny() -> None:
    assert PolicyInput.model_validate({"name": "P"}).default_rule.access is Access.DENY
