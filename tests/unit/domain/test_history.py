"""Configuration history lines: only what changed, bookkeeping aside, nothing for no change."""

from __future__ import annotations

from digitization.domain import limits
from digitization.domain.history import Action, Author, FieldChange, diff, entry
from digitization.domain.letter_templates import SUBJECT_CHARS, TEXT_CHARS

AUTHOR = Author(by="admin1", at="2026-03-04T10:30:00.000Z")


def test_diff_names_each_changed_field_with_old_and_new() -> None:
    old = {"name": "A", "enabled": True, "clauses": [1], "updated_by": "x", "version": 3}
    new = {"name": "B", "enabled": True, "clauses": [1, 2], "output": {}, "updated_by": "y", "version": 4}
    assert diff(old, new) == [
        FieldChange(field="clauses", old=[1], new=[1, 2]),
        FieldChange(field="name", old="A", new="B"),
        FieldChange(field="output", old=None, new={}),
    ]


def test_a_creation_and_a_deletion_show_every_field() -> None:
    created = entry(AUTHOR, Action.CREATED, "r1", None, {"name": "A"})
    assert created is not None
    assert (created.by, created.at, created.action, created.subject) == (
        AUTHOR.by,
        AUTHOR.at,
        "created",
        "r1",
    )
    assert created.changes == [FieldChange(field="name", old=None, new="A")]
    deleted = entry(AUTHOR, Action.DELETED, "r1", {"name": "A"}, None)
    assert deleted is not None
    assert deleted.changes == [FieldChange(field="name", old="A", new=None)]


def test_no_change_makes_no_line() -> None:
    assert (
        entry(
            AUTHOR, Action.CHANGED, "r1", {"name": "A", "updated_at": "1"}, {"name": "A", "updated_at": "2"}
        )
        is None
    )


def test_the_largest_lines_fit_one_dynamodb_item() -> None:
    """A policy replaced wholesale (old and new, each at most POLICY_BYTES), a letter's wording of
    four-byte characters at its bounds: each line still fits DynamoDB's 400 KB item."""
    policy = entry(
        AUTHOR,
        Action.CHANGED,
        "p",
        {"rules": "a" * limits.POLICY_BYTES},
        {"rules": "b" * limits.POLICY_BYTES},
    )
    emoji = "\U0001f600"
    letter = entry(
        AUTHOR,
        Action.CHANGED,
        "delivered_link",
        {"subject": emoji * SUBJECT_CHARS, "text": emoji * TEXT_CHARS},
        {"subject": "x" + emoji * (SUBJECT_CHARS - 1), "text": "x" + emoji * (TEXT_CHARS - 1)},
    )
    for line in (policy, letter):
        assert line is not None
        assert limits.json_bytes(line.model_dump(mode="json")) < limits.DYNAMODB_ITEM_BYTES - limits.KIB
