"""The rules engine (SPEC §4): which rule applies to a request, and why the earlier ones did not.

Evaluation is pure: the other requests a comparison needs come from a ``Material``
lookup that the caller fetches with key queries, once per evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from pydantic import BaseModel

from digitization.domain import compliance
from digitization.domain.clauses import CLAUSE_TYPES, Clause, Kind, Op
from digitization.domain.pages import PageRange, count_pages, parse_pages
from digitization.domain.requests import Request, Status, TaskStatus, TaskType
from digitization.domain.rules import Rule, builtin_default_rule

NOT_COUNTED = frozenset({Status.REJECTED, Status.CANCELLED})


class Material(Protocol):
    """Other requests by normalised identifier (each fetched at most once per evaluation)."""

    def by_isbn(self, isbn: str) -> Sequence[Request]: ...

    def by_issn(self, issn: str) -> Sequence[Request]: ...

    def by_mms_id(self, mms_id: str) -> Sequence[Request]: ...


@dataclass(frozen=True)
class Publisher:
    code: str
    name: str


class FailedClause(BaseModel):
    name: str
    operator: str
    value: Any
    actual: Any


class RuleTrace(BaseModel):
    rule_id: str
    name: str
    enabled: bool
    matched: bool
    others_considered: int | None = None
    failed_clauses: list[FailedClause] = []


class Outcome(BaseModel):
    """The rule that applies and, for it and every rule before it, what was checked."""

    rule: Rule
    trace: list[RuleTrace]


@dataclass
class Context:
    """Everything one evaluation reads: the request, other requests, the publishers table, today."""

    request: Request
    material: Material
    publishers: Sequence[Publisher] = ()
    today: date = field(default_factory=date.today)

    def created(self) -> date:
        return datetime.fromisoformat(self.request.created_at.replace("Z", "+00:00")).date()

    def others_for(self, identifier: str) -> list[Request]:
        """Other, still-counting requests for the same ISBN, ISSN, MMS ID or work."""
        item = self.request.item
        if identifier == "isbn":
            found = self.material.by_isbn(item.isbn) if item.isbn else []
        elif identifier == "issn":
            found = self.material.by_issn(item.issn) if item.issn else []
        elif identifier == "mms_id":
            found = self.material.by_mms_id(item.mms_id)
        else:  # the work: ISBN for books, ISSN for periodicals, MMS ID otherwise
            return self.others_for("isbn" if item.isbn else "issn" if item.issn else "mms_id")
        return [other for other in found if other.id != self.request.id and other.status not in NOT_COUNTED]


def evaluate(rules: Sequence[Rule], context: Context) -> Outcome:
    """First enabled rule whose clauses all hold; the default rule otherwise (SPEC §4.1)."""
    ordered = sorted(rules, key=lambda r: (r.is_default, r.position))
    if not any(rule.is_default for rule in ordered):
        ordered.append(builtin_default_rule())
    trace: list[RuleTrace] = []
    for rule in ordered:
        if rule.is_default:
            trace.append(RuleTrace(rule_id=rule.id, name=rule.name, enabled=True, matched=True))
            return Outcome(rule=rule, trace=trace)
        if not rule.enabled:
            trace.append(RuleTrace(rule_id=rule.id, name=rule.name, enabled=False, matched=False))
            continue
        result = check_rule(rule, context)
        trace.append(result)
        if result.matched:
            return Outcome(rule=rule, trace=trace)
    raise LookupError("no default rule")


def check_rule(rule: Rule, context: Context) -> RuleTrace:
    """Evaluate every clause (no short cut, so the trace shows all failures)."""
    clauses = rule.clauses
    filters = [c for c in clauses if CLAUSE_TYPES[c.name].kind is Kind.FILTER]
    others = _Pool(context, filters, clauses)
    failed: list[FailedClause] = []
    for clause in clauses:
        if CLAUSE_TYPES[clause.name].kind is Kind.FILTER:
            continue
        holds, actual = CHECKS[clause.name](clause, context, others)
        if not holds:
            failed.append(
                FailedClause(
                    name=clause.name, operator=clause.operator.value, value=clause.value, actual=actual
                )
            )
    return RuleTrace(
        rule_id=rule.id,
        name=rule.name,
        enabled=True,
        matched=not failed,
        others_considered=others.considered,
        failed_clauses=failed,
    )


# ---------------------------------------------------------------------------
# Other requests, narrowed by the rule's filter clauses
# ---------------------------------------------------------------------------


class _Pool:
    """The other requests a rule's comparison clauses look at."""

    def __init__(self, context: Context, filters: list[Clause], clauses: list[Clause]) -> None:
        self.context = context
        self.filters = [f for f in filters if f.value is True]
        self.time_span = next((c for c in clauses if c.name == "time_span_in_calendar_years"), None)
        self.window = next(
            (
                int(c.value["within_last_years"])
                for c in clauses
                if c.name == "publication_date" and isinstance(c.value, dict) and c.operator is Op.EQ
            ),
            None,
        )
        self.considered: int | None = None

    def get(self, identifier: str) -> list[Request]:
        others = [
            o for o in self.context.others_for(identifier) if all(self._keeps(f, o) for f in self.filters)
        ]
        self.considered = max(self.considered or 0, len(others))
        return others

    def _keeps(self, clause: Clause, other: Request) -> bool:
        mine = self.context.request
        if clause.name == "copyright_record_related_to_course":
            return other.course is not None
        if clause.name == "in_the_same_course":
            return mine.course is not None and other.course is not None and other.course.id == mine.course.id
        if clause.name == "material_required_dates":
            return _overlap(
                required_dates(mine, self.context.today), required_dates(other, self.context.today)
            )
        return True


