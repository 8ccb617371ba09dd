"""The digitization request (SPEC §3.1): input shapes, the stored request and its parts."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from digitization.clock import today
from digitization.domain import limits
from digitization.domain.identifiers import normalize_isbn, normalize_issn
from digitization.domain.pages import PageRange, count_pages, format_pages, parse_pages
from digitization.domain.problems import FieldProblem

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=limits.TEXT_CHARS)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=limits.CODE_CHARS)]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=limits.NOTE_CHARS)
]


def _email(value: str) -> str:
    """pydantic's EmailStr check, with email-validator imported at the first address rather than at import
    (its regular expressions are an eighth of a cold start that never reads an address)."""
    from pydantic.networks import validate_email

    return validate_email(value)[1]


Email = Annotated[
    str, Field(max_length=limits.EMAIL_CHARS, json_schema_extra={"format": "email"}), AfterValidator(_email)
]
#: Page ranges as the requester writes them ("35-40, 52"), normalised on save.
Pages = Annotated[str, StringConstraints(strip_whitespace=True, max_length=limits.PAGES_CHARS)]


class RequestType(StrEnum):
    PATRON = "patron_digitization"
    STAFF = "staff_digitization"
    COURSE_RELATED = "course_related_digitization"
    BORROWING_RS = "borrowing_rs_digitization"
    LENDING_RS = "lending_rs_digitization"


class Status(StrEnum):
    IN_TRANSIT = "IN_TRANSIT"
    DIGITIZATION = "DIGITIZATION"
    DIGITAL_INVENTORY = "DIGITAL_INVENTORY"
    DOCUMENT_DELIVERY = "DOCUMENT_DELIVERY"
    COMPLETED = "COMPLETED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"


FINAL_STATUSES = frozenset({Status.COMPLETED, Status.REJECTED, Status.CANCELLED})


class ItemKind(StrEnum):
    PHYSICAL = "physical"
    ELECTRONIC = "electronic"


class PatronStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


class AgencyPermission(StrEnum):
    """Regional copyright licensing agency permissions on the material."""

    DIGITAL_APPROVED = "digital_approved"
    SCANNING_APPROVED = "scanning_approved"
    DIGITAL_DECLINED = "digital_declined"
    SCANNING_DECLINED = "scanning_declined"


class CancelReason(StrEnum):
    CANCELLED_BY_PATRON = "cancelled_by_patron"
    CANNOT_BE_FULFILLED = "cannot_be_fulfilled"
    ITEM_NOT_FOUND = "item_not_found"
    COPYRIGHT_RESTRICTION = "copyright_restriction"
    DUPLICATE_REQUEST = "duplicate_request"
    OTHER = "other"


class Strict(BaseModel):
    """Input models refuse unknown fields, so a typo is a 422 naming it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Requester(Strict):
    """Who asked, with the facts the user directory holds about them (never the requester's word)."""

    user_id: Code
    user_group: Code | None = None
    status: PatronStatus | None = None
    email: Email | None = None
    language: Code | None = Field(
        default=None, description="The language letters are written in (the directory's `locale`)."
    )


class ItemSource(StrEnum):
    """Where a request's item facts come from: the catalogue, or a citation staff typed in."""

    CATALOGUE = "catalogue"
    CITATION = "citation"


def _isbn(value: str) -> str:
    return normalize_isbn(value)


def _issn(value: str) -> str:
    return normalize_issn(value)


Isbn = Annotated[str, StringConstraints(strip_whitespace=True, max_length=32), AfterValidator(_isbn)]
Issn = Annotated[str, StringConstraints(strip_whitespace=True, max_length=32), AfterValidator(_issn)]


