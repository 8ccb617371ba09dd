"""Digitization and copyright rules: list, create, get, update, delete, duplicate, move, presets, and
the clauses a rule may use."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.history import DESCRIPTION, Limit, NextToken, history_page
from digitization.domain.history import HistoryPage
from digitization.domain.rules import Rule, RuleInput
from digitization.http import JSON, NO_CONTENT, caller, created, entrypoint, make_app
from digitization.service import rules as service
from digitization.service.rules import ClauseTypeView, Move

router = Router()
CREATED = created(Rule)


def _created(rule: Rule) -> Response[Any]:
    return Response(
        status_code=201,
        content_type=JSON,
        body=rule.model_dump_json(),
        headers={"Location": f"/rules/{rule.id}"},
    )


@router.get(
    "/rules",
    summary="The rules in the order they are tried",
    description="The first enabled rule whose clauses all hold applies; the default rule is always last.",
    tags=["Rules"],
)
def list_rules() -> list[Rule]:
    return service.list_rules(caller(router))


@router.post(
    "/rules",
    summary="Add a rule",
    description="Added last before the default rule. Every clause is checked: name, operator, value type and "
    "range, and the filter-clause prerequisites.",
    tags=["Rules"],
    responses=CREATED,
)
def create_rule(body: RuleInput) -> Response[Any]:
    return _created(service.create_rule(caller(router), body))


@router.get(
    "/rule-clauses",
    summary="The clauses a rule may use",
    description="Each clause's kind, operators, value type and fixed choices (SPEC §4.3), for rule editors. "
    "Fulfillment administrators.",
    tags=["Rules"],
)
def list_clause_types() -> list[ClauseTypeView]:
    return service.clause_types(caller(router))


@router.get(
    "/rules/<id>",
    summary="Get a rule",
    description="One rule with its clauses, output, position and enabled flag. Fulfillment administrators.",
    tags=["Rules"],
)
def get_rule(id: str) -> Rule:
    return service.get_rule(caller(router), id)


@router.get(
    "/rules/<id>/history",
    summary="A rule's change history",
    description=DESCRIPTION + " A deleted rule's history stays readable.",
    tags=["Rules"],
)
def rule_history(id: str, limit: Limit = 25, next_token: NextToken = None) -> HistoryPage:
    return history_page(service.rule_history(caller(router), id, limit, next_token))


@router.put(
    "/rules/<id>",
    summary="Edit a rule",
    description="Replaces name, description, enabled, clauses and output; the position stays. "
    "The default rule is editable but has no clauses.",
    tags=["Rules"],
)
def update_rule(id: str, body: RuleInput) -> Rule:
    return service.update_rule(caller(router), id, body)


@router.delete(
    "/rules/<id>",
    summary="Delete a rule",
    description="The default rule cannot be deleted (409).",
    tags=["Rules"],
    responses=NO_CONTENT,
)
def delete_rule(id: str) -> Response[Any]:
    service.delete_rule(caller(router), id)
    return Response(status_code=204)


@router.post(
    "/rules/<id>/duplicate",
    summary="Duplicate a rule",
    description="A copy named Copy of ..., placed last before the default rule. Fulfillment administrators.",
    tags=["Rules"],
    responses=CREATED,
)
def duplicate_rule(id: str) -> Response[Any]:
    return _created(service.duplicate_rule(caller(router), id))


@router.post(
    "/rules/<id>/move",
    summary="Move a rule up or down",
    description="Swaps the rule with its neighbour atomically; answers the new order.",
    tags=["Rules"],
)
def move_rule(id: str, body: Move) -> list[Rule]:
    return service.move_rule(caller(router), id, body.direction)


@router.post(
    "/rule-presets/<name>",
    summary="Install a ready rule",
    description="`contu_rule_of_five` (US CONTU guidelines) or `cla_course_extract` (UK CLA licence); "
    "see the README for their exact clauses.",
    tags=["Rules"],
    responses=CREATED,
)
def install_preset(name: str) -> Response[Any]:
    return _created(service.install_preset(caller(router), name))


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
