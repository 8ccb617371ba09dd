"""The one definition of what counts against CONTU and the CLA licence (SPEC §11)."""

from __future__ import annotations

import pytest

from digitization.domain.compliance import ClaUse, cla_use, in_contu_window


@pytest.mark.parametrize(
    ("published", "requested", "inside"),
    [(2021, 2026, True), (2020, 2026, False), (2026, 2026, True), (2027, 2026, True), (None, 2026, False)],
)
def test_the_contu_window(published: int | None, requested: int, inside: bool) -> None:
    assert in_contu_window(published, requested) is inside


def test_pages_are_the_union_and_chapters_distinct() -> None:
    parts = [
        {"pages": "15-20", "chapters": ["3"]},
        {"pages": "18-30,30", "chapters": ["3", "4"]},
    ]
    assert cla_use(parts, 220, journal_issue=False) == ClaUse(16, 7.27, 2, False)


@pytest.mark.parametrize(
    ("parts", "total", "over"),
    [
        ([{"pages": "1-23", "chapters": ["1", "2"]}], 220, True),  # 10.45% and two chapters: beyond both
        ([{"pages": "1-22", "chapters": ["1", "2"]}], 220, False),  # exactly 10%: within
        ([{"pages": "1-100", "chapters": ["1"]}], 220, False),  # one chapter, however long: within
        ([{"pages": None, "chapters": ["1", "2"]}], None, True),  # length unknown: 10% cannot be shown
    ],
)
def test_the_limit_is_the_greater_of_ten_percent_and_one_chapter(
    parts: list[dict[str, object]], total: int | None, over: bool
) -> None:
    assert cla_use(parts, total, journal_issue=False).over_limit is over


def test_a_journal_issue_counts_its_articles() -> None:
    parts = [{"pages": "1-10", "article": "First"}, {"pages": "11-20", "article": " first "}]
    assert cla_use(parts, 120, journal_issue=True).chapters == 1, "the same article twice is one"
