"""The trust boundary (SPEC §3.1) and the patron view (SPEC §3.5), through the handlers against moto.

The rules decide on facts from the user directory (the Cognito pool) and the catalogue,
never on what a requester types; a patron sees only what is theirs to see.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from digitization.api.requests import PatronRequestView
from local_stack.demo import RULE_BODY
from local_stack.resources import Stack
from tests.integration.conftest import Invoke, catalogue

NewRequest = Callable[..., dict[str, Any]]


def create(call: Invoke, body: dict[str, Any], user: str = "patron1") -> Any:
    return call(
        "create_request",
        "create_request/patron_course_chapter",
        user=user,
        body=body,
        headers={"Idempotency-Key": None},
    )


def mine(call: Invoke, user: str = "patron1") -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = call(
        "list_requests", "list_requests/by_status", user=user, query=None
    ).body["items"]
    return items


# -- what a lying patron can send -------------------------------------------------------------------

LIES = [
    ("requester", "user_group", "faculty"),
    ("requester", "status", "inactive"),
    ("requester", "email", "someone-else@example.org"),
    ("item", "title", "Another Title"),
    ("item", "isbn", "0-306-40615-2"),
    ("item", "issn", "0952-4649"),
    ("item", "publisher", "Open Access Press"),
    ("item", "publication_year", 1850),
    ("item", "material_type", "thesis"),
    ("item", "total_pages", 10_000),
    ("item", "articles_in_issue", 3),
    ("item", "copyright_agency_permissions", ["digital_approved"]),
]


@pytest.mark.parametrize(("part", "name", "lie"), LIES)
def test_a_patron_who_lies_about_a_fact_is_refused_and_nothing_is_stored(
    call: Invoke, create_body: dict[str, Any], spec_title: dict[str, Any], part: str, name: str, lie: Any
) -> None:
    create_body[part][name] = lie
    reply = create(call, create_body)
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == f"{part}.{name}"
    assert "differs from" in reply.body["error"]["message"]
    assert mine(call) == [], "nothing was written"


def test_the_facts_stored_are_the_directorys_and_the_catalogues(
    call: Invoke, create_body: dict[str, Any], spec_title: dict[str, Any]
) -> None:
    added = call(
        "catalogue",
        "catalogue/add",
        user="admin1",
        body={"barcode": "E0001", "kind": "electronic", "title": "Ornament and Crime"},
        path_params={"mms_id": "991234"},
    )
    assert added.status == 201
    create_body["requester"] = None
    create_body["item"] = {"mms_id": "991234", "available_in_electronic": False}
    made = create(call, create_body)
    assert made.status == 201, made.body
    stored = call(
        "get_request", "get_request/one", user="operator1", path_params={"id": made.body["id"]}
    ).body
    assert stored["requester"] == {
        "user_id": "patron1",
        "user_group": "undergraduate",
        "status": "active",
        "email": "patron1@example.edu",
        "language": None,
    }
    item = stored["item"]
    assert (item["source"], item["title"], item["isbn"], item["total_pages"], item["publisher"]) == (
        "catalogue",
        "Ornament and Crime",
        "9781861894113",
        220,
        "Ariadne",
    )
    assert (item["barcode"], item["kind"]) == ("B0001", "physical"), "the physical copy unless one is named"
    assert item["available_in_electronic"] is True, "the inventory's, whatever the body claimed"


def test_the_rules_decide_on_the_catalogues_page_count(
    call: Invoke, create_body: dict[str, Any], spec_title: dict[str, Any]
) -> None:
    rule = call("rules", "rules/create", user="admin1", body=RULE_BODY)
    assert rule.status == 201
    create_body["item"] = {"mms_id": "991234"}
    create_body["pages"] = "1-30"  # 30 of the catalogue's 220 pages: over 10%
    made = create(call, create_body)
    scanned = call("scan_in", "scan_in/at_digi_main", path_params={"id": made.body["id"]})
    assert scanned.body["applied_rule"]["is_default"] is True, "30/220 is not under 10%"
    create_body["pages"] = "1-500"
    beyond = create(call, create_body)
    assert beyond.status == 422
    assert beyond.body["error"]["field"] == "pages", "pages past the catalogue's end"


def test_a_patron_requests_catalogued_titles_only(call: Invoke, create_body: dict[str, Any]) -> None:
    unknown = create(call, create_body)
    assert unknown.status == 422
    assert unknown.body["error"]["field"] == "item.mms_id"
    assert "citation" not in unknown.body["error"]["message"], "patrons are not offered the citation route"
    create_body["item"]["source"] = "citation"
    citation = create(call, create_body)
    assert citation.status == 403
    assert citation.body["error"]["field"] == "item.source"


def test_staff_request_an_uncatalogued_title_by_citation(call: Invoke, create_body: dict[str, Any]) -> None:
    create_body["item"] |= {"source": "citation", "mms_id": "cit-1", "total_pages": 300}
    made = create(call, create_body, user="operator1")
    assert made.status == 201, made.body
    assert (made.body["item"]["source"], made.body["item"]["total_pages"]) == ("citation", 300)
    catalogue(call, {**create_body["item"], "mms_id": "cat-1"})
    create_body["item"]["mms_id"] = "cat-1"
    refused = create(call, create_body, user="operator1")
    assert refused.status == 422
    assert refused.body["error"]["field"] == "item.source", "a catalogued title is the catalogue's"
    create_body["item"] = {"source": "citation", "mms_id": "cit-2"}
    untitled = create(call, create_body, user="operator1")
    assert untitled.status == 422
    assert untitled.body["error"]["field"] == "item.title"


def test_a_serial_issue_is_chosen_by_volume_and_issue_and_dated_by_it(
    call: Invoke, create_body: dict[str, Any]
) -> None:
    journal = {
        "mms_id": "992001",
        "title": "Journal of Design History",
        "issn": "0952-4649",
        "publication_year": 1988,
    }
    catalogue(call, {**journal, "volume": "36", "issue": "2", "publication_year": 2023})
    catalogue(call, {**journal, "volume": "2", "issue": "1", "publication_year": 1989})
    create_body |= {"request_type": "patron_digitization", "course": None, "chapters": [], "pages": "5-9"}
    create_body["item"] = {"mms_id": "992001"}
    ambiguous = create(call, create_body)
    assert ambiguous.status == 422
    assert ambiguous.body["error"]["field"] == "item.volume"
    create_body["item"] = {"mms_id": "992001", "volume": "36", "issue": "2"}
    made = create(call, create_body)
    assert made.status == 201, made.body
    stored = call(
        "get_request", "get_request/one", user="operator1", path_params={"id": made.body["id"]}
    ).body
    assert (stored["item"]["volume"], stored["item"]["issue"], stored["item"]["publication_year"]) == (
        "36",
        "2",
        2023,
    )
    create_body["item"] = {"mms_id": "992001", "volume": "36", "issue": "9"}
    missing = create(call, create_body)
    assert missing.status == 422
    assert missing.body["error"]["field"] == "item.issue"


def test_the_dry_run_evaluates_the_facts_as_given(call: Invoke, create_body: dict[str, Any]) -> None:
    call("rules", "rules/create", user="admin1", body=RULE_BODY)
    what_if = call(
        "evaluate_rules", "evaluate_rules/for_a_body", user="admin1", body={"request": create_body}
    )
    assert what_if.status == 200, what_if.body
    assert what_if.body["applied_rule"]["name"] == RULE_BODY["name"], "6 of 220 pages, as given"
    create_body["item"]["total_pages"] = 40
    bigger = call("evaluate_rules", "evaluate_rules/for_a_body", user="admin1", body={"request": create_body})
    assert bigger.body["applied_rule"]["is_default"] is True, "6 of 40 pages is 15%"


# -- the catalogue and the directory ----------------------------------------------------------------


def test_the_catalogue_api(call: Invoke, create_body: dict[str, Any]) -> None:
    facts = {"title": "Ornament and Crime", "isbn": "1-86189-411-2", "total_pages": 220}
    put = call("catalogue", "catalogue/put_title", user="admin1", body=facts)
    assert put.status == 200
    assert (put.body["isbn"], put.body["updated_by"]) == ("9781861894113", "admin1")
    assert call("catalogue", "catalogue/put_title", user="patron1", body=facts).status == 403
    wrong = call("catalogue", "catalogue/put_title", user="admin1", body={**facts, "barcode": "B1"})
    assert wrong.status == 422
    assert wrong.body["error"]["field"] == "barcode"
    other = call("catalogue", "catalogue/put_title", user="admin1", body={**facts, "mms_id": "999"})
    assert other.status == 422
    assert other.body["error"]["field"] == "mms_id"
    call("catalogue", "catalogue/add", user="admin1")
    got = call("catalogue", "catalogue/get_title", user="operator1")
    assert got.status == 200
    assert (got.body["title"]["title"], got.body["available_in_electronic"]) == ("Ornament and Crime", True)
    assert [i["barcode"] for i in got.body["items"]] == ["E0001"]
    assert call("catalogue", "catalogue/get_title", user="patron1").status == 403
    missing = call("catalogue", "catalogue/get_title", user="operator1", path_params={"mms_id": "nope"})
    assert missing.status == 404


def test_the_directory_declares_and_the_demo_users_carry_the_facts(aws: Stack) -> None:
    cognito = boto3.client("cognito-idp")
    schema = cognito.describe_user_pool(UserPoolId=aws.user_pool_id)["UserPool"]["SchemaAttributes"]
    declared = {attribute["Name"] for attribute in schema}
    assert {"custom:user_group", "custom:status", "custom:leganto_user"} <= declared
    groups = {}
    for username in ("patron1", "patron2"):
        user = cognito.admin_get_user(UserPoolId=aws.user_pool_id, Username=username)
        groups[username] = {a["Name"]: a["Value"] for a in user["UserAttributes"]}["custom:user_group"]
    assert groups == {"patron1": "undergraduate", "patron2": "graduate"}, "two patrons in different groups"


# -- after scan-in, what is requested is fixed --------------------------------------------------------


def test_what_is_requested_is_fixed_at_scan_in(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request(expiration_date="2098-12-31")["id"]
    assert call("update_request", "update_request/pages", path_params={"id": rid}).status == 200, "before"
    call("scan_in", "scan_in/at_digi_main", path_params={"id": rid})
    for change in ({"pages": "35-45"}, {"chapters": ["4"]}, {"article_title": "Other"}, {"partial": False}):
        refused = call("update_request", "update_request/pages", path_params={"id": rid}, body=change)
        assert refused.status == 409, change
        assert refused.body["error"]["field"] == next(iter(change))
    expiry = call(
        "update_request",
        "update_request/pages",
        path_params={"id": rid},
        body={"expiration_date": "2099-01-31"},
    )
    assert expiry.status == 200, "the expiry still moves"


# -- the patron view ------------------------------------------------------------------------------


def test_the_patron_view_shows_no_staff_matters(call: Invoke, new_request: NewRequest) -> None:
    approval = {**RULE_BODY, "clauses": [], "output": {**RULE_BODY["output"], "approval": {"required": True}}}
    call("rules", "rules/create", user="admin1", body=approval)
    rid = new_request(user="patron1")["id"]
    call("scan_in", "scan_in/at_digi_main", path_params={"id": rid})
    call("notes", "notes/add", path_params={"id": rid}, body={"text": "Patron seems to copy the whole book"})
    call("work_on_approval", "work_on_approval/cc_fields", user="manager1", path_params={"id": rid})
    call("approval_attachments", "approval_attachments/add", path_params={"id": rid})
    seen = call("get_request", "get_request/one", user="patron1", path_params={"id": rid})
    assert seen.status == 200
    assert set(seen.body) == set(PatronRequestView.model_fields)
    text = json.dumps(seen.body)
    for secret in (
        "whole book",
        "CCC-2026-0042",
        "operator1",
        "manager1",
        "clearance.pdf",
        RULE_BODY["name"],
    ):
        assert secret not in text, secret
    assert seen.body["awaiting_approval"] is True
    assert [t["status"] for t in seen.body["timeline"]] == ["IN_TRANSIT", "DIGITIZATION"]
    staff = call("get_request", "get_request/one", user="manager1", path_params={"id": rid}).body
    assert staff["approval"]["cc_number"] == "CCC-2026-0042"
    assert staff["notes"][0]["text"] == "Patron seems to copy the whole book"
    listed = mine(call)
    assert set(listed[0]) == set(PatronRequestView.model_fields)


def test_a_patron_cancels_their_own_request_while_it_is_in_transit(
    call: Invoke, new_request: NewRequest
) -> None:
    rid = new_request(user="patron1")["id"]
    other = call(
        "cancel_request", "cancel_request/by_patron_wish", user="patron2", path_params={"id": rid}, body={}
    )
    assert other.status == 404, "another patron's request is not revealed"
    reason = call(
        "cancel_request",
        "cancel_request/by_patron_wish",
        user="patron1",
        path_params={"id": rid},
        body={"reason": "other"},
    )
    assert reason.status == 422
    assert reason.body["error"]["field"] == "reason"
    cancelled = call(
        "cancel_request", "cancel_request/by_patron_wish", user="patron1", path_params={"id": rid}, body={}
    )
    assert cancelled.status == 200
    assert (cancelled.body["status"], cancelled.body["can_cancel"]) == ("CANCELLED", False)
    scanned = new_request(user="patron1")["id"]
    call("scan_in", "scan_in/at_digi_main", path_params={"id": scanned})
    late = call(
        "cancel_request",
        "cancel_request/by_patron_wish",
        user="patron1",
        path_params={"id": scanned},
        body={},
    )
    assert late.status == 409
    assert late.body["error"]["current_status"] == "DIGITIZATION"
    staff_without_reason = call(
        "cancel_request", "cancel_request/by_patron_wish", path_params={"id": scanned}, body={}
    )
    assert staff_without_reason.status == 422
    assert staff_without_reason.body["error"]["field"] == "reason"
