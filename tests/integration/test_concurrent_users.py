"""Concurrent User: N seats per rule of a representation, claimed with conditional writes (moto)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from digitization.auth import Caller, Role
from digitization.clock import clock
from digitization.patrons import Patron
from digitization.service import representations as service
from tests.integration.conftest import Invoke
from tests.integration.digital_objects import add_policy, add_representation

SEATS = 3
MINUTES = 30
RULE_ID = "three-readers"


def patron(name: str) -> Patron:
    return Patron(
        caller=Caller(username=name, email=None, roles=frozenset({Role.PATRON})),
        user_group=None,
        leganto_user=False,
        source_ip="10.0.0.7",
    )


def no_dns(ip: str) -> str | None:
    return None


@pytest.fixture
def limited(aws: Any, call: Invoke) -> str:
    """A representation three readers may view at once (then denied by the default rule)."""
    three = {"name": "concurrent_user", "operator": "=", "value": {"users": SEATS, "minutes": MINUTES}}
    policy = add_policy(
        call,
        name="Three at a time",
        copyright_declaration=None,
        obtrusive=False,
        rules=[
            {"id": RULE_ID, "name": "Three readers", "parameters": [three], "output": {"access": "allow"}}
        ],
    )
    return add_representation(policy["id"]).id


def race(representation_id: str, names: list[str]) -> dict[str, bool]:
    """Every viewer opens the representation at the same moment; who got in."""
    barrier = threading.Barrier(len(names), timeout=30)

    def open_it(name: str) -> tuple[str, bool]:
        barrier.wait()
        return name, service.view(patron(name), representation_id, resolver=no_dns).access.allowed

    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        return dict(pool.map(open_it, names))


def seats_held(representation_id: str) -> dict[int, str]:
    from digitization.data.repositories import repositories

    now = int(datetime.now(UTC).timestamp())
    return repositories().viewing.live_seats(representation_id, RULE_ID, now)


def test_twenty_racing_viewers_three_get_in(limited: str) -> None:
    outcome = race(limited, [f"reader{i:02d}" for i in range(20)])
    admitted = sorted(name for name, allowed in outcome.items() if allowed)
    assert len(admitted) == SEATS
    assert sorted(seats_held(limited).values()) == admitted
    assert set(seats_held(limited)) == {0, 1, 2}


def test_one_user_racing_themselves_holds_one_seat(limited: str) -> None:
    outcome = race(limited, ["same"] * 8)
    assert outcome == {"same": True}
    assert list(seats_held(limited).values()) == ["same"]


def test_a_granted_user_keeps_access_while_the_session_lives(limited: str) -> None:
    for name in ("a", "b", "c"):
        assert service.view(patron(name), limited, resolver=no_dns).access.allowed
    assert not service.view(patron("d"), limited, resolver=no_dns).access.allowed, "all seats taken"
    assert service.view(patron("b"), limited, resolver=no_dns).access.allowed, "b holds a seat"
    link = service.file_link(patron("b"), limited, "chapter-3", resolver=no_dns)
    assert link.disposition == "attachment"
    later = datetime.now(UTC) + timedelta(minutes=MINUTES, seconds=1)
    with clock.at(later):
        assert service.view(patron("d"), limited, resolver=no_dns).access.allowed, "the sessions expired"
        assert service.view(patron("e"), limited, resolver=no_dns).access.allowed
        assert service.view(patron("a"), limited, resolver=no_dns).access.allowed, (
            "a's old session ended; a free seat"
        )
        assert not service.view(patron("f"), limited, resolver=no_dns).access.allowed


def test_seats_are_per_representation(aws: Any, limited: str) -> None:
    from digitization.data.repositories import repositories

    policy_id = repositories().representations.get(limited).access_rights_policy_id
    other = add_representation(policy_id).id
    for name in ("a", "b", "c"):
        assert service.view(patron(name), limited, resolver=no_dns).access.allowed
    assert service.view(patron("d"), other, resolver=no_dns).access.allowed
