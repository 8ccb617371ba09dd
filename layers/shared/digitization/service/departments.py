"""Departments (the seed's digitization departments): staff read them, administrators change them."""

from __future__ import annotations

from digitization.auth import Caller, Role
from digitization.data.repositories import repositories
from digitization.domain.departments import Department, DepartmentFacts, as_code, digitization_department
from digitization.errors import Conflict, NotFound
from digitization.observability import count

#: How many of the requests still held at a department a refused removal names.
NAMED_IN_REFUSAL = 5


def list_all(caller: Caller) -> list[Department]:
    caller.require_staff()
    return sorted(repositories().departments.all(), key=lambda d: d.code)


def _known(code: str) -> str:
    """The code of a department that may exist (any case); 404 for text that cannot be a code."""
    valid = as_code(code)
    if valid is None:
        raise NotFound(f"there is no department {code[:40]}", field="code")
    return valid


def get(caller: Caller, code: str) -> Department:
    caller.require_staff()
    found = repositories().departments.find(_known(code))
    if found is None:
        raise NotFound(f"there is no department {code}", field="code")
    return found


def add(caller: Caller, department: Department) -> Department:
    caller.require(Role.FULFILLMENT_ADMIN)
    added = repositories().departments.add(department)
    count("DepartmentAdded")
    return added


def replace(caller: Caller, code: str, facts: DepartmentFacts) -> Department:
    caller.require(Role.FULFILLMENT_ADMIN)
    return repositories().departments.replace(Department(code=_known(code), **facts.model_dump()))


def remove(caller: Caller, code: str) -> None:
    """Remove a department that holds no unfinished request (409 listing some of them otherwise)."""
    caller.require(Role.FULFILLMENT_ADMIN)
    code = _known(code)
    held = repositories().requests.unfinished_at(code, NAMED_IN_REFUSAL)
    if held:
        raise Conflict(
            f"department {code} still holds unfinished requests ({', '.join(held)}); finish or cancel them first",
            field="code",
        )
    repositories().departments.remove(code)
    count("DepartmentRemoved")


def digitization_at(code: str) -> Department:
    """The digitization department named by a scan-in or locate (422 naming ``department`` otherwise)."""
    valid = as_code(code)
    found = repositories().departments.find(valid) if valid else None
    return digitization_department(found, code[:40])
