"""Digitization requests at the HTTP edge: the create body, and the staff and patron views.

A patron's view (SPEC §3.5) holds what the patron asked for, where it stands and how it
was delivered; never staff notes, CC numbers and dates, approval attachments, letter
bodies, staff user names or rule internals, and no link before every task is approved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from digitization.auth import Caller
from digitization.domain.requests import (
    FINAL_STATUSES,
    AgencyPermission,
    AppliedRule,
    ApprovalFields,
    Attachment,
    Code,
    Course,
    DeliveredFile,
    Delivery,
    DeliveryDocument,
    Email,
    HistoryEntry,
    Isbn,
    Issn,
    Item,
    ItemKind,
    ItemSource,
    Letter,
    Note,
    PatronStatus,
    Request,
    RequestDetails,
    Requester,
    RequestType,
    Status,
    Strict,
    Task,
    TaskStatus,
    Text,
)
from digitization.domain.status_change import allowed_statuses

if TYPE_CHECKING:
    from digitization.domain.facts import Choice
    from digitization.domain.links import Link

# -- the create body -----------------------------------------------------------------------------


class RequesterClaim(Strict):
    """Who the request is for. Patrons: themselves (or leave it out). Staff: a user of the directory.

    Group, status and email are the directory's: sent, they must equal it (or the 422 names them).
    """

    user_id: Code | None = None
    user_group: Code | None = None
    status: PatronStatus | None = None
    email: Email | None = None


class ItemClaim(Strict):
    """The material. For a catalogued title (``source: catalogue``, the default) give the MMS ID and,
    to choose a copy, ``barcode``, ``kind``, or a serial's ``volume`` and ``issue``; any other fact sent
    must equal the catalogue's. Staff may request an uncatalogued title with ``source: citation``,
    giving its facts. ``available_in_electronic`` is always the inventory's (ignored when sent)."""

    source: ItemSource = ItemSource.CATALOGUE
    mms_id: Code
    title: Text | None = None
    barcode: Code | None = None
    kind: ItemKind | None = None
    isbn: Isbn | None = None
    issn: Issn | None = None
    volume: Code | None = None
    issue: Code | None = None
    publisher: Text | None = None
    publication_year: int | None = Field(default=None, ge=1, le=9999)
    material_type: Code | None = None
    total_pages: int | None = Field(default=None, ge=1, le=1_000_000)
    articles_in_issue: int | None = Field(default=None, ge=0, le=100_000)
    available_in_electronic: bool | None = None
    copyright_agency_permissions: list[AgencyPermission] | None = Field(default=None, max_length=4)

    @property
    def choice(self) -> Choice:
        from digitization.domain.facts import Choice  # only a create reads the catalogue's facts

        return Choice(barcode=self.barcode, kind=self.kind, volume=self.volume, issue=self.issue)

    def claimed(self) -> dict[str, Any]:
        """The facts given (for a citation: all of them; for a catalogued title: to check)."""
        return self.model_dump(exclude_none=True, exclude={"source"})


class CreateRequestBody(RequestDetails):
    """Body of ``POST /requests`` (SPEC §9.1)."""

    request_type: RequestType
    requester: RequesterClaim | None = None
    item: ItemClaim

    def details(self) -> dict[str, Any]:
        return self.model_dump(include=set(RequestDetails.model_fields))


# -- the staff view ------------------------------------------------------------------------------


class StaffDeliveryView(BaseModel):
    """What was delivered and, once every task is approved, published (``published_at``, ``link_token``)."""

    target: str
    files: list[DeliveredFile]
    delivered_by: str
    delivered_at: str
    representation_id: str | None = None
    link_key: str | None = None
    link_file_name: str | None = None
    max_views: int | None = None
    link_expires_at: str | None = None
    link_token: str | None = Field(default=None, description="Issued when published, never before")
    published_at: str | None = None


class StaffRequestView(BaseModel):
    """A request as staff read it: everything, with tasks, notes, letters and the full history."""

    id: str
    request_type: RequestType
    status: Status
    requester: Requester
    item: Item
    partial: bool
    pages: str | None
    chapters: list[str]
    article_title: str | None
    course: Course | None
    date_available_from: date | None
    date_available_to: date | None
    expiration_date: date | None
    department: str | None
    applied_rule: AppliedRule | None
    target: str | None
    tasks: list[Task]
    approval: ApprovalFields
    attachments: list[Attachment]
    documents: list[DeliveryDocument] = Field(default_factory=list)
    notes: list[Note]
    letters: list[Letter]
    delivery: StaffDeliveryView | None
    history: list[HistoryEntry]
    created_by: str
    created_at: str
    updated_at: str
    version: int
    allowed_statuses: list[Status] = Field(
        default_factory=list, description="What POST /requests/{id}/status accepts now (the Status field)"
    )


