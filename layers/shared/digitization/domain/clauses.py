"""The 22 clause types of digitization and copyright rules (SPEC §4.3) and their validation.

A clause is ``{"name", "operator", "value"}``. Each type has a kind (filter,
evaluation, comparison), the operators it allows, and a value shape.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from typing_extensions import TypedDict

from digitization.domain import limits
from digitization.domain.problems import json_type
from digitization.domain.requests import AgencyPermission, RequestType

#: The largest number a clause compares with (pages, requests, years, articles); DynamoDB stores
#: numbers of up to 38 digits, and no count the rules read comes near this.
MAX_NUMBER = limits.CLAUSE_NUMBER_MAX
#: The longest relative publication year (``{"within_last_years": N}``).
MAX_YEARS = limits.CLAUSE_YEARS_MAX
MAX_TEXT = limits.CLAUSE_TEXT_CHARS
MAX_LIST = limits.CLAUSE_LIST_VALUES


class Kind(StrEnum):
    FILTER = "filter"
    EVALUATION = "evaluation"
    COMPARISON = "comparison"


class Op(StrEnum):
    EQ = "="
    NE = "!="
    GT = ">"
    LT = "<"
    IN_LIST = "in_list"
    NOT_IN_LIST = "not_in_list"
    IS_EMPTY = "is_empty"
    IS_NOT_EMPTY = "is_not_empty"
    CONTAINS = "contains"


NUMBER_OPS = frozenset({Op.GT, Op.EQ, Op.LT, Op.NE})
TEXT_OPS = frozenset({Op.EQ, Op.IN_LIST, Op.IS_EMPTY, Op.IS_NOT_EMPTY, Op.NE, Op.NOT_IN_LIST, Op.CONTAINS})
LIST_OPS = frozenset({Op.IN_LIST, Op.NOT_IN_LIST})
VALUELESS_OPS = frozenset({Op.IS_EMPTY, Op.IS_NOT_EMPTY})


class ValueType(StrEnum):
    BOOLEAN = "boolean"
    NUMBER = "number"
    PERCENTAGE = "percentage"
    YEAR = "year"
    TEXT = "text"
    IGNORED = "ignored"


@dataclass(frozen=True)
class ClauseType:
    name: str
    kind: Kind
    operators: frozenset[Op]
    value: ValueType
    choices: frozenset[str] | None = None
    description: str = ""


def _t(
    name: str,
    kind: Kind,
    ops: frozenset[Op],
    value: ValueType,
    description: str,
    choices: frozenset[str] | None = None,
) -> ClauseType:
    return ClauseType(
        name=name, kind=kind, operators=ops, value=value, choices=choices, description=description
    )


EQ = frozenset({Op.EQ})
TRUE_FALSE = frozenset({"true", "false"})

CLAUSE_TYPES: dict[str, ClauseType] = {
    t.name: t
    for t in (
        _t(
            "article_title_exists",
            Kind.COMPARISON,
            EQ,
            ValueType.BOOLEAN,
            "another request for the same article (ISSN, volume, issue, pages) exists",
        ),
        _t(
            "articles_in_issue",
            Kind.EVALUATION,
            NUMBER_OPS,
            ValueType.NUMBER,
            "articles in the journal issue",
        ),
        _t("available_in_electronic", Kind.EVALUATION, EQ, ValueType.BOOLEAN, "an electronic copy exists"),
        _t(
            "chapter_already_requested",
            Kind.COMPARISON,
            EQ,
            ValueType.BOOLEAN,
            "a requested chapter of the same ISBN is already requested",
        ),
        _t("citation_material_type", Kind.EVALUATION, TEXT_OPS, ValueType.TEXT, "the material type"),
        _t(
            "copyright_agency_approval_permission",
            Kind.EVALUATION,
            frozenset({Op.IN_LIST}),
            ValueType.TEXT,
            "every selected copyright-agency permission holds for the material",
            frozenset(p.value for p in AgencyPermission),
        ),
        _t(
            "copyright_previously_approved",
            Kind.COMPARISON,
            frozenset(Op),
            ValueType.IGNORED,
            "the same work was cleared (copyright task approved) by another request",
        ),
        _t(
            "copyright_record_related_to_course",
            Kind.FILTER,
            EQ,
            ValueType.BOOLEAN,
            "compare only with requests tied to a course",
        ),
        _t(
            "in_the_same_course",
            Kind.FILTER,
            EQ,
            ValueType.BOOLEAN,
            "compare only with requests of the same course",
        ),
        _t(
            "material_required_dates",
            Kind.FILTER,
            EQ,
            ValueType.BOOLEAN,
            "compare only with requests whose available-from/to range overlaps",
        ),
        _t(
            "number_of_requests",
            Kind.COMPARISON,
            NUMBER_OPS,
            ValueType.NUMBER,
            "earlier requests for the same work (inside the time span, if one is given)",
        ),
        _t(
            "partial_digitization",
            Kind.EVALUATION,
            TEXT_OPS,
            ValueType.TEXT,
            "true when a part is requested",
            TRUE_FALSE,
        ),
        _t(
            "patron_status",
            Kind.EVALUATION,
            TEXT_OPS,
            ValueType.TEXT,
            "the requester's status",
            frozenset({"active", "inactive"}),
        ),
        _t(
            "publication_date",
            Kind.EVALUATION,
            NUMBER_OPS,
            ValueType.YEAR,
            "publication year, or {within_last_years: N}",
        ),
        _t(
            "publisher",
            Kind.EVALUATION,
            TEXT_OPS,
            ValueType.TEXT,
            "the publisher, as a Copyright Publishers code",
        ),
        _t(
            "request_type",
            Kind.EVALUATION,
            TEXT_OPS,
            ValueType.TEXT,
            "the request type",
            frozenset(t.value for t in RequestType),
        ),
        _t(
            "required_pages",
            Kind.EVALUATION,
            NUMBER_OPS,
            ValueType.NUMBER,
            "distinct pages this request asks for",
        ),
        _t("resource_total_pages", Kind.EVALUATION, NUMBER_OPS, ValueType.NUMBER, "total pages of the work"),
        _t(
            "time_span_in_calendar_years",
            Kind.EVALUATION,
            frozenset({Op.GT, Op.LT}),
            ValueType.NUMBER,
            "the request was made within (<) or before (>) N calendar years; narrows number_of_requests",
        ),
        _t(
            "total_copyright_number_of_chapters",
            Kind.COMPARISON,
            NUMBER_OPS,
            ValueType.NUMBER,
            "distinct chapters of the same ISBN requested by this and the other requests",
        ),
        _t(
            "total_copyright_work_percentage",
            Kind.COMPARISON,
            NUMBER_OPS,
            ValueType.PERCENTAGE,
            "pages of the same ISBN requested by this and the other requests, per cent of the total",
        ),
        _t("user_group", Kind.EVALUATION, TEXT_OPS, ValueType.TEXT, "the requester's user group"),
    )
}

# "Same course" and "overlapping dates" filters need one of these in the rule (SPEC §4.3).
FILTER_PREREQUISITES = frozenset(
    {
        "article_title_exists",
        "articles_in_issue",
        "chapter_already_requested",
        "total_copyright_number_of_chapters",
        "total_copyright_work_percentage",
    }
)
FILTERS_NEEDING_PREREQUISITE = frozenset({"in_the_same_course", "material_required_dates"})


class Clause(BaseModel):
    """One condition of a rule."""

    model_config = ConfigDict(extra="forbid")

    name: str
    operator: Op
    value: Any = None


ClauseText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]


class RelativeYear(TypedDict):
    """``publication_date``'s value relative to today: the last N calendar years, this one included."""

    within_last_years: Annotated[int, Field(ge=1, le=MAX_YEARS)]


