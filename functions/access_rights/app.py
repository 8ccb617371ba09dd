"""Access-rights policies for digital objects: list, add, get, edit, delete, duplicate, reorder
rules, and the representations that use a policy."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.history import DESCRIPTION, Limit, NextToken, history_page
from digitization.domain.access.policies import Policy, PolicyInput
from digitization.domain.history import HistoryPage
from digitization.domain.representations import RepresentationSummary
from digitization.http import JSON, NO_CONTENT, caller, created, entrypoint, make_app
from digitization.service import access_rights as service
from digitization.service.access_rights import RuleMove

router = Router()
TAGS = ["Access rights"]
CREATED = created(Policy)


def _created(policy: Policy) -> Response[Any]:
    return Response(
        status_code=201,
        content_type=JSON,
        body=policy.model_dump_json(),
        headers={"Location": f"/access-rights/{policy.id}"},
    )


@router.get(
    "/access-rights",
    summary="The access-rights policies",
    description="By name. Fulfillment administrators only.",
    tags=TAGS,
)
def list_policies() -> list[Policy]:
    return service.list_policies(caller(router))


@router.post(
    "/access-rights",
    summary="Add an access-rights policy",
    description="Name (unique), copyright declaration (`copyrights_1` or `copyrights_2`) and obtrusive flag, "
    "description, denied note, ordered rules and the default rule (`if no match`). Each rule: name, "
    "description, enabled, parameters (all must hold) and output `{access: allow|deny, allow_download}`. "
    "Parameters: `concurrent_user` (= `{users, minutes}`), `dns` (= `/regex/`), `embargo` "
    "(`before`|`on_or_after` `{base, amount, unit, date}`), `ip_range` (=|!= `a.b.c.d` or `a - b`), "
    "`leganto_user` (= bool), `registered` (=|!= bool), `restricted_for_all` (=), `user_group` "
    "(=|!=|in_list|not_in_list), `user_id` (=|!=|matches `p-1*` or `/regex/`).",
    tags=TAGS,
    responses=CREATED,
)
def create_policy(body: PolicyInput) -> Response[Any]:
    return _created(service.create_policy(caller(router), body))


@router.get(
    "/access-rights/<id>",
    summary="Get an access-rights policy",
    description="One policy with its rules in order and its default rule. Fulfillment administrators.",
    tags=TAGS,
)
def get_policy(id: str) -> Policy:
    return service.get_policy(caller(router), id)


@router.get(
    "/access-rights/<id>/history",
    summary="An access-rights policy's change history",
    description=DESCRIPTION + " A deleted policy's history stays readable.",
    tags=TAGS,
)
def policy_history(id: str, limit: Limit = 25, next_token: NextToken = None) -> HistoryPage:
    return history_page(service.policy_history(caller(router), id, limit, next_token))


@router.put(
    "/access-rights/<id>",
    summary="Edit an access-rights policy",
    description="Replaces everything but the id. Rules keep the `id` they are sent with; rules without one "
    "get a new id (a rule's id keys its concurrent-user sessions).",
    tags=TAGS,
)
def update_policy(id: str, body: PolicyInput) -> Policy:
    return service.update_policy(caller(router), id, body)


@router.delete(
    "/access-rights/<id>",
    summary="Delete an access-rights policy",
    description="Refused (409, listing them) while representations or digitization rules use the policy.",
    tags=TAGS,
    responses=NO_CONTENT,
)
def delete_policy(id: str) -> Response[Any]:
    service.delete_policy(caller(router), id)
    return Response(status_code=204)


@router.post(
    "/access-rights/<id>/duplicate",
    summary="Duplicate an access-rights policy",
    description='The copy is named "Copy of …" (numbered when taken); edit it afterwards.',
    tags=TAGS,
    responses=CREATED,
)
def duplicate_policy(id: str) -> Response[Any]:
    return _created(service.duplicate_policy(caller(router), id))


@router.post(
    "/access-rights/<id>/rules/<rule_id>/move",
    summary="Move a rule of a policy up or down",
    description="Only the first enabled matching rule applies, so the order matters. Answers the policy.",
    tags=TAGS,
)
def move_policy_rule(id: str, rule_id: str, body: RuleMove) -> Policy:
    return service.move_rule(caller(router), id, rule_id, body.direction)


@router.get(
    "/access-rights/<id>/representations",
    summary="Find related digital titles",
    description="The representations whose access-rights policy this is.",
    tags=TAGS,
)
def related(id: str) -> list[RepresentationSummary]:
    return service.related_representations(caller(router), id)


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
