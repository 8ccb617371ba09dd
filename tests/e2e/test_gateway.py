"""The API's front door over HTTP: open documentation, the Cognito authorizer in front of the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

import requests

if TYPE_CHECKING:
    from tests.e2e.conftest import RunningStack


def assert_unauthorized(response: requests.Response) -> None:
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthorized"
    assert error["message"]
    assert error["field"] is None


def test_openapi_document_needs_no_token(stack: RunningStack) -> None:
    response = stack.call("GET", "/openapi.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert "openapi" in response.json()


def test_swagger_ui_needs_no_token(stack: RunningStack) -> None:
    response = stack.call("GET", "/docs")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<html" in response.text.lower()


def test_requests_without_a_token_are_refused(stack: RunningStack) -> None:
    assert_unauthorized(stack.call("GET", "/requests"))


def test_requests_with_a_garbage_token_are_refused(stack: RunningStack) -> None:
    assert_unauthorized(stack.call("GET", "/requests", headers={"Authorization": "Bearer not-a-token"}))


def test_a_valid_token_reaches_the_route(stack: RunningStack) -> None:
    response = stack.call("GET", "/requests", user="patron")
    assert response.status_code != 401
    assert response.status_code < 500, response.text


def test_a_token_by_username_works_too(stack: RunningStack) -> None:
    assert stack.call("GET", "/requests", user="patron2").status_code != 401


def test_unknown_paths_and_methods(stack: RunningStack) -> None:
    assert stack.call("GET", "/no/such/thing").status_code == 404
    assert stack.call("DELETE", "/requests", user="patron").status_code == 405
