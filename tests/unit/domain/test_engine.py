"""The rules engine, clause by clause, with other requests from an in-memory Material."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digitization.domain import lifecycle
from digitization.domain.clauses import CLAUSE_TYPES, Clause, Kind, Op
from digitization.domain.engine import (
    CHECKS,
    Context,
    Publisher,
    check_rule,
    compare_number,
    compare_text,
    evaluate,
    publisher_code,
)
from digitization.domain.requests import NewRequest, Request, Status, Task, TaskMode, TaskStatus, TaskType
from digitization.domain.rules import Rule, RuleOutput, Target, builtin_default_rule
from local_stack.demo import CREATE_BODY

TODAY = date(2026, 11, 25)


class Shelf:
    """Other requests, found by identifier like the GSIs do."""

    def __init__(self, requests: Sequence[Request]) -> None:
        self.requests = list(requests)
        self.calls: list[str] = []

    def by_isbn(self, isbn: str) -> list[Request]:
        self.calls.append("isbn")
        return [r for r in self.requests if r.item.isbn == isbn]

    def by_issn(self, issn: str) -> list[Request]:
        self.calls.append("issn")
        return [r for r in self.requests if r.item.issn == issn]

    def by_mms_id(self, mms_id: str) -> list[Request]:
        self.calls.append("mms_id")
        return [r for r in self.requests if r.item.mms_id == mms_id]


def make(
    created: str = "2026-11-20T10:00:00.000Z", status: Status = Status.IN_TRANSIT, **changes: Any
) -> Request:
    body = copy.deepcopy(CREATE_BODY)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(body.get(key), dict):
            body[key].update(value)
        else:
            body[key] = value
    request = lifecycle.open_request(NewRequest.model_validate(body), created_by="t")
    return request.model_copy(update={"created_at": created, "status": status})


def rule(*clauses: dict[str, Any], name: str = "r", position: int = 10, enabled: bool = True) -> Rule:
    return Rule(
        id=name,
        name=name,
        position=position,
        enabled=enabled,
        clauses=[Clause.model_validate(c) for c in clauses],
        output=RuleOutput(target=Target.DOCUMENT_DELIVERY_ATTACHMENT),
    )


def holds(
    request: Request,
    *clauses: dict[str, Any],
    others: Sequence[Request] = (),
    publishers: Sequence[Publisher] = (),
) -> bool:
    context = Context(request=request, material=Shelf(others), publishers=publishers, today=TODAY)
    return check_rule(rule(*clauses), context).matched


def c(name: str, operator: str, value: Any = None) -> dict[str, Any]:
    return {"name": name, "operator": operator, "value": value}


def test_every_non_filter_clause_has_a_check() -> None:
    filters = {name for name, t in CLAUSE_TYPES.items() if t.kind is Kind.FILTER}
    assert set(CHECKS) | filters == set(CLAUSE_TYPES)
    assert len(CLAUSE_TYPES) == 22


# --- the seed's worked example (SPEC §4.4) -----------------------------------------------------

EXAMPLE = (
    c("total_copyright_work_percentage", "<", 10),
    c("material_required_dates", "=", True),
    c("request_type", "=", "course_related_digitization"),
    c("copyright_record_related_to_course", "=", True),
)


def existing_approved() -> Request:
    request = make(
        pages="15-20",
        date_available_from="2016-01-01",
        date_available_to="2016-01-30",
        created="2015-12-01T00:00:00.000Z",
    )
    request.tasks.append(
        Task(id="t", type=TaskType.APPROVAL, mode=TaskMode.PARALLEL, status=TaskStatus.APPROVED)
    )
    return request


def test_worked_example_request_1_applies() -> None:
    new = make(pages="35-40", date_available_from="2016-01-10", date_available_to="2016-02-02")
    context = Context(request=new, material=Shelf([existing_approved()]), today=TODAY)
    trace = check_rule(rule(*EXAMPLE), context)
    assert trace.matched
    assert trace.others_considered == 1


def test_worked_example_request_2_does_not_apply() -> None:
    new = make(pages="40-60", date_available_from="2016-01-15", date_available_to="2016-02-03")
    trace = check_rule(
        rule(*EXAMPLE), Context(request=new, material=Shelf([existing_approved()]), today=TODAY)
    )
    assert not trace.matched
    assert [(f.name, f.actual) for f in trace.failed_clauses] == [("total_copyright_work_percentage", 12.27)]


def test_percentage_ignores_requests_outside_the_dates() -> None:
    later = make(pages="40-60", date_available_from="2016-03-01", date_available_to="2016-03-31")
    assert holds(later, *EXAMPLE, others=[existing_approved()]) is True  # 21/220 alone is 9.5%


# --- evaluation clauses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "changes", "expected"),
    [
        (c("articles_in_issue", ">", 10), {"item": {"articles_in_issue": 11}}, True),
        (c("articles_in_issue", ">", 10), {"item": {"articles_in_issue": 10}}, False),
        (c("articles_in_issue", "=", 10), {"item": {"articles_in_issue": 10}}, True),
        (c("articles_in_issue", "!=", 10), {"item": {"articles_in_issue": None}}, False),
        (c("available_in_electronic", "=", True), {"item": {"available_in_electronic": True}}, True),
        (c("available_in_electronic", "=", True), {}, False),
        (c("citation_material_type", "=", "BOOK"), {}, True),
        (c("citation_material_type", "in_list", ["article", "book"]), {}, True),
        (c("citation_material_type", "not_in_list", ["article"]), {}, True),
        (c("citation_material_type", "is_empty"), {"item": {"material_type": None}}, True),
        (c("citation_material_type", "is_not_empty"), {"item": {"material_type": None}}, False),
        (c("citation_material_type", "contains", "oo"), {}, True),
        (c("citation_material_type", "!=", "book"), {"item": {"material_type": None}}, True),
        (
            c("copyright_agency_approval_permission", "in_list", ["digital_approved"]),
            {"item": {"copyright_agency_permissions": ["digital_approved", "scanning_approved"]}},
            True,
        ),
        (
            c("copyright_agency_approval_permission", "in_list", ["digital_approved", "scanning_approved"]),
            {"item": {"copyright_agency_permissions": ["digital_approved"]}},
            False,
        ),
        (c("copyright_agency_approval_permission", "in_list", ["digital_declined"]), {}, False),
        (c("partial_digitization", "=", "true"), {}, True),
        (c("partial_digitization", "=", "false"), {"partial": False, "pages": None, "chapters": []}, True),
        (c("patron_status", "=", "Active"), {}, True),
        (c("patron_status", "in_list", ["inactive"]), {"requester": {"status": "inactive"}}, True),
        (c("publication_date", "<", 2000), {}, True),
        (c("publication_date", ">", 1998), {}, False),
        (c("publication_date", "=", 1998), {}, True),
        # The CONTU window: published in the five years before the request's year, or later.
        (c("publication_date", "=", {"within_last_years": 5}), {"item": {"publication_year": 2021}}, True),
        (c("publication_date", "=", {"within_last_years": 5}), {"item": {"publication_year": 2020}}, False),
        (c("publication_date", "!=", {"within_last_years": 5}), {"item": {"publication_year": 2020}}, True),
        (c("publication_date", "=", {"within_last_years": 5}), {"item": {"publication_year": None}}, False),
        (c("request_type", "=", "course_related_digitization"), {}, True),
        (c("request_type", "not_in_list", ["patron_digitization"]), {}, True),
        (c("required_pages", "=", 6), {}, True),
        (c("required_pages", ">", 6), {"pages": "1-3,3-6"}, False),
        (c("required_pages", "<", 100), {"pages": None, "chapters": ["3"]}, False),
        (c("resource_total_pages", ">", 219), {}, True),
        (c("resource_total_pages", ">", 220), {}, False),
        (c("resource_total_pages", "<", 1000), {"item": {"total_pages": None}}, False),
        (c("user_group", "=", "undergraduate"), {}, True),
        (c("user_group", "contains", "grad"), {}, True),
        (c("user_group", "is_empty"), {}, False),
        (c("time_span_in_calendar_years", "<", 1), {}, True),
        (c("time_span_in_calendar_years", ">", 0), {}, False),
        (c("time_span_in_calendar_years", ">", 0), {"created": "2025-12-31T23:00:00.000Z"}, True),
    ],
)
def test_evaluation_clauses(clause: dict[str, Any], changes: dict[str, Any], expected: bool) -> None:
    assert holds(make(**changes), clause) is expected


PUBLISHERS = [Publisher(code="ARIADNE", name="Ariadne Press"), Publisher(code="ELS", name="Elsevier")]


@pytest.mark.parametrize(
    ("publisher", "clause", "expected"),
    [
        ("Ariadne Press", c("publisher", "=", "ARIADNE"), True),
        ("ariadne", c("publisher", "=", "ARIADNE"), True),
        ("Unknown House", c("publisher", "=", "ARIADNE"), False),
        ("Unknown House", c("publisher", "not_in_list", ["ARIADNE", "ELS"]), True),
        ("Unknown House", c("publisher", "is_empty"), True),
        ("Elsevier", c("publisher", "in_list", ["ARIADNE", "ELS"]), True),
        ("Elsevier B.V.", c("publisher", "contains", "elsevier"), True),
    ],
)
def test_publisher_compares_against_the_code_table(
    publisher: str, clause: dict[str, Any], expected: bool
) -> None:
    assert holds(make(item={"publisher": publisher}), clause, publishers=PUBLISHERS) is expected


def test_publisher_code_lookup() -> None:
    assert publisher_code("Ariadne Press", PUBLISHERS) == "ARIADNE"
    assert publisher_code(None, PUBLISHERS) is None


# --- comparison clauses ------------------------------------------------------------------------


def test_chapter_already_requested() -> None:
    other = make(chapters=["3", "4"], pages=None)
    assert holds(make(chapters=["4"]), c("chapter_already_requested", "=", True), others=[other])
    assert holds(make(chapters=["5"]), c("chapter_already_requested", "=", False), others=[other])
    rejected = make(chapters=["5"], status=Status.REJECTED)
    assert holds(make(chapters=["5"]), c("chapter_already_requested", "=", False), others=[rejected]), (
        "rejected requests do not count"
    )


def test_total_chapters_union_across_isbn10_and_13() -> None:
    other = make(chapters=["1", "3"], item={"isbn": "978-1-86189-411-3"})
    assert holds(make(chapters=["3", "4"]), c("total_copyright_number_of_chapters", "=", 3), others=[other])
    unrelated = make(chapters=["9"], item={"isbn": "0-306-40615-2"})
    assert holds(make(chapters=["3"]), c("total_copyright_number_of_chapters", "=", 1), others=[unrelated])


@pytest.mark.parametrize(
    ("pages", "total", "op", "value", "expected"),
    [
        ("1-22", 220, "=", 10, True),
        ("1-22", 220, ">", 10, False),
        ("1-23", 220, ">", 10, True),
        (None, 220, "<", 100, False),
        ("1-5", None, "<", 100, False),
    ],
)
def test_percentage_edges(pages: str | None, total: int | None, op: str, value: int, expected: bool) -> None:
    changes: dict[str, Any] = {"pages": pages, "item": {"total_pages": total}}
    if pages is None:
        changes["chapters"] = ["1"]
    assert holds(make(**changes), c("total_copyright_work_percentage", op, value)) is expected


def test_percentage_whole_item_other_counts_everything() -> None:
    whole = make(partial=False, pages=None, chapters=[])
    assert holds(make(pages="1-2"), c("total_copyright_work_percentage", "=", 100), others=[whole])


def test_article_title_exists() -> None:
    journal = {"isbn": None, "issn": "0317-8471", "volume": "1", "issue": "2", "total_pages": 100}
    other = make(item=journal, pages="10-20")
    assert holds(make(item=journal, pages="15-18"), c("article_title_exists", "=", True), others=[other])
    other_issue = make(item={**journal, "issue": "3"}, pages="10-20")
    assert holds(
        make(item=journal, pages="15-18"), c("article_title_exists", "=", False), others=[other_issue]
    )
    by_title = make(item=journal, pages=None, chapters=[], article_title="On Ornament")
    assert holds(
        make(item=journal, pages=None, chapters=[], article_title="on ornament "),
        c("article_title_exists", "=", True),
        others=[by_title],
    )


def test_number_of_requests_counts_earlier_ones_for_the_work_in_the_time_span() -> None:
    journal = {"isbn": None, "issn": "0317-8471", "total_pages": 100}
    earlier = [
        make(item={**journal, "volume": str(v)}, created=f"2026-0{v}-01T00:00:00.000Z") for v in range(1, 6)
    ]
    old = make(item=journal, created="2024-05-01T00:00:00.000Z")
    later = make(item=journal, created="2026-11-24T00:00:00.000Z")
    subject = make(item=journal, created="2026-11-20T00:00:00.000Z")
    others = [*earlier, old, later]
    assert holds(subject, c("number_of_requests", "=", 6), others=others)
    assert holds(
        subject, c("number_of_requests", "=", 5), c("time_span_in_calendar_years", "<", 1), others=others
    )
    assert holds(
        subject, c("number_of_requests", "=", 6), c("time_span_in_calendar_years", "<", 3), others=others
    )
    assert not holds(subject, c("time_span_in_calendar_years", ">", 1)), (
        "the span also applies to the request itself"
    )


def test_copyright_previously_approved() -> None:
    cleared = make()
    cleared.tasks.append(
        Task(id="t", type=TaskType.COPYRIGHT_CLEARANCE, mode=TaskMode.PARALLEL, status=TaskStatus.APPROVED)
    )
    pending = make()
    pending.tasks.append(
        Task(id="u", type=TaskType.COPYRIGHT_CLEARANCE, mode=TaskMode.PARALLEL, status=TaskStatus.PENDING)
    )
    clause = c("copyright_previously_approved", "=", True)
    assert holds(make(), clause, others=[cleared])
    assert not holds(make(), clause, others=[pending])


# --- filters -----------------------------------------------------------------------------------


def test_same_course_filter() -> None:
    same = make(chapters=["1"], pages=None)
    other_course = make(chapters=["2"], pages=None, course={"id": "ART200"})
    no_course = make(chapters=["4"], pages=None, request_type="staff_digitization", course=None)
    subject = make(chapters=["3"], pages=None)
    chapters = c("total_copyright_number_of_chapters", "=", 2)
    assert holds(
        subject, c("in_the_same_course", "=", True), chapters, others=[same, other_course, no_course]
    )
    assert holds(
        subject,
        c("copyright_record_related_to_course", "=", True),
        c("total_copyright_number_of_chapters", "=", 3),
        others=[same, other_course, no_course],
    )
    assert holds(
        subject,
        c("in_the_same_course", "=", False),
        c("total_copyright_number_of_chapters", "=", 4),
        others=[same, other_course, no_course],
    )


def test_material_required_dates_fall_back_to_course_then_today() -> None:
    course_only = make(
        chapters=["1"], pages=None, date_available_from=None, date_available_to=None
    )  # course 2016-01-01..06-30
    open_ended = make(
        chapters=["2"],
        pages=None,
        date_available_from=None,
        date_available_to=None,
        request_type="staff_digitization",
        course=None,
    )
    subject = make(chapters=["3"], pages=None)  # 2016-01-10..2016-02-02
    dates = c("material_required_dates", "=", True)
    assert holds(
        subject, dates, c("total_copyright_number_of_chapters", "=", 2), others=[course_only, open_ended]
    )


# --- ordering ----------------------------------------------------------------------------------


def test_first_enabled_match_wins_and_default_is_last() -> None:
    never = rule(c("user_group", "=", "staff"), name="never", position=10)
    disabled = rule(name="disabled", position=20, enabled=False)
    always = rule(name="always", position=30)
    later = rule(name="later", position=40)
    outcome = evaluate(
        [later, builtin_default_rule(), always, disabled, never],
        Context(request=make(), material=Shelf([]), today=TODAY),
    )
    assert outcome.rule.id == "always"
    assert [(t.rule_id, t.matched, t.enabled) for t in outcome.trace] == [
        ("never", False, True),
        ("disabled", False, False),
        ("always", True, True),
    ]
    failed = outcome.trace[0].failed_clauses[0]
    assert (failed.name, failed.operator, failed.value, failed.actual) == (
        "user_group",
        "=",
        "staff",
        "undergraduate",
    )


def test_default_applies_when_nothing_matches() -> None:
    outcome = evaluate(
        [rule(c("user_group", "=", "staff"))], Context(request=make(), material=Shelf([]), today=TODAY)
    )
    assert outcome.rule.is_default


def test_each_identifier_is_fetched_once_however_many_rules() -> None:
    shelf = Shelf([make()])
    rules = [
        rule(
            c("total_copyright_number_of_chapters", ">", 100),
            c("chapter_already_requested", "=", True),
            name=f"r{i}",
            position=i,
        )
        for i in range(50)
    ]
    evaluate(rules, Context(request=make(), material=_Memo(shelf), today=TODAY))
    assert shelf.calls == ["isbn"]


class _Memo:
    """What the data layer's lookup does: one fetch per identifier."""

    def __init__(self, shelf: Shelf) -> None:
        self.shelf = shelf
        self.seen: dict[str, list[Request]] = {}

    def _once(self, key: str, fetch: Any) -> list[Request]:
        if key not in self.seen:
            self.seen[key] = fetch()
        return self.seen[key]

    def by_isbn(self, isbn: str) -> list[Request]:
        return self._once("isbn:" + isbn, lambda: self.shelf.by_isbn(isbn))

    def by_issn(self, issn: str) -> list[Request]:
        return self._once("issn:" + issn, lambda: self.shelf.by_issn(issn))

    def by_mms_id(self, mms_id: str) -> list[Request]:
        return self._once("mms:" + mms_id, lambda: self.shelf.by_mms_id(mms_id))


