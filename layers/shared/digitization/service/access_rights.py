"""Access-rights policies use cases (SPEC §6): configured by fulfillment administrators only."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from digitization.auth import Caller, Role
from digitization.clock import iso, utcnow
from digitization.data.access_rights import PolicyInUse
from digitization.data.pagination import Page
from digitization.data.repositories import repositories
from digitization.domain.access.policies import AccessRule, AccessRuleInput, Policy, PolicyInput, name_key
from digitization.domain.history import Action, ConfigChange, ConfigKind, record_change
from digitization.domain.representations import RepresentationSummary
from digitization.domain.requests import new_id
from digitization.domain.versions import check_started_from
from digitization.errors import Conflict, NotFound, VersionConflict
from digitization.observability import count

ADMIN = Role.FULFILLMENT_ADMIN
MOVE_ATTEMPTS = 5
COPY_ATTEMPTS = 20
LISTED_USERS = 20


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class RuleMove(BaseModel):
    """Body of ``POST /access-rights/{id}/rules/{rule_id}/move``."""

    model_config = ConfigDict(extra="forbid")

    direction: Direction


def list_policies(caller: Caller) -> list[Policy]:
    caller.require(ADMIN)
    return sorted(repositories().access_rights.all(), key=lambda p: name_key(p.name))


def get_policy(caller: Caller, policy_id: str) -> Policy:
    caller.require(ADMIN)
    return repositories().access_rights.get(policy_id)


def create_policy(caller: Caller, body: PolicyInput) -> Policy:
    caller.require(ADMIN)
    now = iso(utcnow())
    policy = Policy(
        **body.model_dump(exclude={"rules", "version"}),
        id=new_id(),
        rules=_rules(body.rules),
        created_by=caller.username,
        created_at=now,
        updated_by=caller.username,
        updated_at=now,
    )
    created = repositories().access_rights.create(
        policy, record_change(caller.username, Action.CREATED, None, policy)
    )
    count("AccessRightsPolicyCreated")
    return created


def update_policy(caller: Caller, policy_id: str, body: PolicyInput) -> Policy:
    """Replace everything but the id and creation; rules keep the ids given (new ones get one).

    A ``version`` in the body is the one its author read: an edit made on an older one is refused
    (409) rather than written over a colleague's change (a rule they added would be lost)."""
    caller.require(ADMIN)
    repo = repositories().access_rights
    current = repo.get(policy_id)
    check_started_from(body.version, current.version, f"access-rights policy {policy_id}")
    changed = Policy.model_validate(
        {
            **current.model_dump(),
            **body.model_dump(exclude={"rules", "version"}),
            "rules": _rules(body.rules),
            "updated_by": caller.username,
            "updated_at": iso(utcnow()),
        }
    )
    line = record_change(caller.username, Action.CHANGED, current, changed)
    if line is None:  # nothing changed: nothing written, so the version a colleague holds stays good
        return current
    saved = repo.replace(current, changed, line)
    count("AccessRightsPolicyUpdated")
    return saved


def delete_policy(caller: Caller, policy_id: str) -> None:
    """Refused (409, naming them) while representations or digitization rules use the policy."""
    caller.require(ADMIN)
    repo = repositories().access_rights
    policy = repo.get(policy_id)
    _refuse_if_used(policy)
    try:
        repo.delete(policy, record_change(caller.username, Action.DELETED, policy, None))
    except PolicyInUse:
        _refuse_if_used(policy)
        raise Conflict("the policy is in use and cannot be deleted", field="id") from None
    count("AccessRightsPolicyDeleted")


def duplicate_policy(caller: Caller, policy_id: str) -> Policy:
    """A copy named "Copy of …" (numbered when that name is taken), with fresh rule ids."""
    caller.require(ADMIN)
    repo = repositories().access_rights
    original = repo.get(policy_id)
    taken = {name_key(p.name) for p in repo.all()}
    base = f"Copy of {original.name}"[:190]
    now = iso(utcnow())
    for attempt in range(1, COPY_ATTEMPTS + 1):
        name = base if attempt == 1 else f"{base} ({attempt})"
        if name_key(name) in taken:
            continue
        copy = original.model_copy(
            update={
                "id": new_id(),
                "name": name,
                "rules": [rule.model_copy(update={"id": new_id()}) for rule in original.rules],
                "created_by": caller.username,
                "created_at": now,
                "updated_by": caller.username,
                "updated_at": now,
                "version": 0,
            },
            deep=True,
        )
        try:
            created = repo.create(copy, record_change(caller.username, Action.CREATED, None, copy))
        except Conflict:  # the name, taken by a racing create meanwhile (or a lost race: try the next)
            taken.add(name_key(name))
            continue
        count("AccessRightsPolicyDuplicated")
        return created
    raise Conflict(f"too many copies of {original.name!r}; rename some first", field="name")


def move_rule(caller: Caller, policy_id: str, rule_id: str, direction: Direction) -> Policy:
    """Swap a rule with its neighbour (the order decides which rule applies first)."""
    caller.require(ADMIN)
    repo = repositories().access_rights
    for _ in range(MOVE_ATTEMPTS):
        current = repo.get(policy_id)
        index = next((i for i, rule in enumerate(current.rules) if rule.id == rule_id), None)
        if index is None:
            raise NotFound(f"policy {policy_id} has no rule {rule_id}", field="rule_id")
        other = index - 1 if direction is Direction.UP else index + 1
        if not 0 <= other < len(current.rules):
            where = "first" if direction is Direction.UP else "last"
            raise Conflict(f"the rule is already {where}", field="direction")
        rules = list(current.rules)
        rules[index], rules[other] = rules[other], rules[index]
        changed = current.model_copy(
            update={"rules": rules, "updated_by": caller.username, "updated_at": iso(utcnow())}
        )
        try:
            saved = repo.replace(
                current, changed, record_change(caller.username, Action.MOVED, current, changed)
            )
        except VersionConflict:
            continue
        count("AccessRightsRuleMoved")
        return saved
    raise Conflict("the policy kept changing while moving; try again", field="id")


def related_representations(caller: Caller, policy_id: str) -> list[RepresentationSummary]:
    """ "Find related digital titles": the representations that use the policy."""
    caller.require(ADMIN)
    repositories().access_rights.get(policy_id)
    return sorted(repositories().representations.by_policy(policy_id), key=lambda r: (r.title, r.id))


def policy_history(caller: Caller, policy_id: str, limit: int, next_token: str | None) -> Page[ConfigChange]:
    """Who changed the policy, when, old -> new; newest first (a deleted policy's too)."""
    caller.require_staff()
    return repositories().history.page(ConfigKind.ACCESS_RIGHTS, policy_id, limit, next_token)


def _rules(rules: list[AccessRuleInput]) -> list[AccessRule]:
    return [AccessRule(**rule.model_dump(exclude={"id"}), id=rule.id or new_id()) for rule in rules]


def _refuse_if_used(policy: Policy) -> None:
    repos = repositories()
    users = [f"representation {r.id} ({r.title})" for r in repos.representations.by_policy(policy.id)]
    users += [
        f"digitization rule {rule.name!r}"
        for rule in repos.rules.all()
        if rule.output.representation is not None
        and rule.output.representation.access_rights_policy_id == policy.id
    ]
    if users:
        shown = ", ".join(users[:LISTED_USERS])
        more = f" and {len(users) - LISTED_USERS} more" if len(users) > LISTED_USERS else ""
        raise Conflict(
            f"the policy {policy.name!r} is in use and cannot be deleted; it is used by {len(users)}: "
            f"{shown}{more}. Assign them another policy first.",
            field="id",
        )
