"""The rules API and the engine applied at scan-in, through the handlers, against moto."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest

from local_stack.demo import RULE_BODY
from tests.integration.conftest import Invoke

NewRequest = Callable[..., dict[str, Any]]


def add_rule(call: Invoke, **changes: Any) -> dict[str, Any]:
    body = {**copy.deepcopy(RULE_BODY), **changes}
    reply = call("rules", "rules/create", body=body)
    assert reply.status == 201, reply.body
    created: dict[str, Any] = reply.body
    return created


def names(call: Invoke) -> list[str]:
    return [r["name"] for r in call("rules", "rules/list").body]


def test_default_rule_is_listed_last_and_undeletable(call: Invoke) -> None:
    add_rule(call, name="A")
    listed = call("rules", "rules/list").body
    assert [r["name"] for r in listed] == ["A", "Default rule"]
    assert listed[-1]["is_default"] is True
    refused = call("rules", "rules/delete", path_params={"id": "default"})
    assert refused.status == 409
    assert "cannot be deleted" in refused.body["error"]["message"]
    stuck = call("rules", "rules/move", path_params={"id": "default"}, body={"direction": "up"})
    assert stuck.status == 409


def test_default_rule_is_editable_but_takes_no_clauses(call: Invoke) -> None:
    body = {
        **RULE_BODY,
        "name": "Fallback",
        "clauses": [],
        "output": {"target": "document_delivery_attachment"},
    }
    edited = call("rules", "rules/update", path_params={"id": "default"}, body=body)
    assert edited.status == 200
    assert (edited.body["name"], edited.body["is_default"], edited.body["output"]["target"]) == (
        "Fallback",
        True,
        "document_delivery_attachment",
    )
    refused = call("rules", "rules/update", path_params={"id": "default"})
    assert refused.status == 422
    assert refused.body["error"]["field"] == "clauses"


def test_create_get_update_delete(call: Invoke) -> None:
    created = add_rule(call)
    assert created["position"] > 0
    assert created["is_default"] is False
    got = call("rules", "rules/get", path_params={"id": created["id"]})
    assert got.body["clauses"] == RULE_BODY["clauses"]
    updated = call("rules", "rules/update", path_params={"id": created["id"]})
    assert updated.body["enabled"] is False
    assert updated.body["position"] == created["position"]
    assert call("rules", "rules/delete", path_params={"id": created["id"]}).status == 204
    assert call("rules", "rules/get", path_params={"id": created["id"]}).status == 404


def test_an_edit_made_on_an_older_version_is_refused(call: Invoke) -> None:
    created = add_rule(call)
    rid, read = created["id"], created["version"]
    changed = call(
        "rules", "rules/update", path_params={"id": rid}, body={**RULE_BODY, "name": "First", "version": read}
    )
    assert changed.status == 200, changed.body
    stale = call(
        "rules",
        "rules/update",
        path_params={"id": rid},
        body={**RULE_BODY, "enabled": False, "version": read},
    )
    assert stale.status == 409, stale.body
    assert stale.body["error"]["field"] == "version"
    kept = call("rules", "rules/get", path_params={"id": rid}).body
    assert (kept["name"], kept["enabled"], kept["version"]) == ("First", True, changed.body["version"])


def test_saving_a_rule_unchanged_writes_nothing(call: Invoke) -> None:
    created = add_rule(call)
    again = call(
        "rules",
        "rules/update",
        path_params={"id": created["id"]},
        body={**RULE_BODY, "version": created["version"]},
    )
    assert (again.status, again.body["version"]) == (200, created["version"])
    history = call("rules", "rules/history", path_params={"id": created["id"]}).body["items"]
    assert [line["action"] for line in history] == ["created"]


WRONG_TYPES = [{}, [], {"op": "="}, ["="], 1, 2.5, True, None]


@pytest.mark.parametrize("operator", WRONG_TYPES)
@pytest.mark.parametrize("user", ["admin1", "patron1"])
def test_an_operator_of_the_wrong_type_is_a_4xx_never_a_500(call: Invoke, operator: Any, user: str) -> None:
    existing = add_rule(call, name="Kept")
    body = {**RULE_BODY, "clauses": [{"name": "user_group", "operator": operator, "value": "staff"}]}
    for event in ("rules/create", "rules/update"):
        reply = call("rules", event, user=user, body=body, path_params={"id": existing["id"]})
        if user == "patron1" and reply.status == 403:
            continue  # the role is checked before (or, for a valid body, after) the body
        assert reply.status == 422, reply.body
        assert reply.body["error"]["field"] == "clauses[0].operator"
        assert "is not allowed; use one of" in reply.body["error"]["message"]
    assert names(call) == ["Kept", "Default rule"], "nothing half-written"
    assert (
        call("rules", "rules/get", path_params={"id": existing["id"]}).body["clauses"] == existing["clauses"]
    )


@pytest.mark.parametrize(
    ("name", "operator", "value"),
    [
        ("user_group", "=", {}),
        ("user_group", "in_list", [{}]),
        ("user_group", "in_list", [[]]),
        ("number_of_requests", ">", []),
        ("number_of_requests", ">", None),
        ("number_of_requests", ">", 10**60),
        ("total_copyright_work_percentage", ">", "1e400"),
        ("publication_date", "=", {"within_last_years": {}}),
        ("available_in_electronic", "=", None),
    ],
)
def test_a_value_of_the_wrong_type_is_a_422_naming_it(
    call: Invoke, name: str, operator: str, value: Any
) -> None:
    body = {**RULE_BODY, "clauses": [{"name": name, "operator": operator, "value": value}]}
    reply = call("rules", "rules/create", body=body)
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == "clauses[0].value"


@pytest.mark.parametrize("raw", ["1e400", "-1e400", "NaN", "Infinity"])
def test_numbers_json_cannot_hold_exactly_are_refused(call: Invoke, raw: str) -> None:
    """Python's JSON parser reads these as inf or nan; DynamoDB could not store them."""
    clause = {"name": "number_of_requests", "operator": ">", "value": "RAW"}
    body = json.dumps({**RULE_BODY, "clauses": [clause]}).replace('"RAW"', raw)
    reply = call("rules", "rules/create", body=body)
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == "clauses[0].value"


