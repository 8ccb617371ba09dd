"""ISBN and ISSN validation and normalisation (python-stdnum)."""

from __future__ import annotations

from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError as StdnumError


def normalize_isbn(value: str) -> str:
    """Return the ISBN-13 (digits only) of a valid ISBN-10 or ISBN-13; ValueError otherwise.

    ISBN-10 and ISBN-13 of one book give the same key.
    """
    try:
        compact = stdnum_isbn.validate(value)
    except StdnumError as exc:
        raise ValueError(f"{value!r} is not a valid ISBN-10 or ISBN-13 ({exc})") from None
    return str(stdnum_isbn.to_isbn13(compact))


def normalize_issn(value: str) -> str:
    """Return a valid ISSN as ``NNNN-NNNC``; ValueError otherwise."""
    try:
        compact = stdnum_issn.validate(value)
    except StdnumError as exc:
        raise ValueError(f"{value!r} is not a valid ISSN ({exc})") from None
    return str(stdnum_issn.format(compact))


def to_isbn10(isbn13: str) -> str | None:
    """The ISBN-10 of a 978- ISBN-13 (for searching by either form); None when there is none."""
    try:
        return str(stdnum_isbn.to_isbn10(isbn13))
    except StdnumError:
        return None
