"""POST /rules/evaluate: the dry run, which rule would apply to a request and why."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.http import caller, entrypoint, errors, make_app
from digitization.service import rules as service
from digitization.service.rules import EvaluateInput, Evaluation

router = Router()


@router.post(
    "/rules/evaluate",
    summary="Dry run: which rule would apply",
    description="For a create body (`request`) or a stored request (`request_id`): the rule that would apply "
    "and, for it and every rule before it, the clauses that failed with the actual value seen. Nothing is saved.",
    tags=["Rules"],
    responses=errors(404),
)
def evaluate(body: EvaluateInput) -> Evaluation:
    return service.evaluate_request(caller(router), body)


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
