"""The REST proxy event and response, as API Gateway builds and reads them."""

from __future__ import annotations

import base64
import json

import pytest

from local_stack.proxy import (
    HttpRequest,
    MalformedResponse,
    RequestContext,
    build_event,
    is_text,
    parse_response,
)
from local_stack.routing import Match
from local_stack.template import Route

ROUTE = Route(method="POST", path="/requests/{id}/notes", function="Notes", api="Api", authorizer="Cognito")
MATCH = Match(route=ROUTE, resource="/requests/{id}/notes", path_parameters={"id": "r1"})


def request(**changes: object) -> HttpRequest:
    fields: dict[str, object] = {
        "method": "POST",
        "path": "/requests/r1/notes",
        "query": "a=1&b=2&a=3&empty=",
        "headers": (
            ("Host", "127.0.0.1:3000"),
            ("User-Agent", "curl/8"),
            ("Content-Type", "application/json"),
            ("Accept", "text/html"),
            ("accept", "application/json"),
        ),
        "body": b'{"text": "hi"}',
        "source_ip": "10.1.2.3",
    }
    fields.update(changes)
    return HttpRequest(**fields)  # type: ignore[arg-type]


def test_event_shape() -> None:
    context = RequestContext(api_id="abc123", stage="dev", account_id="123456789012", claims={"sub": "u1"})
    event = build_event(request(), MATCH, context)
    assert event["resource"] == "/requests/{id}/notes"
    assert event["path"] == "/requests/r1/notes"
    assert event["httpMethod"] == "POST"
    assert event["headers"]["Accept"] == "application/json"  # the last value wins
    assert event["multiValueHeaders"]["Accept"] == ["text/html", "application/json"]
    assert event["headers"]["X-Forwarded-For"] == "10.1.2.3"
    assert event["queryStringParameters"] == {"a": "3", "b": "2", "empty": ""}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "3"], "b": ["2"], "empty": [""]}
    assert event["pathParameters"] == {"id": "r1"}
    assert event["stageVariables"] is None
    assert event["body"] == '{"text": "hi"}'
    assert event["isBase64Encoded"] is False
    ctx = event["requestContext"]
    assert ctx["resourcePath"] == "/requests/{id}/notes"
    assert ctx["httpMethod"] == "POST"
    assert ctx["path"] == "/requests/r1/notes", "served at the root: no stage in the path the client used"
    assert ctx["stage"] == "dev"
    assert ctx["requestId"] == context.request_id
    assert ctx["accountId"] == "123456789012"
    assert ctx["apiId"] == "abc123"
    assert ctx["identity"]["sourceIp"] == "10.1.2.3"
    assert ctx["identity"]["userAgent"] == "curl/8"
    assert ctx["authorizer"] == {"claims": {"sub": "u1"}}
    json.dumps(event)  # serialisable, as Lambda needs


def test_open_routes_have_no_authorizer_and_empty_parts_are_null() -> None:
    context = RequestContext(api_id="a", stage="dev", account_id="1")
    match = Match(route=ROUTE, resource="/x", path_parameters={})
    event = build_event(request(query="", body=b"", headers=()), match, context)
    assert "authorizer" not in event["requestContext"]
    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None
    assert event["pathParameters"] is None
    assert event["body"] is None


def test_binary_bodies_are_base64() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\xff"
    context = RequestContext(api_id="a", stage="dev", account_id="1")
    event = build_event(request(body=png, headers=(("Content-Type", "image/png"),)), MATCH, context)
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == png


@pytest.mark.parametrize(
    ("content_type", "body", "binary_types", "text"),
    [
        ("application/json", b"{}", (), True),
        ("text/plain; charset=utf-8", "é".encode(), (), True),
        (None, b"plain", (), True),
        (None, b"\xff\xfe", (), False),
        ("application/pdf", b"%PDF", (), False),
        ("application/json", b"{}", ("application/*",), False),
    ],
)
def test_is_text(content_type: str | None, body: bytes, binary_types: tuple[str, ...], text: bool) -> None:
    assert is_text(content_type, body, binary_types) is text


def test_response_translation() -> None:
    response = parse_response(
        {
            "statusCode": 201,
            "headers": {"Location": "/x", "X-Both": "single"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"], "X-Both": ["multi"]},
            "body": '{"ok": true}',
            "isBase64Encoded": False,
        }
    )
    assert response.status == 201
    assert ("Location", "/x") in response.headers
    assert [v for k, v in response.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert [v for k, v in response.headers if k == "X-Both"] == ["multi"]
    assert ("Content-Type", "application/json") in response.headers  # API Gateway's default
    assert response.body == b'{"ok": true}'


def test_base64_response() -> None:
    encoded = base64.b64encode(b"\x00\x01").decode()
    response = parse_response(
        {
            "statusCode": 200,
            "body": encoded,
            "isBase64Encoded": True,
            "headers": {"Content-Type": "application/pdf"},
        }
    )
    assert response.body == b"\x00\x01"
    assert ("Content-Type", "application/pdf") in response.headers


@pytest.mark.parametrize(
    "result",
    [
        "not a dict",
        {"statusCode": "abc"},
        {"statusCode": 200, "body": {"not": "a string"}},
        {"statusCode": 200, "extra": 1},
        {"statusCode": 200, "headers": {"X": {"nested": 1}}},
        {"statusCode": 200, "body": "***", "isBase64Encoded": True},
    ],
)
def test_malformed_responses(result: object) -> None:
    with pytest.raises(MalformedResponse):
        parse_response(result)
