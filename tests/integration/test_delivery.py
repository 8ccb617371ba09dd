"""Delivery against moto: uploads, the three targets, letters, links counted atomically, cleanup."""

from __future__ import annotations

import base64
import email
import io
import json
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import pytest
from moto.ses.models import ses_backends

from digitization.domain import limits
from digitization.domain.links import Outcome
from digitization.errors import Gone, NotFound
from digitization.service import cleanup
from digitization.service import downloads as download_service
from local_stack.resources import Stack
from tests.integration.conftest import Invoke
from tests.integration.delivering import ADMIN, OTHER_PATRON, PATRON, install_rule, upload

NewRequest = Callable[..., dict[str, Any]]

MB = 1024 * 1024


def raw_mail() -> list[Any]:
    return [m for m in ses_backends["123456789012"]["us-east-1"].sent_messages if hasattr(m, "raw_data")]


def test_upload_policy_conditions_and_file_listing(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_attachment")
    rid = at_delivery()
    ticket = call("delivery_files", "delivery_files/start_upload", path_params={"id": rid})
    assert ticket.status == 201
    policy = json.loads(base64.b64decode(ticket.body["fields"]["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, 10 * MB] in conditions
    assert {"key": ticket.body["key"]} in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert ticket.body["key"].startswith(f"delivery/{rid}/files/")
    assert call("delivery_files", "delivery_files/list", path_params={"id": rid}).body == [], (
        "an upload not made leaves no record"
    )
    boto3.client("s3").put_object(Bucket=aws.bucket, Key=ticket.body["key"], Body=b"%PDF")
    listed = call("delivery_files", "delivery_files/list", path_params={"id": rid}).body
    assert [(f["file_id"], f["name"], f["size"]) for f in listed] == [
        (ticket.body["file_id"], "chapter-3.pdf", 4)
    ]
    assert (
        call(
            "delivery_files",
            "delivery_files/delete",
            path_params={"id": rid, "file_id": ticket.body["file_id"]},
        ).status
        == 204
    )
    assert call("delivery_files", "delivery_files/list", path_params={"id": rid}).body == []
    assert (
        call("delivery_files", "delivery_files/start_upload", user="manager1", path_params={"id": rid}).status
        == 403
    )


def test_upload_only_at_the_delivery_step(aws: Stack, call: Invoke, new_request: NewRequest) -> None:
    rid = new_request()["id"]
    refused = call("delivery_files", "delivery_files/start_upload", path_params={"id": rid})
    assert refused.status == 409
    assert refused.body["error"]["current_status"] == "IN_TRANSIT"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"file_name": "chapter.html", "content_type": "text/html"}, "content_type"),
        ({"file_name": "chapter.pdf", "content_type": "text/html"}, "content_type"),
        ({"file_name": "chapter.pdf", "content_type": "image/png"}, "content_type"),
        ({"file_name": "chapter.docx"}, "file_name"),
        ({"file_name": "chapter"}, "file_name"),
    ],
)
def test_only_pdf_jpeg_png_and_tiff_are_delivered(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str], body: dict[str, Any], field: str
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    refused = call("delivery_files", "delivery_files/start_upload", path_params={"id": rid}, body=body)
    assert (refused.status, refused.body["error"]["field"]) == (422, field)


@pytest.mark.parametrize(
    ("file_name", "content_type"),
    [("Plate 4.PNG", "image/png"), ("page-001.tif", "image/tiff"), ("scan.jpeg", "image/jpeg")],
)
def test_the_upload_is_pinned_to_the_type_its_name_gives(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str], file_name: str, content_type: str
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    ticket = call(
        "delivery_files",
        "delivery_files/start_upload",
        path_params={"id": rid},
        body={"file_name": file_name},
    )
    assert ticket.status == 201, ticket.body
    assert ticket.body["fields"]["Content-Type"] == content_type
    policy = json.loads(base64.b64decode(ticket.body["fields"]["policy"]))
    assert {"Content-Type": content_type} in policy["conditions"]


def test_a_delivery_holds_at_most_50_files(aws: Stack, call: Invoke, at_delivery: Callable[[], str]) -> None:
    """Every delivered file is listed in the request's item (and its letter): the count is bounded."""
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    s3 = boto3.client("s3")
    for index in range(limits.DELIVERY_FILES + 1):  # as if tickets were taken at once, then all used
        s3.put_object(
            Bucket=aws.bucket, Key=f"delivery/{rid}/files/f{index:03d}/part-{index}.pdf", Body=b"%PDF"
        )
    refused = call("delivery_files", "delivery_files/start_upload", path_params={"id": rid})
    assert (refused.status, refused.body["error"]["field"]) == (409, "file_name")
    assert "at most 50 files" in refused.body["error"]["message"]
    too_many = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}, body={})
    assert (too_many.status, too_many.body["error"]["field"]) == (409, "files")
    s3.delete_object(Bucket=aws.bucket, Key=f"delivery/{rid}/files/f000/part-0.pdf")
    delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}, body={})
    assert delivered.status == 200, delivered.body
    assert len(delivered.body["delivery"]["files"]) == limits.DELIVERY_FILES


