"""Digitization and copyright rules (SPEC §4): the rule, its output and the default rule."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from digitization.domain import limits
from digitization.domain.clauses import Clause, ClauseError, ClauseInput, validate_clauses
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import TaskMode
from digitization.domain.versions import StartedFrom

DEFAULT_RULE_ID = "default"


class Target(StrEnum):
    DIGITAL_INVENTORY = "digital_inventory"
    DOCUMENT_DELIVERY_ATTACHMENT = "document_delivery_attachment"
    DOCUMENT_DELIVERY_LINK = "document_delivery_link"


class ApproveReason(StrEnum):
    """The fixed approve reasons (SPEC §3.4)."""

    AUTOMATIC = "Automatic"
    COVERED_BY_LICENSE = "Covered by License"
    CREATIVE_COMMONS = "Creative Commons"
    DIRECT_PERMISSION_OBTAINED = "Direct Permission Obtained"
    LEGAL_EXCEPTION = "Legal Exception"
    OPEN_ACCESS = "Open Access"
    OTHER = "Other"
    OUT_OF_PRINT = "Out of Print"
    PREPRINT = "Preprint"
    PRIMARY_LICENSE = "Primary License"
    SELF_DECLARED = "Self-Declared"
    SIPX = "SIPX"


class UsageType(StrEnum):
    MASTER = "master"
    DERIVATIVE = "derivative"


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TaskSetting(RuleModel):
    """Whether a task is needed and how it affects the workflow."""

    required: bool = False
    mode: TaskMode = TaskMode.PARALLEL
    reason: ApproveReason | None = None

    @model_validator(mode="after")
    def _reason(self) -> Self:
        if self.required and self.mode is TaskMode.AUTO_APPROVED and self.reason is None:
            raise FieldProblem("reason", "an auto-approved task needs an approve reason")
        return self


class RepresentationSettings(RuleModel):
    collection: str | None = Field(default=None, max_length=limits.COLLECTION_CHARS)
    usage_type: UsageType = UsageType.MASTER
    access_rights_policy_id: str | None = Field(default=None, max_length=limits.CODE_CHARS)
    active: bool = True
    remote: bool = False


class RuleOutput(RuleModel):
    target: Target
    max_views: int | None = Field(default=None, ge=1, le=1000)
    representation: RepresentationSettings | None = None
    approval: TaskSetting = Field(default_factory=TaskSetting)
    copyright_clearance: TaskSetting = Field(default_factory=TaskSetting)

    @model_validator(mode="after")
    def _target_fields(self) -> Self:
        if self.target is Target.DIGITAL_INVENTORY and self.representation is None:
            self.representation = RepresentationSettings()
        return self


class RuleInput(RuleModel):
    """Body of ``POST /rules`` and ``PUT /rules/{id}``.

    Each clause is checked against its type (``validate_clauses``) before anything else, so a 422
    names ``clauses[i].name``, ``.operator`` or ``.value``; the whole rule is at most
    ``limits.RULE_BYTES``, since every request it applies to keeps a copy.
    """

    name: str = Field(min_length=1, max_length=limits.RULE_NAME_CHARS)
    description: str = Field(default="", max_length=limits.RULE_DESCRIPTION_CHARS)
    enabled: bool = True
    clauses: list[ClauseInput] = Field(default_factory=list, max_length=limits.RULE_CLAUSES)
    output: RuleOutput
    version: StartedFrom = None

    @model_validator(mode="before")
    @classmethod
    def _clauses_checked(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        raw = data.get("clauses")
        if not isinstance(raw, list) or len(raw) > limits.RULE_CLAUSES:
            return data  # the field's own check names the problem
        try:
            checked = validate_clauses(raw)
        except ClauseError as exc:
            raise FieldProblem(exc.field, exc.message) from None
        return {**data, "clauses": [clause.model_dump(mode="json") for clause in checked]}

    @model_validator(mode="after")
    def _fits(self) -> Self:
        size = limits.json_bytes(self.model_dump(mode="json"))
        if size > limits.RULE_BYTES:
            raise FieldProblem(
                "clauses",
                f"the rule takes {size:,} bytes; a rule holds at most {limits.RULE_BYTES:,} (name, "
                "description, clauses and output together), since each request it applies to keeps "
                "a copy: shorten its lists or its description",
            )
        return self


class Rule(RuleModel):
    """A stored rule, in the order ``position`` gives (the default rule is always last)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    description: str = ""
    enabled: bool = True
    is_default: bool = False
    position: int = 0
    clauses: list[Clause] = Field(default_factory=list)
    output: RuleOutput
    version: int = 0


def builtin_default_rule() -> Rule:
    """The default rule before an administrator edits it: link delivery, five views, no tasks."""
    return Rule(
        id=DEFAULT_RULE_ID,
        name="Default rule",
        description="Applies when no other rule does.",
        is_default=True,
        position=1_000_000,
        output=RuleOutput(target=Target.DOCUMENT_DELIVERY_LINK, max_views=5),
    )
