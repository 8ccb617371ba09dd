"""The one AWS edge: every client, the PynamoDB models' connection and table names, the idempotency store.

Built on first use (never at import time) and forgotten together by ``reset`` (tests that start a
new emulator call it; nothing else needs to). Nothing outside ``data/``, ``storage.py``,
``notifications.py``, ``idempotency.py`` and this module reaches AWS.

- ``client(service)``: boto3 clients, one per service per execution environment (``AWS_ENDPOINT_URL``
  is honoured), all from boto3's default session;
- ``connection()``: the one PynamoDB connection every model and every transaction goes through
  (PynamoDB would otherwise build a botocore session and client per model class: tens of
  milliseconds each on a cold start);
- ``bind_models()``: the models pointed at this environment's tables, sharing that connection;
- ``idempotency_store()``: Powertools' persistence layer on the template's idempotency table.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING, Any

from digitization.config import settings

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_ses import SESClient
    from pynamodb.connection import Connection

MODELS_MODULE = "digitization.data.models"


@cache
def client(service: str) -> Any:
    """The boto3 client of ``service`` for this execution environment."""
    import boto3

    return boto3.client(service)  # type: ignore[call-overload]


def s3() -> S3Client:
    found: S3Client = client("s3")
    return found


def dynamodb() -> DynamoDBClient:
    found: DynamoDBClient = client("dynamodb")
    return found


def ses() -> SESClient:
    found: SESClient = client("ses")
    return found


def sesv2() -> Any:
    """SES v2 (raw messages up to 40 MB); boto3-stubs for it are not installed."""
    return client("sesv2")


def cognito() -> CognitoIdentityProviderClient:
    found: CognitoIdentityProviderClient = client("cognito-idp")
    return found


@cache
def connection() -> Connection:
    """The PynamoDB connection of every model and transaction: one per execution environment, on
    boto3's default botocore session (so the credentials, region and endpoint are the clients')."""
    import boto3
    from pynamodb.connection import Connection

    shared = Connection()
    shared._local.session = boto3._get_default_session()._session
    return shared


@cache
def bind_models() -> None:
    """Point every PynamoDB model at this environment's tables, all through ``connection()``."""
    from digitization.data import models

    shared = connection()
    for model, name in models.table_names(settings()).items():
        model.Meta.table_name = name
        model._connection = None
        table = model._get_connection()  # builds the table's schema; its own connection is never used
        if name not in shared._tables:
            shared.add_meta_table(table.get_meta_table())
        table.connection = shared


@cache
def idempotency_store() -> DynamoDBPersistenceLayer:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(table_name=settings().idempotency_table, boto3_client=dynamodb())


def reset() -> None:
    """Forget every client, the connection, the models' binding, the store, the parsed environment and
    boto3's default session (botocore keeps the credentials it first resolved)."""
    if "boto3" in sys.modules:  # never imported just to be forgotten
        import boto3

        boto3.DEFAULT_SESSION = None
    client.cache_clear()
    connection.cache_clear()
    bind_models.cache_clear()
    idempotency_store.cache_clear()
    settings.cache_clear()
    models = sys.modules.get(MODELS_MODULE)
    if models is not None:
        for model in models.MODELS:
            model._connection = None
    repositories = sys.modules.get("digitization.data.repositories")
    if repositories is not None:
        repositories.repositories.cache_clear()
