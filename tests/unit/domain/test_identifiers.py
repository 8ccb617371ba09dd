from __future__ import annotations

import pytest

from digitization.domain.identifiers import normalize_isbn, normalize_issn


def test_isbn10_and_isbn13_of_one_book_are_one_key() -> None:
    assert normalize_isbn("1-86189-411-2") == normalize_isbn("978-1-86189-411-3") == "9781861894113"


def test_isbn_ignores_spaces_and_hyphens() -> None:
    assert normalize_isbn("978 1861894113") == "9781861894113"


@pytest.mark.parametrize("bad", ["1-86189-411-3", "123", "978-1-86189-411-0", "abcdefghij"])
def test_invalid_isbn_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid ISBN"):
        normalize_isbn(bad)


def test_issn_is_formatted() -> None:
    assert normalize_issn("03178471") == "0317-8471"
    assert normalize_issn("0317-8471") == "0317-8471"


def test_invalid_issn_is_refused() -> None:
    with pytest.raises(ValueError, match="not a valid ISSN"):
        normalize_issn("0317-8472")
