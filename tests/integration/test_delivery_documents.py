"""Delivery documents against moto: a file and/or a URL with a note, edited, deleted and downloaded
before delivery (seed: "Add a URL and/or note … Edit … File name, URL, and Notes … Download")."""

from __future__ import annotations

import email
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import pytest
import requests
from moto.ses.models import ses_backends

from digitization.domain import limits
from local_stack.resources import Stack
from tests.integration.conftest import Invoke, Reply
from tests.integration.delivering import install_rule, upload

URL = "https://doi.org/10.1093/jdh/epad001"
UNKNOWN = "ffffffffffff"


def add(call: Invoke, rid: str, body: dict[str, Any], user: str = "operator1") -> Reply:
    """POST a document at the department that holds the item (unless ``body`` names another)."""
    return call(
        "delivery_files",
        "delivery_files/add_url",
        user=user,
        path_params={"id": rid},
        body={"department": "DIGI-MAIN", **body},
    )


def edit(call: Invoke, rid: str, file_id: str, body: dict[str, Any], user: str = "operator1") -> Reply:
    return call(
        "delivery_files",
        "delivery_files/edit",
        user=user,
        path_params={"id": rid, "file_id": file_id},
        body=body,
    )


def listed(call: Invoke, rid: str, user: str = "operator1") -> list[dict[str, Any]]:
    reply = call("delivery_files", "delivery_files/list", user=user, path_params={"id": rid})
    assert reply.status == 200, reply.body
    documents: list[dict[str, Any]] = reply.body
    return documents


def download(call: Invoke, rid: str, file_id: str, user: str = "operator1") -> Reply:
    return call(
        "delivery_files", "delivery_files/download", user=user, path_params={"id": rid, "file_id": file_id}
    )


def delete(call: Invoke, rid: str, file_id: str, user: str = "operator1") -> Reply:
    return call(
        "delivery_files", "delivery_files/delete", user=user, path_params={"id": rid, "file_id": file_id}
    )


def plain_text_of_last_mail() -> str:
    sent = [m for m in ses_backends["123456789012"]["us-east-1"].sent_messages if hasattr(m, "raw_data")]
    raw = sent[-1].raw_data
    message = email.message_from_bytes(raw.encode() if isinstance(raw, str) else raw)
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode()
    raise AssertionError("no plain text part")


