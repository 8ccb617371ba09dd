from __future__ import annotations

from typing import Any

import pytest

from digitization.domain import lifecycle, notes
from digitization.domain.notes import NoteField
from digitization.domain.requests import NewRequest, Request
from digitization.errors import NotFound


@pytest.fixture
def request_with_notes(create_body: dict[str, Any]) -> Request:
    request = lifecycle.open_request(NewRequest.model_validate(create_body), created_by="patron1")
    request = notes.add_note(request, notes.new_note("Fragile spine", "operator1"))
    return notes.add_note(request, notes.new_note("Colour plates on p. 40", "manager1"))


def test_add_keeps_order_and_history(request_with_notes: Request) -> None:
    assert [n.text for n in request_with_notes.notes] == ["Fragile spine", "Colour plates on p. 40"]
    assert [h.action for h in request_with_notes.history][-2:] == ["add_note", "add_note"]


def test_edit_records_who_and_when(request_with_notes: Request) -> None:
    first = request_with_notes.notes[0]
    edited = notes.edit_note(request_with_notes, first.id, "Very fragile spine", "manager1")
    note = notes.get_note(edited, first.id)
    assert (note.text, note.updated_by, note.created_by) == ("Very fragile spine", "manager1", "operator1")
    assert note.updated_at is not None


def test_delete_and_unknown_note(request_with_notes: Request) -> None:
    first = request_with_notes.notes[0]
    remaining = notes.delete_note(request_with_notes, first.id, "operator1")
    assert [n.id for n in remaining.notes] == [request_with_notes.notes[1].id]
    with pytest.raises(NotFound):
        notes.delete_note(remaining, first.id, "operator1")


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("SPINE", None, ["Fragile spine"]),
        ("manager", None, ["Colour plates on p. 40"]),
        ("manager", NoteField.NOTE, []),
        ("operator1", NoteField.CREATED_BY, ["Fragile spine"]),
        ("operator1", NoteField.UPDATED_BY, []),
        (None, None, ["Fragile spine", "Colour plates on p. 40"]),
    ],
)
def test_find(
    request_with_notes: Request, text: str | None, field: NoteField | None, expected: list[str]
) -> None:
    assert [n.text for n in notes.find_notes(request_with_notes.notes, text, field)] == expected
