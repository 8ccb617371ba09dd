"""The gate in front of every route: the role first, then what the body is (SPEC §8)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from digitization.api.gate import MAX_BODY_BYTES, MAX_DEPTH, depth, refusal
from digitization.api.permissions import WHO_MAY


def event(
    method: str = "POST",
    resource: str = "/rules",
    *,
    groups: str | None = "fulfillment-admin",
    body: str | None = "{}",
    content_type: str | None = "application/json",
    base64_body: bool = False,
) -> dict[str, Any]:
    claims = {"cognito:username": "someone", "cognito:groups": groups} if groups is not None else None
    return {
        "httpMethod": method,
        "resource": resource,
        "path": resource,
        "headers": {"Content-Type": content_type} if content_type else {},
        "body": body,
        "isBase64Encoded": base64_body,
        "requestContext": {"authorizer": {"claims": claims}} if claims else {},
    }


def status_of(answer: dict[str, Any] | None) -> int | None:
    return None if answer is None else int(answer["statusCode"])


def error_of(answer: dict[str, Any] | None) -> dict[str, Any]:
    assert answer is not None
    body: dict[str, Any] = json.loads(answer["body"])["error"]
    return body


def test_a_well_formed_call_by_the_right_role_goes_on() -> None:
    assert refusal(event()) is None


def test_without_a_sign_in_it_is_401() -> None:
    assert status_of(refusal(event(groups=None))) == 401


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("{}", "application/json"), ("not json", "text/plain"), ("[" * 10_000, "application/xml"), (None, None)],
)
def test_the_role_comes_before_anything_the_body_says(body: str | None, content_type: str | None) -> None:
    answer = refusal(event(groups="patron", body=body, content_type=content_type))
    assert status_of(answer) == 403
    assert "fulfillment-admin" in error_of(answer)["message"]


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded", None],
)
def test_a_body_that_is_not_json_is_415(content_type: str | None) -> None:
    answer = refusal(event(content_type=content_type))
    assert status_of(answer) == 415
    assert error_of(answer)["field"] == "Content-Type"


@pytest.mark.parametrize(
    "content_type", ["APPLICATION/JSON", "application/json; charset=utf-8", "Application/Json"]
)
def test_json_in_any_letter_case_and_with_parameters_is_json(content_type: str) -> None:
    assert refusal(event(content_type=content_type)) is None


def test_invalid_utf8_is_400() -> None:
    answer = refusal(event(body=base64.b64encode(b'{"name": "\xff\xfe"}').decode(), base64_body=True))
    assert status_of(answer) == 400
    assert "UTF-8" in error_of(answer)["message"]


def test_absurd_nesting_is_400_without_parsing() -> None:
    answer = refusal(event(body="[" * 10_000 + "]" * 10_000))
    assert status_of(answer) == 400
    assert "nested" in error_of(answer)["message"]
    assert refusal(event(body=json.dumps({"a": [[[1]]]}))) is None


def test_depth_ignores_brackets_in_strings() -> None:
    assert depth('{"a": "[[[[{{{{", "b": ["\\"]"]}') == 2
    assert depth("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) == MAX_DEPTH + 1


def test_not_json_is_400_and_too_big_is_413() -> None:
    assert status_of(refusal(event(body="{nope"))) == 400
    big = json.dumps({"text": "x" * MAX_BODY_BYTES})
    assert status_of(refusal(event(body=big))) == 413


def test_an_empty_body_is_left_to_the_route() -> None:
    assert refusal(event(body=None, content_type=None)) is None
    assert refusal(event(body="", content_type=None)) is None


def test_a_get_body_is_not_read() -> None:
    assert refusal(event("GET", "/rules", body="junk", content_type="text/plain")) is None


def test_an_unknown_route_is_404_and_the_documentation_is_public() -> None:
    assert status_of(refusal(event("POST", "/nowhere"))) == 404
    assert refusal(event("GET", "/openapi.json", groups=None, body=None)) is None


def test_guests_reach_the_viewer_and_nothing_else() -> None:
    assert refusal(event("GET", "/representations/{id}", groups=None, body=None)) is None
    assert status_of(refusal(event("GET", "/requests/{id}", groups=None, body=None))) == 401


def test_every_route_of_the_template_is_in_the_table() -> None:
    from local_stack.template import load_template
    from tests.unit.api.paths import ROOT

    routes = {
        (route.method.upper(), route.path)
        for spec in load_template(ROOT / "template.yaml").functions.values()
        for route in spec.routes
    }
    assert routes == set(WHO_MAY), "every route has a row, and every row a route"
