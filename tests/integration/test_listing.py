"""GET /requests: filters by key query, pagination, patrons' own lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.conftest import Invoke, requester_of

NewRequest = Callable[..., dict[str, Any]]


def ids(reply: Any) -> set[str]:
    return {r["id"] for r in reply.body["items"]}


@pytest.fixture
def catalogue(call: Invoke, new_request: NewRequest) -> dict[str, str]:
    """Five requests across materials, requesters and statuses."""
    made = {
        "book_isbn10": new_request(user="patron1")["id"],
        "book_isbn13": new_request(
            user="operator1", requester=requester_of("patron2"), item={"isbn": "9781861894113"}
        )["id"],
        "other_book": new_request(item={"mms_id": "995555", "isbn": "0-306-40615-2", "title": "Another"})[
            "id"
        ],
        "journal_v1_i2": new_request(
            item={
                "mms_id": "992001",
                "isbn": None,
                "issn": "0317-8471",
                "volume": "1",
                "issue": "2",
                "title": "J",
            },
            request_type="staff_digitization",
            course=None,
        )["id"],
        "journal_v1_i3": new_request(
            item={
                "mms_id": "992001",
                "isbn": None,
                "issn": "03178471",
                "volume": "1",
                "issue": "3",
                "title": "J",
            },
            request_type="staff_digitization",
            course=None,
        )["id"],
    }
    call("scan_in", "scan_in/at_digi_main", path_params={"id": made["other_book"]})
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"isbn": "1-86189-411-2"}, {"book_isbn10", "book_isbn13"}),
        ({"isbn": "978-1-86189-411-3"}, {"book_isbn10", "book_isbn13"}),
        ({"mms_id": "992001"}, {"journal_v1_i2", "journal_v1_i3"}),
        ({"issn": "0317-8471"}, {"journal_v1_i2", "journal_v1_i3"}),
        ({"issn": "0317-8471", "volume": "1", "issue": "3"}, {"journal_v1_i3"}),
        ({"requester": "patron2"}, {"book_isbn13"}),
        ({"status": "DIGITIZATION"}, {"other_book"}),
        ({"department": "DIGI-MAIN"}, {"other_book"}),
        ({"status": "IN_TRANSIT", "mms_id": "991234"}, {"book_isbn10", "book_isbn13"}),
        ({}, {"book_isbn10", "book_isbn13", "other_book", "journal_v1_i2", "journal_v1_i3"}),
    ],
)
def test_filters(call: Invoke, catalogue: dict[str, str], query: dict[str, str], expected: set[str]) -> None:
    reply = call("list_requests", "list_requests/by_status", query=query or None)
    assert reply.status == 200
    assert ids(reply) == {catalogue[name] for name in expected}


def test_newest_first_and_pagination(call: Invoke, catalogue: dict[str, str]) -> None:
    seen: list[str] = []
    token: str | None = None
    for _ in range(10):
        query = {"limit": "2", **({"next_token": token} if token else {})}
        reply = call("list_requests", "list_requests/by_status", query=query)
        assert len(reply.body["items"]) <= 2
        seen += [r["id"] for r in reply.body["items"]]
        created = [r["created_at"] for r in reply.body["items"]]
        assert created == sorted(created, reverse=True)
        token = reply.body["next_token"]
        if not token:
            break
    assert sorted(seen) == sorted(catalogue.values())


def test_patron_sees_only_their_own(call: Invoke, catalogue: dict[str, str]) -> None:
    reply = call("list_requests", "list_requests/by_status", user="patron2", query={"requester": "patron1"})
    assert ids(reply) == {catalogue["book_isbn13"]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"isbn": "12345"}, "isbn"),
        ({"issn": "1234-5678"}, "issn"),
        ({"volume": "1"}, "issn"),
        ({"status": "LOST"}, "status"),
        ({"limit": "0"}, "limit"),
        ({"next_token": "!!!"}, "next_token"),
    ],
)
def test_bad_filters_name_the_field(call: Invoke, query: dict[str, str], field: str) -> None:
    reply = call("list_requests", "list_requests/by_status", query=query)
    assert reply.status == 422
    assert reply.body["error"]["field"] == field


def test_a_tampered_next_token_is_a_422(call: Invoke, catalogue: dict[str, str]) -> None:
    import base64
    import json

    forged = base64.urlsafe_b64encode(json.dumps({"nope": {"S": "x"}}).encode()).decode()
    reply = call("list_requests", "list_requests/by_status", query={"next_token": forged})
    assert reply.status == 422
    assert reply.body["error"]["field"] == "next_token"