def test_a_url_with_a_note_is_a_document_without_a_file(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    added = add(call, rid, {"url": URL, "note": "Open access copy"})
    assert added.status == 201, added.body
    assert (added.body["key"], added.body["fields"], added.body["url"]) == (None, None, None), (
        "nothing to upload"
    )
    assert added.body["document"]["url"] == URL
    [document] = listed(call, rid)
    assert document == {
        **document,
        "file_id": added.body["file_id"],
        "uploaded": False,
        "size": None,
        "url": URL,
        "note": "Open access copy",
        "updated_by": "operator1",
    }
    staff = call("get_request", "get_request/one", user="operator1", path_params={"id": rid}).body
    assert [d["url"] for d in staff["documents"]] == [URL]
    assert staff["history"][-1]["action"] == "add_document"
    refused = download(call, rid, added.body["file_id"])
    assert (refused.status, refused.body["error"]["field"]) == (404, "file_id")
    assert "URL" in refused.body["error"]["message"]
    nothing_to_deliver = call(
        "deliver", "deliver/as_the_rule_says", path_params={"id": rid}, body={"department": "DIGI-MAIN"}
    )
    assert nothing_to_deliver.status == 409, "a delivery still needs an uploaded file"


def test_a_file_with_a_url_and_note_is_edited_and_downloaded(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    ticket = call(
        "delivery_files",
        "delivery_files/start_upload",
        path_params={"id": rid},
        body={"department": "DIGI-MAIN", "file_name": "scan 3.pdf", "url": URL, "note": "Pages 35-40"},
    )
    assert ticket.status == 201, ticket.body
    assert ticket.body["fields"]["Content-Type"] == "application/pdf", "the presigned POST as before"
    assert listed(call, rid)[0]["uploaded"] is False, "a URL is listed while its file is not uploaded yet"
    data = b"%PDF-1.4 chapter three"
    boto3.client("s3").put_object(
        Bucket=aws.bucket, Key=ticket.body["key"], Body=data, ContentType="application/pdf"
    )
    file_id = ticket.body["file_id"]
    [document] = listed(call, rid)
    assert (document["name"], document["size"], document["uploaded"]) == ("scan_3.pdf", len(data), True)
    assert (document["url"], document["note"], document["content_type"]) == (
        URL,
        "Pages 35-40",
        "application/pdf",
    )

    changed = edit(call, rid, file_id, {"name": "Loos, Ornament and Crime ch 3.pdf", "note": "Checked"})
    assert changed.status == 200, changed.body
    assert changed.body["name"] == "Loos_Ornament_and_Crime_ch_3.pdf", "a name fit for a key, a zip, a letter"
    assert (changed.body["url"], changed.body["note"]) == (URL, "Checked"), "what is not sent stays"
    cleared = edit(call, rid, file_id, {"url": None})
    assert (cleared.status, cleared.body["url"], cleared.body["note"]) == (200, None, "Checked")

    got = download(call, rid, file_id)
    assert got.status == 200, got.body
    assert got.body["name"] == "Loos_Ornament_and_Crime_ch_3.pdf"
    assert got.body["expires_in"] == 300
    fetched = requests.get(got.body["url"], timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == data, "the presigned GET serves the uploaded bytes"
    assert "Loos_Ornament_and_Crime_ch_3.pdf" in fetched.headers["Content-Disposition"]


def test_a_renamed_file_is_delivered_under_its_name_and_the_letter_lists_the_urls(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_attachment")
    rid = at_delivery()
    uploaded = upload(aws, call, rid, "scan.pdf", b"%PDF-1.4 three")
    assert edit(call, rid, uploaded["file_id"], {"name": "Chapter 3.pdf", "note": "staff only"}).status == 200
    assert add(call, rid, {"url": URL}).status == 201
    labelled = add(call, rid, {"url": "https://example.org/plates", "note": "internal"})
    assert edit(call, rid, labelled.body["file_id"], {"name": "Plates"}).status == 200
    delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
    assert delivered.status == 200, delivered.body
    assert [f["name"] for f in delivered.body["delivery"]["files"]] == ["Chapter_3.pdf"]
    text = plain_text_of_last_mail()
    assert URL in text
    assert "Plates: https://example.org/plates" in text
    assert "staff only" not in text, "notes stay with staff"
    assert "internal" not in text
    patron = call("get_request", "get_request/one", user="patron1", path_params={"id": rid}).body
    assert "documents" not in patron
    assert "staff only" not in str(patron)


def test_documents_change_only_before_delivery(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_attachment")
    rid = at_delivery()
    uploaded = upload(aws, call, rid, "scan.pdf", b"%PDF-1.4 three")
    link = add(call, rid, {"url": URL}).body["file_id"]
    assert call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}).status == 200
    for reply in (
        edit(call, rid, uploaded["file_id"], {"note": "late"}),
        edit(call, rid, link, {"note": "late"}),
        delete(call, rid, uploaded["file_id"]),
        delete(call, rid, link),
        add(call, rid, {"url": URL}),
        call("delivery_files", "delivery_files/start_upload", path_params={"id": rid}),
    ):
        assert reply.status == 409, reply.body
        assert reply.body["error"]["current_status"] == "COMPLETED"
    assert download(call, rid, uploaded["file_id"]).status == 200, "staff may still check what was sent"


def test_a_delivery_awaiting_approval_is_not_edited_either(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    """In parallel mode the request stays at its delivery step once delivered: still 409."""
    install_rule("document_delivery_link", approval={"required": True, "mode": "parallel"}, max_views=5)
    rid = at_delivery()
    uploaded = upload(aws, call, rid, "scan.pdf", b"%PDF")
    assert call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}).status == 200
    for reply in (
        edit(call, rid, uploaded["file_id"], {"note": "late"}),
        delete(call, rid, uploaded["file_id"]),
        add(call, rid, {"url": URL}),
    ):
        assert (reply.status, reply.body["error"]["current_status"]) == (409, "DOCUMENT_DELIVERY"), reply.body
        assert "delivered" in reply.body["error"]["message"]


def test_documents_are_added_at_the_delivery_step_only(
    aws: Stack, call: Invoke, new_request: Callable[..., dict[str, Any]]
) -> None:
    rid = new_request()["id"]
    refused = add(call, rid, {"url": URL})
    assert (refused.status, refused.body["error"]["current_status"]) == (409, "IN_TRANSIT")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.org/chapter.pdf"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "https://example.org/" + "a" * limits.URL_CHARS}, "url"),
        ({"url": URL, "note": "n" * (limits.NOTE_CHARS + 1)}, "note"),
        ({"url": URL, "note": 5}, "note"),
        ({"note": "a note alone"}, "file_name"),
        ({"url": URL, "content_type": "application/pdf"}, "content_type"),
        ({"file_name": "chapter.html", "url": URL}, "file_name"),
        ({"url": URL, "colour": "red"}, "colour"),
    ],
)
def test_bad_documents_are_refused_naming_the_field(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str], body: dict[str, Any], field: str
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    refused = add(call, rid, body)
    assert (refused.status, refused.body["error"]["field"]) == (422, field), refused.body
    assert listed(call, rid) == [], "nothing half-written"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "file:///etc/passwd"}, "url"),
        ({"note": "n" * (limits.NOTE_CHARS + 1)}, "note"),
        ({"name": "chapter.png"}, "name"),
        ({"name": "chapter"}, "name"),
        ({"name": "n" * (limits.FILE_NAME_CHARS + 1) + ".pdf"}, "name"),
        ({"size": 5}, "size"),
    ],
)
def test_bad_edits_are_refused_naming_the_field(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str], body: dict[str, Any], field: str
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    uploaded = upload(aws, call, rid, "scan.pdf", b"%PDF")
    refused = edit(call, rid, uploaded["file_id"], body)
    assert (refused.status, refused.body["error"]["field"]) == (422, field), refused.body
    [document] = listed(call, rid)
    assert (document["name"], document["url"], document["note"]) == ("scan.pdf", None, None)


