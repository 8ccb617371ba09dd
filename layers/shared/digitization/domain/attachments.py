"""Approval attachments (SPEC §3.4 "Work on"): a file and/or a URL with a note, kept as evidence."""

from __future__ import annotations

import re
from typing import Annotated, Self

from pydantic import AnyHttpUrl, Field, StringConstraints, UrlConstraints, model_validator

from digitization.clock import iso, utcnow
from digitization.domain import limits
from digitization.domain.lifecycle import record
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import Attachment, LongText, Request, Strict, new_id
from digitization.errors import NotFound

FileName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ContentType = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[\w.+-]+/[\w.+-]+$", max_length=100)
]
Url = Annotated[AnyHttpUrl, UrlConstraints(max_length=limits.URL_CHARS)]
MAX_ATTACHMENTS = limits.ATTACHMENTS


class AttachmentInput(Strict):
    """Add: a file to upload (name + content type), a URL, or both; a note."""

    file_name: FileName | None = None
    content_type: ContentType = "application/pdf"
    url: Url | None = None
    note: LongText | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.file_name is None and self.url is None:
            raise FieldProblem("file_name", "give a file to upload (file_name) or a url")
        return self


class AttachmentChanges(Strict):
    """Edit: a new file replaces the old one; url and note change when sent."""

    file_name: FileName | None = None
    content_type: ContentType = "application/pdf"
    url: Url | None = None
    note: LongText | None = Field(default=None)


def safe_name(file_name: str) -> str:
    """A file name fit for an S3 key: no path, no odd characters."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "file"


def add(request: Request, body: AttachmentInput, key_prefix: str, by: str) -> tuple[Request, Attachment]:
    if len(request.attachments) >= MAX_ATTACHMENTS:
        raise FieldProblem("file_name", f"a request holds at most {MAX_ATTACHMENTS} attachments")
    attachment_id = new_id()
    attachment = Attachment(
        id=attachment_id,
        file_name=body.file_name,
        content_type=body.content_type if body.file_name else None,
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
        attachment.content_type = changes.content_type
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
