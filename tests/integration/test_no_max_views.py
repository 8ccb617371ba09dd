"""A link delivery under a rule without maximum views (issue 11, part 5): completed, no link sent.

The seed: "if no value is entered in this field, the file link will not be sent to the patron".
Delivering then completes the request (once every task is approved) without making or sending a
link, and a staff note and a history line say why; the patron's view shows no download.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from digitization.domain.delivery import NO_LINK_NOTE
from local_stack.resources import Stack
from tests.integration.conftest import Invoke
from tests.integration.delivering import READY, install_rule, keys_under, links_of, subjects, upload

APPROVED = "Your digitization request has been approved"


def read(call: Invoke, rid: str, user: str) -> dict[str, Any]:
    reply = call("get_request", "get_request/one", user=user, path_params={"id": rid})
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.body
    return body


def test_delivery_completes_without_a_link_and_tells_staff_why(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link")
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF")
    delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert delivered.status == 200, delivered.body
    assert delivered.body["status"] == "COMPLETED"
    assert delivered.body["delivery"]["link_token"] is None
    assert delivered.body["delivery"]["published_at"] is not None
    assert links_of(aws, rid) == [], "no link record a download could count"
    assert keys_under(aws, f"delivery/{rid}/link/") == [], "no link object was made"
    assert READY not in subjects(), "no letter with a link"
    assert [(n["text"], n["created_by"]) for n in delivered.body["notes"]] == [(NO_LINK_NOTE, "system")]
    lines = [(h["action"], h["reason"]) for h in delivered.body["history"]]
    assert ("link_not_sent", "no_max_views") in lines
    assert lines[-1] == ("complete", None)
    mine = read(call, rid, "patron1")
    assert mine["status"] == "COMPLETED"
    assert mine["delivery"]["method"] == "document_delivery_link"
    assert mine["delivery"]["download_path"] is None
    assert NO_LINK_NOTE not in str(mine), "the patron never reads staff notes"


def test_parallel_approval_completes_it_at_the_last_approval(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link", approval={"required": True, "mode": "parallel"})
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF")
    delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert delivered.status == 200, delivered.body
    assert delivered.body["status"] == "DOCUMENT_DELIVERY", "not complete before the approval"
    assert delivered.body["notes"] == []
    approved = call("decide_approval", "decide_approval/approve", user="manager1", path_params={"id": rid})
    assert approved.status == 200, approved.body
    assert approved.body["status"] == "COMPLETED"
    assert [n["text"] for n in approved.body["notes"]] == [NO_LINK_NOTE]
    assert links_of(aws, rid) == []
    assert READY not in subjects()
    assert subjects().count(APPROVED) == 1
    again = call("decide_approval", "decide_approval/approve", user="manager1", path_params={"id": rid})
    assert again.status == 409
    staff = read(call, rid, "operator1")
    assert [h["action"] for h in staff["history"]].count("link_not_sent") == 1, "published once"
