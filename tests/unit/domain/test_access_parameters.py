"""Access-rights rule parameters: validation on save and evaluation, boundaries included."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from digitization.domain.access.parameters import (
    ObjectDates,
    Operator,
    Parameter,
    ParameterName,
    PatternTimedOut,
    Situation,
    Viewer,
    check_parameters,
    embargo_end,
    holds,
    host_matches,
    user_id_matches,
)
from digitization.domain.problems import FieldProblem

TODAY = date(2026, 11, 25)
PATRON = Viewer(user_id="p-100", user_group="undergraduate", ip="172.16.5.9")
GUEST = Viewer(ip="172.16.5.9")


def param(name: str, operator: str, value: Any = None) -> Parameter:
    return check_parameters([{"name": name, "operator": operator, "value": value}])[0]


def check(
    name: str,
    operator: str,
    value: Any,
    viewer: Viewer = PATRON,
    dates: ObjectDates | None = None,
    today: date = TODAY,
) -> bool:
    return holds(param(name, operator, value), Situation(viewer, dates or ObjectDates(), today))


def problem(raw: list[Any]) -> FieldProblem:
    with pytest.raises(FieldProblem) as caught:
        check_parameters(raw)
    return caught.value


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({"name": "colour", "operator": "=", "value": 1}, "0.name", "unknown parameter"),
        ({"name": "ip_range", "operator": ">", "value": "1.2.3.4"}, "0.operator", "use one of: !=, ="),
        ({"name": "ip_range", "operator": "=", "value": "1.2.3"}, "0.value", "IPv4"),
        ({"name": "ip_range", "operator": "=", "value": "10.0.0.9 - 10.0.0.1"}, "0.value", "after its end"),
        (
            {"name": "ip_range", "operator": "=", "value": "10.0.0.1 - 10.0.0.2 - 10.0.0.3"},
            "0.value",
            "range",
        ),
        ({"name": "ip_range", "operator": "=", "value": "::1"}, "0.value", "IPv4"),
        ({"name": "dns", "operator": "=", "value": ".*google\\.com$"}, "0.value", "between slashes"),
        (
            {"name": "dns", "operator": "=", "value": "/(unclosed/"},
            "0.value",
            "not a valid regular expression",
        ),
        ({"name": "dns", "operator": "=", "value": "//"}, "0.value", "between slashes"),
        ({"name": "embargo", "operator": "=", "value": {}}, "0.operator", "before, on_or_after"),
        ({"name": "embargo", "operator": "before", "value": {"base": "yesterday"}}, "0.value", "base"),
        ({"name": "embargo", "operator": "before", "value": {"base": "fixed_date"}}, "0.value", "YYYY-MM-DD"),
        (
            {"name": "embargo", "operator": "before", "value": {"base": "fixed_date", "date": "2026-02-30"}},
            "0.value",
            "not a date",
        ),
        (
            {
                "name": "embargo",
                "operator": "before",
                "value": {"base": "publication_year", "date": "2026-01-01"},
            },
            "0.value",
            "only for a fixed_date",
        ),
        (
            {"name": "embargo", "operator": "before", "value": {"base": "publication_year", "amount": -1}},
            "0.value",
            "amount",
        ),
        (
            {"name": "embargo", "operator": "before", "value": {"base": "publication_year", "unit": "days"}},
            "0.value",
            "unit",
        ),
        ({"name": "concurrent_user", "operator": "=", "value": 3}, "0.value", '{"users": N, "minutes": M}'),
        (
            {"name": "concurrent_user", "operator": "=", "value": {"users": 0, "minutes": 5}},
            "0.value",
            "users",
        ),
        (
            {"name": "concurrent_user", "operator": "=", "value": {"users": 2, "minutes": True}},
            "0.value",
            "minutes",
        ),
        ({"name": "registered", "operator": "=", "value": "yes"}, "0.value", "true or false"),
        ({"name": "restricted_for_all", "operator": "=", "value": False}, "0.value", "takes no value"),
        ({"name": "user_group", "operator": "in_list", "value": "staff"}, "0.value", "list"),
        ({"name": "user_group", "operator": "=", "value": "  "}, "0.value", "non-empty"),
        ({"name": "user_id", "operator": "matches", "value": "/[a-/"}, "0.value", "regular expression"),
        ({"name": "user_id", "operator": "=", "value": "x", "extra": 1}, "0.extra", "not a parameter field"),
        ("user_id = x", "0", "an object"),
    ],
)
def test_bad_parameters_name_the_part(raw: Any, field: str, words: str) -> None:
    found = problem([raw])
    assert found.field == field
    assert words in found.message


@pytest.mark.parametrize("operator", [{}, [], ["="], {"op": "="}, 1, 0, 1.5, True, None])
@pytest.mark.parametrize("name", [p.value for p in ParameterName])
def test_an_operator_of_the_wrong_type_is_named_never_a_crash(name: str, operator: Any) -> None:
    found = problem([{"name": name, "operator": operator, "value": True}])
    assert found.field == "0.operator"
    assert "is not allowed; use one of" in found.message


@pytest.mark.parametrize("value", [{}, [], [[]], [{}], {"a": []}, 1, 1.5, None, "x"])
@pytest.mark.parametrize(
    ("name", "operator"),
    [
        ("concurrent_user", "="),
        ("dns", "="),
        ("embargo", "before"),
        ("ip_range", "!="),
        ("leganto_user", "="),
        ("registered", "="),
        ("restricted_for_all", "="),
        ("user_group", "="),
        ("user_group", "in_list"),
        ("user_id", "matches"),
    ],
)
def test_a_value_of_the_wrong_type_is_named_never_a_crash(name: str, operator: str, value: Any) -> None:
    raw = [{"name": name, "operator": operator, "value": value}]
    if [name, operator, value] in (
        ["user_group", "=", "x"],
        ["user_id", "matches", "x"],
        ["restricted_for_all", "=", None],
    ):
        assert check_parameters(raw)[0].value in {"x", True}  # well-typed, and fine
        return
    assert problem(raw).field == "0.value"


@pytest.mark.parametrize(
    "embargo",
    [
        {"base": {}, "amount": 1},
        {"base": [], "amount": 1},
        {"base": "publication_year", "unit": {}},
        {"base": "publication_year", "unit": []},
        {"base": "publication_year", "amount": []},
        {"base": "fixed_date", "date": {}},
        {"base": "publication_year", "amount": 1, "unit": "years", "x": {}},
    ],
)
def test_embargo_parts_of_the_wrong_type_are_named(embargo: dict[str, Any]) -> None:
    assert problem([{"name": "embargo", "operator": "before", "value": embargo}]).field == "0.value"


def test_restricted_for_all_takes_true_not_one() -> None:
    assert problem([{"name": "restricted_for_all", "operator": "=", "value": 1}]).field == "0.value"


def test_the_index_of_the_bad_parameter_is_named() -> None:
    good = {"name": "registered", "operator": "=", "value": True}
    assert problem([good, good, {"name": "dns", "operator": "=", "value": "x"}]).field == "2.value"


def test_values_are_normalised() -> None:
    assert param("ip_range", "=", " 10.0.0.1-10.0.0.9 ").value == "10.0.0.1 - 10.0.0.9"
    assert param("user_group", "in_list", [" staff ", "faculty"]).value == ["staff", "faculty"]
    assert param("restricted_for_all", "=").value is True
    assert param("embargo", "before", {"base": "publication_year", "amount": 2}).value == {
        "base": "publication_year",
        "date": None,
        "amount": 2,
        "unit": "years",
    }


# --- IP range ---------------------------------------------------------------------------------

RANGE = "10.0.0.10 - 10.0.0.20"


@pytest.mark.parametrize(
    ("ip", "inside"),
    [
        ("10.0.0.9", False),
        ("10.0.0.10", True),
        ("10.0.0.15", True),
        ("10.0.0.20", True),
        ("10.0.0.21", False),
        ("::ffff:10.0.0.10", True),
    ],
)
def test_ip_range_includes_both_ends_only(ip: str, inside: bool) -> None:
    viewer = Viewer(user_id="p", ip=ip)
    assert check("ip_range", "=", RANGE, viewer) is inside
    assert check("ip_range", "!=", RANGE, viewer) is not inside


def test_single_ip_address() -> None:
    assert check("ip_range", "=", "127.0.0.1", Viewer(ip="127.0.0.1"))
    assert not check("ip_range", "=", "127.0.0.1", Viewer(ip="127.0.0.2"))


def test_unknown_or_ipv6_caller_address() -> None:
    assert not check("ip_range", "=", RANGE, Viewer(ip=None))
    assert not check("ip_range", "!=", RANGE, Viewer(ip=None)), "an unknown address proves nothing"
    assert not check("ip_range", "!=", RANGE, Viewer(ip="not-an-ip"))
    assert not check("ip_range", "=", RANGE, Viewer(ip="2001:db8::1"))
    assert check("ip_range", "!=", RANGE, Viewer(ip="2001:db8::1")), (
        "an IPv6 address is outside any IPv4 range"
    )


# --- Embargo ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dates", "end"),
    [
        ({"base": "fixed_date", "date": "2026-11-25"}, ObjectDates(), date(2026, 11, 25)),
        (
            {"base": "fixed_date", "date": "2026-01-31", "amount": 1, "unit": "months"},
            ObjectDates(),
            date(2026, 2, 28),
        ),
        (
            {"base": "fixed_date", "date": "2026-11-11", "amount": 2, "unit": "weeks"},
            ObjectDates(),
            date(2026, 11, 25),
        ),
        ({"base": "publication_year", "amount": 3}, ObjectDates(publication_year=2023), date(2026, 1, 1)),
        (
            {"base": "additional_publication_year", "amount": 1},
            ObjectDates(publication_year=1990, additional_publication_year=2025),
            date(2026, 1, 1),
        ),
        (
            {"base": "mms_creation_date", "amount": 6, "unit": "months"},
            ObjectDates(mms_created=date(2024, 2, 29)),
            date(2024, 8, 29),
        ),
        (
            {"base": "representation_creation_date", "amount": 1},
            ObjectDates(created=date(2024, 2, 29)),
            date(2025, 2, 28),
        ),
        ({"base": "publication_year", "amount": 3}, ObjectDates(), None),
    ],
)
def test_embargo_end_date(value: dict[str, Any], dates: ObjectDates, end: date | None) -> None:
    checked: Any = param("embargo", "before", value).value
    assert embargo_end(checked, dates) == end


@pytest.mark.parametrize(
    ("today", "embargoed"),
    [(date(2026, 11, 24), True), (date(2026, 11, 25), False), (date(2026, 11, 26), False)],
)
def test_embargo_ends_on_the_exact_day(today: date, embargoed: bool) -> None:
    value = {"base": "representation_creation_date", "amount": 1, "unit": "years"}
    dates = ObjectDates(created=date(2025, 11, 25))
    assert check("embargo", "before", value, dates=dates, today=today) is embargoed
    assert check("embargo", "on_or_after", value, dates=dates, today=today) is not embargoed


def test_embargo_with_an_unknown_base_date_keeps_the_object_embargoed() -> None:
    value = {"base": "mms_creation_date", "amount": 1}
    assert check("embargo", "before", value, dates=ObjectDates())
    assert not check("embargo", "on_or_after", value, dates=ObjectDates())


# --- DNS --------------------------------------------------------------------------------------


def dns(pattern: str, host: str | None) -> bool:
    return check("dns", "=", pattern, Viewer(user_id="p", ip="66.249.66.1", resolve_host=lambda: host))


@pytest.mark.parametrize(
    ("host", "matches"),
    [
        ("crawl-66-249-66-1.googlebot.com", True),
        ("www.google.com", True),
        ("GOOGLEBOT.COM.", True),
        ("googlebot.com.evil.example", False),
        ("google.co", False),
        (None, False),
    ],
)
def test_dns_end_anchor(host: str | None, matches: bool) -> None:
    assert dns(r"/.*google(bot)?\.com$/", host) is matches


def test_dns_start_anchor() -> None:
    assert dns(r"/^lib\./", "lib.example.edu")
    assert not dns(r"/^lib\./", "www.lib.example.edu")
    assert dns(r"/lib\./", "www.lib.example.edu"), "without ^ the expression may match anywhere"


def test_host_is_looked_up_once_and_only_for_dns() -> None:
    lookups: list[str] = []

    def resolve() -> str:
        lookups.append("x")
        return "lib.example.edu"

    situation = Situation(Viewer(user_id="p", resolve_host=resolve), ObjectDates(), TODAY)
    assert holds(param("registered", "=", True), situation)
    assert lookups == []
    assert holds(param("dns", "=", r"/example\.edu$/"), situation)
    assert holds(param("dns", "=", r"/^lib/"), situation)
    assert lookups == ["x"]


# --- Users ------------------------------------------------------------------------------------


def test_registered_and_guests() -> None:
    assert check("registered", "=", True, PATRON)
    assert not check("registered", "=", True, GUEST)
    assert check("registered", "!=", False, PATRON), "= true is the same as != false"
    assert check("registered", "=", False, GUEST)


def test_leganto_user() -> None:
    leganto = Viewer(user_id="p", leganto_user=True)
    assert check("leganto_user", "=", True, leganto)
    assert not check("leganto_user", "=", True, PATRON)
    assert check("leganto_user", "=", False, PATRON)
    assert not check("leganto_user", "=", True, Viewer(leganto_user=True)), "a guest is no Leganto user"


def test_restricted_for_all_holds_for_everyone() -> None:
    assert check("restricted_for_all", "=", None, PATRON)
    assert check("restricted_for_all", "=", True, GUEST)


def test_user_group_operators() -> None:
    assert check("user_group", "=", "Undergraduate", PATRON), "groups compare without case"
    assert not check("user_group", "!=", "undergraduate", PATRON)
    assert check("user_group", "in_list", ["staff", "undergraduate"], PATRON)
    assert not check("user_group", "not_in_list", ["staff", "undergraduate"], PATRON)
    assert check("user_group", "not_in_list", ["staff"], PATRON)


def test_user_group_not_in_does_not_let_a_guest_in() -> None:
    assert not check("user_group", "not_in_list", ["staff"], GUEST)
    assert not check("user_group", "!=", "staff", GUEST)
    assert not check("user_group", "in_list", ["staff"], GUEST)


def test_user_group_of_a_registered_user_without_a_group() -> None:
    unknown = Viewer(user_id="p-1")
    assert not check("user_group", "=", "staff", unknown)
    assert check("user_group", "not_in_list", ["staff"], unknown), "registered, and not in the list"


def test_user_id_exact_and_patterns() -> None:
    assert check("user_id", "=", "P-100", PATRON)
    assert check("user_id", "!=", "p-101", PATRON)
    assert check("user_id", "matches", "p-1*", PATRON)
    assert not check("user_id", "matches", "p-2*", PATRON)
    assert check("user_id", "matches", "p-1?0", PATRON)
    assert check("user_id", "matches", "/^p-[0-9]{3}$/", PATRON)
    assert not check("user_id", "matches", "/^p-[0-9]{2}$/", PATRON)
    assert not check("user_id", "=", "p-100", GUEST)
    assert not check("user_id", "!=", "p-100", GUEST), "a guest has no user id to compare"


# --- Administrators' regular expressions run with a time bound ---------------------------------

# 28 a's and one more character: backtracking tries every way to split the a's before failing.
LONG_NAME = "a" * 28 + "!"
# Exponential even in the regex package (which handles the nested /^(a+)+$/ itself); the search
# runs out of REGEX_TIMEOUT_SECONDS instead of running for years.
RUNAWAY = "/^(a|a)+$/"


def test_the_reported_nested_pattern_is_no_match() -> None:
    """Issue 12: /^(a+)+$/ on a long user name took seconds per view with the re module."""
    situation = Situation(Viewer(user_id=LONG_NAME), ObjectDates(), TODAY)
    assert not holds(param("user_id", "matches", "/^(a+)+$/"), situation)
    assert holds(
        param("user_id", "matches", "/^(a+)+$/"), Situation(Viewer(user_id="a" * 28), ObjectDates(), TODAY)
    )


def test_a_user_id_pattern_that_runs_out_of_time_is_no_match_and_is_noted() -> None:
    situation = Situation(Viewer(user_id=LONG_NAME), ObjectDates(), TODAY)
    assert not holds(param("user_id", "matches", RUNAWAY), situation)
    assert situation.timed_out == [RUNAWAY], "the caller logs the pattern"


def test_a_dns_pattern_that_runs_out_of_time_is_no_match_and_is_noted() -> None:
    viewer = Viewer(user_id="p", resolve_host=lambda: "a" * 28 + ".example.net")
    situation = Situation(viewer, ObjectDates(), TODAY)
    assert not holds(param("dns", "=", RUNAWAY), situation)
    assert situation.timed_out == [RUNAWAY]


def test_the_matchers_signal_the_timeout() -> None:
    with pytest.raises(PatternTimedOut) as caught:
        user_id_matches(Operator.MATCHES, RUNAWAY, LONG_NAME)
    assert caught.value.pattern == RUNAWAY
    with pytest.raises(PatternTimedOut):
        host_matches(RUNAWAY, "a" * 28 + ".example.net")


def test_patterns_that_finish_still_match_and_note_nothing() -> None:
    situation = Situation(
        Viewer(user_id="P-100", resolve_host=lambda: "lib.example.edu."), ObjectDates(), TODAY
    )
    assert holds(param("user_id", "matches", "/^p-[0-9]{3}$/"), situation), "case-insensitive"
    assert holds(
        param("user_id", "matches", RUNAWAY), Situation(Viewer(user_id="aaaa"), ObjectDates(), TODAY)
    )
    assert not holds(param("user_id", "matches", "/^q-/"), situation)
    assert holds(param("dns", "=", r"/\.example\.edu$/"), situation)
    assert situation.timed_out == []


def test_concurrent_user_is_not_decided_here() -> None:
    with pytest.raises(ValueError, match="sessions"):
        check("concurrent_user", "=", {"users": 1, "minutes": 1})


def test_every_parameter_has_operators_and_a_check() -> None:
    for name in ParameterName:
        assert param_ok(name)


def param_ok(name: ParameterName) -> bool:
    samples: dict[ParameterName, tuple[Operator, Any]] = {
        ParameterName.CONCURRENT_USER: (Operator.EQ, {"users": 1, "minutes": 1}),
        ParameterName.DNS: (Operator.EQ, "/x/"),
        ParameterName.EMBARGO: (Operator.BEFORE, {"base": "publication_year"}),
        ParameterName.IP_RANGE: (Operator.EQ, "1.2.3.4"),
        ParameterName.LEGANTO_USER: (Operator.EQ, True),
        ParameterName.REGISTERED: (Operator.EQ, True),
        ParameterName.RESTRICTED_FOR_ALL: (Operator.EQ, None),
        ParameterName.USER_GROUP: (Operator.EQ, "x"),
        ParameterName.USER_ID: (Operator.EQ, "x"),
    }
    operator, value = samples[name]
    return param(name.value, operator.value, value).name is name
