"""``GET /downloads/{token}``: count a view atomically and hand out a short-lived presigned GET."""

from __future__ import annotations

from dataclasses import dataclass

from digitization import storage
from digitization.auth import Caller
from digitization.clock import epoch
from digitization.data.repositories import repositories
from digitization.domain.links import Outcome
from digitization.errors import Gone, NotFound
from digitization.observability import count, logger

NO_WINDOW_URL_SECONDS = 60


@dataclass(frozen=True)
class Grant:
    url: str
    counted: bool
    views_left: int


def download(caller: Caller, token: str) -> Grant:
    """One conditional update decides: counted (new window), reused (same window), or refused."""
    now = epoch()
    outcome, link = repositories().links.view(token, caller.username, now)
    if outcome is Outcome.NOT_FOUND or link is None:
        raise NotFound("no such download link for you", field="token")
    if outcome is Outcome.EXPIRED:
        raise Gone("this download link has expired and its file was removed", field="token")
    if outcome is Outcome.EXHAUSTED:
        raise Gone(f"this download link has been used its {link.max_views} times", field="token")
    seconds = max(link.window_until - now, 1) if link.reuse_seconds else NO_WINDOW_URL_SECONDS
    url = storage.presigned_download(link.key, link.file_name, seconds=seconds)
    if outcome is Outcome.COUNTED:
        count("DownloadCounted")
        if link.views >= link.max_views:  # the last view: the object goes once its window has passed
            _schedule_removal(token, link.key, max(link.window_until, now) + NO_WINDOW_URL_SECONDS)
    return Grant(url=url, counted=outcome is Outcome.COUNTED, views_left=max(link.max_views - link.views, 0))


def _schedule_removal(token: str, key: str, when: int) -> None:
    """Best effort after the last view: the view is granted whatever happens here.

    The tag lets a lifecycle rule remove the object; the cleanup job removes it at ``when``
    (and at the link's expiry anyway, should this fail).
    """
    try:
        storage.tag_exhausted(key)
        repositories().links.clean_up_at(token, when)
    except Exception:
        logger.exception(
            "could not schedule the removal of an exhausted link's object", extra={"token": token}
        )
