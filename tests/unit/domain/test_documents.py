"""Delivery documents, pure: what is listed, what a rename may be, what the letter lists, when they change."""

from __future__ import annotations

from typing import Any

import pytest

from digitization.domain import documents
from digitization.domain.documents import DocumentChanges, DocumentInput
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import Delivery, DeliveryDocument, Request, Status
from digitization.errors import Conflict, NotFound

URL = "https://example.org/chapter"


def request(status: Status = Status.DOCUMENT_DELIVERY, **fields: Any) -> Request:
    return Request.model_validate(
        {
            "id": "r1",
            "status": status,
            "request_type": "patron_digitization",
            "requester": {"user_id": "patron1"},
            "item": {"mms_id": "991234", "title": "Ornament and Crime"},
            "created_by": "patron1",
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
            **fields,
        }
    )


def document(file_id: str, **fields: Any) -> DeliveryDocument:
    return DeliveryDocument(id=file_id, created_by="operator1", created_at="2026-01-02T00:00:00Z", **fields)


def test_files_come_first_with_what_is_recorded_then_urls_without_a_file() -> None:
    held = request(
        documents=[
            document("f1", url=URL, note="n1", name="Chapter_3.pdf"),
            document("u1", url="https://example.org/u1"),
            document("p1", note="a note on an upload not made"),
        ]
    )
    views = documents.listing(
        held, [("f1", "delivery/r1/files/f1/scan.pdf", 4), ("f2", "delivery/r1/files/f2/b.png", 9)]
    )
    assert [(v.file_id, v.name, v.size, v.uploaded, v.url, v.note, v.content_type) for v in views] == [
        ("f1", "Chapter_3.pdf", 4, True, URL, "n1", "application/pdf"),
        ("f2", "b.png", 9, True, None, None, "image/png"),
        ("u1", None, None, False, "https://example.org/u1", None, None),
    ]


def test_a_rename_keeps_the_type_and_is_made_safe() -> None:
    held = request()
    renamed = documents.edit(held, "f1", "scan.pdf", DocumentChanges(name="Loos: ch 3.PDF"), by="operator1")
    assert renamed.documents[0].name == "Loos_ch_3.PDF"
    assert documents.delivered_name(renamed, "f1", "scan.pdf") == "Loos_ch_3.PDF"
    assert documents.delivered_name(renamed, "f2", "other.pdf") == "other.pdf"
    with pytest.raises(FieldProblem) as caught:
        documents.edit(held, "f1", "scan.pdf", DocumentChanges(name="scan.tiff"), by="operator1")
    assert caught.value.field == "name"


def test_a_url_without_a_file_needs_its_url_and_an_unknown_one_is_not_found() -> None:
    held = request(documents=[document("u1", url=URL)])
    with pytest.raises(FieldProblem) as caught:
        documents.edit(held, "u1", None, DocumentChanges(url=None), by="operator1")
    assert caught.value.field == "url"
    labelled = documents.edit(held, "u1", None, DocumentChanges(name="Plates\nand  maps"), by="operator1")
    assert labelled.documents[0].name == "Plates and maps", "a label is one line in the letter"
    with pytest.raises(NotFound):
        documents.edit(held, "nope", None, DocumentChanges(note="x"), by="operator1")


@pytest.mark.parametrize(
    "held",
    [
        request(Status.DIGITIZATION),
        request(Status.CANCELLED),
        request(
            delivery=Delivery(
                target="document_delivery_link", delivered_by="operator1", delivered_at="2026-01-03T00:00:00Z"
            )
        ),
    ],
)
def test_documents_change_only_at_the_delivery_step_before_delivery(held: Request) -> None:
    body = DocumentInput.model_validate({"department": "DIGI-MAIN", "url": URL})
    with pytest.raises(Conflict):
        documents.add(held, "u1", body, by="operator1")
    with pytest.raises(Conflict):
        documents.edit(held, "f1", "a.pdf", DocumentChanges(note="x"), by="operator1")
    with pytest.raises(Conflict):
        documents.remove(held, "f1", by="operator1")


def test_the_letter_lists_urls_with_their_labels_and_never_notes() -> None:
    held = request(
        documents=[
            document("f1", name="Plates", url="https://example.org/plates", note="internal"),
            document("u1", url=URL),
            document("f2", note="only a note"),
        ]
    )
    assert documents.letter_links(held) == ["Plates: https://example.org/plates", URL]
