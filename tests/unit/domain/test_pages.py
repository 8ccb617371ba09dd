from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digitization.domain.pages import count_pages, format_pages, merge_ranges, parse_pages


def test_parses_ranges_and_single_pages() -> None:
    assert parse_pages("15-20, 35-40,7") == [(15, 20), (35, 40), (7, 7)]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("abc", "not a page"),
        ("20-15", "ends before it starts"),
        ("0-3", "start at 1"),
        ("1-2,,3", "not a page"),
        ("5-230", r"past the last page \(220\)"),
    ],
)
def test_refuses_bad_ranges_naming_the_part(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_pages(text, total_pages=220)


def test_last_page_itself_is_allowed() -> None:
    assert parse_pages("220", total_pages=220) == [(220, 220)]


def test_union_counts_a_page_once() -> None:
    # The seed's example: 15-20 and 40-60 are 27 pages; 35-40 overlaps 40-60 at page 40.
    assert count_pages([(15, 20), (40, 60)]) == 27
    assert count_pages([(15, 20), (35, 40), (40, 60)]) == 6 + 26


def test_adjacent_ranges_merge() -> None:
    assert merge_ranges([(5, 9), (1, 4), (12, 12)]) == [(1, 9), (12, 12)]


def test_format_is_canonical() -> None:
    assert format_pages(parse_pages(" 15 - 20 ,7")) == "15-20,7"


ranges = st.lists(
    st.tuples(st.integers(1, 300), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])), max_size=12
)


@given(ranges)
def test_union_count_equals_the_set_of_pages(given_ranges: list[tuple[int, int]]) -> None:
    pages = {page for start, end in given_ranges for page in range(start, end + 1)}
    assert count_pages(given_ranges) == len(pages)


@given(ranges)
def test_merged_ranges_are_sorted_and_disjoint(given_ranges: list[tuple[int, int]]) -> None:
    merged = merge_ranges(given_ranges)
    assert all(a_end + 1 < b_start for (_, a_end), (b_start, _) in itertools.pairwise(merged))
    assert count_pages(merged) == count_pages(given_ranges)
