"""What every API event passes before the resolver reads it (SPEC §8).

In this order, so that a caller without the role learns nothing from what they send:
1. the route is one the table of ``permissions.py`` knows, and the caller holds a role it
   allows (401 without a sign-in, 403 without the role);
2. a body is JSON: ``application/json`` in any letter case, at most ``MAX_BODY_BYTES``
   (415, 413);
3. it is UTF-8 and nested at most ``MAX_DEPTH`` deep, and it parses (400).
Only then does the resolver validate it against the route's model (422 naming the field).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from digitization.api.errors import ErrorBody, ErrorDetail
from digitization.api.permissions import GUESTS_WELCOME, PUBLIC, who_may
from digitization.auth import caller_from_event
from digitization.errors import Unauthorized

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
MAX_BODY_BYTES = 256 * 1024
MAX_DEPTH = 16
JSON_MEDIA_TYPE = "application/json"


def refusal(event: Mapping[str, Any]) -> dict[str, Any] | None:
    """The proxy response refusing ``event``, or None when it may go on to its route."""
    method = str(event.get("httpMethod") or "").upper()
    if not method:
        return None  # not an API event (a schedule)
    resource = str(event.get("resource") or "")
    allowed = who_may(method, resource)
    if allowed is None:
        return answer(HTTPStatus.NOT_FOUND, "not_found", f"no route {method} {event.get('path')}")
    if allowed != PUBLIC:
        try:
            caller = caller_from_event(event)
        except Unauthorized as exc:
            if (method, resource) in GUESTS_WELCOME:
                return _body_refusal(event) if method in BODY_METHODS else None
            return answer(HTTPStatus.UNAUTHORIZED, "unauthorized", exc.message)
        if not caller.roles & allowed:
            names = ", ".join(sorted(role.value for role in allowed))
            return answer(HTTPStatus.FORBIDDEN, "forbidden", f"this action needs one of the roles: {names}")
    if method in BODY_METHODS:
        return _body_refusal(event)
    return None


def _body_refusal(event: Mapping[str, Any]) -> dict[str, Any] | None:
    raw = event.get("body")
    if raw is None or raw == "":
        return None
    headers = {str(name).lower(): str(value) for name, value in (event.get("headers") or {}).items()}
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != JSON_MEDIA_TYPE:
        shown = media_type or "none"
        return answer(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            f"send the body as {JSON_MEDIA_TYPE} (Content-Type was {shown})",
            "Content-Type",
        )
    try:
        data = (
            base64.b64decode(str(raw), validate=True) if event.get("isBase64Encoded") else str(raw).encode()
        )
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return _bad_body("the body is not valid base64")
    if len(data) > MAX_BODY_BYTES:
        return answer(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            "payload_too_large",
            f"the body is over {MAX_BODY_BYTES // 1024} KB",
            "body",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _bad_body("the body is not valid UTF-8")
    if depth(text) > MAX_DEPTH:
        return _bad_body(f"the body is nested more than {MAX_DEPTH} levels deep")
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return _bad_body("the body is not valid JSON")
    return None


def depth(text: str) -> int:
    """How deep JSON text nests arrays and objects (strings skipped), without parsing it."""
    deepest = level = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            level += 1
            deepest = max(deepest, level)
        elif char in "]}":
            level -= 1
    return deepest


def _bad_body(message: str) -> dict[str, Any]:
    return answer(HTTPStatus.BAD_REQUEST, "bad_request", message, "body")


def answer(status: HTTPStatus, code: str, message: str, field: str | None = None) -> dict[str, Any]:
    """An API Gateway REST proxy response with the error body."""
    body = ErrorBody(error=ErrorDetail(code=code, message=message, field=field))
    return {
        "statusCode": int(status),
        "multiValueHeaders": {"Content-Type": [JSON_MEDIA_TYPE]},
        "body": body.model_dump_json(),
        "isBase64Encoded": False,
    }
