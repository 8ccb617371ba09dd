"""Letter templates through the handler, against moto: customize, restore, 422s, and the letters SES
sends in the wording in force and the requester's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from moto.ses.models import ses_backends

from digitization.domain.letter_templates import DEFAULTS
from digitization.domain.requests import LetterKind
from tests.integration.conftest import Invoke
from tests.integration.test_approvals import approve, install_rule

NewRequest = Callable[..., dict[str, Any]]
CANCELLED = {
    "subject": "{title}: cancelled\n--fr--\n{title} : annulée",
    "text": "We cancelled {what}: {reason}. {note}\n--fr--\nNous avons annulé {what} : {reason}. {note}",
}


def template(call: Invoke, kind: str = "delivered_link", **how: Any) -> Any:
    return call("letter_templates", "letter_templates/get", path_params={"kind": kind}, **how)


def customize(call: Invoke, kind: str, body: dict[str, Any]) -> Any:
    return call("letter_templates", "letter_templates/customize", path_params={"kind": kind}, body=body)


def mail_to(address: str) -> list[Any]:
    sent = ses_backends["123456789012"]["us-east-1"].sent_messages
    return [m for m in sent if address in m.destinations["ToAddresses"]]


def test_list_customize_view_and_restore(call: Invoke) -> None:
    listed = call("letter_templates", "letter_templates/list")
    assert listed.status == 200
    assert [t["kind"] for t in listed.body] == [kind.value for kind in LetterKind]
    assert all(not t["customized"] and t["text"] == t["default_text"] for t in listed.body)
    link = next(t for t in listed.body if t["kind"] == "delivered_link")
    assert {p["name"]: p["required"] for p in link["placeholders"]}["link"] is True
    customized = call("letter_templates", "letter_templates/customize")
    assert customized.status == 200, customized.body
    assert (customized.body["customized"], customized.body["languages"]) == (True, ["fr"])
    assert customized.body["updated_by"] == "admin1"
    seen = template(call, user="operator1")
    assert seen.body["subject"].startswith("Your copy of {title} is ready")
    assert seen.body["default_subject"] == DEFAULTS[LetterKind.DELIVERED_LINK].subject
    assert call("letter_templates", "letter_templates/restore").status == 204
    back = template(call)
    assert (back.body["customized"], back.body["text"]) == (False, DEFAULTS[LetterKind.DELIVERED_LINK].text)
    assert call("letter_templates", "letter_templates/restore").status == 204, "restoring twice is fine"
    history = call("letter_templates", "letter_templates/history", user="manager1")
    assert history.status == 200
    lines = history.body["items"]
    assert [(line["action"], line["by"]) for line in lines] == [("restored", "admin1"), ("changed", "admin1")]
    texts = {c["field"]: (c["old"], c["new"]) for c in lines[1]["changes"]}["text"]
    assert texts[0] == DEFAULTS[LetterKind.DELIVERED_LINK].text
    assert texts[1] == customized.body["text"]


@pytest.mark.parametrize(
    ("kind", "body", "field", "words"),
    [
        (
            "approved",
            {"subject": "OK", "text": "Dear {first_name}"},
            "text",
            "unknown placeholder {first_name}",
        ),
        ("approved", {"subject": "OK {views}", "text": "Approved"}, "subject", "unknown placeholder {views}"),
        ("rejected", {"subject": "No", "text": "<p>Sorry</p>"}, "text", "HTML"),
        ("delivered_link", {"subject": "Ready", "text": "Come to the desk."}, "text", "must contain {link}"),
        ("added_to_repository", {"subject": "In", "text": "{link}\n--fr--\nVoilà"}, "text", "--fr-- section"),
        ("approved", {"subject": "One\ntwo", "text": "Approved"}, "subject", "one line"),
        ("approved", {"subject": "OK", "text": "Approved", "html": "x"}, "html", ""),
    ],
)
def test_bad_wording_is_a_422_and_stores_nothing(
    call: Invoke, kind: str, body: dict[str, Any], field: str, words: str
) -> None:
    reply = customize(call, kind, body)
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == field
    assert words in reply.body["error"]["message"]
    assert template(call, kind).body["customized"] is False
    assert (
        call("letter_templates", "letter_templates/history", path_params={"kind": kind}).body["items"] == []
    )


def test_roles_and_unknown_kinds(call: Invoke) -> None:
    assert template(call, user="patron1").status == 403
    assert call("letter_templates", "letter_templates/customize", user="manager1").status == 403
    assert call("letter_templates", "letter_templates/restore", user="operator1").status == 403
    unknown = template(call, "welcome")
    assert unknown.status == 404
    assert "delivered_link" in unknown.body["error"]["message"]


def test_a_letter_goes_out_in_the_wording_in_force_and_the_requesters_language(
    call: Invoke, new_request: NewRequest
) -> None:
    assert customize(call, "cancelled", CANCELLED).status == 200
    english = new_request(user="patron1", requester=None)
    french = new_request(user="patron2", requester=None)
    languages = [
        call("get_request", "get_request/one", user="operator1", path_params={"id": r["id"]}).body[
            "requester"
        ]["language"]
        for r in (english, french)
    ]
    assert languages == [None, "fr"], "the directory's locale, kept on the request"
    for rid, user in ((english["id"], "patron1"), (french["id"], "patron2")):
        cancel = call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": rid}, user=user)
        assert cancel.status == 200, cancel.body
    [to_english] = mail_to("patron1@example.edu")
    assert to_english.subject == "Ornament and Crime: cancelled"
    assert "We cancelled “Ornament and Crime” (pages 35-40)" in to_english.body
    assert "Patron found a copy in the library." in to_english.body
    [to_french] = mail_to("patron2@example.edu")
    assert to_french.subject == "Ornament and Crime : annulée"
    assert "Nous avons annulé “Ornament and Crime” (pages 35-40)" in to_french.body


def test_restored_wording_is_the_shipped_one_in_french_too(call: Invoke, new_request: NewRequest) -> None:
    customize(call, "cancelled", {"subject": "Cancelled", "text": "Cancelled: {what}"})
    call("letter_templates", "letter_templates/restore", path_params={"kind": "cancelled"})
    rid = new_request(user="patron2", requester=None)["id"]
    call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": rid}, user="patron2")
    [letter] = mail_to("patron2@example.edu")
    assert letter.subject == "Votre demande de numérisation a été annulée"


def test_a_wording_without_the_readers_language_falls_back_to_the_unmarked_section(
    call: Invoke, new_request: NewRequest
) -> None:
    customize(call, "cancelled", {"subject": "Cancelled: {title}", "text": "Cancelled: {what} <{reason}>"})
    rid = new_request(user="patron2", requester=None)["id"]
    call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": rid}, user="patron2")
    [letter] = mail_to("patron2@example.edu")
    assert letter.subject == "Cancelled: Ornament and Crime"
    assert "&lt;" in letter.body, "the text escaped in the HTML"
    assert "<cancelled" not in letter.body


def test_a_letter_held_for_approval_goes_out_in_the_wording_in_force_when_released(
    call: Invoke, new_request: NewRequest
) -> None:
    install_rule(
        approval={"required": True, "mode": "parallel"}, clearance={"required": True, "mode": "parallel"}
    )
    rid = new_request(user="patron2", requester=None)["id"]
    assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
    call("work_on_approval", "work_on_approval/cc_fields", path_params={"id": rid})
    assert approve(call, rid, task="copyright_clearance", user="digimanager1").status == 200
    assert mail_to("patron2@example.edu") == [], "a task still pending: nothing reaches the patron"
    wording = {"subject": "Approved\n--fr--\nApprouvée", "text": "OK: {what}\n--fr--\nAccordé : {what}"}
    assert customize(call, "approved", wording).status == 200
    assert approve(call, rid).status == 200
    [letter] = mail_to("patron2@example.edu")
    assert letter.subject == "Approuvée"
    assert "Accordé : “Ornament and Crime” (pages 35-40)" in letter.body


def test_a_wording_changed_on_an_older_version_is_refused(call: Invoke) -> None:
    read = template(call, "cancelled").body["version"]
    first = customize(call, "cancelled", {**CANCELLED, "version": read})
    assert (first.status, first.body["version"]) == (200, read + 1)
    stale = customize(
        call, "cancelled", {**CANCELLED, "text": "Cancelled: {reason}. {what} {note}", "version": read}
    )
    assert (stale.status, stale.body["error"]["field"]) == (409, "version")
    assert template(call, "cancelled").body["text"] == CANCELLED["text"]
