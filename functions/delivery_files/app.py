"""Delivery documents: start an upload (presigned POST) and/or give a URL with a note, list, edit,
delete one, download a file (presigned GET)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.domain.documents import DocumentChanges, DocumentInput, DocumentView
from digitization.http import JSON, NO_CONTENT, caller, entrypoint, make_app
from digitization.service import documents as service
from digitization.service.documents import DocumentDownload, DocumentTicket

router = Router()


@router.post(
    "/requests/<id>/files",
    summary="Add a delivery document: start a file's upload and/or give a URL, with a note",
    description="With `file_name`: a presigned POST for exactly this key and content type, 1 byte to the "
    "maximum file size (10 MB): S3 enforces it; nothing is recorded until the file is in S3 unless a `url` "
    "or `note` comes with it. With only a `url` (http or https): a document without a file, listed in "
    "the delivery letter of an attachment or link delivery. Work order operators, at the delivery step, "
    "before delivery; at most 50 documents.",
    tags=["Delivery"],
    responses={
        201: {"description": "Created", "content": {JSON: {"model": DocumentTicket}}},
    },
)
def start_upload(id: str, body: DocumentInput) -> Response[Any]:
    ticket = service.start(caller(router), id, body)
    return Response(status_code=201, content_type=JSON, body=ticket.model_dump_json())


@router.get(
    "/requests/<id>/files",
    summary="The delivery documents",
    description="The files uploaded for delivery, as S3 holds them (an abandoned upload is not listed), "
    "with their URL and note, then the URLs without a file. Staff.",
    tags=["Delivery"],
)
def list_files(id: str) -> list[DocumentView]:
    return service.listing(caller(router), id)


@router.patch(
    "/requests/<id>/files/<file_id>",
    summary="Edit a delivery document",
    description="Change the `name` a file is delivered under (same type), its `url` or `note` (`null` "
    "removes them). Work order operators, before delivery; 409 once delivered.",
    tags=["Delivery"],
)
def edit_file(id: str, file_id: str, body: DocumentChanges) -> DocumentView:
    return service.edit(caller(router), id, file_id, body)


@router.delete(
    "/requests/<id>/files/<file_id>",
    summary="Delete a delivery document",
    description="Remove an uploaded file and/or its URL and note before delivery; 409 once delivered. "
    "Work order operators.",
    tags=["Delivery"],
    responses=NO_CONTENT,
)
def delete_file(id: str, file_id: str) -> Response[Any]:
    service.delete(caller(router), id, file_id)
    return Response(status_code=204)


@router.get(
    "/requests/<id>/files/<file_id>",
    summary="Download an uploaded delivery file",
    description="A presigned GET of the file (300 seconds), to check it before sending. Staff.",
    tags=["Delivery"],
)
def download_file(id: str, file_id: str) -> DocumentDownload:
    return service.download(caller(router), id, file_id)


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
