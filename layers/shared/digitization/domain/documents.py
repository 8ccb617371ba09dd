"""Delivery documents (seed: "Add a URL and/or note … Edit … File name, URL, and Notes … Download").

A delivery document is an uploaded file, a URL, or both, each with an optional note. The file is
what S3 holds (decision 22); what staff say about it (the name it goes out under, a URL, a note) is
a :class:`DeliveryDocument` on the request, under the file's id. Documents change only at the
delivery step and before delivery (decision 65). Pure functions: the service reads S3 and saves.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Self

from pydantic import BaseModel, Field, field_validator, model_validator

from digitization.clock import iso, utcnow
from digitization.domain import limits
from digitization.domain.attachments import (
    DELIVERY_EXTENSIONS,
    DeliveryType,
    FileName,
    Url,
    file_type,
    lower_case,
)
from digitization.domain.departments import DepartmentCode
from digitization.domain.file_names import safe_name
from digitization.domain.lifecycle import record
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import DeliveryDocument, LongText, Request, Status, Strict
from digitization.errors import Conflict, NotFound

#: Where documents are added and edited: the delivery step, before delivery.
DELIVERY_STEP = frozenset({Status.DOCUMENT_DELIVERY, Status.DIGITAL_INVENTORY})
MAX_DOCUMENTS = limits.DELIVERY_FILES


class DocumentInput(Strict):
    """Body of ``POST /requests/{id}/files``: a file to upload (``file_name``, a PDF, JPEG, PNG or TIFF
    whose extension gives its type), a ``url``, or both; and a ``note``; at the department that holds the
    item (decision 61)."""

    department: DepartmentCode = Field(
        description="The department the operator is working at; must hold the item"
    )
    file_name: FileName | None = None
    content_type: DeliveryType | None = Field(
        default=None, description="Optional: the file name's extension gives it; sent, it must agree"
    )
    url: Url | None = Field(default=None, description="http or https, at most 2083 characters")
    note: LongText | None = None

    _lower = field_validator("content_type", mode="before")(lower_case)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.file_name is None:
            if self.url is None:
                raise FieldProblem("file_name", "give a file to upload (file_name), a url, or both")
            if self.content_type is not None:
                raise FieldProblem("content_type", "a content type goes with a file_name")
            return self
        self.content_type = file_type(self.file_name, self.content_type, DELIVERY_EXTENSIONS)
        return self

    @property
    def describes(self) -> bool:
        """True when there is something to record beside the file: a URL or a note."""
        return self.url is not None or self.note is not None


class DocumentChanges(Strict):
    """Body of ``PATCH /requests/{id}/files/{file_id}``: what is sent changes; ``null`` clears a URL or
    note. A file's new ``name`` keeps its type (``.pdf`` stays a PDF): it is the name it is delivered,
    zipped and downloaded under."""

    name: FileName | None = None
    url: Url | None = Field(default=None, description="http or https; null removes it")
    note: LongText | None = Field(default=None, description="null removes it")


class DocumentView(BaseModel):
    """One delivery document as staff see it: the file (when uploaded), its URL and note."""

    file_id: str
    name: str | None = Field(default=None, description="The file's name, or a URL's label when given")
    size: int | None = Field(default=None, description="Bytes; null for a URL without a file")
    key: str | None = None
    content_type: str | None = None
    uploaded: bool = Field(description="True when the file is in S3 (it can be downloaded and delivered)")
    url: str | None = None
    note: str | None = None
    updated_by: str | None = None
    updated_at: str | None = None


def require_open(request: Request) -> None:
    """Documents change at the delivery step and until delivery; 409 otherwise."""
    if request.delivery is not None:
        raise Conflict(
            "the request has been delivered; its documents can no longer change",
            current_status=request.status,
        )
    if request.status not in DELIVERY_STEP:
        raise Conflict(
            f"delivery documents are added at the delivery step; the request is {request.status.value}",
            current_status=request.status,
        )


def find(request: Request, file_id: str) -> DeliveryDocument | None:
    return next((document for document in request.documents if document.id == file_id), None)


def listing(request: Request, files: Iterable[tuple[str, str, int]]) -> list[DocumentView]:
    """The documents: every uploaded file ``(file_id, key, size)`` with what is recorded about it, then
    every URL without a file. A record with neither file nor URL (a note on an upload not made) is
    not listed."""
    views = []
    uploaded = set()
    for file_id, key, size in files:
        uploaded.add(file_id)
        document = find(request, file_id)
        name = (document.name if document else None) or key.rsplit("/", 1)[-1]
        views.append(_view(file_id, document, name=name, size=size, key=key))
    for document in request.documents:
        if document.id not in uploaded and document.url is not None:
            views.append(_view(document.id, document, name=document.name, size=None, key=None))
    return views


def _view(
    file_id: str, document: DeliveryDocument | None, *, name: str | None, size: int | None, key: str | None
) -> DocumentView:
    kind = DELIVERY_EXTENSIONS.get(PurePosixPath(name).suffix.lower()) if key and name else None
    return DocumentView(
        file_id=file_id,
        name=name,
        size=size,
        key=key,
        content_type=kind.value if kind else None,
        uploaded=key is not None,
        url=document.url if document else None,
        note=document.note if document else None,
        updated_by=(document.updated_by or document.created_by) if document else None,
        updated_at=(document.updated_at or document.created_at) if document else None,
    )


def add(request: Request, file_id: str, body: DocumentInput, by: str) -> Request:
    """Record a new document's URL and note under ``file_id`` (mutates a copy)."""
    require_open(request)
    if len(request.documents) >= MAX_DOCUMENTS:
        raise Conflict(
            f"a delivery holds at most {MAX_DOCUMENTS} files and URLs; delete one first",
            field="file_name" if body.file_name else "url",
        )
    changed = request.model_copy(deep=True)
    changed.documents.append(
        DeliveryDocument(
            id=file_id,
            url=str(body.url) if body.url else None,
            note=body.note,
            created_by=by,
            created_at=iso(utcnow()),
        )
    )
    return record(changed, by=by, action="add_document", details={"file_id": file_id})


