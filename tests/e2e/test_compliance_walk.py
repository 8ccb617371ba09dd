"""Compliance enforced, over real HTTP with real tokens (SPEC §3.1, §3.5, §5.3).

A patron who lies about every fact is refused; a patron sees only the patron view; and
nothing delivered reaches the patron before the last approval, whatever races it.
"""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from local_stack.demo import CREATE_BODY
from tests.e2e.test_delivery_walk import DESK, OPERATOR, at_delivery, deliver, only_rule, subjects_to, upload
from tests.integration.test_trust_boundary import LIES

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack

MANAGER = "fulfillment-services-manager"
PARALLEL = {"required": True, "mode": "parallel"}
READY = "Your digitized copy is ready to download"


def s3_keys(stack: RunningStack, prefix: str) -> list[str]:
    s3 = stack.aws("s3")
    return [
        o["Key"] for o in s3.list_objects_v2(Bucket=stack.state["bucket"], Prefix=prefix).get("Contents", [])
    ]


def test_a_patron_who_lies_about_every_fact(fresh_stack: RunningStack) -> None:
    stack = fresh_stack
    before = stack.call("GET", "/requests", user="patron", params={"limit": "100"}).json()["items"]
    for part, name, lie in LIES:
        body = copy.deepcopy(CREATE_BODY)
        body[part][name] = lie
        refused = stack.call("POST", "/requests", user="patron", json=body)
        assert refused.status_code == 422, (name, refused.text)
        assert refused.json()["error"]["field"] == f"{part}.{name}"
    after = stack.call("GET", "/requests", user="patron", params={"limit": "100"}).json()["items"]
    assert after == before, "nothing was stored"
    truthful = {
        "request_type": "patron_digitization",
        "item": {"mms_id": "991234"},
        "partial": True,
        "pages": "1-5",
    }
    made = stack.call("POST", "/requests", user="patron", json=truthful)
    assert made.status_code == 201, made.text
    staff = stack.call("GET", f"/requests/{made.json()['id']}", user=OPERATOR).json()
    assert staff["requester"]["user_group"] == "undergraduate"
    assert staff["item"]["total_pages"] == 220


def test_nothing_reaches_the_patron_before_the_approval(fresh_stack: RunningStack) -> None:
    stack = fresh_stack
    only_rule(stack, {"target": "document_delivery_link", "max_views": 2, "approval": PARALLEL})
    rid = at_delivery(stack)
    upload(stack, rid, "a.pdf", b"%PDF a")
    delivered = deliver(stack, rid)
    assert delivered["status"] == "DOCUMENT_DELIVERY"
    assert delivered["delivery"]["link_token"] is None
    seen = stack.call("GET", f"/requests/{rid}", user="patron").json()
    assert (seen["delivery"], seen["awaiting_approval"]) == (None, True)
    assert READY not in subjects_to(stack, "patron1@example.edu")
    approved = stack.call(
        "POST", f"/requests/{rid}/approve", user=MANAGER, json={"task": "approval", "reason": "Other"}
    )
    assert approved.status_code == 200, approved.text
    token = approved.json()["delivery"]["link_token"]
    assert READY in subjects_to(stack, "patron1@example.edu")
    path = stack.call("GET", f"/requests/{rid}", user="patron").json()["delivery"]["download_path"]
    assert path == f"/downloads/{token}"
    assert stack.call("GET", path, user="patron", allow_redirects=False).status_code == 302


