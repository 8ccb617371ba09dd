"""Access-rights policies (SPEC §6): ordered rules, a default rule, and the decision for a viewer.

The first enabled rule whose parameters all hold applies; otherwise the policy's default
rule ("if no match"). Inside a rule the cheap parameters are checked first, the host-name
lookup after them, and a Concurrent User session is claimed last (only when everything
else holds), through a :class:`SessionGate` the caller provides.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Protocol, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from digitization.domain import limits
from digitization.domain.access import Access
from digitization.domain.access.parameters import (
    COST,
    Parameter,
    ParameterName,
    Situation,
    check_parameters,
    holds,
)
from digitization.domain.declarations import VIEWER_FORMS, DeclarationForm
from digitization.domain.problems import FieldProblem
from digitization.domain.versions import StartedFrom

RuleId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Flag = Annotated[bool, Field(strict=True)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AccessOutput(Strict):
    """What a rule decides: allow or deny, and (when allowed) whether the file may be downloaded."""

    access: Access
    allow_download: Flag = True

    @model_validator(mode="after")
    def _no_download_when_denied(self) -> Self:
        if self.access is Access.DENY:
            self.allow_download = False
        return self


class AccessRuleInput(Strict):
    """One rule of a policy; ``id`` is kept when given (it keys the rule's viewer sessions)."""

    id: RuleId | None = None
    name: Name
    description: Description = ""
    enabled: Flag = True
    parameters: list[Parameter] = Field(default_factory=list, max_length=20)
    output: AccessOutput

    @field_validator("parameters", mode="before")
    @classmethod
    def _checked(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        checked = check_parameters(value)
        concurrent = [i for i, p in enumerate(checked) if p.name is ParameterName.CONCURRENT_USER]
        if len(concurrent) > 1:
            raise FieldProblem(f"{concurrent[1]}.name", "a rule takes at most one concurrent_user parameter")
        return checked


class AccessRule(AccessRuleInput):
    id: RuleId


class PolicyInput(Strict):
    """Body of ``POST /access-rights`` and ``PUT /access-rights/{id}``."""

    name: Name
    description: Description = ""
    copyright_declaration: DeclarationForm | None = None
    obtrusive: Flag = False
    denied_note: Description = ""
    rules: list[AccessRuleInput] = Field(default_factory=list, max_length=50)
    default_rule: AccessOutput = Field(default_factory=lambda: AccessOutput(access=Access.DENY))
    version: StartedFrom = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.copyright_declaration is not None and self.copyright_declaration not in VIEWER_FORMS:
            allowed = ", ".join(sorted(f.value for f in VIEWER_FORMS))
            raise FieldProblem(
                "copyright_declaration",
                f"only the /copyrights declarations go with digital objects: {allowed}",
            )
        if self.obtrusive and self.copyright_declaration is None:
            raise FieldProblem("obtrusive", "an obtrusive policy needs a copyright_declaration to show")
        seen: set[str] = set()
        for index, rule in enumerate(self.rules):
            if rule.id is not None:
                if rule.id in seen:
                    raise FieldProblem(f"rules.{index}.id", f"rule id {rule.id} appears twice")
                seen.add(rule.id)
        size = limits.json_bytes(self.model_dump(mode="json"))
        if size > limits.POLICY_BYTES:
            raise FieldProblem(
                "rules",
                f"the policy takes {size:,} bytes; a policy holds at most {limits.POLICY_BYTES:,} "
                "(its texts, rules and parameters together): shorten descriptions or lists",
            )
        return self


class Policy(Strict):
    """A stored access-rights policy."""

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    description: str = ""
    copyright_declaration: DeclarationForm | None = None
    obtrusive: bool = False
    denied_note: str = ""
    rules: list[AccessRule] = Field(default_factory=list)
    default_rule: AccessOutput
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str
    version: int = 0


def name_key(name: str) -> str:
    """Policy names are unique regardless of case and spacing."""
    return " ".join(name.split()).casefold()


# ---------------------------------------------------------------------------
# The decision
# ---------------------------------------------------------------------------


class DecisionSource(StrEnum):
    RULE = "rule"
    POLICY_DEFAULT = "policy_default"
    DEFAULT_SETTING = "access_right_default_policy"
    MISSING_POLICY = "missing_policy"


class Decision(BaseModel):
    """Allowed or not, download or not, and what decided it."""

    allowed: bool
    allow_download: bool
    source: DecisionSource
    rule_id: str | None = None
    rule_name: str | None = None


class SessionGate(Protocol):
    """Concurrent User sessions of one object for one viewer."""

    def admit(self, rule_id: str, users: int, minutes: int) -> bool:
        """True when the viewer holds, or now got, one of the ``users`` sessions of the rule."""
        ...


def _from_output(output: AccessOutput, source: DecisionSource, rule: AccessRule | None = None) -> Decision:
    allowed = output.access is Access.ALLOW
    return Decision(
        allowed=allowed,
        allow_download=allowed and output.allow_download,
        source=source,
        rule_id=rule.id if rule else None,
        rule_name=rule.name if rule else None,
    )


def rule_matches(rule: AccessRule, situation: Situation, gate: SessionGate) -> bool:
    """All parameters hold; a session is claimed only once every other parameter held."""
    for parameter in sorted(rule.parameters, key=lambda p: COST[p.name]):
        if parameter.name is ParameterName.CONCURRENT_USER:
            value: Any = parameter.value  # {"users", "minutes"}, checked on save
            if not gate.admit(rule.id, int(value["users"]), int(value["minutes"])):
                return False
        elif not holds(parameter, situation):
            return False
    return True


def decide(policy: Policy, situation: Situation, gate: SessionGate) -> Decision:
    """The first enabled matching rule's output, else the policy's default rule."""
    for rule in policy.rules:
        if rule.enabled and rule_matches(rule, situation, gate):
            return _from_output(rule.output, DecisionSource.RULE, rule)
    return _from_output(policy.default_rule, DecisionSource.POLICY_DEFAULT)


def decide_without_policy(default: Access) -> Decision:
    """An object with no policy: the ``access_right_default_policy`` setting (allowing download)."""
    return _from_output(AccessOutput(access=default), DecisionSource.DEFAULT_SETTING)


def decide_missing_policy() -> Decision:
    """The object names a policy that is gone: denied (fail closed)."""
    return _from_output(AccessOutput(access=Access.DENY), DecisionSource.MISSING_POLICY)
