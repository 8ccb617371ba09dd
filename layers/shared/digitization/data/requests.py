"""Requests in DynamoDB: create, read, conditional save, and key queries on the GSIs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import DoesNotExist, QueryError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactGet, TransactWrite

from digitization.aws import connection
from digitization.data.aggregates import TallyChanges
from digitization.data.conditions import on_refusal
from digitization.data.departments import DEPARTMENTS_PK, to_department
from digitization.data.item_size import item_bytes
from digitization.data.models import ConfigRecord, RequestRecord
from digitization.data.pagination import Page, decode_token, encode_token
from digitization.domain import limits
from digitization.domain.approvals import ApprovalState, approval_state
from digitization.domain.compliance import tallies
from digitization.domain.delivery import publishable
from digitization.domain.departments import Department
from digitization.domain.identifiers import to_isbn10
from digitization.domain.letters import pending_since
from digitization.domain.requests import FINAL_STATUSES, Request, Status
from digitization.errors import InvalidInput, NotFound, RequestFull, VersionConflict

EXPIRING = "EXPIRING"
PENDING = "PENDING"


@dataclass(frozen=True)
class RequestFilters:
    """Filters of ``GET /requests``; the most selective one picks the index, the rest filter."""

    status: str | None = None
    department: str | None = None
    requester: str | None = None
    mms_id: str | None = None
    isbn: str | None = None
    issn: str | None = None
    volume: str | None = None
    issue: str | None = None
    barcode: str | None = None


def _search_text(request: Request) -> str:
    """Lower-case text the approval list's free-text find looks in: title, requester, ISBN, CC number."""
    item = request.item
    parts = [
        item.title,
        request.requester.user_id,
        request.requester.email,
        item.isbn,
        item.issn,
        request.approval.cc_number,
    ]
    if item.isbn and item.isbn.startswith("978"):
        parts.append(to_isbn10(item.isbn))
    return " | ".join(part for part in parts if part).casefold()


def _to_record(request: Request) -> RequestRecord:
    item = request.item
    state = approval_state(request)
    unfinished_expiry = request.expiration_date is not None and request.status not in FINAL_STATUSES
    waiting = _pending_since(request)
    record = RequestRecord(
        id=request.id,
        created_at=request.created_at,
        status=request.status.value,
        department=request.department,
        requester_id=request.requester.user_id,
        isbn=item.isbn,
        issn=item.issn,
        volume=item.volume,
        issue=item.issue,
        mms_id=item.mms_id,
        barcode=item.barcode,
        approval_state=state.value if state else None,
        search_text=_search_text(request),
        expiring=EXPIRING if unfinished_expiry else None,
        pending=PENDING if waiting else None,
        pending_since=waiting,
        expiration_date=request.expiration_date.isoformat()
        if unfinished_expiry and request.expiration_date
        else None,
        doc=request.model_dump(mode="json", exclude={"version"}),
    )
    if request.version:
        record.version = request.version
    return record


def _pending_since(request: Request) -> str | None:
    """Since when work is owed to the requester that a crash could leave undone: a letter to send,
    or a delivery approved but not yet published (the hourly job finishes both)."""
    moments = [moment for moment in (pending_since(request),) if moment]
    if publishable(request) and request.delivery is not None:
        moments.append(request.delivery.delivered_at)
    return min(moments) if moments else None


def _to_request(record: RequestRecord) -> Request:
    return Request.model_validate({**record.doc.as_dict(), "version": record.version or 0})


def _hash_name(index: Any) -> str:
    """The partition-key attribute of a GSI."""
    return str(index._hash_key_attribute().attr_name)


def _read(results: Any) -> list[Request]:
    """Run a paged query; a next_token that does not fit the query is the caller's mistake (422)."""
    try:
        return [_to_request(record) for record in results]
    except QueryError as exc:
        if exc.cause_response_code == "ValidationException":
            raise InvalidInput(
                "next_token does not belong to this list; start again without it", field="next_token"
            ) from None
        raise


