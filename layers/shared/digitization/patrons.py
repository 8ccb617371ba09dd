"""What access rights know about the person asking, from an API Gateway REST proxy event.

- Registered: the caller is authenticated (Cognito authorizer claims present); a guest otherwise.
- User group: the ``custom:user_group`` claim (a Cognito custom attribute), unknown when absent.
- Leganto user: the ``custom:leganto_user`` claim is ``"true"``.
- Address: ``requestContext.identity.sourceIp`` as API Gateway saw it (not X-Forwarded-For,
  which a client can write).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from digitization.auth import LEGANTO_ATTRIBUTE, Caller, caller_from_event
from digitization.errors import Unauthorized


@dataclass(frozen=True)
class Patron:
    """The facts access-rights parameters read; ``caller`` None is a guest."""

    caller: Caller | None
    user_group: str | None
    leganto_user: bool
    source_ip: str | None
    accept_language: str | None = None

    @property
    def key(self) -> str:
        """Who holds a concurrent-user session: the user, or a guest's address."""
        return self.caller.username if self.caller else f"guest@{self.source_ip or 'unknown'}"


def patron_from_event(event: Mapping[str, Any]) -> Patron:
    context = event.get("requestContext") or {}
    claims = (context.get("authorizer") or {}).get("claims") or {}
    try:
        caller: Caller | None = caller_from_event(event)
    except Unauthorized:
        caller = None
    group = (caller.user_group or "").strip() or None if caller else None
    headers = {str(k).lower(): v for k, v in (event.get("headers") or {}).items()}
    source_ip = (context.get("identity") or {}).get("sourceIp")
    return Patron(
        caller=caller,
        user_group=group,
        leganto_user=bool(caller) and str(claims.get(LEGANTO_ATTRIBUTE, "")).lower() == "true",
        source_ip=str(source_ip) if source_ip else None,
        accept_language=headers.get("accept-language"),
    )
