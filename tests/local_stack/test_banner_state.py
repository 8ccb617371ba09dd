"""stack.json and the startup text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from local_stack.banner import create_request_body, render, walkthrough
from local_stack.state import STATE_FILE, remove_state, write_state

STATE: dict[str, Any] = {
    "api_url": "http://127.0.0.1:3000",
    "aws_endpoint_url": "http://127.0.0.1:4566",
    "region": "us-east-1",
    "user_pool_id": "us-east-1_x",
    "user_pool_client_id": "client123",
    "bucket": "b",
    "tables": {},
    "users": {
        "patron": {"username": "patron1", "password": "Patron1-Demo-2026"},
        "work-order-operator": {"username": "operator1", "password": "Operator1-Demo-2026"},
    },
    "extra_users": {"patron2": {"username": "patron2", "password": "Patron2-Demo-2026", "role": "patron"}},
}


def test_state_is_written_whole_and_removed(tmp_path: Path) -> None:
    path = write_state(tmp_path / "state", STATE)
    assert path == tmp_path / "state" / STATE_FILE
    assert json.loads(path.read_text()) == STATE
    assert [p.name for p in path.parent.iterdir()] == [STATE_FILE]  # no temporary left behind
    remove_state(tmp_path / "state")
    assert not path.exists()


def test_walkthrough_uses_shell_variables_and_the_spec_body() -> None:
    text = walkthrough(STATE)
    for needle in (
        "TOKEN_PATRON=$(curl",
        "TOKEN_OPERATOR=$(curl",
        "X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth",
        "Content-Type: application/x-amz-json-1.1",
        '"USER_PASSWORD_AUTH"',
        '"client123"',
        '"$API/requests/$REQ/scan-in"',
        '"$API/requests/$REQ/next-step"',
        '"$API/requests/$REQ"',
        '{"department": "DIGI-MAIN"}',
    ):
        assert needle in text
    assert "Credential=" not in text  # plain curl works in us-east-1
    assert "Credential=local/20260101/eu-west-1/cognito-idp" in walkthrough(STATE | {"region": "eu-west-1"})
    body = create_request_body("patron1")
    assert body["requester"]["user_id"] == "patron1"
    assert body["requester"]["email"] == "patron1@example.edu"
    assert body["course"] == {"id": "HIST101", "start": "2016-01-01", "end": "2016-06-30"}


def test_banner_lists_urls_and_users() -> None:
    text = render(STATE, warnings=["demo data: POST /x answered 404"])
    assert "http://127.0.0.1:3000/docs" in text
    assert "patron2" in text
    assert "Operator1-Demo-2026" in text
    assert "! demo data" in text
    assert "TOKEN_OPERATOR" in text


def test_banner_without_the_walkthrough_roles() -> None:
    text = render(STATE | {"users": {"patron": STATE["users"]["patron"]}})
    assert "TOKEN_PATRON" not in text
    assert "Ctrl-C" in text


def test_banner_leads_with_the_web_app_when_there_is_one() -> None:
    text = render(STATE | {"web_url": "http://127.0.0.1:3001"})
    assert text.splitlines()[3].split() == [
        "Web",
        "app",
        "http://127.0.0.1:3001",
        "(sign",
        "in",
        "as",
        "a",
        "user",
        "below)",
    ]
    assert "Web app" not in render(STATE)
