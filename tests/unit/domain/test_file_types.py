"""Which files may be uploaded: the name's extension gives the content type, and a type sent must agree."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from digitization.domain.attachments import AttachmentChanges, AttachmentInput
from digitization.http import describe_validation_error
from digitization.service.delivery import FileUpload


def refused(model: type[BaseModel], body: dict[str, Any]) -> tuple[str | None, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    return describe_validation_error(dict(caught.value.errors()[0]))


@pytest.mark.parametrize(
    ("file_name", "content_type", "expected"),
    [
        ("chapter-3.pdf", None, "application/pdf"),
        ("Chapter 3.PDF", "application/pdf", "application/pdf"),
        ("scan.jpg", "image/jpeg", "image/jpeg"),
        ("scan.JPEG", None, "image/jpeg"),
        ("plate.png", "IMAGE/PNG", "image/png"),
        ("page-001.tif", "image/tiff", "image/tiff"),
        ("page-001.Tiff", None, "image/tiff"),
    ],
)
def test_delivery_files_of_the_four_types(file_name: str, content_type: str | None, expected: str) -> None:
    upload = FileUpload.model_validate(
        {"department": "DIGI-MAIN", "file_name": file_name, "content_type": content_type}
    )
    assert upload.media_type == expected


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"file_name": "page.html", "content_type": "text/html"}, "content_type", "application/pdf"),
        ({"file_name": "chapter.pdf", "content_type": "text/html"}, "content_type", "application/pdf"),
        ({"file_name": "image.svg", "content_type": "image/svg+xml"}, "content_type", "image/png"),
        (
            {"file_name": "chapter.pdf", "content_type": "image/png"},
            "content_type",
            "a .pdf file is application/pdf",
        ),
        ({"file_name": "scan.png", "content_type": "image/jpeg"}, "content_type", "a .png file is image/png"),
        ({"file_name": "chapter"}, "file_name", ".pdf, .jpg, .jpeg, .png, .tif, .tiff"),
        ({"file_name": "chapter.docx"}, "file_name", "ends in one of"),
        ({"file_name": "page.html", "content_type": "application/pdf"}, "file_name", "ends in one of"),
        ({"file_name": ".pdf"}, "file_name", "ends in one of"),
        ({"file_name": "chapter.pdf", "content_type": {}}, "content_type", "application/pdf"),
    ],
)
def test_anything_else_is_refused_naming_the_field(body: dict[str, Any], field: str, words: str) -> None:
    got, message = refused(FileUpload, {"department": "DIGI-MAIN", **body})
    assert got == field
    assert words in message


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("clearance.pdf", "application/pdf"),
        ("permission.eml", "message/rfc822"),
        ("licence.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("invoice.TXT", "text/plain"),
        ("scan.tiff", "image/tiff"),
    ],
)
def test_approval_attachments_take_a_wider_set(file_name: str, expected: str) -> None:
    assert AttachmentInput.model_validate({"file_name": file_name}).content_type == expected
    assert AttachmentChanges.model_validate({"file_name": file_name}).content_type == expected


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"file_name": "evidence.html", "content_type": "text/html"}, "content_type"),
        ({"file_name": "evidence.html"}, "file_name"),
        ({"file_name": "evidence.htm", "content_type": "text/plain"}, "file_name"),
        ({"file_name": "evidence.svg"}, "file_name"),
        ({"file_name": "evidence.xhtml", "content_type": "application/xhtml+xml"}, "content_type"),
        ({"file_name": "evidence.txt", "content_type": "application/pdf"}, "content_type"),
    ],
)
def test_approval_attachments_never_take_markup(body: dict[str, Any], field: str) -> None:
    assert refused(AttachmentInput, body)[0] == field
    assert refused(AttachmentChanges, body)[0] == field


def test_a_url_alone_needs_no_file_type() -> None:
    only_url = AttachmentInput.model_validate({"url": "https://www.copyright.com/"})
    assert only_url.content_type is None
    assert AttachmentChanges.model_validate({"note": "n"}).content_type is None
