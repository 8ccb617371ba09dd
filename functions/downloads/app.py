"""GET /downloads/{token}: the patron's view-limited link; 302 to a short-lived presigned GET (or its URL as JSON).

GET /downloads/{token}/status: the same link read-only, for the web app's download page."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.downloads import DownloadGrant, LinkStatus, link_status, wants_json
from digitization.http import JSON, caller, entrypoint, errors, make_app
from digitization.service import downloads as service

router = Router()


@router.get(
    "/downloads/<token>",
    summary="Download a delivered file",
    description="Only the requester, logged in. One atomic update counts a view (none while the window of "
    "the last view is open: retries and resumed downloads get the same URL) and answers 302 to a presigned "
    "GET; 410 once the views are used or the link expired. Never cached. With `Accept: application/json` "
    "the answer is 200 with the URL instead of the redirect (same counting).",
    tags=["Delivery"],
    responses={
        200: {
            "description": "OK: the file's URL (Accept: application/json)",
            "content": {JSON: {"model": DownloadGrant}},
        },
        302: {
            "description": "Found: the file, at a short-lived presigned URL",
            "headers": {
                "Location": {"description": "The presigned GET of the file", "schema": {"type": "string"}},
                "X-Views-Left": {"description": "Views left on the link", "schema": {"type": "integer"}},
            },
        },
        **errors(410),
    },
)
def download(token: str) -> Response[Any]:
    grant = service.download(caller(router), token)
    headers = {"Cache-Control": "no-store", "X-Views-Left": str(grant.views_left)}
    if wants_json(router.current_event.headers.get("accept") or router.current_event.headers.get("Accept")):
        body = DownloadGrant(url=grant.url, views_left=grant.views_left, counted=grant.counted)
        return Response(status_code=200, content_type=JSON, body=body.model_dump_json(), headers=headers)
    return Response(status_code=302, headers={"Location": grant.url, **headers})


@router.get(
    "/downloads/<token>/status",
    summary="A download link's state, without using it",
    description="Only the requester. The file's name and size, views left and expiry, read-only: nothing is "
    "counted, so the download page may show it whenever the link is opened (mail scanners and link previews "
    "open links before people do). 410 with code `link_used_up` or `link_expired` when the link no longer "
    "gives the file; 404 when there is no such link for the caller.",
    tags=["Delivery"],
    responses={200: {"description": "OK", "content": {JSON: {"model": LinkStatus}}}, **errors(410)},
)
def download_status(token: str) -> Response[Any]:
    body = link_status(service.status(caller(router), token))
    return Response(
        status_code=200, content_type=JSON, body=body.model_dump_json(), headers={"Cache-Control": "no-store"}
    )


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
