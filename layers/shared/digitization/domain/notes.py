"""Notes on a request (SPEC §3.3): add, edit, delete, find."""

from __future__ import annotations

from enum import StrEnum

from digitization.clock import iso, utcnow
from digitization.domain.lifecycle import record
from digitization.domain.requests import Note, Request, new_id
from digitization.errors import NotFound


class NoteField(StrEnum):
    NOTE = "note"
    CREATED_BY = "created_by"
    UPDATED_BY = "updated_by"


def new_note(text: str, by: str) -> Note:
    return Note(id=new_id(), text=text, created_by=by, created_at=iso(utcnow()))


def add_note(request: Request, note: Note) -> Request:
    changed = request.model_copy(deep=True)
    changed.notes.append(note)
    return record(changed, by=note.created_by, action="add_note", details={"note_id": note.id})


def edit_note(request: Request, note_id: str, text: str, by: str) -> Request:
    changed = request.model_copy(deep=True)
    note = get_note(changed, note_id)
    note.text = text
    note.updated_by = by
    note.updated_at = iso(utcnow())
    return record(changed, by=by, action="edit_note", details={"note_id": note.id})


def delete_note(request: Request, note_id: str, by: str) -> Request:
    changed = request.model_copy(deep=True)
    changed.notes.remove(get_note(changed, note_id))
    return record(changed, by=by, action="delete_note", details={"note_id": note_id})


def find_notes(notes: list[Note], text: str | None, field: NoteField | None) -> list[Note]:
    """Notes whose note text, creator or updater contains ``text`` (case-insensitive)."""
    if not text:
        return list(notes)
    needle = text.casefold()
    fields = [field] if field else list(NoteField)

    def haystacks(note: Note) -> list[str]:
        values = {
            NoteField.NOTE: note.text,
            NoteField.CREATED_BY: note.created_by,
            NoteField.UPDATED_BY: note.updated_by,
        }
        return [values[f] or "" for f in fields]

    return [note for note in notes if any(needle in value.casefold() for value in haystacks(note))]


def get_note(request: Request, note_id: str) -> Note:
    for note in request.notes:
        if note.id == note_id:
            return note
    raise NotFound(f"no note {note_id} on request {request.id}", field="note_id")
