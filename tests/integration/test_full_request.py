"""A full request refuses more content with a 409 naming the limit, and stays workable (SPEC §8).

A request is one DynamoDB item holding its notes, attachments, letters and history. Filled with
notes through the handlers until one is refused, it can still be worked on (CC number and
dates), approved, rejected, delivered, published and cancelled, and the item DynamoDB stores
stays under 400 KB: measured from the raw item, as DynamoDB counts it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest

from digitization.data.item_size import item_bytes
from digitization.data.repositories import repositories
from digitization.domain import limits
from local_stack.resources import Stack
from tests.integration.conftest import Invoke
from tests.integration.delivering import install_rule, upload

WIDE = "\U0001f4da"  # one character, four bytes in UTF-8
LONG_NOTE = WIDE * limits.NOTE_CHARS  # 16,000 bytes


@pytest.fixture
def full(call: Invoke, new_request: Callable[..., dict[str, Any]]) -> Callable[[], str]:
    """A request of patron1 with both tasks, scanned in, then filled with notes until even one character is refused."""

    def _full() -> str:
        rid: str = new_request(user="patron1")["id"]
        assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
        added = 0
        for chars in (limits.NOTE_CHARS, 400, 20, 1):  # long notes, then shorter ones into what is left
            while (reply := add_note(call, rid, WIDE * chars)).status == 201:
                added += 1
                assert added < 100
            assert reply.status == 409, reply.body
            assert reply.body["error"]["code"] == "request_full"
            assert reply.body["error"]["field"] == "text"
            assert f"over the {limits.REQUEST_BUDGET_BYTES // 1024} KiB" in reply.body["error"]["message"]
        return rid

    return _full


@pytest.fixture(autouse=True)
def _rule_with_both_tasks(aws: Stack) -> None:
    install_rule(
        "document_delivery_link",
        approval={"required": True, "mode": "parallel"},
        copyright_clearance={"required": True, "mode": "parallel"},
        max_views=5,
    )


def add_note(call: Invoke, rid: str, text: str) -> Any:
    return call("notes", "notes/add", path_params={"id": rid}, body={"text": text})


def stored_bytes(aws: Stack, rid: str) -> int:
    """The request's item as DynamoDB holds it, counted as DynamoDB counts it."""
    item = boto3.client("dynamodb").get_item(TableName=aws.tables["RequestsTable"], Key={"id": {"S": rid}})
    return item_bytes(item["Item"])


def assert_fits(aws: Stack, rid: str) -> None:
    stored = stored_bytes(aws, rid)
    assert stored < limits.DYNAMODB_ITEM_BYTES
    assert stored <= limits.request_bytes(repositories().requests.get(rid)), "the measure is conservative"


def decide(call: Invoke, rid: str, action: str, task: str, reason: str) -> Any:
    user = "manager1" if task == "approval" else "digimanager1"
    body = {"task": task, "reason": reason, "note": LONG_NOTE}
    return call("decide_approval", f"decide_approval/{action}", user=user, path_params={"id": rid}, body=body)


def test_a_full_request_refuses_content_but_is_worked_on_approved_and_cancelled(
    aws: Stack, call: Invoke, full: Callable[[], str]
) -> None:
    rid = full()
    assert_fits(aws, rid)
    # More content: refused, whatever carries it.
    assert add_note(call, rid, "one more").status == 409
    attachment = call(
        "approval_attachments",
        "approval_attachments/add",
        path_params={"id": rid},
        body={"url": "https://www.copyright.com/", "note": LONG_NOTE},
    )
    assert (attachment.status, attachment.body["error"]["code"]) == (409, "request_full")
    with_note = call(
        "work_on_approval", "work_on_approval/cc_fields", user="digimanager1", path_params={"id": rid}
    )
    assert (with_note.status, with_note.body["error"]["field"]) == (409, "note")
    # What a clearance needs still fits.
    cc = {"cc_number": "CCC-2026-0042", "cc_order_date": "2026-11-02", "cc_approval_date": "2026-11-20"}
    worked = call(
        "work_on_approval",
        "work_on_approval/cc_fields",
        user="digimanager1",
        path_params={"id": rid},
        body=cc,
    )
    assert worked.status == 200, worked.body
    # Deleting a note makes room for notes again.
    first = call("notes", "notes/find", path_params={"id": rid}, query=None).body[0]["id"]
    assert call("notes", "notes/delete", path_params={"id": rid, "note_id": first}).status == 204
    assert add_note(call, rid, "fits again").status == 201
    assert decide(call, rid, "approve", "approval", "Covered by License").status == 200
    assert add_note(call, rid, "not after that long approval note").status == 409
    # Cancel always works, with the longest note.
    cancelled = call(
        "cancel_request",
        "cancel_request/by_patron_wish",
        path_params={"id": rid},
        body={"reason": "other", "note": LONG_NOTE},
    )
    assert cancelled.status == 200, cancelled.body
    assert cancelled.body["status"] == "CANCELLED"
    assert [letter["status"] for letter in cancelled.body["letters"]] == ["sent"]
    assert_fits(aws, rid)


def test_a_full_request_is_approved_and_rejected(aws: Stack, call: Invoke, full: Callable[[], str]) -> None:
    rid = full()
    assert decide(call, rid, "approve", "approval", "Covered by License").status == 200
    rejected = decide(call, rid, "reject", "copyright_clearance", "Rejected by CCC")
    assert rejected.status == 200, rejected.body
    assert rejected.body["status"] == "REJECTED"
    assert_fits(aws, rid)


def test_a_full_request_is_delivered_and_published(aws: Stack, call: Invoke, full: Callable[[], str]) -> None:
    rid = full()
    assert call("next_step", "next_step/at_digi_main", path_params={"id": rid}).status == 200
    for index in range(3):
        upload(aws, call, rid, f"part-{index}.pdf", b"%PDF-1.4 part")
    delivered = call(
        "deliver", "deliver/as_the_rule_says", path_params={"id": rid}, body={"department": "DIGI-MAIN"}
    )
    assert delivered.status == 200, delivered.body
    cc = {"cc_number": "CCC-2026-0042", "cc_order_date": "2026-11-02", "cc_approval_date": "2026-11-20"}
    call(
        "work_on_approval",
        "work_on_approval/cc_fields",
        user="digimanager1",
        path_params={"id": rid},
        body=cc,
    )
    assert decide(call, rid, "approve", "approval", "Covered by License").status == 200
    published = decide(call, rid, "approve", "copyright_clearance", "Direct Permission Obtained")
    assert published.status == 200, published.body
    assert published.body["status"] == "COMPLETED"
    assert published.body["delivery"]["link_token"]
    assert_fits(aws, rid)
