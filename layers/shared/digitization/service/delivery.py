"""Delivery use cases (SPEC §5): upload files, and deliver to the repository, by attachment or by link."""

from __future__ import annotations

import mimetypes
import time
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from digitization import mime, storage
from digitization.auth import Caller, Role
from digitization.clock import epoch, iso, utcnow
from digitization.data.repositories import repositories
from digitization.domain import delivery as domain
from digitization.domain import documents, limits
from digitization.domain.attachments import (
    DELIVERY_EXTENSIONS,
    DeliveryType,
    FileName,
    file_type,
    lower_case,
)
from digitization.domain.departments import DepartmentCode, require_held_at
from digitization.domain.file_names import safe_name
from digitization.domain.problems import FieldProblem
from digitization.domain.representations import FILES_PREFIX, Representation, RepresentationFile
from digitization.domain.requests import DeliveredFile, Delivery, Request, Status, new_id
from digitization.domain.rules import RepresentationSettings, RuleOutput, Target, UsageType
from digitization.errors import Conflict, PayloadTooLarge
from digitization.observability import count, logger
from digitization.service import publishing
from digitization.service import settings as settings_service
from digitization.service.letters import dispatch
from digitization.service.mutation import mutate

OPERATOR = Role.WORK_ORDER_OPERATOR
UPLOAD_STATUSES = frozenset({Status.DOCUMENT_DELIVERY, Status.DIGITAL_INVENTORY})
DAY = 86_400


class FileUpload(BaseModel):
    """A file to upload (the file of ``POST /requests/{id}/files``, ``domain.documents.DocumentInput``): a
    PDF, JPEG, PNG or TIFF file (.pdf, .jpg/.jpeg, .png, .tif/.tiff, any case); the extension gives the
    content type, and one sent must agree."""

    model_config = ConfigDict(extra="forbid")

    department: DepartmentCode = Field(
        description="The department the operator is working at; must hold the item"
    )
    file_name: FileName
    content_type: DeliveryType | None = Field(
        default=None, description="Optional: the file name's extension gives it; sent, it must agree"
    )

    _lower = field_validator("content_type", mode="before")(lower_case)

    @model_validator(mode="after")
    def _file_type(self) -> Self:
        self.content_type = file_type(self.file_name, self.content_type, DELIVERY_EXTENSIONS)
        return self

    @property
    def media_type(self) -> str:
        return (self.content_type or file_type(self.file_name, None, DELIVERY_EXTENSIONS)).value


class UploadTicket(BaseModel):
    """Where to POST the file: ``url`` with ``fields`` and then the file, within ``max_bytes``."""

    file_id: str
    key: str
    url: str
    fields: dict[str, str]
    expires_in: int
    max_bytes: int


class UploadedFile(BaseModel):
    file_id: str
    name: str
    size: int
    key: str


class DeliverInput(BaseModel):
    """Body of ``POST /requests/{id}/deliver``. For the digital inventory, the rule's representation
    settings may be overridden here, except the collection (the seed: it cannot be changed)."""

    model_config = ConfigDict(extra="forbid")

    department: DepartmentCode = Field(
        description="The department the operator is working at; must hold the item"
    )
    usage_type: UsageType | None = None
    access_rights_policy_id: str | None = Field(default=None, max_length=64)
    active: bool | None = None
    remote: bool | None = None
    collection: str | None = Field(default=None, max_length=limits.COLLECTION_CHARS)

    @model_validator(mode="after")
    def _collection_fixed(self) -> Self:
        if self.collection is not None:
            raise FieldProblem(
                "collection", "the collection comes from the rule and cannot be changed at delivery"
            )
        return self


def _require_upload_step(request: Request) -> None:
    if request.status not in UPLOAD_STATUSES:
        raise Conflict(
            f"files are uploaded at the delivery step; the request is {request.status.value}",
            current_status=request.status,
        )


def start_upload(caller: Caller, request_id: str, body: FileUpload) -> UploadTicket:
    """A presigned POST for one file; nothing is recorded until the file is in S3 (the listing is S3's)."""
    caller.require(OPERATOR)
    request = repositories().requests.get(request_id)
    _require_upload_step(request)
    require_held_at(request, body.department, "upload files")
    if len(storage.sizes_under(storage.delivery_files_prefix(request_id))) >= limits.DELIVERY_FILES:
        raise Conflict(
            f"a delivery holds at most {limits.DELIVERY_FILES} files; zip them or delete one first",
            field="file_name",
        )
    file_id = new_id()[:12]
    key = f"{storage.delivery_files_prefix(request_id)}{file_id}/{safe_name(body.file_name)}"
    limit = settings_service.current().max_file_size_bytes
    post = storage.presigned_upload(key, body.media_type, limit)
    return UploadTicket(
        file_id=file_id,
        key=key,
        url=post["url"],
        fields=post["fields"],
        expires_in=post["expires_in"],
        max_bytes=limit,
    )


def uploaded_files(request_id: str) -> list[UploadedFile]:
    prefix = storage.delivery_files_prefix(request_id)
    files = []
    for key, size in sorted(storage.sizes_under(prefix).items()):
        file_id, _, name = key.removeprefix(prefix).partition("/")
        files.append(UploadedFile(file_id=file_id, name=name, size=size, key=key))
    return files


