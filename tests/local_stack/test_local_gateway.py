"""The gateway, authorizer, workers and scheduler together, on the tests' tiny template."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
import jwt
import pytest
import requests
from moto.utilities.utils import load_resource

from local_stack.runner import LocalStack


def get(local: LocalStack, path: str, **kwargs: Any) -> requests.Response:
    return requests.get(local.api_url + path, timeout=30, **kwargs)


def forged_token(local: LocalStack, **changes: Any) -> str:
    """An ID token signed with moto's key, claims changed as a test needs."""
    stack = local.stack
    assert stack is not None
    now = int(time.time())
    claims = {
        "iss": f"https://cognito-idp.{stack.region}.amazonaws.com/{stack.user_pool_id}",
        "aud": stack.user_pool_client_id,
        "sub": "someone",
        "token_use": "id",
        "iat": now,
        "exp": now + 600,
        "cognito:username": "forger",
    } | changes
    key = jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json"))
    return jwt.encode(claims, key.key, algorithm="RS256", headers={"kid": "dummy"})


def assert_unauthorized(response: requests.Response) -> None:
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "unauthorized", "message": "log in first", "field": None}}


def test_valid_token_delivers_claims_as_strings(local: LocalStack) -> None:
    response = get(local, "/echo/abc?x=1", headers={"Authorization": f"Bearer {local.token('patron')}"})
    assert response.status_code == 200, response.text
    event = response.json()["event"]
    claims = event["requestContext"]["authorizer"]["claims"]
    assert claims["cognito:username"] == "patron1"
    assert claims["cognito:groups"] == "patron"
    assert claims["email"] == "patron1@example.edu"
    assert claims["email_verified"] == "true"
    assert claims["token_use"] == "id"
    assert all(isinstance(value, str) for value in claims.values())
    assert event["pathParameters"] == {"id": "abc"}
    assert event["queryStringParameters"] == {"x": "1"}
    assert event["requestContext"]["stage"] == "test"
    assert event["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    assert response.headers["x-amzn-RequestId"] == event["requestContext"]["requestId"]
    assert response.headers["X-Echo"] == "one, two"  # multiValueHeaders, folded by requests


def test_raw_token_without_bearer_is_accepted(local: LocalStack) -> None:
    response = get(local, "/echo/abc", headers={"Authorization": local.token("fulfillment-admin")})
    assert response.status_code == 200
    claims = response.json()["event"]["requestContext"]["authorizer"]["claims"]
    assert claims["cognito:groups"] == "fulfillment-admin"


def test_function_runs_with_its_template_environment(local: LocalStack) -> None:
    body = get(local, "/open").json()
    assert body["env"]["GREETING"] == "hello"
    assert body["env"]["TABLE"] == "Table"
    assert body["env"]["AWS_ENDPOINT_URL"] == local.state["aws_endpoint_url"]
    assert body["context"]["function_name"] == "EchoFunction"
    assert body["context"]["memory_limit_in_mb"] == 128
    assert 0 < body["context"]["remaining_ms"] <= 5000


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer garbage", "Bearer a.b.c", "Basic dXNlcjpwYXNz"],
)
def test_missing_or_garbage_tokens_are_refused(local: LocalStack, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    assert_unauthorized(get(local, "/echo/abc", headers=headers))


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "someone-else"},
        {"exp": int(time.time()) - 10},
        {"token_use": "access"},
        {"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"},
    ],
    ids=["wrong-audience", "expired", "access-token", "other-pool"],
)
def test_tokens_failing_a_check_are_refused(local: LocalStack, changes: dict[str, Any]) -> None:
    token = forged_token(local, **changes)
    assert_unauthorized(get(local, "/echo/abc", headers={"Authorization": f"Bearer {token}"}))


