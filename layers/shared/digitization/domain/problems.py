"""A validation problem that knows which field it is about."""

from __future__ import annotations


class FieldProblem(ValueError):
    """Raised inside pydantic validators so the 422 names the field, not the model."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
