"""SPEC §4.4, the seed's worked example, over HTTP: it must hold exactly."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from local_stack.demo import CREATE_BODY, RULE_BODY

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack

OPERATOR = "work-order-operator"


def request_body(pages: str, start: str, end: str) -> dict[str, Any]:
    body = copy.deepcopy(CREATE_BODY)
    body.update(pages=pages, date_available_from=start, date_available_to=end, chapters=[])
    return body


def test_worked_example(fresh_stack: RunningStack) -> None:
    stack = fresh_stack
    rule = stack.call("POST", "/rules", user="fulfillment-admin", json=RULE_BODY)
    assert rule.status_code == 201, rule.text
    rule_id = rule.json()["id"]

    # The existing, approved request: ISBN 1-86189-411-2, 1/1/2016-30/1/2016, pages 15-20.
    existing = stack.call(
        "POST", "/requests", user=OPERATOR, json=request_body("15-20", "2016-01-01", "2016-01-30")
    )
    assert existing.status_code == 201

    # New request 1: 10/1/2016-2/2/2016, pages 35-40 of 220 -> 12/220 pages, under 10%: the rule applies.
    first = stack.call(
        "POST",
        "/rules/evaluate",
        user="fulfillment-admin",
        json={"request": request_body("35-40", "2016-01-10", "2016-02-02")},
    )
    assert first.status_code == 200
    assert first.json()["applied_rule"]["id"] == rule_id
    assert first.json()["trace"][0]["matched"] is True

    # New request 2: 15/1/2016-3/2/2016, pages 40-60 -> 27/220 pages, over 10%: the rule does not apply.
    second = stack.call(
        "POST",
        "/rules/evaluate",
        user="fulfillment-admin",
        json={"request": request_body("40-60", "2016-01-15", "2016-02-03")},
    )
    assert second.json()["applied_rule"]["is_default"] is True
    assert second.json()["trace"][0]["failed_clauses"] == [
        {"name": "total_copyright_work_percentage", "operator": "<", "value": 10, "actual": 12.27}
    ]

    # And at scan-in, for real: request 1 gets the rule, its target and an approval task.
    stored = stack.call(
        "POST", "/requests", user=OPERATOR, json=request_body("35-40", "2016-01-10", "2016-02-02")
    ).json()
    scanned = stack.call(
        "POST", f"/requests/{stored['id']}/scan-in", user=OPERATOR, json={"department": "DIGI-MAIN"}
    )
    assert scanned.json()["applied_rule"]["id"] == rule_id
    assert scanned.json()["target"] == "document_delivery_link"
    assert [(t["type"], t["mode"], t["status"]) for t in scanned.json()["tasks"]] == [
        ("approval", "parallel", "pending")
    ]
    view = stack.call("GET", f"/requests/{stored['id']}/rule", user="fulfillment-services-manager")
    assert view.json()["name"] == "Course chapters under 10%"


def test_rule_order_disabled_duplicate_and_move(fresh_stack: RunningStack) -> None:
    stack = fresh_stack
    admin = "fulfillment-admin"
    for rule in stack.call("GET", "/rules", user=admin).json()[:-1]:
        assert stack.call("DELETE", f"/rules/{rule['id']}", user=admin).status_code == 204
    everyone = {
        **RULE_BODY,
        "name": "Everyone",
        "clauses": [{"name": "user_group", "operator": "is_not_empty"}],
    }
    first = stack.call(
        "POST", "/rules", user=admin, json={**everyone, "name": "First", "enabled": False}
    ).json()
    second = stack.call("POST", "/rules", user=admin, json={**everyone, "name": "Second"}).json()
    probe = {"request": copy.deepcopy(CREATE_BODY)}
    assert (
        stack.call("POST", "/rules/evaluate", user=admin, json=probe).json()["applied_rule"]["name"]
        == "Second"
    ), "disabled rules are skipped"
    stack.call("PUT", f"/rules/{first['id']}", user=admin, json={**everyone, "name": "First"})
    assert (
        stack.call("POST", "/rules/evaluate", user=admin, json=probe).json()["applied_rule"]["name"]
        == "First"
    ), "first match wins"
    stack.call("POST", f"/rules/{second['id']}/move", user=admin, json={"direction": "up"})
    assert (
        stack.call("POST", "/rules/evaluate", user=admin, json=probe).json()["applied_rule"]["name"]
        == "Second"
    )
    copied = stack.call("POST", f"/rules/{second['id']}/duplicate", user=admin)
    assert copied.status_code == 201
    assert [r["name"] for r in stack.call("GET", "/rules", user=admin).json()] == [
        "Second",
        "First",
        "Copy of Second",
        "Default rule",
    ]
    assert stack.call("DELETE", "/rules/default", user=admin).status_code == 409
