"""Letter templates: the wording of each notification letter; list, view (with the shipped wording),
customize, restore, and the change history."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from digitization.api.history import DESCRIPTION, Limit, NextToken, history_page
from digitization.api.versions import StartedFromQuery
from digitization.domain.history import HistoryPage
from digitization.http import NO_CONTENT, caller, entrypoint, make_app
from digitization.service import letter_templates as service
from digitization.service.letter_templates import LetterTemplateView, LetterWording

router = Router()
TAGS = ["Letter templates"]


@router.get(
    "/letter-templates",
    summary="The wording of every notification letter",
    description="Each letter (approved, rejected, cancelled, expired, delivered by attachment, by link, to the "
    "repository) with its subject and text in force, the shipped wording, its language sections and the "
    "placeholders it may use. Staff.",
    tags=TAGS,
)
def list_letter_templates() -> list[LetterTemplateView]:
    return service.list_all(caller(router))


@router.get(
    "/letter-templates/<kind>",
    summary="One letter's wording (also the shipped wording)",
    description="`kind`: approved, rejected, cancelled, expired, delivered_attachment, delivered_link, "
    "added_to_repository. Staff.",
    tags=TAGS,
)
def get_letter_template(kind: str) -> LetterTemplateView:
    return service.get(caller(router), kind)


@router.put(
    "/letter-templates/<kind>",
    summary="Word a letter",
    description="Plain text (HTML tags are refused) with placeholders such as `{title}`, `{link}`, `{reason}`, "
    "`{views}`, `{expires}` (each letter lists its own; `{{` and `}}` are braces; any other placeholder is a "
    "422); language sections start with a `--fr--` line, and a letter goes out in the requester's "
    "language (their directory `locale`) with the same fallback as declarations. The subject is one line "
    "per section. Fulfillment administrators.",
    tags=TAGS,
)
def customize_letter_template(kind: str, body: LetterWording) -> LetterTemplateView:
    return service.customize(caller(router), kind, body)


@router.delete(
    "/letter-templates/<kind>",
    summary="Restore a letter's shipped wording",
    description="Back to the shipped subject and text. Fulfillment administrators.",
    tags=TAGS,
    responses=NO_CONTENT,
)
def restore_letter_template(kind: str, version: StartedFromQuery = None) -> Response[Any]:
    service.restore(caller(router), kind, version)
    return Response(status_code=204)


@router.get(
    "/letter-templates/<kind>/history",
    summary="A letter's change history",
    description=DESCRIPTION + " A restore shows the shipped wording as the new value.",
    tags=TAGS,
)
def letter_template_history(kind: str, limit: Limit = 25, next_token: NextToken = None) -> HistoryPage:
    return history_page(service.history(caller(router), kind, limit, next_token))


app = make_app(router)
lambda_handler = entrypoint(app, xray=False)