def test_forged_token_with_right_claims_passes(local: LocalStack) -> None:
    # Proves the checks above fail for the reason named, not because forging is broken.
    token = forged_token(local)
    assert get(local, "/echo/abc", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_access_token_from_cognito_is_refused(local: LocalStack) -> None:
    stack = local.stack
    assert stack is not None
    cognito = boto3.client("cognito-idp", region_name=stack.region, endpoint_url=stack.endpoint_url)
    result = cognito.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=stack.user_pool_client_id,
        AuthParameters={"USERNAME": "patron1", "PASSWORD": local.users.find("patron1").password},
    )
    access = result["AuthenticationResult"]["AccessToken"]
    assert_unauthorized(get(local, "/echo/abc", headers={"Authorization": f"Bearer {access}"}))


def test_open_route_needs_no_token(local: LocalStack) -> None:
    response = get(local, "/open")
    assert response.status_code == 200
    assert "authorizer" not in response.json()["event"]["requestContext"]


def test_unknown_path_is_404_and_wrong_method_405(local: LocalStack) -> None:
    missing = get(local, "/nowhere")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert missing.json()["error"]["field"] is None
    wrong = requests.delete(local.api_url + "/open", timeout=30)
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"
    assert wrong.headers["Allow"] == "GET"
    assert requests.head(local.api_url + "/open", timeout=30).status_code == 405


def test_any_method_and_greedy_path(local: LocalStack) -> None:
    response = requests.put(local.api_url + "/files/a/b.txt", data=b"\x00\xff", timeout=30)
    event = response.json()["event"]
    assert event["httpMethod"] == "PUT"
    assert event["resource"] == "/files/{proxy+}"
    assert event["pathParameters"] == {"proxy": "a/b.txt"}
    assert event["isBase64Encoded"] is True
    head = requests.head(local.api_url + "/files/x", timeout=30)
    assert head.status_code == 200
    assert head.content == b""


def test_json_body_arrives_as_text(local: LocalStack) -> None:
    token = local.token("patron")
    response = requests.post(
        local.api_url + "/echo/1", json={"a": "é"}, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    event = response.json()["event"]
    assert json.loads(event["body"]) == {"a": "é"}
    assert event["isBase64Encoded"] is False


def test_handler_exception_is_502_without_traceback(local: LocalStack) -> None:
    response = get(local, "/boom")
    assert response.status_code == 502
    assert response.json() == {
        "error": {"code": "internal_error", "message": "Internal server error", "field": None}
    }
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text
    assert get(local, "/open").status_code == 200  # the worker survived


def test_schedule_fires_with_a_scheduled_event(local: LocalStack) -> None:
    stack = local.stack
    assert stack is not None
    dynamodb = boto3.client("dynamodb", region_name=stack.region, endpoint_url=stack.endpoint_url)
    deadline = time.monotonic() + 30
    item: dict[str, Any] = {}
    while time.monotonic() < deadline:
        item = dynamodb.get_item(TableName=stack.tables["Table"], Key={"id": {"S": "ticks"}}).get("Item", {})
        if item and int(item["fired"]["N"]) >= 2:
            break
        time.sleep(0.2)
    assert item, "the schedule never fired"
    assert int(item["fired"]["N"]) >= 2
    event = json.loads(item["last_event"]["S"])
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert item["greeting"]["S"] == "tick"  # the function's own environment, not EchoFunction's


def test_stack_json_describes_the_running_stack(local: LocalStack) -> None:
    state = json.loads((local.options.state_dir / "stack.json").read_text())
    assert state["api_url"] == local.api_url
    assert set(state["users"]) == {"patron", "fulfillment-admin"}
    assert state["users"]["patron"] == {
        "username": "patron1",
        "password": "Patron1-Demo-2026",
        "user_group": "undergraduate",
    }
    assert (state["extra_users"]["patron2"]["username"], state["extra_users"]["patron2"]["user_group"]) == (
        "patron2",
        "graduate",
    ), "the two patrons are in different user groups"
    assert state["tables"] == {"Table": "Table"}
