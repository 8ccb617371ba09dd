"""The download link at the HTTP edge: a browser follows a 302; a script or the web app may ask for JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from digitization.domain.links import LinkState


class DownloadGrant(BaseModel):
    """One view granted (or the window of the last one reused): where the file is, for a short while."""

    url: str = Field(description="A short-lived presigned GET of the file")
    views_left: int
    counted: bool = Field(description="False when a retry inside the last view's window reused it")


def wants_json(accept: str | None) -> bool:
    """True when the caller asked for JSON rather than to be sent to the file."""
    return "application/json" in (accept or "").lower()


class LinkStatus(BaseModel):
    """A download link before it is used: what the download page shows. Reading it counts no view."""

    file_name: str
    size: int = Field(description="Bytes")
    max_views: int
    views_left: int
    expires_at: str = Field(description="When the link stops working and its file is removed (UTC)")
    reusable_until: str | None = Field(
        default=None,
        description="While the window of the last view is open, downloading again counts no view (UTC)",
    )


def link_status(status: LinkState) -> LinkStatus:
    return LinkStatus(
        file_name=status.link.file_name,
        size=status.size,
        max_views=status.link.max_views,
        views_left=status.views_left,
        expires_at=_iso(status.link.expires_at),
        reusable_until=_iso(status.window_until) if status.window_until else None,
    )


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")
