"""Representations in the digital inventory (SPEC §5.1): a title's digital object and its files."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from digitization.domain import limits
from digitization.domain.problems import FieldProblem
from digitization.domain.rules import UsageType
from digitization.errors import NotFound

if TYPE_CHECKING:
    from digitization.domain.requests import Request

FILES_PREFIX = "representations/"

FileId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
]


class RepresentationFile(BaseModel):
    """One stored file of a representation; ``key`` is its S3 key under ``representations/``."""

    model_config = ConfigDict(extra="forbid")

    id: FileId
    key: str = Field(min_length=len(FILES_PREFIX) + 1, max_length=1024)
    name: str = Field(min_length=1, max_length=255)
    content_type: str = Field(default="application/octet-stream", min_length=1, max_length=255)
    size: int = Field(ge=0)

    @field_validator("key")
    @classmethod
    def _under_prefix(cls, value: str) -> str:
        if not value.startswith(FILES_PREFIX):
            raise FieldProblem("key", f"representation files are stored under {FILES_PREFIX}")
        return value


class TaskDecision(BaseModel):
    """One approval or copyright-clearance decision of the request a representation came from."""

    type: str = Field(max_length=limits.CODE_CHARS, description="approval or copyright_clearance")
    mode: str = Field(max_length=limits.CODE_CHARS, description="blocking, parallel or auto_approved")
    status: str = Field(max_length=limits.CODE_CHARS)
    reason: str | None = Field(default=None, max_length=limits.TEXT_CHARS)
    note: str | None = Field(default=None, max_length=limits.NOTE_CHARS)
    decided_by: str | None = Field(default=None, max_length=limits.USER_NAME_CHARS)
    decided_at: str | None = Field(default=None, max_length=limits.CODE_CHARS)


class Decisions(BaseModel):
    """The approver's decisions, saved with the digital file (the seed): the request it was made
    from, each task's decision (who, when, reason) and the clearance's CC number and dates."""

    request_id: str = Field(min_length=1, max_length=limits.CODE_CHARS)
    tasks: list[TaskDecision] = Field(default_factory=list, max_length=2)
    cc_number: str | None = Field(default=None, max_length=100)
    cc_order_date: date | None = None
    cc_approval_date: date | None = None


def decisions_of(request: Request) -> Decisions:
    """The decisions a representation keeps, from the request as it was when it went live."""
    return Decisions(
        request_id=request.id,
        tasks=[
            TaskDecision.model_validate(task.model_dump(mode="json", exclude={"id"}))
            for task in request.tasks
        ],
        cc_number=request.approval.cc_number,
        cc_order_date=request.approval.cc_order_date,
        cc_approval_date=request.approval.cc_approval_date,
    )


class Representation(BaseModel):
    """A digital representation of a title, with the access-rights policy that guards it."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=64)
    mms_id: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=500)
    collection: str | None = None
    usage_type: UsageType = UsageType.MASTER
    access_rights_policy_id: str | None = None
    active: bool = True
    remote: bool = False
    published: bool = Field(
        default=True, description="False while the request it came from awaits approval: hidden from patrons"
    )
    created_at: str
    publication_year: int | None = Field(default=None, ge=1, le=9999)
    additional_publication_year: int | None = Field(default=None, ge=1, le=9999)
    mms_created_at: date | None = None
    files: list[RepresentationFile] = Field(default_factory=list)
    decisions: Decisions | None = Field(
        default=None,
        description="Made from a request: its decisions, recorded when it went live (staff only)",
    )
    version: int = 0

    def file(self, file_id: str) -> RepresentationFile:
        for candidate in self.files:
            if candidate.id == file_id:
                return candidate
        raise NotFound(f"representation {self.id} has no file {file_id}", field="file_id")

    @property
    def created_on(self) -> date:
        return datetime.fromisoformat(self.created_at.replace("Z", "+00:00")).date()


class RepresentationSummary(BaseModel):
    """What "find related digital titles" lists for a policy."""

    id: str
    mms_id: str
    title: str
    collection: str | None = None
    active: bool = True
