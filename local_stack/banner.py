"""What a newcomer reads at startup: URLs, users, and a curl walk-through that works as printed."""

from __future__ import annotations

import copy
import json
import shlex
from collections.abc import Iterable, Mapping
from typing import Any

from local_stack.demo import CREATE_BODY

__all__ = ["create_request_body", "render", "walkthrough"]

_EXTRACT_LOGIN = (
    """python3 -c 'import sys,json; print(json.load(sys.stdin)["AuthenticationResult"]["IdToken"])'"""
)
_FIELD_ID = """python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])'"""


def create_request_body(username: str) -> dict[str, Any]:
    """SPEC §9.1's create example, requested by ``username``."""
    body = copy.deepcopy(CREATE_BODY)
    body["requester"].update(user_id=username, email=f"{username}@example.edu")
    return body


def _login(variable: str, state: Mapping[str, Any], username: str, password: str) -> str:
    payload = json.dumps(
        {
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": state["user_pool_client_id"],
            "AuthParameters": {"USERNAME": username, "PASSWORD": password},
        }
    )
    headers = [
        "X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth",
        "Content-Type: application/x-amz-json-1.1",
    ]
    if state["region"] != "us-east-1":
        # moto routes unsigned Cognito calls to us-east-1; a (fake) credential scope names the region.
        headers.append(
            f"Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/{state['region']}/cognito-idp/aws4_request, "
            "SignedHeaders=host, Signature=local"
        )
    header_args = " ".join(f"-H {shlex.quote(h)}" for h in headers)
    return (
        f'{variable}=$(curl -s -X POST "$AWS/" {header_args} \\\n'
        f"  -d {shlex.quote(payload)} \\\n"
        f"  | {_EXTRACT_LOGIN})"
    )


def walkthrough(state: Mapping[str, Any]) -> str:
    """A copy-paste shell session: log in, create, scan in, next step, read back."""
    users = state["users"]
    patron, operator = users["patron"], users["work-order-operator"]
    body = json.dumps(create_request_body(patron["username"]))
    department = json.dumps({"department": "DIGI-MAIN"})
    lines = [
        f"API={state['api_url']}",
        f"AWS={state['aws_endpoint_url']}",
        "",
        f"# log in as {patron['username']} (patron) and {operator['username']} (work-order-operator)",
        _login("TOKEN_PATRON", state, patron["username"], patron["password"]),
        _login("TOKEN_OPERATOR", state, operator["username"], operator["password"]),
        "",
        "# the patron requests a chapter",
        'REQ=$(curl -s -X POST "$API/requests" -H "Authorization: Bearer $TOKEN_PATRON" \\',
        f"  -H 'Content-Type: application/json' -d {shlex.quote(body)} \\",
        f"  | {_FIELD_ID})",
        'echo "request $REQ"',
        "",
        "# the item arrives at the digitization department: rules are applied",
        'curl -s -X POST "$API/requests/$REQ/scan-in" -H "Authorization: Bearer $TOKEN_OPERATOR" \\',
        f"  -H 'Content-Type: application/json' -d {shlex.quote(department)} | python3 -m json.tool",
        "",
        "# the operator moves it on",
        'curl -s -X POST "$API/requests/$REQ/next-step" -H "Authorization: Bearer $TOKEN_OPERATOR" \\',
        f"  -H 'Content-Type: application/json' -d {shlex.quote(department)} | python3 -m json.tool",
        "",
        "# the patron looks at it",
        'curl -s "$API/requests/$REQ" -H "Authorization: Bearer $TOKEN_PATRON" | python3 -m json.tool',
    ]
    return "\n".join(lines)


def render(
    state: Mapping[str, Any],
    *,
    routes: Iterable[str] = (),
    schedules: Iterable[str] = (),
    warnings: Iterable[str] = (),
    skipped: Mapping[str, str] | None = None,
) -> str:
    """The startup text."""
    users = [
        f"  {role:30} {u['username']:14} {u['password']:22} {u.get('user_group', '')}"
        for role, u in state["users"].items()
    ] + [
        f"  {u.get('role', ''):30} {u['username']:14} {u['password']:22} {u.get('user_group', '')}"
        for u in state.get("extra_users", {}).values()
    ]
    parts = [
        "",
        "Local digitization service is running.",
        "",
        *(
            [f"  Web app        {state['web_url']}   (sign in as a user below)"]
            if state.get("web_url")
            else []
        ),
        f"  API            {state['api_url']}",
        f"  Swagger UI     {state['api_url']}/docs",
        f"  OpenAPI        {state['api_url']}/openapi.json",
        f"  AWS (moto)     {state['aws_endpoint_url']}   region {state['region']}",
        f"  User pool      {state['user_pool_id']}   app client {state['user_pool_client_id']}",
        f"  Bucket         {state['bucket']}",
        *(
            [f"  Metrics        {state['metrics_file']}   (CloudWatch EMF records, one a line)"]
            if state.get("metrics_file")
            else []
        ),
        "",
        "Users (role, username, password, user group in the directory):",
        *users,
    ]
    route_lines = list(routes)
    if route_lines:
        parts += ["", "Routes:", *(f"  {line}" for line in route_lines)]
    schedule_lines = list(schedules)
    if schedule_lines:
        parts += ["", "Schedules:", *(f"  {line}" for line in schedule_lines)]
    if skipped:
        parts += [
            "",
            "Not created locally (type: why):",
            *(f"  {kind}: {why}" for kind, why in skipped.items()),
        ]
    warning_lines = list(warnings)
    if warning_lines:
        parts += ["", "Warnings:", *(f"  ! {line}" for line in warning_lines)]
    if {"patron", "work-order-operator"} <= set(state["users"]) and state.get("user_pool_client_id"):
        parts += [
            "",
            "Walk through a request with curl (bash or zsh; copy and paste):",
            "",
            walkthrough(state),
        ]
    parts += ["", "Ctrl-C stops everything.", ""]
    return "\n".join(parts)
