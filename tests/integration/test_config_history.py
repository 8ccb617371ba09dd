"""History of configuration: rules, access-rights policies, declarations, code tables (who, when,
old -> new), written with each change, read by staff, through the handlers against moto."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from digitization.clock import clock, iso, utcnow
from digitization.data.config_docs import Describe
from digitization.data.repositories import repositories
from digitization.domain.declarations import FORMS, DeclarationForm
from digitization.domain.history import Action, Author, ConfigChange, ConfigKind, entry
from digitization.errors import VersionConflict
from local_stack.demo import RULE_BODY
from local_stack.resources import Stack
from scripts.sample_events import POLICY_BODY
from tests.integration.conftest import Invoke

MOMENT = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)


def lines(reply: Any) -> list[dict[str, Any]]:
    assert reply.status == 200, reply.body
    items: list[dict[str, Any]] = reply.body["items"]
    return items


def changed(line: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {c["field"]: (c["old"], c["new"]) for c in line["changes"]}


def test_a_rule_keeps_who_changed_what_when(call: Invoke) -> None:
    with clock.at(MOMENT):
        rule = call("rules", "rules/create", body=RULE_BODY).body
    rid = {"id": rule["id"]}
    call("rules", "rules/update", path_params=rid, body={**RULE_BODY, "name": "Renamed", "enabled": False})
    call("rules", "rules/update", path_params=rid, body={**RULE_BODY, "name": "Renamed", "enabled": False})
    history = lines(call("rules", "rules/history", path_params=rid, user="manager1"))
    assert [line["action"] for line in history] == ["changed", "created"], (
        "a save that changes nothing: no line"
    )
    assert changed(history[0]) == {"enabled": (True, False), "name": (RULE_BODY["name"], "Renamed")}
    assert (history[0]["by"], history[0]["subject"]) == ("admin1", rule["id"])
    assert history[1]["at"] == "2026-03-04T10:30:00.000Z"
    assert changed(history[1])["name"] == (None, RULE_BODY["name"])
    assert call("rules", "rules/delete", path_params=rid).status == 204
    after = lines(call("rules", "rules/history", path_params=rid))
    assert after[0]["action"] == "deleted"
    assert changed(after[0])["name"] == ("Renamed", None), "a deleted rule's history stays"


def test_moving_a_rule_records_both_positions(call: Invoke) -> None:
    first = call("rules", "rules/create", body={**RULE_BODY, "name": "First"}).body
    second = call("rules", "rules/create", body={**RULE_BODY, "name": "Second"}).body
    assert (
        call("rules", "rules/move", path_params={"id": second["id"]}, body={"direction": "up"}).status == 200
    )
    for rule, new in ((second, first["position"]), (first, second["position"])):
        top = lines(call("rules", "rules/history", path_params={"id": rule["id"]}))[0]
        assert (top["action"], changed(top)) == ("moved", {"position": (rule["position"], new)})


def test_history_is_paged_and_staff_only(call: Invoke) -> None:
    rule = call("rules", "rules/create", body=RULE_BODY).body
    rid = {"id": rule["id"]}
    for name in ("Two", "Three"):
        call("rules", "rules/update", path_params=rid, body={**RULE_BODY, "name": name})
    first = call("rules", "rules/history", path_params=rid, query={"limit": "2"})
    assert [changed(line)["name"][1] for line in lines(first)] == ["Three", "Two"]
    rest = call(
        "rules",
        "rules/history",
        path_params=rid,
        query={"limit": "2", "next_token": first.body["next_token"]},
    )
    assert [line["action"] for line in lines(rest)] == ["created"]
    assert call("rules", "rules/history", path_params=rid, user="patron1").status == 403
    too_long = call("rules", "rules/history", path_params={"id": "x" * 2100})
    assert lines(too_long) == [], "no rule has such an id (and DynamoDB would refuse the key)"
    forged = call("rules", "rules/history", path_params=rid, query={"next_token": "e30"})
    assert (forged.status, forged.body["error"]["field"]) == (422, "next_token")


def test_an_access_rights_policy_keeps_its_history(call: Invoke) -> None:
    policy = call("access_rights", "access_rights/create", body=POLICY_BODY).body
    pid = {"id": policy["id"]}
    updated = call(
        "access_rights", "access_rights/update", path_params=pid, body={**POLICY_BODY, "obtrusive": False}
    )
    assert updated.status == 200, updated.body
    moved = call(
        "access_rights",
        "access_rights/move_rule",
        path_params={**pid, "rule_id": policy["rules"][1]["id"]},
        body={"direction": "up"},
    )
    assert moved.status == 200, moved.body
    assert call("access_rights", "access_rights/delete", path_params=pid).status == 204
    history = lines(call("access_rights", "access_rights/history", path_params=pid, user="operator1"))
    assert [line["action"] for line in history] == ["deleted", "moved", "changed", "created"]
    assert changed(history[2]) == {"obtrusive": (True, False)}
    old_order, new_order = changed(history[1])["rules"]
    assert [r["id"] for r in new_order] == [r["id"] for r in (old_order[1], old_order[0], old_order[2])]
    assert all(line["by"] == "admin1" and line["subject"] == policy["id"] for line in history)


def test_a_declaration_keeps_its_history_with_the_default_as_the_start(call: Invoke) -> None:
    default = FORMS[DeclarationForm.COPYRIGHTS_1].default_text
    call("copyright_declarations", "copyright_declarations/customize", body={"text": "Private study only."})
    call("copyright_declarations", "copyright_declarations/restore")
    call("copyright_declarations", "copyright_declarations/restore")
    history = lines(call("copyright_declarations", "copyright_declarations/history", user="manager1"))
    assert [(line["action"], changed(line)["text"]) for line in history] == [
        ("restored", ("Private study only.", default)),
        ("changed", (default, "Private study only.")),
    ], "restoring what is not customized records nothing"
    by_file = call(
        "copyright_declarations", "copyright_declarations/history", path_params={"form": "copyrights1.html"}
    )
    assert lines(by_file) == history
    call("copyright_declarations", "copyright_declarations/rs_save")
    rs = lines(call("copyright_declarations", "copyright_declarations/rs_history"))
    assert changed(rs[0])["enabled"] == (None, True)


def test_code_tables_keep_their_history(call: Invoke) -> None:
    call("copyright_publishers", "copyright_publishers/add")
    call("copyright_publishers", "copyright_publishers/edit")
    call("copyright_publishers", "copyright_publishers/remove")
    history = lines(call("copyright_publishers", "copyright_publishers/history"))
    assert [(line["action"], line["subject"], changed(line)) for line in history] == [
        ("deleted", "ARIADNE", {"code": ("ARIADNE", None), "name": ("Ariadne Press Ltd", None)}),
        ("changed", "ARIADNE", {"name": ("Ariadne Press", "Ariadne Press Ltd")}),
        ("created", "ARIADNE", {"code": (None, "ARIADNE"), "name": (None, "Ariadne Press")}),
    ]
    assert call("code_tables", "code_tables/citation_defaults_set").status == 200
    citation = lines(call("code_tables", "code_tables/citation_defaults_history"))
    assert len(citation) == 1
    assert changed(citation[0]) == {"non_repository": ("waiting", "in_process")}, "from the defaults"
    call("settings", "settings/change", body={"rs_borrower_copyright_management": True})
    assert call("code_tables", "code_tables/rs_status_describe").status == 200
    statuses = lines(call("code_tables", "code_tables/rs_statuses_history", user="manager1"))
    assert [(line["subject"], changed(line)["description"][1]) for line in statuses] == [
        ("CCG", "Conforms to the CONTU guidelines (CCG)")
    ]


@pytest.mark.parametrize(
    ("function", "event"),
    [
        ("copyright_publishers", "copyright_publishers/history"),
        ("code_tables", "code_tables/citation_defaults_history"),
        ("code_tables", "code_tables/rs_statuses_history"),
        ("copyright_declarations", "copyright_declarations/history"),
        ("access_rights", "access_rights/history"),
    ],
)
def test_histories_are_for_staff(call: Invoke, function: str, event: str) -> None:
    assert call(function, event, user="patron1").status == 403
    assert lines(call(function, event, user="operator1")) == []


@pytest.mark.parametrize("first", [True, False], ids=["first customization", "later change"])
def test_a_change_that_lost_a_race_writes_neither_itself_nor_its_line(aws: Stack, first: bool) -> None:
    repo = repositories().declarations
    form = DeclarationForm.COPYRIGHTS_2

    def saved_by(who: str, text: str) -> Describe:
        return lambda old: entry(Author(who, iso(utcnow())), Action.CHANGED, form.value, old, {"text": text})

    if not first:
        repo.customize(form, {"text": "before"}, saved_by("admin1", "before"))

    def racing(old: dict[str, Any] | None) -> ConfigChange | None:
        repo.customize(form, {"text": "theirs"}, saved_by("admin2", "theirs"))  # saved meanwhile
        return saved_by("admin1", "mine")(old)

    with pytest.raises(VersionConflict):
        repo.customize(form, {"text": "mine"}, racing)
    assert (repo.customization(form).doc or {})["text"] == "theirs"
    page = repositories().history.page(ConfigKind.DECLARATION, form.value, 10, None)
    assert [line.by for line in page.items] == ["admin2"] + ([] if first else ["admin1"])
