"""Page ranges such as ``15-20,35-40``: parsing, validation and union counting."""

from __future__ import annotations

import re
from collections.abc import Iterable

PageRange = tuple[int, int]

_PART = re.compile(r"^\s*(\d+)\s*(?:[-\u2013]\s*(\d+))?\s*$")


def parse_pages(text: str, total_pages: int | None = None) -> list[PageRange]:
    """Parse ``"15-20,35-40"`` or ``"7"`` into ranges; ValueError naming the bad part.

    Ranges must start at 1 or later, not run backwards, and stay within ``total_pages`` when known.
    """
    if not text or not text.strip():
        raise ValueError("page ranges are empty; use e.g. 15-20,35-40")
    ranges: list[PageRange] = []
    for part in text.split(","):
        match = _PART.match(part)
        if not match:
            raise ValueError(f"{part.strip()!r} is not a page or a page range such as 15-20")
        start = int(match.group(1))
        end = int(match.group(2) or start)
        if start < 1:
            raise ValueError(f"{part.strip()!r}: pages start at 1")
        if end < start:
            raise ValueError(f"{part.strip()!r}: the range ends before it starts")
        if total_pages is not None and end > total_pages:
            raise ValueError(f"{part.strip()!r} goes past the last page ({total_pages})")
        ranges.append((start, end))
    return ranges


def merge_ranges(ranges: Iterable[PageRange]) -> list[PageRange]:
    """Merge overlapping and adjacent ranges into a sorted, disjoint list."""
    merged: list[PageRange] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def count_pages(ranges: Iterable[PageRange]) -> int:
    """Number of distinct pages in the union of ``ranges`` (a page requested twice counts once)."""
    return sum(end - start + 1 for start, end in merge_ranges(ranges))


def format_pages(ranges: Iterable[PageRange]) -> str:
    """The canonical text of ranges: ``15-20,35`` (as given, not merged)."""
    return ",".join(f"{start}-{end}" if end != start else str(start) for start, end in ranges)