class Item(Strict):
    """The requested material. ``isbn`` is stored as ISBN-13, ``issn`` as NNNN-NNNC."""

    source: ItemSource = ItemSource.CATALOGUE
    mms_id: Code
    title: Text
    barcode: Code | None = None
    kind: ItemKind = ItemKind.PHYSICAL
    isbn: Isbn | None = None
    issn: Issn | None = None
    volume: Code | None = None
    issue: Code | None = None
    publisher: Text | None = None
    publication_year: int | None = Field(default=None, ge=1, le=9999)
    material_type: Code | None = None
    total_pages: int | None = Field(default=None, ge=1, le=1_000_000)
    articles_in_issue: int | None = Field(default=None, ge=0, le=100_000)
    available_in_electronic: bool = False
    copyright_agency_permissions: list[AgencyPermission] = Field(default_factory=list, max_length=4)


class Course(Strict):
    id: Code
    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.start and self.end and self.end < self.start:
            raise FieldProblem("end", "the course ends before it starts")
        return self


class RequestDetails(Strict):
    """What is requested, and when it is needed: the editable part of a request."""

    partial: bool = False
    pages: Pages | None = None
    chapters: list[Code] = Field(default_factory=list, max_length=limits.CHAPTERS)
    article_title: Text | None = None
    course: Course | None = None
    date_available_from: date | None = None
    date_available_to: date | None = None
    expiration_date: date | None = None


class RequestFields(RequestDetails):
    request_type: RequestType
    requester: Requester
    item: Item


