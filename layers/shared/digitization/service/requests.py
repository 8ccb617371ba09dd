"""Request lifecycle use cases (SPEC §3): create, list, get, next step, cancel, change, edit.

Scan-in, which applies the rules, is ``service/scanning.py``: nothing here imports the rules engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from digitization.auth import Caller, Role
from digitization.data.pagination import Page
from digitization.data.repositories import repositories
from digitization.data.requests import RequestFilters
from digitization.domain import facts, lifecycle, limits
from digitization.domain.identifiers import normalize_isbn, normalize_issn
from digitization.domain.links import Link
from digitization.domain.requests import (
    CancelReason,
    Item,
    ItemKind,
    ItemSource,
    NewRequest,
    Request,
    Requester,
    RequestType,
    Status,
)
from digitization.errors import Conflict, Forbidden, InvalidInput, NotFound
from digitization.observability import count
from digitization.service.mutation import mutate

if TYPE_CHECKING:
    from digitization.api.requests import CreateRequestBody, ItemClaim, RequesterClaim

OPERATOR = (Role.WORK_ORDER_OPERATOR,)
PATRON_REQUEST_TYPES = frozenset({RequestType.PATRON, RequestType.COURSE_RELATED})


def create_request(caller: Caller, body: CreateRequestBody) -> Request:
    """Patrons request catalogued titles for themselves; staff for anyone, or an uncatalogued title by citation.

    The facts the rules decide on come from the user directory and the catalogue (SPEC §3.1).
    """
    if not caller.is_staff:
        caller.require(Role.PATRON)
        if body.request_type not in PATRON_REQUEST_TYPES:
            allowed = ", ".join(sorted(t.value for t in PATRON_REQUEST_TYPES))
            raise Forbidden(f"a patron can make only these request types: {allowed}", field="request_type")
    draft = NewRequest.model_validate(
        {
            **body.details(),
            "request_type": body.request_type,
            "requester": _requester(caller, body.requester),
            "item": _item(caller, body.item),
        }
    )
    request = repositories().requests.create(lifecycle.open_request(draft, created_by=caller.username))
    count("RequestCreated")
    return request


def _requester(caller: Caller, claim: RequesterClaim | None) -> Requester:
    """The requester's facts from the directory: a patron's from their token, anyone else's by user id."""
    claimed = claim.model_dump(exclude_none=True) if claim else {}
    user_id = claimed.get("user_id") or caller.username
    if not caller.is_staff and user_id != caller.username:
        raise Forbidden("a patron can request digitization only for themselves", field="requester.user_id")
    if user_id == caller.username:
        record = facts.person(caller.username, caller.attributes)
    else:
        found = repositories().directory.find(user_id)
        if found is None:
            raise InvalidInput(f"the user directory has no user {user_id!r}", field="requester.user_id")
        record = found
    return facts.requester_facts(record, claimed)


def _item(caller: Caller, claim: ItemClaim) -> Item:
    """The item's facts from the catalogue; staff may give an uncatalogued title's facts as a citation."""
    holdings = repositories().catalogue.holdings(claim.mms_id)
    if claim.source is ItemSource.CITATION:
        if not caller.is_staff:
            raise Forbidden("patrons request catalogued titles only", field="item.source")
        if holdings.title is not None:
            raise InvalidInput(
                f"title {claim.mms_id} is in the catalogue: request it from the catalogue (leave out item.source)",
                field="item.source",
            )
        return facts.citation_item(claim.claimed())
    if holdings.title is None:
        hint = "; staff may request an uncatalogued title by citation (item.source: citation)"
        raise InvalidInput(
            f"title {claim.mms_id} is not in the catalogue{hint if caller.is_staff else ''}",
            field="item.mms_id",
        )
    return facts.catalogue_item(holdings.title, holdings.items, claim.choice, claim.claimed())


def get_request(caller: Caller, request_id: str) -> Request:
    """One request; a patron sees only their own (another's is 404, not 403)."""
    request = repositories().requests.get(request_id)
    if not caller.is_staff and request.requester.user_id != caller.username:
        raise NotFound(f"no request {request_id}", field="id")
    return request


def links_for(caller: Caller, requests: Sequence[Request]) -> dict[str, Link]:
    """The published download links of a patron's requests, by token (views left); staff need none."""
    if caller.is_staff:
        return {}
    tokens = [r.delivery.link_token for r in requests if r.delivery and r.delivery.link_token]
    return repositories().links.get_many(tokens) if tokens else {}


