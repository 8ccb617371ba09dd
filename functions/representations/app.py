"""The viewer of a digital object: the access answer, the declaration to accept, the file link."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.http import entrypoint, errors, make_app
from digitization.patrons import patron_from_event
from digitization.service import representations as service
from digitization.service.representations import FileLink, RepresentationView

router = Router()
TAGS = ["Digital objects"]


@router.get(
    "/representations/<id>",
    summary="A digital object, as the caller may use it",
    description="Whether the caller may view and download it (the first enabled matching rule of its "
    "access-rights policy, else the policy's default rule; with no policy the setting "
    "`access_right_default_policy`), the copyright declaration in the caller's language "
    "(`Accept-Language`) and whether it must be accepted first, the denied note when denied. "
    "Starts the caller's concurrent-user session when a rule limits concurrent users.",
    tags=TAGS,
)
def view(id: str) -> RepresentationView:
    return service.view(patron_from_event(router.current_event.raw_event), id)


@router.post(
    "/representations/<id>/accept-declaration",
    summary="Accept the copyright declaration of a digital object",
    description="Needed before the files of an object whose policy has an obtrusive declaration; valid "
    "for a day and for the declaration's current wording.",
    tags=TAGS,
)
def accept_declaration(id: str) -> RepresentationView:
    return service.accept_declaration(patron_from_event(router.current_event.raw_event), id)


@router.get(
    "/representations/<id>/files/<file_id>",
    summary="A short-lived link to one file of a digital object",
    description="403 with the denied note when access is denied; 409 until an obtrusive declaration is "
    "accepted; a view-only (inline) link when download is not allowed, an attachment otherwise.",
    tags=TAGS,
    responses=errors(409),
)
def file_link(id: str, file_id: str) -> FileLink:
    return service.file_link(patron_from_event(router.current_event.raw_event), id, file_id)


app = make_app(router)
lambda_handler = entrypoint(app, xray=True)