def test_attachment_delivery_completes_and_sends_the_files(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_attachment")
    rid = at_delivery()
    upload(aws, call, rid, "chapter 3.pdf", b"%PDF-1.4 three")
    upload(aws, call, rid, "notes.pdf", b"%PDF-1.4 notes")
    delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert delivered.status == 200, delivered.body
    assert delivered.body["status"] == "COMPLETED"
    message = email.message_from_bytes(
        raw_mail()[-1].raw_data.encode()
        if isinstance(raw_mail()[-1].raw_data, str)
        else raw_mail()[-1].raw_data
    )
    names = sorted(str(part.get_filename()) for part in message.walk() if part.get_filename())
    assert names == ["chapter_3.pdf", "notes.pdf"]
    assert message["Subject"] == "Your digitized copy is attached"
    again = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert again.status == 409


def test_attachments_over_the_email_limit_are_refused_and_nothing_is_sent(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_attachment")
    rid = at_delivery()
    for index in range(4):
        upload(aws, call, rid, f"part{index}.pdf", b"x" * (9 * MB))
    before = len(ses_backends["123456789012"]["us-east-1"].sent_messages)
    refused = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert refused.status == 413
    assert "download link" in refused.body["error"]["message"]
    assert len(ses_backends["123456789012"]["us-east-1"].sent_messages) == before
    stored = call("get_request", "get_request/one", user="operator1", path_params={"id": rid}).body
    assert stored["delivery"] is None
    assert stored["status"] == "DOCUMENT_DELIVERY"
    assert len(call("delivery_files", "delivery_files/list", path_params={"id": rid}).body) == 4, (
        "nothing lost"
    )


def test_digital_inventory_moves_files_and_creates_the_representation(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule(
        "digital_inventory",
        representation={"collection": "Course reserves", "usage_type": "derivative", "active": True},
    )
    rid = at_delivery()
    upload(aws, call, rid, "whole.pdf", b"%PDF whole")
    refused = call(
        "deliver", "deliver/as_the_rule_says", path_params={"id": rid}, body={"collection": "Other"}
    )
    assert refused.status == 422
    assert refused.body["error"]["field"] == "collection"
    delivered = call(
        "deliver",
        "deliver/as_the_rule_says",
        path_params={"id": rid},
        body={"usage_type": "master", "remote": True},
    )
    assert delivered.status == 200, delivered.body
    assert delivered.body["status"] == "COMPLETED"
    representation_id = delivered.body["delivery"]["representation_id"]
    from digitization.data.repositories import repositories

    representation = repositories().representations.get(representation_id)
    assert (representation.collection, representation.usage_type, representation.remote) == (
        "Course reserves",
        "master",
        True,
    )
    s3 = boto3.client("s3")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=aws.bucket).get("Contents", [])]
    assert keys == [representation.files[0].key]
    assert keys[0].startswith(f"representations/{representation_id}/")
    letter = [
        m
        for m in ses_backends["123456789012"]["us-east-1"].sent_messages
        if m.subject == "Your digitized copy is in the library's repository"
    ]
    assert f"/representations/{representation_id}" in letter[0].body


def test_link_zips_several_files(aws: Stack, call: Invoke, at_delivery: Callable[[], str]) -> None:
    install_rule("document_delivery_link", max_views=3)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"A" * 1000)
    upload(aws, call, rid, "b.pdf", b"B" * 2000)
    delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert delivered.status == 200, delivered.body
    token = delivered.body["delivery"]["link_token"]
    letter = [
        m
        for m in ses_backends["123456789012"]["us-east-1"].sent_messages
        if m.subject == "Your digitized copy is ready to download"
    ][-1]
    assert f"/d/{token}" in letter.body, "the letter opens the web app's download page"
    assert "3 times" in letter.body
    grant = download_service.download(PATRON, token)
    assert grant.counted
    assert "response-content-disposition=attachment" in grant.url
    from digitization.data.repositories import repositories

    outcome, link = repositories().links.view(token, "patron1", int(time.time()))
    assert outcome is Outcome.REUSED
    assert link is not None
    archive = zipfile.ZipFile(
        io.BytesIO(boto3.client("s3").get_object(Bucket=aws.bucket, Key=link.key)["Body"].read())
    )
    assert sorted(archive.namelist()) == ["a.pdf", "b.pdf"]
    assert archive.read("b.pdf") == b"B" * 2000
    assert link.key.endswith(".zip")


@pytest.fixture
def link(aws: Stack, call: Invoke, at_delivery: Callable[[], str]) -> Callable[[int], str]:
    def _link(max_views: int) -> str:
        install_rule("document_delivery_link", max_views=max_views)
        rid = at_delivery()
        upload(aws, call, rid, "a.pdf", b"%PDF")
        delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
        assert delivered.status == 200, delivered.body
        token: str = delivered.body["delivery"]["link_token"]
        return token

    return _link