DateRange = tuple[date, date | None]


def required_dates(request: Request, today: date) -> DateRange:
    """Available from/to; missing: the course's dates; no course: from today, open-ended."""
    start, end = request.date_available_from, request.date_available_to
    if start is None and end is None and request.course is not None:
        start, end = request.course.start, request.course.end
    if start is None and end is None:
        return today, None
    return start or date.min, end


def _overlap(a: DateRange, b: DateRange) -> bool:
    a_end, b_end = a[1] or date.max, b[1] or date.max
    return a[0] <= b_end and b[0] <= a_end


# ---------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------


def compare_number(op: Op, actual: float | None, value: float) -> bool:
    """Numbers: an unknown actual value satisfies no operator."""
    if actual is None:
        return False
    return {
        Op.GT: actual > value,
        Op.LT: actual < value,
        Op.EQ: actual == value,
        Op.NE: actual != value,
    }[op]


def compare_text(op: Op, actual: str | None, value: Any) -> bool:
    """Texts, case-insensitively. A missing text is empty: it equals nothing and differs from everything."""
    text = (actual or "").strip().casefold()
    if op is Op.IS_EMPTY:
        return text == ""
    if op is Op.IS_NOT_EMPTY:
        return text != ""
    if op in {Op.IN_LIST, Op.NOT_IN_LIST}:
        inside = text != "" and text in {str(v).strip().casefold() for v in value}
        return inside if op is Op.IN_LIST else not inside
    wanted = str(value).strip().casefold()
    if op is Op.EQ:
        return text != "" and text == wanted
    if op is Op.NE:
        return text != wanted
    if op is Op.CONTAINS:
        return text != "" and wanted in text
    raise ValueError(f"operator {op.value} is not for texts")


def compare_bool(actual: bool, value: Any) -> bool:
    return actual is bool(value)


# ---------------------------------------------------------------------------
# One check per clause type: (holds, the actual value seen)
# ---------------------------------------------------------------------------

Check = Callable[[Clause, Context, _Pool], tuple[bool, Any]]


