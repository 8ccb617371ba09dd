"""Approval and copyright clearance against moto: modes, decisions, letters (read back from SES), files."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import boto3
import pytest
from moto.ses.models import ses_backends

from digitization.auth import Caller, Role
from digitization.clock import today
from digitization.domain.approvals import Approve, RejectReason
from digitization.domain.requests import CancelReason, TaskType
from digitization.domain.rules import ApproveReason, RuleInput
from digitization.errors import Conflict
from digitization.service import approvals as approval_service
from digitization.service import requests as request_service
from digitization.service import rules as rule_service
from digitization.service.expiry import expire_due
from local_stack.resources import Stack
from tests.integration.conftest import Invoke

NewRequest = Callable[..., dict[str, Any]]
ADMIN = Caller(username="admin1", email=None, roles=frozenset({Role.FULFILLMENT_ADMIN}))
MANAGER = Caller(username="manager1", email=None, roles=frozenset({Role.FULFILLMENT_SERVICES_MANAGER}))
OPERATOR = Caller(username="operator1", email=None, roles=frozenset({Role.WORK_ORDER_OPERATOR}))
BASE_URL = "https://abc123.execute-api.us-east-1.amazonaws.com/dev"


def install_rule(approval: dict[str, Any] | None = None, clearance: dict[str, Any] | None = None) -> None:
    output = {
        "target": "document_delivery_attachment",
        "approval": approval or {"required": False},
        "copyright_clearance": clearance or {"required": False},
    }
    rule_service.create_rule(
        ADMIN, RuleInput.model_validate({"name": "Tasks", "clauses": [], "output": output})
    )


def sent_mail() -> list[Any]:
    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


def letters_to(address: str) -> list[str]:
    return [m.subject for m in sent_mail() if address in m.destinations["ToAddresses"]]


@pytest.fixture
def scanned(call: Invoke, new_request: NewRequest) -> Callable[..., str]:
    def _scanned(**changes: Any) -> str:
        rid: str = new_request(**changes)["id"]
        assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
        return rid

    return _scanned


def approve(
    call: Invoke, rid: str, task: str = "approval", reason: str = "Covered by License", user: str = "manager1"
) -> Any:
    return call(
        "decide_approval",
        "decide_approval/approve",
        user=user,
        path_params={"id": rid},
        body={"task": task, "reason": reason},
    )


def test_blocking_mode_holds_the_next_step_until_approved(
    aws: Stack, call: Invoke, scanned: Callable[..., str]
) -> None:
    install_rule(approval={"required": True, "mode": "blocking"})
    rid = scanned()
    refused = call("next_step", "next_step/at_digi_main", path_params={"id": rid})
    assert refused.status == 409
    assert "approval is pending" in refused.body["error"]["message"]
    assert approve(call, rid).status == 200
    assert call("next_step", "next_step/at_digi_main", path_params={"id": rid}).status == 200


def test_parallel_mode_lets_work_go_on(aws: Stack, call: Invoke, scanned: Callable[..., str]) -> None:
    install_rule(approval={"required": True, "mode": "parallel"})
    rid = scanned()
    moved = call("next_step", "next_step/at_digi_main", path_params={"id": rid})
    assert moved.status == 200
    assert moved.body["tasks"][0]["status"] == "pending"
    approved = approve(call, rid)
    assert approved.body["status"] == "DOCUMENT_DELIVERY"
    assert approved.body["tasks"][0]["decided_by"] == "manager1"


def test_auto_approved_needs_nothing_and_tells_nothing(
    aws: Stack, call: Invoke, scanned: Callable[..., str]
) -> None:
    install_rule(clearance={"required": True, "mode": "auto_approved", "reason": "Open Access"})
    rid = scanned()
    request = call("get_request", "get_request/one", user="operator1", path_params={"id": rid}).body
    assert [(t["status"], t["reason"], t["decided_by"]) for t in request["tasks"]] == [
        ("approved", "Open Access", "system")
    ]
    assert call("next_step", "next_step/at_digi_main", path_params={"id": rid}).status == 200
    assert sent_mail() == []
    again = approve(call, rid, task="copyright_clearance", user="digimanager1")
    assert again.status == 409


@pytest.mark.parametrize("reason", [r.value for r in ApproveReason])
def test_every_approve_reason(aws: Stack, call: Invoke, scanned: Callable[..., str], reason: str) -> None:
    install_rule(approval={"required": True})
    rid = scanned()
    reply = approve(call, rid, reason=reason)
    assert reply.status == 200
    assert reply.body["tasks"][0]["reason"] == reason


@pytest.mark.parametrize("reason", [r.value for r in RejectReason])
def test_every_reject_reason(aws: Stack, call: Invoke, scanned: Callable[..., str], reason: str) -> None:
    install_rule(approval={"required": True})
    rid = scanned()
    reply = call(
        "decide_approval",
        "decide_approval/reject",
        user="manager1",
        path_params={"id": rid},
        body={"task": "approval", "reason": reason, "note": "n"},
    )
    assert reply.status == 200
    assert reply.body["status"] == "REJECTED"
    assert reply.body["history"][-1]["reason"] == reason


@pytest.mark.parametrize(
    ("event", "allowed"),
    [("decide_approval/approve", "Creative Commons"), ("decide_approval/reject", "Rejected by CCC")],
)
def test_a_reason_off_the_list_is_refused_with_the_list(
    aws: Stack, call: Invoke, scanned: Callable[..., str], event: str, allowed: str
) -> None:
    install_rule(approval={"required": True})
    rid = scanned()
    reply = call(
        "decide_approval",
        event,
        user="manager1",
        path_params={"id": rid},
        body={"task": "approval", "reason": "Because"},
    )
    assert reply.status == 422
    assert reply.body["error"]["field"] == "reason"
    assert allowed in reply.body["error"]["message"]


def test_clearance_needs_cc_number_and_dates(aws: Stack, call: Invoke, scanned: Callable[..., str]) -> None:
    install_rule(clearance={"required": True})
    rid = scanned()
    refused = approve(call, rid, task="copyright_clearance", user="digimanager1")
    assert refused.status == 422
    assert refused.body["error"]["field"] == "cc_number"
    assert "cc_order_date" in refused.body["error"]["message"]
    backwards = call(
        "work_on_approval",
        "work_on_approval/cc_fields",
        path_params={"id": rid},
        body={"cc_order_date": "2026-11-20", "cc_approval_date": "2026-11-01"},
    )
    assert backwards.status == 422
    assert backwards.body["error"]["field"] == "cc_approval_date"
    worked = call(
        "work_on_approval", "work_on_approval/cc_fields", user="digimanager1", path_params={"id": rid}
    )
    assert worked.body["approval"]["cc_number"] == "CCC-2026-0042"
    wrong_role = approve(call, rid, task="copyright_clearance", user="manager1")
    assert wrong_role.status == 403
    assert approve(call, rid, task="copyright_clearance", user="digimanager1").status == 200


def test_roles(aws: Stack, call: Invoke, scanned: Callable[..., str]) -> None:
    install_rule(approval={"required": True})
    rid = scanned()
    assert approve(call, rid, user="digimanager1").status == 403, (
        "the approval task is the fulfillment services manager's"
    )
    assert approve(call, rid, user="operator1").status == 403
    assert call("list_approvals", "list_approvals/pending", user="patron1").status == 403
    assert (
        call(
            "work_on_approval", "work_on_approval/cc_fields", user="operator1", path_params={"id": rid}
        ).status
        == 403
    )
    missing_task = approve(call, rid, task="copyright_clearance", user="digimanager1")
    assert missing_task.status == 404
    assert missing_task.body["error"]["field"] == "task"


def test_letter_withheld_until_approval_and_sent_once(
    aws: Stack, call: Invoke, scanned: Callable[..., str]
) -> None:
    install_rule(
        approval={"required": True, "mode": "parallel"}, clearance={"required": True, "mode": "parallel"}
    )
    rid = scanned()
    call("work_on_approval", "work_on_approval/cc_fields", path_params={"id": rid})
    assert approve(call, rid, task="copyright_clearance", user="digimanager1").status == 200
    assert letters_to("patron1@example.edu") == [], "one task still pending: nothing reaches the patron"
    first = approve(call, rid)
    second = approve(call, rid)
    assert first.status == 200
    assert second.status == 409, "the retried handler finds the task decided"
    assert letters_to("patron1@example.edu") == ["Your digitization request has been approved"]
    letter = first.body["letters"][0]
    assert (letter["kind"], letter["status"]) == ("approved", "sent")
    assert letter["message_id"]


def test_reject_deletes_delivery_files_and_tells_the_reason(
    aws: Stack, call: Invoke, scanned: Callable[..., str]
) -> None:
    install_rule(approval={"required": True, "mode": "parallel"})
    rid = scanned()
    s3 = boto3.client("s3")
    for name in ("a.pdf", "b.pdf"):
        s3.put_object(Bucket=aws.bucket, Key=f"delivery/{rid}/{name}", Body=b"%PDF-1.4")
    s3.put_object(Bucket=aws.bucket, Key="delivery/other-request/keep.pdf", Body=b"%PDF-1.4")
    rejected = call("decide_approval", "decide_approval/reject", path_params={"id": rid}, user="manager1")
    assert rejected.body["status"] == "REJECTED"
    left = [o["Key"] for o in s3.list_objects_v2(Bucket=aws.bucket, Prefix="delivery/").get("Contents", [])]
    assert left == ["delivery/other-request/keep.pdf"]
    mail = [m for m in sent_mail() if "patron1@example.edu" in m.destinations["ToAddresses"]]
    assert [m.subject for m in mail] == ["Your digitization request could not be approved"]
    assert "Rejected by Manager" in mail[0].body
    assert (
        call("decide_approval", "decide_approval/approve", path_params={"id": rid}, user="manager1").status
        == 409
    )


def test_approve_racing_cancel_one_409_consistent_history(
    aws: Stack, call: Invoke, scanned: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from digitization.data.requests import RequestRepository

    install_rule(approval={"required": True})
    rid = scanned()
    barrier = threading.Barrier(2, timeout=10)
    original = RequestRepository.get
    reads = iter(range(2))
    lock = threading.Lock()

    def get(self: RequestRepository, request_id: str) -> Any:
        found = original(self, request_id)
        with lock:
            wait = next(reads, None) is not None
        if wait:
            barrier.wait()
        return found

    monkeypatch.setattr(RequestRepository, "get", get)

    def run(action: Callable[[], Any]) -> Any:
        try:
            return action()
        except Conflict as exc:
            return exc

    with ThreadPoolExecutor(2) as pool:
        results = list(
            pool.map(
                run,
                [
                    lambda: approval_service.approve(
                        MANAGER, rid, Approve(task=TaskType.APPROVAL, reason=ApproveReason.OTHER), BASE_URL
                    ),
                    lambda: request_service.cancel(OPERATOR, rid, CancelReason.OTHER, None),
                ],
            )
        )
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(conflicts) == 1
    stored = request_service.get_request(MANAGER, rid)
    actions = [h.action for h in stored.history]
    assert ("approve_approval" in actions) != ("cancel" in actions), "exactly one of the two happened"
    assert conflicts[0].current_status == stored.status


def test_approvals_list_filters_and_find(aws: Stack, call: Invoke, scanned: Callable[..., str]) -> None:
    install_rule(approval={"required": True})
    pending = scanned(item={"title": "Ornament and Crime"})
    decided = scanned(item={"title": "Loos: Collected Essays"})
    approve(call, decided)
    listed = call("list_approvals", "list_approvals/pending")
    assert [r["id"] for r in listed.body["items"]] == [pending]
    approved = call("list_approvals", "list_approvals/pending", query={"status": "approved"})
    assert [r["id"] for r in approved.body["items"]] == [decided]
    by_isbn10 = call("list_approvals", "list_approvals/pending", query={"find": "1861894112"})
    assert [r["id"] for r in by_isbn10.body["items"]] == [pending]
    by_title = call(
        "list_approvals", "list_approvals/pending", query={"status": "approved", "find": "COLLECTED"}
    )
    assert [r["id"] for r in by_title.body["items"]] == [decided]
    call("work_on_approval", "work_on_approval/cc_fields", path_params={"id": pending})
    by_cc = call("list_approvals", "list_approvals/pending", query={"find": "ccc-2026-0042"})
    assert [r["id"] for r in by_cc.body["items"]] == [pending]


def test_filter_by_this_record(aws: Stack, call: Invoke, scanned: Callable[..., str]) -> None:
    install_rule(approval={"required": True})
    book10 = scanned(item={"mms_id": "m-book", "isbn": "1-86189-411-2"})
    book13 = scanned(item={"mms_id": "m-other-edition", "isbn": "978-1-86189-411-3"})
    same_mms = scanned(item={"mms_id": "m-book", "isbn": None})
    other_book = scanned(item={"mms_id": "m-x", "isbn": "0-306-40615-2"})
    assert {
        r["id"]
        for r in call("list_approvals", "list_approvals/by_record", query={"record_of": book10}).body["items"]
    } == {book10, book13, same_mms}
    journal = {"isbn": None, "issn": "0317-8471", "mms_id": "m-j"}
    this = scanned(
        item={**journal, "volume": "4", "issue": "2"}, request_type="staff_digitization", course=None
    )
    no_issue = scanned(
        item={**journal, "mms_id": "m-j2", "volume": "4", "issue": None},
        request_type="staff_digitization",
        course=None,
    )
    neither = scanned(
        item={**journal, "mms_id": "m-j3", "volume": None, "issue": None},
        request_type="staff_digitization",
        course=None,
    )
    other_issue = scanned(
        item={**journal, "mms_id": "m-j4", "volume": "4", "issue": "3"},
        request_type="staff_digitization",
        course=None,
    )
    other_volume = scanned(
        item={**journal, "mms_id": "m-j5", "volume": "5", "issue": None},
        request_type="staff_digitization",
        course=None,
    )
    found = {
        r["id"]
        for r in call("list_approvals", "list_approvals/by_record", query={"record_of": this}).body["items"]
    }
    assert found == {this, no_issue, neither}
    assert other_issue not in found
    assert other_volume not in found
    assert other_book not in {
        r["id"]
        for r in call("list_approvals", "list_approvals/by_record", query={"record_of": book13}).body["items"]
    }


def test_expiry_job_closes_and_tells(aws: Stack, call: Invoke, new_request: NewRequest) -> None:
    from digitization.data.requests import RequestRepository

    soon = new_request(expiration_date=today().isoformat())["id"]
    later = new_request(expiration_date=(today() + timedelta(days=30)).isoformat())["id"]
    done = new_request(expiration_date=today().isoformat())["id"]
    call("cancel_request", "cancel_request/by_patron_wish", path_params={"id": done})
    repo = RequestRepository()
    for rid in (soon, done):  # time passes: their expiration date is now yesterday
        stored = repo.get(rid)
        repo.save(stored.model_copy(update={"expiration_date": today() - timedelta(days=1)}))
    report = expire_due()
    assert report.expired == [soon]
    assert report.skipped == []
    closed = request_service.get_request(MANAGER, soon)
    assert (closed.status, closed.history[-1].action, closed.history[-1].reason) == (
        "CANCELLED",
        "expire",
        "expired",
    )
    assert request_service.get_request(MANAGER, later).status == "IN_TRANSIT"
    assert "Your digitization request has expired" in letters_to("patron1@example.edu")
    assert expire_due().expired == [], "idempotent"


def test_attachments(aws: Stack, call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    added = call("approval_attachments", "approval_attachments/add", path_params={"id": rid})
    assert added.status == 201
    attachment = added.body["attachment"]
    policy = json.loads(base64.b64decode(added.body["upload"]["fields"]["policy"]))
    assert ["content-length-range", 1, 10 * 1024 * 1024] in policy["conditions"]
    assert {"key": attachment["key"]} in policy["conditions"]
    assert attachment["key"].startswith(f"approvals/{rid}/")
    ids = {"id": rid, "att_id": attachment["id"]}
    listed = call("approval_attachments", "approval_attachments/list", path_params={"id": rid})
    assert [(a["file_name"], a["uploaded"]) for a in listed.body] == [("clearance.pdf", False)], (
        "stored before the upload"
    )
    not_yet = call("approval_attachments", "approval_attachments/download", path_params=ids)
    assert not_yet.status == 409
    s3 = boto3.client("s3")
    s3.put_object(Bucket=aws.bucket, Key=attachment["key"], Body=b"%PDF-1.4 confirmation")
    assert (
        call("approval_attachments", "approval_attachments/list", path_params={"id": rid}).body[0]["uploaded"]
        is True
    )
    link = call("approval_attachments", "approval_attachments/download", path_params=ids)
    assert link.status == 200
    assert "response-content-disposition=attachment" in link.body["url"]
    replaced = call(
        "approval_attachments",
        "approval_attachments/edit",
        path_params=ids,
        body={"file_name": "signed.pdf", "note": "signed"},
    )
    assert replaced.body["attachment"]["note"] == "signed"
    assert replaced.body["upload"] is not None
    keys = [
        o["Key"]
        for o in s3.list_objects_v2(Bucket=aws.bucket, Prefix=f"approvals/{rid}/").get("Contents", [])
    ]
    assert keys == [], "the replaced file is gone"
    assert call("approval_attachments", "approval_attachments/delete", path_params=ids).status == 204
    assert call("approval_attachments", "approval_attachments/list", path_params={"id": rid}).body == []
    empty = call(
        "approval_attachments", "approval_attachments/add", path_params={"id": rid}, body={"note": "nothing"}
    )
    assert empty.status == 422
    assert empty.body["error"]["field"] == "file_name"
    assert (
        call(
            "approval_attachments", "approval_attachments/list", user="operator1", path_params={"id": rid}
        ).status
        == 403
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"file_name": "evidence.html", "content_type": "text/html"}, "content_type"),
        ({"file_name": "evidence.html"}, "file_name"),
        ({"file_name": "evidence.svg", "content_type": "image/svg+xml"}, "content_type"),
        ({"file_name": "evidence.pdf", "content_type": "text/plain"}, "content_type"),
    ],
)
def test_an_attachment_a_browser_would_run_is_refused(
    call: Invoke, new_request: NewRequest, body: dict[str, Any], field: str
) -> None:
    """Its presigned GET would serve it with the type it was uploaded with: no markup."""
    rid = new_request()["id"]
    refused = call("approval_attachments", "approval_attachments/add", path_params={"id": rid}, body=body)
    assert (refused.status, refused.body["error"]["field"]) == (422, field)
    assert call("approval_attachments", "approval_attachments/list", path_params={"id": rid}).body == []


def test_an_attachment_takes_its_type_from_its_name(call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    added = call(
        "approval_attachments",
        "approval_attachments/add",
        path_params={"id": rid},
        body={"file_name": "Permission.EML", "note": "the publisher's mail"},
    )
    assert added.status == 201, added.body
    assert added.body["attachment"]["content_type"] == "message/rfc822"
    assert added.body["upload"]["fields"]["Content-Type"] == "message/rfc822"