class StaffRequestPage(BaseModel):
    """One page of ``GET /requests`` for staff; pass ``next_token`` back for the next page."""

    items: list[StaffRequestView]
    next_token: str | None = None


def staff_view(request: Request) -> StaffRequestView:
    return StaffRequestView.model_validate(
        {**request.model_dump(), "allowed_statuses": allowed_statuses(request)}
    )


# -- the patron view -----------------------------------------------------------------------------


class PatronItemView(BaseModel):
    """The material, as the catalogue describes it."""

    mms_id: str
    title: str
    kind: ItemKind
    isbn: str | None = None
    issn: str | None = None
    volume: str | None = None
    issue: str | None = None
    publication_year: int | None = None


class TimelineEntry(BaseModel):
    """The request reached ``status`` at ``at``."""

    status: Status
    at: str


class PatronDeliveryView(BaseModel):
    """How the copy reached (or reaches) the patron; present once it was published to them."""

    method: str = Field(
        description="digital_inventory, document_delivery_attachment or document_delivery_link"
    )
    delivered_at: str
    download_path: str | None = Field(default=None, description="The API path of the download link")
    file_name: str | None = None
    max_views: int | None = None
    views_left: int | None = None
    expires_on: str | None = None
    representation_id: str | None = None


class PatronRequestView(BaseModel):
    """A request as its patron reads it (SPEC §3.5)."""

    id: str
    request_type: RequestType
    status: Status
    item: PatronItemView
    partial: bool
    pages: str | None = None
    chapters: list[str] = Field(default_factory=list)
    article_title: str | None = None
    course: Course | None = None
    date_available_from: date | None = None
    date_available_to: date | None = None
    expiration_date: date | None = None
    created_at: str
    updated_at: str
    awaiting_approval: bool
    can_cancel: bool = Field(description="The patron may cancel while the request is IN_TRANSIT")
    timeline: list[TimelineEntry]
    delivery: PatronDeliveryView | None = None


class PatronRequestPage(BaseModel):
    """One page of the patron's own requests."""

    items: list[PatronRequestView]
    next_token: str | None = None


def patron_view(request: Request, link: Link | None = None) -> PatronRequestView:
    """What the patron may see of ``request``; ``link`` is its published download link, if any."""
    return PatronRequestView(
        id=request.id,
        request_type=request.request_type,
        status=request.status,
        item=PatronItemView.model_validate(request.item.model_dump()),
        partial=request.partial,
        pages=request.pages,
        chapters=list(request.chapters),
        article_title=request.article_title,
        course=request.course,
        date_available_from=request.date_available_from,
        date_available_to=request.date_available_to,
        expiration_date=request.expiration_date,
        created_at=request.created_at,
        updated_at=request.updated_at,
        awaiting_approval=request.status not in FINAL_STATUSES
        and any(task.status is TaskStatus.PENDING for task in request.tasks),
        can_cancel=request.status is Status.IN_TRANSIT,
        timeline=[
            TimelineEntry(status=entry.to_status, at=entry.at)
            for entry in request.history
            if entry.to_status is not None
        ],
        delivery=_patron_delivery(request.delivery, link),
    )


def _patron_delivery(delivery: Delivery | None, link: Link | None) -> PatronDeliveryView | None:
    if delivery is None or delivery.published_at is None:
        return None
    view = PatronDeliveryView(
        method=delivery.target,
        delivered_at=delivery.published_at,
        representation_id=delivery.representation_id,
    )
    if delivery.link_token:
        view.download_path = f"/downloads/{delivery.link_token}"
        view.max_views = delivery.max_views
        view.expires_on = delivery.link_expires_at
        view.file_name = link.file_name if link else None
        view.views_left = max(link.max_views - link.views, 0) if link else None
    return view


# -- who gets which view -------------------------------------------------------------------------

RequestView = StaffRequestView | PatronRequestView
RequestPageView = StaffRequestPage | PatronRequestPage


def present(caller: Caller, request: Request, links: Mapping[str, Link] | None = None) -> RequestView:
    """Staff get the staff view; anyone else the patron view (``links``: published links by token)."""
    if caller.is_staff:
        return staff_view(request)
    token = request.delivery.link_token if request.delivery else None
    return patron_view(request, (links or {}).get(token) if token else None)


def present_page(
    caller: Caller,
    requests: Sequence[Request],
    next_token: str | None,
    links: Mapping[str, Link] | None = None,
) -> RequestPageView:
    if caller.is_staff:
        return StaffRequestPage(items=[staff_view(r) for r in requests], next_token=next_token)
    views = [
        patron_view(r, (links or {}).get(r.delivery.link_token or "") if r.delivery else None)
        for r in requests
    ]
    return PatronRequestPage(items=views, next_token=next_token)