def test_a_rule_too_large_to_copy_onto_requests_is_refused(call: Invoke) -> None:
    """Every request the rule applies to keeps a snapshot of it, so a rule is small (limits.RULE_BYTES)."""
    values = [f"{j:02d}-" + "g" * 150 for j in range(50)]
    body = {**RULE_BODY, "clauses": [{"name": "user_group", "operator": "in_list", "value": values}] * 4}
    reply = call("rules", "rules/create", body=body)
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == "clauses"
    assert "at most 24,576" in reply.body["error"]["message"]
    assert names(call) == ["Default rule"], "nothing stored"


@pytest.mark.parametrize(
    ("clauses", "field"),
    [
        ([{"name": "colour", "operator": "=", "value": 1}], "clauses[0].name"),
        ([{"name": "user_group", "operator": ">", "value": "x"}], "clauses[0].operator"),
        ([{"name": "total_copyright_work_percentage", "operator": "<", "value": 150}], "clauses[0].value"),
        (
            [{"name": "copyright_agency_approval_permission", "operator": "in_list", "value": ["maybe"]}],
            "clauses[0].value",
        ),
        ([{"name": "in_the_same_course", "operator": "=", "value": True}], "clauses[0].name"),
        ([{"name": "publisher", "operator": "=", "value": "NOT-A-CODE"}], "clauses[0].value"),
    ],
)
def test_bad_clause_is_a_422_naming_it(call: Invoke, clauses: list[dict[str, Any]], field: str) -> None:
    reply = call("rules", "rules/create", body={**RULE_BODY, "clauses": clauses})
    assert reply.status == 422
    assert reply.body["error"]["field"] == field
    assert call("rules", "rules/list").body[:-1] == [], "nothing half-written"


def test_output_is_validated(call: Invoke) -> None:
    body = {**RULE_BODY, "output": {"target": "fax", "approval": {"required": True, "mode": "parallel"}}}
    reply = call("rules", "rules/create", body=body)
    assert reply.status == 422
    assert reply.body["error"]["field"] == "output.target"
    auto = {
        **RULE_BODY,
        "output": {
            "target": "document_delivery_attachment",
            "approval": {"required": True, "mode": "auto_approved"},
        },
    }
    reply = call("rules", "rules/create", body=auto)
    assert reply.status == 422
    assert reply.body["error"]["field"] == "output.approval.reason"


def test_only_admins_configure_rules(call: Invoke) -> None:
    for user in ("operator1", "manager1", "patron1"):
        assert call("rules", "rules/list", user=user).status == 403
        assert call("rules", "rules/create", user=user).status == 403


