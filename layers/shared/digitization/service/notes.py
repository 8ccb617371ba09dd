"""Notes on a request (SPEC §3.3), for staff."""

from __future__ import annotations

from digitization.auth import Caller
from digitization.data.repositories import repositories
from digitization.domain import limits, notes
from digitization.domain.requests import Note
from digitization.observability import count
from digitization.service.mutation import mutate


def add(caller: Caller, request_id: str, text: str) -> Note:
    caller.require_staff()
    note = notes.new_note(text, caller.username)
    mutate(request_id, lambda request: notes.add_note(request, note), transition=False, adds="text")
    count("NoteAdded")
    return note


def find(caller: Caller, request_id: str, text: str | None, field: notes.NoteField | None) -> list[Note]:
    caller.require_staff()
    request = repositories().requests.get(request_id)
    return notes.find_notes(request.notes, text, field)


def edit(caller: Caller, request_id: str, note_id: str, text: str) -> Note:
    caller.require_staff()
    request = mutate(
        request_id,
        lambda current: notes.edit_note(current, note_id, text, caller.username),
        transition=False,
        adds="text",
    )
    count("NoteEdited")
    return notes.get_note(request, note_id)


def delete(caller: Caller, request_id: str, note_id: str) -> None:
    caller.require_staff()
    mutate(
        request_id,
        lambda request: notes.delete_note(request, note_id, caller.username),
        transition=False,
        adds="note_id",
        budget=limits.WORKFLOW_BUDGET_BYTES,  # its history line may outweigh a short note
    )
    count("NoteDeleted")
