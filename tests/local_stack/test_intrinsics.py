"""Intrinsic functions resolve as CloudFormation resolves them."""

from __future__ import annotations

from typing import Any

import pytest

from local_stack.intrinsics import NO_VALUE, IntrinsicError, Resolver, UnresolvedReference


def resolver(**overrides: Any) -> Resolver:
    """A resolver with a small, fixed world: two parameters, one mapping, conditions, two resources."""
    physical = {"Table": "RequestsTable", "Bucket": "stack-bucket"}

    def ref(name: str) -> str:
        if name not in physical:
            raise UnresolvedReference(name)
        return physical[name]

    def get_att(name: str, attribute: str) -> str:
        return f"arn:{ref(name)}:{attribute}"

    settings: dict[str, Any] = {
        "parameters": {"Stage": "prod", "Days": "30", "Names": ["a", "b", "c"]},
        "pseudo": {"AWS::Region": "eu-west-1", "AWS::StackName": "demo", "AWS::AccountId": "123"},
        "mappings": {"Stages": {"prod": {"Level": "INFO"}, "dev": {"Level": "DEBUG"}}},
        "conditions": {
            "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
            "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
            "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Equals": ["30", {"Ref": "Days"}]}]},
            "Either": {"Fn::Or": [{"Condition": "IsDev"}, {"Fn::Equals": [1, "1"]}]},
        },
        "ref": ref,
        "get_att": get_att,
    }
    settings.update(overrides)
    return Resolver(**settings)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ({"Ref": "Stage"}, "prod"),
        ({"Ref": "AWS::Region"}, "eu-west-1"),
        ({"Ref": "Table"}, "RequestsTable"),
        ({"Fn::GetAtt": ["Bucket", "Arn"]}, "arn:stack-bucket:Arn"),
        ({"Fn::GetAtt": "Bucket.Arn"}, "arn:stack-bucket:Arn"),
        ({"Fn::Sub": "${AWS::StackName}-${Stage}-${Table}"}, "demo-prod-RequestsTable"),
        ({"Fn::Sub": "${Bucket.Arn}/*"}, "arn:stack-bucket:Arn/*"),
        ({"Fn::Sub": "${!Literal} ${Stage}"}, "${Literal} prod"),
        ({"Fn::Sub": ["${X}-${Stage}", {"X": {"Ref": "Table"}}]}, "RequestsTable-prod"),
        ({"Fn::FindInMap": ["Stages", {"Ref": "Stage"}, "Level"]}, "INFO"),
        ({"Fn::If": ["IsProd", "yes", "no"]}, "yes"),
        ({"Fn::If": ["IsDev", "yes", "no"]}, "no"),
        ({"Fn::If": ["Both", True, False]}, True),
        ({"Fn::If": ["Either", 1, 2]}, 1),
        ({"Fn::Join": ["/", ["a", {"Ref": "Stage"}, 3]]}, "a/prod/3"),
        ({"Fn::Select": [1, {"Ref": "Names"}]}, "b"),
        ({"Fn::Select": ["0", ["x", "y"]]}, "x"),
        ({"Fn::Split": [",", "a,b"]}, ["a", "b"]),
        ({"Fn::Base64": "hi"}, "aGk="),
    ],
)
def test_expressions(expression: Any, expected: Any) -> None:
    assert resolver().resolve(expression) == expected


def test_nested_structures_and_no_value_removal() -> None:
    value = {
        "Keep": {"Ref": "Stage"},
        "Drop": {"Fn::If": ["IsDev", "x", {"Ref": "AWS::NoValue"}]},
        "List": ["a", {"Fn::If": ["IsDev", "b", {"Ref": "AWS::NoValue"}]}, {"Fn::Sub": "${Days}"}],
        "Policy": {"Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    }
    assert resolver().resolve(value) == {
        "Keep": "prod",
        "List": ["a", "30"],
        "Policy": {"Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    }
    assert resolver().resolve({"Ref": "AWS::NoValue"}) is NO_VALUE


def test_conditions_are_evaluated_by_name() -> None:
    r = resolver()
    assert r.condition("IsProd") is True
    assert r.condition("IsDev") is False


@pytest.mark.parametrize(
    "expression",
    [
        {"Ref": "Nope"},
        {"Fn::FindInMap": ["Stages", "test", "Level"]},
        {"Fn::If": ["Unknown", 1, 2]},
        {"Fn::Select": [5, ["a"]]},
        {"Fn::ImportValue": "x"},
        {"Fn::Sub": 3},
        {"Ref": "AWS::Bogus"},
    ],
)
def test_errors_are_reported(expression: Any) -> None:
    with pytest.raises(IntrinsicError):
        resolver().resolve(expression)


def test_resources_without_lookups_are_unresolved() -> None:
    with pytest.raises(UnresolvedReference):
        resolver(ref=None).resolve({"Ref": "Table"})