def list_requests(
    caller: Caller, filters: RequestFilters, limit: int, next_token: str | None
) -> Page[Request]:
    """Requests by key query; a patron's list is always their own."""
    if not caller.is_staff:
        caller.require(Role.PATRON)
        filters = replace(filters, requester=caller.username)
    if (filters.volume or filters.issue) and not filters.issn:
        raise InvalidInput("volume and issue filter requests of one ISSN: give issn too", field="issn")
    try:
        filters = replace(
            filters,
            isbn=normalize_isbn(filters.isbn) if filters.isbn else None,
            issn=normalize_issn(filters.issn) if filters.issn else None,
        )
    except ValueError as exc:
        raise InvalidInput(
            str(exc), field="isbn" if filters.isbn and "ISBN" in str(exc) else "issn"
        ) from None
    return repositories().requests.page(filters, limit, next_token)


def next_step(caller: Caller, request_id: str, department: str) -> Request:
    caller.require(*OPERATOR)
    request = mutate(request_id, lambda current: lifecycle.next_step(current, department, caller.username))
    count("RequestNextStep")
    return request


def cancel(caller: Caller, request_id: str, reason: CancelReason | None, note: str | None) -> Request:
    """Operators cancel any unfinished request, with a reason; a patron, their own while it is IN_TRANSIT."""
    if caller.is_staff:
        caller.require(*OPERATOR)
        if reason is None:
            raise InvalidInput("give the cancellation reason", field="reason")
    else:
        caller.require(Role.PATRON)
        if reason not in (None, CancelReason.CANCELLED_BY_PATRON):
            raise InvalidInput("a patron cancels with reason cancelled_by_patron", field="reason")
        reason = CancelReason.CANCELLED_BY_PATRON
        get_request(caller, request_id)  # another patron's request is not found
    chosen = reason

    def change(current: Request) -> Request:
        if not caller.is_staff and current.status is not Status.IN_TRANSIT:
            raise Conflict(
                "a patron can cancel a request only while it is IN_TRANSIT; ask the library",
                current_status=current.status,
            )
        return lifecycle.cancel(current, chosen, note, caller.username)

    # Only a cancel sends letters and withdraws a delivery: the other use cases here never load them.
    from digitization.service.letters import dispatch
    from digitization.service.publishing import withdraw

    try:
        request = mutate(request_id, change)
    except Conflict:
        dispatch(repositories().requests.get(request_id))  # a retried cancel still sends what is due
        raise
    withdraw(request)
    count("RequestCancelled")
    return dispatch(request)


def change_digitization(caller: Caller, request_id: str, to_kind: ItemKind) -> Request:
    caller.require(*OPERATOR)
    repos = repositories()
    current = repos.requests.get(request_id)
    inventory = repos.inventory.items(current.item.mms_id)
    request = mutate(
        request_id,
        lambda latest: lifecycle.change_digitization(latest, to_kind, inventory, caller.username),
        adds="to",
        budget=limits.WORKFLOW_BUDGET_BYTES,  # no free text, but it can be repeated
    )
    count("RequestDigitizationChanged")
    return request


EXPIRY_ONLY = frozenset({"expiration_date"})


def edit(caller: Caller, request_id: str, changes: dict[str, Any]) -> Request:
    """Operators edit what is requested; fulfillment services managers update the expiry."""
    if not changes:
        raise InvalidInput("nothing to change: send at least one field", field="body")
    expiry_only = set(changes) <= EXPIRY_ONLY
    if expiry_only:
        caller.require(Role.WORK_ORDER_OPERATOR, Role.FULFILLMENT_SERVICES_MANAGER)
    else:
        caller.require(*OPERATOR)
    request = mutate(
        request_id,
        lambda current: lifecycle.edit(current, changes, caller.username),
        adds=next(iter(changes)),
        budget=limits.WORKFLOW_BUDGET_BYTES if expiry_only else limits.REQUEST_BUDGET_BYTES,
    )
    count("RequestEdited")
    return request


def applied_rule(caller: Caller, request_id: str) -> dict[str, Any]:
    """The snapshot of the rule that applied at scan-in (SPEC §3.4 "View rule"); staff only."""
    if not caller.is_staff:
        raise NotFound(f"no request {request_id}", field="id")
    request = get_request(caller, request_id)
    if request.applied_rule is None or request.applied_rule.snapshot is None:
        raise NotFound("no rule has been applied yet: the item is not scanned in", field="id")
    return request.applied_rule.snapshot
