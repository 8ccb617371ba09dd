from __future__ import annotations

import pytest

from digitization.auth import Role, caller_from_event, parse_groups
from digitization.errors import Forbidden, Unauthorized


@pytest.mark.parametrize(
    "raw",
    [
        "patron,fulfillment-admin",
        "[patron fulfillment-admin]",
        ["patron", "fulfillment-admin"],
        "patron, fulfillment-admin",
    ],
)
def test_groups_in_every_authorizer_shape(raw: object) -> None:
    assert parse_groups(raw) == {Role.PATRON, Role.FULFILLMENT_ADMIN}


def test_unknown_groups_are_ignored() -> None:
    assert parse_groups("admins,patron") == {Role.PATRON}


def test_caller_from_claims() -> None:
    event = {
        "requestContext": {
            "authorizer": {"claims": {"cognito:username": "op", "cognito:groups": "work-order-operator"}}
        }
    }
    caller = caller_from_event(event)
    assert caller.username == "op"
    assert caller.is_staff
    caller.require(Role.WORK_ORDER_OPERATOR)
    with pytest.raises(Forbidden, match="fulfillment-admin"):
        caller.require(Role.FULFILLMENT_ADMIN)


def test_patron_is_not_staff() -> None:
    caller = caller_from_event(
        {"requestContext": {"authorizer": {"claims": {"cognito:username": "p", "cognito:groups": "patron"}}}}
    )
    assert not caller.is_staff
    with pytest.raises(Forbidden):
        caller.require_staff()


def test_no_claims_is_unauthorized() -> None:
    with pytest.raises(Unauthorized):
        caller_from_event({"requestContext": {}})