def _number(getter: Callable[[Request], float | None]) -> Check:
    def check(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
        actual = getter(context.request)
        return compare_number(clause.operator, actual, clause.value), actual

    return check


def _text(getter: Callable[[Context], str | None]) -> Check:
    def check(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
        actual = getter(context)
        return compare_text(clause.operator, actual, clause.value), actual

    return check


def _pages_of(request: Request) -> list[PageRange] | None:
    """The pages a request covers: its ranges, the whole work when not partial, None when unknown."""
    if not request.partial:
        total = request.item.total_pages
        return [(1, total)] if total else None
    return parse_pages(request.pages) if request.pages else None


def _chapters(requests: Iterable[Request]) -> set[str]:
    return {chapter.strip().casefold() for r in requests for chapter in r.chapters}


def _article_title_exists(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    mine = context.request
    same = [
        o
        for o in pool.get("issn")
        if (o.item.volume or "") == (mine.item.volume or "")
        and (o.item.issue or "") == (mine.item.issue or "")
        and _same_article(mine, o)
    ]
    return compare_bool(bool(same), clause.value), [o.id for o in same]


def _same_article(mine: Request, other: Request) -> bool:
    mine_pages, other_pages = _pages_of(mine), _pages_of(other)
    if mine.partial and other.partial and mine_pages and other_pages:
        return any(a <= d and c <= b for a, b in mine_pages for c, d in other_pages)
    titles = (mine.article_title or "").strip().casefold(), (other.article_title or "").strip().casefold()
    return bool(titles[0]) and titles[0] == titles[1]


def _chapter_already_requested(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    already = sorted(_chapters([context.request]) & _chapters(pool.get("isbn")))
    return compare_bool(bool(already), clause.value), already


def _total_chapters(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    total = len(_chapters([context.request, *pool.get("isbn")]))
    return compare_number(clause.operator, total, clause.value), total


def _total_percentage(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    total_pages = context.request.item.total_pages
    mine = _pages_of(context.request)
    if not total_pages or not mine:
        return False, None
    ranges = list(mine)
    for other in pool.get("isbn"):
        ranges += [
            (start, min(end, total_pages)) for start, end in _pages_of(other) or [] if start <= total_pages
        ]
    percentage = 100 * count_pages(ranges) / total_pages
    return compare_number(clause.operator, percentage, clause.value), round(percentage, 2)


def _number_of_requests(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    """Earlier requests for the same work, inside the Time Span; with a relative Publication Date
    (the CONTU preset's), only those for an issue inside that window of their own request year —
    exactly what the CONTU report counts (``domain/compliance.py``)."""
    mine = context.request.created_at
    earlier = [o for o in pool.get("work") if o.created_at < mine]
    if pool.time_span is not None:
        earlier = [o for o in earlier if _within_span(pool.time_span, _created(o), context.today)]
    if pool.window is not None:
        earlier = [o for o in earlier if compliance.counts_for_contu(o, pool.window)]
    return compare_number(clause.operator, len(earlier), clause.value), len(earlier)


def _previously_approved(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    cleared = [
        o.id
        for o in pool.get("work")
        if any(t.type is TaskType.COPYRIGHT_CLEARANCE and t.status is TaskStatus.APPROVED for t in o.tasks)
    ]
    return bool(cleared), cleared


def _created(request: Request) -> date:
    return datetime.fromisoformat(request.created_at.replace("Z", "+00:00")).date()


def _within_span(clause: Clause, made: date, today: date) -> bool:
    years_ago, limit = today.year - made.year, float(clause.value)
    return years_ago < limit if clause.operator is Op.LT else years_ago > limit


def _time_span(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    years_ago = context.today.year - context.created().year
    return _within_span(clause, context.created(), context.today), years_ago


def _publication_date(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    year = context.request.item.publication_year
    if isinstance(clause.value, dict):
        window = int(clause.value["within_last_years"])
        inside = compliance.in_contu_window(year, context.created().year, window)
        return (inside if clause.operator is Op.EQ else year is not None and not inside), year
    return compare_number(clause.operator, year, clause.value), year


def publisher_code(publisher: str | None, table: Sequence[Publisher]) -> str | None:
    """The code-table entry the request's publisher names (by code or name, case-insensitively)."""
    if not publisher:
        return None
    wanted = publisher.strip().casefold()
    for entry in table:
        if wanted in {entry.code.casefold(), entry.name.strip().casefold()}:
            return entry.code
    return None


def _publisher(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    text = context.request.item.publisher
    if clause.operator is Op.CONTAINS:
        return compare_text(clause.operator, text, clause.value), text
    code = publisher_code(text, context.publishers)
    return compare_text(clause.operator, code, clause.value), code


def _agency_permissions(clause: Clause, context: Context, pool: _Pool) -> tuple[bool, Any]:
    held = {p.value for p in context.request.item.copyright_agency_permissions}
    return {str(v).lower() for v in clause.value} <= held, sorted(held)


CHECKS: dict[str, Check] = {
    "article_title_exists": _article_title_exists,
    "articles_in_issue": _number(lambda r: r.item.articles_in_issue),
    "available_in_electronic": lambda c, ctx, p: (
        compare_bool(ctx.request.item.available_in_electronic, c.value),
        ctx.request.item.available_in_electronic,
    ),
    "chapter_already_requested": _chapter_already_requested,
    "citation_material_type": _text(lambda ctx: ctx.request.item.material_type),
    "copyright_agency_approval_permission": _agency_permissions,
    "copyright_previously_approved": _previously_approved,
    "number_of_requests": _number_of_requests,
    "partial_digitization": _text(lambda ctx: "true" if ctx.request.partial else "false"),
    "patron_status": _text(
        lambda ctx: ctx.request.requester.status.value if ctx.request.requester.status else None
    ),
    "publication_date": _publication_date,
    "publisher": _publisher,
    "request_type": _text(lambda ctx: ctx.request.request_type.value),
    "required_pages": _number(lambda r: r.required_pages),
    "resource_total_pages": _number(lambda r: r.item.total_pages),
    "time_span_in_calendar_years": _time_span,
    "total_copyright_number_of_chapters": _total_chapters,
    "total_copyright_work_percentage": _total_percentage,
    "user_group": _text(lambda ctx: ctx.request.requester.user_group),
}
