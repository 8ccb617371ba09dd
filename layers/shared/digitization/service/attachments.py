"""Approval attachments: stored as soon as they are added, files uploaded with presigned POSTs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from digitization import storage
from digitization.auth import Caller
from digitization.data.repositories import repositories
from digitization.domain import attachments, limits
from digitization.domain.attachments import AttachmentChanges, AttachmentInput
from digitization.domain.requests import Attachment
from digitization.errors import Conflict, NotFound
from digitization.observability import count
from digitization.service.approvals import APPROVERS
from digitization.service.mutation import mutate


class AttachmentUpload(BaseModel):
    """An attachment and, when it has a file, where to POST it (the form fields go with the file)."""

    attachment: Attachment
    upload: dict[str, Any] | None = None


class AttachmentDownload(BaseModel):
    url: str
    expires_in: int


def _upload(attachment: Attachment) -> dict[str, Any] | None:
    if attachment.key is None or attachment.content_type is None:
        return None
    return storage.presigned_upload(attachment.key, attachment.content_type)


def add(caller: Caller, request_id: str, body: AttachmentInput) -> AttachmentUpload:
    caller.require(*APPROVERS)
    prefix = storage.approvals_prefix(request_id)
    made: list[Attachment] = []

    def change(current: Any) -> Any:
        changed, attachment = attachments.add(current, body, prefix, caller.username)
        made[:] = [attachment]
        return changed

    mutate(request_id, change, transition=False, adds="body")
    count("AttachmentAdded")
    return AttachmentUpload(attachment=made[0], upload=_upload(made[0]))


def listing(caller: Caller, request_id: str) -> list[Attachment]:
    """The attachments, each marked uploaded or not (one List call for all files)."""
    caller.require(*APPROVERS)
    request = repositories().requests.get(request_id)
    present = storage.keys_under(storage.approvals_prefix(request_id)) if request.attachments else set()
    return [
        a.model_copy(update={"uploaded": a.key in present if a.key else None}) for a in request.attachments
    ]


def edit(caller: Caller, request_id: str, attachment_id: str, body: AttachmentChanges) -> AttachmentUpload:
    caller.require(*APPROVERS)
    prefix = storage.approvals_prefix(request_id)
    outcome: list[tuple[Attachment, str | None]] = []

    def change(current: Any) -> Any:
        changed, attachment, replaced = attachments.edit(
            current, attachment_id, body, prefix, caller.username
        )
        outcome[:] = [(attachment, replaced)]
        return changed

    mutate(request_id, change, transition=False, adds="body")
    attachment, replaced = outcome[0]
    if replaced:
        storage.delete_object(replaced)
    return AttachmentUpload(
        attachment=attachment, upload=_upload(attachment) if replaced or body.file_name else None
    )


def delete(caller: Caller, request_id: str, attachment_id: str) -> None:
    caller.require(*APPROVERS)
    removed: list[Attachment] = []

    def change(current: Any) -> Any:
        changed, attachment = attachments.remove(current, attachment_id, caller.username)
        removed[:] = [attachment]
        return changed

    mutate(request_id, change, transition=False, adds="att_id", budget=limits.WORKFLOW_BUDGET_BYTES)
    if removed[0].key:
        storage.delete_object(removed[0].key)
    count("AttachmentDeleted")


def download(caller: Caller, request_id: str, attachment_id: str) -> AttachmentDownload:
    caller.require(*APPROVERS)
    attachment = attachments.get(repositories().requests.get(request_id), attachment_id)
    if attachment.key is None or attachment.file_name is None:
        raise NotFound("this attachment has no file, only a URL", field="att_id")
    if attachment.key not in storage.keys_under(attachment.key):
        raise Conflict("the file has not been uploaded yet", field="att_id")
    return AttachmentDownload(
        url=storage.presigned_download(attachment.key, attachment.file_name),
        expires_in=storage.DOWNLOAD_SECONDS,
    )
