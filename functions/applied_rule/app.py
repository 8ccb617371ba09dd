"""GET /requests/{id}/rule: the rule that applied at scan-in, as it was then (read-only)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.http import caller, entrypoint, make_app
from digitization.service import requests as service

router = Router()


@router.get(
    "/requests/<id>/rule",
    summary="The rule that applied to a request",
    description="The snapshot taken at scan-in: later edits of the rule do not rewrite it. 404 before scan-in.",
    tags=["Rules"],
)
def applied_rule(id: str) -> dict[str, Any]:
    return service.applied_rule(caller(router), id)


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
