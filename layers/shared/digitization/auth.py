"""The caller, as the API Gateway Cognito authorizer describes them, and role checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from digitization.errors import Forbidden, Unauthorized


class Role(StrEnum):
    """Cognito groups, one per actor of SPEC §1."""

    PATRON = "patron"
    WORK_ORDER_OPERATOR = "work-order-operator"
    FULFILLMENT_SERVICES_MANAGER = "fulfillment-services-manager"
    DIGITIZATION_MANAGER = "digitization-manager"
    FULFILLMENT_ADMIN = "fulfillment-admin"


STAFF_ROLES = frozenset(Role) - {Role.PATRON}

#: The user directory's attributes (Cognito custom attributes; ID token claims of the same names).
USER_GROUP_ATTRIBUTE = "custom:user_group"
STATUS_ATTRIBUTE = "custom:status"
LEGANTO_ATTRIBUTE = "custom:leganto_user"
#: Cognito's standard attribute: the language the user's letters are written in.
LOCALE_ATTRIBUTE = "locale"


@dataclass(frozen=True)
class Caller:
    """Who is calling: user name, Cognito groups, and what the directory says of them (ID token claims)."""

    username: str
    email: str | None
    roles: frozenset[Role]
    user_group: str | None = None
    status: str | None = None
    locale: str | None = None

    @property
    def attributes(self) -> dict[str, str]:
        """The directory attributes the token carried, by attribute name."""
        values = {
            "email": self.email,
            USER_GROUP_ATTRIBUTE: self.user_group,
            STATUS_ATTRIBUTE: self.status,
            LOCALE_ATTRIBUTE: self.locale,
        }
        return {name: value for name, value in values.items() if value}

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    def require(self, *allowed: Role) -> None:
        """Raise Forbidden unless the caller holds one of ``allowed``."""
        if not self.roles & set(allowed):
            names = ", ".join(sorted(role.value for role in allowed))
            raise Forbidden(f"this action needs one of the roles: {names}")

    def require_staff(self) -> None:
        self.require(*STAFF_ROLES)


def parse_groups(raw: Any) -> frozenset[Role]:
    """Groups arrive as a list, a comma-separated string or "[a b]" depending on the authorizer."""
    if isinstance(raw, list | tuple):
        names = [str(item) for item in raw]
    elif isinstance(raw, str):
        names = raw.strip("[]").replace(",", " ").split()
    else:
        names = []
    known = {role.value for role in Role}
    return frozenset(Role(name) for name in names if name in known)


def caller_from_event(event: Mapping[str, Any]) -> Caller:
    """Read the Cognito authorizer's claims from a REST proxy event."""
    context = event.get("requestContext") or {}
    claims = (context.get("authorizer") or {}).get("claims") or {}
    username = claims.get("cognito:username") or claims.get("username")
    if not username:
        raise Unauthorized("log in and send the ID token as Authorization: Bearer <token>")
    return Caller(
        username=str(username),
        email=claims.get("email"),
        roles=parse_groups(claims.get("cognito:groups")),
        user_group=claims.get(USER_GROUP_ATTRIBUTE),
        status=claims.get(STATUS_ATTRIBUTE),
        locale=claims.get(LOCALE_ATTRIBUTE),
    )