def _fitting(record: RequestRecord) -> RequestRecord:
    """The record, if DynamoDB can hold it: the budget (``domain/limits.py``) keeps requests far from
    the limit, so this only turns a broken sum into a clear 409 rather than DynamoDB's refusal."""
    size = item_bytes(record.serialize())
    if size > limits.DYNAMODB_ITEM_BYTES:
        raise RequestFull(
            f"request {record.id} cannot be stored: it would take {size:,} bytes, over the "
            f"{limits.DYNAMODB_ITEM_BYTES:,} a DynamoDB item may hold",
            field="id",
        )
    return record


class RequestRepository:
    """The one place that knows how requests are stored."""

    def create(self, request: Request) -> Request:
        return self._write(request, RequestRecord.id.does_not_exist())

    def get(self, request_id: str) -> Request:
        try:
            return _to_request(RequestRecord.get(request_id, consistent_read=True))
        except DoesNotExist:
            raise NotFound(f"no request {request_id}", field="id") from None

    def get_with_department(self, request_id: str, code: str) -> tuple[Request | None, Department | None]:
        """The request and a department, read together: one TransactGetItems, both strongly consistent.

        DynamoDB refuses the read when a transaction is writing either item: a VersionConflict, as a
        write that lost a race is.
        """
        lost = lambda: VersionConflict(f"request {request_id}")  # noqa: E731
        with on_refusal(lost), TransactGet(connection=connection()) as read:
            request = read.get(RequestRecord, request_id)
            department = read.get(ConfigRecord, DEPARTMENTS_PK, code)
        try:
            found_request: Request | None = _to_request(request.get())
        except DoesNotExist:
            found_request = None
        try:
            found_department: Department | None = to_department(department.get())
        except DoesNotExist:
            found_department = None
        return found_request, found_department

    def save(self, request: Request) -> Request:
        """Write ``request`` if nobody else wrote it since it was read (VersionConflict otherwise)."""
        return self._write(request, None)

    def _write(self, request: Request, condition: Condition | None) -> Request:
        """The request, and the compliance rows it counts in brought in line, in one conditional write."""
        changes = TallyChanges(request.id, request.created_at, request.tallies, tallies(request))
        stored = request.model_copy(update={"tallies": changes.recorded})
        record = _fitting(_to_record(stored))
        lost = lambda: VersionConflict(f"request {request.id}")  # noqa: E731
        if not changes:
            with on_refusal(lost):
                record.save(condition=condition)
            return stored.model_copy(update={"version": record.version})
        with on_refusal(lost, by_condition=True), TransactWrite(connection=connection()) as transaction:
            transaction.save(record, condition=condition)
            changes.join(transaction)
        return stored.model_copy(update={"version": record.version})

    def page(self, filters: RequestFilters, limit: int, next_token: str | None) -> Page[Request]:
        """One key query on the best index for ``filters``; never a Scan."""
        index, hash_key, rest = _choose_index(filters)
        condition = _filter_condition(rest)
        hash_attribute = _hash_name(index)
        results = index.query(
            hash_key,
            scan_index_forward=False,
            limit=limit,
            filter_condition=condition,
            last_evaluated_key=decode_token(next_token, {"id", "created_at", hash_attribute}),
        )
        return Page(items=_read(results), next_token=encode_token(results.last_evaluated_key))

    def approvals_page(
        self, state: str, find: str | None, limit: int, next_token: str | None
    ) -> Page[Request]:
        """Requests with approval tasks in one state, newest first; ``find`` looks in the search text."""
        results = RequestRecord.by_approval.query(
            state,
            scan_index_forward=False,
            limit=limit,
            filter_condition=RequestRecord.search_text.contains(find.casefold()) if find else None,
            last_evaluated_key=decode_token(next_token, {"id", "created_at", "approval_state"}),
        )
        return Page(items=_read(results), next_token=encode_token(results.last_evaluated_key))

    def waiting_for(self, barcode: str) -> list[Request]:
        """The requests in transit for the copy with this barcode (a key query on ``by_barcode``)."""
        return [
            _to_request(record)
            for record in RequestRecord.by_barcode.query(
                barcode, filter_condition=RequestRecord.status == Status.IN_TRANSIT.value
            )
        ]

    def latest_for(self, barcode: str) -> Request | None:
        """The newest request for the copy with this barcode, whatever its status (one key query)."""
        for record in RequestRecord.by_barcode.query(barcode, scan_index_forward=False, limit=1):
            return _to_request(record)
        return None

    def unfinished_at(self, department: str, limit: int) -> list[str]:
        """Ids of up to ``limit`` unfinished requests held at ``department`` (a key query on ``by_department``)."""
        unfinished = RequestRecord.status.is_in(*(s.value for s in Status if s not in FINAL_STATUSES))
        found: list[str] = []
        for record in RequestRecord.by_department.query(department, filter_condition=unfinished):
            found.append(record.id)
            if len(found) >= limit:
                break
        return found

    def approvals_waiting(self) -> int:
        """How many requests wait for a decision (counted by the index query, no items returned)."""
        return int(RequestRecord.by_approval.count(ApprovalState.PENDING.value))

    def pending_ids(self, before: str) -> list[str]:
        """Requests owed a letter or a publication since before ``before`` (a key query on the sparse index)."""
        return [
            record.id
            for record in RequestRecord.by_pending.query(PENDING, RequestRecord.pending_since <= before)
        ]

    def expired_ids(self, today: str) -> list[str]:
        """Unfinished requests whose expiration date is before ``today`` (a key query on the sparse index)."""
        return [
            record.id
            for record in RequestRecord.by_expiry.query(EXPIRING, RequestRecord.expiration_date < today)
        ]

    def material(self) -> MaterialLookup:
        """A per-evaluation lookup of requests by identifier (SPEC §4.5)."""
        return MaterialLookup()


