"""View-limited download links (SPEC §5.3): the link record and what a hit on it means."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel


class Link(BaseModel):
    """A download link: who may use it, how often, until when; the object it hands out."""

    token: str
    request_id: str
    requester: str
    key: str
    file_name: str
    max_views: int
    views: int = 0
    expires_at: int
    reuse_seconds: int = 0
    window_until: int = 0
    created_at: str


@dataclass(frozen=True)
class LinkState:
    """A link as its requester may see it before using it (the download page): nothing is counted to tell it."""

    link: Link
    size: int
    views_left: int
    window_until: int | None


class Outcome(StrEnum):
    COUNTED = "counted"  # a view was counted: a new window opens
    REUSED = "reused"  # inside the window of the last counted view: the same download again
    NOT_FOUND = "not_found"  # no such link, or not the caller's
    EXPIRED = "expired"
    EXHAUSTED = "exhausted"


def new_token() -> str:
    """256 random bits, URL-safe: unguessable."""
    return secrets.token_urlsafe(32)


def refusal(link: Link | None, caller: str, now: int) -> Outcome:
    """Why a conditional view update was refused, from the item as it was (or none)."""
    if link is None or link.requester != caller:
        return Outcome.NOT_FOUND
    if link.expires_at <= now:
        return Outcome.EXPIRED
    if link.reuse_seconds > 0 and link.window_until > now:
        return Outcome.REUSED
    # Without a window nothing is reused: a call that read the clock in the second before the last
    # counted view (``window_until`` is that view's time) must not pass as inside its window.
    return Outcome.EXHAUSTED