class NewRequest(RequestFields):
    """A request about to be made, its facts resolved from the directory and the catalogue."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_details(self, self.item, self.request_type)
        if self.expiration_date and self.expiration_date < today():
            raise FieldProblem("expiration_date", "is in the past")
        return self


def check_details(details: RequestDetails, item: Item, request_type: RequestType) -> None:
    """Cross-field rules of a request; FieldProblem naming the field."""
    if details.pages is not None:
        try:
            details.pages = format_pages(parse_pages(details.pages, item.total_pages))
        except ValueError as exc:
            raise FieldProblem("pages", str(exc)) from None
    if details.partial and not (details.pages or details.chapters or details.article_title):
        raise FieldProblem("partial", "a partial request names pages, chapters or an article title")
    if not details.partial and (details.pages or details.chapters):
        raise FieldProblem(
            "partial", "pages and chapters are only for a partial request (set partial to true)"
        )
    if request_type is RequestType.COURSE_RELATED and details.course is None:
        raise FieldProblem("course", "a course related digitization request needs its course")
    start, end = details.date_available_from, details.date_available_to
    if start and end and end < start:
        raise FieldProblem("date_available_to", "ends before date_available_from")


class AppliedRule(BaseModel):
    id: str
    name: str
    is_default: bool
    snapshot: dict[str, Any] | None = None


class TaskType(StrEnum):
    APPROVAL = "approval"
    COPYRIGHT_CLEARANCE = "copyright_clearance"


class TaskMode(StrEnum):
    PARALLEL = "parallel"
    BLOCKING = "blocking"
    AUTO_APPROVED = "auto_approved"


class TaskStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Task(BaseModel):
    """An approval or copyright-clearance task made at scan-in by the applied rule."""

    id: str
    type: TaskType
    mode: TaskMode
    status: TaskStatus
    reason: str | None = None
    note: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None


class ApprovalFields(BaseModel):
    """What the approver works on (SPEC §3.4): the Copyright Clearance Center number and dates."""

    cc_number: str | None = None
    cc_order_date: date | None = None
    cc_approval_date: date | None = None
    note: str | None = None


class Attachment(BaseModel):
    """A file (and/or URL) kept as evidence for an approval, e.g. a clearance confirmation."""

    id: str
    file_name: str | None = None
    content_type: str | None = None
    key: str | None = None
    url: str | None = None
    note: str | None = None
    created_by: str
    created_at: str
    updated_by: str | None = None
    updated_at: str | None = None
    uploaded: bool | None = None


class DeliveryDocument(BaseModel):
    """What staff recorded about a delivery document (decision 65): the name it goes out under, a URL,
    a note. The file itself, when there is one, is what S3 holds under ``delivery/<id>/files/<id>/``."""

    id: str
    name: str | None = Field(default=None, description="The name the file is delivered under (renamed)")
    url: str | None = None
    note: str | None = None
    created_by: str
    created_at: str
    updated_by: str | None = None
    updated_at: str | None = None


class LetterKind(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    DELIVERED_ATTACHMENT = "delivered_attachment"
    DELIVERED_LINK = "delivered_link"
    ADDED_TO_REPOSITORY = "added_to_repository"


class LetterStatus(StrEnum):
    HELD = "held"
    DUE = "due"
    SENDING = "sending"
    SENT = "sent"
    WITHDRAWN = "withdrawn"  # held for an approval that never came (rejected, cancelled, expired)


class Letter(BaseModel):
    """A notification letter to the requester, recorded before it is sent (see ``letters.py``)."""

    id: str
    kind: LetterKind
    status: LetterStatus
    to: str | None = None
    created_at: str
    data: dict[str, Any] = Field(default_factory=dict)
    claimed_at: str | None = None
    attempts: int = 0
    last_error: str | None = None
    sent_at: str | None = None
    message_id: str | None = None


class DeliveredFile(BaseModel):
    key: str
    name: str
    size: int
    content_type: str = "application/octet-stream"


class Delivery(BaseModel):
    """How the request was delivered: the files, what was prepared from them, and when it went live.

    Staff deliver when the files are ready; the patron gets nothing until every task is
    approved (SPEC §5.3). Then the delivery is *published* once: the link is issued, the
    representation becomes visible and the letter goes out, all recorded by ``published_at``.
    """

    target: str
    files: list[DeliveredFile] = Field(default_factory=list)
    delivered_by: str
    delivered_at: str
    representation_id: str | None = None
    link_key: str | None = None
    link_file_name: str | None = None
    max_views: int | None = None
    link_expires: int | None = Field(default=None, description="Epoch seconds: cleanup days after delivery")
    link_expires_at: str | None = None
    link_token: str | None = None
    publishing_token: str | None = Field(default=None, description="Claimed by the publisher; internal")
    published_at: str | None = None
    base_url: str | None = Field(default=None, description="The API address links in the letter start with")


class Note(BaseModel):
    id: str
    text: str
    created_by: str
    created_at: str
    updated_by: str | None = None
    updated_at: str | None = None


class HistoryEntry(BaseModel):
    """One line of the audit trail: who did what, when, from which status to which, and why."""

    at: str
    by: str
    action: str
    from_status: Status | None = None
    to_status: Status | None = None
    reason: str | None = None
    note: str | None = None
    details: dict[str, Any] | None = None


class Request(RequestFields):
    """A stored digitization request, as ``GET /requests/{id}`` returns it."""

    model_config = ConfigDict(extra="ignore")

    id: str
    status: Status
    department: str | None = None
    applied_rule: AppliedRule | None = None
    target: str | None = None
    tasks: list[Task] = Field(default_factory=list)
    approval: ApprovalFields = Field(default_factory=ApprovalFields)
    attachments: list[Attachment] = Field(default_factory=list)
    documents: list[DeliveryDocument] = Field(
        default_factory=list, description="URLs, notes and names of the delivery documents (staff)"
    )
    notes: list[Note] = Field(default_factory=list)
    letters: list[Letter] = Field(default_factory=list)
    delivery: Delivery | None = None
    history: list[HistoryEntry] = Field(default_factory=list)
    created_by: str
    created_at: str
    updated_at: str
    tallies: dict[str, str] = Field(
        default_factory=dict, description="The compliance report rows the stored request counts in (internal)"
    )
    version: int = 0

    def page_ranges(self) -> list[PageRange]:
        return parse_pages(self.pages) if self.pages else []

    @property
    def required_pages(self) -> int | None:
        """Distinct pages asked for; None when the request names no pages."""
        return count_pages(self.page_ranges()) if self.pages else None


class RequestPage(BaseModel):
    """One page of ``GET /requests``; pass ``next_token`` back for the next page."""

    items: list[Request]
    next_token: str | None = None


def new_id() -> str:
    return uuid.uuid4().hex
