"""Rules use cases (SPEC §4): configure the ordered rule list, evaluate it, apply it at scan-in."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from digitization.auth import Caller, Role
from digitization.clock import today
from digitization.data.pagination import Page
from digitization.data.repositories import repositories
from digitization.domain import lifecycle
from digitization.domain.clauses import (
    CLAUSE_TYPES,
    FILTER_PREREQUISITES,
    FILTERS_NEEDING_PREREQUISITE,
    Clause,
    ClauseError,
    Kind,
    Op,
    ValueType,
    validate_clauses,
)
from digitization.domain.engine import Context, Outcome, RuleTrace, evaluate
from digitization.domain.history import Action, ConfigChange, ConfigKind, record_change
from digitization.domain.presets import PRESETS, preset
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import NewRequest, Request, new_id
from digitization.domain.rules import DEFAULT_RULE_ID, Rule, RuleInput
from digitization.domain.versions import check_started_from
from digitization.errors import Conflict, InvalidInput, NotFound, VersionConflict
from digitization.observability import count

ADMIN = Role.FULFILLMENT_ADMIN
MOVE_ATTEMPTS = 5


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Move(BaseModel):
    model_config = ConfigDict(extra="forbid")

    direction: Direction


class EvaluateInput(BaseModel):
    """Body of ``POST /rules/evaluate``: a request body, or the id of a stored request."""

    model_config = ConfigDict(extra="forbid")

    request: NewRequest | None = None
    request_id: str | None = Field(default=None, min_length=1, max_length=64)

    @model_validator(mode="after")
    def _one(self) -> Self:
        if (self.request is None) == (self.request_id is None):
            raise FieldProblem("request", "give either request (a create body) or request_id")
        return self


class AppliedRuleView(BaseModel):
    id: str
    name: str
    is_default: bool


class Evaluation(BaseModel):
    """Which rule would apply, and why each earlier rule did not."""

    applied_rule: AppliedRuleView
    trace: list[RuleTrace]


class ClauseTypeView(BaseModel):
    """A clause a rule may use (SPEC §4.3): what it compares, with which operators and values."""

    name: str
    kind: Kind = Field(description="filter clauses narrow the requests comparison clauses look at")
    operators: list[Op] = Field(description="In a fixed order; is_empty and is_not_empty take no value.")
    value: ValueType = Field(description="boolean, number, percentage (0-100), year, text, or ignored")
    choices: list[str] | None = Field(description="The values it takes, when they are a fixed set.")
    description: str
    needs_one_of: list[str] = Field(description="A rule with this filter needs one of these clauses too.")


def clause_types(caller: Caller) -> list[ClauseTypeView]:
    """Every clause a rule may use, by name: what a rule editor offers."""
    caller.require(ADMIN)
    return [
        ClauseTypeView(
            name=t.name,
            kind=t.kind,
            operators=[op for op in Op if op in t.operators],
            value=t.value,
            choices=sorted(t.choices) if t.choices else None,
            description=t.description,
            needs_one_of=sorted(FILTER_PREREQUISITES) if t.name in FILTERS_NEEDING_PREREQUISITE else [],
        )
        for t in sorted(CLAUSE_TYPES.values(), key=lambda t: t.name)
    ]


def list_rules(caller: Caller) -> list[Rule]:
    caller.require(ADMIN)
    return repositories().rules.all()


def get_rule(caller: Caller, rule_id: str) -> Rule:
    caller.require(ADMIN)
    return repositories().rules.get(rule_id)


def create_rule(caller: Caller, body: RuleInput) -> Rule:
    caller.require(ADMIN)
    rules = repositories().rules
    rule = Rule(
        id=new_id(),
        name=body.name,
        description=body.description,
        enabled=body.enabled,
        clauses=_checked_clauses(body),
        output=body.output,
        position=rules.next_position(),
    )
    saved = rules.save(rule, record_change(caller.username, Action.CREATED, None, rule))
    count("RuleCreated")
    return saved


def update_rule(caller: Caller, rule_id: str, body: RuleInput) -> Rule:
    """Replace a rule's content; its place in the order stays. The default rule takes no clauses.

    A ``version`` in the body is the one its author read: 409 when the rule changed since."""
    caller.require(ADMIN)
    current = repositories().rules.get(rule_id)
    check_started_from(body.version, current.version, f"rule {rule_id}")
    if current.is_default and body.clauses:
        raise InvalidInput(
            "the default rule applies when no other rule does: it has no clauses", field="clauses"
        )
    changed = current.model_copy(
        update={
            "name": body.name,
            "description": body.description,
            "enabled": True if current.is_default else body.enabled,
            "clauses": _checked_clauses(body),
            "output": body.output,
        }
    )
    line = record_change(caller.username, Action.CHANGED, current, changed)
    if line is None:  # nothing changed: nothing written, so the version a colleague holds stays good
        return current
    saved = repositories().rules.save(changed, line)
    count("RuleUpdated")
    return saved


def delete_rule(caller: Caller, rule_id: str) -> None:
    caller.require(ADMIN)
    rule = repositories().rules.get(rule_id)
    if rule.is_default:
        raise Conflict("the default rule cannot be deleted", field="id")
    repositories().rules.delete(rule, record_change(caller.username, Action.DELETED, rule, None))
    count("RuleDeleted")


def duplicate_rule(caller: Caller, rule_id: str) -> Rule:
    """A copy of a rule, named "Copy of …", placed last before the default rule."""
    caller.require(ADMIN)
    rules = repositories().rules
    original = rules.get(rule_id)
    copy = original.model_copy(
        update={
            "id": new_id(),
            "name": f"Copy of {original.name}"[:200],
            "is_default": False,
            "position": rules.next_position(),
            "version": 0,
        },
        deep=True,
    )
    saved = rules.save(copy, record_change(caller.username, Action.CREATED, None, copy))
    count("RuleDuplicated")
    return saved


def move_rule(caller: Caller, rule_id: str, direction: Direction) -> list[Rule]:
    """Swap a rule with its neighbour in one transaction; retried when another edit got in first."""
    caller.require(ADMIN)
    rules = repositories().rules
    for _ in range(MOVE_ATTEMPTS):
        ordered = [r for r in rules.all() if not r.is_default]
        index = next((i for i, r in enumerate(ordered) if r.id == rule_id), None)
        if index is None:
            if rule_id == DEFAULT_RULE_ID:
                raise Conflict("the default rule is always last and cannot be moved", field="id")
            raise NotFound(f"no rule {rule_id}", field="id")
        other = index - 1 if direction is Direction.UP else index + 1
        if not 0 <= other < len(ordered):
            raise Conflict(
                f"the rule is already {'first' if direction is Direction.UP else 'last before the default rule'}",
                field="direction",
            )
        mover, neighbour = ordered[index], ordered[other]
        moved = mover.model_copy(update={"position": neighbour.position})
        swapped = neighbour.model_copy(update={"position": mover.position})
        try:
            rules.save_together(
                (moved, record_change(caller.username, Action.MOVED, mover, moved)),
                (swapped, record_change(caller.username, Action.MOVED, neighbour, swapped)),
            )
        except VersionConflict:
            continue
        count("RuleMoved")
        return rules.all()
    raise Conflict("the rules kept changing while moving; try again", field="id")


def rule_history(caller: Caller, rule_id: str, limit: int, next_token: str | None) -> Page[ConfigChange]:
    """Who changed the rule, when, old -> new; newest first. A deleted rule's history stays readable."""
    caller.require_staff()
    return repositories().history.page(ConfigKind.RULE, rule_id, limit, next_token)