def test_duplicate_and_move(call: Invoke) -> None:
    a = add_rule(call, name="A")
    add_rule(call, name="B")
    copy_of_a = call("rules", "rules/duplicate", path_params={"id": a["id"]})
    assert copy_of_a.status == 201
    assert copy_of_a.body["clauses"] == a["clauses"]
    assert names(call) == ["A", "B", "Copy of A", "Default rule"]
    moved = call("rules", "rules/move", path_params={"id": copy_of_a.body["id"]}, body={"direction": "up"})
    assert [r["name"] for r in moved.body] == ["A", "Copy of A", "B", "Default rule"]
    call("rules", "rules/move", path_params={"id": a["id"]}, body={"direction": "down"})
    assert names(call) == ["Copy of A", "A", "B", "Default rule"]
    top = call("rules", "rules/move", path_params={"id": copy_of_a.body["id"]}, body={"direction": "up"})
    assert top.status == 409
    bad = call("rules", "rules/move", path_params={"id": a["id"]}, body={"direction": "sideways"})
    assert bad.status == 422
    assert bad.body["error"]["field"] == "direction"


def test_concurrent_moves_lose_and_duplicate_no_position(aws: Any) -> None:
    from digitization.auth import Caller, Role
    from digitization.domain.rules import RuleInput
    from digitization.service import rules as service

    admin = Caller(username="admin1", email=None, roles=frozenset({Role.FULFILLMENT_ADMIN}))
    made = [service.create_rule(admin, RuleInput.model_validate({**RULE_BODY, "name": n})) for n in "ABCDEF"]
    errors: list[Exception] = []

    def mover(rule_id: str, direction: service.Direction) -> None:
        for _ in range(4):
            try:
                service.move_rule(admin, rule_id, direction)
            except Exception as exc:  # a 409 when already at an end is fine
                errors.append(exc)

    threads = [
        threading.Thread(
            target=mover, args=(made[i].id, service.Direction.UP if i % 2 else service.Direction.DOWN)
        )
        for i in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = service.list_rules(admin)
    positions = [r.position for r in final if not r.is_default]
    assert len(positions) == len(set(positions)) == 6, "no lost or duplicated positions"
    assert sorted(r.name for r in final[:-1]) == list("ABCDEF")
    assert all("already" in str(e) or "kept changing" in str(e) for e in errors)


def test_presets(call: Invoke) -> None:
    contu = call("rules", "rules/preset")
    assert contu.status == 201
    assert {"name": "publication_date", "operator": "=", "value": {"within_last_years": 5}} in contu.body[
        "clauses"
    ]
    assert contu.body["output"]["copyright_clearance"] == {
        "required": True,
        "mode": "blocking",
        "reason": None,
    }
    cla = call("rules", "rules/preset", path_params={"name": "cla_course_extract"})
    assert cla.status == 201
    unknown = call("rules", "rules/preset", path_params={"name": "berne"})
    assert unknown.status == 404
    assert "contu_rule_of_five" in unknown.body["error"]["message"]


def test_scan_in_applies_the_first_matching_rule_with_tasks_and_snapshot(
    call: Invoke, new_request: NewRequest
) -> None:
    add_rule(call, name="Never", clauses=[{"name": "user_group", "operator": "=", "value": "staff"}])
    blocking = {
        "target": "digital_inventory",
        "representation": {
            "collection": "Course reserves",
            "usage_type": "derivative",
            "active": True,
            "remote": False,
        },
        "approval": {"required": True, "mode": "blocking"},
        "copyright_clearance": {"required": True, "mode": "auto_approved", "reason": "Covered by License"},
    }
    matching = add_rule(
        call,
        name="Undergraduates",
        clauses=[{"name": "user_group", "operator": "=", "value": "undergraduate"}],
        output=blocking,
    )
    rid = new_request()["id"]
    scanned = call("scan_in", "scan_in/at_digi_main", path_params={"id": rid})
    assert scanned.body["applied_rule"] | {"snapshot": None} == {
        "id": matching["id"],
        "name": "Undergraduates",
        "is_default": False,
        "snapshot": None,
    }
    assert scanned.body["target"] == "digital_inventory"
    tasks = {t["type"]: t for t in scanned.body["tasks"]}
    assert (tasks["approval"]["mode"], tasks["approval"]["status"]) == ("blocking", "pending")
    assert (tasks["copyright_clearance"]["status"], tasks["copyright_clearance"]["reason"]) == (
        "approved",
        "Covered by License",
    )
    blocked = call("next_step", "next_step/at_digi_main", path_params={"id": rid})
    assert blocked.status == 409
    assert "approval is pending" in blocked.body["error"]["message"]
    # Later edits do not rewrite what applied.
    call("rules", "rules/update", path_params={"id": matching["id"]}, body={**RULE_BODY, "name": "Renamed"})
    applied = call("applied_rule", "applied_rule/get", path_params={"id": rid})
    assert applied.status == 200
    assert applied.body["name"] == "Undergraduates"
    assert applied.body["output"]["approval"]["mode"] == "blocking"
    assert call("applied_rule", "applied_rule/get", user="patron1", path_params={"id": rid}).status == 403, (
        "rule internals are staff matters"
    )


def test_applied_rule_before_scan_in_is_404(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    reply = call("applied_rule", "applied_rule/get", path_params={"id": rid})
    assert reply.status == 404
    assert "not scanned in" in reply.body["error"]["message"]


def test_disabled_rule_is_skipped(call: Invoke, new_request: NewRequest) -> None:
    add_rule(call, name="Off", enabled=False, clauses=[])
    rid = new_request()["id"]
    assert (
        call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).body["applied_rule"]["is_default"]
        is True
    )


def test_dry_run_traces_earlier_rules(call: Invoke, new_request: NewRequest) -> None:
    add_rule(
        call,
        name="Staff only",
        clauses=[
            {"name": "user_group", "operator": "=", "value": "staff"},
            {"name": "resource_total_pages", "operator": "<", "value": 100},
        ],
    )
    add_rule(call, name="Off", enabled=False, clauses=[])
    result = call("evaluate_rules", "evaluate_rules/for_a_body")
    assert result.status == 200
    assert result.body["applied_rule"] == {"id": "default", "name": "Default rule", "is_default": True}
    first = result.body["trace"][0]
    assert (first["name"], first["matched"]) == ("Staff only", False)
    assert first["failed_clauses"] == [
        {"name": "user_group", "operator": "=", "value": "staff", "actual": "undergraduate"},
        {"name": "resource_total_pages", "operator": "<", "value": 100, "actual": 220},
    ]
    assert (result.body["trace"][1]["name"], result.body["trace"][1]["enabled"]) == ("Off", False)
    stored = new_request()["id"]
    by_id = call("evaluate_rules", "evaluate_rules/for_a_request", body={"request_id": stored})
    assert by_id.body["trace"] == result.body["trace"]
    neither = call("evaluate_rules", "evaluate_rules/for_a_body", body={})
    assert neither.status == 422
    assert neither.body["error"]["field"] == "request"
    bad_body = call("evaluate_rules", "evaluate_rules/for_a_body", body={"request": {"request_type": "x"}})
    assert bad_body.status == 422
    assert bad_body.body["error"]["field"].startswith("request.")
    missing = call("evaluate_rules", "evaluate_rules/for_a_request", body={"request_id": "nope"})
    assert missing.status == 404


def test_publishers_table_and_publisher_clause(call: Invoke, new_request: NewRequest) -> None:
    assert call("copyright_publishers", "copyright_publishers/add").status == 201
    assert call("copyright_publishers", "copyright_publishers/add").status == 409
    assert call("copyright_publishers", "copyright_publishers/add", user="operator1").status == 403
    edited = call("copyright_publishers", "copyright_publishers/edit")
    assert edited.body == {"code": "ARIADNE", "name": "Ariadne Press Ltd"}
    add_rule(call, name="Ariadne", clauses=[{"name": "publisher", "operator": "=", "value": "ARIADNE"}])
    rid = new_request(item={"publisher": "ariadne press ltd"})["id"]
    assert (
        call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).body["applied_rule"]["name"]
        == "Ariadne"
    )
    listed = call("copyright_publishers", "copyright_publishers/list", user="operator1")
    assert listed.body == [{"code": "ARIADNE", "name": "Ariadne Press Ltd"}]
    assert call("copyright_publishers", "copyright_publishers/remove").status == 204
    assert call("copyright_publishers", "copyright_publishers/remove").status == 404
    assert (
        call("copyright_publishers", "copyright_publishers/edit", path_params={"code": "NONE"}).status == 404
    )


def test_one_query_for_rules_and_one_per_identifier(aws: Any, call: Invoke, new_request: NewRequest) -> None:
    from digitization.data import requests as data_requests
    from digitization.domain.requests import Request
    from digitization.service import rules as service

    for index in range(8):
        add_rule(
            call,
            name=f"R{index}",
            clauses=[
                {"name": "total_copyright_work_percentage", "operator": ">", "value": 99},
                {"name": "chapter_already_requested", "operator": "=", "value": True},
            ],
        )
    stored = new_request()
    lookups: list[data_requests.MaterialLookup] = []
    original = data_requests.RequestRepository.material

    def spy(self: data_requests.RequestRepository) -> data_requests.MaterialLookup:
        lookups.append(original(self))
        return lookups[-1]

    data_requests.RequestRepository.material = spy  # type: ignore[method-assign]
    try:
        service.outcome_for(Request.model_validate(stored))
    finally:
        data_requests.RequestRepository.material = original  # type: ignore[method-assign]
    assert [lookup.queries for lookup in lookups] == [1]
