"""Citation default statuses, resource sharing copyright statuses and settings, through the handlers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Invoke

MAPPING = {
    "repository": {"digital": "waiting", "electronic": "not_needed", "physical": "not_needed"},
    "non_repository": "in_process",
    "brief": "not_needed",
}


def test_citation_defaults(call: Invoke) -> None:
    first = call("code_tables", "code_tables/citation_defaults_get", user="operator1")
    assert first.status == 200
    assert first.body["customized"] is False
    assert first.body["repository"]["digital"] == "waiting"
    changed = {**MAPPING, "brief": "self_declared"}
    saved = call("code_tables", "code_tables/citation_defaults_set", body=changed)
    assert saved.status == 200
    assert (saved.body["brief"], saved.body["customized"], saved.body["updated_by"]) == (
        "self_declared",
        True,
        "admin1",
    )
    assert call("code_tables", "code_tables/citation_defaults_get").body["brief"] == "self_declared"
    missing = call(
        "code_tables",
        "code_tables/citation_defaults_set",
        body={**MAPPING, "repository": {"digital": "waiting"}},
    )
    assert (missing.status, missing.body["error"]["field"]) == (422, "repository.electronic")
    wrong = call("code_tables", "code_tables/citation_defaults_set", body={**MAPPING, "brief": "maybe"})
    assert (wrong.status, wrong.body["error"]["field"]) == (422, "brief")
    assert call("code_tables", "code_tables/citation_defaults_set", user="manager1").status == 403
    assert call("code_tables", "code_tables/citation_defaults_get", user="patron1").status == 403


def test_rs_statuses_only_with_the_setting(call: Invoke) -> None:
    hidden = call("code_tables", "code_tables/rs_statuses_list")
    assert hidden.status == 404
    assert "rs_borrower_copyright_management" in hidden.body["error"]["message"]
    assert call("code_tables", "code_tables/rs_status_describe").status == 404
    assert call("settings", "settings/change", body={"rs_borrower_copyright_management": True}).status == 200
    listed = call("code_tables", "code_tables/rs_statuses_list", user="operator1")
    assert listed.status == 200
    codes = [s["code"] for s in listed.body]
    assert codes == ["NOT_CHECKED", "CCG", "CCL", "WAITING", "APPROVED", "DECLINED"]
    described = call("code_tables", "code_tables/rs_status_describe", path_params={"code": "ccg"})
    assert described.status == 200
    assert described.body == {
        "code": "CCG",
        "description": "Conforms to the CONTU guidelines (CCG)",
        "default_description": "Complies with copyright guidelines (CCG)",
        "customized": True,
    }
    again = {s["code"]: s for s in call("code_tables", "code_tables/rs_statuses_list").body}
    assert again["CCG"]["description"] == "Conforms to the CONTU guidelines (CCG)"
    assert again["CCL"]["customized"] is False
    unknown = call("code_tables", "code_tables/rs_status_describe", path_params={"code": "NEW"})
    assert unknown.status == 404, "no adding statuses"
    enabled = call(
        "code_tables", "code_tables/rs_status_describe", body={"description": "x", "enabled": False}
    )
    assert (enabled.status, enabled.body["error"]["field"]) == (422, "enabled"), (
        "only the description changes"
    )
    empty = call("code_tables", "code_tables/rs_status_describe", body={"description": " "})
    assert (empty.status, empty.body["error"]["field"]) == (422, "description")
    assert call("code_tables", "code_tables/rs_status_describe", user="operator1").status == 403
    call("settings", "settings/change", body={"rs_borrower_copyright_management": False})
    assert call("code_tables", "code_tables/rs_statuses_list").status == 404


def test_settings_defaults_change_and_history(call: Invoke) -> None:
    got = call("settings", "settings/get")
    assert got.status == 200
    assert got.body == {
        "document_delivery_cleanup_days": 30,
        "access_right_default_policy": "deny",
        "rs_borrower_copyright_management": False,
        "max_file_size_mb": 10,
        "download_reuse_window_seconds": 600,
        "updated_by": None,
        "updated_at": None,
    }
    changed = call("settings", "settings/change")
    assert changed.status == 200
    assert (
        changed.body["rs_borrower_copyright_management"],
        changed.body["download_reuse_window_seconds"],
    ) == (
        True,
        300,
    )
    assert changed.body["document_delivery_cleanup_days"] == 30, "untouched"
    assert changed.body["updated_by"] == "admin1"
    call("settings", "settings/change", body={"download_reuse_window_seconds": 0, "max_file_size_mb": 10})
    unchanged = call("settings", "settings/change", body={"download_reuse_window_seconds": 0})
    assert unchanged.status == 200
    history = call("settings", "settings/history")
    assert history.status == 200
    lines = history.body["items"]
    assert len(lines) == 2, "a patch that changes nothing records nothing"
    assert lines[0]["by"] == "admin1"
    assert lines[0]["changes"] == [{"setting": "download_reuse_window_seconds", "old": 300, "new": 0}]
    assert lines[1]["changes"] == [
        {"setting": "download_reuse_window_seconds", "old": 600, "new": 300},
        {"setting": "rs_borrower_copyright_management", "old": False, "new": True},
    ]
    first_page = call("settings", "settings/history", query={"limit": "1"})
    assert len(first_page.body["items"]) == 1
    rest = call(
        "settings", "settings/history", query={"limit": "1", "next_token": first_page.body["next_token"]}
    )
    assert rest.body["items"] == [lines[1]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"document_delivery_cleanup_days": 0}, "document_delivery_cleanup_days"),
        ({"document_delivery_cleanup_days": 366}, "document_delivery_cleanup_days"),
        ({"download_reuse_window_seconds": 86_401}, "download_reuse_window_seconds"),
        ({"access_right_default_policy": "open"}, "access_right_default_policy"),
        ({"max_file_size_mb": 0}, "max_file_size_mb"),
        ({"rs_borrower_copyright_management": "true"}, "rs_borrower_copyright_management"),
        ({"cleanup": 3}, "cleanup"),
        ({}, "body"),
    ],
)
def test_bad_settings_are_a_422_and_change_nothing(call: Invoke, body: dict[str, Any], field: str) -> None:
    reply = call("settings", "settings/change", body=body)
    assert reply.status == 422
    assert reply.body["error"]["field"] == field
    assert call("settings", "settings/history").body["items"] == []


def test_settings_roles(call: Invoke) -> None:
    assert call("settings", "settings/get", user="operator1").status == 200
    assert call("settings", "settings/get", user="patron1").status == 403
    assert call("settings", "settings/change", user="manager1").status == 403
    assert call("settings", "settings/history", user="patron1").status == 403


def test_current_reads_the_settings_for_other_code(aws: Any, call: Invoke) -> None:
    from digitization.service.settings import current

    assert current().document_delivery_cleanup_days == 30
    assert current().download_reuse_window_seconds == 600
    call(
        "settings",
        "settings/change",
        body={"document_delivery_cleanup_days": 7, "download_reuse_window_seconds": 60},
    )
    assert (current().document_delivery_cleanup_days, current().download_reuse_window_seconds) == (7, 60)


def test_the_cleanup_days_default_follows_the_deployment(aws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from digitization.config import settings
    from digitization.service.settings import current

    monkeypatch.setenv("CLEANUP_DAYS", "14")
    settings.cache_clear()
    try:
        assert current().document_delivery_cleanup_days == 14
    finally:
        settings.cache_clear()
