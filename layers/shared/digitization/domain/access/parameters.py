"""Parameters of access-rights rules (SPEC §6): their shapes, validation on save, and evaluation.

A parameter is ``{"name", "operator", "value"}``. Validation normalises the value and
raises :class:`FieldProblem` naming ``<index>.<part>`` so a 422 points at the parameter.
Evaluation reads a :class:`Situation` (the viewer, the object's dates, today); the
Concurrent User parameter needs stored sessions and is decided by the policy evaluator.

Administrators write the ``/regex/`` values, so a pattern may backtrack catastrophically
(``/^(a|a)+$/`` on a long user name). They run on the ``regex`` package with a time bound,
:data:`REGEX_TIMEOUT_SECONDS` per search: a search that runs out counts as no match and is
noted on the :class:`Situation` for the caller to log.
"""

from __future__ import annotations

import fnmatch
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, NotRequired

import regex
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, with_config
from typing_extensions import TypedDict

from digitization.domain.problems import FieldProblem, json_type

MAX_TEXT = 200
MAX_LIST = 100
MAX_PATTERN = 500
MAX_CONCURRENT_USERS = 10_000
MAX_SESSION_MINUTES = 7 * 24 * 60
MAX_EMBARGO_AMOUNT = 1000
# One search of an administrator's /regex/ (a user id, a host name) takes microseconds; one
# that needs longer is backtracking without end, and counts as no match.
REGEX_TIMEOUT_SECONDS = 0.05


class PatternTimedOut(Exception):
    """A ``/regex/`` search ran out of :data:`REGEX_TIMEOUT_SECONDS`; :func:`holds` takes it as no match."""

    def __init__(self, pattern: str) -> None:
        super().__init__(f"{pattern} ran out of its {REGEX_TIMEOUT_SECONDS} s")
        self.pattern = pattern


class ParameterName(StrEnum):
    CONCURRENT_USER = "concurrent_user"
    DNS = "dns"
    EMBARGO = "embargo"
    IP_RANGE = "ip_range"
    LEGANTO_USER = "leganto_user"
    REGISTERED = "registered"
    RESTRICTED_FOR_ALL = "restricted_for_all"
    USER_GROUP = "user_group"
    USER_ID = "user_id"


class Operator(StrEnum):
    EQ = "="
    NE = "!="
    IN_LIST = "in_list"
    NOT_IN_LIST = "not_in_list"
    MATCHES = "matches"
    BEFORE = "before"
    ON_OR_AFTER = "on_or_after"


OPERATORS: dict[ParameterName, frozenset[Operator]] = {
    ParameterName.CONCURRENT_USER: frozenset({Operator.EQ}),
    ParameterName.DNS: frozenset({Operator.EQ}),
    ParameterName.EMBARGO: frozenset({Operator.BEFORE, Operator.ON_OR_AFTER}),
    ParameterName.IP_RANGE: frozenset({Operator.EQ, Operator.NE}),
    ParameterName.LEGANTO_USER: frozenset({Operator.EQ}),
    ParameterName.REGISTERED: frozenset({Operator.EQ, Operator.NE}),
    ParameterName.RESTRICTED_FOR_ALL: frozenset({Operator.EQ}),
    ParameterName.USER_GROUP: frozenset({Operator.EQ, Operator.NE, Operator.IN_LIST, Operator.NOT_IN_LIST}),
    ParameterName.USER_ID: frozenset({Operator.EQ, Operator.NE, Operator.MATCHES}),
}


class EmbargoBase(StrEnum):
    ADDITIONAL_PUBLICATION_YEAR = "additional_publication_year"
    FIXED_DATE = "fixed_date"
    MMS_CREATION_DATE = "mms_creation_date"
    PUBLICATION_YEAR = "publication_year"
    REPRESENTATION_CREATION_DATE = "representation_creation_date"


class EmbargoUnit(StrEnum):
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


