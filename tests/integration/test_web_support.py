"""What the web app needs of the API: finding titles, the download link's status, scan-in by barcode,
letters that open the web app, and CORS for the web app's origin (moto, handlers, events)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import pytest
from moto.ses.models import ses_backends

from digitization.data.repositories import repositories
from local_stack.resources import Stack
from tests.integration.conftest import Invoke, catalogue
from tests.integration.delivering import install_rule, upload

NewRequest = Callable[..., dict[str, Any]]
JOURNAL = {
    "mms_id": "992001",
    "title": "Journal of Design History",
    "issn": "0952-4649",
    "material_type": "journal",
    "volume": "36",
    "issue": "2",
    "publication_year": 2023,
}


def find(call: Invoke, text: str, user: str = "patron1", **query: str) -> Any:
    reply = call("catalogue", "catalogue/find_titles", user=user, query={"find": text, **query})
    assert reply.status == 200, reply.body
    return [match["mms_id"] for match in reply.body["items"]]


# -- finding titles ------------------------------------------------------------------------------


def test_a_patron_finds_titles_by_word_beginnings_isbn_issn_and_mms_id(
    aws: Stack, call: Invoke, spec_title: dict[str, Any]
) -> None:
    # Given the SPEC's book (with its physical copy) and a journal issue in the catalogue
    catalogue(call, JOURNAL)
    # Then beginnings of title words, in any order and case, find the title
    assert find(call, "orn") == ["991234"]
    assert find(call, "CRIME ornam") == ["991234"]
    assert find(call, "Ornament and Crime") == ["991234"]
    assert find(call, "design hist") == ["992001"]
    # And every word must begin a word of the title
    assert find(call, "ornament history") == []
    # And identifiers find it in either form
    assert find(call, "1-86189-411-2") == ["991234"], "ISBN-10"
    assert find(call, "9781861894113") == ["991234"], "ISBN-13"
    assert find(call, "0952-4649") == ["992001"], "ISSN"
    assert find(call, "991234") == ["991234"], "MMS ID"
    assert find(call, "nothing like it") == []


def test_a_found_title_carries_its_facts_and_copies(
    aws: Stack, call: Invoke, spec_title: dict[str, Any]
) -> None:
    reply = call("catalogue", "catalogue/find_titles", user="patron1", query={"find": "ornament"})
    (match,) = reply.body["items"]
    assert match["title"] == "Ornament and Crime"
    assert match["isbn"] == "9781861894113"
    assert match["total_pages"] == 220
    assert [copy["barcode"] for copy in match["copies"]] == ["B0001"]
    assert match["available_in_electronic"] is False


def test_recataloguing_a_title_drops_the_words_it_no_longer_has(
    aws: Stack, call: Invoke, spec_title: dict[str, Any]
) -> None:
    # When the title is catalogued again under another name
    renamed = {k: v for k, v in spec_title.items() if k in {"isbn", "publisher", "total_pages"}}
    reply = call(
        "catalogue",
        "catalogue/put_title",
        user="admin1",
        body={**renamed, "title": "Ornamentation Essays"},
        path_params={"mms_id": "991234"},
    )
    assert reply.status == 200, reply.body
    # Then the old word no longer finds it, the new one does, and the word both share still does
    assert find(call, "crime") == []
    assert find(call, "essays") == ["991234"]
    assert find(call, "ornament") == ["991234"]
    stale = repositories().catalogue.candidates("WORD#crime")
    assert stale == [], "the stale find key was deleted in the title's transaction"


def test_find_is_bounded_and_validated(aws: Stack, call: Invoke, spec_title: dict[str, Any]) -> None:
    assert call("catalogue", "catalogue/find_titles", user="patron1", query={"find": ""}).status == 422
    too_many = call(
        "catalogue", "catalogue/find_titles", user="patron1", query={"find": "orn", "limit": "26"}
    )
    assert too_many.status == 422
    assert too_many.body["error"]["field"] == "limit"
    assert call("catalogue", "catalogue/find_titles", user=None, query={"find": "orn"}).status == 401


# -- the download link's status ------------------------------------------------------------------


@pytest.fixture
def make_link(aws: Stack, call: Invoke, at_delivery: Callable[[], str]) -> Callable[[], str]:
    def _make() -> str:
        install_rule("document_delivery_link", max_views=2)
        rid = at_delivery()
        upload(aws, call, rid, "chapter-3.pdf", b"%PDF-1.4 chapter three")
        delivered = call("deliver", "deliver/as_the_rule_says", path_params={"id": rid})
        assert delivered.status == 200, delivered.body
        token: str = delivered.body["delivery"]["link_token"]
        return token

    return _make


@pytest.fixture
def delivered_link(make_link: Callable[[], str]) -> str:
    return make_link()


def status(call: Invoke, token: str, user: str = "patron1") -> Any:
    return call("downloads", "downloads/status", user=user, path_params={"token": token})


def download(call: Invoke, token: str) -> Any:
    return call(
        "downloads",
        "downloads/patron",
        user="patron1",
        path_params={"token": token},
        headers={"Accept": "application/json"},
    )


def test_status_shows_the_file_and_counts_nothing(aws: Stack, call: Invoke, delivered_link: str) -> None:
    # When the download page is opened three times (a mail scanner, a preview, the patron)
    for _ in range(3):
        seen = status(call, delivered_link)
        assert seen.status == 200, seen.body
    # Then it shows the file, the views and the expiry, and no view was used
    assert seen.body["file_name"] == "chapter-3.pdf"
    assert seen.body["size"] == len(b"%PDF-1.4 chapter three")
    assert seen.body["views_left"] == seen.body["max_views"] == 2
    assert seen.body["expires_at"].endswith("Z")
    assert seen.headers["Cache-Control"] == "no-store"
    link = repositories().links.get(delivered_link)
    assert link is not None
    assert link.views == 0


def test_status_after_downloads_and_when_used_up(
    aws: Stack, call: Invoke, make_link: Callable[[], str]
) -> None:
    from digitization.domain.settings import SettingsPatch
    from digitization.service import settings as settings_service
    from tests.integration.delivering import ADMIN

    settings_service.change(ADMIN, SettingsPatch.model_validate({"download_reuse_window_seconds": 0}))
    delivered_link = make_link()
    assert download(call, delivered_link).body["views_left"] == 1
    assert status(call, delivered_link).body["views_left"] == 1
    assert download(call, delivered_link).body["views_left"] == 0
    used_up = status(call, delivered_link)
    assert used_up.status == 410
    assert used_up.body["error"]["code"] == "link_used_up"
    assert download(call, delivered_link).body["error"]["code"] == "link_used_up"


def test_status_is_the_requesters_only_and_says_when_expired(
    aws: Stack, call: Invoke, delivered_link: str
) -> None:
    assert status(call, delivered_link, user="patron2").status == 404, "another patron's link is unknown"
    assert status(call, "no-such-token").status == 404
    assert status(call, "x" * 3000).status == 404, "not a token's shape: no lookup at all"
    link = repositories().links.get(delivered_link)
    assert link is not None
    repositories().links.revoke(delivered_link, int(time.time()))
    expired = status(call, delivered_link)
    assert expired.status == 410
    assert expired.body["error"]["code"] == "link_expired"


def test_the_letter_links_to_the_web_apps_download_page(
    aws: Stack, call: Invoke, delivered_link: str
) -> None:
    web_url = os.environ["WEB_URL"]
    assert web_url.startswith("https://")
    bodies = [m.body for m in ses_backends["123456789012"]["us-east-1"].sent_messages if hasattr(m, "body")]
    assert any(f"{web_url}/d/{delivered_link}" in str(body) for body in bodies), bodies


# -- scan-in by barcode --------------------------------------------------------------------------


def test_requests_waiting_for_a_copy_are_found_by_its_barcode(
    aws: Stack, call: Invoke, new_request: NewRequest
) -> None:
    waiting = new_request(user="patron1")["id"]
    scanned = new_request(user="patron1", pages="50-52")["id"]
    assert call("scan_in", "scan_in/at_digi_main", path_params={"id": scanned}).status == 200
    found = call("list_requests", "list_requests/by_barcode", user="operator1")
    assert found.status == 200, found.body
    assert [r["id"] for r in found.body["items"]] == [waiting]
    every = call("list_requests", "list_requests/by_barcode", user="operator1", query={"barcode": "B0001"})
    assert {r["id"] for r in every.body["items"]} == {waiting, scanned}
    none = call("list_requests", "list_requests/by_barcode", user="operator1", query={"barcode": "B9999"})
    assert none.body["items"] == []


# -- CORS for the web app ------------------------------------------------------------------------


def test_answers_name_the_web_apps_origin_only(aws: Stack, call: Invoke, spec_title: dict[str, Any]) -> None:
    web = os.environ["WEB_URL"]
    allowed = call("catalogue", "catalogue/find_titles", user="patron1", headers={"Origin": web})
    assert allowed.headers["Access-Control-Allow-Origin"] == web
    assert "X-Views-Left" in allowed.headers["Access-Control-Expose-Headers"]
    assert allowed.headers["Vary"] == "Origin"
    other = call(
        "catalogue", "catalogue/find_titles", user="patron1", headers={"Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in other.headers
    # The gate's refusals too: the web app reads a 403's message
    refused = call("rules", "rules/list", user="patron1", headers={"Origin": web})
    assert refused.status == 403
    assert refused.headers["Access-Control-Allow-Origin"] == web