def deliver(caller: Caller, request_id: str, body: DeliverInput, base_url: str) -> Request:
    """Deliver as the applied rule says. What is delivered reaches the patron only once every task is
    approved: now, or at the last approval (``publishing.publish``)."""
    caller.require(OPERATOR)
    request = repositories().requests.get(request_id)
    target = domain.check_deliverable(request)
    require_held_at(request, body.department, "deliver")
    files = uploaded_files(request_id)
    if not files:
        raise Conflict(
            "upload the digitized files first (POST /requests/{id}/files)", current_status=request.status
        )
    if len(files) > limits.DELIVERY_FILES:  # uploads started together may pass the check at upload
        raise Conflict(
            f"{len(files)} files are uploaded; a delivery holds at most {limits.DELIVERY_FILES}: delete some",
            field="files",
            current_status=request.status,
        )
    limit = settings_service.current().max_file_size_bytes
    too_big = [f.name for f in files if f.size > limit]
    if too_big:
        raise PayloadTooLarge(
            f"{too_big[0]} is over the {limit // (1024 * 1024)} MB a file may have", field="files"
        )
    output = _rule_output(request)
    names = {f.file_id: documents.delivered_name(request, f.file_id, f.name) for f in files}
    delivered = [
        DeliveredFile(
            key=f.key, name=names[f.file_id], size=f.size, content_type=_content_type(names[f.file_id])
        )
        for f in files
    ]
    record = Delivery(
        target=target.value,
        files=delivered,
        delivered_by=caller.username,
        delivered_at=iso(utcnow()),
        base_url=base_url,
    )
    if target is Target.DIGITAL_INVENTORY:
        _to_repository(request, record, output.representation or RepresentationSettings(), body)
    elif target is Target.DOCUMENT_DELIVERY_ATTACHMENT:
        _check_attachable(record)
    else:
        _prepare_link(request, record, output)
    # Only a status change defeats a delivery: an approval landing meanwhile is welcome.
    saved = mutate(request_id, lambda current: domain.deliver(current, record), guard=lambda r: r.status)
    count(f"Delivered_{target.value}")
    if target is Target.DIGITAL_INVENTORY:  # the uploads were copied into the representation
        storage.delete_keys({f.key for f in files})
    return dispatch(publishing.publish_or_leave(saved, base_url, by=caller.username))


def _rule_output(request: Request) -> RuleOutput:
    snapshot = request.applied_rule.snapshot if request.applied_rule else None
    if not snapshot:
        raise Conflict("no rule was applied to this request", current_status=request.status)
    return RuleOutput.model_validate(snapshot["output"])


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _to_repository(
    request: Request, record: Delivery, rule: RepresentationSettings, body: DeliverInput
) -> None:
    """Files are copied to the permanent representations/ prefix, under a representation named after
    the request, hidden until published. Every step repeats harmlessly, so a delivery that stopped
    half-way is finished by delivering again (the uploads go once the delivery is recorded)."""
    representation_id = request.id
    stored = []
    for index, file in enumerate(record.files):
        key = f"{FILES_PREFIX}{representation_id}/{index + 1}-{file.name}"
        storage.copy(file.key, key)
        stored.append(
            RepresentationFile(
                id=str(index + 1), key=key, name=file.name, content_type=file.content_type, size=file.size
            )
        )
    representation = Representation(
        id=representation_id,
        mms_id=request.item.mms_id,
        title=request.item.title,
        collection=rule.collection,
        usage_type=body.usage_type or rule.usage_type,
        access_rights_policy_id=body.access_rights_policy_id or rule.access_rights_policy_id,
        active=rule.active if body.active is None else body.active,
        remote=rule.remote if body.remote is None else body.remote,
        published=False,
        created_at=iso(utcnow()),
        publication_year=request.item.publication_year,
        files=stored,
    )
    representations = repositories().representations
    try:
        representations.create(representation)
    except Conflict:  # made by an earlier attempt at this delivery that stopped before recording it
        representations.delete(representation_id)
        representations.create(representation)
    record.representation_id = representation_id
    record.files = [
        DeliveredFile(key=f.key, name=f.name, size=f.size, content_type=f.content_type) for f in stored
    ]


def _check_attachable(record: Delivery) -> None:
    if not mime.fits([f.size for f in record.files]):
        total = sum(f.size for f in record.files) / (1024 * 1024)
        raise PayloadTooLarge(
            f"the files ({total:.1f} MB) are over what one e-mail can carry ({mime.SES_MAX_MESSAGE_BYTES // (1024 * 1024)} MB "
            "encoded); deliver them as a download link instead (a rule with target document_delivery_link)",
            field="files",
        )


def _prepare_link(request: Request, record: Delivery, output: RuleOutput) -> None:
    """The link's object, made now: a copy of the one file or the zip of several.

    A fresh object, so the bucket's lifecycle (which counts from an object's creation)
    keeps it exactly as long as the link lives: the cleanup days after delivery.
    No link is issued here; that waits for the approval (``publishing.publish``). Under a rule
    without ``max_views`` nothing is prepared: the request completes without a link (the seed).
    """
    if output.max_views is None:  # no link is made or sent; publishing says so to staff
        logger.info("no max_views: no link will be sent", extra={"request_id": request.id})
        return
    hint = "copy"  # one link object per request: a repeated delivery writes the same key
    if len(record.files) == 1:
        name = record.files[0].name
        key = storage.link_object_key(request.id, hint, name)
        storage.copy(record.files[0].key, key)
    else:
        name = f"{safe_name(request.item.title)[:60]}.zip"
        key = storage.link_object_key(request.id, hint, name)
        storage.zip_objects([(f.key, f.name) for f in record.files], key)
    expires = epoch() + settings_service.current().document_delivery_cleanup_days * DAY
    record.link_key = key
    record.link_file_name = name
    record.max_views = output.max_views
    record.link_expires = expires
    record.link_expires_at = time.strftime("%Y-%m-%d", time.gmtime(expires))
    logger.info("link object prepared", extra={"request_id": request.id, "files": len(record.files)})
