"""The access-rights policies API through the handler, against moto."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from local_stack.demo import RULE_BODY
from scripts.sample_events import POLICY_BODY
from tests.integration.conftest import Invoke
from tests.integration.digital_objects import add_policy, add_representation, policy_body


def names(call: Invoke) -> list[str]:
    return [p["name"] for p in call("access_rights", "access_rights/list").body]


def test_create_get_update_delete(call: Invoke) -> None:
    created = add_policy(call)
    pid = created["id"]
    assert [r["id"] for r in created["rules"]] == ["embargo", "staff-download", "campus"]
    assert created["rules"][2]["parameters"][0] == {
        "name": "ip_range",
        "operator": "=",
        "value": "10.0.0.0 - 10.255.255.255",
    }
    assert created["created_by"] == "admin1"
    got = call("access_rights", "access_rights/get", path_params={"id": pid})
    assert got.status == 200
    assert got.body == created
    body = policy_body(name="Campus readers (no declaration)", copyright_declaration=None, obtrusive=False)
    body["rules"][1].pop("id")
    updated = call("access_rights", "access_rights/update", path_params={"id": pid}, body=body)
    assert updated.status == 200, updated.body
    assert updated.body["copyright_declaration"] is None
    assert updated.body["created_at"] == created["created_at"]
    assert updated.body["rules"][0]["id"] == "embargo", "a rule keeps the id it was sent with"
    assert updated.body["rules"][1]["id"] not in {"staff-download", ""}, "a rule sent without id gets one"
    assert call("access_rights", "access_rights/delete", path_params={"id": pid}).status == 204
    assert call("access_rights", "access_rights/get", path_params={"id": pid}).status == 404
    assert call("access_rights", "access_rights/delete", path_params={"id": pid}).status == 404


def test_an_edit_made_on_an_older_version_is_refused_not_written_over(call: Invoke) -> None:
    """Two administrators read the policy; one adds a rule; the other's edit, made on what they read,
    would drop that rule: it is refused (409 naming ``version``) and the rule stays."""
    created = add_policy(call)
    pid, read = created["id"], created["version"]
    first = policy_body(version=read)
    first["rules"].append({"name": "Leganto readers", "parameters": [], "output": {"access": "allow"}})
    added = call("access_rights", "access_rights/update", path_params={"id": pid}, body=first)
    assert added.status == 200, added.body
    assert added.body["version"] == read + 1
    stale = call(
        "access_rights",
        "access_rights/update",
        path_params={"id": pid},
        body=policy_body(name="Renamed on an old page", version=read),
    )
    assert stale.status == 409, stale.body
    assert stale.body["error"]["field"] == "version"
    assert "reload and try again" in stale.body["error"]["message"]
    kept = call("access_rights", "access_rights/get", path_params={"id": pid}).body
    assert (kept["name"], kept["version"]) == (created["name"], read + 1)
    assert [r["name"] for r in kept["rules"]][-1] == "Leganto readers"
    fresh = call(
        "access_rights",
        "access_rights/update",
        path_params={"id": pid},
        body=policy_body(name="Renamed on a fresh page", version=kept["version"]),
    )
    assert fresh.status == 200, fresh.body
    unversioned = call("access_rights", "access_rights/update", path_params={"id": pid}, body=policy_body())
    assert unversioned.status == 200, "without a version the edit applies to the latest"
    created_again = call("access_rights", "access_rights/create", body=policy_body(name="Other", version=7))
    assert (created_again.status, created_again.body["version"]) == (201, 1), "a create ignores it"


def test_saving_a_policy_unchanged_writes_nothing(call: Invoke) -> None:
    created = add_policy(call)
    body = policy_body(version=created["version"])
    body["rules"] = [
        {k: rule[k] for k in ("id", "name", "description", "enabled", "parameters", "output")}
        for rule in created["rules"]
    ]
    again = call("access_rights", "access_rights/update", path_params={"id": created["id"]}, body=body)
    assert again.status == 200, again.body
    assert again.body == created
    history = call("access_rights", "access_rights/history", path_params={"id": created["id"]}).body["items"]
    assert [line["action"] for line in history] == ["created"]


def test_names_are_unique_case_and_spacing_aside(call: Invoke) -> None:
    first = add_policy(call, name="Open Access")
    clash = call("access_rights", "access_rights/create", body=policy_body(name="  open   ACCESS "))
    assert clash.status == 409
    assert clash.body["error"]["field"] == "name"
    other = add_policy(call, name="Campus only")
    renamed = call(
        "access_rights",
        "access_rights/update",
        path_params={"id": other["id"]},
        body=policy_body(name="OPEN ACCESS"),
    )
    assert renamed.status == 409
    assert (
        call("access_rights", "access_rights/get", path_params={"id": other["id"]}).body["name"]
        == "Campus only"
    )
    # A rename frees the old name, and a policy may keep its own name in another case.
    assert (
        call(
            "access_rights",
            "access_rights/update",
            path_params={"id": first["id"]},
            body=policy_body(name="Free"),
        ).status
        == 200
    )
    assert add_policy(call, name="Open Access")["name"] == "Open Access"
    same = call(
        "access_rights",
        "access_rights/update",
        path_params={"id": other["id"]},
        body=policy_body(name="CAMPUS ONLY"),
    )
    assert same.status == 200
    assert names(call) == ["CAMPUS ONLY", "Free", "Open Access"]


@pytest.mark.parametrize(
    ("rule_changes", "field"),
    [
        (
            {"parameters": [{"name": "ip_range", "operator": "=", "value": "10.0.0.300"}]},
            "rules.0.parameters.0.value",
        ),
        (
            {"parameters": [{"name": "ip_range", "operator": "in_list", "value": "10.0.0.1"}]},
            "rules.0.parameters.0.operator",
        ),
        (
            {"parameters": [{"name": "dns", "operator": "=", "value": "/([a-z]/"}]},
            "rules.0.parameters.0.value",
        ),
        (
            {"parameters": [{"name": "embargo", "operator": "before", "value": {"base": "fixed_date"}}]},
            "rules.0.parameters.0.value",
        ),
        (
            {
                "parameters": [
                    {"name": "concurrent_user", "operator": "=", "value": {"users": 0, "minutes": 9}}
                ]
            },
            "rules.0.parameters.0.value",
        ),
        (
            {"parameters": [{"name": "user_group", "operator": "not_in_list", "value": []}]},
            "rules.0.parameters.0.value",
        ),
        (
            {"parameters": [{"name": "user_id", "operator": "matches", "value": "/(/"}]},
            "rules.0.parameters.0.value",
        ),
        (
            {"parameters": [{"name": "registered", "operator": "=", "value": "true"}]},
            "rules.0.parameters.0.value",
        ),
        (
            {"parameters": [{"name": "leganto_user", "operator": "!=", "value": True}]},
            "rules.0.parameters.0.operator",
        ),
        (
            {"parameters": [{"name": "restricted_for_all", "operator": "=", "value": 3}]},
            "rules.0.parameters.0.value",
        ),
        (
            {"parameters": [{"name": "weather", "operator": "=", "value": "rain"}]},
            "rules.0.parameters.0.name",
        ),
        ({"parameters": "ip_range=1.2.3.4"}, "rules.0.parameters"),
        ({"output": {"access": "sometimes"}}, "rules.0.output.access"),
        ({"name": ""}, "rules.0.name"),
    ],
)
def test_bad_rule_is_a_422_naming_the_field(call: Invoke, rule_changes: dict[str, Any], field: str) -> None:
    rule = {**copy.deepcopy(POLICY_BODY["rules"][0]), **rule_changes}
    reply = call("access_rights", "access_rights/create", body=policy_body(rules=[rule]))
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == field
    assert reply.body["error"]["message"].startswith(field)
    assert call("access_rights", "access_rights/list").body == [], "nothing half-written"


def test_a_policy_over_its_size_is_refused(call: Invoke) -> None:
    groups = [f"{index:03d}-" + "g" * 190 for index in range(100)]  # within the parameter's bounds
    parameters = [{"name": "user_group", "operator": "in_list", "value": groups}] * 7  # 136 KB
    rule = {**copy.deepcopy(POLICY_BODY["rules"][0]), "parameters": parameters}
    reply = call("access_rights", "access_rights/create", body=policy_body(rules=[rule]))
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == "rules"
    assert call("access_rights", "access_rights/list").body == [], "nothing stored"


WRONG_TYPES = [{}, [], {"op": "="}, ["="], 1, 2.5, True, None]


@pytest.mark.parametrize("operator", WRONG_TYPES)
@pytest.mark.parametrize("user", ["admin1", "patron1"])
def test_an_operator_of_the_wrong_type_is_a_4xx_never_a_500(call: Invoke, operator: Any, user: str) -> None:
    rule = {
        **copy.deepcopy(POLICY_BODY["rules"][0]),
        "parameters": [{"name": "user_group", "operator": operator, "value": "staff"}],
    }
    for event in ("access_rights/create", "access_rights/update"):
        reply = call(
            "access_rights", event, user=user, body=policy_body(rules=[rule]), path_params={"id": "any"}
        )
        if user == "patron1" and reply.status == 403:
            continue  # the role is checked before the body
        assert reply.status == 422, reply.body
        assert reply.body["error"]["field"] == "rules.0.parameters.0.operator"
        assert "is not allowed; use one of" in reply.body["error"]["message"]
    assert call("access_rights", "access_rights/list").body == [], "nothing half-written"


@pytest.mark.parametrize("value", [{}, [], [[]], [{}], {"users": {}}, 1e308, None])
def test_a_value_of_the_wrong_type_is_a_422_naming_it(call: Invoke, value: Any) -> None:
    for name, operator in (("concurrent_user", "="), ("embargo", "before"), ("user_group", "in_list")):
        rule = {
            **copy.deepcopy(POLICY_BODY["rules"][0]),
            "parameters": [{"name": name, "operator": operator, "value": value}],
        }
        reply = call("access_rights", "access_rights/create", body=policy_body(rules=[rule]))
        assert reply.status == 422, (name, reply.body)
        assert reply.body["error"]["field"] == "rules.0.parameters.0.value"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": None}, "name"),
        ({"copyright_declaration": "copyrights_9"}, "copyright_declaration"),
        ({"copyright_declaration": None, "obtrusive": True}, "obtrusive"),
        ({"default_rule": {"access": "allow", "allow_download": "no"}}, "default_rule.allow_download"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_policy_is_a_422_naming_the_field(call: Invoke, changes: dict[str, Any], field: str) -> None:
    reply = call("access_rights", "access_rights/create", body=policy_body(**changes))
    assert reply.status == 422
    assert reply.body["error"]["field"] == field


def test_only_fulfillment_admins(call: Invoke) -> None:
    pid = add_policy(call)["id"]
    for user in ("patron1", "operator1", "manager1", "digimanager1"):
        assert call("access_rights", "access_rights/list", user=user).status == 403
        assert call("access_rights", "access_rights/create", user=user).status == 403
        assert call("access_rights", "access_rights/get", user=user, path_params={"id": pid}).status == 403
        assert call("access_rights", "access_rights/delete", user=user, path_params={"id": pid}).status == 403
    assert call("access_rights", "access_rights/list", user=None).status == 401


def test_duplicate_numbers_copies(call: Invoke) -> None:
    original = add_policy(call)
    first = call("access_rights", "access_rights/duplicate", path_params={"id": original["id"]})
    assert first.status == 201
    assert first.headers["Location"] == f"/access-rights/{first.body['id']}"
    second = call("access_rights", "access_rights/duplicate", path_params={"id": original["id"]})
    assert (first.body["name"], second.body["name"]) == (
        "Copy of Campus readers",
        "Copy of Campus readers (2)",
    )
    assert [r["name"] for r in first.body["rules"]] == [r["name"] for r in original["rules"]]
    assert {r["id"] for r in first.body["rules"]}.isdisjoint(r["id"] for r in original["rules"])
    assert first.body["denied_note"] == original["denied_note"]
    assert call("access_rights", "access_rights/duplicate", path_params={"id": "nope"}).status == 404


def test_move_rules(call: Invoke) -> None:
    pid = add_policy(call)["id"]

    def move(rule_id: str, direction: str) -> Any:
        return call(
            "access_rights",
            "access_rights/move_rule",
            path_params={"id": pid, "rule_id": rule_id},
            body={"direction": direction},
        )

    moved = move("campus", "up")
    assert moved.status == 200
    assert [r["id"] for r in moved.body["rules"]] == ["embargo", "campus", "staff-download"]
    assert [r["id"] for r in move("embargo", "down").body["rules"]] == ["campus", "embargo", "staff-download"]
    assert move("campus", "up").status == 409
    assert move("staff-download", "down").status == 409
    assert move("nope", "up").status == 404
    bad = move("campus", "sideways")
    assert (bad.status, bad.body["error"]["field"]) == (422, "direction")


def test_delete_in_use_lists_the_users_and_find_related(aws: Any, call: Invoke) -> None:
    policy = add_policy(call)
    pid = policy["id"]
    first = add_representation(pid, title="Ornament and Crime")
    second = add_representation(pid, title="Journal of Design History")
    add_representation(None)
    related = call("access_rights", "access_rights/related", path_params={"id": pid})
    assert related.status == 200
    assert [r["id"] for r in related.body] == [second.id, first.id], "by title"
    assert related.body[0] == {
        "id": second.id,
        "mms_id": "991234",
        "title": "Journal of Design History",
        "collection": "Course reserves",
        "active": True,
    }
    rule = copy.deepcopy(RULE_BODY)
    rule["name"] = "Into the repository"
    rule["output"] = {"target": "digital_inventory", "representation": {"access_rights_policy_id": pid}}
    assert call("rules", "rules/create", body=rule).status == 201
    refused = call("access_rights", "access_rights/delete", path_params={"id": pid})
    assert refused.status == 409
    message = refused.body["error"]["message"]
    assert "used by 3" in message
    assert first.id in message
    assert "Journal of Design History" in message
    assert "'Into the repository'" in message
    assert call("access_rights", "access_rights/get", path_params={"id": pid}).status == 200
    other = add_policy(call, name="Unused")
    assert call("access_rights", "access_rights/related", path_params={"id": other["id"]}).body == []
    assert call("access_rights", "access_rights/delete", path_params={"id": other["id"]}).status == 204
    assert call("access_rights", "access_rights/related", path_params={"id": "nope"}).status == 404


def test_a_representation_cannot_use_a_missing_policy(aws: Any) -> None:
    from digitization.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        add_representation("no-such-policy")
    assert caught.value.field == "access_rights_policy_id"


def test_the_usage_counter_guards_a_delete_racing_a_new_representation(
    aws: Any, call: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check-then-delete gap: a representation stored after the users were listed still blocks."""
    from digitization.auth import Caller, Role
    from digitization.data.repositories import repositories
    from digitization.errors import Conflict
    from digitization.service import access_rights

    pid = add_policy(call)["id"]
    listed = access_rights._refuse_if_used
    raced: list[str] = []

    def list_then_race(policy: Any) -> None:
        listed(policy)  # nobody uses it yet (the first time)...
        if not raced:  # ...and a representation arrives before the delete commits
            raced.append(add_representation(pid).id)

    monkeypatch.setattr(access_rights, "_refuse_if_used", list_then_race)
    admin = Caller(username="admin1", email=None, roles=frozenset({Role.FULFILLMENT_ADMIN}))
    with pytest.raises(Conflict, match="in use") as caught:
        access_rights.delete_policy(admin, pid)
    assert raced[0] in caught.value.message
    assert repositories().access_rights.find(pid) is not None
    assert [r.id for r in repositories().representations.by_policy(pid)] == raced