#: What a clause's value may be; which of them a clause takes depends on its type and operator.
ClauseValue = (
    bool
    | Annotated[int, Field(ge=0, le=MAX_NUMBER)]
    | Annotated[float, Field(ge=0, le=MAX_NUMBER, allow_inf_nan=False)]
    | ClauseText
    | Annotated[list[ClauseText], Field(min_length=1, max_length=MAX_LIST)]
    | RelativeYear
    | None
)


class ClauseInput(BaseModel):
    """One clause of a rule: a clause type's name, one of its operators, and a value of its kind."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=limits.CLAUSE_NAME_CHARS, description="A clause type (SPEC §4.3)")
    operator: Op
    value: ClauseValue = Field(
        default=None,
        description=f"true/false, a number (0..{MAX_NUMBER:,}), a text or a list of 1..{MAX_LIST} texts "
        f'(each 1..{MAX_TEXT} characters), or {{"within_last_years": N}} (N 1..{MAX_YEARS}), as the '
        "clause type and operator ask; none for is_empty / is_not_empty",
    )


class ClauseError(ValueError):
    """A clause that cannot be saved: ``index`` and ``part`` locate it for the 422."""

    def __init__(self, index: int, part: str, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.part = part
        self.message = message

    @property
    def field(self) -> str:
        return f"clauses[{self.index}].{self.part}" if self.part else f"clauses[{self.index}]"


def validate_clauses(raw: Sequence[Any], publisher_codes: frozenset[str] | None = None) -> list[Clause]:
    """Check every clause; the first problem raises ClauseError naming the clause and what is wrong."""
    clauses: list[Clause] = []
    for index, given in enumerate(raw):
        item = given.model_dump() if isinstance(given, ClauseInput | Clause) else given
        if not isinstance(item, dict):
            raise ClauseError(index, "", "a clause is an object with name, operator and value")
        unknown = set(item) - {"name", "operator", "value"}
        if unknown:
            raise ClauseError(index, sorted(unknown)[0], "is not a clause field (name, operator, value)")
        name = item.get("name")
        clause_type = CLAUSE_TYPES.get(name) if isinstance(name, str) else None
        if clause_type is None:
            raise ClauseError(
                index, "name", f"unknown clause {name!r}; known clauses: {', '.join(sorted(CLAUSE_TYPES))}"
            )
        operator = item.get("operator")
        allowed = ", ".join(sorted(op.value for op in clause_type.operators))
        # A body may hold any JSON here: only a text can name an operator (an object or a list is
        # not hashable and would not compare).
        op = _operator(operator, clause_type)
        if op is None:
            shown = repr(operator) if isinstance(operator, str) else f"of type {json_type(operator)}"
            raise ClauseError(
                index, "operator", f"{name}: operator {shown} is not allowed; use one of: {allowed}"
            )
        value = _check_value(index, clause_type, op, item.get("value"), publisher_codes)
        clauses.append(Clause(name=name, operator=op, value=value))
    names = {c.name for c in clauses}
    for index, clause in enumerate(clauses):
        if clause.name in FILTERS_NEEDING_PREREQUISITE and not names & FILTER_PREREQUISITES:
            needed = ", ".join(sorted(FILTER_PREREQUISITES))
            raise ClauseError(
                index, "name", f"{clause.name} narrows comparisons: the rule also needs one of: {needed}"
            )
    return clauses


def _operator(operator: Any, clause_type: ClauseType) -> Op | None:
    """The clause type's operator that ``operator`` names; None for anything else, whatever its type."""
    if not isinstance(operator, str):
        return None
    return next((op for op in clause_type.operators if op.value == operator), None)


