"""Saving a rule checks every clause and names the clause and the problem."""

from __future__ import annotations

from typing import Any

import pytest

from digitization.domain.clauses import ClauseError, Op, validate_clauses
from digitization.domain.presets import PRESETS, preset


def c(name: Any, operator: Any, value: Any = None) -> dict[str, Any]:
    return {"name": name, "operator": operator, "value": value}


def problem(*clauses: dict[str, Any], codes: frozenset[str] | None = None) -> tuple[str, str]:
    with pytest.raises(ClauseError) as caught:
        validate_clauses(list(clauses), codes)
    return caught.value.field, caught.value.message


@pytest.mark.parametrize(
    ("clause", "field", "words"),
    [
        (c("colour", "="), "clauses[0].name", "unknown clause 'colour'"),
        (c("user_group", ">", "x"), "clauses[0].operator", "operator '>' is not allowed"),
        (c("available_in_electronic", "contains", True), "clauses[0].operator", "use one of: ="),
        (c("time_span_in_calendar_years", "=", 1), "clauses[0].operator", "use one of: <, >"),
        (c("articles_in_issue", ">", "ten"), "clauses[0].value", "is a number"),
        (c("articles_in_issue", ">", True), "clauses[0].value", "is a number"),
        (c("articles_in_issue", ">", -1), "clauses[0].value", "cannot be negative"),
        (c("available_in_electronic", "=", "yes"), "clauses[0].value", "true or false"),
        (c("total_copyright_work_percentage", ">", 101), "clauses[0].value", "between 0 and 100"),
        (c("total_copyright_work_percentage", "<", -0.5), "clauses[0].value", "cannot be negative"),
        (
            c("copyright_agency_approval_permission", "in_list", ["digital_approved", "printing_ok"]),
            "clauses[0].value",
            "'printing_ok' is not one of",
        ),
        (
            c("copyright_agency_approval_permission", "in_list", "digital_approved"),
            "clauses[0].value",
            "non-empty list",
        ),
        (c("request_type", "=", "magic_digitization"), "clauses[0].value", "is not one of"),
        (c("patron_status", "in_list", []), "clauses[0].value", "non-empty list"),
        (c("user_group", "=", "  "), "clauses[0].value", "non-empty text"),
        (c("publication_date", "=", "1998"), "clauses[0].value", "is a year"),
        (c("publication_date", ">", {"within_last_years": 5}), "clauses[0].value", "with = or !="),
        (c("publication_date", "=", {"within_last_years": 0}), "clauses[0].value", "at least 1"),
        (c("in_the_same_course", "=", True), "clauses[0].name", "also needs one of"),
        (c("material_required_dates", "=", True), "clauses[0].name", "also needs one of"),
        (
            {"name": "user_group", "operator": "=", "value": "x", "extra": 1},
            "clauses[0].extra",
            "not a clause field",
        ),
    ],
)
def test_bad_clauses_are_named(clause: dict[str, Any], field: str, words: str) -> None:
    got_field, message = problem(clause)
    assert got_field == field
    assert words in message


WRONG_TYPES = [{}, [], ["="], {"op": "="}, 1, 0, 1.5, True, None]


@pytest.mark.parametrize("operator", WRONG_TYPES)
@pytest.mark.parametrize("name", ["user_group", "required_pages", "copyright_previously_approved"])
def test_an_operator_of_the_wrong_type_is_named_never_a_crash(name: str, operator: Any) -> None:
    field, message = problem(c(name, operator, "x"))
    assert field == "clauses[0].operator"
    assert "is not allowed; use one of" in message


@pytest.mark.parametrize("value", [{}, [], [[]], [{}], {"a": 1}, None, "1", True])
@pytest.mark.parametrize(
    ("name", "operator"),
    [
        ("user_group", "="),
        ("user_group", "in_list"),
        ("required_pages", ">"),
        ("publication_date", "="),
        ("available_in_electronic", "="),
        ("request_type", "not_in_list"),
    ],
)
def test_a_value_of_the_wrong_type_is_named_never_a_crash(name: str, operator: str, value: Any) -> None:
    if [name, operator, value] in (["available_in_electronic", "=", True], ["user_group", "=", "1"]):
        assert validate_clauses([c(name, operator, value)])  # well-typed, and fine
        return
    field, _ = problem(c(name, operator, value))
    assert field == "clauses[0].value"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (float("inf"), "is a number"),
        (float("nan"), "is a number"),
        (10**60, "at most 1,000,000"),
        (1_000_001, "at most 1,000,000"),
    ],
)
def test_numbers_dynamodb_could_not_store_are_refused(value: float, words: str) -> None:
    field, message = problem(c("number_of_requests", ">", value))
    assert (field, words in message) == ("clauses[0].value", True)


def test_a_relative_year_is_bounded() -> None:
    assert "at most 9999" in problem(c("publication_date", "=", {"within_last_years": 10**40}))[1]
    assert "whole number" in problem(c("publication_date", "=", {"within_last_years": []}))[1]


def test_second_clause_is_named_by_its_index() -> None:
    assert (
        problem(c("user_group", "=", "staff"), c("required_pages", "in_list", [1]))[0]
        == "clauses[1].operator"
    )


def test_publisher_must_be_in_the_code_table() -> None:
    field, message = problem(c("publisher", "=", "NOPE"), codes=frozenset({"ARIADNE"}))
    assert field == "clauses[0].value"
    assert "Copyright Publishers" in message
    assert validate_clauses([c("publisher", "=", "ariadne")], frozenset({"ARIADNE"}))[0].value == "ariadne"
    assert validate_clauses([c("publisher", "contains", "any text")], frozenset())[0].operator is Op.CONTAINS


def test_filters_with_a_prerequisite_are_fine_and_ignored_values_are_dropped() -> None:
    clauses = validate_clauses(
        [
            c("in_the_same_course", "=", True),
            c("chapter_already_requested", "=", True),
            c("copyright_previously_approved", "=", "whatever"),
        ]
    )
    assert [cl.name for cl in clauses] == [
        "in_the_same_course",
        "chapter_already_requested",
        "copyright_previously_approved",
    ]
    assert clauses[2].value is None


def test_is_empty_needs_no_value() -> None:
    assert validate_clauses([c("user_group", "is_empty")])[0].value is None


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_are_valid_rules(name: str) -> None:
    body = preset(name)
    assert body is not None
    assert validate_clauses(body.clauses)
