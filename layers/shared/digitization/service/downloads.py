"""``GET /downloads/{token}``: count a view atomically and hand out a short-lived presigned GET."""

from __future__ import annotations

import re
from dataclasses import dataclass

from digitization import storage
from digitization.auth import Caller
from digitization.clock import epoch
from digitization.data.repositories import repositories
from digitization.domain.links import Link, LinkState, Outcome
from digitization.errors import LinkExpired, LinkUsedUp, NotFound
from digitization.observability import count, logger

NO_WINDOW_URL_SECONDS = 60
#: Tokens are 256 random bits, URL-safe base64 (``domain.links.new_token``); anything else is no link.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")


@dataclass(frozen=True)
class Grant:
    url: str
    counted: bool
    views_left: int


def download(caller: Caller, token: str) -> Grant:
    """One conditional update decides: counted (new window), reused (same window), or refused."""
    now = epoch()
    if not TOKEN.fullmatch(token):
        raise NotFound("no such download link for you", field="token")
    outcome, link = repositories().links.view(token, caller.username, now)
    if outcome is Outcome.NOT_FOUND or link is None:
        raise NotFound("no such download link for you", field="token")
    if outcome in (Outcome.EXPIRED, Outcome.EXHAUSTED):
        count("DownloadRefused")
    if outcome is Outcome.EXPIRED:
        raise _expired()
    if outcome is Outcome.EXHAUSTED:
        raise _used_up(link)
    seconds = max(link.window_until - now, 1) if link.reuse_seconds else NO_WINDOW_URL_SECONDS
    url = storage.presigned_download(link.key, link.file_name, seconds=seconds)
    if outcome is Outcome.COUNTED:
        count("DownloadCounted")
        if link.views >= link.max_views:  # the last view: the object goes once its window has passed
            _schedule_removal(token, link.key, max(link.window_until, now) + NO_WINDOW_URL_SECONDS)
    return Grant(url=url, counted=outcome is Outcome.COUNTED, views_left=max(link.max_views - link.views, 0))


def status(caller: Caller, token: str) -> LinkState:
    """What ``GET /downloads/{token}`` would hand out, read-only: for the download page, which mail scanners
    and link previews open too, so opening it must never use a view."""
    now = epoch()
    link = repositories().links.get(token) if TOKEN.fullmatch(token) else None
    if link is None or link.requester != caller.username:
        raise NotFound("no such download link for you", field="token")
    if link.expires_at <= now:
        raise _expired()
    window = link.window_until if link.window_until > now else None
    views_left = max(link.max_views - link.views, 0)
    if views_left == 0 and window is None:
        raise _used_up(link)
    size = storage.size_of(link.key)
    if size is None:  # removed by the cleanup or the lifecycle, whatever the record says
        raise _expired()
    return LinkState(link=link, size=size, views_left=views_left, window_until=window)


def _expired() -> LinkExpired:
    return LinkExpired("this download link has expired and its file was removed", field="token")


def _used_up(link: Link) -> LinkUsedUp:
    times = "once" if link.max_views == 1 else f"its {link.max_views} times"
    return LinkUsedUp(f"this download link has been used {times}", field="token")


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
