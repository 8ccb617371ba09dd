"""A validation problem that knows which field it is about."""

from __future__ import annotations

from typing import Any


class FieldProblem(ValueError):
    """Raised inside pydantic validators so the 422 names the field, not the model."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def json_type(value: Any) -> str:
    """What kind of JSON value ``value`` is, for a message about a value of the wrong type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "text"
