"""The Lambda proxy integration of a REST API (payload format 1.0), both directions.

:func:`build_event` turns an HTTP request into the event API Gateway hands a
function; :func:`parse_response` turns the function's answer back into HTTP,
refusing malformed answers like API Gateway does (502).
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote

from local_stack.routing import Match

__all__ = [
    "HttpRequest",
    "HttpResponse",
    "MalformedResponse",
    "RequestContext",
    "build_event",
    "is_text",
    "parse_response",
]

_TEXT_TYPES = ("json", "xml", "javascript", "x-www-form-urlencoded", "yaml", "csv", "graphql")


@dataclass(frozen=True)
class HttpRequest:
    """An HTTP request as received: raw path (no query), raw query string, headers in order."""

    method: str
    path: str
    query: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    source_ip: str = "127.0.0.1"

    def header(self, name: str) -> str | None:
        """The last value of a header (case-insensitive), as API Gateway's ``headers`` keeps it."""
        found = None
        for key, value in self.headers:
            if key.lower() == name.lower():
                found = value
        return found


@dataclass(frozen=True)
class HttpResponse:
    """An HTTP response to send."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


@dataclass(frozen=True)
class RequestContext:
    """What API Gateway knows besides the request: the API, its stage, the caller."""

    api_id: str
    stage: str
    account_id: str
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    claims: Mapping[str, str] | None = None
    binary_media_types: tuple[str, ...] = ()


class MalformedResponse(ValueError):
    """The function's result is not a valid proxy response."""


def is_text(content_type: str | None, body: bytes, binary_media_types: Iterable[str] = ()) -> bool:
    """Whether a body travels as text (else base64): text-like types that decode as UTF-8."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type and any(fnmatch.fnmatch(media_type, pattern.lower()) for pattern in binary_media_types):
        return False
    if media_type and not (media_type.startswith("text/") or any(t in media_type for t in _TEXT_TYPES)):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def build_event(request: HttpRequest, match: Match, context: RequestContext) -> dict[str, Any]:
    """The REST API proxy event for ``request`` routed by ``match``."""
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in request.headers:
        existing = next((key for key in multi_headers if key.lower() == name.lower()), name)
        multi_headers.setdefault(existing, []).append(value)
        headers[existing] = value
    forwarded = {
        "X-Forwarded-For": request.source_ip,
        "X-Forwarded-Proto": "http",
    }
    for name, value in forwarded.items():
        if not any(key.lower() == name.lower() for key in headers):
            headers[name] = value
            multi_headers[name] = [value]

    query: dict[str, str] = {}
    multi_query: dict[str, list[str]] = {}
    for key, value in parse_qsl(request.query, keep_blank_values=True):
        query[key] = value
        multi_query.setdefault(key, []).append(value)

    body: str | None = None
    encoded = False
    if request.body:
        if is_text(request.header("content-type"), request.body, context.binary_media_types):
            body = request.body.decode("utf-8")
        else:
            body, encoded = base64.b64encode(request.body).decode("ascii"), True

    path = unquote(request.path)
    now = time.time()
    request_context: dict[str, Any] = {
        "resourceId": match.resource,
        "resourcePath": match.resource,
        "httpMethod": request.method,
        "extendedRequestId": context.request_id,
        "requestTime": datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"),
        # The local API is served at the root (as behind a custom domain), so the path the client
        # used carries no stage; links built from it (letters, the served OpenAPI) work locally.
        "path": path,
        "accountId": context.account_id,
        "protocol": "HTTP/1.1",
        "stage": context.stage,
        "domainPrefix": "localhost",
        "requestTimeEpoch": int(now * 1000),
        "requestId": context.request_id,
        "identity": {
            "cognitoIdentityPoolId": None,
            "accountId": None,
            "cognitoIdentityId": None,
            "caller": None,
            "sourceIp": request.source_ip,
            "principalOrgId": None,
            "accessKey": None,
            "cognitoAuthenticationType": None,
            "cognitoAuthenticationProvider": None,
            "userArn": None,
            "userAgent": request.header("user-agent"),
            "user": None,
        },
        "domainName": request.header("host") or "localhost",
        "apiId": context.api_id,
    }
    if context.claims is not None:
        request_context["authorizer"] = {"claims": dict(context.claims)}
    return {
        "resource": match.resource,
        "path": path,
        "httpMethod": request.method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": match.path_parameters or None,
        "stageVariables": None,
        "requestContext": request_context,
        "body": body,
        "isBase64Encoded": encoded,
    }


def parse_response(result: Any) -> HttpResponse:
    """The HTTP response of a proxy result; :class:`MalformedResponse` if it is not one."""
    if not isinstance(result, dict):
        raise MalformedResponse(f"the result is a {type(result).__name__}, not an object")
    unknown = set(result) - {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}
    if unknown:
        raise MalformedResponse(f"unexpected keys in the result: {sorted(unknown)}")
    status = result.get("statusCode", 200)
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise MalformedResponse(f"statusCode {status!r} is not an HTTP status")

    merged: dict[str, list[str]] = {}
    multi = result.get("multiValueHeaders") or {}
    single = result.get("headers") or {}
    if not isinstance(multi, dict) or not isinstance(single, dict):
        raise MalformedResponse("headers and multiValueHeaders must be objects")
    for name, values in multi.items():
        if not isinstance(values, list):
            raise MalformedResponse(f"multiValueHeaders[{name!r}] must be a list")
        merged[name] = [_header_value(v) for v in values]
    for name, value in single.items():
        if not any(key.lower() == name.lower() for key in merged):
            merged[name] = [_header_value(value)]

    raw_body = result.get("body")
    if raw_body is None:
        body = b""
    elif not isinstance(raw_body, str):
        raise MalformedResponse(f"body must be a string, got {type(raw_body).__name__}")
    elif result.get("isBase64Encoded"):
        try:
            body = base64.b64decode(raw_body, validate=True)
        except binascii.Error as error:
            raise MalformedResponse("isBase64Encoded is true but the body is not base64") from error
    else:
        body = raw_body.encode("utf-8")

    headers = [(name, value) for name, values in merged.items() for value in values]
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))  # API Gateway's default
    return HttpResponse(status=status, headers=headers, body=body)


def _header_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int | float):
        return str(value)
    raise MalformedResponse(f"header value {value!r} is not a scalar")