def test_a_url_without_a_file_keeps_its_url(aws: Stack, call: Invoke, at_delivery: Callable[[], str]) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    link = add(call, rid, {"url": URL, "note": "n"}).body["file_id"]
    refused = edit(call, rid, link, {"url": None})
    assert (refused.status, refused.body["error"]["field"]) == (422, "url")
    assert delete(call, rid, link).status == 204
    assert listed(call, rid) == []


def test_unknown_documents_are_404(aws: Stack, call: Invoke, at_delivery: Callable[[], str]) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    for reply in (
        edit(call, rid, UNKNOWN, {"note": "x"}),
        delete(call, rid, UNKNOWN),
        download(call, rid, UNKNOWN),
        download(call, rid, "x" * 200),
    ):
        assert (reply.status, reply.body["error"]["field"]) == (404, "file_id"), reply.body
    assert download(call, "no-such-request", UNKNOWN).status == 404


def test_deleting_a_file_removes_its_url_and_note(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    uploaded = upload(aws, call, rid, "scan.pdf", b"%PDF")
    assert edit(call, rid, uploaded["file_id"], {"url": URL, "note": "n"}).status == 200
    assert delete(call, rid, uploaded["file_id"]).status == 204
    assert listed(call, rid) == []
    staff = call("get_request", "get_request/one", user="operator1", path_params={"id": rid}).body
    assert staff["documents"] == []
    assert "Contents" not in boto3.client("s3").list_objects_v2(
        Bucket=aws.bucket, Prefix=f"delivery/{rid}/files/"
    )


@pytest.mark.parametrize("user", ["patron1", "patron2"])
def test_patrons_may_not_touch_delivery_documents(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str], user: str
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()  # patron1's own request
    uploaded = upload(aws, call, rid, "scan.pdf", b"%PDF")
    file_id = uploaded["file_id"]
    for reply in (
        add(call, rid, {"url": URL}, user=user),
        call("delivery_files", "delivery_files/list", user=user, path_params={"id": rid}),
        edit(call, rid, file_id, {"note": "mine"}, user=user),
        delete(call, rid, file_id, user=user),
        download(call, rid, file_id, user=user),
    ):
        assert reply.status == 403, reply.body
    assert [d["note"] for d in listed(call, rid)] == [None]


def test_approvers_read_and_download_but_do_not_edit(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    uploaded = upload(aws, call, rid, "scan.pdf", b"%PDF")
    assert len(listed(call, rid, user="manager1")) == 1
    assert download(call, rid, uploaded["file_id"], user="manager1").status == 200
    assert edit(call, rid, uploaded["file_id"], {"note": "x"}, user="manager1").status == 403


def test_concurrent_edits_are_all_kept(aws: Stack, call: Invoke, at_delivery: Callable[[], str]) -> None:
    """Each edit is a conditional write re-applied on the fresh request when another got in first."""
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    ids = [add(call, rid, {"url": f"https://example.org/{index}"}).body["file_id"] for index in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        replies = list(
            pool.map(lambda pair: edit(call, rid, pair[1], {"note": f"note {pair[0]}"}), enumerate(ids))
        )
    assert [reply.status for reply in replies] == [200] * 4
    notes = {d["file_id"]: d["note"] for d in listed(call, rid)}
    assert notes == {file_id: f"note {index}" for index, file_id in enumerate(ids)}


def test_a_delivery_holds_at_most_50_documents(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    for index in range(limits.DELIVERY_FILES):
        assert add(call, rid, {"url": f"https://example.org/{index}"}).status == 201
    refused = add(call, rid, {"url": "https://example.org/one-more"})
    assert (refused.status, refused.body["error"]["field"]) == (409, "url")
    assert "at most 50" in refused.body["error"]["message"]


def test_a_document_is_added_only_where_the_item_is(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_link", max_views=5)
    rid = at_delivery()
    elsewhere = add(call, rid, {"department": "CIRC-MAIN", "url": URL})
    assert (elsewhere.status, elsewhere.body["error"]["field"]) == (409, "department")
    assert elsewhere.body["error"]["code"] == "wrong_department"
    assert listed(call, rid) == [], "nothing recorded"


def test_wording_the_library_wrote_without_links_still_lists_the_urls(
    aws: Stack, call: Invoke, at_delivery: Callable[[], str]
) -> None:
    install_rule("document_delivery_attachment")
    wording = {"subject": "Your copy", "text": "Here is {what}."}
    customized = call(
        "letter_templates",
        "letter_templates/customize",
        user="admin1",
        path_params={"kind": "delivered_attachment"},
        body=wording,
    )
    assert customized.status == 200, customized.body
    rid = at_delivery()
    upload(aws, call, rid, "scan.pdf", b"%PDF-1.4 three")
    assert add(call, rid, {"url": URL}).status == 201
    assert call("deliver", "deliver/as_the_rule_says", path_params={"id": rid}).status == 200
    text = plain_text_of_last_mail()
    assert text.startswith("Here is")
    assert f"Also for you:\n{URL}" in text.replace("\r\n", "\n")
