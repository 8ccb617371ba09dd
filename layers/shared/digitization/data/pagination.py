"""Opaque pagination tokens: DynamoDB's LastEvaluatedKey, base64url-encoded."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from digitization.errors import InvalidInput

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_token: str | None


def encode_token(key: dict[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode()


def decode_token(token: str | None, keys: set[str] | None = None) -> dict[str, Any] | None:
    """The LastEvaluatedKey a token carries; with ``keys``, it must name exactly those attributes."""
    if not token:
        return None
    try:
        key: Any = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidInput("next_token is not a token this API handed out", field="next_token") from None
    well_formed = isinstance(key, dict) and all(
        isinstance(value, dict) and len(value) == 1 and set(value) <= {"S", "N"} for value in key.values()
    )
    if not well_formed or (keys is not None and set(key) != keys):
        raise InvalidInput(
            "next_token is not a token this list handed out; start again without it", field="next_token"
        )
    decoded: dict[str, Any] = key
    return decoded
