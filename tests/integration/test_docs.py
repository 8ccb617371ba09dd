"""The served OpenAPI document is the one generated from the handlers, and Swagger UI works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def served_operations() -> list[tuple[str, str, dict[str, Any]]]:
    document = json.loads((ROOT / "layers/shared/digitization/openapi.json").read_text())
    return [(method, path, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def test_every_operation_documents_its_success_and_its_errors() -> None:
    for method, path, operation in served_operations():
        responses = operation["responses"]
        successes = [status for status in responses if status[0] in "23"]
        assert successes, f"{method} {path} documents no success"
        for status in successes:
            content = responses[status].get("content")
            if status == "204" or status.startswith("3"):
                assert content is None, f"{method} {path} {status} declares a body"
            else:
                assert content["application/json"]["schema"], f"{method} {path} {status} has no schema"
        errors = {status for status in responses if status[0] == "4"}
        assert {"401", "403", "422"} <= errors, f"{method} {path}: {sorted(errors)}"
        if method in {"post", "put", "patch"}:
            assert {"400", "413", "415"} <= errors, f"{method} {path}: {sorted(errors)}"
        for status in errors:
            assert responses[status]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"
            }
        assert operation.get("description"), f"{method} {path} has no description"
        assert operation.get("tags"), f"{method} {path} has no tag"


def test_operation_ids_are_the_handlers_names() -> None:
    ids = [operation["operationId"] for _, _, operation in served_operations()]
    assert len(ids) == len(set(ids))
    assert "get_request" in ids
    assert all("__" not in name for name in ids)
