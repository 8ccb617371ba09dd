"""Copyright declarations: the forms, language sections with fallback, HTML refused."""

from __future__ import annotations

import pytest

from digitization.domain.declarations import (
    FORMS,
    DeclarationForm,
    accepted_languages,
    check_text,
    form_for,
    languages_of,
    localize,
    sections,
)
from digitization.domain.problems import FieldProblem

TEXT = """For private study only.
--fr--
Pour étude privée seulement.
--de--
Nur zum privaten Studium.
--pt-br--
Somente para estudo privado.
"""


def test_five_forms_with_file_names_and_default_texts() -> None:
    assert {info.file_name for info in FORMS.values()} == {
        "DigitizationRequestCopyrightDeclaration.html",
        "resourceSharingCopyrights.html",
        "LegantoDigitizationRequestCopyrightDeclaration.html",
        "copyrights1.html",
        "copyrights2.html",
    }
    for info in FORMS.values():
        assert check_text(info.default_text) == info.default_text


def test_a_form_by_code_or_file_name() -> None:
    assert form_for("copyrights_1") is DeclarationForm.COPYRIGHTS_1
    assert form_for("Copyrights1.HTML") is DeclarationForm.COPYRIGHTS_1
    assert form_for("resourceSharingCopyrights.html") is DeclarationForm.RESOURCE_SHARING
    assert form_for("copyrights3.html") is None


def test_sections() -> None:
    assert sections(TEXT) == {
        None: "For private study only.",
        "fr": "Pour étude privée seulement.",
        "de": "Nur zum privaten Studium.",
        "pt-br": "Somente para estudo privado.",
    }
    assert languages_of(TEXT) == ["fr", "de", "pt-br"]
    assert sections("One language only") == {None: "One language only"}
    assert sections("an em dash -- in --fr-- the middle") == {None: "an em dash -- in --fr-- the middle"}, (
        "a marker starts a line"
    )


@pytest.mark.parametrize(
    ("header", "language", "start"),
    [
        ("fr", "fr", "Pour"),
        ("fr-CA,fr;q=0.9", "fr", "Pour"),
        ("it, de;q=0.5, fr;q=0.8", "fr", "Pour"),
        ("pt", "pt-br", "Somente"),
        ("pt-BR", "pt-br", "Somente"),
        ("ja", None, "For"),
        ("", None, "For"),
        ("*", None, "For"),
        ("fr;q=0, de", "de", "Nur"),
    ],
)
def test_language_with_fallback(header: str, language: str | None, start: str) -> None:
    shown = localize(TEXT, accepted_languages(header))
    assert shown.language == language
    assert shown.text.startswith(start)


def test_fallback_without_a_default_section() -> None:
    text = "--de--\nDeutsch\n--en--\nEnglish\n"
    assert localize(text, ["ja"]).language == "en"
    assert localize("--de--\nDeutsch\n--fr--\nFrançais", ["ja"]).language == "de", "then the first section"


def test_accept_language_order() -> None:
    assert accepted_languages("da, en-gb;q=0.8, en;q=0.7") == ["da", "en-gb", "en"]
    assert accepted_languages("en;q=0.5, fr") == ["fr", "en"]
    assert accepted_languages("en;q=bogus, fr") == ["fr"]
    assert accepted_languages(None) == []


@pytest.mark.parametrize(
    "text",
    [
        "Read <b>this</b>",
        "<p>para</p>",
        "line<br/>break",
        "line<br>break",
        '<a href="x">link</a>',
        "<!-- comment -->",
        "<script>alert(1)</script>",
        "<IMG SRC=x>",
        "write to <librarian> first",
    ],
)
def test_html_is_refused(text: str) -> None:
    with pytest.raises(FieldProblem, match="HTML") as caught:
        check_text(text)
    assert caught.value.field == "text"


@pytest.mark.parametrize("text", ["a < b and c > d", "Section 108 <= fair use", "x<3", "1 <2> 3"])
def test_angle_brackets_that_are_not_tags_pass(text: str) -> None:
    assert check_text(text) == text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("   ", "empty"),
        ("Hello\n--fr--\n\n--de--\nHallo", "--fr-- section is empty"),
        ("Hello\n--fr--\nSalut\n--FR--\nBonjour", "appears twice"),
        ("x" * 20_001, "longer than"),
    ],
)
def test_bad_texts(text: str, words: str) -> None:
    with pytest.raises(FieldProblem, match=words):
        check_text(text)
