"""GET /downloads/{token}: the patron's view-limited link; 302 to a short-lived presigned GET."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.http import ERROR_RESPONSES, caller, entrypoint, make_app
from digitization.service import downloads as service

router = Router()


@router.get(
    "/downloads/<token>",
    summary="Download a delivered file",
    description="Only the requester, logged in. One atomic update counts a view (none while the window of "
    "the last view is open: retries and resumed downloads get the same URL) and answers 302 to a presigned "
    "GET; 410 once the views are used or the link expired. Never cached.",
    tags=["Delivery"],
    responses={302: {"description": "Redirect to the file"}, **ERROR_RESPONSES},
)
def download(token: str) -> Response[Any]:
    grant = service.download(caller(router), token)
    return Response(
        status_code=302,
        headers={
            "Location": grant.url,
            "Cache-Control": "no-store",
            "X-Views-Left": str(grant.views_left),
        },
    )


app = make_app(router)
lambda_handler = entrypoint(app)