def set_window(seconds: int) -> None:
    """Set download_reuse_window_seconds as an administrator would (links made afterwards use it)."""
    from digitization.domain.settings import SettingsPatch
    from digitization.service import settings as settings_service

    settings_service.change(ADMIN, SettingsPatch.model_validate({"download_reuse_window_seconds": seconds}))


def race(token: str, hits: int) -> list[str]:
    def hit(_: int) -> str:
        try:
            download_service.download(PATRON, token)
        except Gone:
            return "gone"
        return "ok"

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(hit, range(hits)))


def test_without_window_100_racing_hits_on_5_views_grant_exactly_5(
    aws: Stack, link: Callable[[int], str]
) -> None:
    set_window(0)
    token = link(5)
    results = race(token, 100)
    assert results.count("ok") == 5
    assert results.count("gone") == 95


def test_with_window_racing_first_hits_open_one_window_and_count_one_view(
    aws: Stack, link: Callable[[int], str]
) -> None:
    from digitization.data.repositories import repositories

    set_window(600)
    token = link(5)
    results = race(token, 100)
    assert results.count("ok") == 100
    outcome, seen = repositories().links.view(token, "nobody", int(time.time()))
    assert outcome is Outcome.NOT_FOUND
    assert seen is not None
    assert seen.views == 1


def test_retry_inside_the_window_is_not_a_second_view(aws: Stack, link: Callable[[int], str]) -> None:
    set_window(600)
    token = link(2)
    first = download_service.download(PATRON, token)
    second = download_service.download(PATRON, token)
    assert first.counted
    assert not second.counted
    assert second.views_left == 1


def test_another_patron_gets_404(aws: Stack, link: Callable[[int], str]) -> None:
    token = link(2)
    with pytest.raises(NotFound):
        download_service.download(OTHER_PATRON, token)
    with pytest.raises(NotFound):
        download_service.download(PATRON, "not-a-token")


def test_last_view_tags_the_object_and_the_job_removes_it(aws: Stack, link: Callable[[int], str]) -> None:
    from digitization.data.repositories import repositories

    set_window(0)
    token = link(1)
    download_service.download(PATRON, token)
    with pytest.raises(Gone, match="used once"):
        download_service.download(PATRON, token)
    _, seen = repositories().links.view(token, "nobody", int(time.time()))
    assert seen is not None
    s3 = boto3.client("s3")
    tags = s3.get_object_tagging(Bucket=aws.bucket, Key=seen.key)["TagSet"]
    assert {"Key": "link-exhausted", "Value": "true"} in tags
    after_the_window = time.time() + 120
    report = cleanup.run(now=after_the_window)
    assert token in report.links
    assert "Contents" not in s3.list_objects_v2(Bucket=aws.bucket, Prefix=seen.key)
    second_run = cleanup.run(now=after_the_window)
    assert second_run.links == [], "idempotent"


def test_expired_link_is_410_and_its_object_goes(aws: Stack, link: Callable[[int], str]) -> None:
    from digitization.data.repositories import repositories

    token = link(5)
    later = int(time.time()) + 31 * 86400
    outcome, seen = repositories().links.view(token, "patron1", later)
    assert outcome is Outcome.EXPIRED
    assert seen is not None
    report = cleanup.run(now=later)
    assert token in report.links
    assert "Contents" not in boto3.client("s3").list_objects_v2(Bucket=aws.bucket, Prefix=seen.key)


def test_parallel_delivery_waits_for_approval_then_completes(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", approval={"required": True, "mode": "parallel"}, max_views=2)
    rid = at_delivery()
    upload(aws, call, rid, "a.pdf", b"%PDF")
    delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert delivered.body["status"] == "DOCUMENT_DELIVERY", "not complete before approval"
    subjects = [m.subject for m in ses_backends["123456789012"]["us-east-1"].sent_messages]
    assert "Your digitized copy is ready to download" not in subjects
    approved = call("decide_approval", "decide_approval/approve", user="manager1", path_params={"id": rid})
    assert approved.body["status"] == "COMPLETED"
    subjects = [m.subject for m in ses_backends["123456789012"]["us-east-1"].sent_messages]
    assert subjects.count("Your digitized copy is ready to download") == 1
    assert subjects.count("Your digitization request has been approved") == 1


def test_changing_cleanup_days_reapplies_the_lifecycle(aws: Stack) -> None:
    from digitization.domain.settings import SettingsPatch
    from digitization.service import settings as settings_service

    s3 = boto3.client("s3")
    before = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=aws.bucket)["Rules"]}
    assert before["delivery-cleanup"]["Expiration"]["Days"] == 30
    settings_service.change(ADMIN, SettingsPatch.model_validate({"document_delivery_cleanup_days": 7}))
    after = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=aws.bucket)["Rules"]}
    assert after["delivery-cleanup"]["Expiration"]["Days"] == 7
    assert set(after) == set(before), "the other rules stay"