@with_config(ConfigDict(extra="forbid"))
class ConcurrentUsers(TypedDict):
    """The value of concurrent_user: at most `users` viewers at once, each session lasting `minutes`."""

    users: Annotated[int, Field(ge=1, le=MAX_CONCURRENT_USERS)]
    minutes: Annotated[int, Field(ge=1, le=MAX_SESSION_MINUTES)]


@with_config(ConfigDict(extra="forbid"))
class Embargo(TypedDict):
    """The value of embargo: `amount` weeks, months or years after the `base` date (`date`: a fixed date)."""

    base: EmbargoBase
    amount: NotRequired[Annotated[int, Field(ge=0, le=MAX_EMBARGO_AMOUNT)]]
    unit: NotRequired[EmbargoUnit]
    date: NotRequired[Annotated[str, StringConstraints(max_length=10)] | None]


#: What a parameter's value may be; which of them a parameter takes depends on its name and operator.
ParameterValue = (
    bool
    | Annotated[str, StringConstraints(min_length=1, max_length=MAX_PATTERN)]
    | Annotated[
        list[Annotated[str, StringConstraints(max_length=MAX_TEXT)]], Field(min_length=1, max_length=MAX_LIST)
    ]
    | ConcurrentUsers
    | Embargo
    | None
)


class Parameter(BaseModel):
    """One condition of an access-rights rule (its value normalised by :func:`check_parameters`)."""

    model_config = ConfigDict(extra="forbid")

    name: ParameterName
    operator: Operator
    value: ParameterValue = Field(
        default=None,
        description=f"As the parameter asks: true/false, a text (at most {MAX_TEXT} characters; a /regex/ at "
        f"most {MAX_PATTERN}), a list of 1..{MAX_LIST} user groups, {{users, minutes}} or "
        "{base, amount, unit, date}; none for restricted_for_all",
    )


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def check_parameters(raw: list[Any]) -> list[Parameter]:
    """Every parameter checked and normalised; FieldProblem(``"<i>.<part>"``) on the first problem."""
    checked: list[Parameter] = []
    for index, item in enumerate(raw):
        if isinstance(item, Parameter):
            item = item.model_dump(mode="json")
        checked.append(_check_one(index, item))
    return checked


def _check_one(index: int, item: Any) -> Parameter:
    def fail(part: str, message: str) -> FieldProblem:
        return FieldProblem(f"{index}.{part}" if part else str(index), message)

    if not isinstance(item, dict):
        raise fail("", "a parameter is an object with name, operator and value")
    unknown = sorted(set(item) - {"name", "operator", "value"})
    if unknown:
        raise fail(unknown[0], "is not a parameter field (name, operator, value)")
    try:
        name = ParameterName(str(item.get("name")))
    except ValueError:
        known = ", ".join(p.value for p in ParameterName)
        raise fail("name", f"unknown parameter {item.get('name')!r}; known parameters: {known}") from None
    allowed = OPERATORS[name]
    operator_text = item.get("operator")
    # Any JSON may come here: only a text names an operator (an object or a list is not hashable).
    operator = next(
        (op for op in allowed if isinstance(operator_text, str) and op.value == operator_text), None
    )
    if operator is None:
        names = ", ".join(sorted(op.value for op in allowed))
        shown = (
            repr(operator_text) if isinstance(operator_text, str) else f"of type {json_type(operator_text)}"
        )
        raise fail("operator", f"{name.value}: operator {shown} is not allowed; use one of: {names}")
    try:
        value = _VALUE_CHECKS[name](operator, item.get("value"))
    except ValueError as exc:
        raise fail("value", f"{name.value}: {exc}") from None
    return Parameter(name=name, operator=operator, value=value)


def _concurrent_value(operator: Operator, value: Any) -> dict[str, int]:
    shape = 'the value is {"users": N, "minutes": M}: at most N viewers, each session lasting M minutes'
    if not isinstance(value, dict) or set(value) != {"users", "minutes"}:
        raise ValueError(shape)
    users, minutes = value["users"], value["minutes"]
    if not _whole(users) or not 1 <= users <= MAX_CONCURRENT_USERS:
        raise ValueError(f"users is a whole number from 1 to {MAX_CONCURRENT_USERS}")
    if not _whole(minutes) or not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise ValueError(f"minutes is a whole number from 1 to {MAX_SESSION_MINUTES} (a week)")
    return {"users": users, "minutes": minutes}


