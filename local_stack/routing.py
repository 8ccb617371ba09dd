"""Match request paths to API routes the way API Gateway (REST) selects a resource.

A path template has literal segments, ``{name}`` parameters (one segment) and
a final greedy ``{name+}`` (one or more segments). The most specific resource
wins: literal beats parameter beats greedy, segment by segment from the left.
Then the method is looked up on that resource (exact method, else ``ANY``);
a resource without it answers 405.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from local_stack.template import Route

__all__ = ["Match", "MethodNotAllowed", "NoRoute", "RouteTable", "split_path"]

_PARAMETER = re.compile(r"^\{([^{}+]+)\}$")
_GREEDY = re.compile(r"^\{([^{}+]+)\+\}$")
_LITERAL, _PARAM, _GREEDY_RANK = 0, 1, 2


class NoRoute(LookupError):
    """No resource of the API matches the path (404)."""


class MethodNotAllowed(LookupError):
    """The resource exists but not with this method (405)."""

    def __init__(self, path: str, allowed: Iterable[str]) -> None:
        self.allowed = sorted(set(allowed))
        super().__init__(f"{path} allows {', '.join(self.allowed)}")


@dataclass(frozen=True)
class Match:
    """The route chosen for a request and the path parameters it binds."""

    route: Route
    resource: str
    path_parameters: dict[str, str]


@dataclass(frozen=True)
class _Resource:
    path: str
    segments: tuple[str, ...]
    rank: tuple[int, ...]
    methods: dict[str, Route]

    def bind(self, parts: list[str]) -> dict[str, str] | None:
        """Path parameters if ``parts`` match this resource, else None."""
        bound: dict[str, str] = {}
        for index, segment in enumerate(self.segments):
            greedy = _GREEDY.match(segment)
            if greedy:
                rest = parts[index:]
                if not rest:
                    return None
                bound[greedy.group(1)] = unquote("/".join(rest))
                return bound
            if index >= len(parts):
                return None
            parameter = _PARAMETER.match(segment)
            if parameter:
                if not parts[index]:
                    return None
                bound[parameter.group(1)] = unquote(parts[index])
            elif segment != unquote(parts[index]):
                return None
        return bound if len(parts) == len(self.segments) else None


def split_path(path: str) -> list[str]:
    """Segments of a request path; a trailing slash is ignored like API Gateway does."""
    stripped = path.strip("/")
    return stripped.split("/") if stripped else []


class RouteTable:
    """All routes of the served APIs, grouped by resource path."""

    def __init__(self, routes: Iterable[Route]) -> None:
        by_path: dict[str, dict[str, Route]] = {}
        for route in routes:
            methods = by_path.setdefault(route.path, {})
            if route.method in methods and methods[route.method] != route:
                raise ValueError(f"two routes for {route.method} {route.path}")
            methods[route.method] = route
        self._resources = []
        for path, methods in by_path.items():
            segments = tuple(split_path(path))
            rank = tuple(
                _GREEDY_RANK if _GREEDY.match(s) else _PARAM if _PARAMETER.match(s) else _LITERAL
                for s in segments
            )
            if _GREEDY_RANK in rank[:-1]:
                raise ValueError(f"{path}: a greedy parameter must be the last segment")
            self._resources.append(_Resource(path, segments, rank, methods))
        self._resources.sort(key=lambda r: r.rank)

    @property
    def routes(self) -> list[Route]:
        """Every route, most specific resources first."""
        return [route for resource in self._resources for route in resource.methods.values()]

    def match(self, method: str, path: str) -> Match:
        """The route for ``method path``; raises :class:`NoRoute` or :class:`MethodNotAllowed`."""
        parts = split_path(path)
        for resource in self._resources:  # sorted: the first that binds is the most specific
            bound = resource.bind(parts)
            if bound is None:
                continue
            route = resource.methods.get(method.upper()) or resource.methods.get("ANY")
            if route is None:
                raise MethodNotAllowed(resource.path, resource.methods)
            return Match(route=route, resource=resource.path, path_parameters=bound)
        raise NoRoute(path)