def install_preset(caller: Caller, name: str) -> Rule:
    caller.require(ADMIN)
    body = preset(name)
    if body is None:
        raise NotFound(f"no preset {name!r}; presets: {', '.join(sorted(PRESETS))}", field="name")
    return create_rule(caller, body)


def outcome_for(request: Request) -> Outcome:
    """Evaluate the rule list for ``request``.

    One query for the rules; the publishers table only when a rule has a Publisher clause; the
    other requests one key query per identifier, on demand (SPEC §4.5).
    """
    repos = repositories()
    rules = repos.rules.all()
    uses_publishers = any(clause.name == "publisher" for rule in rules for clause in rule.clauses)
    context = Context(
        request=request,
        material=repos.requests.material(),
        publishers=repos.publishers.all() if uses_publishers else (),
        today=today(),
    )
    return evaluate(rules, context)


def evaluate_request(caller: Caller, body: EvaluateInput) -> Evaluation:
    """The dry run: which rule would apply, with the failed clauses of every earlier rule."""
    caller.require_staff()
    if body.request_id is not None:
        subject = repositories().requests.get(body.request_id)
    else:
        assert body.request is not None
        subject = lifecycle.open_request(body.request, created_by=caller.username)
    outcome = outcome_for(subject)
    rule = outcome.rule
    return Evaluation(
        applied_rule=AppliedRuleView(id=rule.id, name=rule.name, is_default=rule.is_default),
        trace=outcome.trace,
    )


def _checked_clauses(body: RuleInput) -> list[Clause]:
    needs_publishers = any(c.name == "publisher" for c in body.clauses)
    codes = frozenset(p.code for p in repositories().publishers.all()) if needs_publishers else None
    try:
        return validate_clauses(body.clauses, codes)
    except ClauseError as exc:
        raise InvalidInput(exc.message, field=exc.field) from None
