"""Every text and list the API accepts has a bound, and the served OpenAPI document shows it (SPEC §8).

The walk follows each operation's request body and query parameters through every ``$ref``,
``anyOf``/``oneOf``/``allOf``, array item and object property. A string needs ``maxLength``
unless it is an enum, a constant or a date; an array needs ``maxItems``; an object needs its
properties (or typed additional properties with ``maxProperties`` or named keys); a number
needs a ``maximum``; a schema with no type at all (``Any``) is refused. The document read is
the committed one, which ``test_docs`` holds equal to what the handlers build.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DOCUMENT = Path(__file__).resolve().parents[2] / "layers" / "shared" / "digitization" / "openapi.json"
UNBOUNDED_FORMATS_ALLOWED = frozenset({"date", "date-time"})
COMBINERS = ("anyOf", "oneOf", "allOf")


def _document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DOCUMENT.read_text())
    return loaded


def _resolve(document: dict[str, Any], ref: str) -> tuple[str, dict[str, Any]]:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return ref.rsplit("/", 1)[-1], node


def unbounded(
    document: dict[str, Any], schema: dict[str, Any], path: str, seen: frozenset[str]
) -> Iterator[str]:
    """Where ``schema`` (at ``path``) lets an unbounded text, list, object or number through."""
    if "$ref" in schema:
        name, target = _resolve(document, schema["$ref"])
        if name not in seen:
            yield from unbounded(document, target, path, seen | {name})
        return
    combined = [sub for key in COMBINERS for sub in schema.get(key, [])]
    for sub in combined:
        yield from unbounded(document, sub, path, seen)
    kind = schema.get("type")
    if kind is None:
        if not combined and "enum" not in schema and "const" not in schema:
            yield f"{path}: any value (no type)"
        return
    if "enum" in schema or "const" in schema:
        return
    if kind == "string":
        if "maxLength" not in schema and schema.get("format") not in UNBOUNDED_FORMATS_ALLOWED:
            yield f"{path}: string without maxLength"
    elif kind == "array":
        if "maxItems" not in schema:
            yield f"{path}: array without maxItems"
        yield from unbounded(document, schema.get("items", {}), f"{path}[]", seen)
    elif kind == "object":
        properties = schema.get("properties", {})
        for name, sub in properties.items():
            yield from unbounded(document, sub, f"{path}.{name}", seen)
        extra = schema.get("additionalProperties", not properties)
        if extra is True:
            yield f"{path}: object with any properties"
        elif isinstance(extra, dict):
            if "maxProperties" not in schema and "propertyNames" not in schema:
                yield f"{path}: object without maxProperties"
            yield from unbounded(document, extra, f"{path}.*", seen)
    elif kind in {"integer", "number"} and not {"maximum", "exclusiveMaximum"} & set(schema):
        yield f"{path}: {kind} without maximum"


def accepted_inputs(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, schema) of every request body and query parameter of every operation."""
    for route, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {route}"
            for content in operation.get("requestBody", {}).get("content", {}).values():
                yield f"{where} body", content["schema"]
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    yield f"{where} ?{parameter['name']}", parameter["schema"]


def test_every_text_list_object_and_number_a_client_sends_is_bounded() -> None:
    document = _document()
    problems = [
        problem
        for where, schema in accepted_inputs(document)
        for problem in unbounded(document, schema, where, frozenset())
    ]
    assert problems == [], "\n".join(problems)


def test_the_walk_sees_every_body_and_finds_what_it_should() -> None:
    document = _document()
    bodies = [where for where, _ in accepted_inputs(document) if where.endswith(" body")]
    assert "POST /requests body" in bodies
    assert "POST /access-rights body" in bodies
    assert len(bodies) >= 30, bodies
    synthetic = {
        "type": "object",
        "properties": {
            "free": {"type": "string"},
            "listed": {"type": "array", "items": {"type": "string", "maxLength": 3}},
            "anything": {},
            "mapping": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 3}},
            "count": {"type": "integer"},
            "day": {"type": "string", "format": "date"},
            "choice": {"type": "string", "enum": ["a"]},
        },
    }
    assert sorted(unbounded(document, synthetic, "x", frozenset())) == [
        "x.anything: any value (no type)",
        "x.count: integer without maximum",
        "x.free: string without maxLength",
        "x.listed: array without maxItems",
        "x.mapping: object without maxProperties",
    ]


@pytest.mark.parametrize("route", ["/rules", "/access-rights"])
def test_the_free_form_values_are_described(route: str) -> None:
    """Clause and parameter values are typed unions the document shows, not ``Any``."""
    document = _document()
    schema = document["paths"][route]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert list(unbounded(document, schema, route, frozenset())) == []
