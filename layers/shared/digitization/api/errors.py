"""The error body every 4xx answer carries (SPEC §9): ``{"error": {"code", "message", "field"}}``."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorProblem(BaseModel):
    """One of several problems of a body, by field."""

    field: str | None = None
    message: str | None = None


class ErrorDetail(BaseModel):
    """What went wrong: a stable ``code``, a message for people, and the field it is about."""

    code: str = Field(description="A stable name: invalid_input, forbidden, not_found, conflict...")
    message: str
    field: str | None = Field(default=None, description="The field, header or parameter the problem is about")
    current_status: str | None = Field(default=None, description="A 409's current request status")
    problems: list[ErrorProblem] | None = Field(
        default=None, description="Every problem, when there are several"
    )


class ErrorBody(BaseModel):
    """Every error answer."""

    error: ErrorDetail
