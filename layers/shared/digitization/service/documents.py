"""Delivery documents: add (a file's presigned POST and/or a URL, with a note), list, edit, delete and
download (a short-lived presigned GET) before delivery. The files are what S3 holds; the URLs, notes
and new names are recorded on the request with conditional writes (``mutation.mutate``)."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel, Field

from digitization import storage
from digitization.auth import Caller, Role
from digitization.data.repositories import repositories
from digitization.domain import documents, limits
from digitization.domain.departments import require_held_at
from digitization.domain.documents import DocumentChanges, DocumentInput, DocumentView
from digitization.domain.requests import Request, new_id
from digitization.errors import Conflict, NotFound
from digitization.observability import count
from digitization.service import delivery
from digitization.service.mutation import mutate

OPERATOR = Role.WORK_ORDER_OPERATOR
FILE_ID_CHARS = 64


class DocumentTicket(BaseModel):
    """A new delivery document and, for a file, where to POST it: ``url`` with ``fields`` and then the
    file, within ``max_bytes`` (the upload fields are null for a URL without a file)."""

    file_id: str
    key: str | None = None
    url: str | None = Field(default=None, description="Where to POST the file (the presigned POST)")
    fields: dict[str, str] | None = None
    expires_in: int | None = None
    max_bytes: int | None = None
    document: DocumentView


class DocumentDownload(BaseModel):
    """A presigned GET of the uploaded file, valid for ``expires_in`` seconds."""

    url: str
    name: str
    expires_in: int


def _files(request_id: str) -> list[tuple[str, str, int]]:
    return [(f.file_id, f.key, f.size) for f in delivery.uploaded_files(request_id)]


class _File(NamedTuple):
    key: str
    name: str
    size: int


def _file(request_id: str, file_id: str) -> _File | None:
    """The uploaded file ``file_id``, or None (one List call under its own prefix)."""
    if not file_id or len(file_id) > FILE_ID_CHARS or "/" in file_id:
        return None
    prefix = f"{storage.delivery_files_prefix(request_id)}{file_id}/"
    found = sorted(storage.sizes_under(prefix).items())
    return _File(found[0][0], found[0][0].removeprefix(prefix), found[0][1]) if found else None


def _view(request: Request, file_id: str) -> DocumentView:
    found = _file(request.id, file_id)
    files = [(file_id, found.key, found.size)] if found else []
    views = [view for view in documents.listing(request, files) if view.file_id == file_id]
    if not views:
        raise NotFound(f"no delivery document {file_id}", field="file_id")
    return views[0]


def start(caller: Caller, request_id: str, body: DocumentInput) -> DocumentTicket:
    """A file's presigned POST (nothing recorded unless a URL or note comes with it), or a URL."""
    caller.require(OPERATOR)
    request = repositories().requests.get(request_id)
    documents.require_open(request)
    require_held_at(request, body.department, "add delivery documents")
    if len(documents.listing(request, _files(request_id))) >= documents.MAX_DOCUMENTS:
        raise Conflict(
            f"a delivery holds at most {documents.MAX_DOCUMENTS} files and URLs; zip files or delete one first",
            field="file_name" if body.file_name else "url",
        )
    ticket = None
    if body.file_name is not None:
        upload = delivery.FileUpload(
            department=body.department, file_name=body.file_name, content_type=body.content_type
        )
        ticket = delivery.start_upload(caller, request_id, upload)
    file_id = ticket.file_id if ticket else new_id()[:12]
    if body.describes:
        request = mutate(
            request_id,
            lambda current: documents.add(current, file_id, body, caller.username),
            transition=False,
            adds="body",
        )
        count("DeliveryDocumentAdded")
    recorded = documents.find(request, file_id)
    name = ticket.key.rsplit("/", 1)[-1] if ticket else None
    view = DocumentView(
        file_id=file_id,
        name=name,
        key=ticket.key if ticket else None,
        content_type=body.content_type.value if ticket and body.content_type else None,
        uploaded=False,
        url=recorded.url if recorded else None,
        note=recorded.note if recorded else None,
        updated_by=recorded.created_by if recorded else None,
        updated_at=recorded.created_at if recorded else None,
    )
    if ticket is None:
        return DocumentTicket(file_id=file_id, document=view)
    return DocumentTicket(
        file_id=file_id,
        key=ticket.key,
        url=ticket.url,
        fields=ticket.fields,
        expires_in=ticket.expires_in,
        max_bytes=ticket.max_bytes,
        document=view,
    )


def listing(caller: Caller, request_id: str) -> list[DocumentView]:
    """Every uploaded file with its URL and note, then every URL without a file. Staff."""
    caller.require_staff()
    request = repositories().requests.get(request_id)
    return documents.listing(request, _files(request_id))


def edit(caller: Caller, request_id: str, file_id: str, changes: DocumentChanges) -> DocumentView:
    caller.require(OPERATOR)
    found = _file(request_id, file_id)
    saved = mutate(
        request_id,
        lambda current: documents.edit(
            current, file_id, found.name if found else None, changes, caller.username
        ),
        transition=False,
        adds="body",
    )
    count("DeliveryDocumentEdited")
    return _view(saved, file_id)


def delete(caller: Caller, request_id: str, file_id: str) -> None:
    """The record first, then the file: a failure in between leaves a file a retry deletes."""
    caller.require(OPERATOR)
    request = repositories().requests.get(request_id)
    documents.require_open(request)
    found = _file(request_id, file_id)
    if documents.find(request, file_id) is not None:
        mutate(
            request_id,
            lambda current: documents.remove(current, file_id, caller.username),
            transition=False,
            read=request,
            adds="file_id",
            budget=limits.WORKFLOW_BUDGET_BYTES,
        )
    elif found is None:
        raise NotFound(f"no delivery document {file_id}", field="file_id")
    if found is not None:
        storage.delete_object(found.key)
    count("DeliveryDocumentDeleted")


def download(caller: Caller, request_id: str, file_id: str) -> DocumentDownload:
    """A short-lived presigned GET of an uploaded file, to check it before (or after) delivery. Staff."""
    caller.require_staff()
    request = repositories().requests.get(request_id)
    found = _file(request_id, file_id)
    if found is None:
        recorded = documents.find(request, file_id)
        if recorded is not None and recorded.url is not None:
            raise NotFound(f"document {file_id} is a URL without a file: open the URL", field="file_id")
        raise NotFound(f"no uploaded file {file_id}", field="file_id")
    name = documents.delivered_name(request, file_id, found.name)
    return DocumentDownload(
        url=storage.presigned_download(found.key, name), name=name, expires_in=storage.DOWNLOAD_SECONDS
    )
