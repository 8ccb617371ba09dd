"""Notes on a request: add, list/find, edit, delete."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from digitization.domain.commands import NoteText
from digitization.domain.notes import NoteField
from digitization.domain.requests import Note
from digitization.http import JSON, NO_CONTENT, caller, entrypoint, make_app
from digitization.service import notes as service

router = Router()


@router.post(
    "/requests/<id>/notes",
    summary="Add a note",
    description="A staff note on the request; patrons never see notes. Staff.",
    tags=["Notes"],
    responses={201: {"description": "Created", "content": {JSON: {"model": Note}}}},
)
def add_note(id: str, body: NoteText) -> Response[Any]:
    note = service.add(caller(router), id, body.text)
    return Response(status_code=201, content_type=JSON, body=note.model_dump_json())


@router.get(
    "/requests/<id>/notes",
    summary="List or find notes",
    description="With `find`, only notes whose text, creator or updater contains it (case-insensitive); "
    "`field` narrows the search to one of note, created_by, updated_by.",
    tags=["Notes"],
)
def list_notes(
    id: str,
    find: Annotated[str | None, Query(max_length=200)] = None,
    field: Annotated[NoteField | None, Query()] = None,
) -> list[Note]:
    return service.find(caller(router), id, find, field)


@router.patch(
    "/requests/<id>/notes/<note_id>",
    summary="Edit a note",
    description="Change the text of a note; the editor and time are recorded. Staff.",
    tags=["Notes"],
)
def edit_note(id: str, note_id: str, body: NoteText) -> Note:
    return service.edit(caller(router), id, note_id, body.text)


@router.delete(
    "/requests/<id>/notes/<note_id>",
    summary="Delete a note",
    description="Remove a note. Staff.",
    tags=["Notes"],
    responses=NO_CONTENT,
)
def delete_note(id: str, note_id: str) -> Response[Any]:
    service.delete(caller(router), id, note_id)
    return Response(status_code=204)


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
