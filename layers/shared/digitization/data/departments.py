"""Departments, in the configuration table under ``DEPARTMENTS`` (one query lists them all)."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from digitization.data.conditions import on_refusal
from digitization.data.models import ConfigRecord
from digitization.domain.departments import Department
from digitization.errors import Conflict, NotFound, VersionConflict

DEPARTMENTS_PK = "DEPARTMENTS"


def to_department(record: ConfigRecord) -> Department:
    return Department.model_validate(record.doc.as_dict())


def _gone(code: str) -> NotFound:
    return NotFound(f"there is no department {code}", field="code")


class DepartmentRepository:
    def all(self) -> list[Department]:
        """Every department, by code (one key query)."""
        return [to_department(record) for record in ConfigRecord.query(DEPARTMENTS_PK, consistent_read=True)]

    def find(self, code: str) -> Department | None:
        try:
            record = ConfigRecord.get(DEPARTMENTS_PK, code, consistent_read=True)
        except DoesNotExist:
            return None
        return to_department(record)

    def add(self, department: Department) -> Department:
        record = ConfigRecord(pk=DEPARTMENTS_PK, sk=department.code, doc=department.model_dump(mode="json"))
        with on_refusal(lambda: Conflict(f"department {department.code} already exists", field="code")):
            record.save(condition=ConfigRecord.sk.does_not_exist())
        return department

    def replace(self, department: Department) -> Department:
        """Change a department's name or kind; the code stays (requests and items refer to it)."""
        try:
            record = ConfigRecord.get(DEPARTMENTS_PK, department.code, consistent_read=True)
        except DoesNotExist:
            raise _gone(department.code) from None
        record.doc = department.model_dump(mode="json")
        with on_refusal(lambda: VersionConflict(f"department {department.code}", field="code")):
            record.save()
        return department

    def remove(self, code: str) -> None:
        try:
            record = ConfigRecord.get(DEPARTMENTS_PK, code, consistent_read=True)
        except DoesNotExist:
            raise _gone(code) from None
        with on_refusal(lambda: _gone(code)):
            record.delete()
