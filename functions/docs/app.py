"""GET /openapi.json and GET /docs: the API's OpenAPI document and a Swagger UI (no login)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import aws_lambda_powertools.event_handler as event_handler
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.swagger_ui import generate_swagger_html

from digitization.http import JSON, entrypoint, make_app

router = Router()


@cache
def _document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resources.files("digitization").joinpath("openapi.json").read_text())
    return loaded


@cache
def _swagger_assets() -> tuple[str, str]:
    folder = Path(event_handler.__file__).parent / "openapi" / "swagger_ui"
    return (folder / "swagger-ui-bundle.min.js").read_text(), (folder / "swagger-ui.min.css").read_text()


def _served_document() -> dict[str, Any]:
    """The document with this deployment's base path (the API Gateway stage, if any) as server."""
    event = router.current_event
    full_path = str((event.raw_event.get("requestContext") or {}).get("path") or event.path)
    base = full_path[: -len(event.path)] if full_path.endswith(event.path) else ""
    return {**_document(), "servers": [{"url": base or "/"}]}


@router.get("/openapi.json", include_in_schema=False)
def openapi_document() -> Response[Any]:
    return Response(status_code=200, content_type=JSON, body=json.dumps(_served_document()))


@router.get("/docs", include_in_schema=False)
def swagger_ui() -> Response[Any]:
    script, style = _swagger_assets()
    spec = json.dumps(_served_document()).replace("</", "<\\/")
    page = generate_swagger_html(spec, script, style, "", None, persist_authorization=True)
    return Response(status_code=200, content_type="text/html", body=page)


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
