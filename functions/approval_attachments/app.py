"""Approval attachments: add (presigned upload), list, edit, delete, download (presigned GET)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.domain.attachments import AttachmentChanges, AttachmentInput
from digitization.domain.requests import Attachment
from digitization.http import JSON, NO_CONTENT, caller, entrypoint, make_app
from digitization.service import attachments as service
from digitization.service.attachments import AttachmentDownload, AttachmentUpload

router = Router()


@router.post(
    "/requests/<id>/attachments",
    summary="Add an attachment",
    description="Stored at once (it survives leaving the screen). With `file_name`, the answer carries a "
    "presigned POST (`upload.url` + `upload.fields`) for the file, 10 MB at most.",
    tags=["Approvals"],
    responses={
        201: {"description": "Created", "content": {JSON: {"model": AttachmentUpload}}},
    },
)
def add_attachment(id: str, body: AttachmentInput) -> Response[Any]:
    added = service.add(caller(router), id, body)
    return Response(status_code=201, content_type=JSON, body=added.model_dump_json())


@router.get(
    "/requests/<id>/attachments",
    summary="List attachments",
    description="The evidence kept for the approval (file, URL, note), with whether each file was uploaded. Approvers.",
    tags=["Approvals"],
)
def list_attachments(id: str) -> list[Attachment]:
    return service.listing(caller(router), id)


@router.patch(
    "/requests/<id>/attachments/<att_id>",
    summary="Edit an attachment",
    description="A new `file_name` replaces the file (upload it with the returned presigned POST).",
    tags=["Approvals"],
)
def edit_attachment(id: str, att_id: str, body: AttachmentChanges) -> AttachmentUpload:
    return service.edit(caller(router), id, att_id, body)


@router.delete(
    "/requests/<id>/attachments/<att_id>",
    summary="Delete an attachment",
    description="Removes the attachment and its file. Approvers.",
    tags=["Approvals"],
    responses=NO_CONTENT,
)
def delete_attachment(id: str, att_id: str) -> Response[Any]:
    service.delete(caller(router), id, att_id)
    return Response(status_code=204)


@router.get(
    "/requests/<id>/attachments/<att_id>",
    summary="Download an attachment",
    description="A short-lived presigned GET for the file.",
    tags=["Approvals"],
)
def download_attachment(id: str, att_id: str) -> AttachmentDownload:
    return service.download(caller(router), id, att_id)


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