def _check_value(
    index: int, clause_type: ClauseType, op: Op, value: Any, publisher_codes: frozenset[str] | None
) -> Any:
    name = clause_type.name

    def fail(message: str) -> ClauseError:
        return ClauseError(index, "value", f"{name}: {message}")

    if clause_type.value is ValueType.IGNORED or op in VALUELESS_OPS:
        return None
    if clause_type.value is ValueType.BOOLEAN:
        if not isinstance(value, bool):
            raise fail("the value is true or false")
        return value
    if clause_type.value in {ValueType.NUMBER, ValueType.PERCENTAGE}:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise fail("the value is a number")
        if value < 0:
            raise fail("the value cannot be negative")
        if clause_type.value is ValueType.PERCENTAGE and value > 100:
            raise fail("a percentage is between 0 and 100")
        if value > MAX_NUMBER:
            raise fail(f"the value is at most {MAX_NUMBER:,}")
        return value
    if clause_type.value is ValueType.YEAR:
        if isinstance(value, dict):
            if set(value) != {"within_last_years"} or op not in {Op.EQ, Op.NE}:
                raise fail('a relative year is {"within_last_years": N} with = or !=')
            years = value["within_last_years"]
            if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= MAX_YEARS:
                raise fail(
                    f"within_last_years is a whole number of years, at least 1 and at most {MAX_YEARS}"
                )
            return value
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10000:
            raise fail('the value is a year such as 2020, or {"within_last_years": N}')
        return value
    # text clauses
    if op in LIST_OPS:
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise fail("the value is a non-empty list of texts")
        if len(value) > MAX_LIST:
            raise fail(f"the list holds {len(value)} values; at most {MAX_LIST}")
        values = [v.strip() for v in value]
    else:
        if not isinstance(value, str) or not value.strip():
            raise fail("the value is a non-empty text")
        values = [value.strip()]
    too_long = next((v for v in values if len(v) > MAX_TEXT), None)
    if too_long is not None:
        raise fail(
            f"a text value has at most {MAX_TEXT} characters ({too_long[:20]!r}... has {len(too_long)})"
        )
    if clause_type.choices is not None and op is not Op.CONTAINS:
        bad = [v for v in values if v.lower() not in clause_type.choices]
        if bad:
            raise fail(f"{bad[0]!r} is not one of: {', '.join(sorted(clause_type.choices))}")
    if name == "publisher" and publisher_codes is not None and op is not Op.CONTAINS:
        known = {code.lower() for code in publisher_codes}
        bad = [v for v in values if v.lower() not in known]
        if bad:
            raise fail(f"{bad[0]!r} is not in the Copyright Publishers code table")
    return values if op in LIST_OPS else values[0]
