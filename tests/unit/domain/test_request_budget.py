"""A request never outgrows DynamoDB's 400 KB item (SPEC §8), walked through at its worst.

Every text at its bound and in four-byte characters, every list full: the request is filled
with notes until the content budget refuses one, then with CC numbers until the workflow
reserve refuses one, and then goes through every transition that must always work, each
with its longest inputs. Measured both as the service measures it (``limits.request_bytes``)
and exactly as DynamoDB counts the record the repository would write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from digitization.clock import today
from digitization.data.item_size import item_bytes
from digitization.data.requests import _to_record
from digitization.domain import approvals, delivery, lifecycle, limits, notes
from digitization.domain.approvals import Approve, Reject, RejectReason
from digitization.domain.clauses import Clause
from digitization.domain.requests import (
    CancelReason,
    DeliveredFile,
    Delivery,
    LetterStatus,
    NewRequest,
    Request,
    TaskType,
    new_id,
)
from digitization.domain.rules import ApproveReason, Rule, RuleInput
from digitization.errors import RequestFull

WIDE = "\U0001f4da"  # one character, four bytes in UTF-8
BY = WIDE * limits.USER_NAME_CHARS
NOTE = WIDE * limits.NOTE_CHARS


def wide(chars: int) -> str:
    return WIDE * chars


def stored_bytes(request: Request) -> int:
    """What DynamoDB counts for the record the repository writes."""
    return item_bytes(_to_record(request).serialize())


def largest_request() -> Request:
    pages = ",".join(str(page) for page in range(1, 400, 2))[: limits.PAGES_CHARS].rstrip(",")
    body = {
        "request_type": "course_related_digitization",
        "requester": {
            "user_id": wide(64),
            "user_group": wide(64),
            "status": "active",
            "email": "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".edu",
        },
        "item": {
            "source": "citation",
            "mms_id": wide(64),
            "title": wide(500),
            "barcode": wide(64),
            "isbn": "1-86189-411-2",
            "issn": "0317-8471",
            "volume": wide(64),
            "issue": wide(64),
            "publisher": wide(500),
            "publication_year": 1998,
            "material_type": wide(64),
            "total_pages": 1_000_000,
            "articles_in_issue": 100_000,
            "copyright_agency_permissions": ["digital_approved", "scanning_approved"],
        },
        "partial": True,
        "pages": pages,
        "chapters": [wide(64)] * limits.CHAPTERS,
        "article_title": wide(500),
        "course": {"id": wide(64), "start": "2016-01-01", "end": "2016-06-30"},
        "date_available_from": "2016-01-10",
        "date_available_to": "2016-02-02",
        "expiration_date": (today() + timedelta(days=30)).isoformat(),
    }
    return lifecycle.open_request(NewRequest.model_validate(body), created_by=BY)


def largest_rule() -> Rule:
    """A rule with both tasks and as many wide clause values as the rule's size allows."""
    output = {
        "target": "document_delivery_attachment",
        "approval": {"required": True, "mode": "parallel"},
        "copyright_clearance": {"required": True, "mode": "parallel"},
    }
    clause = {"name": "user_group", "operator": "in_list", "value": [wide(15)] * limits.CLAUSE_LIST_VALUES}
    body: dict[str, Any] = {"name": wide(200), "description": wide(2000), "clauses": [], "output": output}
    best = RuleInput.model_validate(body)
    for _ in range(limits.RULE_CLAUSES):
        try:
            best = RuleInput.model_validate({**body, "clauses": [*body["clauses"], clause]})
        except ValueError:
            break
        body["clauses"] = [*body["clauses"], clause]
    assert limits.json_bytes(best.model_dump(mode="json")) > limits.RULE_BYTES - 4 * limits.KIB
    return Rule(
        id=new_id(),
        name=best.name,
        description=best.description,
        clauses=[Clause.model_validate(c.model_dump()) for c in best.clauses],
        output=best.output,
        position=999_990,
    )


def fill(request: Request, step: Callable[[Request], Request], adds: str, budget: int) -> Request:
    """Apply ``step`` until the budget refuses it; the last request accepted."""
    for _ in range(1000):
        changed = step(request)
        if limits.request_bytes(changed) > budget:
            with pytest.raises(RequestFull, match=f"over the {budget // limits.KIB} KiB") as refused:
                limits.check_budget(request, changed, adds, budget)
            assert refused.value.field == adds
            return request
        limits.check_budget(request, changed, adds, budget)
        request = changed
    raise AssertionError("the budget never refused")


