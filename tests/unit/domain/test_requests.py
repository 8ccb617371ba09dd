from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from digitization.clock import today
from digitization.domain.requests import NewRequest, Requester
from digitization.http import describe_validation_error


def problem(body: dict[str, Any]) -> tuple[str | None, str]:
    with pytest.raises(ValidationError) as caught:
        NewRequest.model_validate(body)
    return describe_validation_error(dict(caught.value.errors()[0]))


def test_the_spec_body_is_valid_and_normalised(create_body: dict[str, Any]) -> None:
    request = NewRequest.model_validate(create_body)
    assert request.item.isbn == "9781861894113"
    assert request.pages == "35-40"


def test_issn_is_normalised(create_body: dict[str, Any]) -> None:
    create_body["item"]["issn"] = "03178471"
    assert NewRequest.model_validate(create_body).item.issn == "0317-8471"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda b: b["item"].update(isbn="1-86189-411-3"), "item.isbn", "not a valid ISBN"),
        (lambda b: b["item"].update(issn="1234-5678"), "item.issn", "not a valid ISSN"),
        (lambda b: b.update(pages="300-310"), "pages", "past the last page"),
        (lambda b: b.update(pages="x"), "pages", "not a page"),
        (lambda b: b.update(course=None), "course", "needs its course"),
        (
            lambda b: b.update(date_available_to="2016-01-01"),
            "date_available_to",
            "before date_available_from",
        ),
        (lambda b: b.update(partial=False), "partial", "only for a partial request"),
        (lambda b: b.update(pages=None, chapters=[]), "partial", "names pages, chapters"),
        (lambda b: b["requester"].update(email="not-an-email"), "requester.email", "email"),
        (lambda b: b["requester"].update(status="asleep"), "requester.status", "active"),
        (lambda b: b.update(request_type="magic"), "request_type", "patron_digitization"),
        (lambda b: b["item"].update(total_pages=0), "item.total_pages", "greater than or equal to 1"),
        (
            lambda b: b["item"].update(copyright_agency_permissions=["maybe"]),
            "item.copyright_agency_permissions.0",
            "",
        ),
        (lambda b: b.update(colour="red"), "colour", "not a known field"),
        (lambda b: b.pop("item"), "item", "is required"),
        (lambda b: b["course"].update(end="2015-01-01"), "course.end", "ends before it starts"),
    ],
)
def test_bad_input_names_the_field(create_body: dict[str, Any], change: Any, field: str, words: str) -> None:
    change(create_body)
    got_field, message = problem(create_body)
    assert got_field == field
    assert words in message


def test_expiration_date_in_the_past_is_refused(create_body: dict[str, Any]) -> None:
    create_body["expiration_date"] = (today() - timedelta(days=1)).isoformat()
    assert problem(create_body) == ("expiration_date", "is in the past")


def test_expiration_date_today_is_fine(create_body: dict[str, Any]) -> None:
    create_body["expiration_date"] = today().isoformat()
    assert NewRequest.model_validate(create_body).expiration_date == today()


def test_whole_item_request_needs_no_pages(create_body: dict[str, Any]) -> None:
    create_body.update(partial=False, pages=None, chapters=[])
    assert NewRequest.model_validate(create_body).partial is False


def test_a_requester_email_is_checked_and_normalised_as_pydantic_does() -> None:
    assert Requester(user_id="p1", email="Reader@Example.EDU").email == "Reader@example.edu"
    with pytest.raises(ValidationError) as refused:
        Requester(user_id="p1", email="not an address")
    assert refused.value.errors()[0]["loc"] == ("email",)
