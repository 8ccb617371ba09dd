"""Optimistic concurrency between people: an edit names the version it started from."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from digitization.errors import VersionConflict

#: The largest version a client may send: a JSON number that every client reads exactly.
MAX_VERSION = 2**53
STARTED_FROM = (
    "The version this change starts from (as read); 409 when someone changed it since. "
    "Leave it out to change the latest."
)
#: The ``version`` an edit may carry (the one its author read); without it the edit applies to the latest.
StartedFrom = Annotated[int | None, Field(ge=0, le=MAX_VERSION, description=STARTED_FROM)]


def check_started_from(started_from: int | None, current: int, what: str) -> None:
    """Refuse (409, field ``version``) an edit made on a version that is no longer the current one."""
    if started_from is not None and started_from != current:
        raise VersionConflict(what, field="version")


#: How a view describes its ``version``.
CURRENT_VERSION = "The version as stored (0 before the first change); send it as `version` with a change."
