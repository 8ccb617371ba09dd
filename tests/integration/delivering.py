"""Helpers of the delivery and publishing tests: rules with a target, uploads, the mail sent."""

from __future__ import annotations

from typing import Any

import boto3
from moto.ses.models import ses_backends

from digitization.auth import Caller, Role
from digitization.domain.rules import RuleInput
from digitization.service import rules as rule_service
from local_stack.resources import Stack
from tests.integration.conftest import Invoke

ADMIN = Caller(username="admin1", email=None, roles=frozenset({Role.FULFILLMENT_ADMIN}))
OPERATOR = Caller(username="operator1", email=None, roles=frozenset({Role.WORK_ORDER_OPERATOR}))
MANAGER = Caller(username="manager1", email=None, roles=frozenset({Role.FULFILLMENT_SERVICES_MANAGER}))
PATRON = Caller(username="patron1", email=None, roles=frozenset({Role.PATRON}))
OTHER_PATRON = Caller(username="patron2", email=None, roles=frozenset({Role.PATRON}))
BASE_URL = "https://abc123.execute-api.us-east-1.amazonaws.com/dev"
READY = "Your digitized copy is ready to download"


def install_rule(target: str, approval: dict[str, Any] | None = None, **output: Any) -> None:
    """One rule that applies to every request, delivering to ``target``."""
    body = {"target": target, "approval": approval or {"required": False}, **output}
    rule_service.create_rule(
        ADMIN, RuleInput.model_validate({"name": f"Deliver {target}", "clauses": [], "output": body})
    )


def upload(aws: Stack, call: Invoke, rid: str, name: str, data: bytes) -> dict[str, Any]:
    """Start an upload through the handler and put the file where the presigned POST would."""
    ticket = call(
        "delivery_files",
        "delivery_files/start_upload",
        path_params={"id": rid},
        body={"department": "DIGI-MAIN", "file_name": name, "content_type": "application/pdf"},
    )
    assert ticket.status == 201, ticket.body
    boto3.client("s3").put_object(Bucket=aws.bucket, Key=ticket.body["key"], Body=data)
    uploaded: dict[str, Any] = ticket.body
    return uploaded


def subjects() -> list[str]:
    """The subjects of every mail sent so far."""
    return [m.subject for m in ses_backends["123456789012"]["us-east-1"].sent_messages]


def mail_with(subject: str) -> list[Any]:
    return [m for m in ses_backends["123456789012"]["us-east-1"].sent_messages if m.subject == subject]


def keys_under(aws: Stack, prefix: str) -> list[str]:
    found = boto3.client("s3").list_objects_v2(Bucket=aws.bucket, Prefix=prefix).get("Contents", [])
    return [o["Key"] for o in found]


def links_of(aws: Stack, request_id: str) -> list[dict[str, Any]]:
    """Every link record of a request (a test may Scan; request paths never do)."""
    table = boto3.resource("dynamodb").Table(aws.tables["LinksTable"])
    return [item for item in table.scan()["Items"] if item["request_id"] == request_id]
