"""Paths reach the route API Gateway would pick."""

from __future__ import annotations

import pytest

from local_stack.routing import MethodNotAllowed, NoRoute, RouteTable, split_path
from local_stack.template import Route


def route(method: str, path: str, function: str = "F") -> Route:
    return Route(method=method, path=path, function=function, api="Api")


TABLE = RouteTable(
    [
        route("GET", "/requests", "List"),
        route("POST", "/requests", "Create"),
        route("GET", "/requests/{id}", "Get"),
        route("GET", "/requests/approvals", "Approvals"),
        route("PATCH", "/requests/{id}/notes/{note_id}", "EditNote"),
        route("ANY", "/files/{proxy+}", "Files"),
        route("GET", "/files/special", "Special"),
        route("HEAD", "/ping", "Ping"),
    ]
)


@pytest.mark.parametrize(
    ("method", "path", "function", "parameters"),
    [
        ("GET", "/requests", "List", {}),
        ("POST", "/requests/", "Create", {}),
        ("GET", "/requests/abc", "Get", {"id": "abc"}),
        ("GET", "/requests/approvals", "Approvals", {}),  # a literal beats a parameter
        ("PATCH", "/requests/r1/notes/n%202", "EditNote", {"id": "r1", "note_id": "n 2"}),
        ("DELETE", "/files/a/b/c.pdf", "Files", {"proxy": "a/b/c.pdf"}),
        ("GET", "/files/special", "Special", {}),
        ("HEAD", "/ping", "Ping", {}),
    ],
)
def test_matches(method: str, path: str, function: str, parameters: dict[str, str]) -> None:
    match = TABLE.match(method, path)
    assert match.route.function == function
    assert match.path_parameters == parameters


@pytest.mark.parametrize("path", ["/", "/nope", "/requests/a/b", "/files", "/requests//notes/x"])
def test_unknown_paths(path: str) -> None:
    with pytest.raises(NoRoute):
        TABLE.match("GET", path)


def test_known_path_wrong_method() -> None:
    with pytest.raises(MethodNotAllowed) as raised:
        TABLE.match("DELETE", "/requests")
    assert raised.value.allowed == ["GET", "POST"]


def test_head_is_its_own_method() -> None:
    with pytest.raises(MethodNotAllowed):
        TABLE.match("HEAD", "/requests")
    with pytest.raises(MethodNotAllowed):
        TABLE.match("GET", "/ping")


def test_split_path() -> None:
    assert split_path("/") == []
    assert split_path("/a/b/") == ["a", "b"]


def test_greedy_must_be_last() -> None:
    with pytest.raises(ValueError, match="greedy"):
        RouteTable([route("GET", "/{proxy+}/x")])