def test_a_parallel_delivery_raced_by_an_approval_and_a_cancel(fresh_stack: RunningStack) -> None:
    stack = fresh_stack
    only_rule(stack, {"target": "document_delivery_link", "max_views": 2, "approval": PARALLEL})
    for user in (OPERATOR, MANAGER, "patron"):
        stack.login(user)
    outcomes: dict[str, int] = {}
    for _ in range(3):
        rid = at_delivery(stack)
        upload(stack, rid, "a.pdf", b"%PDF a")
        deliver(stack, rid)
        with ThreadPoolExecutor(max_workers=2) as pool:
            approve = pool.submit(
                stack.call,
                "POST",
                f"/requests/{rid}/approve",
                user=MANAGER,
                json={"task": "approval", "reason": "Other"},
            )
            cancel = pool.submit(
                stack.call, "POST", f"/requests/{rid}/cancel", user=OPERATOR, json={"reason": "other"}
            )
        statuses = {approve.result().status_code, cancel.result().status_code}
        assert statuses <= {200, 409}, statuses
        final = stack.call("GET", f"/requests/{rid}", user=OPERATOR).json()
        outcomes[final["status"]] = outcomes.get(final["status"], 0) + 1
        seen = stack.call("GET", f"/requests/{rid}", user="patron").json()
        if final["status"] == "COMPLETED":
            assert cancel.result().status_code == 409
            path = seen["delivery"]["download_path"]
            assert stack.call("GET", path, user="patron", allow_redirects=False).status_code == 302
        else:
            assert final["status"] == "CANCELLED"
            assert seen["delivery"] is None
            assert s3_keys(stack, f"delivery/{rid}/") == [], "the prepared file is gone"
    assert sum(outcomes.values()) == 3


def test_a_rejection_after_a_repository_delivery(fresh_stack: RunningStack) -> None:
    stack = fresh_stack
    only_rule(
        stack,
        {"target": "digital_inventory", "representation": {"collection": "Reserves"}, "approval": PARALLEL},
    )
    rid = at_delivery(stack)
    upload(stack, rid, "whole.pdf", b"%PDF whole")
    representation_id = deliver(stack, rid)["delivery"]["representation_id"]
    assert stack.call("GET", f"/representations/{representation_id}", user="patron").status_code == 404
    assert stack.call("GET", f"/representations/{representation_id}", user=OPERATOR).status_code == 200
    assert s3_keys(stack, f"representations/{representation_id}/")
    rejected = stack.call(
        "POST", f"/requests/{rid}/reject", user=MANAGER, json={"task": "approval", "reason": "Other"}
    )
    assert rejected.json()["status"] == "REJECTED"
    assert stack.call("GET", f"/representations/{representation_id}", user=OPERATOR).status_code == 404
    assert s3_keys(stack, f"representations/{representation_id}/") == []
    assert "Your digitization request could not be approved" in subjects_to(stack, "patron1@example.edu")


def test_what_the_patron_sees_and_can_do(fresh_stack: RunningStack) -> None:
    stack = fresh_stack
    only_rule(stack, {"target": "document_delivery_link", "max_views": 2, "approval": {"required": True}})
    created = stack.call("POST", "/requests", user="patron", json=copy.deepcopy(CREATE_BODY)).json()
    rid = created["id"]
    assert created["can_cancel"] is True
    stack.call("POST", f"/requests/{rid}/notes", user=OPERATOR, json={"text": "internal remark"})
    stack.call("POST", f"/requests/{rid}/scan-in", user=OPERATOR, json=DESK)
    seen = stack.call("GET", f"/requests/{rid}", user="patron")
    assert "internal remark" not in seen.text
    assert "operator1" not in seen.text
    assert seen.json()["awaiting_approval"] is True
    fixed = stack.call("PATCH", f"/requests/{rid}", user=OPERATOR, json={"pages": "1-3"})
    assert fixed.status_code == 409, "the rules decided on the pages"
    late = stack.call("POST", f"/requests/{rid}/cancel", user="patron", json={})
    assert late.status_code == 409, "a patron cancels only while the request is in transit"
    waiting = [r["id"] for r in stack.call("GET", "/approvals", user=MANAGER).json()["items"]]
    assert rid in waiting
    assert (
        stack.call("POST", f"/requests/{rid}/cancel", user=OPERATOR, json={"reason": "other"}).status_code
        == 200
    )
    waiting = [r["id"] for r in stack.call("GET", "/approvals", user=MANAGER).json()["items"]]
    assert rid not in waiting, "a cancelled request leaves the pending list"
    fresh = stack.call("POST", "/requests", user="patron", json=copy.deepcopy(CREATE_BODY)).json()["id"]
    own = stack.call("POST", f"/requests/{fresh}/cancel", user="patron", json={})
    assert (own.status_code, own.json()["status"]) == (200, "CANCELLED")
