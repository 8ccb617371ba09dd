"""Letter wording: placeholders checked and filled, language sections with fallback, HTML escaped."""

from __future__ import annotations

from typing import Any

import pytest

from digitization.domain import lifecycle
from digitization.domain.facts import language_tag
from digitization.domain.letter_templates import (
    DEFAULTS,
    PLACEHOLDERS,
    LetterTemplate,
    check_template,
    fill,
    placeholders_in,
    render,
    values,
)
from digitization.domain.problems import FieldProblem
from digitization.domain.requests import LetterKind, NewRequest, Request


@pytest.fixture
def request_(create_body: dict[str, Any]) -> Request:
    return lifecycle.open_request(NewRequest.model_validate(create_body), created_by="patron1")


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_shipped_wording_passes_its_own_check(kind: LetterKind) -> None:
    shipped = DEFAULTS[kind]
    assert check_template(kind, shipped.subject, shipped.text) == shipped
    assert set(placeholders_in(shipped.text)) <= {p.value for p in PLACEHOLDERS[kind]}


@pytest.mark.parametrize(
    ("kind", "subject", "text", "field", "words"),
    [
        (LetterKind.APPROVED, "Approved", "Dear {patron}", "text", "unknown placeholder {patron}"),
        (LetterKind.APPROVED, "Approved", "Your copy: {link}", "text", "unknown placeholder {link}"),
        (LetterKind.APPROVED, "About { title }", "Hello", "subject", "unknown placeholder { title }"),
        (LetterKind.APPROVED, "Approved", "<b>Approved</b>", "text", "HTML"),
        (LetterKind.APPROVED, "Two\nlines", "Hello", "subject", "one line"),
        (LetterKind.APPROVED, " ", "Hello", "subject", "empty"),
        (LetterKind.DELIVERED_LINK, "Ready", "Your copy is ready.", "text", "must contain {link}"),
        (LetterKind.DELIVERED_LINK, "Ready", "Here: {link}\n--fr--\nVoilà.", "text", "--fr-- section must"),
        (LetterKind.REJECTED, "No", "Why: {reason}\n--fr--\n", "text", "--fr-- section is empty"),
    ],
)
def test_bad_wording_is_refused_naming_the_field(
    kind: LetterKind, subject: str, text: str, field: str, words: str
) -> None:
    with pytest.raises(FieldProblem) as caught:
        check_template(kind, subject, text)
    assert caught.value.field == field
    assert words in caught.value.message


def test_braces_are_written_doubled_and_values_are_never_read_as_placeholders() -> None:
    checked = check_template(LetterKind.APPROVED, "Approved", "{{title}} is {title}")
    assert fill(checked.text, {"title": "{reason} <b>"}) == "{title} is {reason} <b>"


def test_a_letter_in_the_requesters_language_with_fallback(request_: Request) -> None:
    wording = LetterTemplate(
        subject="Ready: {title}\n--fr--\nPrête : {title}",
        text="Download {what}: {link}\n--fr--\nTéléchargez {what} : {link}",
    )
    given = values(request_, {"link": "https://web/d/tok"}, "fr-ca")
    french = render(wording, "fr-ca", given)
    assert (french.subject, french.language) == ("Prête : Ornament and Crime", "fr")
    assert french.plain == "Téléchargez “Ornament and Crime” (pages 35-40) : https://web/d/tok"
    for language in (None, "de"):
        other = render(wording, language, given)
        assert (other.subject, other.language) == ("Ready: Ornament and Crime", None)


def test_the_html_part_escapes_every_value(request_: Request) -> None:
    reason = '<script>alert("x")</script> & more'
    given = values(request_, {"reason": reason, "note": None}, None)
    letter = render(DEFAULTS[LetterKind.REJECTED], None, given)
    assert f"Reason: {reason}" in letter.plain
    assert "<script>" not in letter.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in letter.html
    assert "\n\n\n" not in letter.plain, "an empty note leaves no hole"
    assert letter.plain.endswith("The library's digitization service")


def test_values_of_a_link_letter_and_an_expiry(request_: Request) -> None:
    link = values(request_, {"link": "L", "max_views": 3, "expires_on": "2026-12-30"}, "en")
    assert (link["link"], link["views"], link["expires"], link["part"]) == (
        "L",
        "3",
        "2026-12-30",
        "pages 35-40",
    )
    expired = render(
        DEFAULTS[LetterKind.EXPIRED], "fr", values(request_, {"expiration_date": "2026-01-31"}, "fr")
    )
    assert "(2026-01-31)" in expired.plain
    assert expired.subject == "Votre demande de numérisation a expiré"


@pytest.mark.parametrize(
    ("locale", "tag"),
    [("fr", "fr"), ("fr_CA", "fr-ca"), (" FR-ca ", "fr-ca"), ("", None), (None, None), ("français", None)],
)
def test_the_directory_locale_becomes_a_language_tag(locale: str | None, tag: str | None) -> None:
    assert language_tag(locale) == tag
