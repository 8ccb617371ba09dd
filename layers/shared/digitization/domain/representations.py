"""Representations in the digital inventory (SPEC §5.1): a title's digital object and its files."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from digitization.domain.problems import FieldProblem
from digitization.domain.rules import UsageType
from digitization.errors import NotFound

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