@pytest.fixture(scope="module")
def full() -> Request:
    """The largest request, full of notes and CC numbers, scanned in and moved to delivery."""
    request = largest_request()
    assert limits.request_bytes(request) < limits.REQUEST_BUDGET_BYTES / 2
    request = fill(
        request, lambda r: notes.add_note(r, notes.new_note(NOTE, BY)), "text", limits.REQUEST_BUDGET_BYTES
    )
    assert limits.request_bytes(request) <= limits.REQUEST_BUDGET_BYTES
    cc = {"cc_number": wide(100), "cc_order_date": today(), "cc_approval_date": today()}
    request = fill(request, lambda r: approvals.work_on(r, cc, BY), "cc_number", limits.WORKFLOW_BUDGET_BYTES)
    assert limits.request_bytes(request) > limits.WORKFLOW_BUDGET_BYTES - 2 * limits.KIB
    request = lifecycle.scan_in(request, "D" * 32, BY, largest_rule())
    return lifecycle.next_step(request, "D" * 32, BY)


def largest_delivery(request: Request) -> Delivery:
    name = "n" * limits.FILE_NAME_CHARS
    files = [
        DeliveredFile(
            key=f"delivery/{request.id}/files/{new_id()[:12]}/{name}",
            name=name,
            size=10 * 1024 * 1024,
            content_type="application/octet-stream",
        )
        for _ in range(limits.DELIVERY_FILES)
    ]
    return Delivery(
        target="document_delivery_attachment",
        files=files,
        delivered_by=BY,
        delivered_at="2026-11-30T10:00:00.000000Z",
    )


def send_letters(request: Request) -> Request:
    changed = request.model_copy(deep=True)
    for letter in changed.letters:
        if letter.status is LetterStatus.DUE:
            letter.status = LetterStatus.SENT
            letter.claimed_at = letter.sent_at = "2026-11-30T10:00:00.000000Z"
            letter.message_id = "0" * 60 + "-000000"
    return changed


def assert_fits(request: Request) -> None:
    measured = limits.request_bytes(request)
    assert stored_bytes(request) <= measured, "the service's measure never undercounts DynamoDB's"
    assert measured <= limits.WORKFLOW_BUDGET_BYTES + limits.TRANSITIONS_BYTES
    assert measured <= limits.DYNAMODB_ITEM_BYTES


def test_the_sum_fits() -> None:
    total = limits.WORKFLOW_BUDGET_BYTES + limits.TRANSITIONS_BYTES
    assert total <= limits.DYNAMODB_ITEM_BYTES, f"{total:,} > {limits.DYNAMODB_ITEM_BYTES:,}"


def test_approve_deliver_redeliver_approve_publish(full: Request) -> None:
    request = approvals.approve(
        full, Approve(task=TaskType.APPROVAL, reason=ApproveReason.OTHER, note=NOTE), BY
    )
    request = delivery.deliver(request, largest_delivery(request))
    for _ in range(2):  # the copy outlived the cleanup days twice before approval came
        request = delivery.expired_before_approval(request, BY)
        request = delivery.deliver(request, largest_delivery(request))
    request = approvals.approve(
        request, Approve(task=TaskType.COPYRIGHT_CLEARANCE, reason=ApproveReason.OTHER, note=NOTE), BY
    )
    request = delivery.claim_publication(request, "t" * 43)
    request = delivery.published(request, "https://" + "h" * 200 + ".example.org/dev", BY)
    assert_fits(send_letters(request))


def test_approve_deliver_reject(full: Request) -> None:
    request = approvals.approve(
        full, Approve(task=TaskType.APPROVAL, reason=ApproveReason.OTHER, note=NOTE), BY
    )
    request = delivery.deliver(request, largest_delivery(request))
    request = approvals.reject(
        request, Reject(task=TaskType.COPYRIGHT_CLEARANCE, reason=RejectReason.OTHER, note=NOTE), BY
    )
    assert_fits(send_letters(request))


def test_approve_deliver_cancel(full: Request) -> None:
    request = approvals.approve(
        full, Approve(task=TaskType.APPROVAL, reason=ApproveReason.OTHER, note=NOTE), BY
    )
    request = delivery.deliver(request, largest_delivery(request))
    request = send_letters(lifecycle.cancel(request, CancelReason.OTHER, NOTE, BY))
    assert_fits(request)


def test_expiry(full: Request) -> None:
    request = delivery.deliver(full, largest_delivery(full))
    request = send_letters(lifecycle.expire(request, today() + timedelta(days=31)))
    assert_fits(request)


def test_a_note_is_refused_but_a_smaller_edit_or_a_deletion_is_not(full: Request) -> None:
    assert limits.request_bytes(full) > limits.REQUEST_BUDGET_BYTES
    with pytest.raises(RequestFull):
        limits.check_budget(full, notes.add_note(full, notes.new_note("x", "u")), "text")
    shorter = notes.edit_note(full, full.notes[0].id, "short now", BY)
    limits.check_budget(full, shorter, "text")
    deleted = notes.delete_note(full, full.notes[0].id, BY)
    limits.check_budget(full, deleted, "note_id", limits.WORKFLOW_BUDGET_BYTES)