class MaterialLookup:
    """Requests for one ISBN, ISSN or MMS ID: one key query each, made at most once per lookup."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], list[Request]] = {}
        self.queries = 0

    def by_isbn(self, isbn: str) -> list[Request]:
        return self._query(RequestRecord.by_isbn, "isbn", isbn)

    def by_issn(self, issn: str) -> list[Request]:
        return self._query(RequestRecord.by_issn, "issn", issn)

    def by_mms_id(self, mms_id: str) -> list[Request]:
        return self._query(RequestRecord.by_mms_id, "mms_id", mms_id)

    def _query(self, index: Any, kind: str, value: str) -> list[Request]:
        key = (kind, value)
        if key not in self._seen:
            self.queries += 1
            self._seen[key] = [_to_request(record) for record in index.query(value)]
        return self._seen[key]


# The order is the selectivity: an identifier narrows more than a requester, a department or a status.
_INDEXES: tuple[tuple[str, Any], ...] = (
    ("barcode", RequestRecord.by_barcode),
    ("mms_id", RequestRecord.by_mms_id),
    ("isbn", RequestRecord.by_isbn),
    ("issn", RequestRecord.by_issn),
    ("requester", RequestRecord.by_requester),
    ("department", RequestRecord.by_department),
    ("status", RequestRecord.by_status),
)

_ATTRIBUTES = {
    "mms_id": RequestRecord.mms_id,
    "isbn": RequestRecord.isbn,
    "issn": RequestRecord.issn,
    "requester": RequestRecord.requester_id,
    "department": RequestRecord.department,
    "status": RequestRecord.status,
    "volume": RequestRecord.volume,
    "issue": RequestRecord.issue,
    "barcode": RequestRecord.barcode,
}


def _choose_index(filters: RequestFilters) -> tuple[Any, str, dict[str, str]]:
    given = {name: value for name, value in vars(filters).items() if value is not None}
    for name, index in _INDEXES:
        if name in given:
            value = given.pop(name)
            return index, value, given
    return RequestRecord.by_created, "REQUEST", given


def _filter_condition(rest: dict[str, str]) -> Condition | None:
    condition: Condition | None = None
    for name, value in rest.items():
        term = _ATTRIBUTES[name] == value
        condition = term if condition is None else condition & term
    return condition
