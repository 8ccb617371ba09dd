"""Bounds on what a body may hold (SPEC §8): each refusal names the field, and what is stored stays small."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from digitization.domain import limits
from digitization.domain.access.policies import PolicyInput
from digitization.domain.attachments import AttachmentInput
from digitization.domain.commands import RequestChanges
from digitization.domain.requests import NewRequest
from digitization.domain.rules import RuleInput
from digitization.http import describe_validation_error

OUTPUT = {"target": "document_delivery_link", "max_views": 3}
WIDE = "\U0001f4da"  # a book: one character, four bytes in UTF-8


def refusal(model: type[BaseModel], body: Any) -> tuple[str | None, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    return describe_validation_error(dict(caught.value.errors()[0]))


def in_list(values: list[str]) -> dict[str, Any]:
    return {"name": "user_group", "operator": "in_list", "value": values}


# -- rules ---------------------------------------------------------------------------------------


def test_a_rule_of_many_long_clauses_is_refused_naming_the_clauses() -> None:
    # Each clause is within its own bounds (50 values of 100 characters); together they are not.
    clauses = [in_list([f"{i}-{j}-" + "g" * 95 for j in range(50)]) for i in range(5)]
    field, message = refusal(RuleInput, {"name": "Big", "clauses": clauses, "output": OUTPUT})
    assert field == "clauses"
    assert f"at most {limits.RULE_BYTES:,}" in message


def test_a_rule_counts_bytes_not_characters() -> None:
    description = WIDE * limits.RULE_DESCRIPTION_CHARS  # 2,000 characters, 8,000 bytes
    clauses = [in_list([WIDE * 200] * 10) for _ in range(3)]  # 6,000 characters, 24,000 bytes
    field, _ = refusal(
        RuleInput, {"name": "Wide", "description": description, "clauses": clauses, "output": OUTPUT}
    )
    assert field == "clauses"


def test_a_realistic_large_rule_fits() -> None:
    clauses = [in_list([f"group-{i}-{j}" for j in range(40)]) for i in range(10)]
    rule = RuleInput.model_validate(
        {"name": "N" * 200, "description": "d" * 2000, "clauses": clauses, "output": OUTPUT}
    )
    assert limits.json_bytes(rule.model_dump(mode="json")) < limits.RULE_BYTES


@pytest.mark.parametrize(
    ("clause", "field", "words"),
    [
        (in_list(["g"] * (limits.CLAUSE_LIST_VALUES + 1)), "clauses[0].value", "at most 50"),
        (in_list(["g" * (limits.CLAUSE_TEXT_CHARS + 1)]), "clauses[0].value", "at most 200 characters"),
        (
            {"name": "publisher", "operator": "contains", "value": "p" * 201},
            "clauses[0].value",
            "at most 200 characters",
        ),
        ({"name": "x" * 1000, "operator": "=", "value": 1}, "clauses[0].name", "unknown clause"),
    ],
)
def test_clause_values_are_bounded(clause: dict[str, Any], field: str, words: str) -> None:
    got, message = refusal(RuleInput, {"name": "R", "clauses": [clause], "output": OUTPUT})
    assert got == field
    assert words in message


def test_too_many_clauses_are_refused_before_each_is_checked() -> None:
    clauses = [
        {"name": "required_pages", "operator": ">", "value": i} for i in range(limits.RULE_CLAUSES + 1)
    ]
    field, message = refusal(RuleInput, {"name": "R", "clauses": clauses, "output": OUTPUT})
    assert field == "clauses"
    assert "at most 50" in message


def test_representation_settings_are_bounded() -> None:
    output = {"target": "digital_inventory", "representation": {"collection": "c" * 201}}
    assert refusal(RuleInput, {"name": "R", "output": output})[0] == "output.representation.collection"


def test_clauses_are_normalised_and_typed() -> None:
    rule = RuleInput.model_validate(
        {
            "name": "R",
            "clauses": [
                {"name": "user_group", "operator": "in_list", "value": [" staff ", "faculty"]},
                {"name": "publication_date", "operator": "=", "value": {"within_last_years": 5}},
                {"name": "total_copyright_work_percentage", "operator": ">", "value": 12.5},
            ],
            "output": OUTPUT,
        }
    )
    assert [c.value for c in rule.clauses] == [["staff", "faculty"], {"within_last_years": 5}, 12.5]


# -- access-rights policies --------------------------------------------------------------------------


def test_a_policy_over_its_size_is_refused_naming_the_rules() -> None:
    rule = {"name": "R", "description": WIDE * 2000, "output": {"access": "allow"}}  # 8 KB each
    field, message = refusal(PolicyInput, {"name": "Big", "rules": [rule] * 20})
    assert field == "rules"
    assert f"at most {limits.POLICY_BYTES:,}" in message


def test_a_policy_of_many_rules_within_its_size_fits() -> None:
    rule = {
        "name": "R" * 200,
        "description": "d" * 500,
        "parameters": [{"name": "user_group", "operator": "in_list", "value": ["staff", "faculty"]}],
        "output": {"access": "allow"},
    }
    policy = PolicyInput.model_validate({"name": "Many", "rules": [rule] * 50})
    assert limits.json_bytes(policy.model_dump(mode="json")) < limits.POLICY_BYTES


# -- requests --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pages": "1-2," * 200}, "pages"),
        (
            {"requester": {"user_id": "patron1", "email": "a" * 64 + "@" + "b" * 250 + ".edu"}},
            "requester.email",
        ),
        ({"chapters": ["1"] * (limits.CHAPTERS + 1)}, "chapters"),
        ({"article_title": "t" * 501}, "article_title"),
    ],
)
def test_request_texts_and_lists_are_bounded(
    create_body: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    body = copy.deepcopy(create_body) | change
    assert refusal(NewRequest, body)[0] == field


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pages": "1" * (limits.PAGES_CHARS + 1)}, "pages"),
        ({"chapters": ["1"] * (limits.CHAPTERS + 1)}, "chapters"),
    ],
)
def test_request_changes_are_bounded(body: dict[str, Any], field: str) -> None:
    assert refusal(RequestChanges, body)[0] == field


def test_an_attachment_url_is_bounded() -> None:
    url = "https://example.org/" + "a" * limits.URL_CHARS
    assert refusal(AttachmentInput, {"url": url})[0] == "url"
