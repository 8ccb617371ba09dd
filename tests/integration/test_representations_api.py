"""The viewer of a digital object through the handler, against moto: access answer, declaration,
presigned links (view-only or download)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from digitization.domain.declarations import FORMS, DeclarationForm
from tests.integration.conftest import Invoke
from tests.integration.digital_objects import add_policy, add_representation, visit

CAMPUS = {"name": "ip_range", "operator": "=", "value": "10.0.0.0 - 10.255.255.255"}
STAFF = {"name": "user_group", "operator": "in_list", "value": ["staff", "faculty"]}
DENIED_NOTE = "This item can be read on campus only. Ask at the library desk."


def rule(rule_id: str, parameters: list[dict[str, Any]], download: bool) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": rule_id,
        "parameters": parameters,
        "output": {"access": "allow", "allow_download": download},
    }


@pytest.fixture
def guarded(aws: Any, call: Invoke) -> str:
    """A representation behind: staff group → download; on campus → view only; else denied."""
    policy = add_policy(
        call,
        rules=[rule("staff", [STAFF], True), rule("campus", [CAMPUS], False)],
        copyright_declaration="copyrights_1",
        obtrusive=True,
        denied_note=DENIED_NOTE,
    )
    return add_representation(policy["id"]).id


def disposition(url: str) -> str:
    return parse_qs(urlparse(url).query)["response-content-disposition"][0]


def test_denied_off_campus(guarded: str) -> None:
    seen = visit("view", guarded, ip="192.0.2.10")
    assert seen.status == 200
    assert seen.body["access"] == {
        "allowed": False,
        "allow_download": False,
        "decided_by": "policy_default",
        "rule_id": None,
        "rule_name": None,
    }
    assert seen.body["denied_note"] == DENIED_NOTE
    assert seen.body["files"] == [], "a denied caller sees no files"
    assert seen.body["declaration"]["must_accept"] is False, "nothing to accept when denied"
    refused = visit("file", guarded, ip="192.0.2.10", file_id="chapter-3")
    assert refused.status == 403
    assert refused.body["error"]["message"] == DENIED_NOTE
    assert visit("accept_declaration", guarded, ip="192.0.2.10").status == 403


def test_on_campus_view_only_after_accepting_the_declaration(guarded: str) -> None:
    seen = visit("view", guarded, ip="10.20.30.40")
    assert seen.body["access"]["allowed"] is True
    assert seen.body["access"]["allow_download"] is False
    assert seen.body["access"]["rule_id"] == "campus"
    assert seen.body["denied_note"] is None
    assert seen.body["files"] == [
        {"id": "chapter-3", "name": "Chapter 3.pdf", "content_type": "application/pdf", "size": 22}
    ]
    declaration = seen.body["declaration"]
    assert (
        declaration["form"],
        declaration["obtrusive"],
        declaration["accepted"],
        declaration["must_accept"],
    ) == (
        "copyrights_1",
        True,
        False,
        True,
    )
    assert declaration["text"] == FORMS[DeclarationForm.COPYRIGHTS_1].default_text
    blocked = visit("file", guarded, ip="10.20.30.40", file_id="chapter-3")
    assert blocked.status == 409
    assert f"/representations/{guarded}/accept-declaration" in blocked.body["error"]["message"]
    accepted = visit("accept_declaration", guarded, ip="10.20.30.40")
    assert accepted.status == 200
    assert accepted.body["declaration"]["accepted"] is True
    assert accepted.body["declaration"]["must_accept"] is False
    link = visit("file", guarded, ip="10.20.30.40", file_id="chapter-3")
    assert link.status == 200
    assert (link.body["disposition"], link.body["download_allowed"], link.body["expires_in"]) == (
        "inline",
        False,
        300,
    )
    assert disposition(link.body["url"]) == "inline"
    assert f"/representations/{guarded}/chapter-3/chapter-3.pdf" in link.body["url"]
    assert visit("file", guarded, ip="10.20.30.40", file_id="chapter-9").status == 404
    other_patron = visit("file", guarded, user="patron2", ip="10.20.30.40", file_id="chapter-3")
    assert other_patron.status == 409, "an acceptance is the caller's own"


def test_staff_group_downloads_from_anywhere(guarded: str) -> None:
    seen = visit("view", guarded, ip="192.0.2.10", group="faculty")
    assert (seen.body["access"]["allow_download"], seen.body["access"]["rule_name"]) == (True, "staff")
    assert visit("accept_declaration", guarded, ip="192.0.2.10", group="faculty").status == 200
    link = visit("file", guarded, ip="192.0.2.10", group="faculty", file_id="chapter-3")
    assert link.status == 200
    assert link.body["disposition"] == "attachment"
    assert disposition(link.body["url"]) == 'attachment; filename="Chapter 3.pdf"'


def test_a_new_wording_must_be_accepted_again(call: Invoke, guarded: str) -> None:
    visit("accept_declaration", guarded, ip="10.0.0.1")
    assert visit("file", guarded, ip="10.0.0.1", file_id="chapter-3").status == 200
    changed = call(
        "copyright_declarations",
        "copyright_declarations/customize",
        path_params={"form": "copyrights_1"},
        body={"text": "New terms.\n--fr--\nNouvelles conditions."},
    )
    assert changed.status == 200
    assert visit("file", guarded, ip="10.0.0.1", file_id="chapter-3").status == 409
    french = visit("view", guarded, ip="10.0.0.1", language="fr-CA, en;q=0.5")
    assert (french.body["declaration"]["language"], french.body["declaration"]["text"]) == (
        "fr",
        "Nouvelles conditions.",
    )
    japanese = visit("view", guarded, ip="10.0.0.1", language="ja")
    assert (japanese.body["declaration"]["language"], japanese.body["declaration"]["text"]) == (
        None,
        "New terms.",
    )


def test_no_policy_follows_the_setting(call: Invoke, aws: Any) -> None:
    rid = add_representation(None).id
    seen = visit("view", rid)
    assert seen.body["access"]["decided_by"] == "access_right_default_policy"
    assert seen.body["access"]["allowed"] is False, "the default setting is deny"
    assert seen.body["declaration"] is None
    assert visit("file", rid, file_id="chapter-3").status == 403
    assert call("settings", "settings/change", body={"access_right_default_policy": "allow"}).status == 200
    link = visit("file", rid, file_id="chapter-3")
    assert link.status == 200
    assert link.body["disposition"] == "attachment"


def test_guests_and_not_in(call: Invoke, aws: Any) -> None:
    not_suspended = {"name": "user_group", "operator": "not_in_list", "value": ["suspended"]}
    policy = add_policy(
        call,
        name="Not suspended",
        rules=[rule("ok", [not_suspended], True)],
        copyright_declaration=None,
        obtrusive=False,
    )
    rid = add_representation(policy["id"]).id
    assert visit("view", rid).body["access"]["allowed"] is True, "registered, group unknown: not in the list"
    assert visit("view", rid, group="suspended").body["access"]["allowed"] is False
    guest = visit("view", rid, user=None)
    assert guest.status == 200
    assert guest.body["access"]["allowed"] is False, "not-in alone does not let a guest in"


def test_leganto_users(call: Invoke, aws: Any) -> None:
    leganto = {"name": "leganto_user", "operator": "=", "value": True}
    policy = add_policy(
        call,
        name="Leganto",
        rules=[rule("leganto", [leganto], False)],
        copyright_declaration=None,
        obtrusive=False,
    )
    rid = add_representation(policy["id"]).id
    assert visit("view", rid, leganto=True).body["access"]["allowed"] is True
    assert visit("view", rid).body["access"]["allowed"] is False


def test_embargo_on_a_new_representation(call: Invoke, aws: Any) -> None:
    policy = add_policy(call, name="Embargoed")  # the sample policy: embargoed a year after creation, first
    rid = add_representation(policy["id"]).id
    seen = visit("view", rid, ip="10.0.0.1", group="staff")
    assert (seen.body["access"]["allowed"], seen.body["access"]["rule_id"]) == (False, "embargo")


def test_inactive_and_unknown_representations(call: Invoke, aws: Any) -> None:
    rid = add_representation(None, active=False).id
    assert visit("view", rid).status == 404
    assert visit("view", rid, user="operator1").status == 200, "staff see inactive representations"
    assert visit("view", "no-such-thing").status == 404


def test_a_policy_deleted_behind_the_representation_denies(aws: Any, call: Invoke) -> None:
    """If the record of a policy vanished anyway (restored backup, manual edit), access fails closed."""
    from digitization.data.access_rights import ACCESS_PK, policy_sk
    from digitization.data.models import ConfigRecord

    pid = add_policy(call, name="Open", rules=[], default_rule={"access": "allow"}, obtrusive=False)["id"]
    rid = add_representation(pid).id
    assert visit("view", rid).body["access"]["allowed"] is True
    ConfigRecord.get(ACCESS_PK, policy_sk(pid)).delete()
    seen = visit("view", rid)
    assert (seen.body["access"]["allowed"], seen.body["access"]["decided_by"]) == (False, "missing_policy")


def test_dns_rule_uses_the_injected_resolver(aws: Any, call: Invoke) -> None:
    from digitization.auth import Caller, Role
    from digitization.patrons import Patron
    from digitization.service import representations as service

    bots = {"name": "dns", "operator": "=", "value": r"/.*google(bot)?\.com$/"}
    pid = add_policy(call, name="Bots", rules=[rule("bots", [bots], False)], obtrusive=False)["id"]
    rid = add_representation(pid).id
    patron = Patron(
        caller=Caller(username="patron1", email=None, roles=frozenset({Role.PATRON})),
        user_group=None,
        leganto_user=False,
        source_ip="66.249.66.1",
    )
    asked: list[str] = []

    def resolver(ip: str) -> str | None:
        asked.append(ip)
        return "crawl-66-249-66-1.googlebot.com"

    assert service.view(patron, rid, resolver=resolver).access.allowed is True
    assert asked == ["66.249.66.1"]
    assert service.view(patron, rid, resolver=lambda ip: "googlebot.com.example.net").access.allowed is False
    assert service.view(patron, rid, resolver=lambda ip: None).access.allowed is False


def test_a_pattern_that_runs_out_of_time_is_no_match_and_logged(
    aws: Any, call: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    from digitization.auth import Caller, Role
    from digitization.patrons import Patron
    from digitization.service import representations as service

    runaway = {"name": "user_id", "operator": "matches", "value": "/^(a|a)+$/"}
    pid = add_policy(call, name="Runaway", rules=[rule("runaway", [runaway], True)], obtrusive=False)["id"]
    rid = add_representation(pid).id
    name = "a" * 28 + "!"
    patron = Patron(
        caller=Caller(username=name, email=None, roles=frozenset({Role.PATRON})),
        user_group=None,
        leganto_user=False,
        source_ip="192.0.2.10",
    )
    access = service.view(patron, rid, resolver=lambda ip: None).access
    assert (access.allowed, access.decided_by) == (False, "policy_default"), "timed out: no match"
    logged = [r for r in caplog.records if r.getMessage().startswith("access-rights pattern timed out")]
    assert [(r.levelname, r.__dict__["pattern"], r.__dict__["policy_id"]) for r in logged] == [
        ("WARNING", "/^(a|a)+$/", pid)
    ]
    assert all(name not in str(value) for r in logged for value in r.__dict__.values()), "no user id"
