"""Least privilege, locally: each function runs with exactly its template policy, and moto enforces it.

For every function of the template, an IAM user gets the inline policies of the function's
role as the SAM transform wrote them (resolved against the created resources), and an access
key the function's workers use. An administrator user (everything allowed) serves the local
stack itself and the tests. Then moto is told to enforce IAM from the next call on (its
``/moto-api/reset-auth``), so a missing permission is an AccessDenied, as in AWS.

Where moto falls short: it checks DynamoDB and S3 against each call's resource (with
``local_stack.fidelity``), but other services (SES, Cognito, SQS...) only against ``*``. So a
statement's actions of those services are also granted on ``*`` locally: a missing SES or
Cognito permission still fails, a resource scoped too narrowly for them does not. The managed
policies of the roles (CloudWatch Logs, X-Ray) are left out: locally nothing writes logs or
traces through AWS.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import requests

from local_stack.resources import Stack

if TYPE_CHECKING:
    from mypy_boto3_iam import IAMClient

__all__ = ["Credentials", "enforce", "function_policies", "grant"]

#: Services moto checks against each call's own resource; the others are checked against "*".
RESOURCE_CHECKED = frozenset({"dynamodb", "s3"})
ADMIN_USER = "local-admin"


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    secret_access_key: str

    def environment(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": self.access_key_id, "AWS_SECRET_ACCESS_KEY": self.secret_access_key}


def function_policies(stack: Stack) -> dict[str, list[dict[str, Any]]]:
    """Each function's inline policy documents (its role's, from the transformed template), resolved."""
    resources = stack.template.transformed.get("Resources", {})
    resolver = stack.resolver()
    documents: dict[str, list[dict[str, Any]]] = {}
    for logical_id in stack.functions:
        role = _role_of(resources.get(logical_id, {}))
        policies = resources.get(role, {}).get("Properties", {}).get("Policies", []) if role else []
        documents[logical_id] = [_localised(resolver.resolve(p["PolicyDocument"])) for p in policies]
    return documents


def _role_of(function: Mapping[str, Any]) -> str | None:
    role = function.get("Properties", {}).get("Role")
    if isinstance(role, dict) and "Fn::GetAtt" in role:
        return str(role["Fn::GetAtt"][0])
    return None


def _localised(document: dict[str, Any]) -> dict[str, Any]:
    """The document, plus its actions of services moto checks only against "*", granted on "*"."""
    statements = document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else list(statements)
    extra = []
    for statement in statements:
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        loose = [a for a in actions if a.split(":")[0] not in RESOURCE_CHECKED]
        if statement.get("Effect") == "Allow" and loose and statement.get("Resource") != "*":
            extra.append({"Effect": "Allow", "Action": loose, "Resource": "*"})
    return {"Version": "2012-10-17", "Statement": statements + extra}


def _user(iam: IAMClient, name: str, documents: list[dict[str, Any]]) -> Credentials:
    iam.create_user(UserName=name)
    for index, document in enumerate(documents):
        iam.put_user_policy(UserName=name, PolicyName=f"policy{index}", PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return Credentials(key["AccessKeyId"], key["SecretAccessKey"])


def grant(iam: IAMClient, stack: Stack) -> tuple[Credentials, dict[str, Credentials]]:
    """The administrator's credentials, and each function's (by logical id)."""
    admin = _user(
        iam,
        ADMIN_USER,
        [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}],
    )
    functions = {
        logical_id: _user(iam, f"fn-{logical_id}"[:64], documents)
        for logical_id, documents in function_policies(stack).items()
    }
    return admin, functions


def enforce(endpoint_url: str) -> None:
    """From the next call on, moto checks every call's credentials and permissions."""
    answer = requests.post(f"{endpoint_url}/moto-api/reset-auth", data=b"0", timeout=30)
    answer.raise_for_status()
