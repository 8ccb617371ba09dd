"""Scan-in and locate (SPEC §3.2): the item reaches a digitization department, and the rules decide.

A physical item is scanned in (by request id, or by its barcode at the department); an electronic
one is located in the repository by the department's operator (the seed: "Electronic items are
digitized by locating them in the repository"). Both apply the rules the same way.
"""

from __future__ import annotations

from digitization.auth import Caller, Role
from digitization.data.repositories import repositories
from digitization.domain import lifecycle
from digitization.domain.departments import Department, as_code, digitization_department, require_kind
from digitization.domain.requests import ItemKind, ItemSource, Request, Status
from digitization.errors import Conflict, NotFound
from digitization.observability import count
from digitization.service import rules
from digitization.service.departments import digitization_at
from digitization.service.mutation import mutate

OPERATOR = (Role.WORK_ORDER_OPERATOR,)


def scan_in(caller: Caller, request_id: str, department: str) -> Request:
    """A physical item arrives: the rules are evaluated and the applied rule, its target and tasks recorded;
    the inventory item's current location becomes the department."""
    caller.require(*OPERATOR)
    current, at = _request_at(request_id, department)
    return _scan_in(caller, current, at.code)


def _request_at(request_id: str, department: str) -> tuple[Request, Department]:
    """The request and the digitization department it is scanned in or located at, read together.

    A department that is not one (422 naming ``department``) is said before a missing request (404).
    """
    code = as_code(department)
    current, found = repositories().requests.get_with_department(request_id, code) if code else (None, None)
    at = digitization_department(found, department[:40])
    if current is None:
        raise NotFound(f"no request {request_id}", field="id")
    return current, at


def _scan_in(caller: Caller, current: Request, department: str) -> Request:
    require_kind(
        current, ItemKind.PHYSICAL, "scan in", f"locate it instead (POST /requests/{current.id}/locate)"
    )
    _require_in_transit(current, "scan in")
    if current.item.barcode and current.item.source is ItemSource.CATALOGUE:
        # The barcode was read here, so the copy is here, whatever becomes of the request's write.
        repositories().inventory.move(current.item.mms_id, current.item.barcode, department)
    request = _apply_rules(caller, current, department, "scan_in")
    count("RequestScannedIn")
    return request


def scan_barcode(caller: Caller, department: str, barcode: str) -> Request:
    """The barcode read at a department: the one request waiting for that copy is scanned in there.

    No request for the barcode is a 404; none waiting (all scanned in or finished), or several waiting
    (each is scanned in on purpose, by id, since the rules decide per request), a 409 that says so.
    """
    caller.require(*OPERATOR)
    at = digitization_at(department)
    requests = repositories().requests
    waiting = requests.waiting_for(barcode)
    if not waiting:
        latest = requests.latest_for(barcode)
        if latest is None:
            raise NotFound(f"no request is for the item with barcode {barcode}", field="barcode")
        raise Conflict(
            f"no request waits for barcode {barcode}: the latest one, {latest.id}, is {latest.status.value}",
            field="barcode",
            current_status=latest.status,
        )
    if len(waiting) > 1:
        ids = ", ".join(r.id for r in sorted(waiting, key=lambda r: r.created_at))
        raise Conflict(
            f"{len(waiting)} requests wait for barcode {barcode} ({ids}): scan each in by its id "
            "(POST /requests/{id}/scan-in)",
            field="barcode",
            current_status=Status.IN_TRANSIT,
        )
    # The index is eventually consistent: the rules decide on the request as it is now.
    return _scan_in(caller, requests.get(waiting[0].id), at.code)


def locate(caller: Caller, request_id: str, department: str) -> Request:
    """An electronic item is located in the repository: the rules apply as at scan-in."""
    caller.require(*OPERATOR)
    current, at = _request_at(request_id, department)
    require_kind(
        current, ItemKind.ELECTRONIC, "locate", f"scan it in instead (POST /requests/{current.id}/scan-in)"
    )
    request = _apply_rules(caller, current, at.code, "locate")
    count("RequestLocated")
    return request


def _require_in_transit(current: Request, doing: str) -> None:
    if current.status is not Status.IN_TRANSIT:
        raise Conflict(
            f"cannot {doing}: the request is {current.status.value}, not IN_TRANSIT",
            current_status=current.status,
        )


def _apply_rules(caller: Caller, current: Request, department: str, action: str) -> Request:
    _require_in_transit(current, "scan in" if action == "scan_in" else "locate")
    rule = rules.outcome_for(current).rule
    return mutate(
        current.id,
        lambda latest: lifecycle.scan_in(latest, department, caller.username, rule, action=action),
        read=current,
    )
