"""Why a download was refused, from the link as it was."""

from __future__ import annotations

from digitization.domain.links import Link, Outcome, refusal

NOW = 1_800_000_000


def link(**changes: object) -> Link:
    values: dict[str, object] = {
        "token": "t",
        "request_id": "r",
        "requester": "patron1",
        "key": "k",
        "file_name": "a.pdf",
        "max_views": 5,
        "views": 5,
        "expires_at": NOW + 3600,
        "created_at": "2026-11-30T00:00:00.000Z",
    }
    return Link.model_validate(values | changes)


def test_inside_an_open_window_the_last_view_is_reused() -> None:
    assert refusal(link(reuse_seconds=600, window_until=NOW + 10), "patron1", NOW) is Outcome.REUSED


def test_without_a_window_a_call_that_read_the_clock_a_second_early_is_refused_not_reused() -> None:
    # Given the fifth view counted at NOW + 1 with the window off (window_until is that view's time)
    used_up = link(reuse_seconds=0, window_until=NOW + 1)
    # When a racing call that read the clock at NOW finds no view left
    # Then it is exhausted, never a free reuse
    assert refusal(used_up, "patron1", NOW) is Outcome.EXHAUSTED


def test_someone_else_or_an_expired_link() -> None:
    assert refusal(link(), "patron2", NOW) is Outcome.NOT_FOUND
    assert refusal(link(expires_at=NOW), "patron1", NOW) is Outcome.EXPIRED
    assert refusal(None, "patron1", NOW) is Outcome.NOT_FOUND