# --- operators, property-based -----------------------------------------------------------------


@given(st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_number_operators_partition(actual: int, value: int) -> None:
    results = [compare_number(op, actual, value) for op in (Op.LT, Op.EQ, Op.GT)]
    assert results.count(True) == 1
    assert compare_number(Op.NE, actual, value) is not compare_number(Op.EQ, actual, value)


@given(st.sampled_from([Op.GT, Op.LT, Op.EQ, Op.NE]), st.integers())
def test_unknown_numbers_satisfy_nothing(op: Op, value: int) -> None:
    assert compare_number(op, None, value) is False


texts = st.text(alphabet="abcABC ", max_size=6)


@given(texts, texts)
def test_text_equality_is_case_insensitive_and_complements(actual: str, value: str) -> None:
    assert compare_text(Op.EQ, actual, value) == compare_text(Op.EQ, actual.upper(), value.lower())
    if actual.strip():
        assert compare_text(Op.NE, actual, value) is not compare_text(Op.EQ, actual, value)


@given(texts, st.lists(texts.filter(str.strip), min_size=1, max_size=4))
def test_in_list_and_not_in_list_complement(actual: str, values: list[str]) -> None:
    assert compare_text(Op.IN_LIST, actual, values) is not compare_text(Op.NOT_IN_LIST, actual, values)


@given(texts)
def test_empty_and_not_empty_complement(actual: str) -> None:
    assert compare_text(Op.IS_EMPTY, actual, None) is not compare_text(Op.IS_NOT_EMPTY, actual, None)


def test_percentage_ignores_pages_past_the_end_and_is_not_rounded_up() -> None:
    beyond = make(pages="230-240", item={"total_pages": 300})  # another edition with more pages
    assert holds(
        make(pages="1-10"), c("total_copyright_work_percentage", "=", 100 * 10 / 220), others=[beyond]
    )
    almost = make(pages="1-9999", item={"total_pages": 100_000})  # 9.999%
    assert holds(almost, c("total_copyright_work_percentage", "<", 10))
