"""Recovery (SPEC §8): a failure between two steps is finished by a retry or the hourly job, nothing twice.

Each test injects the failure at one step — SES refusing, SES accepting without an answer, the
record of a sent letter not written, a publication cut short, a delivery cut short — and shows
what the action answers, then that a retry or the job completes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ReadTimeoutError

from digitization import notifications
from digitization.clock import utcnow
from digitization.data.representations import RepresentationRepository
from digitization.service import delivery as delivery_service
from digitization.service import letters, publishing
from digitization.service.delivery import DeliverInput
from digitization.service.recovery import finish_pending
from local_stack.resources import Stack
from tests.integration.conftest import Invoke
from tests.integration.delivering import BASE_URL, OPERATOR, READY, install_rule, keys_under, links_of, upload

PARALLEL = {"required": True, "mode": "parallel"}
APPROVED_SUBJECT = "Your digitization request has been approved"


def mail_to_patron() -> list[str]:
    from moto.ses.models import ses_backends

    sent = ses_backends["123456789012"]["us-east-1"].sent_messages
    return [m.subject for m in sent if "patron1@example.edu" in m.destinations["ToAddresses"]]


def later(minutes: int = 11) -> Any:
    return utcnow() + timedelta(minutes=minutes)


def approve(call: Invoke, rid: str) -> Any:
    return call(
        "decide_approval",
        "decide_approval/approve",
        user="manager1",
        path_params={"id": rid},
        body={"task": "approval", "reason": "Open Access"},
    )


def letter_states(call: Invoke, rid: str) -> list[tuple[str, str]]:
    body = call("get_request", "get_request/one", user="operator1", path_params={"id": rid}).body
    return [(letter["kind"], letter["status"]) for letter in body["letters"]]


@pytest.fixture
def awaiting(call: Invoke, new_request: Callable[..., dict[str, Any]]) -> str:
    """A request scanned in under a rule that needs approval (its letters wait for it)."""
    install_rule("document_delivery_attachment", approval=PARALLEL)
    rid: str = new_request()["id"]
    assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
    return rid


def test_ses_refusing_leaves_the_letter_due_and_the_job_sends_it(
    aws: Stack, call: Invoke, awaiting: str
) -> None:
    ses = boto3.client("ses")
    ses.delete_identity(Identity="library@example.edu")  # SES refuses mail from an unverified sender
    approved = approve(call, awaiting)
    assert approved.status == 200, "the approval stands whatever SES does"
    assert letter_states(call, awaiting) == [("approved", "due")]
    assert mail_to_patron() == []
    ses.verify_email_identity(EmailAddress="library@example.edu")
    report = finish_pending(later())
    assert report.finished == [awaiting]
    assert letter_states(call, awaiting) == [("approved", "sent")]
    assert mail_to_patron() == [APPROVED_SUBJECT]
    finish_pending(later(30))
    assert mail_to_patron() == [APPROVED_SUBJECT], "a second run sends nothing"


def test_a_letter_sent_but_not_recorded_is_found_by_its_receipt(
    aws: Stack, call: Invoke, awaiting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_sent = letters._sent

    def lost_write(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(letters, "_sent", record_sent)
        raise RuntimeError("the request could not be written")

    monkeypatch.setattr(letters, "_sent", lost_write)
    assert approve(call, awaiting).status == 200
    assert letter_states(call, awaiting) == [("approved", "sending")]
    assert mail_to_patron() == [APPROVED_SUBJECT]
    finish_pending(later(5))
    assert letter_states(call, awaiting) == [("approved", "sending")], "inside the grace period: left alone"
    finish_pending(later())
    assert letter_states(call, awaiting) == [("approved", "sent")]
    assert mail_to_patron() == [APPROVED_SUBJECT], "recorded from the receipt, not sent again"


def test_a_letter_with_no_answer_from_ses_is_sent_again_only_without_a_receipt(
    aws: Stack, call: Invoke, awaiting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    send = notifications._send

    def accepted_but_unanswered(*args: Any) -> str:
        monkeypatch.setattr(notifications, "_send", send)
        send(*args)
        raise ReadTimeoutError(endpoint_url="https://email.us-east-1.amazonaws.com")

    monkeypatch.setattr(notifications, "_send", accepted_but_unanswered)
    assert approve(call, awaiting).status == 200
    assert letter_states(call, awaiting) == [("approved", "sending")]
    finish_pending(later())
    assert letter_states(call, awaiting) == [("approved", "sent")]
    # SES gave no message id and no receipt was written: the one case where a letter goes twice.
    assert mail_to_patron() == [APPROVED_SUBJECT, APPROVED_SUBJECT]


def test_a_publication_cut_short_is_finished_by_the_job(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    install_rule("document_delivery_link", approval=PARALLEL, max_views=2)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF a")
    assert call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}).status == 200
    go_live = publishing._go_live

    def cut_short(*args: Any) -> None:
        monkeypatch.setattr(publishing, "_go_live", go_live)
        raise RuntimeError("the links table could not be written")

    monkeypatch.setattr(publishing, "_go_live", cut_short)
    approved = approve(call, rid)
    assert approved.status == 200
    assert approved.body["status"] == "DOCUMENT_DELIVERY", "approved, not yet published"
    assert approved.body["delivery"]["link_token"] is None
    assert READY not in mail_to_patron()
    finish_pending(later())
    done = call("get_request", "get_request/one", user="operator1", path_params={"id": rid}).body
    assert done["status"] == "COMPLETED"
    assert [link["token"] for link in links_of(aws, rid)] == [done["delivery"]["link_token"]]
    assert mail_to_patron().count(READY) == 1
    assert (
        next(letter["data"]["link"] for letter in done["letters"] if letter["kind"] == "delivered_link")
        == f"{os.environ['WEB_URL']}/d/{done['delivery']['link_token']}"
    ), "the job's letter opens the web app's download page, like a delivery's"


def test_a_repository_delivery_cut_short_is_finished_by_delivering_again(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    install_rule("digital_inventory", representation={"collection": "Reserves", "active": True})
    rid = at_delivery()
    upload(aws, call, rid, "whole.pdf", b"%PDF whole")
    record = delivery_service.mutate  # type: ignore[attr-defined]

    def stopped_before_the_record(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(delivery_service, "mutate", record)
        raise RuntimeError("stopped after the files and the representation, before the request")

    monkeypatch.setattr(delivery_service, "mutate", stopped_before_the_record)
    with pytest.raises(RuntimeError):
        delivery_service.deliver(OPERATOR, rid, DeliverInput(department="DIGI-MAIN"), BASE_URL)
    assert RepresentationRepository().get(rid).published is False, "prepared, hidden, not recorded"
    again = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert again.status == 200, again.body
    assert again.body["status"] == "COMPLETED"
    assert again.body["delivery"]["representation_id"] == rid
    assert RepresentationRepository().get(rid).published is True
    assert len(keys_under(aws, f"representations/{rid}/")) == 1
    assert keys_under(aws, f"delivery/{rid}/files/") == [], "the uploads went into the representation"


def test_a_link_delivery_cut_short_is_finished_by_delivering_again(
    aws: Stack, call: Invoke, at_delivery: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    install_rule("document_delivery_link", max_views=2)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF a")
    upload(aws, call, rid, "b.pdf", b"%PDF b")
    record = delivery_service.mutate  # type: ignore[attr-defined]

    def stopped(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(delivery_service, "mutate", record)
        raise RuntimeError("stopped after the zip, before the request")

    monkeypatch.setattr(delivery_service, "mutate", stopped)
    with pytest.raises(RuntimeError):
        delivery_service.deliver(OPERATOR, rid, DeliverInput(department="DIGI-MAIN"), BASE_URL)
    again = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert again.status == 200, again.body
    assert len(keys_under(aws, f"delivery/{rid}/link/")) == 1, "the same object, written again"
    assert len(links_of(aws, rid)) == 1