def edit(request: Request, file_id: str, file_name: str | None, changes: DocumentChanges, by: str) -> Request:
    """Change what is sent of a document (mutates a copy). ``file_name`` is the uploaded file's current
    name (None without a file): a new name must keep its type. A document without a file keeps its URL."""
    require_open(request)
    changed = request.model_copy(deep=True)
    document = find(changed, file_id)
    if document is None:
        if file_name is None:
            raise NotFound(f"no delivery document {file_id}", field="file_id")
        if len(changed.documents) >= MAX_DOCUMENTS:
            raise Conflict(f"a delivery holds at most {MAX_DOCUMENTS} files and URLs", field="file_id")
        document = DeliveryDocument(id=file_id, created_by=by, created_at=iso(utcnow()))
        changed.documents.append(document)
    sent = changes.model_fields_set
    if "name" in sent:
        document.name = _name(changes.name, file_name)
    if "url" in sent:
        document.url = str(changes.url) if changes.url else None
    if "note" in sent:
        document.note = changes.note
    if file_name is None and document.url is None:
        raise FieldProblem("url", "a document without a file is its URL: delete the document instead")
    document.updated_by = by
    document.updated_at = iso(utcnow())
    return record(changed, by=by, action="edit_document", details={"file_id": file_id})


def _name(name: str | None, file_name: str | None) -> str | None:
    """A file's new name, fit for a key, a zip and a letter, of the same type as the uploaded one; a
    URL's label on one line (it heads the URL in the letter)."""
    if name is None:
        return None
    if file_name is None:
        return " ".join(name.split())
    new = safe_name(name)
    was = file_type(file_name, None, DELIVERY_EXTENSIONS)
    try:
        kind = file_type(new, None, DELIVERY_EXTENSIONS)
    except FieldProblem as problem:
        raise FieldProblem("name", problem.message) from None
    if kind is not was:
        raise FieldProblem("name", f"the file is {was.value}: its name keeps an extension of that type")
    return new


def remove(request: Request, file_id: str, by: str) -> Request:
    """Forget what was recorded about a document (mutates a copy)."""
    require_open(request)
    changed = request.model_copy(deep=True)
    changed.documents = [document for document in changed.documents if document.id != file_id]
    return record(changed, by=by, action="delete_document", details={"file_id": file_id})


def delivered_name(request: Request, file_id: str, name: str) -> str:
    """The name a file is delivered under: its new name when staff renamed it."""
    document = find(request, file_id)
    return document.name if document and document.name else name


def letter_links(request: Request) -> list[str]:
    """The URLs a delivery letter lists, one line each (``name: url`` when the URL has a label)."""
    return [
        f"{document.name}: {document.url}" if document.name else document.url
        for document in request.documents
        if document.url
    ]
