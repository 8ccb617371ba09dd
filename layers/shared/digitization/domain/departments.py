"""Departments (the seed's "digitization department"): where items are, and where work on them may happen.

Pure checks: a scan-in or locate names a digitization department; the later steps (next step,
upload, deliver) happen only at the department that holds the item.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, TypeAdapter, ValidationError

from digitization.domain.requests import ItemKind, Request, Strict, Text
from digitization.errors import Conflict, InvalidInput, WrongDepartment

#: A department code (``DIGI-MAIN``); kept in upper case, so ``digi-main`` names the same department.
DepartmentCode = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_upper=True,
        min_length=1,
        max_length=32,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    ),
]


class DepartmentKind(StrEnum):
    DIGITIZATION = "digitization"
    OTHER = "other"


class DepartmentFacts(Strict):
    """Body of ``PUT /departments/{code}``: what a department is called and whether it digitizes."""

    name: Text
    kind: DepartmentKind = Field(
        description="digitization: items are scanned in and digitized here; other: e.g. circulation"
    )


class Department(DepartmentFacts):
    """A department, and the body of ``POST /departments``."""

    code: DepartmentCode


_CODE: TypeAdapter[str] = TypeAdapter(DepartmentCode)


def as_code(text: str) -> str | None:
    """``text`` as a department code (upper case), or None when it cannot be one (too long, other signs)."""
    try:
        return _CODE.validate_python(text)
    except ValidationError:
        return None


def digitization_department(department: Department | None, code: str) -> Department:
    """The department a scan-in or locate names: it must exist and digitize (422 naming ``department``)."""
    if department is None:
        raise InvalidInput(f"there is no department {code}", field="department")
    if department.kind is not DepartmentKind.DIGITIZATION:
        raise InvalidInput(
            f"{department.code} ({department.name}) is not a digitization department", field="department"
        )
    return department


def require_kind(request: Request, kind: ItemKind, action: str, instead: str) -> None:
    """A physical item is scanned in, an electronic one located: the other action is a 409 naming
    ``item.kind``, saying which to use."""
    if request.item.kind is not kind:
        raise Conflict(
            f"cannot {action}: the request is for a {request.item.kind.value} item; {instead}",
            field="item.kind",
            current_status=request.status,
        )


def require_held_at(request: Request, department: str, action: str) -> None:
    """Next step, upload and deliver happen at the department that holds the item (SPEC §3.2): elsewhere
    a 409 ``wrong_department`` naming ``department`` and the department that holds it."""
    if request.department != department:
        raise WrongDepartment(
            f"cannot {action} at {department}: the item is held at department {request.department}; "
            "switch to it",
            field="department",
            current_status=request.status,
        )
