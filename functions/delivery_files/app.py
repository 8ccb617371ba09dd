"""Delivery files: start an upload (presigned POST), list what arrived, delete one."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.http import JSON, NO_CONTENT, caller, entrypoint, make_app
from digitization.service import delivery as service
from digitization.service.delivery import FileUpload, UploadedFile, UploadTicket

router = Router()


@router.post(
    "/requests/<id>/files",
    summary="Start the upload of one delivery file",
    description="A presigned POST for exactly this key and content type, 1 byte to the maximum file size "
    "(10 MB): S3 enforces it. Work order operators, at the delivery step. Nothing is recorded until "
    "the file is in S3, so an abandoned upload leaves nothing behind.",
    tags=["Delivery"],
    responses={
        201: {"description": "Created", "content": {JSON: {"model": UploadTicket}}},
    },
)
def start_upload(id: str, body: FileUpload) -> Response[Any]:
    ticket = service.start_upload(caller(router), id, body)
    return Response(status_code=201, content_type=JSON, body=ticket.model_dump_json())


@router.get(
    "/requests/<id>/files",
    summary="The uploaded delivery files",
    description="The files uploaded for delivery, as S3 holds them (an abandoned upload is not listed). Staff.",
    tags=["Delivery"],
)
def list_files(id: str) -> list[UploadedFile]:
    return service.list_files(caller(router), id)


@router.delete(
    "/requests/<id>/files/<file_id>",
    summary="Delete an uploaded delivery file",
    description="Remove an uploaded file before delivery; 409 once delivered. Work order operators.",
    tags=["Delivery"],
    responses=NO_CONTENT,
)
def delete_file(id: str, file_id: str) -> Response[Any]:
    service.delete_file(caller(router), id, file_id)
    return Response(status_code=204)


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
