"""Two staff acting at once on one request: one wins, the other gets 409 with the current status."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from digitization.auth import Caller, Role
from digitization.data.requests import RequestRepository
from digitization.domain.requests import CancelReason, Request
from digitization.errors import Conflict
from digitization.service import notes as note_service
from digitization.service import requests as service
from tests.integration.conftest import Invoke

OPERATOR = Caller(username="operator1", email=None, roles=frozenset({Role.WORK_ORDER_OPERATOR}))
OTHER_OPERATOR = Caller(username="operator2", email=None, roles=frozenset({Role.WORK_ORDER_OPERATOR}))


@pytest.fixture
def lockstep(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the first two reads wait for each other: both racers act on the same version."""
    barrier = threading.Barrier(2, timeout=10)
    original = RequestRepository.get
    reads = iter(range(2))
    lock = threading.Lock()

    def get(self: RequestRepository, request_id: str) -> Request:
        request = original(self, request_id)
        with lock:
            first_two = next(reads, None) is not None
        if first_two:
            barrier.wait()
        return request

    monkeypatch.setattr(RequestRepository, "get", get)


def race(*actions: Callable[[], Request]) -> list[Request | Conflict]:
    def run(action: Callable[[], Request]) -> Request | Conflict:
        try:
            return action()
        except Conflict as exc:
            return exc

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return list(pool.map(run, actions))


@pytest.fixture
def digitizing(call: Invoke, new_request: Callable[..., dict[str, Any]]) -> str:
    rid: str = new_request()["id"]
    assert call("scan_in", "scan_in/at_digi_main", path_params={"id": rid}).status == 200
    return rid


def test_two_next_steps_one_wins(aws: Any, digitizing: str, lockstep: None) -> None:
    results = race(
        lambda: service.next_step(OPERATOR, digitizing, "DIGI-MAIN"),
        lambda: service.next_step(OTHER_OPERATOR, digitizing, "DIGI-MAIN"),
    )
    winners = [r for r in results if isinstance(r, Request)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1
    assert len(losers) == 1
    assert losers[0].current_status == "DOCUMENT_DELIVERY"
    assert "now DOCUMENT_DELIVERY" in losers[0].message
    stored = service.get_request(OPERATOR, digitizing)
    assert [h.action for h in stored.history].count("next_step") == 1


def test_next_step_against_cancel_leaves_a_consistent_history(
    aws: Any, digitizing: str, lockstep: None
) -> None:
    results = race(
        lambda: service.next_step(OPERATOR, digitizing, "DIGI-MAIN"),
        lambda: service.cancel(OTHER_OPERATOR, digitizing, CancelReason.OTHER, "changed mind"),
    )
    assert sum(isinstance(r, Request) for r in results) == 1
    loser = next(r for r in results if isinstance(r, Conflict))
    stored = service.get_request(OPERATOR, digitizing)
    assert loser.current_status == stored.status
    last = stored.history[-1]
    assert last.from_status == "DIGITIZATION"
    assert last.to_status == stored.status
    assert len(stored.history) == 3


def test_a_note_racing_a_transition_is_not_lost(aws: Any, digitizing: str, lockstep: None) -> None:
    def add_note() -> Request:
        note_service.add(OTHER_OPERATOR, digitizing, "racing note")
        return service.get_request(OPERATOR, digitizing)

    results = race(lambda: service.next_step(OPERATOR, digitizing, "DIGI-MAIN"), add_note)
    assert all(isinstance(r, Request) for r in results), "compatible changes are re-applied, not refused"
    stored = service.get_request(OPERATOR, digitizing)
    assert stored.status == "DOCUMENT_DELIVERY"
    assert [n.text for n in stored.notes] == ["racing note"]
