"""Cognito authorizer claims reach handlers as API Gateway delivers them: strings."""

from __future__ import annotations

import pytest

from local_stack.auth import Unauthorized, stringify_claims, token_from_header


def test_every_claim_becomes_a_string() -> None:
    claims = stringify_claims(
        {
            "sub": "abc",
            "cognito:groups": ["patron", "fulfillment-admin"],
            "email_verified": True,
            "exp": 1469818373,
            "iat": 1469814773,
            "auth_time": 1469814773,
            "address": {"street": "x"},
        }
    )
    assert claims == {
        "sub": "abc",
        "cognito:groups": "patron,fulfillment-admin",
        "email_verified": "true",
        "exp": "Fri Jul 29 18:52:53 UTC 2016",
        "iat": "Fri Jul 29 17:52:53 UTC 2016",
        "auth_time": "1469814773",
        "address": '{"street":"x"}',
    }
    assert all(isinstance(value, str) for value in claims.values())


@pytest.mark.parametrize(
    ("header", "token"),
    [("Bearer abc.def.ghi", "abc.def.ghi"), ("abc.def.ghi", "abc.def.ghi"), ("bearer  t", "t")],
)
def test_token_from_header(header: str, token: str) -> None:
    assert token_from_header(header) == token


@pytest.mark.parametrize("header", [None, "", "  ", "Basic a b", "Bearer"])
def test_no_token(header: str | None) -> None:
    if header == "Bearer":
        assert (
            token_from_header(header) == "Bearer"
        )  # a lone word is taken as the token (and then fails to verify)
        return
    with pytest.raises(Unauthorized):
        token_from_header(header)
