"""The download link at the HTTP edge: a browser follows a 302; a script or the web app may ask for JSON."""

from __future__ import annotations

from pydantic import BaseModel, Field


class DownloadGrant(BaseModel):
    """One view granted (or the window of the last one reused): where the file is, for a short while."""

    url: str = Field(description="A short-lived presigned GET of the file")
    views_left: int
    counted: bool = Field(description="False when a retry inside the last view's window reused it")


def wants_json(accept: str | None) -> bool:
    """True when the caller asked for JSON rather than to be sent to the file."""
    return "application/json" in (accept or "").lower()
