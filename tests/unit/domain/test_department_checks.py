"""Departments: which may scan in, where the work happens, what scan-in does to an item (pure)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from digitization.domain import lifecycle
from digitization.domain.commands import Locate, ScanBarcode, ScanIn
from digitization.domain.departments import (
    Department,
    DepartmentKind,
    as_code,
    digitization_department,
    require_held_at,
    require_kind,
)
from digitization.domain.inventory import InventoryItem, moved_to
from digitization.domain.requests import ItemKind, NewRequest, Request, Status
from digitization.domain.rules import builtin_default_rule
from digitization.errors import Conflict, InvalidInput, WrongDepartment

DIGI = Department(code="DIGI-MAIN", name="Digitization Center", kind=DepartmentKind.DIGITIZATION)
CIRC = Department(code="CIRC-MAIN", name="Circulation", kind=DepartmentKind.OTHER)


@pytest.fixture
def fresh(create_body: dict[str, Any]) -> Request:
    return lifecycle.open_request(NewRequest.model_validate(create_body), created_by="patron1")


def test_codes_are_kept_in_upper_case_everywhere_they_are_typed() -> None:
    assert Department(code=" digi-main ", name="x", kind=DepartmentKind.OTHER).code == "DIGI-MAIN"
    assert ScanIn(department="digi-main").department == "DIGI-MAIN"
    assert Locate(department="Digi-Main").department == "DIGI-MAIN"
    assert as_code("circ-main") == "CIRC-MAIN"


@pytest.mark.parametrize("text", ["", "DIGI MAIN", "-DIGI", "X" * 33, "DIGI/MAIN"])
def test_text_that_cannot_be_a_code(text: str) -> None:
    assert as_code(text) is None
    with pytest.raises(ValidationError):
        ScanIn(department=text)


def test_a_barcode_is_bounded() -> None:
    assert ScanBarcode(barcode=" B0001 ").barcode == "B0001"
    with pytest.raises(ValidationError):
        ScanBarcode(barcode="B" * 1000)


def test_only_a_known_digitization_department_scans_in() -> None:
    assert digitization_department(DIGI, "DIGI-MAIN") is DIGI
    for found, code in ((None, "NOWHERE"), (CIRC, "CIRC-MAIN")):
        with pytest.raises(InvalidInput) as caught:
            digitization_department(found, code)
        assert caught.value.field == "department"
        assert code in caught.value.message


def test_work_happens_at_the_department_holding_the_item(fresh: Request) -> None:
    scanned = lifecycle.scan_in(fresh, "DIGI-MAIN", "operator1", builtin_default_rule())
    require_held_at(scanned, "DIGI-MAIN", "deliver")
    with pytest.raises(WrongDepartment) as caught:
        require_held_at(scanned, "DIGI-ANNEX", "deliver")
    assert (caught.value.code, caught.value.field, caught.value.current_status) == (
        "wrong_department",
        "department",
        Status.DIGITIZATION,
    )
    assert "DIGI-MAIN" in caught.value.message
    assert isinstance(caught.value, Conflict), "a 409"
    with pytest.raises(WrongDepartment):
        lifecycle.next_step(scanned, "DIGI-ANNEX", "operator1")


def test_physical_items_are_scanned_in_and_electronic_ones_located(fresh: Request) -> None:
    require_kind(fresh, ItemKind.PHYSICAL, "scan in", "locate it")
    with pytest.raises(Conflict) as caught:
        require_kind(fresh, ItemKind.ELECTRONIC, "locate", "scan it in instead")
    assert caught.value.field == "item.kind"
    assert "scan it in instead" in caught.value.message


def test_locate_is_recorded_as_such(fresh: Request) -> None:
    located = lifecycle.scan_in(fresh, "DIGI-MAIN", "operator1", builtin_default_rule(), action="locate")
    assert (located.status, located.department) == (Status.DIGITIZATION, "DIGI-MAIN")
    assert located.history[-1].action == "locate"
    with pytest.raises(Conflict) as caught:
        lifecycle.scan_in(located, "DIGI-MAIN", "operator1", builtin_default_rule(), action="locate")
    assert "cannot locate" in caught.value.message


def test_scan_in_moves_a_physical_item_and_leaves_an_electronic_one_in_the_repository() -> None:
    book = InventoryItem(
        mms_id="991234", barcode="B0001", kind=ItemKind.PHYSICAL, title="t", location="CIRC-MAIN"
    )
    assert moved_to(book, "DIGI-MAIN").location == "DIGI-MAIN"
    assert book.location == "CIRC-MAIN", "a copy"
    pdf = InventoryItem(mms_id="991234", barcode="E0001", kind=ItemKind.ELECTRONIC, title="t")
    assert moved_to(pdf, "DIGI-MAIN").location is None
