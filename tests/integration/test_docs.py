"""The served OpenAPI document is the one generated from the handlers, and Swagger UI works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.integration.conftest import Invoke

ROOT = Path(__file__).resolve().parents[2]


def test_committed_document_matches_the_handlers() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "openapi.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_openapi_json_served_without_login(call: Invoke) -> None:
    reply = call("docs", "docs/openapi")
    assert reply.status == 200
    paths = reply.body["paths"]
    assert {"/requests", "/requests/{id}", "/requests/{id}/scan-in", "/requests/{id}/next-step"} <= set(paths)
    assert reply.body["servers"] == [{"url": "/dev"}], "the API Gateway stage is the base path"
    assert "ErrorBody" in reply.body["components"]["schemas"]


def test_swagger_ui_page(call: Invoke) -> None:
    reply = call("docs", "docs/swagger_ui")
    assert reply.status == 200
    assert "SwaggerUIBundle" in reply.body
    assert json.dumps("/requests/{id}/scan-in")[1:-1] in reply.body
