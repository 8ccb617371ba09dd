"""Demo users: one per Cognito group (role) of the template, plus a second patron.

Each user has email ``<username>@example.edu`` (verified), a permanent
password meeting the template's password policy, membership of its group, and
the directory facts the rules read: user group, status and Leganto use (the
two patrons are in different user groups; ``patron2`` reads French, the directory's ``locale``,
so their letters come in French).
A group the table below does not know gets ``<group letters>1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_cognito_idp.type_defs import AttributeTypeTypeDef

__all__ = ["DEMO_USERS", "EXTRA_USERS", "DemoUser", "DemoUsers", "create_demo_users", "login"]


@dataclass(frozen=True)
class DemoUser:
    """A demo login."""

    username: str
    password: str
    group: str
    user_group: str = "staff"
    status: str = "active"
    leganto_user: bool = False
    locale: str | None = None

    @property
    def email(self) -> str:
        """The user's (verified) email address."""
        return f"{self.username}@example.edu"


@dataclass(frozen=True)
class DemoUsers:
    """The created users: one per role, and the extra ones by username."""

    by_role: dict[str, DemoUser] = field(default_factory=dict)
    extra: dict[str, DemoUser] = field(default_factory=dict)

    def find(self, role_or_username: str) -> DemoUser:
        """A user by role (group name) or by username."""
        if role_or_username in self.by_role:
            return self.by_role[role_or_username]
        for user in (*self.by_role.values(), *self.extra.values()):
            if user.username == role_or_username:
                return user
        raise KeyError(f"no demo user {role_or_username!r}")


#: The demo user of each role of SPEC §1 (role = Cognito group).
DEMO_USERS: dict[str, DemoUser] = {
    user.group: user
    for user in (
        DemoUser("patron1", "Patron1-Demo-2026", "patron", user_group="undergraduate", leganto_user=True),
        DemoUser("operator1", "Operator1-Demo-2026", "work-order-operator"),
        DemoUser("manager1", "Manager1-Demo-2026", "fulfillment-services-manager"),
        DemoUser("digimanager1", "Digimanager1-Demo-2026", "digitization-manager"),
        DemoUser("admin1", "Admin1-Demo-2026", "fulfillment-admin"),
    )
}

#: Users beyond one per role: a second patron, to show patrons see only their own requests.
EXTRA_USERS: tuple[DemoUser, ...] = (
    DemoUser("patron2", "Patron2-Demo-2026", "patron", user_group="graduate", locale="fr"),
)


def _user_for(group: str) -> DemoUser:
    if group in DEMO_USERS:
        return DEMO_USERS[group]
    username = re.sub(r"[^a-z0-9]", "", group.lower())[:20] + "1"
    return DemoUser(username, f"{username.capitalize()}-Demo-2026", group)


def create_demo_users(
    cognito: CognitoIdentityProviderClient, user_pool_id: str, groups: Iterable[str]
) -> DemoUsers:
    """Create one user per group (and the extra users whose group exists) in the pool."""
    known_order = list(DEMO_USERS)
    groups = sorted(groups, key=lambda g: (known_order.index(g) if g in known_order else len(known_order), g))
    by_role = {group: _user_for(group) for group in groups}
    extra = {user.username: user for user in EXTRA_USERS if user.group in groups}
    for user in (*by_role.values(), *extra.values()):
        attributes: list[AttributeTypeTypeDef] = [
            {"Name": "email", "Value": user.email},
            {"Name": "email_verified", "Value": "true"},
            # The user directory's facts (SPEC §3.1): the rules and access rights read these.
            {"Name": "custom:user_group", "Value": user.user_group},
            {"Name": "custom:status", "Value": user.status},
            {"Name": "custom:leganto_user", "Value": "true" if user.leganto_user else "false"},
        ]
        if user.locale:  # the language of the user's letters
            attributes.append({"Name": "locale", "Value": user.locale})
        cognito.admin_create_user(
            UserPoolId=user_pool_id,
            Username=user.username,
            UserAttributes=attributes,
            MessageAction="SUPPRESS",
        )
        cognito.admin_set_user_password(
            UserPoolId=user_pool_id, Username=user.username, Password=user.password, Permanent=True
        )
        cognito.admin_add_user_to_group(UserPoolId=user_pool_id, Username=user.username, GroupName=user.group)
    return DemoUsers(by_role=by_role, extra=extra)


def login(cognito: CognitoIdentityProviderClient, client_id: str, user: DemoUser) -> str:
    """The ID token of ``user`` (``USER_PASSWORD_AUTH``), as a client of the API gets it."""
    result = cognito.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=client_id,
        AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
    )
    return result["AuthenticationResult"]["IdToken"]
