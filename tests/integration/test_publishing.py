"""Nothing reaches the patron before approval (SPEC §5.3): delivery prepares, the last approval publishes.

Staff may deliver in parallel mode before the last approval. Until it comes, no link is
issued (no token in any response, the links table holds none), the representation is
hidden from patrons and no letter goes out; at the approval all of it goes live once,
whatever races it. A rejection or a cancellation takes back everything prepared.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from moto.s3.models import s3_backends

from digitization.clock import clock
from digitization.domain.approvals import Approve
from digitization.domain.requests import CancelReason, TaskType
from digitization.domain.rules import ApproveReason
from digitization.service import approvals as approval_service
from digitization.service import cleanup
from digitization.service import delivery as delivery_service
from digitization.service import downloads as download_service
from digitization.service import requests as request_service
from digitization.service.delivery import DeliverInput
from local_stack.resources import Stack
from tests.integration.conftest import Invoke
from tests.integration.delivering import (
    BASE_URL,
    MANAGER,
    OPERATOR,
    PATRON,
    READY,
    install_rule,
    keys_under,
    links_of,
    mail_with,
    subjects,
    upload,
)
from tests.integration.digital_objects import visit

PARALLEL = {"required": True, "mode": "parallel"}
APPROVE = Approve(task=TaskType.APPROVAL, reason=ApproveReason.COVERED_BY_LICENSE)


def staff_read(call: Invoke, rid: str) -> dict[str, Any]:
    reply = call("get_request", "get_request/one", user="operator1", path_params={"id": rid})
    assert reply.status == 200
    body: dict[str, Any] = reply.body
    return body


def patron_read(call: Invoke, rid: str) -> dict[str, Any]:
    reply = call("get_request", "get_request/one", user="patron1", path_params={"id": rid})
    assert reply.status == 200
    body: dict[str, Any] = reply.body
    return body


def deliver(call: Invoke, rid: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    reply = call(
        "deliver",
        "deliver/as_the_rule_says",
        path_params={"id": rid},
        body={"department": "DIGI-MAIN", **(body or {})},
    )
    assert reply.status == 200, reply.body
    delivered: dict[str, Any] = reply.body
    return delivered


def test_a_link_delivered_before_approval_is_not_issued_until_the_approval(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=3)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF a")
    delivered = deliver(call, rid)
    assert delivered["status"] == "DOCUMENT_DELIVERY"
    assert delivered["delivery"]["link_token"] is None
    assert delivered["delivery"]["published_at"] is None
    assert "publishing_token" not in delivered["delivery"], "internal: never in a response"
    assert links_of(aws, rid) == [], "no link exists, so no download can be counted"
    assert READY not in subjects()
    before = patron_read(call, rid)
    assert before["delivery"] is None
    assert before["awaiting_approval"] is True

    approved = call("decide_approval", "decide_approval/approve", user="manager1", path_params={"id": rid})
    assert approved.status == 200, approved.body
    assert approved.body["status"] == "COMPLETED"
    token = approved.body["delivery"]["link_token"]
    assert token
    assert [link["token"] for link in links_of(aws, rid)] == [token]
    letter = mail_with(READY)
    assert len(letter) == 1
    assert f"/d/{token}" in letter[0].body
    after = patron_read(call, rid)
    assert after["awaiting_approval"] is False
    assert after["delivery"]["download_path"] == f"/downloads/{token}"
    assert (after["delivery"]["max_views"], after["delivery"]["views_left"]) == (3, 3)
    assert download_service.download(PATRON, token).counted
    assert patron_read(call, rid)["delivery"]["views_left"] == 2


def test_rejection_after_a_parallel_link_delivery_removes_the_prepared_zip(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=2)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF a")
    upload(aws, call, rid, "b.pdf", b"%PDF b")
    delivered = deliver(call, rid)
    zip_key = delivered["delivery"]["link_key"]
    assert zip_key.endswith(".zip")
    assert zip_key in keys_under(aws, f"delivery/{rid}/")
    rejected = call("decide_approval", "decide_approval/reject", user="manager1", path_params={"id": rid})
    assert rejected.body["status"] == "REJECTED"
    assert [(letter["kind"], letter["status"]) for letter in rejected.body["letters"]] == [
        ("rejected", "sent")
    ]
    assert rejected.body["delivery"]["link_token"] is None
    assert READY not in subjects()
    assert keys_under(aws, f"delivery/{rid}/") == [], "the zip and the uploads are gone"
    assert links_of(aws, rid) == []


def test_a_repository_delivery_stays_hidden_until_approved(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule(
        "digital_inventory",
        approval=PARALLEL,
        representation={"collection": "Course reserves", "active": True},
    )
    rid = at_delivery()
    upload(aws, call, rid, "whole.pdf", b"%PDF whole")
    representation_id = deliver(call, rid)["delivery"]["representation_id"]
    assert visit("view", representation_id, user="patron1").status == 404, "hidden from patrons"
    assert visit("view", representation_id, user="patron2").status == 404
    assert visit("view", representation_id, user=None).status == 404
    assert visit("view", representation_id, user="operator1").status == 200, "staff see what they made"
    assert "Your digitized copy is in the library's repository" not in subjects()

    approved = call("decide_approval", "decide_approval/approve", user="manager1", path_params={"id": rid})
    assert approved.body["status"] == "COMPLETED"
    assert visit("view", representation_id, user="patron1").status == 200, "live at the approval"
    assert len(mail_with("Your digitized copy is in the library's repository")) == 1


def test_rejection_after_a_repository_delivery_removes_the_representation_and_its_files(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule(
        "digital_inventory",
        approval=PARALLEL,
        representation={"collection": "Course reserves", "active": True},
    )
    rid = at_delivery()
    upload(aws, call, rid, "whole.pdf", b"%PDF whole")
    representation_id = deliver(call, rid)["delivery"]["representation_id"]
    assert keys_under(aws, f"representations/{representation_id}/")
    rejected = call("decide_approval", "decide_approval/reject", user="manager1", path_params={"id": rid})
    assert rejected.body["status"] == "REJECTED"
    assert visit("view", representation_id, user="operator1").status == 404, "the representation is gone"
    assert keys_under(aws, f"representations/{representation_id}/") == [], "and its files"
    assert keys_under(aws, f"delivery/{rid}/") == []


def test_cancelling_a_parallel_delivery_takes_it_back(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=2)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF a")
    deliver(call, rid)
    cancelled = call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": rid})
    assert cancelled.body["status"] == "CANCELLED"
    late = call("decide_approval", "decide_approval/approve", user="manager1", path_params={"id": rid})
    assert late.status == 409
    assert keys_under(aws, f"delivery/{rid}/") == []
    assert links_of(aws, rid) == []
    assert READY not in subjects()


@pytest.mark.parametrize("attempt", range(4))
def test_a_parallel_delivery_raced_by_an_approval_and_a_cancel(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str], attempt: int
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=2)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF a")
    deliver(call, rid)

    def approve() -> str:
        try:
            approval_service.approve(MANAGER, rid, APPROVE, BASE_URL)
        except Exception as exc:  # the loser's 409, as the handler would answer
            return type(exc).__name__
        return "ok"

    def cancel() -> str:
        try:
            request_service.cancel(OPERATOR, rid, CancelReason.OTHER, None)
        except Exception as exc:
            return type(exc).__name__
        return "ok"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = [pool.submit(approve), pool.submit(cancel)]
    results = [future.result() for future in outcomes]
    assert set(results) <= {"ok", "Conflict"}, results
    assert "ok" in results
    final = staff_read(call, rid)
    live = [link for link in links_of(aws, rid) if int(link["expires_at"]) > time.time()]
    if final["status"] == "COMPLETED":
        assert results[1] == "Conflict", "a completed request cannot be cancelled"
        assert [link["token"] for link in live] == [final["delivery"]["link_token"]]
        assert subjects().count(READY) == 1
    else:
        assert final["status"] == "CANCELLED"
        assert final["delivery"] is None or final["delivery"]["published_at"] is None
        assert live == [], "nothing usable is left behind"
        assert READY not in subjects()
        assert keys_under(aws, f"delivery/{rid}/") == []


@pytest.mark.parametrize("attempt", range(3))
def test_delivery_and_approval_racing_publish_once(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str], attempt: int
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=2)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF a")
    with ThreadPoolExecutor(max_workers=3) as pool:
        jobs = [
            pool.submit(
                delivery_service.deliver, OPERATOR, rid, DeliverInput(department="DIGI-MAIN"), BASE_URL
            ),
            pool.submit(approval_service.approve, MANAGER, rid, APPROVE, BASE_URL),
        ]
        for job in jobs:
            job.result()
    final = staff_read(call, rid)
    assert final["status"] == "COMPLETED"
    assert [h["action"] for h in final["history"]].count("publish") == 1
    assert [link["token"] for link in links_of(aws, rid)] == [final["delivery"]["link_token"]]
    assert subjects().count(READY) == 1
    again = call("decide_approval", "decide_approval/approve", user="manager1", path_params={"id": rid})
    assert again.status == 409, "a retried approval finds it decided"
    assert subjects().count(READY) == 1, "and sends nothing twice"


def test_a_link_file_lives_until_the_link_expires(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link", max_views=2)
    rid = at_delivery()
    uploaded = upload(aws, call, rid, "a.pdf", b"%PDF a")
    twenty_days_ago = datetime.now(UTC) - timedelta(days=20)
    bucket = s3_backends["123456789012"]["aws"].buckets[aws.bucket]
    bucket.keys[uploaded["key"]].last_modified = twenty_days_ago  # uploaded on day 0, delivered on day 20
    delivery_day = datetime.now(UTC).replace(microsecond=0)
    with clock.at(delivery_day):
        delivered = deliver(call, rid)
    token, link_key = delivered["delivery"]["link_token"], delivered["delivery"]["link_key"]
    assert link_key != uploaded["key"], "the link has its own object, made at delivery"
    day_31_after_upload = delivery_day.timestamp() + 11 * 86400
    report = cleanup.run(now=day_31_after_upload)
    assert uploaded["key"] in report.objects, "the upload is gone after the cleanup days"
    assert keys_under(aws, link_key) == [link_key], "the link's file lives on"
    assert download_service.download(PATRON, token).counted
    expires = next(int(link["expires_at"]) for link in links_of(aws, rid))
    assert expires == int(delivery_day.timestamp()) + 30 * 86400, "cleanup days after delivery"


def test_a_delivery_whose_copy_expired_before_the_approval_is_not_published(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=2)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF a")
    deliver(call, rid)
    with clock.at(datetime.now(UTC) + timedelta(days=31)):
        approved = call(
            "decide_approval", "decide_approval/approve", user="manager1", path_params={"id": rid}
        )
    assert approved.status == 200
    assert approved.body["status"] == "DOCUMENT_DELIVERY", (
        "the approval stands; the delivery must be made again"
    )
    assert approved.body["delivery"] is None
    assert approved.body["history"][-1]["action"] == "delivery_expired"
    assert links_of(aws, rid) == []
    assert READY not in subjects()


def test_the_approval_list_shows_only_requests_still_waiting(
    aws: Stack, call: Invoke, new_request: Callable[..., dict[str, Any]]
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=2)
    waiting, cancelled = (new_request()["id"] for _ in range(2))
    for rid in (waiting, cancelled):
        assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
    call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": cancelled})
    pending = call("list_approvals", "list_approvals/pending", user="manager1", query={"status": "pending"})
    assert [r["id"] for r in pending.body["items"]] == [waiting]
    closed = call("list_approvals", "list_approvals/pending", user="manager1", query={"status": "closed"})
    assert [r["id"] for r in closed.body["items"]] == [cancelled]


def test_a_patron_list_shows_the_views_left_of_each_link(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str]
) -> None:
    install_rule("document_delivery_link", max_views=4)
    made = []
    for name in ("a.pdf", "b.pdf"):
        rid = at_delivery(user="patron1")
        upload(aws, call, rid, name, b"%PDF")
        made.append(deliver(call, rid)["delivery"]["link_token"])
    download_service.download(PATRON, made[0])
    listed = call("list_requests", "list_requests/by_status", user="patron1", query={"limit": "10"})
    views = {
        r["delivery"]["download_path"].rsplit("/", 1)[1]: r["delivery"]["views_left"]
        for r in listed.body["items"]
    }
    assert views == {made[0]: 3, made[1]: 4}
