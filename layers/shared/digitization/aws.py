"""The one AWS edge: boto3 clients, built on first use (never at import time) and forgotten by ``reset``."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import boto3
from pynamodb.connection import Connection

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient


@cache
def client(service: str) -> Any:
    """The client of ``service`` for this execution environment (``AWS_ENDPOINT_URL`` is honoured)."""
    return boto3.client(service)  # type: ignore[call-overload]


def cognito() -> CognitoIdentityProviderClient:
    found: CognitoIdentityProviderClient = client("cognito-idp")
    return found


@cache
def transactions() -> Connection:
    """The PynamoDB connection transactions go through: one per execution environment, since each
    new one builds a botocore client (tens of milliseconds)."""
    return Connection()


def reset() -> None:
    """Forget every client (tests that start a new emulator call this)."""
    client.cache_clear()
    transactions.cache_clear()