def _dns_value(operator: Operator, value: Any) -> str:
    return _slashed_regex(value, example=r"/.*google(bot)?\.com$/")


def _slashed_regex(value: Any, *, example: str) -> str:
    if not isinstance(value, str) or len(value) < 3 or not value.startswith("/") or not value.endswith("/"):
        raise ValueError(f"the value is a regular expression between slashes, such as {example}")
    if len(value) > MAX_PATTERN:
        raise ValueError(f"the expression is longer than {MAX_PATTERN} characters")
    try:
        _compiled(value[1:-1])
    except regex.error as exc:
        raise ValueError(f"{value} is not a valid regular expression: {exc}") from None
    return value


def _embargo_value(operator: Operator, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(
            'the value is {"base": ..., "amount": N, "unit": "weeks"|"months"|"years"} '
            '(with "date": "YYYY-MM-DD" for a fixed date)'
        )
    unknown = sorted(set(value) - {"base", "amount", "unit", "date"})
    if unknown:
        raise ValueError(f"{unknown[0]} is not an embargo field (base, amount, unit, date)")
    try:
        base = EmbargoBase(str(value.get("base")))
    except ValueError:
        bases = ", ".join(b.value for b in EmbargoBase)
        raise ValueError(f"base {value.get('base')!r} is not one of: {bases}") from None
    amount = value.get("amount", 0)
    if not _whole(amount) or not 0 <= amount <= MAX_EMBARGO_AMOUNT:
        raise ValueError(f"amount is a whole number from 0 to {MAX_EMBARGO_AMOUNT}")
    try:
        unit = EmbargoUnit(value.get("unit", EmbargoUnit.YEARS.value))
    except ValueError:
        raise ValueError(f"unit {value.get('unit')!r} is not one of: weeks, months, years") from None
    fixed = value.get("date")
    if base is EmbargoBase.FIXED_DATE:
        if not isinstance(fixed, str):
            raise ValueError("a fixed_date embargo needs its date as YYYY-MM-DD")
        try:
            fixed = date.fromisoformat(fixed).isoformat()
        except ValueError:
            raise ValueError(f"date {fixed!r} is not a date as YYYY-MM-DD") from None
    elif fixed is not None:
        raise ValueError(f"date is only for a fixed_date embargo, not for {base.value}")
    return {"base": base.value, "date": fixed, "amount": amount, "unit": unit.value}


def _ip_range_value(operator: Operator, value: Any) -> str:
    shape = "the value is one IPv4 address (172.16.0.1) or a range a - b (172.16.0.0 - 172.31.255.255)"
    if not isinstance(value, str) or not value.strip():
        raise ValueError(shape)
    parts = [part.strip() for part in value.split("-")]
    if len(parts) > 2 or not all(parts):
        raise ValueError(shape)
    try:
        addresses = [ipaddress.IPv4Address(part) for part in parts]
    except ValueError as exc:
        raise ValueError(f"{exc}; {shape}") from None
    if len(addresses) == 2 and addresses[0] > addresses[1]:
        raise ValueError(f"the range starts at {addresses[0]}, after its end {addresses[1]}")
    return " - ".join(str(a) for a in addresses)


def _boolean_value(operator: Operator, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("the value is true or false")
    return value


def _restricted_value(operator: Operator, value: Any) -> bool:
    if value is not None and value is not True:  # `in (None, True)` would take 1 for true
        raise ValueError("takes no value (or true): it holds for everyone")
    return True


def _user_group_value(operator: Operator, value: Any) -> str | list[str]:
    if operator in {Operator.IN_LIST, Operator.NOT_IN_LIST}:
        if not isinstance(value, list) or not value or len(value) > MAX_LIST:
            raise ValueError(f"the value is a list of 1 to {MAX_LIST} user groups")
        return [_text(item) for item in value]
    return _text(value)


def _user_id_value(operator: Operator, value: Any) -> str:
    if operator is Operator.MATCHES and isinstance(value, str) and value.startswith("/"):
        return _slashed_regex(value, example="/^p-1[0-9]+$/")
    return _text(value)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > MAX_TEXT:
        raise ValueError(f"the value is a non-empty text of at most {MAX_TEXT} characters")
    return value.strip()


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_VALUE_CHECKS: dict[ParameterName, Callable[[Operator, Any], Any]] = {
    ParameterName.CONCURRENT_USER: _concurrent_value,
    ParameterName.DNS: _dns_value,
    ParameterName.EMBARGO: _embargo_value,
    ParameterName.IP_RANGE: _ip_range_value,
    ParameterName.LEGANTO_USER: _boolean_value,
    ParameterName.REGISTERED: _boolean_value,
    ParameterName.RESTRICTED_FOR_ALL: _restricted_value,
    ParameterName.USER_GROUP: _user_group_value,
    ParameterName.USER_ID: _user_id_value,
}


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.IGNORECASE)


def _search(slashed: str, subject: str) -> bool:
    """The ``/regex/`` found in ``subject`` (case-insensitive); PatternTimedOut past the time bound."""
    try:
        return _compiled(slashed[1:-1]).search(subject, timeout=REGEX_TIMEOUT_SECONDS) is not None
    except TimeoutError:
        raise PatternTimedOut(slashed) from None


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------


def _no_host() -> str | None:
    return None


@dataclass(frozen=True)
class Viewer:
    """Who asks to see an object. ``user_id`` None is a guest (not registered).

    ``resolve_host`` is the reverse DNS lookup of ``ip``; it is called only when a DNS
    parameter is reached, at most once per evaluation.
    """

    user_id: str | None = None
    user_group: str | None = None
    leganto_user: bool = False
    ip: str | None = None
    resolve_host: Callable[[], str | None] = _no_host

    @property
    def registered(self) -> bool:
        return self.user_id is not None


@dataclass(frozen=True)
class ObjectDates:
    """The dates an embargo can count from."""

    publication_year: int | None = None
    additional_publication_year: int | None = None
    mms_created: date | None = None
    created: date | None = None


@dataclass
class Situation:
    """One evaluation: the viewer, the object, today; the host name looked up on first need.

    ``timed_out`` lists the ``/regex/`` values whose search ran out of time (each counted as
    no match), for the caller to log.
    """

    viewer: Viewer
    dates: ObjectDates
    today: date
    _host: list[str | None] = field(default_factory=list)
    timed_out: list[str] = field(default_factory=list)

    def host_name(self) -> str | None:
        if not self._host:
            self._host.append(self.viewer.resolve_host())
        return self._host[0]


def embargo_end(value: dict[str, Any], dates: ObjectDates) -> date | None:
    """The first day the object is out of embargo; None when the base date is unknown.

    A year counts from its 1 January; months are calendar months (31 Jan + 1 month = 28/29 Feb).
    """
    base = EmbargoBase(value["base"])
    start: date | None
    if base is EmbargoBase.FIXED_DATE:
        start = date.fromisoformat(value["date"])
    elif base is EmbargoBase.PUBLICATION_YEAR:
        start = date(dates.publication_year, 1, 1) if dates.publication_year else None
    elif base is EmbargoBase.ADDITIONAL_PUBLICATION_YEAR:
        year = dates.additional_publication_year
        start = date(year, 1, 1) if year else None
    elif base is EmbargoBase.MMS_CREATION_DATE:
        start = dates.mms_created
    else:
        start = dates.created
    if start is None:
        return None
    amount = int(value.get("amount", 0))
    unit = EmbargoUnit(value.get("unit", EmbargoUnit.YEARS.value))
    step = {
        EmbargoUnit.WEEKS: relativedelta(weeks=amount),
        EmbargoUnit.MONTHS: relativedelta(months=amount),
        EmbargoUnit.YEARS: relativedelta(years=amount),
    }[unit]
    end: date = start + step
    return end


def in_ip_range(value: str, ip: str | None) -> bool | None:
    """Whether ``ip`` is the address or inside the range (both ends included); None if ``ip`` is unusable."""
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is None:
            return False
        address = address.ipv4_mapped
    bounds = [ipaddress.IPv4Address(part.strip()) for part in value.split("-")]
    return bounds[0] <= address <= bounds[-1]


def host_matches(pattern: str, host: str | None) -> bool:
    """The ``/regex/`` searched in the host name (case-insensitive, a trailing dot ignored).

    Raises PatternTimedOut when the search runs out of time.
    """
    if not host:
        return False
    return _search(pattern, host.rstrip("."))


def user_id_matches(operator: Operator, value: str, user_id: str) -> bool:
    """Raises PatternTimedOut when a ``/regex/`` runs out of time (a ``p-1*`` wildcard cannot)."""
    if operator is Operator.MATCHES:
        if value.startswith("/") and value.endswith("/") and len(value) > 2:
            return _search(value, user_id)
        return fnmatch.fnmatchcase(user_id.casefold(), value.casefold())
    same = user_id.casefold() == value.casefold()
    return same if operator is Operator.EQ else not same


def user_group_holds(operator: Operator, value: str | list[str], viewer: Viewer) -> bool:
    """Guests never satisfy a user-group parameter, not even "not in" (add Registered to be explicit)."""
    if not viewer.registered:
        return False
    wanted = {v.casefold() for v in ([value] if isinstance(value, str) else value)}
    group = (viewer.user_group or "").casefold()
    member = bool(group) and group in wanted
    return member if operator in {Operator.EQ, Operator.IN_LIST} else not member


def holds(parameter: Parameter, situation: Situation) -> bool:
    """Whether one parameter holds (every kind but Concurrent User, which needs sessions).

    A ``/regex/`` that runs out of time is no match, so its parameter does not hold; the
    pattern is added to ``situation.timed_out``.
    """
    try:
        return _holds(parameter, situation)
    except PatternTimedOut as slow:
        situation.timed_out.append(slow.pattern)
        return False


def _holds(parameter: Parameter, situation: Situation) -> bool:
    name, op = parameter.name, parameter.operator
    value: Any = parameter.value  # its shape is the name's, checked on save (check_parameters)
    viewer = situation.viewer
    if name is ParameterName.RESTRICTED_FOR_ALL:
        return True
    if name is ParameterName.REGISTERED:
        return bool(viewer.registered == value) if op is Operator.EQ else bool(viewer.registered != value)
    if name is ParameterName.LEGANTO_USER:
        return bool((viewer.registered and viewer.leganto_user) == value)
    if name is ParameterName.USER_GROUP:
        return user_group_holds(op, value, viewer)
    if name is ParameterName.USER_ID:
        return viewer.user_id is not None and user_id_matches(op, value, viewer.user_id)
    if name is ParameterName.IP_RANGE:
        inside = in_ip_range(value, viewer.ip)
        if inside is None:
            return False
        return inside if op is Operator.EQ else not inside
    if name is ParameterName.EMBARGO:
        end = embargo_end(value, situation.dates)
        if end is None:  # the base date is unknown: treat the object as still under embargo
            return op is Operator.BEFORE
        return situation.today < end if op is Operator.BEFORE else situation.today >= end
    if name is ParameterName.DNS:
        return host_matches(value, situation.host_name())
    raise ValueError(f"{name.value} is decided with sessions, not here")


# Cheap parameters first, the host lookup after them, sessions last (they write).
COST: dict[ParameterName, int] = dict.fromkeys(ParameterName, 0) | {
    ParameterName.DNS: 1,
    ParameterName.CONCURRENT_USER: 2,
}
