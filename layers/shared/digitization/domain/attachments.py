"""Approval attachments (SPEC §3.4 "Work on"): a file and/or a URL with a note, kept as evidence."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Annotated, Any, Self, TypeVar

from pydantic import AnyHttpUrl, Field, StringConstraints, UrlConstraints, field_validator, model_validator

from digitization.clock import iso, utcnow
from digitization.domain import limits
from digitization.domain.file_names import safe_name
from digitization.domain.lifecycle import record
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import Attachment, LongText, Request, Strict, new_id
from digitization.errors import NotFound

FileName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=limits.FILE_NAME_CHARS)
]
Url = Annotated[AnyHttpUrl, UrlConstraints(max_length=limits.URL_CHARS)]
MAX_ATTACHMENTS = limits.ATTACHMENTS

# -- file types ------------------------------------------------------------------------------------
# A file's content type is pinned in its presigned POST, and S3 serves the file with it. So only
# types no browser runs are taken (no text/html, no SVG, no XML), and the name's extension decides
# the type: a content type sent must agree with it.


class DeliveryType(StrEnum):
    """What a digitized copy is delivered as."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    TIFF = "image/tiff"


class EvidenceType(StrEnum):
    """What an approval attachment may be: documents, images, saved mail, plain text or a table."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    TIFF = "image/tiff"
    GIF = "image/gif"
    TEXT = "text/plain"
    CSV = "text/csv"
    EMAIL = "message/rfc822"
    WORD = "application/msword"
    WORD_XML = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    EXCEL = "application/vnd.ms-excel"
    EXCEL_XML = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    OPEN_TEXT = "application/vnd.oasis.opendocument.text"
    OPEN_SHEET = "application/vnd.oasis.opendocument.spreadsheet"


DELIVERY_EXTENSIONS: dict[str, DeliveryType] = {
    ".pdf": DeliveryType.PDF,
    ".jpg": DeliveryType.JPEG,
    ".jpeg": DeliveryType.JPEG,
    ".png": DeliveryType.PNG,
    ".tif": DeliveryType.TIFF,
    ".tiff": DeliveryType.TIFF,
}
EVIDENCE_EXTENSIONS: dict[str, EvidenceType] = {
    **{extension: EvidenceType(kind.value) for extension, kind in DELIVERY_EXTENSIONS.items()},
    ".gif": EvidenceType.GIF,
    ".txt": EvidenceType.TEXT,
    ".csv": EvidenceType.CSV,
    ".eml": EvidenceType.EMAIL,
    ".doc": EvidenceType.WORD,
    ".docx": EvidenceType.WORD_XML,
    ".xls": EvidenceType.EXCEL,
    ".xlsx": EvidenceType.EXCEL_XML,
    ".odt": EvidenceType.OPEN_TEXT,
    ".ods": EvidenceType.OPEN_SHEET,
}

Kind = TypeVar("Kind", DeliveryType, EvidenceType)


def file_type(file_name: str, given: Kind | None, types: Mapping[str, Kind]) -> Kind:
    """The content type of ``file_name``, by its extension (any case); ``given`` must agree with it.

    A name without one of the extensions is a FieldProblem on ``file_name``; a content type that
    is not the extension's, on ``content_type``. (A content type outside the accepted set never
    gets here: the model's enum refuses it first, naming ``content_type``.)
    """
    extension = PurePosixPath(safe_name(file_name)).suffix.lower()
    expected = types.get(extension)
    if expected is None:
        known = ", ".join(types)
        raise FieldProblem("file_name", f"the file name ends in one of {known}, which gives its content type")
    if given is not None and given is not expected:
        raise FieldProblem("content_type", f"a {extension} file is {expected.value}, not {given.value}")
    return expected


def lower_case(value: Any) -> Any:
    """Content types are case-insensitive: ``Application/PDF`` is ``application/pdf``."""
    return value.strip().lower() if isinstance(value, str) else value


class AttachmentInput(Strict):
    """Add: a file to upload (name, and optionally its content type), a URL, or both; a note."""

    file_name: FileName | None = None
    content_type: EvidenceType | None = Field(
        default=None, description="Optional: the file name's extension gives it; sent, it must agree"
    )
    url: Url | None = None
    note: LongText | None = None

    _lower = field_validator("content_type", mode="before")(lower_case)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.file_name is None and self.url is None:
            raise FieldProblem("file_name", "give a file to upload (file_name) or a url")
        self.content_type = (
            file_type(self.file_name, self.content_type, EVIDENCE_EXTENSIONS) if self.file_name else None
        )
        return self


class AttachmentChanges(Strict):
    """Edit: a new file replaces the old one; url and note change when sent."""

    file_name: FileName | None = None
    content_type: EvidenceType | None = Field(
        default=None,
        description="Optional, with a new file_name: its extension gives it; sent, it must agree",
    )
    url: Url | None = None
    note: LongText | None = Field(default=None)

    _lower = field_validator("content_type", mode="before")(lower_case)

    @model_validator(mode="after")
    def _file_type(self) -> Self:
        if self.file_name is not None:
            self.content_type = file_type(self.file_name, self.content_type, EVIDENCE_EXTENSIONS)
        return self


def add(request: Request, body: AttachmentInput, key_prefix: str, by: str) -> tuple[Request, Attachment]:
    if len(request.attachments) >= MAX_ATTACHMENTS:
        raise FieldProblem("file_name", f"a request holds at most {MAX_ATTACHMENTS} attachments")
    attachment_id = new_id()
    attachment = Attachment(
        id=attachment_id,
        file_name=body.file_name,
        content_type=body.content_type.value if body.file_name and body.content_type else None,
        key=f"{key_prefix}{attachment_id}/{safe_name(body.file_name)}" if body.file_name else None,
        url=str(body.url) if body.url else None,
        note=body.note,
        created_by=by,
        created_at=iso(utcnow()),
    )
    changed = request.model_copy(deep=True)
    changed.attachments.append(attachment)
    return record(
        changed, by=by, action="add_attachment", details={"attachment_id": attachment_id}
    ), attachment


def edit(
    request: Request, attachment_id: str, changes: AttachmentChanges, key_prefix: str, by: str
) -> tuple[Request, Attachment, str | None]:
    """Returns the changed request, the attachment, and the key of a replaced file (to delete), if any."""
    changed = request.model_copy(deep=True)
    attachment = get(changed, attachment_id)
    replaced = None
    sent = changes.model_fields_set
    if changes.file_name is not None:
        replaced = attachment.key
        attachment.file_name = changes.file_name
        attachment.content_type = changes.content_type.value if changes.content_type else None
        attachment.key = f"{key_prefix}{attachment_id}/{new_id()[:8]}-{safe_name(changes.file_name)}"
    if "url" in sent:
        attachment.url = str(changes.url) if changes.url else None
    if "note" in sent:
        attachment.note = changes.note
    attachment.updated_by = by
    attachment.updated_at = iso(utcnow())
    return (
        record(changed, by=by, action="edit_attachment", details={"attachment_id": attachment_id}),
        attachment,
        replaced,
    )


def remove(request: Request, attachment_id: str, by: str) -> tuple[Request, Attachment]:
    changed = request.model_copy(deep=True)
    attachment = get(changed, attachment_id)
    changed.attachments.remove(attachment)
    return record(
        changed, by=by, action="delete_attachment", details={"attachment_id": attachment_id}
    ), attachment


def get(request: Request, attachment_id: str) -> Attachment:
    for attachment in request.attachments:
        if attachment.id == attachment_id:
            return attachment
    raise NotFound(f"no attachment {attachment_id} on request {request.id}", field="att_id")
